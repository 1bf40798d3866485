//! Booking and payment: a place for a draft, its billing code, signed payment notices
//! (and all the ways they go wrong), expiry of unpaid bookings, and places never oversold.

use chrono::TimeDelta;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, AvailabilityDto, BookingStateDto, PaymentAckDto,
    PaymentPage, PaymentResultDto, RejectedPaymentNoticePage, TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Answer, DATE, PASSWORD, PAYMENT_SECRET, SEED_OFFICE_ID, TestApp, access, add_applicant, draft,
    instant, notify_raw, nth_nik,
};

async fn session_on(app: &TestApp, date: &str) -> String {
    let answer = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={date}&to={date}"
        ))
        .await;
    answer.parse::<AvailabilityDto>().days[0].sessions[0]
        .id
        .clone()
}

/// The regular places left in the first session of `date` at the seed office.
async fn regular_left(app: &TestApp, date: &str) -> u32 {
    let answer = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={date}&to={date}"
        ))
        .await;
    answer.parse::<AvailabilityDto>().days[0].sessions[0]
        .channels
        .regular
        .remaining
}

/// Where the application of an answer stands.
fn status(answer: &Answer) -> ApplicationStatusDto {
    answer.parse::<ApplicationDto>().status
}

/// The billing code of a booked application's answer.
fn billing_code(answer: &Answer) -> String {
    answer
        .parse::<ApplicationDto>()
        .booking
        .expect("a booking")
        .billing_code
}

/// What became of a payment notice.
fn result(answer: &Answer) -> PaymentResultDto {
    answer.parse::<PaymentAckDto>().result
}

/// A notice signed at `signed_at` with `secret`.
async fn notify_at(app: &TestApp, body: &Value, signed_at: i64, secret: &[u8]) -> Answer {
    notify_raw(app, body.to_string(), signed_at, secret).await
}

/// A signed-in applicant with a draft; returns (tokens, application id).
async fn drafted(app: &TestApp, email: &str, nik: &str) -> (TokenPairDto, String) {
    let tokens = app.applicant(email).await;
    let applicant = add_applicant(app, &tokens, nik).await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    (tokens, created.parse::<ApplicationDto>().id)
}

