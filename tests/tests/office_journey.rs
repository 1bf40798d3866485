//! The whole life of an application through the routes alone, from the app's booking to the
//! passport in the holder's hands, and a postponement that follows the person to the
//! counter. (Each step's refusals are tested beside it: office_processing, office_issuance,
//! office_walk_ins.)

use chrono::TimeDelta;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto as Status, BenefitDto, CheckInCodeDto,
    OfficeApplicationDto, PassportDto, PassportPage, PassportStatusDto, TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Answer, PASSWORD, SEED_OFFICE_ID, TestApp, access, nth_nik, paid_application,
    upload_required_documents,
};

const OFFICER: &str = "petugas@imigrasi.example";

/// `POST` as staff (the office routes take an optional Idempotency-Key).
async fn act(app: &TestApp, token: &str, path: &str, body: Value) -> Answer {
    let answer = app.send(Method::POST, path, Some(&body), Some(token)).await;
    assert!(answer.status.is_success(), "{path}: {:#}", answer.json);
    answer
}

/// On the appointment day, the officer checks the application in and takes it to `in_review`
/// with its biometrics and interview recorded; returns the officer's token.
async fn into_review(app: &TestApp, tokens: &TokenPairDto, id: &str) -> String {
    upload_required_documents(app, tokens, id).await;
    let code = app
        .send(
            Method::GET,
            &format!("/v1/applications/{id}/check-in-code"),
            None,
            Some(access(tokens)),
        )
        .await;
    let officer = access(&app.login(OFFICER, PASSWORD).await).to_owned();
    let checked = act(
        app,
        &officer,
        "/v1/office/check-ins",
        json!({"code": code.parse::<CheckInCodeDto>().code}),
    )
    .await;
    assert_eq!(
        checked.parse::<OfficeApplicationDto>().status,
        Status::CheckedIn
    );
    let path = |rest: &str| format!("/v1/office/applications/{id}{rest}");
    act(
        app,
        &officer,
        &path("/document-check"),
        json!({"missing": []}),
    )
    .await;
    act(
        app,
        &officer,
        &path("/biometrics"),
        json!({"photo_reference": "P-1", "fingerprints_reference": "F-1", "station_id": "PKP-1"}),
    )
    .await;
    act(app, &officer, &path("/interview"), json!({"answers": [{"question": "Why Japan?", "answer": "A holiday."}], "notes": "Consistent."})).await;
    officer
}

fn statuses(application: &ApplicationDto) -> Vec<Status> {
    application
        .history
        .iter()
        .map(|entry| entry.status)
        .collect()
}

on_both_backends! {
    async fn an_application_lives_from_booking_to_collection(app) {
        let holder = "pemohon@example.com";
        let tokens = app.applicant(holder).await;
        app.staff(OFFICER, Role::Officer, Some(SEED_OFFICE_ID)).await;
        let id = paid_application(&app, &tokens, &nth_nik(1)).await;

        // The appointment day (Thursday 26 November, 10:00 WIB); tokens of yesterday expired.
        app.clock.advance(TimeDelta::days(1));
        let tokens = app.login(holder, PASSWORD).await;
        let officer = into_review(&app, &tokens, &id).await;
        let decided = act(&app, &officer, &format!("/v1/office/applications/{id}/decision"), json!({"outcome": "approved", "notes": "All in order."})).await;
        assert_eq!(decided.parse::<OfficeApplicationDto>().status, Status::Approved);
        let passport = act(&app, &officer, &format!("/v1/office/applications/{id}/issuance"), json!({})).await;
        let passport: PassportDto = passport.parse();
        assert_eq!(passport.status, PassportStatusDto::Issued);
        // 4 working days after Thursday: Friday, Monday, Tuesday, Wednesday.
        assert_eq!(passport.ready_date.to_string(), "2026-12-02");

        // The ready date: the job makes it ready, and the holder comes for it.
        app.clock.advance(TimeDelta::days(6));
        let tokens = app.login(holder, PASSWORD).await;
        crate::support::eventually("the passport is ready", || {
            let mut conn = app.pool().get().unwrap();
            let found = paspor_persistence::applications::find_by_id(&mut conn, &id).unwrap()?;
            (found.status == paspor_domain::ApplicationStatus::Ready).then_some(())
        })
        .await;
        let officer = access(&app.login(OFFICER, PASSWORD).await).to_owned();
        let collected = act(&app, &officer, &format!("/v1/office/applications/{id}/hand-over"), json!({"recipient": "holder", "recipient_name": "Budi Santoso"})).await;
        assert_eq!(collected.parse::<PassportDto>().status, PassportStatusDto::Collected);

        // The holder sees every step, and the passport.
        let mine = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        assert_eq!(
            statuses(&mine.parse()),
            [
                Status::Draft, Status::AwaitingPayment, Status::Paid, Status::CheckedIn, Status::InReview,
                Status::Approved, Status::Issued, Status::Ready, Status::Collected,
            ]
        );
        let passports = app.send(Method::GET, "/v1/passports", None, Some(access(&tokens))).await;
        let passports: PassportPage = passports.parse();
        assert_eq!(passports.items[0].number, passport.number);
        assert_eq!(passports.items[0].status, PassportStatusDto::Collected);
        assert_eq!(passports.items[0].benefits, [BenefitDto::BiometricChip, BenefitDto::Autogate, BenefitDto::VisaWaiverRegistration]);
        let subjects: Vec<String> = app.emails_to(holder).iter().map(|mail| mail["subject"].as_str().unwrap().to_owned()).collect();
        assert!(subjects.len() >= 8, "a notice at each step: {subjects:#?}");
    }
}

on_both_backends! {
    async fn a_postponed_person_is_refused_at_the_counter_too(app) {
        let tokens = app.applicant("pemohon@example.com").await;
        app.staff(OFFICER, Role::Officer, Some(SEED_OFFICE_ID)).await;
        let nik = nth_nik(2);
        let id = paid_application(&app, &tokens, &nik).await;
        app.clock.advance(TimeDelta::days(1));
        let tokens = app.login("pemohon@example.com", PASSWORD).await;
        let officer = into_review(&app, &tokens, &id).await;
        act(&app, &officer, &format!("/v1/office/applications/{id}/decision"), json!({
            "outcome": "postponed", "reason_code": "suspected_non_procedural_migrant_work",
            "hold_until": "2027-05-26", "notes": "No recommendation letter."
        })).await;

        let walk_in = json!({
            "kind": "same_day",
            "person": {
                "nik": nik, "full_name": "Budi Santoso", "place_of_birth": "Jakarta",
                "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1, Pangkalpinang",
                "father_name": "Santoso", "mother_name": "Sri", "marital_status": "single",
                "dual_citizen_child": false, "previous_passport_number": null, "guardian_nik": null
            },
            "passport_kind": "electronic",
            "travel": {"purpose": "tourism", "destination_country": "JP"}
        });
        let refused = app.post("/v1/office/walk-ins", &walk_in, Some(&officer)).await;
        let detail = refused.problem(422).detail;
        assert!(detail.contains("until 2027-05-26"), "{detail}");
    }
}
