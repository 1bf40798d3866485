//! Delivery of the passport by post (`/v1/applications/{id}/delivery`) and its hand-over to
//! the courier (`POST /v1/office/applications/{id}/dispatch`): the fee in the quote and in
//! the amount due when chosen before payment, paid on delivery when chosen after; offices
//! that do not deliver refuse; the ready passport is handed to PT Pos Indonesia once with
//! its tracking number (eight officers at once: one dispatch row), which the applicant sees
//! and is told; hostile addresses are refused field by field and store nothing; lesser
//! roles and others' applications are refused.

use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto as Status, AuditPage, DeliveryDto, DeliveryFeePaymentDto,
    OfficeDto, PassportDto, PassportPage, PassportStatusDto, QuoteDto, ReceiptDto, TariffItemDto,
    TokenPairDto,
};
use paspor_persistence::schema::{application_deliveries, passport_dispatches};
use reqwest::Method;
use serde_json::{Value, json};

use crate::office_issuance::{set_wib_midnight, wait_for_status};
use crate::support::*;

/// The delivery fee of the built-in tariff schedules.
const FEE: i64 = 35_000;

/// Makassar (WITA): a seed office that delivers; Jayapura (WIT) does not.
const JAYAPURA: &str = "0193a000-0000-7000-8000-000000000004";

fn address() -> Value {
    json!({
        "recipient_name": "Budi Santoso",
        "phone": "0812-3456-7890",
        "address_line1": "Jl. Mentok No. 5, RT 02/RW 03",
        "address_line2": "Kel. Bukit Intan",
        "city": "Pangkalpinang",
        "province": "Kepulauan Bangka Belitung",
        "postal_code": "33128"
    })
}

fn delivery_of(id: &str) -> String {
    format!("/v1/applications/{id}/delivery")
}

async fn application(app: &TestApp, tokens: &TokenPairDto, id: &str) -> ApplicationDto {
    app.send(
        Method::GET,
        &format!("/v1/applications/{id}"),
        None,
        Some(access(tokens)),
    )
    .await
    .parse()
}

/// How many deliveries and dispatches are stored.
fn stored(app: &TestApp) -> (i64, i64) {
    let mut conn = app.pool().get().expect("a connection");
    let deliveries = application_deliveries::table
        .count()
        .get_result(&mut *conn)
        .expect("the deliveries");
    let dispatches = passport_dispatches::table
        .count()
        .get_result(&mut *conn)
        .expect("the dispatches");
    (deliveries, dispatches)
}

/// Issues the approved application `id` and lets the collection job make it ready.
async fn ready(app: &TestApp, email: &str, id: &str) {
    let officer = app
        .staff(
            "penerbit@imigrasi.example",
            Role::Officer,
            Some(SEED_OFFICE_ID),
        )
        .await;
    let issued = app
        .post(
            &format!("/v1/office/applications/{id}/issuance"),
            &json!({}),
            Some(access(&officer)),
        )
        .await;
    assert_eq!(issued.status, 201, "{:#}", issued.json);
    set_wib_midnight(app, "2026-12-01");
    wait_for_status(app, email, id, Status::Ready).await;
}

async fn dispatch(app: &TestApp, tokens: &TokenPairDto, id: &str, tracking: &str) -> Answer {
    app.post(
        &format!("/v1/office/applications/{id}/dispatch"),
        &json!({"courier": "pos_indonesia", "tracking_number": tracking}),
        Some(access(tokens)),
    )
    .await
}

