//! Integrators' webhook subscriptions: recorded, read, deleted (kept, marked deleted, for
//! the log), and found for an event.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::integrator::EventType;

use super::{DeliveryStatus, events_text, parse_events};
use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{integrator_clients, webhook_deliveries, webhook_subscriptions};
use crate::time::{from_db, to_db};

/// A subscription to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription<'a> {
    /// Its id.
    pub id: &'a str,
    /// The integrator client it belongs to.
    pub client_id: &'a str,
    /// Where deliveries are POSTed.
    pub url: &'a str,
    /// What it is sent.
    pub events: &'a [EventType],
    /// The key its deliveries are signed with.
    pub secret: &'a str,
}

/// A subscription as its client sees it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRecord {
    /// Its id.
    pub id: String,
    /// Where deliveries are POSTed.
    pub url: String,
    /// What it is sent.
    pub events: Vec<EventType>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

type SubscriptionRow = (String, String, String, NaiveDateTime);

fn subscription(row: SubscriptionRow) -> StoreResult<SubscriptionRecord> {
    let (id, url, events, created_at) = row;
    Ok(SubscriptionRecord {
        events: parse_events(&events)?,
        id,
        url,
        created_at: from_db(created_at),
    })
}

macro_rules! subscription_columns {
    () => {
        (
            webhook_subscriptions::id,
            webhook_subscriptions::url,
            webhook_subscriptions::events,
            webhook_subscriptions::created_at,
        )
    };
}

/// Records a subscription. A second active one of the client to the same URL fails with a
/// unique violation.
pub fn insert_subscription(
    conn: &mut DbConnection,
    new: &NewSubscription<'_>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(webhook_subscriptions::table)
        .values((
            webhook_subscriptions::id.eq(new.id),
            webhook_subscriptions::client_id.eq(new.client_id),
            webhook_subscriptions::url.eq(new.url),
            webhook_subscriptions::events.eq(events_text(new.events)),
            webhook_subscriptions::secret.eq(new.secret),
            webhook_subscriptions::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The client's active subscription with this id.
pub fn find_subscription(
    conn: &mut DbConnection,
    client_id: &str,
    id: &str,
) -> StoreResult<Option<SubscriptionRecord>> {
    webhook_subscriptions::table
        .find(id)
        .filter(webhook_subscriptions::client_id.eq(client_id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select(subscription_columns!())
        .first::<SubscriptionRow>(conn)
        .optional()?
        .map(subscription)
        .transpose()
}

/// The client's active subscription to this URL.
pub fn subscription_by_url(
    conn: &mut DbConnection,
    client_id: &str,
    url: &str,
) -> StoreResult<Option<SubscriptionRecord>> {
    webhook_subscriptions::table
        .filter(webhook_subscriptions::client_id.eq(client_id))
        .filter(webhook_subscriptions::url.eq(url))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select(subscription_columns!())
        .first::<SubscriptionRow>(conn)
        .optional()?
        .map(subscription)
        .transpose()
}

/// A page of the client's active subscriptions, oldest first, and how many there are.
pub fn list_subscriptions(
    conn: &mut DbConnection,
    client_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<SubscriptionRecord>, i64)> {
    let active = || {
        webhook_subscriptions::table
            .filter(webhook_subscriptions::client_id.eq(client_id))
            .filter(webhook_subscriptions::deleted_at.is_null())
    };
    let total = active().count().get_result(conn)?;
    let rows: Vec<SubscriptionRow> = active()
        .order((
            webhook_subscriptions::created_at.asc(),
            webhook_subscriptions::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(subscription_columns!())
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(subscription)
            .collect::<StoreResult<_>>()?,
        total,
    ))
}

/// Deletes the client's subscription (it is kept for the log, marked deleted) and
/// cancels its undelivered deliveries; returns whether it was active.
pub fn delete_subscription(
    conn: &mut DbConnection,
    client_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let deleted = diesel::update(
        webhook_subscriptions::table
            .find(id)
            .filter(webhook_subscriptions::client_id.eq(client_id))
            .filter(webhook_subscriptions::deleted_at.is_null()),
    )
    .set(webhook_subscriptions::deleted_at.eq(to_db(now)))
    .execute(conn)?;
    if deleted == 1 {
        cancel_pending(conn, &[id.to_owned()])?;
    }
    Ok(Conditional::of_rows(deleted))
}

/// Deletes every active subscription of a client (it is being revoked); returns how many.
pub fn delete_subscriptions_of(
    conn: &mut DbConnection,
    client_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let ids: Vec<String> = webhook_subscriptions::table
        .filter(webhook_subscriptions::client_id.eq(client_id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select(webhook_subscriptions::id)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(webhook_subscriptions::table.filter(webhook_subscriptions::id.eq_any(&ids)))
        .set(webhook_subscriptions::deleted_at.eq(to_db(now)))
        .execute(conn)?;
    cancel_pending(conn, &ids)?;
    Ok(ids.len())
}

fn cancel_pending(conn: &mut DbConnection, subscription_ids: &[String]) -> StoreResult<usize> {
    Ok(diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq_any(subscription_ids))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str())),
    )
    .set((
        webhook_deliveries::status.eq(DeliveryStatus::Cancelled.as_str()),
        webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?)
}

/// The active subscriptions of active clients that are sent `event`.
pub fn subscribers(conn: &mut DbConnection, event: EventType) -> StoreResult<Vec<String>> {
    let rows: Vec<(String, String)> = webhook_subscriptions::table
        .inner_join(integrator_clients::table)
        .filter(webhook_subscriptions::deleted_at.is_null())
        .filter(integrator_clients::revoked_at.is_null())
        .order(webhook_subscriptions::id.asc())
        .select((webhook_subscriptions::id, webhook_subscriptions::events))
        .load(conn)?;
    let mut ids = Vec::new();
    for (id, events) in rows {
        if parse_events(&events)?.contains(&event) {
            ids.push(id);
        }
    }
    Ok(ids)
}
