//! Events and their deliveries: recorded with the change, claimed by workers with a lease,
//! every attempt logged, read back as a log, and replayed.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use paspor_domain::integrator::EventType;

use super::{DeliveryStatus, parse_event};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{webhook_attempts, webhook_deliveries, webhook_events, webhook_subscriptions};
use crate::time::{from_db, to_db};
use crate::transaction::write_transaction;

/// The longest failure reason kept: receivers can answer with pages of text.
const MAX_ERROR_CHARS: usize = 500;

/// Records an event with the exact body its deliveries send.
pub fn insert_event(
    conn: &mut DbConnection,
    id: &str,
    event: EventType,
    body: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::id.eq(id),
            webhook_events::event_type.eq(event.as_str()),
            webhook_events::body.eq(body),
            webhook_events::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the delivery of an event to a subscription, due at once and retried until
/// `retry_until`; returns its id.
pub fn insert_delivery(
    conn: &mut DbConnection,
    subscription_id: &str,
    event_id: &str,
    now: DateTime<Utc>,
    retry_until: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::id.eq(&id),
            webhook_deliveries::subscription_id.eq(subscription_id),
            webhook_deliveries::event_id.eq(event_id),
            webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()),
            webhook_deliveries::attempts.eq(0),
            webhook_deliveries::next_attempt_at.eq(to_db(now)),
            webhook_deliveries::retry_until.eq(to_db(retry_until)),
            webhook_deliveries::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A claimed delivery: everything needed to send it.
#[derive(Clone)]
pub struct DueDelivery {
    /// The delivery's id.
    pub id: String,
    /// The event's id (the same on every attempt and replay).
    pub event_id: String,
    /// The event's type.
    pub event_type: EventType,
    /// The body to send, byte for byte.
    pub body: String,
    /// Where to send it.
    pub url: String,
    /// The key to sign it with.
    pub secret: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// Until when it is retried.
    pub retry_until: DateTime<Utc>,
}

// By hand, so that a logged delivery never shows its signing secret.
impl std::fmt::Debug for DueDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DueDelivery")
            .field("id", &self.id)
            .field("event_id", &self.event_id)
            .field("event_type", &self.event_type)
            .field("url", &self.url)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

type DueRow = (
    String,
    String,
    i32,
    String,
    String,
    String,
    String,
    NaiveDateTime,
);

/// Claims up to `limit` pending deliveries due at `now` that no worker holds, holding them
/// until `now + lease`; oldest due first. The lease must outlast the sending of the batch.
pub fn claim_due(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
    lease: TimeDelta,
) -> StoreResult<Vec<DueDelivery>> {
    use crate::schema::webhook_deliveries::dsl as d;
    let until = to_db(now + lease);
    let now = to_db(now);
    write_transaction(conn, |conn| {
        let due = d::webhook_deliveries
            .filter(d::status.eq(DeliveryStatus::Pending.as_str()))
            .filter(d::next_attempt_at.le(now))
            .filter(d::claimed_until.is_null().or(d::claimed_until.le(now)))
            .order((d::next_attempt_at.asc(), d::id.asc()))
            .limit(limit)
            .select(d::id);
        // Row locks are PostgreSQL's only; the portable query builder cannot express them.
        let ids: Vec<String> = match conn {
            DbConnection::Postgresql(pg) => due.for_update().skip_locked().load(pg)?,
            DbConnection::Sqlite(sqlite) => due.load(sqlite)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(d::webhook_deliveries.filter(d::id.eq_any(&ids)))
            .set(d::claimed_until.eq(until))
            .execute(conn)?;
        let rows: Vec<DueRow> = webhook_deliveries::table
            .inner_join(webhook_events::table)
            .inner_join(webhook_subscriptions::table)
            .filter(webhook_deliveries::id.eq_any(&ids))
            .order((
                webhook_deliveries::next_attempt_at.asc(),
                webhook_deliveries::id.asc(),
            ))
            .select((
                webhook_deliveries::id,
                webhook_deliveries::event_id,
                webhook_deliveries::attempts,
                webhook_events::event_type,
                webhook_events::body,
                webhook_subscriptions::url,
                webhook_subscriptions::secret,
                webhook_deliveries::retry_until,
            ))
            .load(conn)?;
        rows.into_iter()
            .map(
                |(id, event_id, attempts, event_type, body, url, secret, retry_until)| {
                    Ok(DueDelivery {
                        attempts: u32::try_from(attempts).map_err(|_| {
                            StoreError::corrupt(format!("delivery attempts {attempts}"))
                        })?,
                        event_type: parse_event(&event_type)?,
                        retry_until: from_db(retry_until),
                        id,
                        event_id,
                        body,
                        url,
                        secret,
                    })
                },
            )
            .collect()
    })
}

/// One attempt's outcome, as logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// When it started.
    pub at: DateTime<Utc>,
    /// How long it took, in milliseconds.
    pub duration_ms: u32,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<u16>,
    /// Why it failed without (or besides) a status: timeout, refused connection, refused
    /// address, redirect.
    pub error: Option<String>,
    /// Whether it counts as delivered (a 2xx).
    pub succeeded: bool,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    /// Delivered: no further attempt.
    Delivered,
    /// Failed: try again at this instant.
    RetryAt(DateTime<Utc>),
    /// Failed, and the retry window has closed: give up.
    GiveUp,
}

/// Logs an attempt of a claimed delivery and moves the delivery on. A delivery cancelled
/// meanwhile (its subscription deleted) stays cancelled; the attempt is logged anyway.
pub fn record_attempt(
    conn: &mut DbConnection,
    delivery_id: &str,
    attempt: &Attempt,
    after: AfterAttempt,
) -> StoreResult<()> {
    use crate::schema::webhook_deliveries::dsl as d;
    let error = attempt
        .error
        .as_ref()
        .map(|error| error.chars().take(MAX_ERROR_CHARS).collect::<String>());
    let at = to_db(attempt.at);
    write_transaction(conn, |conn| {
        diesel::insert_into(webhook_attempts::table)
            .values((
                webhook_attempts::id.eq(new_id()),
                webhook_attempts::delivery_id.eq(delivery_id),
                webhook_attempts::attempted_at.eq(at),
                webhook_attempts::duration_ms
                    .eq(i32::try_from(attempt.duration_ms).unwrap_or(i32::MAX)),
                webhook_attempts::status_code.eq(attempt.status_code.map(i32::from)),
                webhook_attempts::error.eq(error),
                webhook_attempts::succeeded.eq(attempt.succeeded),
            ))
            .execute(conn)?;
        let target = d::webhook_deliveries
            .find(delivery_id)
            .filter(d::status.eq(DeliveryStatus::Pending.as_str()));
        let counted = (
            d::attempts.eq(d::attempts + 1),
            d::claimed_until.eq(None::<NaiveDateTime>),
        );
        match after {
            AfterAttempt::Delivered => diesel::update(target)
                .set((
                    counted,
                    d::status.eq(DeliveryStatus::Delivered.as_str()),
                    d::delivered_at.eq(Some(at)),
                ))
                .execute(conn)?,
            // Never before the attempt: a retry computed from a stale instant waits its turn.
            AfterAttempt::RetryAt(next) => diesel::update(target)
                .set((counted, d::next_attempt_at.eq(to_db(next).max(at))))
                .execute(conn)?,
            AfterAttempt::GiveUp => diesel::update(target)
                .set((
                    counted,
                    d::status.eq(DeliveryStatus::Failed.as_str()),
                    d::next_attempt_at.eq(at),
                ))
                .execute(conn)?,
        };
        Ok::<_, StoreError>(())
    })
}

/// Gives back claims a stopping worker did not attempt, so they are due at once.
pub fn release(conn: &mut DbConnection, delivery_ids: &[String]) -> StoreResult<usize> {
    Ok(diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq_any(delivery_ids))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str())),
    )
    .set(webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>))
    .execute(conn)?)
}

