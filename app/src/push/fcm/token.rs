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

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A token endpoint on 127.0.0.1 that answers every exchange with a new token, slowly
    /// enough that concurrent callers overlap; returns its URL and its count of exchanges.
    fn token_endpoint() -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/token", listener.local_addr().unwrap());
        let count = Arc::new(AtomicUsize::new(0));
        let counted = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut request = Vec::new();
                let mut buffer = [0_u8; 4096];
                // The whole form: the head, then as many bytes as it announces.
                while let Ok(read) = stream.read(&mut buffer) {
                    request.extend_from_slice(&buffer[..read]);
                    let text = String::from_utf8_lossy(&request).to_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length || read == 0 {
                            break;
                        }
                    }
                }
                let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
                let body = format!(r#"{{"access_token":"token-{n}","expires_in":3599}}"#);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        (url, count)
    }

    fn tokens(token_uri: &str) -> Tokens {
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
        let json = serde_json::json!({
            "project_id": "paspor-test",
            "client_email": "push@paspor-test.iam.gserviceaccount.com",
            "private_key": pem,
            "token_uri": token_uri,
        });
        let account = ServiceAccount::parse(&json.to_string()).unwrap();
        Tokens::new(account, reqwest::Client::new()).unwrap()
    }

    #[tokio::test]
    async fn concurrent_sends_share_one_token_and_a_refused_one_is_replaced_once() {
        let (url, exchanges) = token_endpoint();
        let source = Arc::new(tokens(&url));
        let now = DateTime::UNIX_EPOCH + TimeDelta::days(20_000);
        let asking: Vec<_> = (0..8)
            .map(|_| {
                let source = source.clone();
                tokio::spawn(async move { source.token(now, None).await })
            })
            .collect();
        let mut got = Vec::new();
        for handle in asking {
            got.push(handle.await.unwrap().unwrap().expose_secret().to_owned());
        }
        assert!(got.iter().all(|token| token == "token-1"), "{got:?}");
        assert_eq!(exchanges.load(Ordering::SeqCst), 1);

        // Refused by the push service: replaced once, however many senders saw it refused.
        let spent = SecretString::from("token-1");
        let first = source.token(now, Some(&spent)).await.unwrap();
        let second = source.token(now, Some(&spent)).await.unwrap();
        assert_eq!(first.expose_secret(), "token-2");
        assert_eq!(second.expose_secret(), "token-2");
        assert_eq!(exchanges.load(Ordering::SeqCst), 2);

        // Renewed shortly before it expires, not after.
        let later = now + TimeDelta::seconds(3599) - REFRESH_MARGIN;
        let renewed = source
            .token(later - TimeDelta::seconds(1), None)
            .await
            .unwrap();
        assert_eq!(renewed.expose_secret(), "token-2");
        let renewed = source.token(later, None).await.unwrap();
        assert_eq!(renewed.expose_secret(), "token-3");
    }
}
