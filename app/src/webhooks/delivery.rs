//! The delivery job's work: claim the due deliveries (one batch), send them at once, and
//! log each attempt with what follows it (delivered, retried later with backoff, or given
//! up once the 24-hour window has closed).

use std::sync::Arc;

use chrono::TimeDelta;
use paspor_domain::integrator::next_attempt;
use paspor_persistence::webhooks::{self, AfterAttempt, DueDelivery};
use tokio::task::JoinSet;

use super::sender::WebhookSender;
use crate::clock::Clock;
use crate::db::Db;
use crate::refusal::Refusal;

/// How many deliveries one claim takes; they are sent concurrently.
pub const BATCH: usize = 20;

/// The claim's lease: a batch is sent at once, so one timeout and a margin cover it.
fn lease(timeout: std::time::Duration) -> TimeDelta {
    TimeDelta::from_std(timeout).unwrap_or(TimeDelta::minutes(1)) + TimeDelta::minutes(1)
}

/// Claims the due deliveries (one batch), sends them, and logs every attempt; returns how
/// many were claimed.
pub async fn deliver_due(
    db: &Db,
    sender: &WebhookSender,
    clock: &Arc<dyn Clock>,
    timeout: std::time::Duration,
) -> Result<usize, Refusal> {
    let now = clock.now();
    let lease = lease(timeout);
    let claimed = db
        .run(move |conn| webhooks::claim_due(conn, now, BATCH as i64, lease))
        .await?;
    let count = claimed.len();
    let mut sending = JoinSet::new();
    for delivery in claimed {
        sending.spawn(deliver(db.clone(), sender.clone(), clock.clone(), delivery));
    }
    let mut failed = None;
    while let Some(done) = sending.join_next().await {
        match done {
            Ok(Ok(())) => {}
            Ok(Err(error)) => failed = Some(error),
            Err(panicked) => failed = Some(Refusal::internal(panicked)),
        }
    }
    failed.map_or(Ok(count), Err)
}

async fn deliver(
    db: Db,
    sender: WebhookSender,
    clock: Arc<dyn Clock>,
    delivery: DueDelivery,
) -> Result<(), Refusal> {
    let attempt = sender.send(&delivery, clock.now()).await;
    let failures = delivery.attempts + 1;
    let after = if attempt.succeeded {
        AfterAttempt::Delivered
    } else {
        match next_attempt(failures, clock.now(), delivery.retry_until, rand::random()) {
            Some(at) => AfterAttempt::RetryAt(at),
            None => AfterAttempt::GiveUp,
        }
    };
    match (&after, &attempt.error) {
        (AfterAttempt::Delivered, _) => tracing::info!(
            delivery = delivery.id,
            event = delivery.event_id,
            status = attempt.status_code,
            "webhook delivered"
        ),
        (AfterAttempt::RetryAt(at), error) => tracing::warn!(
            delivery = delivery.id,
            event = delivery.event_id,
            attempts = failures,
            error = error.as_deref().unwrap_or_default(),
            retry_at = %at,
            "webhook delivery failed; will retry"
        ),
        (AfterAttempt::GiveUp, error) => tracing::error!(
            delivery = delivery.id,
            event = delivery.event_id,
            attempts = failures,
            error = error.as_deref().unwrap_or_default(),
            "webhook delivery given up after its retry window"
        ),
    }
    let id = delivery.id.clone();
    let recorded = db
        .run(move |conn| webhooks::record_attempt(conn, &id, &attempt, after))
        .await;
    if let Err(error) = &recorded {
        // It stays claimed and is sent again when the lease lapses: at least once.
        tracing::error!(delivery = delivery.id, %error, "a webhook attempt was not logged");
    }
    recorded
}
