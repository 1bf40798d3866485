//! The WhatsApp sender used until a Cloud API account is configured: each message is
//! logged (its template, never the number, the parameters or a code) and counts as
//! delivered.

use chrono::{DateTime, Utc};

use super::{WhatsAppError, WhatsAppMessage, WhatsAppSender};

/// Logs WhatsApp messages instead of sending them.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogWhatsAppSender;

impl WhatsAppSender for LogWhatsAppSender {
    async fn send(
        &self,
        message: WhatsAppMessage,
        _now: DateTime<Utc>,
    ) -> Result<(), WhatsAppError> {
        tracing::info!(
            id = message.id,
            template = message.template.name,
            language = message.template.language,
            "whatsapp message logged (no WhatsApp account configured)"
        );
        Ok(())
    }
}
