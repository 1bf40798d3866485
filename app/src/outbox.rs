//! The outbox as the api uses it: the handle that wakes the delivery worker, and the
//! delivery of one batch of due messages (email through the mailer, push notices through
//! the push sender, WhatsApp through its sender) with its retry policy. A push token the
//! push service says is gone is removed from its account's devices here.
//!
//! A handler records a message with `paspor_persistence::outbox::enqueue` inside the
//! transaction of the change that causes it and, once that has committed, calls
//! `state.outbox.wake()`, so the worker delivers at once instead of at its next poll.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use paspor_persistence::devices;
use paspor_persistence::outbox::{self, Channel, OutboxMessage};
use paspor_persistence::write_transaction;
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::db::Db;
use crate::mail::{Email, MailError, Mailer};
use crate::push::{Push, PushError, PushSender};
use crate::refusal::Refusal;
use crate::whatsapp::{WhatsAppError, WhatsAppMessage, WhatsAppSender};

/// How many messages one claim takes.
pub const BATCH: usize = 50;

/// How long one delivery may take before it counts as failed.
const SEND_TIMEOUT: Duration = Duration::from_secs(20);

/// The first retry waits this long; each further one twice as long as the one before...
const FIRST_RETRY: TimeDelta = TimeDelta::seconds(10);

/// ...but never longer than this.
const LONGEST_RETRY: TimeDelta = TimeDelta::hours(1);

/// A message still failing this long after it was recorded is given up.
const GIVE_UP_AFTER: TimeDelta = TimeDelta::hours(24);

/// Wakes this process's delivery worker; cheap to clone and to call.
#[derive(Clone, Default)]
pub struct Outbox {
    wake: Arc<Notify>,
}

impl Outbox {
    /// A handle with no wake-up pending.
    pub fn new() -> Outbox {
        Outbox::default()
    }

    /// Asks the worker to deliver what is due now. Call it after the transaction that
    /// enqueued has committed: woken earlier, the worker might not see the message yet
    /// (it would still deliver it at its next poll). A wake-up while the worker is busy
    /// is kept, so none is lost.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits for the next [`Outbox::wake`].
    pub async fn woken(&self) {
        self.wake.notified().await;
    }
}

/// What delivers each channel's messages.
pub struct Senders<M, P, W> {
    /// Email.
    pub mail: M,
    /// Push notices.
    pub push: P,
    /// WhatsApp template messages.
    pub whatsapp: W,
}

/// Why one delivery failed, whatever the channel.
struct Failure {
    permanent: bool,
    reason: String,
    /// The service asked not to be called again before this long.
    retry_after: Option<TimeDelta>,
    /// The push service no longer knows the recipient's token.
    unregistered: bool,
}

impl Failure {
    fn new(permanent: bool, reason: String) -> Failure {
        Failure {
            permanent,
            reason,
            retry_after: None,
            unregistered: false,
        }
    }
}

impl From<MailError> for Failure {
    fn from(error: MailError) -> Failure {
        Failure::new(error.is_permanent(), error.to_string())
    }
}

impl From<PushError> for Failure {
    fn from(error: PushError) -> Failure {
        let mut failure = Failure::new(error.is_permanent(), error.to_string());
        match error {
            PushError::Unregistered(_) => failure.unregistered = true,
            PushError::RetryAfter(_, after) => failure.retry_after = Some(after),
            PushError::Permanent(_) | PushError::Transient(_) => {}
        }
        failure
    }
}

impl From<WhatsAppError> for Failure {
    fn from(error: WhatsAppError) -> Failure {
        let reason = error.to_string();
        match error {
            WhatsAppError::Permanent(_) => Failure::new(true, reason),
            WhatsAppError::Transient(_) => Failure::new(false, reason),
            WhatsAppError::RetryAfter(_, after) => Failure {
                retry_after: Some(after),
                ..Failure::new(false, reason)
            },
        }
    }
}

/// `sending`, or a transient failure once [`SEND_TIMEOUT`] has passed without an answer.
async fn timed<E: Into<Failure>>(
    sending: impl Future<Output = Result<(), E>>,
) -> Result<(), Failure> {
    match tokio::time::timeout(SEND_TIMEOUT, sending).await {
        Ok(outcome) => outcome.map_err(Into::into),
        Err(_) => Err(Failure::new(
            false,
            format!("no answer within {} s", SEND_TIMEOUT.as_secs()),
        )),
    }
}

