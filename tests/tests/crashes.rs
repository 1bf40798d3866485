//! A crash between a keyed write's commit and its answer: the server commits the work and
//! the answer for its `Idempotency-Key` together, then dies before sending it (the test
//! arms a stall at that point and stops the server at once); a new server on the same
//! database answers the client's retry with the original answer, and the work is done
//! once. One test per route that takes a key.

use paspor_domain::account::Role;
use paspor_openapi::TokenPairDto;
use serde_json::{Value, json};

use crate::support::*;

/// Sends `POST path` with `key` and `body` as `token`, lets the server commit it and die
/// before answering, starts a new server on the same database, and sends it again: returns
/// the new server and the retry's answer, which must be the original one replayed.
async fn crash_then_retry(
    app: TestApp,
    path: &str,
    body: &Value,
    token: &str,
    key: &str,
) -> (TestApp, Answer) {
    app.stall.arm();
    let request = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send();
    // Its client gets no answer: the server stops under it.
    let in_flight = actix_web::rt::spawn(request);
    app.stall.committed().await;
    let app = app.crash_and_restart().await;
    in_flight.abort();
    let retry = app.post_with_key(path, body, Some(token), key).await;
    assert_eq!(
        retry.header("idempotency-replayed"),
        "true",
        "{:#}",
        retry.json
    );
    (app, retry)
}

on_both_backends! {
    async fn a_cancel_that_committed_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("batal@example.com").await;
        let id = paid_application(&app, &tokens, &nth_nik(1)).await;
        let path = format!("/v1/applications/{id}/cancel");
        let (app, retry) = crash_then_retry(app, &path, &json!({}), access(&tokens), "cancel-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["status"], "cancelled");
        assert_eq!(retry.json["id"], id.as_str());
        // Cancelled once: one history entry, and a new key is refused as it should be.
        let history = retry.json["history"].as_array().unwrap();
        assert_eq!(history.iter().filter(|entry| entry["status"] == "cancelled").count(), 1);
        let again = app.post_with_key(&path, &json!({}), Some(access(&tokens)), "cancel-2").await;
        assert!(again.problem(409).detail.contains("cancelled"));
    }
}

on_both_backends! {
    async fn a_draft_created_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("draf@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(2)).await;
        let body = draft(&applicant);
        let (app, retry) = crash_then_retry(app, "/v1/applications", &body, access(&tokens), "draft-1").await;
        assert_eq!(retry.status, 201, "{:#}", retry.json);
        let id = retry.json["id"].as_str().unwrap();
        assert_eq!(retry.header("location"), format!("/v1/applications/{id}"));
        let list = app.send(reqwest::Method::GET, "/v1/applications", None, Some(access(&tokens))).await;
        assert_eq!(list.json["total"], 1, "created once: {:#}", list.json);
    }
}

/// The `n`th session of `date` at the seed office.
async fn session(app: &TestApp, date: &str, n: usize) -> String {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={date}&to={date}"
        ))
        .await;
    days.json["days"][0]["sessions"][n]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// How many places application `id` holds, read from the database.
fn places_of(app: &TestApp, id: &str) -> i64 {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use paspor_persistence::schema::bookings;
    let mut conn = app.pool().get().unwrap();
    bookings::table
        .filter(bookings::application_id.eq(id))
        .filter(bookings::released_at.is_null())
        .filter(bookings::offer.eq(false))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

on_both_backends! {
    async fn a_booking_made_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("pesan@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(3)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        let id = created.json["id"].as_str().unwrap().to_owned();
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session(&app, DATE, 0).await});
        let path = format!("/v1/applications/{id}/booking");
        let (app, retry) = crash_then_retry(app, &path, &body, access(&tokens), "book-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["status"], "awaiting_payment");
        let code = retry.json["booking"]["billing_code"].as_str().unwrap();
        assert_eq!(places_of(&app, &id), 1, "one place");
        // The code the retry names is the one that pays.
        pay(&app, code).await;
    }
}

on_both_backends! {
    async fn a_reschedule_made_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("pindah@example.com").await;
        let id = paid_application(&app, &tokens, &nth_nik(4)).await;
        let later = session(&app, DATE, 1).await;
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": later});
        let path = format!("/v1/applications/{id}/reschedule");
        let (app, retry) = crash_then_retry(app, &path, &body, access(&tokens), "move-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["booking"]["session_id"], later.as_str());
        assert_eq!(places_of(&app, &id), 1);
        // Moved once: a second reschedule is refused.
        let back = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session(&app, DATE, 2).await});
        app.post_with_key(&path, &back, Some(access(&tokens)), "move-2").await.problem(409);
    }
}

