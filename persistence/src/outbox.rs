//! The transactional outbox: messages to send (email, push notices and WhatsApp), recorded in the same
//! transaction as the change that causes them and delivered afterwards by a worker.
//!
//! A message commits or rolls back with its cause, so nothing is sent for a change that
//! never happened and nothing is lost for one that did. Workers in several processes claim
//! due messages with a lease (`claimed_until`), so no two deliver one message at once; a
//! worker that dies leaves its lease to lapse, and the message is retried. Delivery is
//! therefore at least once: a worker that sends and dies before recording it sends again.

use std::fmt;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::outbox_messages;
use crate::time::{from_db, to_db};
use crate::transaction::write_transaction;

/// The longest failure reason kept; transports can answer with pages of text.
const MAX_ERROR_CHARS: usize = 2000;

/// How a message reaches its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// An email to an address.
    Email,
    /// A push notification to a device.
    Push,
    /// A WhatsApp template message to a verified, opted-in phone number.
    WhatsApp,
}

impl Channel {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Push => "push",
            Channel::WhatsApp => "whatsapp",
        }
    }

    fn from_stored(stored: &str) -> StoreResult<Channel> {
        match stored {
            "email" => Ok(Channel::Email),
            "push" => Ok(Channel::Push),
            "whatsapp" => Ok(Channel::WhatsApp),
            other => Err(StoreError::corrupt(format!("outbox channel {other:?}"))),
        }
    }
}

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for (another) delivery attempt.
    Pending,
    /// Delivered: its body and code are gone.
    Sent,
    /// Given up: never attempted again; its body and code are gone.
    Dead,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Sent => "sent",
            Status::Dead => "dead",
        }
    }

    fn from_stored(stored: &str) -> StoreResult<Status> {
        match stored {
            "pending" => Ok(Status::Pending),
            "sent" => Ok(Status::Sent),
            "dead" => Ok(Status::Dead),
            other => Err(StoreError::corrupt(format!("outbox status {other:?}"))),
        }
    }
}

/// A message to record.
#[derive(Clone)]
pub struct NewMessage {
    /// How it is sent.
    pub channel: Channel,
    /// An email address (or, for push, a device token).
    pub recipient: String,
    /// The subject line.
    pub subject: String,
    /// The text.
    pub body: String,
    /// A one-time code the text carries, kept apart so that development delivery can show it.
    pub code: Option<String>,
}

/// A recorded message.
#[derive(Clone)]
pub struct OutboxMessage {
    /// Its id.
    pub id: String,
    /// How it is sent.
    pub channel: Channel,
    /// An email address (or, for push, a device token).
    pub recipient: String,
    /// The subject line.
    pub subject: String,
    /// The text; empty once sent or given up.
    pub body: String,
    /// The one-time code it carries; `None` once sent or given up.
    pub code: Option<String>,
    /// Where it is in its life.
    pub status: Status,
    /// Delivery attempts finished so far (failed, or the one that succeeded).
    pub attempts: u32,
    /// When it is next due; for a dead message, when it was given up.
    pub next_attempt_at: DateTime<Utc>,
    /// Until when a worker holds it, if one claimed it.
    pub claimed_until: Option<DateTime<Utc>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    /// When it was delivered.
    pub sent_at: Option<DateTime<Utc>>,
}

/// A recipient as logs may show it: a push recipient is a device token, with which anyone
/// could send notices to the phone.
fn shown_recipient(channel: Channel, recipient: &str) -> &str {
    match channel {
        Channel::Email => recipient,
        Channel::Push => "<device token>",
        Channel::WhatsApp => "<phone number>",
    }
}

