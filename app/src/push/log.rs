//! The push sender used until FCM and APNs credentials are configured: each notice is
//! logged (naming the device by a prefix of its token's hash, never the token) and counts
//! as delivered, so the outbox does not keep retrying what no sender can deliver.

use chrono::{DateTime, Utc};

use super::{Push, PushError, PushSender};

/// Logs push notices instead of sending them.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogPushSender;

impl PushSender for LogPushSender {
    async fn send(&self, push: Push, _now: DateTime<Utc>) -> Result<(), PushError> {
        tracing::info!(
            id = push.id,
            device = push.device(),
            title = push.title,
            body = push.body,
            "push notice logged (no push service configured)"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push(token: &str) -> Push {
        Push {
            id: "message-1".to_owned(),
            token: token.to_owned(),
            title: "Payment received".to_owned(),
            body: "Your appointment is confirmed.".to_owned(),
        }
    }

    #[test]
    fn a_device_is_named_by_a_short_hash_not_its_token() {
        let token = "fcm-token-secret-part-that-must-not-be-logged";
        let device = push(token).device();
        assert_eq!(device.len(), 12);
        assert!(device.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!token.contains(&device));
        assert_eq!(device, push(token).device(), "stable");
        assert_ne!(device, push("another-token").device());
    }

    #[tokio::test]
    async fn a_logged_notice_counts_as_delivered() {
        let sent = LogPushSender.send(push("t"), DateTime::UNIX_EPOCH).await;
        assert!(sent.is_ok());
    }
}