async fn book(
    app: &TestApp,
    tokens: &TokenPairDto,
    application: &str,
    session: &str,
    date: &str,
) -> Answer {
    app.post(
        &format!("/v1/applications/{application}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": date, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

on_both_backends! {
    async fn a_draft_is_booked_and_paid_by_a_signed_notice(app) {
        let (tokens, id) = drafted(&app, "bayar@example.com", &nth_nik(1)).await;
        let session = session_on(&app, DATE).await;
        let booked = book(&app, &tokens, &id, &session, DATE).await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        let application: ApplicationDto = booked.parse();
        assert_eq!(application.status, ApplicationStatusDto::AwaitingPayment);
        let booking = application.booking.expect("a booking");
        let code = booking.billing_code.clone();
        assert_eq!(code.len(), 15);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(booking.amount, 650_000);
        assert_eq!(booking.state, BookingStateDto::AwaitingPayment);
        assert_eq!(booking.payment_deadline, Some(instant("2026-11-25T05:00:00Z")));
        assert_eq!(booking.date.to_string(), DATE);
        let mail = app.wait_for_emails("bayar@example.com", 2).await;
        assert!(mail[1]["body"].as_str().unwrap().contains(&code));

        let now = app.clock.now().timestamp();
        let notice = json!({"event_id": "evt-1", "billing_code": code, "amount": 650000, "paid_at": "2026-11-25T03:00:00Z"});
        // Unsigned, wrongly signed, and stale notices change nothing.
        let unsigned = app.request_body(Method::POST, "/v1/payments/notifications", notice.to_string(), &[("content-type", "application/json")]).await;
        unsigned.problem(401);
        notify_at(&app, &notice, now, b"not-the-secret-not-the-secret-xx").await.problem(401);
        notify_at(&app, &notice, now - 301, PAYMENT_SECRET).await.problem(401);
        let still = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        assert_eq!(status(&still), ApplicationStatusDto::AwaitingPayment);

        let paid = notify_at(&app, &notice, now, PAYMENT_SECRET).await;
        assert_eq!(paid.status, 200, "{:#}", paid.json);
        assert_eq!(paid.json, json!({"event_id": "evt-1", "result": "applied"}));
        let again = notify_at(&app, &notice, now, PAYMENT_SECRET).await;
        assert_eq!(result(&again), PaymentResultDto::Duplicate);

        let shown = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        let shown: ApplicationDto = shown.parse();
        assert_eq!(shown.status, ApplicationStatusDto::Paid);
        let booking = shown.booking.expect("a booking");
        assert_eq!(booking.state, BookingStateDto::Paid);
        assert_eq!(booking.payment_deadline, None);
        let statuses: Vec<_> = shown.history.iter().map(|h| h.status).collect();
        assert_eq!(
            statuses,
            [ApplicationStatusDto::Draft, ApplicationStatusDto::AwaitingPayment, ApplicationStatusDto::Paid]
        );
        app.wait_for_emails("bayar@example.com", 3).await;

        // A paid place keeps counting after the 2 hours.
        app.clock.advance(TimeDelta::hours(3));
        let tokens = app.login("bayar@example.com", PASSWORD).await;
        let shown = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        assert_eq!(status(&shown), ApplicationStatusDto::Paid);
    }
}

on_both_backends! {
    /// A signed notice is trusted to come from the channel, not to be well formed: each
    /// field is checked before anything is applied or kept as a payment. One that breaks
    /// the contract changes nothing, is refused naming the field, and is kept (bounded,
    /// control characters escaped) for system admins to see.
    async fn a_signed_notice_that_breaks_the_contract_changes_nothing_and_is_kept_apart(app) {
        let (tokens, id) = drafted(&app, "ketat@example.com", &nth_nik(6)).await;
        let session = session_on(&app, DATE).await;
        let booked = book(&app, &tokens, &id, &session, DATE).await;
        let code = billing_code(&booked);
        let now = app.clock.now().timestamp();
        let good = json!({"event_id": "evt-ok", "billing_code": code, "amount": 650000, "paid_at": "2026-11-25T03:00:00Z"});
        let with = |field: &str, value: Value| {
            let mut notice = good.clone();
            notice[field] = value;
            notice
        };
        let cases = [
            (with("event_id", json!("e".repeat(129))), 400, "event_id"),
            (with("event_id", json!("")), 400, "event_id"),
            (with("event_id", json!("evt\u{0}nul")), 400, "event_id"),
            (with("event_id", json!("evt\u{1b}[31m")), 400, "event_id"),
            (with("event_id", json!("evt 1")), 400, "event_id"),
            (with("billing_code", json!("1' OR '1'='1")), 400, "billing_code"),
            (with("billing_code", json!(format!("{code}0"))), 400, "billing_code"),
            (with("amount", json!(0)), 400, "amount"),
            (with("amount", json!(-650_000)), 400, "amount"),
            (with("amount", json!(100_000_001)), 400, "amount"),
            (with("paid_at", json!("1970-01-01T00:00:00Z")), 422, "paid_at"),
            (with("paid_at", json!("2099-01-01T00:00:00Z")), 422, "paid_at"),
            // Six minutes ahead of the server's clock: past the five a channel's may run fast.
            (with("paid_at", json!("2026-11-25T03:06:00Z")), 422, "paid_at"),
        ];
        for (notice, status, field) in &cases {
            let refused = notify_at(&app, notice, now, PAYMENT_SECRET).await;
            assert_eq!(refused.problem(*status).errors.expect("errors")[0].field, *field, "{notice}");
        }
        // Not a notice at all (an object, or the edge refuses it before its signature is
        // looked at): no field to name, kept all the same. A raw NUL byte is kept escaped
        // (PostgreSQL could not store it).
        notify_raw(&app, "{paid: a\u{0}b}".to_owned(), now, PAYMENT_SECRET).await.problem(400);
        // What is kept is bounded, however much was sent (the body's limit is 16 KiB).
        let long = with("event_id", json!("x".repeat(12_000)));
        notify_at(&app, &long, now, PAYMENT_SECRET).await.problem(400);
        // An integrator client sending for the channel is named as the sender.
        let client = app.integrator("kanal-bayar", &["payments:write"]).await;
        let token = app.integrator_token(&client, None).await;
        let from_client = app
            .send(Method::POST, "/v1/payments/notifications", Some(&with("amount", json!(0))), Some(&token))
            .await;
        assert_eq!(from_client.problem(400).errors.expect("errors")[0].field, "amount");

        // Nothing changed: the application awaits payment, and no payment was kept.
        let shown = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        assert_eq!(status(&shown), ApplicationStatusDto::AwaitingPayment);
        let admin = app.system_admin().await;
        for status in ["applied", "unmatched", "amount_mismatch", "settled"] {
            let kept = app.send(Method::GET, &format!("/v1/admin/payments?status={status}"), None, Some(&admin)).await;
            assert_eq!(kept.parse::<PaymentPage>().total, 0, "{status}: {:#}", kept.json);
        }

        // Every refusal is there for an admin, newest first.
        let listed = app
            .send(Method::GET, "/v1/admin/rejected-payment-notices?per_page=100", None, Some(&admin))
            .await;
        assert_eq!(listed.status, 200, "{:#}", listed.json);
        let page: RejectedPaymentNoticePage = listed.parse();
        let items = &page.items;
        assert_eq!(page.total, (cases.len() + 3) as u64, "{:#}", listed.json);
        assert_eq!(items.len(), cases.len() + 3);
        assert_eq!(items[0].sender, format!("integrator:{}", client.id));
        assert_eq!((items[0].status, items[0].field.as_deref()), (400, Some("amount")));
        let long_kept = &items[1];
        assert_eq!(long_kept.field.as_deref(), Some("event_id"));
        assert_eq!(long_kept.body_bytes, long.to_string().len() as u64);
        assert!(long_kept.body.len() <= 2048, "{long_kept:#?}");
        let raw_kept = &items[2];
        assert_eq!(raw_kept.field, None);
        assert_eq!(raw_kept.status, 400);
        assert!(raw_kept.body.contains("a\\u{0}b"), "{raw_kept:#?}");
        for (item, (notice, status, field)) in items[3..].iter().zip(cases.iter().rev()) {
            assert_eq!(item.sender, "signature");
            assert_eq!(item.status, *status);
            assert_eq!(item.field.as_deref(), Some(*field));
            assert!(!item.reason.is_empty());
            assert_eq!(item.body, notice.to_string(), "{item:#?}");
        }
        // For system admins only.
        app.send(Method::GET, "/v1/admin/rejected-payment-notices", None, Some(access(&tokens)))
            .await
            .problem(403);

        // The same notice, within the contract, is applied.
        let paid = notify_at(&app, &good, now, PAYMENT_SECRET).await;
        assert_eq!(paid.json, json!({"event_id": "evt-ok", "result": "applied"}));
    }
}

on_both_backends! {
    async fn an_unpaid_booking_expires_and_a_late_payment_is_kept_for_an_admin(app) {
        let (tokens, id) = drafted(&app, "telat@example.com", &nth_nik(2)).await;
        let session = session_on(&app, DATE).await;
        // The session has one regular place.
        set_regular_capacity(&app, &session, 1);
        let booked = book(&app, &tokens, &id, &session, DATE).await;
        let code = billing_code(&booked);
        let (other, second) = drafted(&app, "berikut@example.com", &nth_nik(3)).await;
        book(&app, &other, &second, &session, DATE).await.problem(409);

        // At the deadline the place is free for another applicant at once.
        app.clock.advance(TimeDelta::hours(2));
        let tokens = app.login("telat@example.com", PASSWORD).await;
        let other = app.login("berikut@example.com", PASSWORD).await;
        let taken = book(&app, &other, &second, &session, DATE).await;
        assert_eq!(taken.status, 200, "{:#}", taken.json);
        let path = format!("/v1/applications/{id}");
        let mut expired: ApplicationDto = app.send(Method::GET, &path, None, Some(access(&tokens))).await.parse();
        for _ in 0..200 {
            if expired.status == ApplicationStatusDto::Expired {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
            expired = app.send(Method::GET, &path, None, Some(access(&tokens))).await.parse();
        }
        assert_eq!(expired.status, ApplicationStatusDto::Expired, "{expired:#?}");
        assert!(expired.booking.is_none(), "{expired:#?}");

        // Paid after expiry: recorded as unmatched, never dropped, visible to an admin.
        let now = app.clock.now().timestamp();
        let late = notify_at(&app, &json!({"event_id": "late-1", "billing_code": code, "amount": 650000, "paid_at": "2026-11-25T05:01:00Z"}), now, PAYMENT_SECRET).await;
        assert_eq!(result(&late), PaymentResultDto::Unmatched);
        let admin = app.staff("admin@imigrasi.example", paspor_domain::account::Role::SystemAdmin, None).await;
        let listed = app.send(Method::GET, "/v1/admin/payments?status=unmatched", None, Some(access(&admin))).await;
        assert_eq!(listed.status, 200, "{:#}", listed.json);
        let listed: PaymentPage = listed.parse();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.items[0].billing_code, code);
        assert_eq!(listed.items[0].application_id.as_deref(), Some(id.as_str()));
    }
}

on_both_backends! {
    async fn a_wrong_amount_is_refused_and_recorded(app) {
        let (tokens, id) = drafted(&app, "kurang@example.com", &nth_nik(4)).await;
        let session = session_on(&app, DATE).await;
        let booked = book(&app, &tokens, &id, &session, DATE).await;
        let code = billing_code(&booked);
        let now = app.clock.now().timestamp();
        let short = notify_at(&app, &json!({"event_id": "short-1", "billing_code": code, "amount": 600000, "paid_at": "2026-11-25T03:05:00Z"}), now, PAYMENT_SECRET).await;
        assert_eq!(short.problem(422).errors.expect("errors")[0].field, "amount");
        let shown = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        assert_eq!(status(&shown), ApplicationStatusDto::AwaitingPayment);
        let admin = app.staff("admin@imigrasi.example", paspor_domain::account::Role::SystemAdmin, None).await;
        let listed = app.send(Method::GET, "/v1/admin/payments?status=amount_mismatch", None, Some(access(&admin))).await;
        assert_eq!(listed.parse::<PaymentPage>().total, 1);
        // The development simulator pays the right amount through the same path.
        let simulated = app.post(&format!("/v1/dev/payments/{code}"), &json!({}), None).await;
        assert_eq!(result(&simulated), PaymentResultDto::Applied, "{:#}", simulated.json);
    }
}

on_both_backends! {
    async fn unreleased_days_full_sessions_and_non_drafts_are_refused(app) {
        let (tokens, id) = drafted(&app, "tolak@example.com", &nth_nik(5)).await;
        // Next week's quota is released on Friday 27 November at 16:00 WIB.
        let later = "2026-12-01";
        let session = session_on(&app, later).await;
        let refused = book(&app, &tokens, &id, &session, later).await;
        assert!(refused.problem(409).detail.contains("2026-11-27T09:00:00"));
        // A session of another date or office is a bad request.
        let today_session = session_on(&app, DATE).await;
        let wrong_date = book(&app, &tokens, &id, &today_session, later).await;
        assert_eq!(wrong_date.error_fields(), ["session_id"]);

        let booked = book(&app, &tokens, &id, &today_session, DATE).await;
        assert_eq!(booked.status, 200);
        book(&app, &tokens, &id, &today_session, DATE).await.problem(409);
        // No longer a draft: it cannot be changed or deleted.
        let path = format!("/v1/applications/{id}");
        app.send(Method::PATCH, &path, Some(&json!({"service": "same_day"})), Some(access(&tokens))).await.problem(409);
        app.send(Method::DELETE, &path, None, Some(access(&tokens))).await.problem(409);
    }
}

on_both_backends! {
    async fn concurrent_bookings_never_exceed_the_capacity(app) {
        let session = session_on(&app, DATE).await;
        set_regular_capacity(&app, &session, 10);
        let drafts = drafts_of(&app, "rush", 40, 1000).await;
        let attempts = drafts.iter().map(|(tokens, id)| book(&app, tokens, id, &session, DATE));
        let answers = futures::future::join_all(attempts).await;
        let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 10, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 190, "{statuses:?}");
        assert_eq!(regular_left(&app, DATE).await, 0);
    }
}

/// Drafts for `accounts` × 5 people (the most an account may apply for), each its own
/// person; returns each with its account's tokens.
async fn drafts_of(
    app: &TestApp,
    prefix: &str,
    accounts: usize,
    first_nik: usize,
) -> Vec<(TokenPairDto, String)> {
    let mut drafts = Vec::new();
    for account in 0..accounts {
        let tokens = app
            .applicant(&format!("{prefix}{account}@example.com"))
            .await;
        for person in 0..5 {
            let applicant =
                add_applicant(app, &tokens, &nth_nik(first_nik + account * 5 + person)).await;
            let created = app
                .post(
                    "/v1/applications",
                    &draft(&applicant),
                    Some(access(&tokens)),
                )
                .await;
            assert_eq!(created.status, 201, "{:#}", created.json);
            drafts.push((tokens.clone(), created.parse::<ApplicationDto>().id));
        }
    }
    drafts
}

/// Sets a session's regular capacity directly, as an office admin will through the API.
fn set_regular_capacity(app: &TestApp, session: &str, places: u32) {
    let pool = app.pool();
    let mut conn = pool.get().unwrap();
    paspor_persistence::sessions::set_capacity(
        &mut conn,
        session,
        paspor_domain::Channel::Regular,
        places,
    )
    .unwrap();
}

/// Two api processes on one PostgreSQL: the places are still never oversold.
#[actix_web::test]
async fn two_servers_on_one_postgres_never_oversell() {
    let Some(database) =
        crate::support::TestDatabase::postgres("two_servers_on_one_postgres_never_oversell")
    else {
        return;
    };
    let first = TestApp::start(database).await;
    let session = session_on(&first, DATE).await;
    set_regular_capacity(&first, &session, 10);
    let drafts = drafts_of(&first, "dua", 40, 2000).await;
    // Started once the accounts exist: its outbox worker would deliver their codes to a mail
    // file of its own.
    let second = TestApp::start_sharing(first.database_url()).await;
    let attempts = drafts.iter().enumerate().map(|(n, (tokens, id))| {
        let server = if n % 2 == 0 { &first } else { &second };
        book(server, tokens, id, &session, DATE)
    });
    let answers = futures::future::join_all(attempts).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        190,
        "{statuses:?}"
    );
}

on_both_backends! {
    async fn a_retried_booking_replays_and_never_books_twice(app) {
        let tokens = app.applicant("ulang@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(300)).await;
        // Creating a draft needs a key; the same key and body replays the first answer.
        let missing = app
            .request_json(Method::POST, "/v1/applications", &draft(&applicant), &[("authorization", &format!("Bearer {}", access(&tokens)))])
            .await;
        assert_eq!(missing.problem(400).errors.expect("errors")[0].field, "idempotency-key");
        let first = app.post_with_key("/v1/applications", &draft(&applicant), Some(access(&tokens)), "draft-1").await;
        assert_eq!(first.status, 201);
        let again = app.post_with_key("/v1/applications", &draft(&applicant), Some(access(&tokens)), "draft-1").await;
        assert_eq!(again.status, 201);
        assert_eq!(again.header("idempotency-replayed"), "true");
        assert_eq!(again.parse::<ApplicationDto>().id, first.parse::<ApplicationDto>().id);
        let mut other = draft(&applicant);
        other["service"] = json!("same_day");
        let reused = app.post_with_key("/v1/applications", &other, Some(access(&tokens)), "draft-1").await;
        assert_eq!(reused.status, 422, "{:#}", reused.json);

        let id = first.parse::<ApplicationDto>().id;
        let session = session_on(&app, DATE).await;
        let path = format!("/v1/applications/{id}/booking");
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session});
        let booked = app.post_with_key(&path, &body, Some(access(&tokens)), "book-1").await;
        let replayed = app.post_with_key(&path, &body, Some(access(&tokens)), "book-1").await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        assert_eq!(billing_code(&replayed), billing_code(&booked));
        assert_eq!(regular_left(&app, DATE).await, 49);
    }
}

