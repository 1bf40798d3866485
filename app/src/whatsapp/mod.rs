//! WhatsApp notices: template messages through the WhatsApp Business Cloud API, sent only
//! to a number the account has verified by a code sent to it and for which the person
//! opted in (UU 27/2022: consent, recorded with its time, withdrawable).
//!
//! Messages go through the outbox like email and push: recorded in the transaction of
//! their cause ([`enqueue_for_account`]), delivered by the worker through a
//! [`WhatsAppSender`]: [`CloudWhatsAppSender`] when an account is configured, else
//! [`LogWhatsAppSender`] (development). The templates are registered with Meta by the
//! operator; their names and parameters are in [`templates`].

mod cloud;
mod file;
mod log;
pub mod notices;
pub mod templates;

use std::future::Future;

use chrono::{DateTime, TimeDelta, Utc};
use paspor_persistence::accounts::users::UserRecord;
use paspor_persistence::outbox::{self, Channel, NewMessage, OutboxMessage};
use paspor_persistence::{DbConnection, StoreError};
use serde::{Deserialize, Serialize};

pub use cloud::CloudWhatsAppSender;
pub use file::FileWhatsAppSender;
pub use log::LogWhatsAppSender;
pub use templates::Template;

use crate::config::WhatsAppSettings;
use crate::locale::Language;

/// One template message to deliver.
#[derive(Clone)]
pub struct WhatsAppMessage {
    /// The outbox message's id.
    pub id: String,
    /// The recipient in international form without `+` (`62812...`), as the API takes it.
    pub to: String,
    /// The template and what fills it.
    pub template: Filled,
}

/// A template with its language and parameters, as the outbox keeps it (the body, JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filled {
    /// The template's name as registered with Meta.
    pub name: String,
    /// `id` or `en`.
    pub language: String,
    /// The body's parameters, in order.
    pub params: Vec<String>,
    /// An authentication template's code, also given to its copy-code button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl TryFrom<&OutboxMessage> for WhatsAppMessage {
    type Error = WhatsAppError;

    fn try_from(message: &OutboxMessage) -> Result<WhatsAppMessage, WhatsAppError> {
        let template: Filled = serde_json::from_str(&message.body).map_err(|error| {
            WhatsAppError::Permanent(format!("the stored template is unreadable: {error}"))
        })?;
        Ok(WhatsAppMessage {
            id: message.id.clone(),
            to: message.recipient.trim_start_matches('+').to_owned(),
            template,
        })
    }
}

/// Why a message was not delivered, split by whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum WhatsAppError {
    /// It can never be delivered as it is (no WhatsApp on the number, unknown template).
    #[error("{0}")]
    Permanent(String),
    /// It failed this time; a later attempt may succeed.
    #[error("{0}")]
    Transient(String),
    /// Rate-limited: call again no sooner than this.
    #[error("{0}")]
    RetryAfter(String, TimeDelta),
}

/// Delivers WhatsApp template messages.
pub trait WhatsAppSender: Send + Sync + 'static {
    /// Delivers one message at `now`; `Ok` once the API has accepted it.
    fn send(
        &self,
        message: WhatsAppMessage,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), WhatsAppError>> + Send;
}

/// The sender the configuration chose.
pub enum ConfiguredWhatsApp {
    /// Production without an account: messages are logged.
    Log(LogWhatsAppSender),
    /// Development without an account: messages go to the mail file.
    File(FileWhatsAppSender),
    /// The WhatsApp Business Cloud API.
    Cloud(Box<CloudWhatsAppSender>),
}

impl ConfiguredWhatsApp {
    /// The Cloud API when an account is configured; else `development_file` (the mail
    /// file, in development only) or the log.
    pub fn from_config(
        settings: &WhatsAppSettings,
        development_file: Option<std::path::PathBuf>,
    ) -> Result<ConfiguredWhatsApp, String> {
        Ok(match (&settings.cloud, development_file) {
            (Some(cloud), _) => {
                ConfiguredWhatsApp::Cloud(Box::new(CloudWhatsAppSender::new(cloud)?))
            }
            (None, Some(file)) => ConfiguredWhatsApp::File(FileWhatsAppSender::new(
                crate::mail::FileMailer::new(file),
            )),
            (None, None) => ConfiguredWhatsApp::Log(LogWhatsAppSender),
        })
    }

    /// Where messages go, for the start-up log.
    pub fn describe(&self) -> &'static str {
        match self {
            ConfiguredWhatsApp::Log(_) => "log",
            ConfiguredWhatsApp::File(_) => "mail file",
            ConfiguredWhatsApp::Cloud(_) => "cloud api",
        }
    }
}

impl WhatsAppSender for ConfiguredWhatsApp {
    async fn send(
        &self,
        message: WhatsAppMessage,
        now: DateTime<Utc>,
    ) -> Result<(), WhatsAppError> {
        match self {
            ConfiguredWhatsApp::Log(log) => log.send(message, now).await,
            ConfiguredWhatsApp::File(file) => file.send(message, now).await,
            ConfiguredWhatsApp::Cloud(cloud) => cloud.send(message, now).await,
        }
    }
}

/// The outbox message that sends `template` to `phone` (`+62...`).
pub fn message(phone: &str, template: &Filled) -> NewMessage {
    NewMessage {
        channel: Channel::WhatsApp,
        recipient: phone.to_owned(),
        subject: template.name.clone(),
        body: serde_json::to_string(template).unwrap_or_default(),
        code: template.code.clone(),
    }
}

/// Records `template` for the account's phone when, and only when, the account is open,
/// its number verified and the person opted in to WhatsApp notices; returns how many
/// messages were recorded (0 or 1). Call it inside the transaction of the change that causes
/// the notice, with the account as that transaction read it.
pub fn enqueue_for_user(
    conn: &mut DbConnection,
    user: &UserRecord,
    template: Template,
    language: Language,
    params: Vec<String>,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let reachable = user.closed_at.is_none()
        && user.phone_verified_at.is_some()
        && user.whatsapp_opted_in_at.is_some()
        && !user.phone.is_empty();
    if !reachable {
        return Ok(0);
    }
    let phone = &user.phone;
    let filled = template.fill(language, params);
    outbox::enqueue(conn, &message(phone, &filled), now)?;
    Ok(1)
}
