//! Accounts for tests: applicants registered and verified through the API (reading the
//! code from the development mail file), and staff created as an operator would.

use paspor_api::NewStaff;
use paspor_domain::account::Role;
use paspor_openapi::TokenPairDto;
use reqwest::Method;
use serde_json::{Value, json};

use super::app::{Answer, TestApp};
use super::wait::eventually;

/// A password no list holds.
pub const PASSWORD: &str = "kopi tubruk di pagi hari";

/// The seed office: Kantor Imigrasi Kelas I TPI Pangkalpinang.
pub const SEED_OFFICE_ID: &str = "0193a000-0000-7000-8000-000000000001";

impl TestApp {
    /// `POST path` with a JSON body, a fresh `Idempotency-Key` (as a well-behaved client
    /// sends on every new attempt) and, when given, a bearer token.
    pub async fn post(&self, path: &str, body: &Value, token: Option<&str>) -> Answer {
        let key = uuid::Uuid::new_v4().to_string();
        self.post_with_key(path, body, token, &key).await
    }

    /// `POST path` with a JSON body, the given `Idempotency-Key` and an optional token.
    pub async fn post_with_key(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
        key: &str,
    ) -> Answer {
        let bearer = token.map(|token| format!("Bearer {token}"));
        let mut headers = vec![("idempotency-key", key)];
        if let Some(bearer) = &bearer {
            headers.push(("authorization", bearer.as_str()));
        }
        self.request_json(Method::POST, path, body, &headers).await
    }

    /// Any request with an optional JSON body and bearer token.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> Answer {
        let bearer = token.map(|token| format!("Bearer {token}"));
        let mut headers = Vec::new();
        if let Some(bearer) = &bearer {
            headers.push(("authorization", bearer.as_str()));
        }
        match body {
            Some(body) => self.request_json(method, path, body, &headers).await,
            None => self.request(method, path, &headers).await,
        }
    }

    /// The emails sent to `address` so far, oldest first.
    pub fn emails_to(&self, address: &str) -> Vec<Value> {
        self.mail()
            .into_iter()
            .filter(|mail| mail["to"] == address)
            .collect()
    }

    /// Waits until at least `count` emails were sent to `address`; returns them all.
    pub async fn wait_for_emails(&self, address: &str, count: usize) -> Vec<Value> {
        eventually(&format!("{count} emails to {address}"), || {
            let mail = self.emails_to(address);
            (mail.len() >= count).then_some(mail)
        })
        .await
    }

    /// Registers an applicant and returns the emailed verification code. The account reads
    /// English (its registration asks for it), so that what it is sent reads as the tests
    /// expect; `notice_language` registers Indonesian ones.
    pub async fn register(&self, email: &str) -> String {
        let before = self.emails_to(email).len();
        let key = uuid::Uuid::new_v4().to_string();
        let answer = self
            .request_json(
                Method::POST,
                "/v1/auth/register",
                &json!({"email": email, "phone": "0812-3456-7890", "full_name": "Siti Rahayu", "password": PASSWORD}),
                &[("idempotency-key", key.as_str()), ("accept-language", "en")],
            )
            .await;
        assert_eq!(answer.status, 202, "{:#}", answer.json);
        let mail = self.wait_for_emails(email, before + 1).await;
        mail.last().unwrap()["code"]
            .as_str()
            .expect("a code")
            .to_owned()
    }

    /// Registers and verifies an applicant; returns its token pair.
    pub async fn applicant(&self, email: &str) -> TokenPairDto {
        let code = self.register(email).await;
        let answer = self
            .post(
                "/v1/auth/verify-email",
                &json!({"email": email, "code": code}),
                None,
            )
            .await;
        assert_eq!(answer.status, 204, "{:#}", answer.json);
        self.login(email, PASSWORD).await
    }

    /// Signs in and returns the token pair.
    pub async fn login(&self, email: &str, password: &str) -> TokenPairDto {
        let answer = self
            .post(
                "/v1/auth/login",
                &json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(answer.status, 200, "{:#}", answer.json);
        answer.parse()
    }

    /// Creates a staff account as an operator would, signs in, and returns its tokens.
    pub async fn staff(&self, email: &str, role: Role, office: Option<&str>) -> TokenPairDto {
        let mut config = paspor_api::Config::for_tests(self.database_url());
        config.seed = false;
        let staff = NewStaff {
            email: email.to_owned(),
            phone: None,
            full_name: "Petugas".to_owned(),
            password: PASSWORD.to_owned(),
            role,
            office_id: office.map(str::to_owned),
        };
        actix_web::web::block(move || paspor_api::operator::create_user(&config, &staff))
            .await
            .expect("the blocking pool runs")
            .expect("the staff account is created");
        self.login(email, PASSWORD).await
    }
}

/// The access token of a token pair.
pub fn access(tokens: &TokenPairDto) -> &str {
    &tokens.access_token
}

/// The refresh token of a token pair.
pub fn refresh(tokens: &TokenPairDto) -> &str {
    &tokens.refresh_token
}