on_both_backends! {
    async fn a_full_session_is_answered_without_keeping_the_key(app) {
        let session = session_on(&app, DATE).await;
        set_regular_capacity(&app, &session, 1);
        let (first, first_id) = drafted(&app, "penuh1@example.com", &nth_nik(310)).await;
        let (second, second_id) = drafted(&app, "penuh2@example.com", &nth_nik(311)).await;
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session});
        let booking = |id: &str| format!("/v1/applications/{id}/booking");
        let booked = app.post_with_key(&booking(&first_id), &body, Some(access(&first)), "k").await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);

        let full = app.post_with_key(&booking(&second_id), &body, Some(access(&second)), "try-1").await;
        assert!(full.problem(409).detail.contains("no free place"), "{:#}", full.json);
        // Nothing was kept for the key: once a place is free, a retry with it books.
        set_regular_capacity(&app, &session, 2);
        let retried = app.post_with_key(&booking(&second_id), &body, Some(access(&second)), "try-1").await;
        assert_eq!(retried.status, 200, "{:#}", retried.json);
        assert_eq!(retried.header("idempotency-replayed"), "");
        // That answer is kept: the same key replays it even though the session is full now.
        let replayed = app.post_with_key(&booking(&second_id), &body, Some(access(&second)), "try-1").await;
        assert_eq!(replayed.header("idempotency-replayed"), "true");
        assert_eq!(billing_code(&replayed), billing_code(&retried));
    }
}