on_both_backends! {
    async fn a_device_registered_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("ponsel@example.com").await;
        let body = json!({"platform": "android", "token": "fcm-token-of-a-phone-0001"});
        let (app, retry) = crash_then_retry(app, "/v1/me/devices", &body, access(&tokens), "device-1").await;
        assert_eq!(retry.status, 201, "{:#}", retry.json);
        let id = retry.json["id"].as_str().unwrap();
        assert_eq!(retry.header("location"), format!("/v1/me/devices/{id}"));
        use diesel::{QueryDsl, RunQueryDsl};
        let mut conn = app.pool().get().unwrap();
        let devices: i64 = paspor_persistence::schema::devices::table.count().get_result(&mut conn).unwrap();
        assert_eq!(devices, 1, "registered once");
    }
}

/// A paid application of a new applicant, the clock on its appointment day, and an officer
/// of its office: (applicant's tokens, application id, officer's access token).
async fn at_the_office(app: &TestApp, email: &str, n: usize) -> (TokenPairDto, String, String) {
    let tokens = app.applicant(email).await;
    let id = paid_application(app, &tokens, &nth_nik(n)).await;
    app.clock.advance(chrono::TimeDelta::days(1));
    let tokens = app.login(email, PASSWORD).await;
    let officer = app
        .staff(
            "petugas@imigrasi.example",
            Role::Officer,
            Some(SEED_OFFICE_ID),
        )
        .await;
    (tokens, id, access(&officer).to_owned())
}

/// Checks `id` in and records complete documents, without keys: it is in review.
async fn into_review(app: &TestApp, tokens: &TokenPairDto, id: &str, officer: &str) {
    let code = crate::office_processing::check_in_code(app, tokens, id).await;
    let checked = app
        .post(
            "/v1/office/check-ins",
            &json!({"code": code}),
            Some(officer),
        )
        .await;
    assert_eq!(checked.json["status"], "checked_in", "{:#}", checked.json);
    let path = crate::office_processing::application_path(id, "/document-check");
    let complete = app
        .post(
            &path,
            &crate::office_processing::all_presented(),
            Some(officer),
        )
        .await;
    assert_eq!(complete.json["status"], "in_review", "{:#}", complete.json);
}

