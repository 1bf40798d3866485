//! Outgoing email: [`OutboxConfig`] (`PASPOR_MAIL_FILE`, `PASPOR_SMTP_URL`,
//! `PASPOR_MAIL_FROM`) and the check of an SMTP URL.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use super::Environment;

/// Where development email goes when no SMTP relay is set.
const DEFAULT_MAIL_FILE: &str = "./data/outbox.jsonl";

/// The sender of every email unless `PASPOR_MAIL_FROM` says otherwise.
const DEFAULT_MAIL_FROM: &str = "Paspor <no-reply@paspor.example>";

/// Where outgoing messages go and how often the outbox is looked at.
#[derive(Debug, Clone)]
pub struct OutboxConfig {
    /// `PASPOR_MAIL_FILE`: the file email is appended to, one JSON line each, when no SMTP
    /// relay is set (development); default `./data/outbox.jsonl`.
    pub mail_file: PathBuf,
    /// `PASPOR_SMTP_URL`: the SMTP relay (`smtps://user:pass@host:465`, or
    /// `smtp://...:587?tls=required` for STARTTLS); when set, email goes there. Required in
    /// production. Secret, as it holds a password: its `Debug` shows nothing.
    pub smtp_url: Option<SecretString>,
    /// `PASPOR_MAIL_FROM`: the sender of every email, a valid mailbox; default
    /// `Paspor <no-reply@paspor.example>`.
    pub mail_from: String,
    /// How often the delivery worker looks for due messages when nobody wakes it: 1 s.
    pub poll_interval: Duration,
}

impl OutboxConfig {
    pub(super) fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        environment: Environment,
        problems: &mut Vec<String>,
    ) -> OutboxConfig {
        let production = environment == Environment::Production;
        let smtp_url = get("PASPOR_SMTP_URL");
        // Problems never repeat the URL: it holds a password.
        match smtp_url.map(|url| (url, check_smtp_url(url))) {
            None if production => problems.push(
                "PASPOR_SMTP_URL is required in production \
                 (e.g. smtps://user:password@smtp.example.com:465)"
                    .to_owned(),
            ),
            None => {}
            Some((_, Err(reason))) => {
                problems.push(format!(
                    "PASPOR_SMTP_URL is not a usable SMTP URL: {reason}"
                ));
            }
            // lettre speaks plain text on `smtp://` unless told to require TLS.
            Some((url, Ok(()))) => {
                let plain = url.starts_with("smtp://") && !url.contains("tls=required");
                if production && plain && url.contains('@') {
                    problems.push(
                        "PASPOR_SMTP_URL would send its password unencrypted: \
                         use smtps:// or add ?tls=required"
                            .to_owned(),
                    );
                }
            }
        }
        let mail_from = get("PASPOR_MAIL_FROM").unwrap_or(DEFAULT_MAIL_FROM);
        if let Err(error) = mail_from.parse::<lettre::message::Mailbox>() {
            problems.push(format!(
                "PASPOR_MAIL_FROM is {mail_from:?}: it must be a mailbox \
                 like `Paspor <no-reply@example.go.id>` ({error})"
            ));
        }
        OutboxConfig {
            mail_file: PathBuf::from(get("PASPOR_MAIL_FILE").unwrap_or(DEFAULT_MAIL_FILE)),
            smtp_url: smtp_url.map(SecretString::from),
            mail_from: mail_from.to_owned(),
            poll_interval: Duration::from_secs(1),
        }
    }

    /// Email to the default file (the black-box tests give each server its own), looked
    /// for often so that tests wait little.
    pub(super) fn for_tests() -> OutboxConfig {
        OutboxConfig {
            mail_file: PathBuf::from(DEFAULT_MAIL_FILE),
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            poll_interval: Duration::from_millis(50),
        }
    }
}

/// Whether `url` names a relay lettre can use, checked without connecting. The reason never
/// repeats the URL, which holds a password.
pub(super) fn check_smtp_url(url: &str) -> Result<(), String> {
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
        .map(drop)
        .map_err(|error| error.to_string())
}
