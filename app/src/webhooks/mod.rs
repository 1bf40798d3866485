//! Outgoing webhooks to integrators: events published inside the transactions of the
//! changes they announce ([`publish`]), subscriptions and their delivery logs as their
//! integrator manages them, the SSRF guard, and the signed delivery with its retries.
//!
//! A delivery is a POST of the event's JSON body with `Paspor-Signature: t=<unix
//! seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the subscription's secret (the
//! same scheme as incoming payment notices), `Paspor-Event-Id` and `Paspor-Event-Type`.
//! A 2xx answer delivers it; anything else is retried with exponential backoff for 24
//! hours (see `paspor_domain::integrator::next_attempt`), every attempt logged.

mod delivery;
pub mod guard;
mod publish;
mod sender;
mod subscriptions;

pub use delivery::{BATCH, deliver_due};
pub use publish::{
    application_moved, application_status_changed, passport_issued, payment_received,
};
pub use sender::WebhookSender;
pub use subscriptions::{
    create_subscription, delete_subscription, list_deliveries, list_subscriptions, replay_delivery,
    show_subscription,
};

#[cfg(test)]
mod tests;