on_both_backends! {
    async fn delivery_chosen_before_payment_is_billed_and_the_passport_is_sent_by_post(app) {
        let email = "warga@example.com";
        let tokens = app.applicant(email).await;

        // The office says it delivers; the quote adds the fee as a line of its own.
        let office: OfficeDto = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await.parse();
        assert!(office.delivers_by_post);
        let quote = |delivery: bool| format!(
            "/v1/quote?passport_kind=electronic&service=regular&application_kind=new&office_id={SEED_OFFICE_ID}&delivery={delivery}"
        );
        let plain: QuoteDto = app.get(&quote(false)).await.parse();
        let delivered: QuoteDto = app.get(&quote(true)).await.parse();
        assert_eq!(delivered.total, plain.total + FEE);
        let line = delivered.items.last().expect("a line");
        assert_eq!((line.code, line.amount), (TariffItemDto::PostalDelivery, FEE));

        let (id, billing_code) = book_new(&app, &tokens, &nth_nik(1)).await;
        let due_before = application(&app, &tokens, &id).await.booking.expect("a booking").amount;
        let chosen = app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&tokens))).await;
        assert_eq!(chosen.status, 200, "{:#}", chosen.json);
        let chosen: DeliveryDto = chosen.parse();
        assert_eq!((chosen.fee, chosen.fee_payment), (FEE, DeliveryFeePaymentDto::WithApplicationFee));
        assert_eq!(chosen.amount_due, Some(due_before + FEE));
        assert_eq!(chosen.province, "Kepulauan Bangka Belitung");
        // The billing code asks for the fee too; choosing again changes only the address.
        let mut moved = address();
        moved["city"] = json!("Sungailiat");
        let again = app.send(Method::PUT, &delivery_of(&id), Some(&moved), Some(access(&tokens))).await;
        assert_eq!(again.status, 200, "{:#}", again.json);
        let again: DeliveryDto = again.parse();
        assert_eq!((again.city.as_str(), again.amount_due), ("Sungailiat", Some(due_before + FEE)));
        assert_eq!(application(&app, &tokens, &id).await.booking.expect("a booking").amount, due_before + FEE);

        // Paid with the fee: going back to collection is refused from then on.
        pay(&app, &billing_code).await;
        app.send(Method::DELETE, &delivery_of(&id), None, Some(access(&tokens))).await.problem(409);
        let shown: DeliveryDto = app.send(Method::GET, &delivery_of(&id), None, Some(access(&tokens))).await.parse();
        assert_eq!((shown.amount_due, shown.fee_payment), (None, DeliveryFeePaymentDto::WithApplicationFee));
        // The receipt lists the fee as a line of its own, adding up to what was paid.
        let receipt: ReceiptDto = app
            .request(Method::GET, &format!("/v1/applications/{id}/receipt"), &[("authorization", &format!("Bearer {}", access(&tokens))), ("accept", "application/json")])
            .await
            .parse();
        let last = receipt.items.last().expect("a line");
        assert_eq!((last.code, last.amount), (Some(TariffItemDto::PostalDelivery), FEE));
        assert_eq!(receipt.items.iter().map(|item| item.amount).sum::<i64>(), due_before + FEE);

        // Ready at the office, then handed to the courier with its tracking number.
        approve(&app, &id);
        ready(&app, email, &id).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let bad = dispatch(&app, &officer, &id, "P26 12").await;
        bad.problem(400);
        assert_eq!(bad.error_fields(), ["tracking_number"]);
        let sent = dispatch(&app, &officer, &id, "P2612010012345").await;
        assert_eq!(sent.status, 200, "{:#}", sent.json);
        let sent: PassportDto = sent.parse();
        assert_eq!(sent.status, PassportStatusDto::Collected);
        let courier = sent.dispatch.expect("a dispatch");
        assert_eq!(courier.tracking_number, "P2612010012345");
        assert_eq!(courier.at, app.clock.now());
        assert!(sent.hand_over.is_none());
        dispatch(&app, &officer, &id, "P2612010099999").await.problem(409);
        assert_eq!(stored(&app), (1, 1));

        // The applicant sees it on the passport and the delivery, and is told.
        let tokens = app.login(email, PASSWORD).await;
        let passports: PassportPage = app.send(Method::GET, "/v1/passports", None, Some(access(&tokens))).await.parse();
        let seen = passports.items[0].dispatch.as_ref().expect("the dispatch");
        assert_eq!(seen.tracking_number, "P2612010012345");
        let shown: DeliveryDto = app.send(Method::GET, &delivery_of(&id), None, Some(access(&tokens))).await.parse();
        assert_eq!(shown.dispatch.expect("the dispatch").tracking_number, "P2612010012345");
        assert_eq!(application(&app, &tokens, &id).await.status, Status::Collected);
        let mail = eventually("the dispatch email", || {
            app.emails_to(email).into_iter().find(|mail| mail["subject"] == "Your passport is on its way by post")
        })
        .await;
        let body = mail["body"].as_str().unwrap();
        assert!(body.contains("P2612010012345") && body.contains("Sungailiat"), "{body}");

        // Audited; a delivery can no longer be changed.
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let trail: AuditPage = app
            .send(Method::GET, "/v1/office/audit?action=passport.dispatch", None, Some(access(&admin)))
            .await
            .parse();
        assert_eq!(trail.items.len(), 1);
        app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&tokens))).await.problem(409);
    }
}

