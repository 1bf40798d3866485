//! Integrator clients: registered by system admins, the OAuth 2.0 client-credentials grant
//! (RFC 6749 §4.4) and its refusals, scopes checked on every integrator route, revocation
//! taking effect at once, and integrators kept off the account holders' routes.

use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, AuditPage, IntegratorApplicationDto,
    IntegratorCreatedDto, IntegratorPage, OAuthErrorCode, OAuthProblem, PaymentAckDto,
    PaymentResultDto, ScopeDto, TokenDto,
};
use reqwest::Method;
use serde_json::json;

use crate::support::*;

/// The error member of an OAuth refusal, after checking it is a problem of `status` too.
fn oauth_error(answer: &Answer, status: u16) -> OAuthErrorCode {
    answer.problem(status);
    let refused: OAuthProblem = answer.parse();
    assert_eq!(refused.error_description, refused.problem.detail);
    refused.error
}

on_both_backends! {
    async fn the_client_credentials_grant_gives_tokens_by_basic_or_body_auth(app) {
        let admin = app.system_admin().await;
        let created = app
            .send(
                Method::POST,
                "/v1/admin/integrators",
                Some(&json!({"name": "Mitra Aplikasi", "scopes": ["webhooks:manage", "applications:read"]})),
                Some(&admin),
            )
            .await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        assert_eq!(created.header("cache-control"), "no-store");
        let registered: IntegratorCreatedDto = created.parse();
        assert_eq!(registered.scopes, [ScopeDto::ApplicationsRead, ScopeDto::WebhooksManage]);
        let client = Client {
            id: registered.client_id,
            secret: registered.client_secret,
        };
        assert_eq!(client.secret.len(), 43, "256 random bits, base64url");

        // Listed without the secret.
        let listed = app.send(Method::GET, "/v1/admin/integrators", None, Some(&admin)).await;
        assert_eq!(listed.status, 200);
        let page: IntegratorPage = listed.parse();
        assert_eq!(page.total, 1);
        let listed_client = &page.items[0];
        assert_eq!(listed_client.client_id, client.id);
        assert_eq!(listed_client.revoked_at, None);
        assert!(!listed.json.to_string().contains(&client.secret));

        // HTTP Basic, no scope asked: every scope of the client.
        let basic = app
            .token_request("grant_type=client_credentials", Some((&client.id, &client.secret)))
            .await;
        assert_eq!(basic.status, 200, "{:#}", basic.json);
        let granted: TokenDto = basic.parse();
        assert_eq!(granted.token_type, "Bearer");
        assert_eq!(granted.expires_in, 900);
        assert_eq!(granted.scope, "applications:read webhooks:manage");
        assert_eq!(basic.header("cache-control"), "no-store");
        assert_eq!(basic.header("pragma"), "no-cache");

        // Credentials in the body, one scope asked: that scope only.
        let body = app
            .token_request(
                &format!(
                    "grant_type=client_credentials&client_id={}&client_secret={}&scope=applications%3Aread",
                    client.id, client.secret
                ),
                None,
            )
            .await;
        assert_eq!(body.status, 200, "{:#}", body.json);
        assert_eq!(body.parse::<TokenDto>().scope, "applications:read");

        // The token reads an application's status and history, and nothing personal.
        let applicant = app.applicant("siti@example.com").await;
        let id = paid_application(&app, &applicant, &nth_nik(1)).await;
        let read = app
            .send(Method::GET, &format!("/v1/integrator/applications/{id}"), None, Some(&token_of(&body)))
            .await;
        assert_eq!(read.status, 200, "{:#}", read.json);
        let seen: IntegratorApplicationDto = read.parse();
        assert_eq!(seen.id, id);
        assert_eq!(seen.status, ApplicationStatusDto::Paid);
        let statuses: Vec<ApplicationStatusDto> = seen.history.iter().map(|entry| entry.status).collect();
        assert_eq!(statuses.last(), Some(&ApplicationStatusDto::Paid));
        assert!(statuses.contains(&ApplicationStatusDto::AwaitingPayment));
        let mut fields: Vec<&String> = read.json.as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(fields, ["history", "id", "status", "updated_at"]);
        assert!(!read.json.to_string().contains(&nth_nik(1)));

        let missing = app
            .send(Method::GET, "/v1/integrator/applications/0193a000-0000-7000-8000-00000000dead", None, Some(&token_of(&body)))
            .await;
        missing.problem(404);
    }
}

