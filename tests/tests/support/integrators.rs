//! Integrator clients for tests: registered by a system admin through the API, and their
//! access tokens from the token endpoint.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paspor_domain::account::Role;
use paspor_openapi::{IntegratorCreatedDto, TokenDto};
use reqwest::Method;
use serde_json::json;

use super::accounts::access;
use super::app::{Answer, TestApp};

/// An integrator client as created: its id and its secret.
#[derive(Debug, Clone)]
pub struct Client {
    /// The client id.
    pub id: String,
    /// The client secret.
    pub secret: String,
}

impl TestApp {
    /// A system admin's access token (the account is created the first time).
    pub async fn system_admin(&self) -> String {
        let email = "admin-integrasi@imigrasi.example";
        let tokens = match self
            .post(
                "/v1/auth/login",
                &json!({"email": email, "password": super::accounts::PASSWORD}),
                None,
            )
            .await
        {
            answer if answer.status == 200 => answer.parse(),
            _ => self.staff(email, Role::SystemAdmin, None).await,
        };
        access(&tokens).to_owned()
    }

    /// Registers an integrator client with these scopes, as a system admin.
    pub async fn integrator(&self, name: &str, scopes: &[&str]) -> Client {
        let admin = self.system_admin().await;
        let answer = self
            .send(
                Method::POST,
                "/v1/admin/integrators",
                Some(&json!({"name": name, "scopes": scopes})),
                Some(&admin),
            )
            .await;
        assert_eq!(answer.status, 201, "{:#}", answer.json);
        let created: IntegratorCreatedDto = answer.parse();
        Client {
            id: created.client_id,
            secret: created.client_secret,
        }
    }

    /// `POST /v1/oauth/token` with a form body and, when given, HTTP Basic credentials.
    pub async fn token_request(&self, form: &str, basic: Option<(&str, &str)>) -> Answer {
        let authorization = basic
            .map(|(id, secret)| format!("Basic {}", STANDARD.encode(format!("{id}:{secret}"))));
        let mut headers = vec![("content-type", "application/x-www-form-urlencoded")];
        if let Some(authorization) = &authorization {
            headers.push(("authorization", authorization.as_str()));
        }
        self.request_body(Method::POST, "/v1/oauth/token", form.to_owned(), &headers)
            .await
    }

    /// An access token of `client` for `scope` (all its scopes when `None`).
    pub async fn integrator_token(&self, client: &Client, scope: Option<&str>) -> String {
        let form = match scope {
            Some(scope) => format!(
                "grant_type=client_credentials&scope={}",
                scope.replace(' ', "+")
            ),
            None => "grant_type=client_credentials".to_owned(),
        };
        let answer = self
            .token_request(&form, Some((&client.id, &client.secret)))
            .await;
        assert_eq!(answer.status, 200, "{:#}", answer.json);
        token_of(&answer)
    }
}

/// The access token of a token answer.
pub fn token_of(answer: &Answer) -> String {
    answer.parse::<TokenDto>().access_token
}
