//! The WhatsApp Business Cloud API sender: `POST {base}/{version}/{phone_number_id}/messages`
//! with the access token, one template message each.
//!
//! The answers are sorted for the outbox: accepted; rate-limited (HTTP 429, Meta's codes
//! 4, 80007, 130429, 131048, 131056) or the API down (5xx, no answer), retried, no sooner
//! than a `Retry-After` asks; a refused access token (401, code 190), retried, since every
//! message fails alike until the operator renews it; anything else (no WhatsApp on the
//! number, an unknown template) permanent.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

use super::{WhatsAppError, WhatsAppMessage, WhatsAppSender};
use crate::config::WhatsAppCloud;

/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Meta's error codes that mean "slow down".
const RATE_LIMITED: [i64; 5] = [4, 80_007, 130_429, 131_048, 131_056];

/// Sends template messages through the Cloud API.
pub struct CloudWhatsAppSender {
    url: String,
    token: SecretString,
    client: reqwest::Client,
}

impl CloudWhatsAppSender {
    /// A sender from the configured account.
    pub fn new(cloud: &WhatsAppCloud) -> Result<CloudWhatsAppSender, String> {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|error| format!("building the WhatsApp client: {error}"))?;
        Ok(CloudWhatsAppSender {
            url: format!(
                "{}/{}/{}/messages",
                cloud.base_url, cloud.api_version, cloud.phone_number_id
            ),
            token: cloud.access_token.clone(),
            client,
        })
    }
}

/// The request body of a template message.
pub fn body(message: &WhatsAppMessage) -> Value {
    let text = |text: &String| json!({"type": "text", "text": text});
    let mut components = vec![json!({
        "type": "body",
        "parameters": message.template.params.iter().map(text).collect::<Vec<_>>(),
    })];
    // An authentication template's copy-code button carries the code as well.
    if let Some(code) = &message.template.code {
        components.push(json!({
            "type": "button",
            "sub_type": "url",
            "index": "0",
            "parameters": [text(code)],
        }));
    }
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.to,
        "type": "template",
        "template": {
            "name": message.template.name,
            "language": {"code": message.template.language},
            "components": components,
        },
    })
}

impl WhatsAppSender for CloudWhatsAppSender {
    async fn send(
        &self,
        message: WhatsAppMessage,
        _now: DateTime<Utc>,
    ) -> Result<(), WhatsAppError> {
        let answer = self
            .client
            .post(&self.url)
            .bearer_auth(self.token.expose_secret())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body(&message).to_string())
            .send()
            .await
            .map_err(|error| WhatsAppError::Transient(format!("WhatsApp send: {error}")))?;
        let status = answer.status().as_u16();
        let retry_after = answer
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<i64>().ok())
            .map(TimeDelta::seconds);
        let bytes = answer.bytes().await.unwrap_or_default();
        let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        judge(status, retry_after, &answer)
    }
}

/// What a Cloud API answer means for the message.
fn judge(status: u16, retry_after: Option<TimeDelta>, answer: &Value) -> Result<(), WhatsAppError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let error = &answer["error"];
    let code = error["code"].as_i64().unwrap_or(0);
    let text: String = error["message"]
        .as_str()
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    let reason = format!("WhatsApp answered {status} (code {code}): {text}");
    if status == 429 || status >= 500 || RATE_LIMITED.contains(&code) {
        return Err(match retry_after {
            Some(after) => WhatsAppError::RetryAfter(reason, after),
            None => WhatsAppError::Transient(reason),
        });
    }
    if status == 401 || code == 190 {
        return Err(WhatsAppError::Transient(reason));
    }
    Err(WhatsAppError::Permanent(reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatsapp::Filled;

    #[test]
    fn an_authentication_template_carries_its_code_on_the_button() {
        let message = WhatsAppMessage {
            id: "m".to_owned(),
            to: "6281234567890".to_owned(),
            template: Filled {
                name: "paspor_phone_verification".to_owned(),
                language: "id".to_owned(),
                params: vec!["123456".to_owned()],
                code: Some("123456".to_owned()),
            },
        };
        let body = body(&message);
        assert_eq!(body["to"], "6281234567890");
        assert_eq!(body["template"]["language"]["code"], "id");
        assert_eq!(
            body["template"]["components"][0]["parameters"][0]["text"],
            "123456"
        );
        assert_eq!(body["template"]["components"][1]["sub_type"], "url");
    }

    #[test]
    fn answers_are_sorted_for_the_outbox() {
        assert!(judge(200, None, &json!({"messages": [{"id": "wamid.1"}]})).is_ok());
        let limited = json!({"error": {"code": 130_429, "message": "Rate limit hit"}});
        assert!(matches!(
            judge(400, None, &limited),
            Err(WhatsAppError::Transient(_))
        ));
        assert!(matches!(
            judge(429, Some(TimeDelta::seconds(3)), &Value::Null),
            Err(WhatsAppError::RetryAfter(_, _))
        ));
        let undeliverable = json!({"error": {"code": 131_026, "message": "Message undeliverable"}});
        assert!(matches!(
            judge(400, None, &undeliverable),
            Err(WhatsAppError::Permanent(_))
        ));
        assert!(matches!(
            judge(503, None, &Value::Null),
            Err(WhatsAppError::Transient(_))
        ));
    }
}
