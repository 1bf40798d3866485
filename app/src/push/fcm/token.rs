//! OAuth 2.0 access tokens for FCM, made from the service account: an assertion (a JWT
//! signed RS256 with the account's key) is exchanged at the account's `token_uri`
//! (the JWT-bearer grant, RFC 7523), and the token kept until shortly before it expires.
//!
//! One refresh at a time: concurrent sends wait for the one that is fetching and then
//! share its token, so a burst of notices costs one exchange, not one each.

use chrono::{DateTime, TimeDelta, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::ServiceAccount;
use crate::push::PushError;

/// What the token lets its bearer do: send FCM messages, nothing else.
pub const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";

/// The grant of a signed assertion.
pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// How long an assertion claims to be valid: Google accepts at most an hour.
const ASSERTION_LIFETIME: TimeDelta = TimeDelta::minutes(60);

/// A token is replaced this long before it expires, so that none expires in flight.
const REFRESH_MARGIN: TimeDelta = TimeDelta::minutes(5);

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
}

#[derive(Deserialize)]
struct Granted {
    access_token: String,
    expires_in: i64,
}

#[derive(Clone)]
struct AccessToken {
    value: SecretString,
    /// When to fetch a new one: its expiry less the margin.
    stale_at: DateTime<Utc>,
}

/// Makes, caches and renews the access token.
pub struct Tokens {
    account: ServiceAccount,
    key: jsonwebtoken::EncodingKey,
    client: reqwest::Client,
    current: Mutex<Option<AccessToken>>,
}

impl Tokens {
    /// A source for the account; nothing is fetched yet.
    pub fn new(account: ServiceAccount, client: reqwest::Client) -> Result<Tokens, String> {
        let key = account.signing_key()?;
        Ok(Tokens {
            account,
            key,
            client,
            current: Mutex::new(None),
        })
    }

    /// A token valid at `now`: the cached one, or a new one. `spent` names a token the push
    /// service has just refused (401): if it is still the cached one it is replaced, while
    /// one already replaced by a concurrent send is simply used.
    pub async fn token(
        &self,
        now: DateTime<Utc>,
        spent: Option<&SecretString>,
    ) -> Result<SecretString, PushError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref() {
            let refused =
                spent.is_some_and(|spent| spent.expose_secret() == token.value.expose_secret());
            if !refused && now < token.stale_at {
                return Ok(token.value.clone());
            }
        }
        // Fetched while holding the lock: the others wait for this token instead of
        // fetching their own.
        let token = self.fetch(now).await?;
        *current = Some(token.clone());
        Ok(token.value)
    }

    fn assertion(&self, now: DateTime<Utc>) -> Result<String, PushError> {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid.clone_from(&self.account.private_key_id);
        let claims = Claims {
            iss: &self.account.client_email,
            scope: SCOPE,
            aud: &self.account.token_uri,
            iat: now.timestamp(),
            exp: (now + ASSERTION_LIFETIME).timestamp(),
        };
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map_err(|error| PushError::Transient(format!("signing the FCM assertion: {error}")))
    }

    async fn fetch(&self, now: DateTime<Utc>) -> Result<AccessToken, PushError> {
        let assertion = self.assertion(now)?;
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", GRANT_TYPE)
            .append_pair("assertion", &assertion)
            .finish();
        // Failures here are transient: a refused key fails every notice alike, and the
        // operator's fix should find them still waiting, not given up.
        let answer = self
            .client
            .post(&self.account.token_uri)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form)
            .send()
            .await
            .map_err(|error| PushError::Transient(format!("FCM token exchange: {error}")))?;
        let status = answer.status();
        let body = answer
            .bytes()
            .await
            .map_err(|error| PushError::Transient(format!("FCM token exchange: {error}")))?;
        if !status.is_success() {
            return Err(PushError::Transient(format!(
                "FCM token exchange answered {status}: {}",
                String::from_utf8_lossy(&body)
                    .chars()
                    .take(300)
                    .collect::<String>()
            )));
        }
        let granted: Granted = serde_json::from_slice(&body).map_err(|error| {
            PushError::Transient(format!("FCM token exchange answered no token: {error}"))
        })?;
        let lifetime = TimeDelta::seconds(granted.expires_in.clamp(0, 86_400));
        Ok(AccessToken {
            value: SecretString::from(granted.access_token),
            stale_at: now + lifetime - REFRESH_MARGIN,
        })
    }
}
