//! Rate limits that every api process sharing the database keeps together, so that they
//! hold behind a load balancer: a generic cell rate algorithm (GCRA) whose one number per
//! key, the earliest instant the next request is due (`next_at`), lives in a row that each
//! request locks, reads and moves on.
//!
//! With a request due every `interval` and bursts of `burst`: a request at `now` passes when
//! `next_at - (burst - 1) × interval <= now`, and moves `next_at` to `max(next_at, now) +
//! interval`; otherwise it waits until that instant, and nothing changes.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::rate_limits;
use crate::time::{from_db, to_db};
use crate::transaction::write_transaction;

/// What the limit said of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It passes (and was counted).
    Pass,
    /// It must wait this long (nothing was counted).
    Wait(TimeDelta),
}

/// Counts a request of `key` at `now` against a limit of one every `interval`, in bursts of
/// `burst`, in a write transaction of its own.
pub fn take(
    conn: &mut DbConnection,
    key: &str,
    interval: TimeDelta,
    burst: u32,
    now: DateTime<Utc>,
) -> StoreResult<Verdict> {
    write_transaction(conn, |conn| {
        let next_at = match locked_next_at(conn, key)? {
            Some(next_at) => next_at,
            None => {
                // The first request of the key: in a savepoint, as another may insert it
                // at the same moment; then it is read (and locked) as any other.
                let inserted = write_transaction(conn, |conn| {
                    diesel::insert_into(rate_limits::table)
                        .values((
                            rate_limits::key.eq(key),
                            rate_limits::next_at.eq(to_db(now)),
                        ))
                        .execute(conn)
                        .map_err(StoreError::from)
                });
                match inserted {
                    Ok(_) | Err(StoreError::UniqueViolation(_)) => {}
                    Err(error) => return Err(error),
                }
                locked_next_at(conn, key)?.unwrap_or(now)
            }
        };
        let tolerance = interval * i32::try_from(burst.saturating_sub(1)).unwrap_or(i32::MAX);
        let allowed_from = next_at - tolerance;
        if allowed_from > now {
            return Ok(Verdict::Wait(allowed_from - now));
        }
        diesel::update(rate_limits::table.find(key))
            .set(rate_limits::next_at.eq(to_db(next_at.max(now) + interval)))
            .execute(conn)?;
        Ok(Verdict::Pass)
    })
}

/// The key's `next_at`, its row locked until the transaction ends.
fn locked_next_at(conn: &mut DbConnection, key: &str) -> StoreResult<Option<DateTime<Utc>>> {
    let row = rate_limits::table.find(key).select(rate_limits::next_at);
    let next_at: Option<NaiveDateTime> = match conn {
        DbConnection::Postgresql(pg) => row.for_no_key_update().first(pg).optional()?,
        DbConnection::Sqlite(_) => row.first(conn).optional()?,
    };
    Ok(next_at.map(from_db))
}

/// Deletes the limits whose next request was due before `before` (they hold nothing any
/// more); returns how many.
pub fn purge(conn: &mut DbConnection, before: DateTime<Utc>) -> StoreResult<usize> {
    Ok(
        diesel::delete(rate_limits::table.filter(rate_limits::next_at.lt(to_db(before))))
            .execute(conn)?,
    )
}