/// The development payment simulator does not exist in production: the path itself is
/// unknown there, while in development it is the billing code that is.
#[actix_web::test]
async fn the_payment_simulator_is_absent_in_production() {
    let path = "/v1/dev/payments/123456789012345";
    let development = TestApp::start(crate::support::TestDatabase::sqlite()).await;
    let unknown_code = development.post(path, &json!({}), None).await;
    assert!(unknown_code.problem(404).detail.contains("no booking"));
    let production = TestApp::start_with(crate::support::TestDatabase::sqlite(), |config| {
        config.environment = paspor_api::Environment::Production;
    })
    .await;
    let absent = production.post(path, &json!({}), None).await;
    assert!(
        absent.problem(404).detail.contains("no resource at"),
        "{:#}",
        absent.json
    );
}

on_both_backends! {
    async fn a_refused_booking_keeps_nothing_for_its_key(app) {
        let (tokens, id) = drafted(&app, "tolak@example.com", &nth_nik(320)).await;
        let session = session_on(&app, DATE).await;
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session});
        let path = format!("/v1/applications/{id}/booking");
        let booked = app.post_with_key(&path, &body, Some(access(&tokens)), "first").await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);

        // Refused in the booking's own transaction (no longer a draft): rolled back with
        // the key, so the same key is judged afresh, not replayed.
        for _ in 0..2 {
            let again = app.post_with_key(&path, &body, Some(access(&tokens)), "second").await;
            assert!(again.problem(409).detail.contains("only a draft"), "{:#}", again.json);
            assert_eq!(again.header("idempotency-replayed"), "");
        }
        // The booking's answer is kept with the booking, byte for byte.
        let replayed = app.post_with_key(&path, &body, Some(access(&tokens)), "first").await;
        assert_eq!(replayed.header("idempotency-replayed"), "true");
        assert_eq!(replayed.header("content-type"), "application/json");
        assert_eq!(replayed.json, booked.json);
        let other = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": "another"});
        let reused = app.post_with_key(&path, &other, Some(access(&tokens)), "first").await;
        assert!(reused.problem(422).detail.contains("different request"), "{:#}", reused.json);
    }
}