on_both_backends! {
    async fn delivery_chosen_after_payment_is_paid_on_delivery_and_can_be_dropped_before(app) {
        let tokens = app.applicant("warga@example.com").await;
        let (id, billing_code) = book_new(&app, &tokens, &nth_nik(1)).await;
        // Chosen and dropped before payment: the amount due goes back to what it was.
        let due = application(&app, &tokens, &id).await.booking.expect("a booking").amount;
        let chosen = app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&tokens))).await;
        assert_eq!(chosen.status, 200, "{:#}", chosen.json);
        let dropped = app.send(Method::DELETE, &delivery_of(&id), None, Some(access(&tokens))).await;
        assert_eq!(dropped.status, 204, "{:#}", dropped.json);
        assert_eq!(application(&app, &tokens, &id).await.booking.expect("a booking").amount, due);
        app.send(Method::GET, &delivery_of(&id), None, Some(access(&tokens))).await.problem(404);

        // After payment: the fee is paid to the courier; dropping it is allowed.
        pay(&app, &billing_code).await;
        let chosen: DeliveryDto = app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&tokens))).await.parse();
        assert_eq!((chosen.fee_payment, chosen.amount_due), (DeliveryFeePaymentDto::OnDelivery, None));
        let dropped = app.send(Method::DELETE, &delivery_of(&id), None, Some(access(&tokens))).await;
        assert_eq!(dropped.status, 204, "{:#}", dropped.json);

        // A draft is not booked yet: delivery comes with the booking.
        let applicant = add_applicant(&app, &tokens, &nth_nik(2)).await;
        let draft_id = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await.parse::<ApplicationDto>().id;
        app.send(Method::PUT, &delivery_of(&draft_id), Some(&address()), Some(access(&tokens))).await.problem(409);

        // The office must deliver: Jayapura does not, and says so in the quote too.
        let quote = format!(
            "/v1/quote?passport_kind=non_electronic&service=regular&application_kind=new&office_id={JAYAPURA}&delivery=true"
        );
        assert_eq!(app.get(&quote).await.problem(422).status, 422);
        let office: OfficeDto = app.get(&format!("/v1/offices/{JAYAPURA}")).await.parse();
        assert!(!office.delivers_by_post);
    }
}

on_both_backends! {
    async fn hostile_addresses_are_refused_field_by_field_and_store_nothing(app) {
        let tokens = app.applicant("warga@example.com").await;
        let (id, _) = book_new(&app, &tokens, &nth_nik(1)).await;
        let with = |field: &str, value: Value| {
            let mut body = address();
            body[field] = value;
            body
        };
        for (body, field) in [
            (with("province", json!("Narnia")), "province"),
            (with("province", json!("jawa barat")), "province"),
            (with("postal_code", json!("3312")), "postal_code"),
            (with("postal_code", json!("33l28")), "postal_code"),
            (with("phone", json!("12")), "phone"),
            (with("recipient_name", json!("Budi\u{0}Santoso")), "recipient_name"),
            (with("address_line1", json!("Jl.\u{1b}[31m")), "address_line1"),
            (with("address_line2", json!("a".repeat(10 * 1024))), "address_line2"),
            (with("city", json!("   ")), "city"),
        ] {
            let refused = app.send(Method::PUT, &delivery_of(&id), Some(&body), Some(access(&tokens))).await;
            refused.problem(400);
            assert_eq!(refused.error_fields(), [field], "{body}");
        }
        for body in [
            with("postal_code", json!(33128)),
            with("extra", json!("x")),
            json!({"recipient_name": "Budi"}),
            json!("Jl. Mentok"),
        ] {
            app.send(Method::PUT, &delivery_of(&id), Some(&body), Some(access(&tokens))).await.problem(400);
        }
        assert_eq!(stored(&app), (0, 0));
        app.send(Method::GET, &delivery_of(&id), None, Some(access(&tokens))).await.problem(404);
    }
}

