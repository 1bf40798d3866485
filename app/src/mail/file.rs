//! The development mailer: each email appended as one JSON line to a file, one-time code
//! included, where a developer (or a test) reads it instead of waiting for a real inbox.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Email, MailError, Mailer};

/// Appends email to a JSON-lines file, creating its folder on first use.
#[derive(Debug, Clone)]
pub struct FileMailer {
    path: PathBuf,
}

/// One line of the file.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    to: &'a str,
    subject: &'a str,
    body: &'a str,
    code: Option<&'a str>,
    sent_at: DateTime<Utc>,
}

impl FileMailer {
    /// A mailer writing to `path`.
    pub fn new(path: impl Into<PathBuf>) -> FileMailer {
        FileMailer { path: path.into() }
    }

    /// The file written to.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Mailer for FileMailer {
    async fn send(&self, email: Email, now: DateTime<Utc>) -> Result<(), MailError> {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || append(&path, &email, now))
            .await
            .map_err(|error| {
                MailError::Transient(format!("the mail file writer failed: {error}"))
            })?
    }
}

fn append(path: &Path, email: &Email, now: DateTime<Utc>) -> Result<(), MailError> {
    let mut line = serde_json::to_vec(&Line {
        id: &email.id,
        to: &email.to,
        subject: &email.subject,
        body: &email.body,
        code: email.code.as_deref(),
        sent_at: now,
    })
    .map_err(|error| MailError::Permanent(format!("cannot encode the email: {error}")))?;
    line.push(b'\n');
    let io = |what: &str, error: std::io::Error| {
        MailError::Transient(format!("{what} {}: {error}", path.display()))
    };
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io("creating the folder of", e))?;
    }
    // The whole line in one write to a file opened for appending, so that lines from
    // several processes sharing the file do not interleave.
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(&line))
        .map_err(|e| io("appending to", e))
}
