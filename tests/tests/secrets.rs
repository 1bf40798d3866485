//! Answers that hold a secret (access and refresh tokens, client and signing secrets,
//! check-in codes) are never kept by a cache: each says `Cache-Control: no-store`, whether
//! the request carried a token or not (a sign-in does not, so the default for
//! authenticated requests never covered it), and the document says so.
//!
//! The list is found in the document (every success answer whose schema holds one of the
//! secret fields below) and must be exactly the one written here: a new answer with a
//! secret, or a new field that looks like one, fails until it is added and covered.

use std::collections::BTreeSet;

use paspor_domain::account::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::office_walk_ins::{person, walk_in};
use crate::support::{Answer, SEED_OFFICE_ID, access, nth_nik, paid_application, refresh};

/// The fields that hold a secret, by schema.
const SECRET_FIELDS: [(&str, &str); 7] = [
    ("TokenPairDto", "access_token"),
    ("TokenPairDto", "refresh_token"),
    ("TokenDto", "access_token"),
    ("IntegratorCreatedDto", "client_secret"),
    ("WebhookCreatedDto", "secret"),
    ("CheckInCodeDto", "code"),
    ("WalkInDto", "check_in_code"),
];

/// Every answer that holds one, as `METHOD path status`.
const ANSWERS_WITH_SECRETS: [&str; 8] = [
    "GET /v1/applications/{id}/check-in-code 200",
    "GET /v1/office/walk-ins 200",
    "POST /v1/admin/integrators 201",
    "POST /v1/auth/login 200",
    "POST /v1/auth/refresh 200",
    "POST /v1/integrator/webhooks 201",
    "POST /v1/oauth/token 200",
    "POST /v1/office/walk-ins 201",
];

/// The schemas a schema names, itself included, by name.
fn schemas_in(doc: &Value, schema: &Value, found: &mut BTreeSet<String>) {
    match schema {
        Value::Object(members) => {
            if let Some(name) = members
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                && found.insert(name.to_owned())
            {
                schemas_in(doc, &doc["components"]["schemas"][name], found);
            }
            for member in members.values() {
                schemas_in(doc, member, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                schemas_in(doc, item, found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_answer_holding_a_secret_is_listed_and_documented_as_no_store() {
    let doc = crate::contract::document();
    let secret_schemas: BTreeSet<&str> = SECRET_FIELDS.iter().map(|(schema, _)| *schema).collect();
    let mut found = BTreeSet::new();
    let mut answered = BTreeSet::new();
    for (method, path, operation) in crate::contract::operations(&doc) {
        for (status, response) in operation["responses"].as_object().unwrap() {
            if !status.starts_with('2') {
                continue;
            }
            let mut schemas = BTreeSet::new();
            schemas_in(&doc, &response["content"], &mut schemas);
            let at = format!("{} {path} {status}", method.to_uppercase());
            if schemas
                .iter()
                .any(|name| secret_schemas.contains(name.as_str()))
            {
                assert!(
                    response["headers"]["Cache-Control"].is_object(),
                    "{at} holds a secret but documents no Cache-Control"
                );
                found.insert(at);
            }
            answered.extend(schemas);
        }
    }
    assert_eq!(
        found.iter().map(String::as_str).collect::<Vec<_>>(),
        ANSWERS_WITH_SECRETS,
        "the answers that hold a secret changed: cover the new ones with `no_store` and list \
         them here"
    );
    // Any field of an answer that looks like a secret is one of the listed fields.
    for name in &answered {
        for field in doc["components"]["schemas"][name]["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(field, _)| field.as_str())
        {
            let looks_secret = ["token", "secret", "password"]
                .iter()
                .any(|word| field.contains(word))
                && field != "token_type";
            assert!(
                !looks_secret || SECRET_FIELDS.contains(&(name.as_str(), field)),
                "{name}.{field} looks like a secret in an answer: list it in SECRET_FIELDS"
            );
        }
    }
}

#[track_caller]
fn not_stored(answer: &Answer, what: &str) {
    assert!(answer.status.is_success(), "{what}: {:#}", answer.json);
    assert_eq!(answer.header("cache-control"), "no-store", "{what}");
}

on_both_backends! {
    async fn every_answer_holding_a_secret_says_no_store(app) {
        // Signing in and renewing carry no token of their own.
        let tokens = app.applicant("rahasia@example.com").await;
        let login = app
            .post("/v1/auth/login", &json!({"email": "rahasia@example.com", "password": crate::support::PASSWORD}), None)
            .await;
        not_stored(&login, "POST /v1/auth/login");
        let renewed = app
            .post("/v1/auth/refresh", &json!({"refresh_token": refresh(&login.parse())}), None)
            .await;
        not_stored(&renewed, "POST /v1/auth/refresh");

        // Integrator secrets: the client's, its token, a webhook's signing secret.
        let admin = app.system_admin().await;
        let created = app
            .send(Method::POST, "/v1/admin/integrators", Some(&json!({"name": "Mitra Rahasia", "scopes": ["webhooks:manage"]})), Some(&admin))
            .await;
        not_stored(&created, "POST /v1/admin/integrators");
        let id = created.json["client_id"].as_str().unwrap();
        let secret = created.json["client_secret"].as_str().unwrap();
        let token = app.token_request("grant_type=client_credentials", Some((id, secret))).await;
        not_stored(&token, "POST /v1/oauth/token");
        let subscribed = app
            .send(
                Method::POST,
                "/v1/integrator/webhooks",
                Some(&json!({"url": "http://127.0.0.1:9/hook", "events": ["payment.received"]})),
                Some(token.json["access_token"].as_str().unwrap()),
            )
            .await;
        not_stored(&subscribed, "POST /v1/integrator/webhooks");

        // Check-in codes: the applicant's, and the walk-in's on its ticket and in the list.
        let application = paid_application(&app, &tokens, &nth_nik(1)).await;
        let code = app
            .send(Method::GET, &format!("/v1/applications/{application}/check-in-code"), None, Some(access(&tokens)))
            .await;
        not_stored(&code, "GET /v1/applications/{id}/check-in-code");
        let officer = app.staff("loket@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let walked_in = app
            .post("/v1/office/walk-ins", &walk_in("same_day", person("1992-03-04", true, 1)), Some(access(&officer)))
            .await;
        not_stored(&walked_in, "POST /v1/office/walk-ins");
        assert!(walked_in.json["check_in_code"]["code"].is_string(), "{:#}", walked_in.json);
        let listed = app
            .send(Method::GET, "/v1/office/walk-ins", None, Some(access(&officer)))
            .await;
        not_stored(&listed, "GET /v1/office/walk-ins");
    }
}