on_both_backends! {
    async fn token_requests_are_refused_as_rfc_6749_says(app) {
        let client = app.integrator("Bank Sejahtera", &["applications:read"]).await;
        let grant = "grant_type=client_credentials";

        let wrong = app.token_request(grant, Some((&client.id, "not-the-secret"))).await;
        assert_eq!(oauth_error(&wrong, 401), OAuthErrorCode::InvalidClient);
        assert_eq!(wrong.header("www-authenticate"), "Basic realm=\"paspor\"");

        let unknown = app
            .token_request(grant, Some(("0193a000-0000-7000-8000-00000000beef", &client.secret)))
            .await;
        assert_eq!(oauth_error(&unknown, 401), OAuthErrorCode::InvalidClient);
        assert_eq!(unknown.problem(401).detail, wrong.problem(401).detail, "unknown and wrong look alike");

        let anonymous = app.token_request(grant, None).await;
        assert_eq!(oauth_error(&anonymous, 401), OAuthErrorCode::InvalidClient);

        let password = app
            .token_request("grant_type=password&username=a&password=b", Some((&client.id, &client.secret)))
            .await;
        assert_eq!(oauth_error(&password, 400), OAuthErrorCode::UnsupportedGrantType);

        let not_granted = app
            .token_request(&format!("{grant}&scope=payments%3Awrite"), Some((&client.id, &client.secret)))
            .await;
        assert_eq!(oauth_error(&not_granted, 400), OAuthErrorCode::InvalidScope);
        assert!(not_granted.problem(400).detail.contains("payments:write"));

        let mixed = app
            .token_request(
                &format!("{grant}&scope=applications%3Aread+webhooks%3Amanage"),
                Some((&client.id, &client.secret)),
            )
            .await;
        assert_eq!(oauth_error(&mixed, 400), OAuthErrorCode::InvalidScope, "a superset is refused whole");

        let unknown_scope = app
            .token_request(&format!("{grant}&scope=admin"), Some((&client.id, &client.secret)))
            .await;
        assert_eq!(oauth_error(&unknown_scope, 400), OAuthErrorCode::InvalidScope);

        let twice = app
            .token_request(&format!("{grant}&{grant}"), Some((&client.id, &client.secret)))
            .await;
        assert_eq!(oauth_error(&twice, 400), OAuthErrorCode::InvalidRequest);

        let no_grant = app.token_request("scope=applications%3Aread", Some((&client.id, &client.secret))).await;
        assert_eq!(oauth_error(&no_grant, 400), OAuthErrorCode::InvalidRequest);

        let both_ways = app
            .token_request(&format!("{grant}&client_secret={}", client.secret), Some((&client.id, &client.secret)))
            .await;
        assert_eq!(oauth_error(&both_ways, 400), OAuthErrorCode::InvalidRequest);

        let as_json = app
            .request_json(
                Method::POST,
                "/v1/oauth/token",
                &json!({"grant_type": "client_credentials", "client_id": client.id, "client_secret": client.secret}),
                &[],
            )
            .await;
        assert_eq!(oauth_error(&as_json, 400), OAuthErrorCode::InvalidRequest);
    }
}

on_both_backends! {
    async fn every_integrator_route_checks_its_scope(app) {
        let client = app.integrator("Mitra Webhook", &["webhooks:manage", "applications:read"]).await;
        let webhooks_only = app.integrator_token(&client, Some("webhooks:manage")).await;
        let applications_only = app.integrator_token(&client, Some("applications:read")).await;
        let applicant = app.applicant("siti@example.com").await;
        let (id, _) = book_new(&app, &applicant, &nth_nik(1)).await;
        let path = format!("/v1/integrator/applications/{id}");

        let refused = app.send(Method::GET, &path, None, Some(&webhooks_only)).await;
        let problem = refused.problem(403);
        assert!(problem.detail.contains("applications:read"), "{problem:#?}");
        assert!(refused.header("www-authenticate").contains("insufficient_scope"));
        assert!(refused.header("www-authenticate").contains("scope=\"applications:read\""));
        assert_eq!(app.send(Method::GET, &path, None, Some(&applications_only)).await.status, 200);

        let subscribe = json!({"url": "http://127.0.0.1:9/hook", "events": ["payment.received"]});
        let refused = app.send(Method::POST, "/v1/integrator/webhooks", Some(&subscribe), Some(&applications_only)).await;
        assert!(refused.problem(403).detail.contains("webhooks:manage"));
        let refused = app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&applications_only)).await;
        refused.problem(403);
        assert_eq!(app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&webhooks_only)).await.status, 200);

        // Accounts are not integrators, whatever their role.
        let as_applicant = app.send(Method::GET, &path, None, Some(access(&applicant))).await;
        assert!(as_applicant.problem(403).detail.contains("integrator token"));
        let admin = app.system_admin().await;
        app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&admin)).await.problem(403);
        app.send(Method::GET, &path, None, None).await.problem(401);
    }
}

