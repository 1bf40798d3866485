//! Publishing events: one call inside the transaction of the change, which records the
//! event (its body fixed there, byte for byte) and one delivery per active subscription
//! of an active client that wants it. Nothing is sent here; the delivery job sends once
//! the transaction has committed, and nothing is announced for a change that rolled back.
//!
//! Where events are published:
//! - `application.status_changed`: [`application_status_changed`], called by every
//!   applicant-side move (booking, payment, expiry, cancellation) and, through
//!   `office::notify::notify_holder`, by every office-side one;
//! - `payment.received`: [`payment_received`], where a payment notice is applied;
//! - `passport.issued`: [`passport_issued`], to be called by the issuance step (in its
//!   transaction, after the move to `issued`).

use chrono::{DateTime, Utc};
use paspor_domain::ApplicationStatus;
use paspor_domain::integrator::{EventType, RETRY_WINDOW};
use paspor_openapi::{
    ApplicationStatusChangedData, PassportIssuedData, PaymentReceivedData, WebhookEventDto,
};
use paspor_persistence::{DbConnection, StoreError, StoreResult, integrators, new_id, webhooks};
use serde::Serialize;

/// Records `event` with `data` for every subscription that wants it; returns the event's
/// id, or `None` when no subscription wants it (then nothing is recorded). Call it inside
/// the transaction of the change the event announces.
pub fn publish<D: Serialize>(
    conn: &mut DbConnection,
    event: EventType,
    data: &D,
    now: DateTime<Utc>,
) -> StoreResult<Option<String>> {
    let subscribers = webhooks::subscribers(conn, event)?;
    if subscribers.is_empty() {
        return Ok(None);
    }
    let id = new_id();
    let body = serde_json::to_string(&WebhookEventDto {
        id: id.clone(),
        event_type: event.into(),
        created_at: now,
        data,
    })
    .map_err(|error| StoreError::corrupt(format!("event body not serialisable: {error}")))?;
    webhooks::insert_event(conn, &id, event, &body, now)?;
    for subscription in &subscribers {
        webhooks::insert_delivery(conn, subscription, &id, now, now + RETRY_WINDOW)?;
    }
    tracing::debug!(event = %event, id, deliveries = subscribers.len(), "webhook event recorded");
    Ok(Some(id))
}

/// Announces that application `application_id` moved, with the status it is in now.
pub fn application_status_changed(
    conn: &mut DbConnection,
    application_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let Some((status, _)) = integrators::application_status(conn, application_id)? else {
        return Ok(());
    };
    application_moved(conn, application_id, status, now)
}

/// Announces that application `application_id` has just moved to `status` (for a write
/// that knows it, without reading it again).
pub fn application_moved(
    conn: &mut DbConnection,
    application_id: &str,
    status: ApplicationStatus,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let data = ApplicationStatusChangedData {
        application_id: application_id.to_owned(),
        status: status.into(),
        changed_at: now,
    };
    publish(conn, EventType::ApplicationStatusChanged, &data, now)?;
    Ok(())
}

/// Announces a payment applied to an application.
pub fn payment_received(
    conn: &mut DbConnection,
    data: &PaymentReceivedData,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    publish(conn, EventType::PaymentReceived, data, now)?;
    Ok(())
}

/// Announces a passport issued for application `application_id`.
pub fn passport_issued(
    conn: &mut DbConnection,
    application_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let data = PassportIssuedData {
        application_id: application_id.to_owned(),
        issued_at: now,
    };
    publish(conn, EventType::PassportIssued, &data, now)?;
    Ok(())
}
