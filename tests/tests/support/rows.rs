//! Rows written straight into a test's database, to arrange what the API does not make:
//! places held with no application, at deadlines the test chooses. The service itself
//! takes places only through its counted protocol (`paspor_persistence::places`).

use chrono::{DateTime, Utc};
use diesel::{ExpressionMethods, RunQueryDsl};
use paspor_domain::Channel;
use paspor_persistence::{DbConnection, StoreResult, schema};

/// A place held in `session_id` for no application, waiting for payment until `deadline`
/// (none: paid), made at `now`.
pub fn insert_hold(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(schema::bookings::table)
        .values((
            schema::bookings::id.eq(uuid::Uuid::new_v4().to_string()),
            schema::bookings::session_id.eq(session_id),
            schema::bookings::channel.eq(channel.as_str()),
            schema::bookings::hold_deadline.eq(deadline.map(|at| at.naive_utc())),
            schema::bookings::created_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}
