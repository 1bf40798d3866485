//! Starting again without starting over: an expired or cancelled application of one's own
//! becomes a new draft with the same answers and copies of its documents (new rows, new
//! files: deleting the new draft leaves the old documents readable); once per application,
//! however many requests race; live applications are refused, others' ids are 404.

use chrono::TimeDelta;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use paspor_domain::account::Role;
use paspor_openapi::{ApplicationDto, ApplicationStatusDto, DocumentList};
use paspor_persistence::schema::{application_documents, application_restarts, applications};
use reqwest::Method;

use crate::support::*;

fn restart_path(id: &str) -> String {
    format!("/v1/applications/{id}/restart")
}

/// A booked application with the required documents, left unpaid past its deadline until
/// the expiry job has expired it; (fresh tokens, its id).
async fn expired_application(
    app: &TestApp,
    email: &str,
    n: usize,
) -> (paspor_openapi::TokenPairDto, String) {
    let tokens = app.applicant(email).await;
    let applicant = add_applicant(app, &tokens, &nth_nik(n)).await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    let id = created.parse::<ApplicationDto>().id;
    upload_required_documents(app, &tokens, &id).await;
    let session = seed_session_on_date(app).await;
    let booked = app
        .post(
            &format!("/v1/applications/{id}/booking"),
            &serde_json::json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);
    app.clock
        .advance(TimeDelta::hours(2) + TimeDelta::seconds(1));
    let tokens = app.login(email, PASSWORD).await;
    let path = format!("/v1/applications/{id}");
    // The expiry job runs on its own: read until it has.
    let mut status = ApplicationStatusDto::AwaitingPayment;
    for _ in 0..400 {
        let read: ApplicationDto = app
            .send(Method::GET, &path, None, Some(access(&tokens)))
            .await
            .parse();
        status = read.status;
        if status == ApplicationStatusDto::Expired {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(status, ApplicationStatusDto::Expired);
    (tokens, id)
}

/// A draft of a new applicant, cancelled; (tokens, its id).
async fn cancelled_application(
    app: &TestApp,
    email: &str,
    n: usize,
) -> (paspor_openapi::TokenPairDto, String) {
    let tokens = app.applicant(email).await;
    let applicant = add_applicant(app, &tokens, &nth_nik(n)).await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    let id = created.parse::<ApplicationDto>().id;
    upload_document(app, &tokens, &id, "identity_card").await;
    let cancelled = app
        .post(
            &format!("/v1/applications/{id}/cancel"),
            &serde_json::json!({}),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(
        cancelled.parse::<ApplicationDto>().status,
        ApplicationStatusDto::Cancelled
    );
    (tokens, id)
}

fn storage_keys(app: &TestApp, id: &str) -> Vec<String> {
    let mut conn = app.pool().get().unwrap();
    application_documents::table
        .filter(application_documents::application_id.eq(id))
        .select(application_documents::storage_key)
        .load(&mut conn)
        .unwrap()
}

on_both_backends! {
    async fn an_expired_application_starts_again_with_its_answers_and_copies_of_its_documents(app) {
        let (tokens, old) = expired_application(&app, "ulang@example.com", 1).await;
        let restarted = app.post(&restart_path(&old), &serde_json::json!({}), Some(access(&tokens))).await;
        assert_eq!(restarted.status, 201, "{:#}", restarted.json);
        let new: ApplicationDto = restarted.parse();
        assert_eq!(restarted.header("location"), format!("/v1/applications/{}", new.id));
        let before: ApplicationDto = app
            .send(Method::GET, &format!("/v1/applications/{old}"), None, Some(access(&tokens)))
            .await
            .parse();
        assert_ne!(new.id, old);
        assert_eq!(new.status, ApplicationStatusDto::Draft);
        assert!(new.booking.is_none());
        assert_eq!(new.applicant_id, before.applicant_id);
        assert_eq!(new.passport_kind, before.passport_kind);
        assert_eq!(new.application_kind, before.application_kind);
        assert_eq!(new.service, before.service);
        assert_eq!(serde_json::to_value(&new.travel).unwrap(), serde_json::to_value(&before.travel).unwrap());
        assert_eq!(before.status, ApplicationStatusDto::Expired, "the old one stays as it was");

        // The documents, copied: the same content under files of their own.
        let listed: DocumentList = app
            .send(Method::GET, &format!("/v1/applications/{}/documents", new.id), None, Some(access(&tokens)))
            .await
            .parse();
        let old_list: DocumentList = app
            .send(Method::GET, &format!("/v1/applications/{old}/documents"), None, Some(access(&tokens)))
            .await
            .parse();
        assert_eq!(listed.items.len(), 3, "{listed:#?}");
        let hashes = |list: &DocumentList| list.items.iter().map(|d| d.sha256.clone()).collect::<Vec<_>>();
        assert_eq!(hashes(&listed), hashes(&old_list));
        let (old_keys, new_keys) = (storage_keys(&app, &old), storage_keys(&app, &new.id));
        assert_eq!(new_keys.len(), 3);
        for key in &new_keys {
            assert!(!old_keys.contains(key), "a file shared: {key}");
            assert!(app.storage_dir().join(key).is_file(), "{key}");
        }

        // Deleting the new draft leaves the old documents whole.
        let deleted = app.send(Method::DELETE, &format!("/v1/applications/{}", new.id), None, Some(access(&tokens))).await;
        assert!(deleted.status.is_success(), "{:#}", deleted.json);
        let read = app
            .send(Method::GET, &format!("/v1/applications/{old}/documents/identity_card"), None, Some(access(&tokens)))
            .await;
        assert_eq!(read.status, 200, "{:#}", read.json);
        for key in &old_keys {
            assert!(app.storage_dir().join(key).is_file(), "{key}");
        }

        // Once per application: a second restart names the first's draft.
        let again = app.post(&restart_path(&old), &serde_json::json!({}), Some(access(&tokens))).await;
        assert!(again.problem(409).detail.contains(&new.id), "{:#}", again.json);
    }
}

on_both_backends! {
    async fn live_applications_others_ids_and_lesser_roles_are_refused(app) {
        let tokens = app.applicant("hidup@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(1)).await;
        let draft_id = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await.parse::<ApplicationDto>().id;
        let refused = app.post(&restart_path(&draft_id), &serde_json::json!({}), Some(access(&tokens))).await;
        assert!(refused.problem(409).detail.contains("still a draft"), "{:#}", refused.json);
        let paid = paid_application(&app, &tokens, &nth_nik(2)).await;
        let refused = app.post(&restart_path(&paid), &serde_json::json!({}), Some(access(&tokens))).await;
        assert!(refused.problem(409).detail.contains("paid"), "{:#}", refused.json);

        let (_, theirs) = cancelled_application(&app, "lain@example.com", 3).await;
        app.post(&restart_path(&theirs), &serde_json::json!({}), Some(access(&tokens))).await.problem(404);
        app.post(&restart_path("no-such-application"), &serde_json::json!({}), Some(access(&tokens))).await.problem(404);
        let long = "x".repeat(10 * 1024);
        let answer = app.post(&restart_path(&long), &serde_json::json!({}), Some(access(&tokens))).await;
        assert!(answer.status.is_client_error(), "{:#}", answer.json);
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.post(&restart_path(&theirs), &serde_json::json!({}), Some(access(&officer))).await.problem(403);
        app.post(&restart_path(&theirs), &serde_json::json!({}), None).await.problem(401);
        // Without an Idempotency-Key: 400, nothing made.
        let owner = app.login("lain@example.com", PASSWORD).await;
        let bearer = format!("Bearer {}", access(&owner));
        app.request(Method::POST, &restart_path(&theirs), &[("authorization", &bearer)]).await.problem(400);
        let mut conn = app.pool().get().unwrap();
        let restarts: i64 = application_restarts::table.count().get_result(&mut conn).unwrap();
        assert_eq!(restarts, 0);
    }
}

on_both_backends! {
    async fn one_application_restarted_eight_times_at_once_gives_one_draft(app) {
        let (tokens, old) = cancelled_application(&app, "serentak@example.com", 1).await;
        let path = restart_path(&old);
        let body = serde_json::json!({});
        let answers = at_once((0..AT_ONCE).map(|n| {
            let key = format!("restart-{n}");
            let (app, path, body, tokens) = (&app, &path, &body, &tokens);
            async move { app.post_with_key(path, body, Some(access(tokens)), &key).await }
        }))
        .await;
        let split = split("restarts", &answers, &[201]);
        assert_eq!(split.done.len(), 1, "{:?}", split.statuses());
        for refused in &split.refused {
            assert_eq!(refused.status, 409, "{:#}", refused.json);
        }
        let mut conn = app.pool().get().unwrap();
        let drafts: i64 = applications::table
            .filter(applications::status.eq("draft"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(drafts, 1, "exactly one new draft");
        let restarts: i64 = application_restarts::table.count().get_result(&mut conn).unwrap();
        assert_eq!(restarts, 1);
        let new: ApplicationDto = split.done[0].parse();
        assert_eq!(storage_keys(&app, &new.id).len(), 1, "its one document, copied once");
        // The same key again replays the first answer.
        let winner = answers.iter().position(|a| a.status == 201).unwrap();
        let replay = app.post_with_key(&path, &body, Some(access(&tokens)), &format!("restart-{winner}")).await;
        assert_eq!(replay.status, 201);
        assert_eq!(replay.parse::<ApplicationDto>().id, new.id);
    }
}
