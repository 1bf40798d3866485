//! Application drafts: created for an applicant, priced, polled with ETags, changed and
//! deleted; one active application per person, also under concurrent requests.

use paspor_openapi::{ApplicationDto, ApplicationPage, ApplicationStatusDto};
use reqwest::Method;
use serde_json::json;

use crate::support::{SEED_OFFICE_ID, access, add_applicant, draft};

/// A man born 15 May 1990 in Jakarta.
const NIK: &str = "3171011505900001";

on_both_backends! {
    async fn a_draft_is_created_priced_polled_changed_and_deleted(app) {
        let tokens = app.applicant("budi@example.com").await;
        let applicant = add_applicant(&app, &tokens, NIK).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let application: ApplicationDto = created.parse();
        let id = application.id.clone();
        assert_eq!(created.header("location"), format!("/v1/applications/{id}"));
        assert_eq!(application.status, ApplicationStatusDto::Draft);
        let quote = application.quote.expect("a quote");
        assert_eq!(quote.total, 650_000);
        assert_eq!(quote.schedule, "launch");
        assert_eq!(application.history[0].status, ApplicationStatusDto::Draft);
        assert_eq!(application.travel.destination_country, "JP");
        assert_eq!(application.replacement_reason, None);

        let path = format!("/v1/applications/{id}");
        let bearer = format!("Bearer {}", access(&tokens));
        let first = app.request(Method::GET, &path, &[("authorization", &bearer)]).await;
        assert_eq!(first.status, 200);
        let etag = first.header("etag").to_owned();
        assert!(etag.starts_with('"'), "{etag}");
        let again = app
            .request(Method::GET, &path, &[("authorization", &bearer), ("if-none-match", &etag)])
            .await;
        assert_eq!(again.status, 304);

        let patched = app
            .send(Method::PATCH, &path, Some(&json!({"service": "same_day"})), Some(access(&tokens)))
            .await;
        assert_eq!(patched.status, 200, "{:#}", patched.json);
        let patched: ApplicationDto = patched.parse();
        assert_eq!(patched.quote.expect("a quote").total, 1_650_000);
        assert_eq!(patched.travel.accommodation.as_deref(), Some("Hotel Shinjuku"));
        let changed = app
            .request(Method::GET, &path, &[("authorization", &bearer), ("if-none-match", &etag)])
            .await;
        assert_eq!(changed.status, 200);
        assert_ne!(changed.header("etag"), etag);

        let listed = app.send(Method::GET, "/v1/applications", None, Some(access(&tokens))).await;
        let listed: ApplicationPage = listed.parse();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.items[0].id, id);

        assert_eq!(app.send(Method::DELETE, &path, None, Some(access(&tokens))).await.status, 204);
        app.send(Method::GET, &path, None, Some(access(&tokens))).await.problem(404);
        // The person may apply again.
        let again = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        assert_eq!(again.status, 201);
    }
}

on_both_backends! {
    async fn one_person_has_one_active_application(app) {
        let tokens = app.applicant("satu@example.com").await;
        let applicant = add_applicant(&app, &tokens, NIK).await;
        let first = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        let first_id = first.parse::<ApplicationDto>().id;
        let second = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        assert!(second.problem(409).detail.contains(&first_id));

        // The same person added by another account: refused, without naming the other's.
        let other = app.applicant("lain@example.com").await;
        let copy = add_applicant(&app, &other, NIK).await;
        let elsewhere = app.post("/v1/applications", &draft(&copy), Some(access(&other))).await;
        let detail = elsewhere.problem(409).detail;
        assert!(!detail.contains(&first_id), "{detail}");
    }
}

