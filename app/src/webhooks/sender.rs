//! Sending one delivery: a signed JSON POST, with the outcome as the attempt log keeps it.
//!
//! The client never follows redirects (a public URL could otherwise bounce the request
//! to an internal one), ignores proxy settings, gives up after the configured timeout,
//! and resolves names through the SSRF guard (see [`super::guard`]).

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use paspor_persistence::webhooks::{Attempt, DueDelivery};
use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, HeaderValue, LOCATION};

use super::guard::{GuardedResolver, refused_literal};
use crate::config::WebhookSettings;
use crate::signature::{SIGNATURE_HEADER, sign};

/// The header naming the event's id.
const EVENT_ID_HEADER: &str = "Paspor-Event-Id";

/// The header naming the event's type.
const EVENT_TYPE_HEADER: &str = "Paspor-Event-Type";

/// Sends deliveries; cheap to clone (one connection pool).
#[derive(Clone)]
pub struct WebhookSender {
    client: reqwest::Client,
    allow_private: bool,
    timeout_seconds: u64,
}

impl WebhookSender {
    /// A sender with the configured timeout and guard.
    pub fn new(settings: &WebhookSettings) -> anyhow::Result<WebhookSender> {
        let mut builder = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("paspor-webhooks/", env!("CARGO_PKG_VERSION")));
        if !settings.allow_private {
            builder = builder.dns_resolver(Arc::new(GuardedResolver));
        }
        Ok(WebhookSender {
            client: builder.build()?,
            allow_private: settings.allow_private,
            timeout_seconds: settings.timeout.as_secs(),
        })
    }

    /// Sends `delivery`, signed at `now`; returns the attempt as logged.
    pub async fn send(&self, delivery: &DueDelivery, now: DateTime<Utc>) -> Attempt {
        let started = Instant::now();
        let outcome = self.post(delivery, now).await;
        let duration_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        let (status_code, error) = match outcome {
            Ok(status) => (Some(status.as_u16()), None),
            Err((status, error)) => (status, Some(error)),
        };
        Attempt {
            at: now,
            duration_ms,
            status_code,
            succeeded: error.is_none(),
            error,
        }
    }

    /// The receiver's 2xx status, or (its status if it answered, why it failed).
    async fn post(
        &self,
        delivery: &DueDelivery,
        now: DateTime<Utc>,
    ) -> Result<reqwest::StatusCode, (Option<u16>, String)> {
        let url = Url::parse(&delivery.url)
            .map_err(|error| (None, format!("the subscription's URL is invalid: {error}")))?;
        // Addresses written into the URL never reach the resolver: judged here.
        if !self.allow_private
            && let Some(reason) = refused_literal(&url)
        {
            return Err((None, format!("not sent: {reason}")));
        }
        let signature = sign(delivery.secret.as_bytes(), now, delivery.body.as_bytes());
        let sent = self
            .client
            .post(url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(SIGNATURE_HEADER, signature)
            .header(EVENT_ID_HEADER, &delivery.event_id)
            .header(EVENT_TYPE_HEADER, delivery.event_type.as_str())
            .body(delivery.body.clone())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => return Err((None, self.describe(&error))),
        };
        let status = response.status();
        if status.is_success() {
            return Ok(status);
        }
        let reason = if status.is_redirection() {
            let target = response
                .headers()
                .get(LOCATION)
                .and_then(|value| value.to_str().ok())
                .unwrap_or("nowhere");
            format!("answered {status} to {target}: redirects are never followed")
        } else {
            format!("answered {status}")
        };
        Err((Some(status.as_u16()), reason))
    }

    /// Why a request got no answer, with its causes (the guard's refusal among them).
    fn describe(&self, error: &reqwest::Error) -> String {
        if error.is_timeout() {
            return format!("no answer within {} s", self.timeout_seconds);
        }
        let mut text = if error.is_connect() {
            "could not connect".to_owned()
        } else {
            "the request failed".to_owned()
        };
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}
