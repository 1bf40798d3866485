//! Places held in sessions. A booking counts against its session's capacity while it is
//! not released and its payment deadline, if it has one, is still ahead.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::Channel;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::bookings;
use crate::time::to_db;

/// The SQL condition "this booking holds its place at `now`" (`now` already in storage form).
#[diesel::dsl::auto_type(no_type_alias)]
pub(crate) fn is_live(now: NaiveDateTime) -> _ {
    bookings::released_at.is_null().and(
        bookings::hold_deadline
            .is_null()
            .or(bookings::hold_deadline.gt(now)),
    )
}

/// Records a place held in a session; `hold_deadline` is `None` for a place that no
/// longer waits for payment. Returns the booking's id. The capacity check belongs to the
/// caller's transaction.
pub fn insert(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    hold_deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::session_id.eq(session_id),
            bookings::channel.eq(channel.as_str()),
            bookings::hold_deadline.eq(hold_deadline.map(to_db)),
            bookings::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// How many places of a channel are held in a session at `now`.
pub fn count_live(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    now: DateTime<Utc>,
) -> StoreResult<u32> {
    let live: i64 = bookings::table
        .filter(bookings::session_id.eq(session_id))
        .filter(bookings::channel.eq(channel.as_str()))
        .filter(is_live(to_db(now)))
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(live).unwrap_or(u32::MAX))
}
