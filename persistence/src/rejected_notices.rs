//! Payment notices refused for breaking the contract (an event id too long, a billing code
//! that is not 15 digits, a payment dated outside the service's era...), kept for system
//! admins with what was received and why. They changed nothing else: they are not
//! payments, and a corrected notice with the same event id is taken as new.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::rejected_payment_notices as rejected;
use crate::time::{from_db, to_db};

/// A refused notice, as kept. The caller bounds and cleans the text (no NUL: PostgreSQL
/// cannot store one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedNotice {
    /// Its id (set when stored).
    pub id: String,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// Who sent it: `signature` (signed with the shared secret) or `integrator:<client id>`.
    pub sender: String,
    /// The status it was answered with (400 or 422).
    pub status: u16,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// Why it was refused.
    pub reason: String,
    /// What was received: its first bytes, as text.
    pub body: String,
    /// How many bytes were received.
    pub body_bytes: u64,
}

/// Keeps a refused notice; returns its id.
pub fn insert(conn: &mut DbConnection, notice: &RejectedNotice) -> StoreResult<String> {
    let id = new_id();
    diesel::insert_into(rejected::table)
        .values((
            rejected::id.eq(&id),
            rejected::received_at.eq(to_db(notice.received_at)),
            rejected::sender.eq(&notice.sender),
            rejected::status.eq(i32::from(notice.status)),
            rejected::field.eq(notice.field.as_deref()),
            rejected::reason.eq(&notice.reason),
            rejected::body.eq(&notice.body),
            rejected::body_bytes.eq(i64::try_from(notice.body_bytes).unwrap_or(i64::MAX)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Refused notices, newest first, one page, and how many in all.
pub fn list(
    conn: &mut DbConnection,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<RejectedNotice>, i64)> {
    let total = rejected::table.count().get_result(conn)?;
    let rows: Vec<Row> = rejected::table
        .order((rejected::received_at.desc(), rejected::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((
            rejected::id,
            rejected::received_at,
            rejected::sender,
            rejected::status,
            rejected::field,
            rejected::reason,
            rejected::body,
            rejected::body_bytes,
        ))
        .load(conn)?;
    Ok((rows.into_iter().map(record).collect(), total))
}

type Row = (
    String,
    NaiveDateTime,
    String,
    i32,
    Option<String>,
    String,
    String,
    i64,
);

fn record(
    (id, received_at, sender, status, field, reason, body, body_bytes): Row,
) -> RejectedNotice {
    RejectedNotice {
        id,
        received_at: from_db(received_at),
        sender,
        status: u16::try_from(status).unwrap_or(0),
        field,
        reason,
        body,
        body_bytes: u64::try_from(body_bytes).unwrap_or(0),
    }
}