/// A delivery with its log, as its client reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// Its id.
    pub id: String,
    /// The event's id.
    pub event_id: String,
    /// The event's type.
    pub event_type: EventType,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// When the event was delivered to this subscription first recorded.
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Until when it is retried.
    pub retry_until: DateTime<Utc>,
    /// When a receiver last answered 2xx.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Every attempt, oldest first.
    pub attempts: Vec<Attempt>,
}

type DeliveryRow = (
    String,
    String,
    String,
    String,
    NaiveDateTime,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

macro_rules! delivery_columns {
    () => {
        (
            webhook_deliveries::id,
            webhook_deliveries::event_id,
            webhook_events::event_type,
            webhook_deliveries::status,
            webhook_deliveries::created_at,
            webhook_deliveries::next_attempt_at,
            webhook_deliveries::retry_until,
            webhook_deliveries::delivered_at,
        )
    };
}

type AttemptRow = (
    String,
    NaiveDateTime,
    i32,
    Option<i32>,
    Option<String>,
    bool,
);

fn with_attempts(
    conn: &mut DbConnection,
    rows: Vec<DeliveryRow>,
) -> StoreResult<Vec<DeliveryRecord>> {
    let ids: Vec<&String> = rows.iter().map(|row| &row.0).collect();
    let attempts: Vec<AttemptRow> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(ids))
        .order((
            webhook_attempts::attempted_at.asc(),
            webhook_attempts::id.asc(),
        ))
        .select((
            webhook_attempts::delivery_id,
            webhook_attempts::attempted_at,
            webhook_attempts::duration_ms,
            webhook_attempts::status_code,
            webhook_attempts::error,
            webhook_attempts::succeeded,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(id, event_id, event_type, status, created_at, next, retry_until, delivered_at)| {
                let status = DeliveryStatus::from_stored(&status)?;
                let log = attempts
                    .iter()
                    .filter(|attempt| attempt.0 == id)
                    .map(|(_, at, duration, code, error, succeeded)| Attempt {
                        at: from_db(*at),
                        duration_ms: u32::try_from(*duration).unwrap_or(0),
                        status_code: code.and_then(|code| u16::try_from(code).ok()),
                        error: error.clone(),
                        succeeded: *succeeded,
                    })
                    .collect();
                Ok(DeliveryRecord {
                    event_type: parse_event(&event_type)?,
                    next_attempt_at: (status == DeliveryStatus::Pending).then(|| from_db(next)),
                    status,
                    created_at: from_db(created_at),
                    retry_until: from_db(retry_until),
                    delivered_at: delivered_at.map(from_db),
                    attempts: log,
                    id,
                    event_id,
                })
            },
        )
        .collect()
}

/// A page of a subscription's deliveries, newest first, with their attempts, and how many
/// there are.
pub fn list_deliveries(
    conn: &mut DbConnection,
    subscription_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<DeliveryRecord>, i64)> {
    let total = webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .count()
        .get_result(conn)?;
    let rows: Vec<DeliveryRow> = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .order((
            webhook_deliveries::created_at.desc(),
            webhook_deliveries::id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(delivery_columns!())
        .load(conn)?;
    Ok((with_attempts(conn, rows)?, total))
}

/// One delivery of a subscription, with its attempts.
pub fn find_delivery(
    conn: &mut DbConnection,
    subscription_id: &str,
    delivery_id: &str,
) -> StoreResult<Option<DeliveryRecord>> {
    let row: Option<DeliveryRow> = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::id.eq(delivery_id))
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .select(delivery_columns!())
        .first(conn)
        .optional()?;
    Ok(with_attempts(conn, row.into_iter().collect())?.pop())
}

/// What a replay did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// Due again at once, with a fresh retry window.
    Queued,
    /// A worker is sending it right now: nothing changed.
    InFlight,
    /// No such delivery of this subscription.
    NotFound,
}

/// Makes a delivery of a subscription due again at once (same event, same body), retried
/// until `retry_until`, whatever became of it before.
pub fn replay(
    conn: &mut DbConnection,
    subscription_id: &str,
    delivery_id: &str,
    now: DateTime<Utc>,
    retry_until: DateTime<Utc>,
) -> StoreResult<Replay> {
    use crate::schema::webhook_deliveries::dsl as d;
    let at = to_db(now);
    let mine = || {
        d::webhook_deliveries
            .find(delivery_id)
            .filter(d::subscription_id.eq(subscription_id))
    };
    // Conditional: a delivery being sent (claimed, lease running) is left alone.
    let queued =
        diesel::update(mine().filter(d::claimed_until.is_null().or(d::claimed_until.le(at))))
            .set((
                d::status.eq(DeliveryStatus::Pending.as_str()),
                d::next_attempt_at.eq(at),
                d::retry_until.eq(to_db(retry_until)),
                d::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    if queued == 1 {
        return Ok(Replay::Queued);
    }
    let exists: bool = diesel::select(diesel::dsl::exists(mine())).get_result(conn)?;
    Ok(if exists {
        Replay::InFlight
    } else {
        Replay::NotFound
    })
}