on_both_backends! {
    async fn an_integrator_token_opens_no_account_route(app) {
        let client = app.integrator("Mitra", &["applications:read", "webhooks:manage", "offices:read", "payments:write"]).await;
        let token = app.integrator_token(&client, None).await;
        let applicant = app.applicant("siti@example.com").await;
        let (id, _) = book_new(&app, &applicant, &nth_nik(1)).await;

        for (method, path, body) in [
            (Method::GET, "/v1/me".to_owned(), None),
            (Method::PATCH, "/v1/me".to_owned(), Some(json!({"full_name": "Mitra"}))),
            (Method::DELETE, "/v1/me".to_owned(), None),
            (Method::POST, "/v1/me/password".to_owned(), Some(json!({"current_password": "x", "new_password": "kopi tubruk di sore hari"}))),
            (Method::POST, "/v1/me/devices".to_owned(), Some(json!({"token": "fcm-token-123456", "platform": "android"}))),
            (Method::DELETE, "/v1/me/devices/0193a000-0000-7000-8000-000000000001".to_owned(), None),
            (Method::GET, "/v1/applicants".to_owned(), None),
            (Method::GET, "/v1/applications".to_owned(), None),
            (Method::GET, format!("/v1/applications/{id}"), None),
            (Method::POST, format!("/v1/applications/{id}/cancel"), Some(json!({}))),
            (Method::GET, "/v1/admin/users".to_owned(), None),
            (Method::GET, "/v1/admin/integrators".to_owned(), None),
            (Method::GET, "/v1/admin/payments?status=unmatched".to_owned(), None),
            (Method::GET, "/v1/office/audit".to_owned(), None),
        ] {
            let answer = app.send(method.clone(), &path, body.as_ref(), Some(&token)).await;
            assert_eq!(answer.status, 403, "{method} {path}: {:#}", answer.json);
            answer.problem(403);
        }
        // Documents answer as if the application did not exist, to everyone but its people.
        let documents = app.send(Method::GET, &format!("/v1/applications/{id}/documents"), None, Some(&token)).await;
        documents.problem(404);
        // The application is untouched.
        let own = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&applicant))).await;
        assert_eq!(own.parse::<ApplicationDto>().status, ApplicationStatusDto::AwaitingPayment);
    }
}

on_both_backends! {
    async fn a_revoked_clients_tokens_stop_working_at_once(app) {
        let admin = app.system_admin().await;
        let client = app.integrator("Mitra Lama", &["webhooks:manage"]).await;
        let token = app.integrator_token(&client, None).await;
        assert_eq!(app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&token)).await.status, 200);

        let revoked = app
            .send(Method::DELETE, &format!("/v1/admin/integrators/{}", client.id), None, Some(&admin))
            .await;
        assert_eq!(revoked.status, 204, "{:#}", revoked.json);

        // The token has 15 minutes left, and is refused all the same.
        let refused = app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&token)).await;
        assert!(refused.problem(401).detail.contains("revoked"));
        assert!(refused.header("www-authenticate").contains("invalid_token"));
        let again = app
            .token_request("grant_type=client_credentials", Some((&client.id, &client.secret)))
            .await;
        assert_eq!(oauth_error(&again, 401), OAuthErrorCode::InvalidClient);

        let listed = app.send(Method::GET, "/v1/admin/integrators", None, Some(&admin)).await;
        assert_eq!(listed.parse::<IntegratorPage>().items[0].revoked_at, Some(instant("2026-11-25T03:00:00Z")));
        // Revoking twice changes nothing; an unknown client is 404.
        let twice = app
            .send(Method::DELETE, &format!("/v1/admin/integrators/{}", client.id), None, Some(&admin))
            .await;
        assert_eq!(twice.status, 204);
        app.send(Method::DELETE, "/v1/admin/integrators/0193a000-0000-7000-8000-00000000beef", None, Some(&admin))
            .await
            .problem(404);

        // One audit record for the creation, one for the revocation, none for the no-op.
        let trail = app
            .send(Method::GET, &format!("/v1/office/audit?object_id={}", client.id), None, Some(&admin))
            .await;
        assert_eq!(trail.status, 200, "{:#}", trail.json);
        let actions: Vec<String> = trail
            .parse::<AuditPage>()
            .items
            .into_iter()
            .map(|record| record.action)
            .collect();
        assert_eq!(actions, ["integrator.revoke", "integrator.create"]);
        assert!(!trail.json.to_string().contains(&client.secret));

        // The name is free again for a new client.
        app.integrator("Mitra Lama", &["webhooks:manage"]).await;
    }
}

