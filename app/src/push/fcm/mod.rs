//! Push through Firebase Cloud Messaging's HTTP v1 API: one `messages:send` per device,
//! authorised by an access token made from the service account ([`token`]).
//!
//! The answers are sorted for the outbox: accepted; the token is gone (404 `UNREGISTERED`,
//! 400 `INVALID_ARGUMENT` about the token, 403 `SENDER_ID_MISMATCH`), so the device is
//! removed; the service is busy or down (429, 5xx, no answer), so the notice is retried,
//! no sooner than a `Retry-After` asks; anything else is permanent.

mod account;
mod token;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

pub use account::ServiceAccount;
pub use token::{GRANT_TYPE, SCOPE};

use super::{Push, PushError, PushSender};
use token::Tokens;

/// Google's FCM endpoint, the default base URL.
pub const DEFAULT_BASE_URL: &str = "https://fcm.googleapis.com";

/// How long one request (token exchange or send) may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends push notices through FCM.
pub struct FcmSender {
    send_url: String,
    project_id: String,
    client: reqwest::Client,
    tokens: Tokens,
}

impl FcmSender {
    /// A sender for the account's project at `base_url` (Google's, or a test's fake).
    pub fn new(account: ServiceAccount, base_url: &str) -> Result<FcmSender, String> {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|error| format!("building the FCM client: {error}"))?;
        let send_url = format!(
            "{}/v1/projects/{}/messages:send",
            base_url.trim_end_matches('/'),
            account.project_id
        );
        Ok(FcmSender {
            send_url,
            project_id: account.project_id.clone(),
            tokens: Tokens::new(account, client.clone())?,
            client,
        })
    }

    /// The project notices go to, for the start-up log.
    pub fn project(&self) -> &str {
        &self.project_id
    }

    async fn post(
        &self,
        push: &Push,
        token: &SecretString,
    ) -> Result<(reqwest::StatusCode, Option<Duration>, Value), PushError> {
        let message = json!({
            "message": {
                "token": push.token,
                "notification": { "title": push.title, "body": push.body },
                // The app can recognise a notice delivered twice by its id.
                "data": { "message_id": push.id },
            }
        });
        let answer = self
            .client
            .post(&self.send_url)
            .bearer_auth(token.expose_secret())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(message.to_string())
            .send()
            .await
            .map_err(|error| PushError::Transient(format!("FCM send: {error}")))?;
        let status = answer.status();
        let retry_after = answer
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = answer.bytes().await.unwrap_or_default();
        let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Ok((status, retry_after, body))
    }
}

impl PushSender for FcmSender {
    async fn send(&self, push: Push, now: DateTime<Utc>) -> Result<(), PushError> {
        let token = self.tokens.token(now, None).await?;
        let (mut status, mut retry_after, mut body) = self.post(&push, &token).await?;
        if status == reqwest::StatusCode::UNAUTHORIZED {
            // Revoked or expired early: once more with a fresh token.
            let token = self.tokens.token(now, Some(&token)).await?;
            (status, retry_after, body) = self.post(&push, &token).await?;
        }
        judge(status.as_u16(), retry_after, &body)
    }
}

/// What an FCM answer means for the notice.
fn judge(status: u16, retry_after: Option<Duration>, body: &Value) -> Result<(), PushError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let error = &body["error"];
    let code = error["status"].as_str().unwrap_or("");
    let message: String = error["message"]
        .as_str()
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    let fcm_code = fcm_error_code(error);
    let reason = format!("FCM answered {status} {code} {fcm_code}: {message}");
    let bad_token = match status {
        404 => true,
        403 => fcm_code == "SENDER_ID_MISMATCH",
        400 => fcm_code == "UNREGISTERED" || (code == "INVALID_ARGUMENT" && about_the_token(error)),
        _ => fcm_code == "UNREGISTERED",
    };
    if bad_token {
        return Err(PushError::Unregistered(reason));
    }
    match status {
        401 => Err(PushError::Transient(reason)),
        429 | 500..=599 => match retry_after {
            Some(after) => Err(PushError::RetryAfter(
                reason,
                TimeDelta::from_std(after).unwrap_or(TimeDelta::hours(1)),
            )),
            None => Err(PushError::Transient(reason)),
        },
        _ => Err(PushError::Permanent(reason)),
    }
}

/// The `errorCode` of FCM's own error detail, if the answer carries one.
fn fcm_error_code(error: &Value) -> &str {
    error["details"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|detail| detail["errorCode"].as_str())
        .unwrap_or("")
}

/// Whether a 400 blames the registration token rather than the message: a field
/// violation on `message.token`, or a message that says so.
fn about_the_token(error: &Value) -> bool {
    let on_field = error["details"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|detail| detail["fieldViolations"].as_array().into_iter().flatten())
        .any(|violation| violation["field"].as_str() == Some("message.token"));
    on_field
        || error["message"]
            .as_str()
            .is_some_and(|message| message.to_lowercase().contains("registration token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fcm_error(status: &str, code: Option<&str>) -> Value {
        let details = code
            .map(|code| {
                json!([{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code}])
            })
            .unwrap_or(json!([]));
        json!({"error": {"code": 0, "message": "m", "status": status, "details": details}})
    }

    #[test]
    fn answers_are_sorted_for_the_outbox() {
        assert!(judge(200, None, &json!({"name": "projects/p/messages/1"})).is_ok());
        let gone = judge(404, None, &fcm_error("NOT_FOUND", Some("UNREGISTERED")));
        assert!(matches!(gone, Err(PushError::Unregistered(_))), "{gone:?}");
        let invalid = json!({"error": {"status": "INVALID_ARGUMENT",
            "message": "The registration token is not a valid FCM registration token"}});
        assert!(matches!(
            judge(400, None, &invalid),
            Err(PushError::Unregistered(_))
        ));
        // A 400 about the message, not the token, keeps the device.
        let bad_message =
            json!({"error": {"status": "INVALID_ARGUMENT", "message": "Invalid JSON payload"}});
        assert!(matches!(
            judge(400, None, &bad_message),
            Err(PushError::Permanent(_))
        ));
        let busy = judge(
            429,
            Some(Duration::from_secs(7)),
            &fcm_error("RESOURCE_EXHAUSTED", Some("QUOTA_EXCEEDED")),
        );
        assert!(
            matches!(busy, Err(PushError::RetryAfter(_, after)) if after == TimeDelta::seconds(7))
        );
        assert!(matches!(
            judge(503, None, &Value::Null),
            Err(PushError::Transient(_))
        ));
        assert!(matches!(
            judge(500, None, &Value::Null),
            Err(PushError::Transient(_))
        ));
        let mismatch = judge(
            403,
            None,
            &fcm_error("PERMISSION_DENIED", Some("SENDER_ID_MISMATCH")),
        );
        assert!(matches!(mismatch, Err(PushError::Unregistered(_))));
        assert!(matches!(
            judge(403, None, &Value::Null),
            Err(PushError::Permanent(_))
        ));
    }
}
