//! Outgoing webhooks to integrators: [`WebhookSettings`] and `PASPOR_WEBHOOK_ALLOW_PRIVATE`.

use std::time::Duration;

use super::Environment;
use super::parse::flag;

/// Outgoing webhooks to integrators.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// `PASPOR_WEBHOOK_ALLOW_PRIVATE`: accept subscriber URLs whose host is (or resolves to)
    /// a loopback, private, link-local or other non-public address. Default false in
    /// production (such URLs would let an integrator make the server call its own network:
    /// SSRF), true in development, so that a receiver on the developer's machine works.
    pub allow_private: bool,
    /// Whether subscriber URLs must be `https://`: in production.
    pub require_https: bool,
    /// How often the delivery worker looks for due deliveries: 1 s.
    pub poll_interval: Duration,
    /// How long one delivery may take, connection included: 10 s.
    pub timeout: Duration,
}

impl WebhookSettings {
    pub(super) fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        environment: Environment,
        problems: &mut Vec<String>,
    ) -> WebhookSettings {
        let production = environment == Environment::Production;
        WebhookSettings {
            allow_private: flag(
                get("PASPOR_WEBHOOK_ALLOW_PRIVATE"),
                "PASPOR_WEBHOOK_ALLOW_PRIVATE",
                !production,
                problems,
            ),
            require_https: production,
            poll_interval: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
        }
    }

    /// Development settings polled often, so that tests wait little; private addresses
    /// allowed, so that a test's receiver on 127.0.0.1 works.
    pub(super) fn for_tests() -> WebhookSettings {
        WebhookSettings {
            allow_private: true,
            require_https: false,
            poll_interval: Duration::from_millis(50),
            timeout: Duration::from_secs(10),
        }
    }
}
