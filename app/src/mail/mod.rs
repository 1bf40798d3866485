//! Sending the outbox's email. Development appends each message as a JSON line to a file
//! (like Django's file backend), where a developer reads the one-time codes; production
//! sends through an SMTP relay. Neither blocks an async worker: file writes run on the
//! blocking pool, and SMTP goes through lettre's tokio transport.

mod file;
mod smtp;

use std::future::Future;

use chrono::{DateTime, Utc};
use paspor_persistence::outbox::OutboxMessage;

use crate::config::OutboxConfig;

pub use file::FileMailer;
pub use smtp::SmtpMailer;

/// One email to deliver.
#[derive(Clone)]
pub struct Email {
    /// The outbox message's id, so that a retried email can be recognised as the same.
    pub id: String,
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain text.
    pub body: String,
    /// The one-time code the text carries, if any.
    pub code: Option<String>,
}

impl From<&OutboxMessage> for Email {
    fn from(message: &OutboxMessage) -> Email {
        Email {
            id: message.id.clone(),
            to: message.recipient.clone(),
            subject: message.subject.clone(),
            body: message.body.clone(),
            code: message.code.clone(),
        }
    }
}

/// Why an email was not delivered, split by whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// It can never be sent as it is (a malformed address, a permanent SMTP refusal).
    #[error("{0}")]
    Permanent(String),
    /// It failed this time (relay down, time-out, disk full); a later attempt may succeed.
    #[error("{0}")]
    Transient(String),
}

impl MailError {
    /// Whether retrying is pointless.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Permanent(_))
    }
}

/// Delivers email.
pub trait Mailer: Send + Sync + 'static {
    /// Delivers one email at `now`; `Ok` once the file or the relay has accepted it.
    fn send(
        &self,
        email: Email,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), MailError>> + Send;
}

/// The mailer the configuration chose: SMTP when a relay is set, else the file.
pub enum ConfiguredMailer {
    /// Development: JSON lines in a file.
    File(FileMailer),
    /// Production: an SMTP relay.
    Smtp(Box<SmtpMailer>),
}

impl ConfiguredMailer {
    /// Builds the configured mailer; nothing is opened or connected yet.
    pub fn from_config(config: &OutboxConfig) -> Result<ConfiguredMailer, MailError> {
        use secrecy::ExposeSecret;
        Ok(match &config.smtp_url {
            Some(url) => ConfiguredMailer::Smtp(Box::new(SmtpMailer::new(
                url.expose_secret(),
                &config.mail_from,
            )?)),
            None => ConfiguredMailer::File(FileMailer::new(config.mail_file.clone())),
        })
    }

    /// Where email goes, for the start-up log (never the relay's credentials).
    pub fn describe(&self) -> String {
        match self {
            ConfiguredMailer::File(file) => format!("file {}", file.path().display()),
            ConfiguredMailer::Smtp(smtp) => format!("smtp {}", smtp.relay()),
        }
    }
}

impl Mailer for ConfiguredMailer {
    async fn send(&self, email: Email, now: DateTime<Utc>) -> Result<(), MailError> {
        match self {
            ConfiguredMailer::File(file) => file.send(email, now).await,
            ConfiguredMailer::Smtp(smtp) => smtp.send(email, now).await,
        }
    }
}
