//! The development WhatsApp sender: each message appended to the development mail file as
//! one JSON line (`to` is `whatsapp:+62...`, `subject` the template, `body` its filled
//! JSON, `code` a verification code), so that a developer without a Meta account can
//! verify a phone number as they verify an email address. Never used in production.

use chrono::{DateTime, Utc};

use super::{WhatsAppError, WhatsAppMessage, WhatsAppSender};
use crate::mail::{Email, FileMailer, MailError, Mailer};

/// Writes WhatsApp messages to the development mail file.
#[derive(Debug, Clone)]
pub struct FileWhatsAppSender {
    file: FileMailer,
}

impl FileWhatsAppSender {
    /// A sender appending to the mail file `file` writes.
    pub fn new(file: FileMailer) -> FileWhatsAppSender {
        FileWhatsAppSender { file }
    }
}

impl WhatsAppSender for FileWhatsAppSender {
    async fn send(
        &self,
        message: WhatsAppMessage,
        now: DateTime<Utc>,
    ) -> Result<(), WhatsAppError> {
        let email = Email {
            id: message.id,
            to: format!("whatsapp:+{}", message.to),
            subject: message.template.name.clone(),
            body: serde_json::to_string(&message.template).unwrap_or_default(),
            code: message.template.code.clone(),
        };
        self.file
            .send(email, now)
            .await
            .map_err(|error| match error {
                MailError::Permanent(reason) => WhatsAppError::Permanent(reason),
                MailError::Transient(reason) => WhatsAppError::Transient(reason),
            })
    }
}