on_both_backends! {
    async fn requests_sent_at_once_with_one_key_book_once(app) {
        let (tokens, id) = drafted(&app, "serentak@example.com", &nth_nik(330)).await;
        let session = session_on(&app, DATE).await;
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session});
        let path = format!("/v1/applications/{id}/booking");
        let answers = futures::future::join_all(
            (0..6).map(|_| app.post_with_key(&path, &body, Some(access(&tokens)), "once")),
        )
        .await;
        let booked: Vec<_> = answers.iter().filter(|a| a.status == 200).collect();
        assert!(!booked.is_empty(), "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
        for answer in &answers {
            match answer.status.as_u16() {
                200 => assert_eq!(billing_code(answer), billing_code(booked[0])),
                // Its twin was still being answered: told to retry, which replays.
                409 => {
                    assert!(answer.problem(409).detail.contains("still being processed"), "{:#}", answer.json);
                    assert_eq!(answer.header("retry-after"), "1");
                }
                other => panic!("{other}: {:#}", answer.json),
            }
        }
        let retried = app.post_with_key(&path, &body, Some(access(&tokens)), "once").await;
        assert_eq!(retried.header("idempotency-replayed"), "true");
        assert_eq!(billing_code(&retried), billing_code(booked[0]));
        assert_eq!(regular_left(&app, DATE).await, 49);
    }
}