on_both_backends! {
    async fn a_check_in_made_before_a_crash_is_answered_on_retry(app) {
        let (tokens, id, officer) = at_the_office(&app, "datang@example.com", 5).await;
        let code = crate::office_processing::check_in_code(&app, &tokens, &id).await;
        let (app, retry) = crash_then_retry(app, "/v1/office/check-ins", &json!({"code": code}), &officer, "scan-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["status"], "checked_in");
        let history = retry.json["history"].as_array().unwrap();
        assert_eq!(history.iter().filter(|entry| entry["status"] == "checked_in").count(), 1);
        let twice = app.post_with_key("/v1/office/check-ins", &json!({"code": code}), Some(&officer), "scan-2").await;
        twice.problem(409);
    }
}

on_both_backends! {
    async fn a_document_check_made_before_a_crash_is_answered_on_retry(app) {
        let (tokens, id, officer) = at_the_office(&app, "berkas@example.com", 6).await;
        let code = crate::office_processing::check_in_code(&app, &tokens, &id).await;
        app.post("/v1/office/check-ins", &json!({"code": code}), Some(&officer)).await;
        let path = crate::office_processing::application_path(&id, "/document-check");
        let (_app, retry) = crash_then_retry(app, &path, &crate::office_processing::all_presented(), &officer, "docs-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["status"], "in_review");
    }
}

on_both_backends! {
    async fn biometrics_captured_before_a_crash_are_answered_on_retry(app) {
        let (tokens, id, officer) = at_the_office(&app, "foto@example.com", 7).await;
        into_review(&app, &tokens, &id, &officer).await;
        let path = crate::office_processing::application_path(&id, "/biometrics");
        let body = json!({"photo_reference": "PHOTO-1", "fingerprints_reference": "FP-1", "station_id": "PKP-1"});
        let (_app, retry) = crash_then_retry(app, &path, &body, &officer, "bio-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["biometrics"]["captured"], true);
    }
}

on_both_backends! {
    async fn an_interview_recorded_before_a_crash_is_answered_on_retry(app) {
        let (tokens, id, officer) = at_the_office(&app, "wawancara@example.com", 8).await;
        into_review(&app, &tokens, &id, &officer).await;
        let path = crate::office_processing::application_path(&id, "/interview");
        let body = json!({"answers": [{"question": "Why Japan?", "answer": "Ten days of holiday."}]});
        let (_app, retry) = crash_then_retry(app, &path, &body, &officer, "talk-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["id"], id.as_str());
    }
}

on_both_backends! {
    async fn a_decision_taken_before_a_crash_is_answered_on_retry(app) {
        let (tokens, id, officer) = at_the_office(&app, "putusan@example.com", 9).await;
        into_review(&app, &tokens, &id, &officer).await;
        let path = crate::office_processing::application_path(&id, "/decision");
        let body = json!({"outcome": "refused", "reason_code": "false_statements", "notes": "Documents forged."});
        let (app, retry) = crash_then_retry(app, &path, &body, &officer, "decide-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["status"], "refused");
        // Decided once: another decision is refused.
        let twice = app.post_with_key(&path, &body, Some(&officer), "decide-2").await;
        twice.problem(409);
    }
}

on_both_backends! {
    async fn an_issuance_made_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("terbit@example.com").await;
        let id = approved_application(&app, &tokens, &nth_nik(10)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let path = format!("/v1/office/applications/{id}/issuance");
        let (app, retry) = crash_then_retry(app, &path, &json!({}), access(&officer), "issue-1").await;
        assert_eq!(retry.status, 201, "{:#}", retry.json);
        assert_eq!(retry.json["application_id"], id.as_str());
        let twice = app.post_with_key(&path, &json!({}), Some(access(&officer)), "issue-2").await;
        assert!(twice.problem(409).detail.contains("`issued`"));
    }
}

on_both_backends! {
    async fn a_hand_over_made_before_a_crash_is_answered_on_retry(app) {
        let email = "ambil@example.com";
        let tokens = app.applicant(email).await;
        let id = approved_application(&app, &tokens, &nth_nik(11)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let issued = app.post(&format!("/v1/office/applications/{id}/issuance"), &json!({}), Some(access(&officer))).await;
        assert_eq!(issued.status, 201, "{:#}", issued.json);
        crate::office_issuance::set_wib_midnight(&app, "2026-12-01");
        crate::office_issuance::wait_for_status(&app, email, &id, paspor_openapi::ApplicationStatusDto::Ready).await;
        let officer = app.login("petugas@imigrasi.example", PASSWORD).await;
        let path = format!("/v1/office/applications/{id}/hand-over");
        let body = json!({"recipient": "holder"});
        let (app, retry) = crash_then_retry(app, &path, &body, access(&officer), "hand-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["status"], "collected");
        let twice = app.post_with_key(&path, &body, Some(access(&officer)), "hand-2").await;
        twice.problem(409);
    }
}

on_both_backends! {
    async fn a_walk_in_registered_before_a_crash_is_answered_on_retry(app) {
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let person = crate::office_walk_ins::person("1940-12-31", false, 1);
        let body = crate::office_walk_ins::walk_in("priority", person);
        let (app, retry) = crash_then_retry(app, "/v1/office/walk-ins", &body, access(&officer), "loket-1").await;
        assert_eq!(retry.status, 201, "{:#}", retry.json);
        let id = retry.json["application_id"].as_str().unwrap();
        assert_eq!(places_of(&app, id), 1);
        // The person has one application: registering again is refused.
        let twice = app.post_with_key("/v1/office/walk-ins", &body, Some(access(&officer)), "loket-2").await;
        twice.problem(409);
    }
}

on_both_backends! {
    async fn a_holiday_declared_before_a_crash_is_answered_on_retry(app) {
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let body = json!({"date": "2026-12-24", "name": "Cuti bersama Natal"});
        let (app, retry) = crash_then_retry(app, "/v1/office/holidays", &body, access(&admin), "libur-1").await;
        assert_eq!(retry.status, 201, "{:#}", retry.json);
        assert_eq!(retry.header("location"), "/v1/office/holidays/2026-12-24");
        let twice = app.post_with_key("/v1/office/holidays", &body, Some(access(&admin)), "libur-2").await;
        twice.problem(409);
    }
}

on_both_backends! {
    async fn an_office_created_before_a_crash_is_answered_on_retry(app) {
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let body = crate::office_admin::new_office();
        let (app, retry) = crash_then_retry(app, "/v1/admin/offices", &body, access(&admin), "office-1").await;
        assert_eq!(retry.status, 201, "{:#}", retry.json);
        let id = retry.json["id"].as_str().unwrap();
        assert_eq!(retry.header("location"), format!("/v1/offices/{id}"));
        let offices = app.get("/v1/offices").await;
        assert_eq!(offices.json["total"], 5, "four seeded and one created: {:#}", offices.json);
    }
}

on_both_backends! {
    async fn a_settlement_made_before_a_crash_is_answered_on_retry(app) {
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let tokens = app.applicant("lunas@example.com").await;
        let (id, code) = book_new(&app, &tokens, &nth_nik(12)).await;
        let typo: String = code.chars().rev().collect();
        let notice = json!({"event_id": "typo-1", "billing_code": typo, "amount": 650000, "paid_at": "2026-11-25T03:00:00Z"});
        notify(&app, &notice).await;
        let payment = crate::office_admin::unmatched_payment(&app, &admin, "typo-1").await;
        let path = format!("/v1/admin/payments/{payment}/settlement");
        let body = json!({"resolution": "applied", "application_id": id, "note": "digits reversed"});
        let (app, retry) = crash_then_retry(app, &path, &body, access(&admin), "settle-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["settlement"]["resolution"], "applied");
        let twice = app.post_with_key(&path, &body, Some(access(&admin)), "settle-2").await;
        twice.problem(409);
    }
}