// Written by hand so that a logged message never shows its body or code (they carry
// secrets), nor a device token.
impl fmt::Debug for NewMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewMessage")
            .field("channel", &self.channel)
            .field("recipient", &shown_recipient(self.channel, &self.recipient))
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for OutboxMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboxMessage")
            .field("id", &self.id)
            .field("channel", &self.channel)
            .field("recipient", &shown_recipient(self.channel, &self.recipient))
            .field("subject", &self.subject)
            .field("status", &self.status)
            .field("attempts", &self.attempts)
            .field("next_attempt_at", &self.next_attempt_at)
            .field("claimed_until", &self.claimed_until)
            .field("last_error", &self.last_error)
            .finish_non_exhaustive()
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = outbox_messages)]
struct MessageRow {
    id: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    code: Option<String>,
    status: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    claimed_until: Option<NaiveDateTime>,
    last_error: Option<String>,
    created_at: NaiveDateTime,
    sent_at: Option<NaiveDateTime>,
}

/// Records a message, due at once; returns its id. Only inserts: call it inside the
/// transaction of the change that causes the message, so that both commit or neither does.
pub fn enqueue(
    conn: &mut DbConnection,
    message: &NewMessage,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    use crate::schema::outbox_messages::dsl::*;
    let new = new_id();
    let now = to_db(now);
    diesel::insert_into(outbox_messages)
        .values((
            id.eq(&new),
            channel.eq(message.channel.as_str()),
            recipient.eq(&message.recipient),
            subject.eq(&message.subject),
            body.eq(&message.body),
            code.eq(message.code.as_deref()),
            status.eq(Status::Pending.as_str()),
            attempts.eq(0),
            next_attempt_at.eq(now),
            created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(new)
}

/// Claims up to `limit` pending messages that are due at `now` and that no worker holds
/// (never claimed, or the lease lapsed), holding them until `now + lease`; oldest due first.
///
/// Workers in several processes may call this at once and never get the same message
/// while its lease runs: PostgreSQL skips the rows another transaction has locked
/// (`FOR UPDATE SKIP LOCKED`, so workers do not queue behind each other), and SQLite's
/// `BEGIN IMMEDIATE` runs one claim at a time. A worker renews each message's claim just
/// before sending it ([`renew_claim`]), so the lease need only outlast one send.
pub fn claim_due(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
    lease: TimeDelta,
) -> StoreResult<Vec<OutboxMessage>> {
    use crate::schema::outbox_messages::dsl::*;
    let until = to_db(now + lease);
    let now = to_db(now);
    write_transaction(conn, |conn| {
        let due = outbox_messages
            .filter(status.eq(Status::Pending.as_str()))
            .filter(next_attempt_at.le(now))
            .filter(claimed_until.is_null().or(claimed_until.le(now)))
            .order((next_attempt_at.asc(), id.asc()))
            .limit(limit)
            .select(id);
        // Row locks are PostgreSQL's only; the portable query builder cannot express them.
        let ids: Vec<String> = match conn {
            DbConnection::Postgresql(pg) => due.for_update().skip_locked().load(pg)?,
            DbConnection::Sqlite(sqlite) => due.load(sqlite)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(outbox_messages.filter(id.eq_any(&ids)))
            .set(claimed_until.eq(until))
            .execute(conn)?;
        outbox_messages
            .filter(id.eq_any(&ids))
            .order((next_attempt_at.asc(), id.asc()))
            .select(MessageRow::as_select())
            .load(conn)?
            .into_iter()
            .map(MessageRow::into_read_model)
            .collect()
    })
}

/// Extends a worker's claim on a pending message to `until`, only while the claim is still
/// the one the worker made: `claimed_until` is exactly `held_until`, the instant its claim
/// (or last renewal) set. Once that lease has lapsed another worker may have claimed the
/// message, and then this one must leave it. Returns whether the claim was extended.
pub fn renew_claim(
    conn: &mut DbConnection,
    message_id: &str,
    held_until: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Conditional> {
    use crate::schema::outbox_messages::dsl::*;
    let renewed = diesel::update(
        outbox_messages
            .find(message_id)
            .filter(status.eq(Status::Pending.as_str()))
            .filter(claimed_until.eq(to_db(held_until))),
    )
    .set(claimed_until.eq(to_db(until)))
    .execute(conn)?;
    Ok(Conditional::of_rows(renewed))
}

/// Records a delivery. The body and code are dropped: they held a secret that has now
/// reached its recipient, and the database need not keep it.
pub fn mark_sent(conn: &mut DbConnection, message_id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    use crate::schema::outbox_messages::dsl::*;
    diesel::update(outbox_messages.find(message_id))
        .set((
            status.eq(Status::Sent.as_str()),
            attempts.eq(attempts + 1),
            sent_at.eq(to_db(now)),
            claimed_until.eq(None::<NaiveDateTime>),
            body.eq(""),
            code.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt at `now`: the message is due again at `next_attempt_at`, or,
/// when that is `None`, given up (dead) and its body and code dropped like a sent one's.
pub fn mark_failed(
    conn: &mut DbConnection,
    message_id: &str,
    error: &str,
    now: DateTime<Utc>,
    next_attempt_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    use crate::schema::outbox_messages::dsl as m;
    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
    let target = m::outbox_messages.find(message_id);
    let failed = (
        m::attempts.eq(m::attempts + 1),
        m::last_error.eq(error),
        m::claimed_until.eq(None::<NaiveDateTime>),
    );
    match next_attempt_at {
        // Never in the past: a retry computed from a stale instant still waits its turn.
        Some(next) => diesel::update(target)
            .set((failed, m::next_attempt_at.eq(to_db(next.max(now)))))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                failed,
                m::status.eq(Status::Dead.as_str()),
                m::next_attempt_at.eq(to_db(now)),
                m::body.eq(""),
                m::code.eq(None::<String>),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// Gives back claims on pending messages that a worker did not attempt (it is stopping),
/// so that they are due at once instead of when their lease lapses; returns how many.
pub fn release(conn: &mut DbConnection, message_ids: &[String]) -> StoreResult<usize> {
    use crate::schema::outbox_messages::dsl::*;
    Ok(diesel::update(
        outbox_messages
            .filter(id.eq_any(message_ids))
            .filter(status.eq(Status::Pending.as_str())),
    )
    .set(claimed_until.eq(None::<NaiveDateTime>))
    .execute(conn)?)
}

/// One message, if it exists.
pub fn find(conn: &mut DbConnection, message_id: &str) -> StoreResult<Option<OutboxMessage>> {
    outbox_messages::table
        .find(message_id)
        .select(MessageRow::as_select())
        .first(conn)
        .optional()?
        .map(MessageRow::into_read_model)
        .transpose()
}

/// The messages to one recipient (an address or a device token), oldest first.
pub fn for_recipient(conn: &mut DbConnection, recipient: &str) -> StoreResult<Vec<OutboxMessage>> {
    outbox_messages::table
        .filter(outbox_messages::recipient.eq(recipient))
        .order((outbox_messages::created_at.asc(), outbox_messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)?
        .into_iter()
        .map(MessageRow::into_read_model)
        .collect()
}

/// How many messages wait for delivery, due or not.
pub fn pending_count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(outbox_messages::table
        .filter(outbox_messages::status.eq(Status::Pending.as_str()))
        .count()
        .get_result(conn)?)
}

impl MessageRow {
    fn into_read_model(self) -> StoreResult<OutboxMessage> {
        Ok(OutboxMessage {
            channel: Channel::from_stored(&self.channel)?,
            status: Status::from_stored(&self.status)?,
            attempts: u32::try_from(self.attempts)
                .map_err(|_| StoreError::corrupt(format!("outbox attempts {}", self.attempts)))?,
            next_attempt_at: from_db(self.next_attempt_at),
            claimed_until: self.claimed_until.map(from_db),
            created_at: from_db(self.created_at),
            sent_at: self.sent_at.map(from_db),
            id: self.id,
            recipient: self.recipient,
            subject: self.subject,
            body: self.body,
            code: self.code,
            last_error: self.last_error,
        })
    }
}
