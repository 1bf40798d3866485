//! Corrections: the person corrects their applicant's data, each change recorded (fields,
//! who, when); once the office checked the identity against the originals, identity fields
//! are refused (409: an officer corrects them) while contact data stays the person's; an
//! officer of the office holding the application corrects them with a reason, recorded in
//! the history and the audit trail; another office, another account, the person on the
//! office's route and hostile input are refused without change.

use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicantDto, ApplicantPage, CorrectionDto, CorrectionList, CorrectorDto, OfficePage,
};
use paspor_persistence::schema::{application_document_checks, audit_records};
use reqwest::Method;
use serde_json::json;

use crate::support::*;

async fn corrections_of(
    app: &TestApp,
    tokens: &paspor_openapi::TokenPairDto,
    applicant: &str,
) -> Vec<CorrectionDto> {
    let answer = app
        .send(
            Method::GET,
            &format!("/v1/applicants/{applicant}/corrections"),
            None,
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse::<CorrectionList>().items
}

async fn patch(
    app: &TestApp,
    tokens: &paspor_openapi::TokenPairDto,
    applicant: &str,
    body: serde_json::Value,
) -> Answer {
    app.send(
        Method::PATCH,
        &format!("/v1/applicants/{applicant}"),
        Some(&body),
        Some(access(tokens)),
    )
    .await
}

/// Records, directly in the database, that an officer checked the application's documents
/// against the originals (the route needs the appointment day: `office_processing` tests it).
fn record_document_check(app: &TestApp, application: &str) {
    let mut conn = app.pool().get().unwrap();
    diesel::insert_into(application_document_checks::table)
        .values((
            application_document_checks::application_id.eq(application),
            application_document_checks::missing.eq(""),
            application_document_checks::checked_at.eq(chrono::Utc::now().naive_utc()),
            application_document_checks::checked_by.eq("petugas"),
            application_document_checks::presented.eq(""),
        ))
        .execute(&mut conn)
        .unwrap();
}

on_both_backends! {
    async fn identity_data_is_the_persons_to_correct_until_the_office_checked_it(app) {
        let tokens = app.applicant("koreksi@example.com").await;
        let application = paid_application(&app, &tokens, &nth_nik(7)).await;
        let applicant = app
            .send(Method::GET, "/v1/applicants", None, Some(access(&tokens)))
            .await
            .parse::<ApplicantPage>()
            .items
            .remove(0)
            .id;

        // Before the office's check: names and contact data are the person's to correct.
        let fixed = patch(&app, &tokens, &applicant, json!({"full_name": "Budi Santoso Putra", "address": "Jl. Sudirman 2, Pangkalpinang"})).await;
        assert_eq!(fixed.status, 200, "{:#}", fixed.json);
        let history = corrections_of(&app, &tokens, &applicant).await;
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].fields, vec!["full_name", "address"]);
        assert_eq!(history[0].corrected_by, CorrectorDto::Person);
        assert!(history[0].office_id.is_none() && history[0].reason.is_none());
        // A change to nothing new is no correction.
        let same = patch(&app, &tokens, &applicant, json!({"full_name": "Budi Santoso Putra"})).await;
        assert_eq!(same.status, 200);
        assert_eq!(corrections_of(&app, &tokens, &applicant).await.len(), 1);

        // Checked at the office: identity fields are refused, contact data is not.
        record_document_check(&app, &application);
        for body in [json!({"full_name": "Budi"}), json!({"mother_name": "Sri Wahyuni"}), json!({"birth_date": "1990-05-16", "address": "Jl. Baru 3"})] {
            let refused = patch(&app, &tokens, &applicant, body.clone()).await;
            let problem = refused.problem(409);
            assert!(problem.detail.contains("officer"), "{body}: {problem:?}");
        }
        let moved = patch(&app, &tokens, &applicant, json!({"address": "Jl. Baru 3, Pangkalpinang"})).await;
        assert_eq!(moved.status, 200, "{:#}", moved.json);
        let read: ApplicantDto = app.send(Method::GET, &format!("/v1/applicants/{applicant}"), None, Some(access(&tokens))).await.parse();
        assert_eq!(read.full_name, "Budi Santoso Putra", "nothing refused changed");
        assert_eq!(corrections_of(&app, &tokens, &applicant).await.len(), 2);

        // The office holding the application corrects it, with a reason.
        let officer = app.staff("petugas@imigrasi.go.id", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let path = format!("/v1/office/applicants/{applicant}/corrections");
        let body = json!({"changes": {"full_name": "Budi Santosa"}, "reason": "KTP shows Budi Santosa"});
        let corrected = app.post(&path, &body, Some(access(&officer))).await;
        assert_eq!(corrected.status, 201, "{:#}", corrected.json);
        let correction: CorrectionDto = corrected.parse();
        assert_eq!(correction.fields, vec!["full_name"]);
        assert_eq!(correction.corrected_by, CorrectorDto::Officer);
        assert_eq!(correction.office_id.as_deref(), Some(SEED_OFFICE_ID));
        assert_eq!(correction.reason.as_deref(), Some("KTP shows Budi Santosa"));
        let read: ApplicantDto = app.send(Method::GET, &format!("/v1/applicants/{applicant}"), None, Some(access(&tokens))).await.parse();
        assert_eq!(read.full_name, "Budi Santosa");
        let history = corrections_of(&app, &tokens, &applicant).await;
        assert_eq!(history.len(), 3);
        assert_eq!(history[2].id, correction.id);
        let audited: i64 = audit_records::table
            .filter(audit_records::action.eq("applicant.correct"))
            .filter(audit_records::object_id.eq(&applicant))
            .count()
            .get_result(&mut app.pool().get().unwrap())
            .unwrap();
        assert_eq!(audited, 1);
        // The person is told, with the reason.
        let told = eventually("the correction notice", || {
            app.emails_to("koreksi@example.com")
                .into_iter()
                .find(|mail| mail["body"].as_str().is_some_and(|body| body.contains("KTP shows Budi Santosa")))
        })
        .await;
        assert!(told["subject"].as_str().unwrap().contains("corrected"), "{told:#}");

        // Refused without change: hostile or empty input, a NIK the application carries,
        // another office, the person on the office's route, another account's applicant.
        let long = "x".repeat(10_000);
        for body in [
            json!({"changes": {"full_name": "Budi"}, "reason": ""}),
            json!({"changes": {"full_name": "Budi"}, "reason": "   "}),
            json!({"changes": {"full_name": "Budi"}, "reason": "a\u{0}b"}),
            json!({"changes": {"full_name": "Budi"}, "reason": long}),
            json!({"changes": {"full_name": "Bu\u{7}di"}, "reason": "KTP"}),
            json!({"changes": {"full_name": 12}, "reason": "KTP"}),
            json!({"changes": {"shoe_size": 42}, "reason": "KTP"}),
            json!({"reason": "KTP"}),
        ] {
            let answer = app.post(&path, &body, Some(access(&officer))).await;
            assert_eq!(answer.status, 400, "{body:.80}: {:#}", answer.json);
        }
        app.post(&path, &json!({"changes": {}, "reason": "KTP"}), Some(access(&officer))).await.problem(422);
        app.post(&path, &json!({"changes": {"nik": nth_nik(8)}, "reason": "KTP"}), Some(access(&officer))).await.problem(409);
        let elsewhere = app
            .get("/v1/offices")
            .await
            .parse::<OfficePage>()
            .items
            .into_iter()
            .map(|office| office.id)
            .find(|office| office != SEED_OFFICE_ID)
            .expect("a second seed office");
        let stranger = app.staff("petugas@lain.example", Role::Officer, Some(&elsewhere)).await;
        app.post(&path, &body, Some(access(&stranger))).await.problem(404);
        app.post("/v1/office/applicants/tidak-ada/corrections", &body, Some(access(&officer))).await.problem(404);
        app.post(&path, &body, Some(access(&tokens))).await.problem(403);
        let other = app.applicant("orang.lain@example.com").await;
        app.send(Method::GET, &format!("/v1/applicants/{applicant}/corrections"), None, Some(access(&other))).await.problem(404);
        patch(&app, &other, &applicant, json!({"address": "Jl. Lain"})).await.problem(404);
        assert_eq!(corrections_of(&app, &tokens, &applicant).await.len(), 3, "nothing refused was recorded");
        let read: ApplicantDto = app.send(Method::GET, &format!("/v1/applicants/{applicant}"), None, Some(access(&tokens))).await.parse();
        assert_eq!(read.full_name, "Budi Santosa");
    }
}