/// Claims the due messages (one batch) and delivers them one by one, recording each
/// outcome; returns how many were claimed. Once `stopping` says so, the messages not yet
/// attempted are given back for the next worker.
pub async fn deliver_due<M: Mailer, P: PushSender, W: WhatsAppSender>(
    db: &Db,
    senders: &Senders<M, P, W>,
    clock: &dyn Clock,
    stopping: &(dyn Fn() -> bool + Sync),
) -> Result<usize, Refusal> {
    let now = clock.now();
    let claimed = db
        .run(move |conn| outbox::claim_due(conn, now, BATCH as i64, lease()))
        .await?;
    let count = claimed.len();
    let mut queue = claimed.into_iter();
    while let Some(message) = queue.next() {
        if stopping() {
            let rest: Vec<String> = std::iter::once(message)
                .chain(queue)
                .map(|message| message.id)
                .collect();
            db.run(move |conn| outbox::release(conn, &rest)).await?;
            break;
        }
        // Each message is held afresh just before its turn, so that the batch's claim can be
        // short: a worker that dies leaves its messages for others within one lease, not
        // after the time the whole batch could take. A message whose claim lapsed before its
        // turn may be another worker's by now, and is left to it.
        let (id, held, until) = (
            message.id.clone(),
            message.claimed_until,
            clock.now() + lease(),
        );
        let renewed = match held {
            Some(held) => db
                .run(move |conn| outbox::renew_claim(conn, &id, held, until))
                .await?
                .applied(),
            None => false,
        };
        if !renewed {
            tracing::warn!(
                id = message.id,
                "an outbox message's claim lapsed before its turn; left to whoever holds it"
            );
            continue;
        }
        // An outcome that cannot be recorded ends the batch: the database is likely down,
        // and every further email sent now would be sent again once the lease lapses.
        deliver(db, senders, clock, message).await?;
    }
    Ok(count)
}

/// The lease of a claim, and of each renewal just before a message is sent: one send's
/// timeout and a margin, so that no other worker takes a message this one may still be
/// sending, and a worker that dies holds its messages no longer than this.
fn lease() -> TimeDelta {
    TimeDelta::from_std(SEND_TIMEOUT).unwrap_or(TimeDelta::minutes(1)) + TimeDelta::minutes(1)
}

async fn deliver<M: Mailer, P: PushSender, W: WhatsAppSender>(
    db: &Db,
    senders: &Senders<M, P, W>,
    clock: &dyn Clock,
    message: OutboxMessage,
) -> Result<(), Refusal> {
    let outcome = match message.channel {
        Channel::Email => timed(senders.mail.send(Email::from(&message), clock.now())).await,
        Channel::Push => timed(senders.push.send(Push::from(&message), clock.now())).await,
        Channel::WhatsApp => match WhatsAppMessage::try_from(&message) {
            Ok(whatsapp) => timed(senders.whatsapp.send(whatsapp, clock.now())).await,
            Err(error) => Err(Failure::from(error)),
        },
    };
    let now = clock.now();
    let id = message.id.clone();
    match outcome {
        Ok(()) => {
            tracing::info!(
                id,
                channel = message.channel.as_str(),
                "outbox message delivered"
            );
            let recorded = db.run(move |conn| outbox::mark_sent(conn, &id, now)).await;
            if let Err(error) = &recorded {
                // It stays claimed and is sent again when the lease lapses: at least once.
                tracing::error!(
                    id = message.id,
                    %error,
                    "a delivered message was not recorded as sent"
                );
            }
            recorded
        }
        Err(failure) => {
            let attempts = message.attempts + 1;
            let retry = if failure.permanent {
                None
            } else {
                retry_at(attempts, message.created_at, now).map(|at| {
                    // The service's own wait replaces the backoff: it knows when it will
                    // take more (capped, so that a silly answer cannot park a message).
                    failure.retry_after.map_or(at, |after| {
                        now + after.clamp(TimeDelta::zero(), LONGEST_RETRY)
                    })
                })
            };
            if let Some(at) = retry {
                tracing::warn!(
                    id,
                    attempts,
                    error = %failure.reason,
                    retry_at = %at,
                    "outbox delivery failed; will retry"
                );
            } else {
                tracing::error!(
                    id,
                    attempts,
                    error = %failure.reason,
                    "outbox delivery given up; the message is dead"
                );
            }
            let error = failure.reason;
            // A token the push service no longer knows leaves its account's devices in the
            // same transaction that gives the message up, so no later notice tries it.
            let token = failure.unregistered.then(|| message.recipient.clone());
            db.run(move |conn| {
                write_transaction(conn, |conn| {
                    if let Some(token) = &token {
                        let removed = devices::delete_by_token(conn, token)?;
                        tracing::info!(id, removed, "an unregistered push token was removed");
                    }
                    outbox::mark_failed(conn, &id, &error, now, retry)
                })
            })
            .await
        }
    }
}

/// When to try again after the `attempts`-th failure of a message recorded at
/// `created_at`: 10 s, 20 s, 40 s ... at most an hour apart, or never (`None`) once it has
/// been failing for a day.
pub fn retry_at(
    attempts: u32,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if now - created_at >= GIVE_UP_AFTER {
        return None;
    }
    // Past 2^9 the cap applies anyway; the bound keeps the shift from overflowing.
    let doublings = attempts.saturating_sub(1).min(16);
    let delay = (FIRST_RETRY * (1 << doublings)).min(LONGEST_RETRY);
    Some(now + delay)
}

#[cfg(test)]
mod tests;
