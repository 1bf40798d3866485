//! Outgoing webhooks: integrators' subscriptions, the events published to them, one
//! delivery per event and subscription, and the log of every attempt.
//!
//! Events are recorded in the transaction of the change that causes them (an outbox, as
//! for email), so that nothing is announced for a change that rolled back and nothing is
//! lost for one that committed. Workers in several processes claim due deliveries with a
//! lease (`claimed_until`), as the email outbox does: PostgreSQL skips rows another worker
//! has locked (`FOR UPDATE SKIP LOCKED`), SQLite's `BEGIN IMMEDIATE` runs one claim at a
//! time. Delivery is at least once; receivers deduplicate by event id.

use paspor_domain::integrator::EventType;

use crate::error::{StoreError, StoreResult};

mod deliveries;
mod subscriptions;

pub use deliveries::{
    AfterAttempt, Attempt, DeliveryRecord, DueDelivery, Replay, claim_due, find_delivery,
    insert_delivery, insert_event, list_deliveries, record_attempt, release, replay,
};
pub use subscriptions::{
    NewSubscription, SubscriptionRecord, delete_subscription, delete_subscriptions_of,
    find_subscription, insert_subscription, list_subscriptions, subscribers, subscription_by_url,
};

/// Where a delivery is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Waiting for its first or a further attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up: still failing when its retry window closed.
    Failed,
    /// Its subscription was deleted before it was delivered.
    Cancelled,
}

impl DeliveryStatus {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Cancelled => "cancelled",
        }
    }

    pub(crate) fn from_stored(stored: &str) -> StoreResult<DeliveryStatus> {
        match stored {
            "pending" => Ok(DeliveryStatus::Pending),
            "delivered" => Ok(DeliveryStatus::Delivered),
            "failed" => Ok(DeliveryStatus::Failed),
            "cancelled" => Ok(DeliveryStatus::Cancelled),
            other => Err(StoreError::corrupt(format!("delivery status {other:?}"))),
        }
    }
}

pub(crate) fn events_text(events: &[EventType]) -> String {
    events
        .iter()
        .map(|event| event.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn parse_events(stored: &str) -> StoreResult<Vec<EventType>> {
    stored
        .split(' ')
        .map(|code| {
            EventType::parse(code)
                .map_err(|_| StoreError::corrupt(format!("subscription event {code:?}")))
        })
        .collect()
}

pub(crate) fn parse_event(stored: &str) -> StoreResult<EventType> {
    EventType::parse(stored).map_err(|_| StoreError::corrupt(format!("event type {stored:?}")))
}