on_both_backends! {
    async fn only_system_admins_register_clients_and_only_valid_ones(app) {
        let body = json!({"name": "Mitra", "scopes": ["applications:read"]});
        app.send(Method::POST, "/v1/admin/integrators", Some(&body), None).await.problem(401);
        let applicant = app.applicant("siti@example.com").await;
        app.send(Method::POST, "/v1/admin/integrators", Some(&body), Some(access(&applicant)))
            .await
            .problem(403);
        let officer = app.staff("petugas@imigrasi.example", paspor_domain::account::Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.send(Method::POST, "/v1/admin/integrators", Some(&body), Some(access(&officer)))
            .await
            .problem(403);
        app.send(Method::GET, "/v1/admin/integrators", None, Some(access(&officer)))
            .await
            .problem(403);

        let admin = app.system_admin().await;
        let no_scope = app
            .send(Method::POST, "/v1/admin/integrators", Some(&json!({"name": "Mitra", "scopes": []})), Some(&admin))
            .await;
        no_scope.problem(400);
        assert_eq!(no_scope.error_fields(), ["scopes"]);
        let blank = app
            .send(Method::POST, "/v1/admin/integrators", Some(&json!({"name": "  ", "scopes": ["offices:read"]})), Some(&admin))
            .await;
        assert_eq!(blank.error_fields(), ["name"]);
        app.send(Method::POST, "/v1/admin/integrators", Some(&json!({"name": "Mitra", "scopes": ["admin"]})), Some(&admin))
            .await
            .problem(400);

        assert_eq!(app.send(Method::POST, "/v1/admin/integrators", Some(&body), Some(&admin)).await.status, 201);
        let again = app.send(Method::POST, "/v1/admin/integrators", Some(&body), Some(&admin)).await;
        assert!(again.problem(409).detail.contains("Mitra"));

        // An account cannot be given the integrator role either.
        let staff = app
            .send(
                Method::POST,
                "/v1/admin/users",
                Some(&json!({"email": "mitra@example.com", "full_name": "Mitra", "password": PASSWORD, "role": "integrator"})),
                Some(&admin),
            )
            .await;
        // A schema-valid role that the rule for staff accounts refuses.
        staff.problem(422);
        assert_eq!(staff.error_fields(), ["role"]);
    }
}

on_both_backends! {
    async fn a_payment_channel_may_send_notices_with_its_token_instead_of_a_signature(app) {
        let channel = app.integrator("Bank Sejahtera", &["payments:write", "applications:read"]).await;
        let paying = app.integrator_token(&channel, Some("payments:write")).await;
        let reading = app.integrator_token(&channel, Some("applications:read")).await;
        let applicant = app.applicant("siti@example.com").await;
        let (id, billing_code) = book_new(&app, &applicant, &nth_nik(1)).await;
        let notice = json!({
            "event_id": "bank-sejahtera-000123",
            "billing_code": billing_code,
            "amount": 650_000,
            "paid_at": "2026-11-25T03:00:00Z"
        });

        let refused = app.send(Method::POST, "/v1/payments/notifications", Some(&notice), Some(&reading)).await;
        assert!(refused.problem(403).detail.contains("payments:write"));
        let as_applicant = app
            .send(Method::POST, "/v1/payments/notifications", Some(&notice), Some(access(&applicant)))
            .await;
        as_applicant.problem(403);
        app.send(Method::POST, "/v1/payments/notifications", Some(&notice), Some("not-a-token"))
            .await
            .problem(401);
        // Neither token nor signature.
        app.send(Method::POST, "/v1/payments/notifications", Some(&notice), None).await.problem(401);

        let applied = app.send(Method::POST, "/v1/payments/notifications", Some(&notice), Some(&paying)).await;
        assert_eq!(applied.status, 200, "{:#}", applied.json);
        assert_eq!(applied.parse::<PaymentAckDto>().result, PaymentResultDto::Applied);
        let again = app.send(Method::POST, "/v1/payments/notifications", Some(&notice), Some(&paying)).await;
        assert_eq!(again.parse::<PaymentAckDto>().result, PaymentResultDto::Duplicate);
        let read = app.send(Method::GET, &format!("/v1/integrator/applications/{id}"), None, Some(&reading)).await;
        assert_eq!(read.parse::<IntegratorApplicationDto>().status, ApplicationStatusDto::Paid);
    }
}