on_both_backends! {
    async fn concurrent_applications_for_one_person_give_exactly_one(app) {
        let tokens = app.applicant("rush@example.com").await;
        let applicant = add_applicant(&app, &tokens, "3171015505900002").await;
        let body = draft(&applicant);
        let attempts = (0..12).map(|_| app.post("/v1/applications", &body, Some(access(&tokens))));
        let answers = futures::future::join_all(attempts).await;
        let created = answers.iter().filter(|a| a.status == 201).count();
        let refused = answers.iter().filter(|a| a.status == 409).count();
        assert_eq!((created, refused), (1, 11), "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    }
}

on_both_backends! {
    async fn drafts_are_checked_and_lost_passports_go_to_the_office(app) {
        let tokens = app.applicant("cek@example.com").await;
        let applicant = add_applicant(&app, &tokens, NIK).await;
        let mut lost = draft(&applicant);
        lost["application_kind"] = json!("replacement");
        lost["replacement_reason"] = json!("lost");
        let answer = app.post("/v1/applications", &lost, Some(access(&tokens))).await;
        assert!(answer.problem(422).detail.contains("office"));

        let mut no_reason = draft(&applicant);
        no_reason["application_kind"] = json!("replacement");
        let answer = app.post("/v1/applications", &no_reason, Some(access(&tokens))).await;
        assert_eq!(answer.error_fields(), ["replacement_reason"]);

        let mut bad = draft(&applicant);
        bad["travel"]["destination_country"] = json!("japan");
        bad["travel"]["length_of_stay_days"] = json!(0);
        let answer = app.post("/v1/applications", &bad, Some(access(&tokens))).await;
        let mut fields = answer.error_fields();
        fields.sort();
        assert_eq!(fields, ["travel.destination_country", "travel.length_of_stay_days"]);

        let unknown = app.post("/v1/applications", &draft("nobody"), Some(access(&tokens))).await;
        assert_eq!(unknown.error_fields(), ["applicant_id"]);
        // Nothing was created by any of these.
        let listed = app.send(Method::GET, "/v1/applications", None, Some(access(&tokens))).await;
        assert_eq!(listed.parse::<ApplicationPage>().total, 0);
    }
}

on_both_backends! {
    async fn another_accounts_application_is_not_found_and_staff_cannot_apply(app) {
        let owner = app.applicant("pemilik@example.com").await;
        let applicant = add_applicant(&app, &owner, NIK).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&owner))).await;
        let path = format!("/v1/applications/{}", created.parse::<ApplicationDto>().id);
        let stranger = app.applicant("orang@example.com").await;
        app.send(Method::GET, &path, None, Some(access(&stranger))).await.problem(404);
        app.send(Method::PATCH, &path, Some(&json!({"service": "same_day"})), Some(access(&stranger)))
            .await
            .problem(404);
        app.send(Method::DELETE, &path, None, Some(access(&stranger))).await.problem(404);
        let place = json!({"office_id": SEED_OFFICE_ID, "date": "2026-11-26", "session_id": "any"});
        for action in ["booking", "reschedule"] {
            app.post(&format!("{path}/{action}"), &place, Some(access(&stranger))).await.problem(404);
        }
        app.post(&format!("{path}/cancel"), &json!(null), Some(access(&stranger))).await.problem(404);
        app.send(Method::GET, &path, None, None).await.problem(401);

        let officer = app
            .staff("petugas@imigrasi.example", paspor_domain::account::Role::Officer, Some(SEED_OFFICE_ID))
            .await;
        app.send(Method::GET, "/v1/applications", None, Some(access(&officer))).await.problem(403);
    }
}

on_both_backends! {
    async fn an_account_with_an_application_in_progress_cannot_be_closed(app) {
        let tokens = app.applicant("sibuk@example.com").await;
        let applicant = add_applicant(&app, &tokens, NIK).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        let refused = app.send(Method::DELETE, "/v1/me", None, Some(access(&tokens))).await;
        assert!(refused.problem(409).detail.contains("in progress"));
        let path = format!("/v1/applications/{}", created.parse::<ApplicationDto>().id);
        assert_eq!(app.send(Method::DELETE, &path, None, Some(access(&tokens))).await.status, 204);
        assert_eq!(app.send(Method::DELETE, "/v1/me", None, Some(access(&tokens))).await.status, 204);
    }
}
