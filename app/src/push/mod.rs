//! Sending the outbox's push notices. Behind [`PushSender`]: [`FcmSender`] (Firebase Cloud
//! Messaging, which reaches android and, through the app's Firebase SDK, ios) when a service
//! account is configured, else [`LogPushSender`], which only logs that a notice would have
//! gone out (development).

pub mod fcm;
mod log;

use std::future::Future;

use chrono::{DateTime, Utc};
use paspor_persistence::outbox::OutboxMessage;
use sha2::{Digest, Sha256};

pub use fcm::FcmSender;
pub use log::LogPushSender;

/// One push notice to deliver.
#[derive(Clone)]
pub struct Push {
    /// The outbox message's id, so that a retried notice can be recognised as the same.
    pub id: String,
    /// The device's push token.
    pub token: String,
    /// The title line.
    pub title: String,
    /// The one line under it.
    pub body: String,
}

impl From<&OutboxMessage> for Push {
    fn from(message: &OutboxMessage) -> Push {
        Push {
            id: message.id.clone(),
            token: message.recipient.clone(),
            title: message.subject.clone(),
            body: message.body.clone(),
        }
    }
}

impl Push {
    /// A short, stable name of the device for logs: the first 12 hex digits of the token's
    /// SHA-256, the prefix of its `token_hash` in the devices table. The token itself
    /// never goes to a log: whoever holds it can send notices to the phone.
    pub fn device(&self) -> String {
        let mut digest = hex::encode(Sha256::digest(self.token.as_bytes()));
        digest.truncate(12);
        digest
    }
}

/// Why a push notice was not delivered, split by whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// It can never be delivered as it is (e.g. the push service says the token is gone).
    #[error("{0}")]
    Permanent(String),
    /// The push service no longer knows the device's token (the app was uninstalled, the
    /// token replaced): permanent, and the device is removed from its account.
    #[error("{0}")]
    Unregistered(String),
    /// It failed this time (push service down, time-out); a later attempt may succeed.
    #[error("{0}")]
    Transient(String),
    /// The push service is overloaded and asked to be called again no sooner than this.
    #[error("{0}")]
    RetryAfter(String, chrono::TimeDelta),
}

impl PushError {
    /// Whether retrying is pointless.
    pub fn is_permanent(&self) -> bool {
        matches!(self, PushError::Permanent(_) | PushError::Unregistered(_))
    }
}

/// The push sender the configuration chose.
pub enum ConfiguredPush {
    /// Development: notices are logged.
    Log(LogPushSender),
    /// Firebase Cloud Messaging.
    Fcm(Box<FcmSender>),
}

impl ConfiguredPush {
    /// FCM when a service account is configured, else the log.
    pub fn from_config(settings: &crate::config::PushSettings) -> Result<ConfiguredPush, String> {
        Ok(match &settings.fcm {
            Some(account) => ConfiguredPush::Fcm(Box::new(FcmSender::new(
                account.clone(),
                &settings.fcm_base_url,
            )?)),
            None => ConfiguredPush::Log(LogPushSender),
        })
    }

    /// Where notices go, for the start-up log.
    pub fn describe(&self) -> String {
        match self {
            ConfiguredPush::Log(_) => "log".to_owned(),
            ConfiguredPush::Fcm(fcm) => format!("fcm project {}", fcm.project()),
        }
    }
}

impl PushSender for ConfiguredPush {
    async fn send(&self, push: Push, now: DateTime<Utc>) -> Result<(), PushError> {
        match self {
            ConfiguredPush::Log(log) => log.send(push, now).await,
            ConfiguredPush::Fcm(fcm) => fcm.send(push, now).await,
        }
    }
}

/// Delivers push notices.
pub trait PushSender: Send + Sync + 'static {
    /// Delivers one notice at `now`; `Ok` once the push service has accepted it.
    fn send(
        &self,
        push: Push,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), PushError>> + Send;
}
