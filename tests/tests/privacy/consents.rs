//! Consents: the privacy notice agreed to at registration (the version in force, or a
//! refusal when the app showed another), WhatsApp opt-ins and withdrawals as records, the
//! privacy notice's consent not withdrawable while the account is open, and the same
//! choice made many times at once leaving one open record at most.

use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_openapi::{ConsentPage, ConsentPurposeDto};
use paspor_persistence::schema::{consents, users};
use reqwest::Method;
use serde_json::json;

use crate::support::*;

async fn consents_of(app: &TestApp, tokens: &paspor_openapi::TokenPairDto) -> ConsentPage {
    let answer = app
        .send(Method::GET, "/v1/me/consents", None, Some(access(tokens)))
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

fn account_of(app: &TestApp, email: &str) -> String {
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut app.pool().get().unwrap())
        .unwrap()
}

/// (open WhatsApp consent records, whether the account's opt-in time is set).
fn whatsapp_state(app: &TestApp, account: &str) -> (i64, bool) {
    let mut conn = app.pool().get().unwrap();
    let open: i64 = consents::table
        .filter(consents::user_id.eq(account))
        .filter(consents::purpose.eq("whatsapp"))
        .filter(consents::withdrawn_at.is_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    let opted_in: Option<chrono::NaiveDateTime> = users::table
        .find(account)
        .select(users::whatsapp_opted_in_at)
        .first(&mut conn)
        .unwrap();
    (open, opted_in.is_some())
}

on_both_backends! {
    async fn registration_records_the_notice_and_whatsapp_choices_are_consent_records(app) {
        let tokens = app.applicant("setuju@example.com").await;
        let page = consents_of(&app, &tokens).await;
        assert_eq!(page.total, 1);
        assert_eq!(page.items[0].purpose, ConsentPurposeDto::PrivacyNotice);
        assert_eq!(page.items[0].version, "2026-12-01");
        assert!(page.items[0].withdrawn_at.is_none());

        // Opting in twice is one grant; withdrawing closes it and stops WhatsApp notices.
        for _ in 0..2 {
            let answer = app.send(Method::PUT, "/v1/me/whatsapp", Some(&json!({"opted_in": true})), Some(access(&tokens))).await;
            assert_eq!(answer.status, 200, "{:#}", answer.json);
        }
        let account = account_of(&app, "setuju@example.com");
        assert_eq!(whatsapp_state(&app, &account), (1, true));
        let withdrawn = app.send(Method::DELETE, "/v1/me/consents/whatsapp", None, Some(access(&tokens))).await;
        assert_eq!(withdrawn.status, 204, "{:#}", withdrawn.json);
        assert_eq!(whatsapp_state(&app, &account), (0, false));
        let again = app.send(Method::DELETE, "/v1/me/consents/whatsapp", None, Some(access(&tokens))).await;
        assert_eq!(again.status, 204);
        let page = consents_of(&app, &tokens).await;
        assert_eq!(page.total, 2, "{page:?}");
        let whatsapp = page.items.iter().find(|c| c.purpose == ConsentPurposeDto::WhatsApp).unwrap();
        assert!(whatsapp.withdrawn_at.is_some());
        // Opting in again is a new record; the withdrawn one stays as history.
        let answer = app.send(Method::PUT, "/v1/me/whatsapp", Some(&json!({"opted_in": true})), Some(access(&tokens))).await;
        assert_eq!(answer.status, 200);
        assert_eq!(consents_of(&app, &tokens).await.total, 3);
        assert_eq!(whatsapp_state(&app, &account), (1, true));
        // Withdrawing through the old route closes the record too.
        let answer = app.send(Method::PUT, "/v1/me/whatsapp", Some(&json!({"opted_in": false})), Some(access(&tokens))).await;
        assert_eq!(answer.status, 200);
        assert_eq!(whatsapp_state(&app, &account), (0, false));

        // The privacy notice's consent ends with the account, not before.
        let refused = app.send(Method::DELETE, "/v1/me/consents/privacy_notice", None, Some(access(&tokens))).await;
        let problem = refused.problem(409);
        assert!(problem.detail.contains("close the account"), "{problem:?}");
        for purpose in ["marketing", "%00", &"x".repeat(10_000)] {
            let answer = app.send(Method::DELETE, &format!("/v1/me/consents/{purpose}"), None, Some(access(&tokens))).await;
            assert!(matches!(answer.status.as_u16(), 400 | 404 | 414), "{purpose:.20}: {:#}", answer.json);
        }
        let page = consents_of(&app, &tokens).await;
        assert!(page.items.iter().any(|c| c.purpose == ConsentPurposeDto::PrivacyNotice && c.withdrawn_at.is_none()));

        // No account: 401; integrators have none: 403; staff see their own (none).
        assert_eq!(app.send(Method::GET, "/v1/me/consents", None, None).await.status, 401);
        let client = app.integrator("Mitra Aplikasi", &["webhooks:manage"]).await;
        let integrator = app.integrator_token(&client, None).await;
        assert_eq!(app.send(Method::GET, "/v1/me/consents", None, Some(&integrator)).await.status, 403);
        assert_eq!(app.send(Method::DELETE, "/v1/me/consents/whatsapp", None, Some(&integrator)).await.status, 403);
        let officer = app.staff("petugas@imigrasi.go.id", Role::Officer, Some(SEED_OFFICE_ID)).await;
        assert_eq!(consents_of(&app, &officer).await.total, 0);
    }
}

on_both_backends! {
    async fn closing_the_account_ends_every_consent(app) {
        let email = "tutup@example.com";
        let tokens = app.applicant(email).await;
        let answer = app.send(Method::PUT, "/v1/me/whatsapp", Some(&json!({"opted_in": true})), Some(access(&tokens))).await;
        assert_eq!(answer.status, 200);
        let account = account_of(&app, email);
        let closed = app.send(Method::DELETE, "/v1/me", None, Some(access(&tokens))).await;
        assert!(closed.status.is_success(), "{:#}", closed.json);
        let standing: i64 = consents::table
            .filter(consents::user_id.eq(&account))
            .filter(consents::withdrawn_at.is_null())
            .count()
            .get_result(&mut app.pool().get().unwrap())
            .unwrap();
        assert_eq!(standing, 0);
        let kept: i64 = consents::table
            .filter(consents::user_id.eq(&account))
            .count()
            .get_result(&mut app.pool().get().unwrap())
            .unwrap();
        assert_eq!(kept, 2, "the records stay as the history of what was agreed");
    }
}

on_both_backends! {
    async fn registration_names_the_notice_version_it_showed(app) {
        let body = |email: &str, version: serde_json::Value| json!({
            "email": email, "phone": "0812-3456-7890", "full_name": "Siti Rahayu",
            "password": PASSWORD, "privacy_notice_version": version
        });
        let old = app.post("/v1/auth/register", &body("lama@example.com", json!("2025-01-01")), None).await;
        let problem = old.problem(422);
        assert_eq!(old.error_fields(), vec!["privacy_notice_version"], "{problem:?}");
        assert!(problem.detail.contains("2026-12-01"), "{problem:?}");
        for hostile in [json!("x".repeat(10_000)), json!(20_261_201), json!("2026\u{0}12")] {
            let answer = app.post("/v1/auth/register", &body("jahat@example.com", hostile.clone()), None).await;
            assert!(matches!(answer.status.as_u16(), 400 | 422), "{hostile:.20}: {:#}", answer.json);
        }
        let mut conn = app.pool().get().unwrap();
        let accounts: i64 = users::table
            .filter(users::email.eq_any(["lama@example.com", "jahat@example.com"]))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(accounts, 0, "nothing refused was registered");
        let current = app.post("/v1/auth/register", &body("baru@example.com", json!("2026-12-01")), None).await;
        assert_eq!(current.status, 202, "{:#}", current.json);
        let account = account_of(&app, "baru@example.com");
        let recorded: Vec<(String, String)> = consents::table
            .filter(consents::user_id.eq(&account))
            .select((consents::purpose, consents::version))
            .load(&mut conn)
            .unwrap();
        assert_eq!(recorded, vec![("privacy_notice".to_owned(), "2026-12-01".to_owned())]);
    }
}

on_both_backends! {
    async fn the_same_whatsapp_choice_at_once_leaves_one_open_record_at_most(app) {
        let tokens = app.applicant("serentak@example.com").await;
        let account = account_of(&app, "serentak@example.com");
        for round in 0..ROUNDS {
            let grant = json!({"opted_in": true});
            let answers = at_once((0..AT_ONCE).map(|_| {
                app.send(Method::PUT, "/v1/me/whatsapp", Some(&grant), Some(access(&tokens)))
            }))
            .await;
            let what = format!("round {round}: {AT_ONCE} opt-ins at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            assert_eq!(whatsapp_state(&app, &account), (1, true), "{what}");

            // Withdrawals and grants mixed: whatever the order, one open record at most,
            // and it stands exactly when the account's opt-in does.
            let answers = at_once((0..AT_ONCE).map(|i| {
                let app = &app;
                let tokens = &tokens;
                async move {
                    if i % 2 == 0 {
                        app.send(Method::DELETE, "/v1/me/consents/whatsapp", None, Some(access(tokens))).await
                    } else {
                        app.send(Method::PUT, "/v1/me/whatsapp", Some(&json!({"opted_in": true})), Some(access(tokens))).await
                    }
                }
            }))
            .await;
            let what = format!("round {round}: withdrawals and grants at once");
            let answered = split(&what, &answers, &[200, 204]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let (open, opted_in) = whatsapp_state(&app, &account);
            assert!(open <= 1, "{what}: {open} open records");
            assert_eq!(open == 1, opted_in, "{what}: the record and the account agree");
            let withdrawn = app.send(Method::DELETE, "/v1/me/consents/whatsapp", None, Some(access(&tokens))).await;
            assert_eq!(withdrawn.status, 204);
        }
    }
}
