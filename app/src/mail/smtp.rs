//! The production mailer: lettre's SMTP transport on tokio, with rustls (on ring) for TLS.
//!
//! The relay is named by a URL: `smtps://user:password@host:465` (TLS from the start),
//! `smtp://user:password@host:587?tls=required` (STARTTLS), or `smtp://host:25` (plain text,
//! only for a relay on a trusted network: lettre sends `smtp://` without TLS unless told).

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Email, MailError, Mailer};

/// How long one SMTP exchange may take; the worker's own time-out is longer.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);

/// Sends email through an SMTP relay.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    relay: String,
}

impl SmtpMailer {
    /// A mailer for the relay at `url`, sending as `from` (a mailbox such as
    /// `Paspor <no-reply@example.go.id>`). Connects only when sending.
    pub fn new(url: &str, from: &str) -> Result<SmtpMailer, MailError> {
        let from = from
            .parse()
            .map_err(|error| MailError::Permanent(format!("unusable sender {from:?}: {error}")))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| MailError::Permanent(format!("unusable SMTP URL: {error}")))?
            .timeout(Some(COMMAND_TIMEOUT))
            .build();
        Ok(SmtpMailer {
            transport,
            from,
            relay: relay_of(url),
        })
    }

    /// The relay's host and port, without credentials, for logs.
    pub fn relay(&self) -> &str {
        &self.relay
    }
}

impl Mailer for SmtpMailer {
    async fn send(&self, email: Email, now: DateTime<Utc>) -> Result<(), MailError> {
        let to: Mailbox = email.to.parse().map_err(|error| {
            MailError::Permanent(format!("the recipient is not an email address: {error}"))
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            // The outbox id makes a retried email recognisable as the same one.
            .message_id(Some(format!("<{}@{}>", email.id, self.from.email.domain())))
            .date(SystemTime::from(now))
            .subject(email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body)
            .map_err(|error| MailError::Permanent(format!("cannot build the email: {error}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(MailError::Permanent(error.to_string())),
            Err(error) => Err(MailError::Transient(error.to_string())),
        }
    }
}

/// `host:port` of an SMTP URL, dropping the user and password.
fn relay_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relay_shown_in_logs_has_no_credentials() {
        assert_eq!(
            relay_of("smtps://user:p%40ss@smtp.example.com:465"),
            "smtp.example.com:465"
        );
        assert_eq!(
            relay_of("smtp://mail.local:25?tls=required"),
            "mail.local:25"
        );
    }
}
