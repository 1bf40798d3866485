//! The limits that hold brokers back, through the API: a person whose bookings lapse
//! unpaid or are cancelled twice within 30 days waits a week; an account holds so many
//! places awaiting payment at once and makes so many bookings of one release; a system
//! admin reads and changes the limits, each change audited.

use chrono::TimeDelta;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, AuditPage, AvailabilityDto, BookingChallengeDto,
    TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

const LIMITS: &str = "/v1/admin/booking-limits";

/// A new draft of the signed-in applicant for the person `applicant`; its id.
async fn new_draft(app: &TestApp, tokens: &TokenPairDto, applicant: &str) -> String {
    let created = app
        .post("/v1/applications", &draft(applicant), Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    created.parse::<ApplicationDto>().id
}

/// Books draft `id` in the first session of [`DATE`]; the answer.
async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str) -> Answer {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    let session = days.parse::<AvailabilityDto>().days[0].sessions[0]
        .id
        .clone();
    app.post(
        &format!("/v1/applications/{id}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

async fn cancel(app: &TestApp, tokens: &TokenPairDto, id: &str) {
    let cancelled = app
        .post(
            &format!("/v1/applications/{id}/cancel"),
            &json!({}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(
        cancelled.parse::<ApplicationDto>().status,
        ApplicationStatusDto::Cancelled,
        "{:#}",
        cancelled.json
    );
}

async fn set_limits(app: &TestApp, admin: &TokenPairDto, limits: Value) -> Answer {
    app.send(Method::PUT, LIMITS, Some(&limits), Some(access(admin)))
        .await
}

fn limits(lapses: u32, holds: u32, per_release: u32) -> Value {
    json!({
        "lapses_before_cooldown": lapses, "lapse_window_days": 30, "cooldown_days": 7,
        "holds_per_account": holds, "bookings_per_release": per_release
    })
}

on_both_backends! {
    async fn a_person_whose_bookings_lapse_or_are_cancelled_twice_waits_a_week(app) {
        let email = "calo@example.com";
        let tokens = app.applicant(email).await;
        let person = add_applicant(&app, &tokens, &nth_nik(1)).await;

        // Booked and cancelled.
        let first = new_draft(&app, &tokens, &person).await;
        assert_eq!(book(&app, &tokens, &first).await.status, 200);
        cancel(&app, &tokens, &first).await;
        // Booked and left unpaid past its 2 hours: the expiry job marks it.
        let second = new_draft(&app, &tokens, &person).await;
        assert_eq!(book(&app, &tokens, &second).await.status, 200);
        app.clock.advance(TimeDelta::hours(2) + TimeDelta::minutes(1));
        let tokens = app.login(email, PASSWORD).await;
        let mut expired = false;
        for _ in 0..500 {
            let read = app.send(Method::GET, &format!("/v1/applications/{second}"), None, Some(access(&tokens))).await;
            if read.parse::<ApplicationDto>().status == ApplicationStatusDto::Expired {
                expired = true;
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(expired, "the expiry job marks the lapsed booking");

        // The third waits a week from the last lapse.
        let third = new_draft(&app, &tokens, &person).await;
        let refused = book(&app, &tokens, &third).await;
        let detail = refused.problem(429).detail;
        assert!(detail.contains("2 times within 30 days"), "{detail}");
        let wait: i64 = refused.header("retry-after").parse().unwrap();
        assert!((6 * 86_400..=7 * 86_400).contains(&wait), "{wait}");
        // Another person of the same account is not held back.
        let other = add_applicant(&app, &tokens, &nth_nik(2)).await;
        let theirs = new_draft(&app, &tokens, &other).await;
        assert_eq!(book(&app, &tokens, &theirs).await.status, 200);

        // A system admin switches the rule off: the third books.
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let shown = app.send(Method::GET, LIMITS, None, Some(access(&admin))).await;
        assert_eq!(shown.json, limits(2, 5, 10), "the defaults");
        let set = set_limits(&app, &admin, limits(0, 5, 10)).await;
        assert_eq!(set.json, limits(0, 5, 10), "{:#}", set.json);
        assert_eq!(book(&app, &tokens, &third).await.status, 200);
        let trail = app
            .send(Method::GET, "/v1/office/audit?action=booking_limits.update", None, Some(access(&admin)))
            .await;
        assert_eq!(trail.parse::<AuditPage>().items.len(), 1, "{:#}", trail.json);
    }
}

on_both_backends! {
    async fn an_account_holds_so_many_places_awaiting_payment_at_once(app) {
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        assert_eq!(set_limits(&app, &admin, limits(2, 2, 10)).await.status, 200);
        let tokens = app.applicant("keluarga@example.com").await;
        let mut drafts = Vec::new();
        for n in 1..=3 {
            let person = add_applicant(&app, &tokens, &nth_nik(n)).await;
            drafts.push(new_draft(&app, &tokens, &person).await);
        }
        let first = book(&app, &tokens, &drafts[0]).await;
        assert_eq!(book(&app, &tokens, &drafts[1]).await.status, 200);
        let refused = book(&app, &tokens, &drafts[2]).await;
        assert!(refused.problem(429).detail.contains("awaiting payment"));
        let wait: i64 = refused.header("retry-after").parse().unwrap();
        assert!((7_000..=7_200).contains(&wait), "until the first hold lapses: {wait}");
        // Paid, a hold no longer waits: the third books.
        pay(&app, &first.parse::<ApplicationDto>().booking.expect("a booking").billing_code).await;
        assert_eq!(book(&app, &tokens, &drafts[2]).await.status, 200);
    }
}

on_both_backends! {
    async fn an_account_makes_so_many_bookings_of_one_release(app) {
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        assert_eq!(set_limits(&app, &admin, limits(0, 5, 2)).await.status, 200);
        let tokens = app.applicant("borong@example.com").await;
        let person = add_applicant(&app, &tokens, &nth_nik(1)).await;
        for _ in 0..2 {
            let id = new_draft(&app, &tokens, &person).await;
            assert_eq!(book(&app, &tokens, &id).await.status, 200);
            cancel(&app, &tokens, &id).await;
        }
        // Cancelled ones count: the third of this release is refused for good.
        let id = new_draft(&app, &tokens, &person).await;
        let refused = book(&app, &tokens, &id).await;
        assert!(refused.problem(422).detail.contains("this release"));
        assert_eq!(refused.header("retry-after"), "");
    }
}

on_both_backends! {
    async fn only_a_system_admin_sets_the_limits_and_only_within_their_bounds(app) {
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let refused = set_limits(&app, &admin, limits(2, 0, 10)).await;
        refused.problem(400);
        assert_eq!(refused.error_fields(), ["holds_per_account"]);
        let mut unknown = limits(2, 5, 10);
        unknown["extra"] = json!(1);
        set_limits(&app, &admin, unknown).await.problem(400);
        let office_admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        set_limits(&app, &office_admin, limits(2, 5, 10)).await.problem(403);
        app.send(Method::GET, LIMITS, None, Some(access(&office_admin))).await.problem(403);
        let shown = app.send(Method::GET, LIMITS, None, Some(access(&admin))).await;
        assert_eq!(shown.json, limits(2, 5, 10), "unchanged");
    }
}

/// With a proof of work asked (a few bits, to be quick here), a booking needs a solved
/// challenge of its own draft. No database rule is involved: SQLite alone.
#[actix_web::test]
async fn a_booking_carries_a_proof_of_work_when_the_operator_asks_for_one() {
    let app = TestApp::start_with(TestDatabase::sqlite(), |config| {
        config.booking_proof_bits = 8;
    })
    .await;
    let tokens = app.applicant("tekun@example.com").await;
    let (mine, other) = (
        new_draft(
            &app,
            &tokens,
            &add_applicant(&app, &tokens, &nth_nik(1)).await,
        )
        .await,
        new_draft(
            &app,
            &tokens,
            &add_applicant(&app, &tokens, &nth_nik(2)).await,
        )
        .await,
    );
    let without = book(&app, &tokens, &mine).await;
    assert!(without.problem(428).detail.contains("booking-challenge"));

    let challenge_of = |id: &str| format!("/v1/applications/{id}/booking-challenge");
    let issued = app
        .send(
            Method::GET,
            &challenge_of(&mine),
            None,
            Some(access(&tokens)),
        )
        .await;
    let issued_challenge: BookingChallengeDto = issued.parse();
    assert_eq!(issued_challenge.bits, 8, "{:#}", issued.json);
    let challenge = issued_challenge.challenge;
    let nonce = paspor_api::booking_proof::solve(&challenge, 8);
    let proof = format!("{challenge}:{nonce}");

    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    let session = days.parse::<AvailabilityDto>().days[0].sessions[0]
        .id
        .clone();
    let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session});
    let bearer = format!("Bearer {}", access(&tokens));
    let with = |id: &str, proof: &str, key: &str| {
        let path = format!("/v1/applications/{id}/booking");
        let headers = [
            ("authorization", bearer.clone()),
            ("idempotency-key", key.to_owned()),
            ("paspor-proof", proof.to_owned()),
        ];
        let app = &app;
        let body = body.clone();
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            app.request_json(Method::POST, &path, &body, &headers).await
        }
    };
    // Another draft's proof does not serve, nor does a nonce that does not solve it.
    with(&other, &proof, "k-1").await.problem(428);
    with(&mine, &format!("{challenge}:not-a-solution-{nonce}"), "k-2")
        .await
        .problem(428);
    let booked = with(&mine, &proof, "k-3").await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);

    // Another account cannot have a challenge for this draft.
    let stranger = app.applicant("orang-lain@example.com").await;
    app.send(
        Method::GET,
        &challenge_of(&mine),
        None,
        Some(access(&stranger)),
    )
    .await
    .problem(404);
}