on_both_backends! {
    async fn others_and_lesser_roles_are_refused(app) {
        let email = "warga@example.com";
        let tokens = app.applicant(email).await;
        let id = paid_application(&app, &tokens, &nth_nik(1)).await;
        let stranger = app.applicant("orang.lain@example.com").await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        // Another account's application is absent; staff do not choose for applicants.
        app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&stranger))).await.problem(404);
        app.send(Method::GET, &delivery_of(&id), None, Some(access(&stranger))).await.problem(404);
        app.send(Method::DELETE, &delivery_of(&id), None, Some(access(&stranger))).await.problem(404);
        app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&officer))).await.problem(403);
        app.send(Method::PUT, &delivery_of(&id), Some(&address()), None).await.problem(401);
        app.send(Method::PUT, "/v1/applications/no-such-id/delivery", Some(&address()), Some(access(&tokens))).await.problem(404);

        // Not chosen: no dispatch. An applicant cannot dispatch; another office's officer
        // finds nothing.
        approve(&app, &id);
        ready(&app, email, &id).await;
        let officer = app.login("petugas@imigrasi.example", PASSWORD).await;
        let refused = dispatch(&app, &officer, &id, "P2612010012345").await;
        assert!(refused.problem(409).detail.contains("did not choose"), "{:#}", refused.json);
        let tokens = app.login(email, PASSWORD).await;
        let chosen = app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&tokens))).await;
        assert_eq!(chosen.status, 200, "{:#}", chosen.json);
        dispatch(&app, &tokens, &id, "P2612010012345").await.problem(403);
        let elsewhere = app.staff("petugas.makassar@imigrasi.example", Role::Officer, Some("0193a000-0000-7000-8000-000000000003")).await;
        dispatch(&app, &elsewhere, &id, "P2612010012345").await.problem(404);
        assert_eq!(stored(&app), (1, 0));
    }
}

on_both_backends! {
    async fn eight_dispatches_at_once_hand_the_passport_over_once(app) {
        let email = "warga@example.com";
        let tokens = app.applicant(email).await;
        let id = paid_application(&app, &tokens, &nth_nik(1)).await;
        let chosen = app.send(Method::PUT, &delivery_of(&id), Some(&address()), Some(access(&tokens))).await;
        assert_eq!(chosen.status, 200, "{:#}", chosen.json);
        approve(&app, &id);
        ready(&app, email, &id).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let numbers: Vec<String> = (0..AT_ONCE).map(|n| format!("P26120100{n:05}")).collect();
        let answers = at_once(numbers.iter().map(|number| dispatch(&app, &officer, &id, number))).await;
        let race = split("dispatching", &answers, &[200]);
        assert_eq!(race.done.len(), 1, "{:?}", race.statuses());
        assert!(race.refused.iter().all(|answer| answer.status == 409), "{:?}", race.details());
        assert_eq!(stored(&app), (1, 1));
        let winner: PassportDto = race.done[0].parse();
        let tokens = app.login(email, PASSWORD).await;
        let passports: PassportPage = app.send(Method::GET, "/v1/passports", None, Some(access(&tokens))).await.parse();
        assert_eq!(
            passports.items[0].dispatch.as_ref().map(|d| d.tracking_number.clone()),
            winner.dispatch.map(|d| d.tracking_number)
        );
    }
}
