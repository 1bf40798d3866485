//! The access-token matrix: every way a token can be wrong is a 401 problem with
//! `WWW-Authenticate`, and the sign-in endpoints are rate-limited per address.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, access, refresh};

/// The secret `Config::for_tests` signs with.
const TEST_SECRET: &[u8] = b"test-secret-that-is-at-least-32-bytes-long";

/// The claims of a real token, to alter.
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn signed(algorithm: Algorithm, claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .unwrap()
}

async fn refused(app: &TestApp, authorization: Option<&str>, case: &str) {
    let headers: Vec<(&str, &str)> = authorization
        .map(|a| ("authorization", a))
        .into_iter()
        .collect();
    let answer = app.request(Method::GET, "/v1/me", &headers).await;
    assert_eq!(answer.status, 401, "{case}: {:#}", answer.json);
    answer.problem(401);
    assert!(
        answer.header("www-authenticate").starts_with("Bearer"),
        "{case}"
    );
}

on_both_backends! {
    async fn every_bad_token_is_a_401_problem(app) {
        let tokens = app.applicant("matrix@example.com").await;
        let good = access(&tokens).to_owned();
        let claims = claims_of(&good);
        assert_eq!(app.send(Method::GET, "/v1/me", None, Some(&good)).await.status, 200);

        refused(&app, None, "no token").await;
        refused(&app, Some("Basic c2l0aTpwYXNz"), "another scheme").await;
        refused(&app, Some("Bearer not.a.token"), "garbage").await;
        let refresh_as_access = format!("Bearer {}", refresh(&tokens));
        refused(&app, Some(&refresh_as_access), "a refresh token").await;

        let none = format!(
            "Bearer {}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        refused(&app, Some(&none), "alg none").await;
        let hs512 = format!("Bearer {}", signed(Algorithm::HS512, &claims, TEST_SECRET));
        refused(&app, Some(&hs512), "another algorithm").await;
        let other_key = format!("Bearer {}", signed(Algorithm::HS256, &claims, b"another-secret-of-at-least-32-bytes!!"));
        refused(&app, Some(&other_key), "another key").await;
        for (field, value) in [("aud", json!("someone-else")), ("iss", json!("elsewhere")), ("typ", json!("refresh"))] {
            let mut changed = claims.clone();
            changed[field] = value;
            let token = format!("Bearer {}", signed(Algorithm::HS256, &changed, TEST_SECRET));
            refused(&app, Some(&token), field).await;
        }
        let mut no_expiry = claims.clone();
        no_expiry.as_object_mut().unwrap().remove("exp");
        let token = format!("Bearer {}", signed(Algorithm::HS256, &no_expiry, TEST_SECRET));
        refused(&app, Some(&token), "no exp").await;

        // Expired: the server's clock moves 15 minutes on.
        app.clock.advance(chrono::TimeDelta::minutes(15));
        let expired = format!("Bearer {good}");
        refused(&app, Some(&expired), "expired").await;
        let answer = app.request(Method::GET, "/v1/me", &[("authorization", &expired)]).await;
        assert!(answer.header("www-authenticate").contains("invalid_token"));
    }
}

#[actix_web::test]
async fn the_sign_in_endpoints_are_rate_limited_per_address() {
    let app = TestApp::start_with(crate::support::TestDatabase::sqlite(), |config| {
        config.auth.rate_per_minute = 6;
    })
    .await;
    let body = json!({"email": "nobody@example.com", "password": PASSWORD});
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..6 {
        let answer = app.post("/v1/auth/login", &body, None).await;
        statuses.push(answer.status.as_u16());
        if answer.status == 429 {
            limited = Some(answer);
        }
    }
    // A burst of 2 passes (401: nobody has this email), then the limit answers.
    assert_eq!(&statuses[..2], [401, 401], "{statuses:?}");
    let limited = limited.unwrap_or_else(|| panic!("no 429 in {statuses:?}"));
    limited.problem(429);
    assert!(limited.header("retry-after").parse::<u64>().unwrap() >= 1);
    // Other routes are not limited.
    assert_eq!(app.get("/v1/offices").await.status, 200);
}
