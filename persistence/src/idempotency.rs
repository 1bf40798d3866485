//! Idempotency keys: the first answer to a request that creates or pays, kept per caller
//! and key, so that a retry with the same key gets that answer again instead of a second
//! application, booking or payment.
//!
//! [`begin`] reserves a key before the work runs (a row without an answer: in flight);
//! [`finish`] stores the answer; [`abandon`] gives the key back when there is no answer to
//! keep (the work failed on the server's side, or the client went away). The primary key
//! settles races: of several requests beginning one key at once, in one process or many,
//! exactly one inserts its row, and the others read what that row holds.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::idempotency_keys;
use crate::time::{from_db, to_db};

/// Rounds of "insert, else read" before [`begin`] gives up. A round ends without an answer
/// only when the row it collided with was gone or expired by the time it was read; each
/// round some request wins the key, so more rounds would only mean a key fought over.
const ROUNDS: usize = 3;

/// What [`begin`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// The key is now this request's: do the work, then [`finish`] or [`abandon`].
    Started,
    /// A request with this key (and the same content) is still being answered.
    InFlight,
    /// The same request was answered before: send that answer again.
    Replay(StoredResponse),
    /// The key was used for another request (method, path or body differ).
    Mismatch,
}

/// An answer as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The HTTP status.
    pub status: u16,
    /// The headers worth replaying, as (name, value), in the order they were sent.
    pub headers: Vec<(String, String)>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
}

/// request hash, status, headers (JSON), body, expiry, as selected.
type Row = (
    String,
    Option<i32>,
    Option<String>,
    Option<Vec<u8>>,
    NaiveDateTime,
);

/// Reserves `key` of `account` for the request whose hash is `request_hash`, kept until
/// `now + ttl`; or reports what the key already holds. An expired key is taken over as if
/// it were new.
///
/// Call it outside a transaction: the collision is detected by a refused insert
/// (`MultiConnection` has no `ON CONFLICT`), and on PostgreSQL a refused statement aborts
/// the transaction around it.
pub fn begin(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
    ttl: TimeDelta,
) -> StoreResult<Begin> {
    for _ in 0..ROUNDS {
        let inserted = diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::account_id.eq(account),
                idempotency_keys::key.eq(key),
                idempotency_keys::request_hash.eq(request_hash),
                idempotency_keys::created_at.eq(to_db(now)),
                idempotency_keys::expires_at.eq(to_db(now + ttl)),
            ))
            .execute(conn);
        match inserted {
            Ok(_) => return Ok(Begin::Started),
            Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(error) => return Err(error.into()),
        }
        let held: Option<Row> = idempotency_keys::table
            .find((account, key))
            .select((
                idempotency_keys::request_hash,
                idempotency_keys::status,
                idempotency_keys::response_headers,
                idempotency_keys::response_body,
                idempotency_keys::expires_at,
            ))
            .first(conn)
            .optional()?;
        // Gone since the insert collided with it (abandoned or purged): try again.
        let Some((held_hash, status, headers, body, expires_at)) = held else {
            continue;
        };
        if from_db(expires_at) <= now {
            // Only if still expired: a request racing to take it over may have done so
            // already, and its fresh row must stay.
            diesel::delete(
                idempotency_keys::table
                    .find((account, key))
                    .filter(idempotency_keys::expires_at.le(to_db(now))),
            )
            .execute(conn)?;
            continue;
        }
        // A different request is refused even while the first is in flight: reusing a key
        // for new content is the client's mistake whatever the first request's state.
        if held_hash != request_hash {
            return Ok(Begin::Mismatch);
        }
        return match status {
            None => Ok(Begin::InFlight),
            Some(status) => Ok(Begin::Replay(stored(status, headers, body)?)),
        };
    }
    // Every round lost to another request that came and went: the key is in use.
    Ok(Begin::InFlight)
}

/// Stores the answer to the request that holds `key` of `account`. An answer, once stored,
/// is never replaced; returns whether this one was stored (false when the key was no
/// longer in flight: abandoned, purged or already answered).
pub fn finish(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> StoreResult<bool> {
    let headers = serde_json::to_string(headers).map_err(StoreError::corrupt)?;
    let stored = diesel::update(
        idempotency_keys::table
            .find((account, key))
            .filter(idempotency_keys::status.is_null()),
    )
    .set((
        idempotency_keys::status.eq(i32::from(status)),
        idempotency_keys::response_headers.eq(headers),
        idempotency_keys::response_body.eq(body),
    ))
    .execute(conn)?;
    Ok(stored == 1)
}

/// Gives back `key` of `account` while it is in flight, so that a retry does the work
/// anew; returns whether it was. A stored answer is never deleted here, so a late call
/// (from a request that finished meanwhile) cannot undo it.
pub fn abandon(conn: &mut DbConnection, account: &str, key: &str) -> QueryResult<bool> {
    let deleted = diesel::delete(
        idempotency_keys::table
            .find((account, key))
            .filter(idempotency_keys::status.is_null()),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

/// Deletes the keys that expired at or before `now`, answered or not; returns how many.
pub fn purge_expired(conn: &mut DbConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::expires_at.le(to_db(now))))
        .execute(conn)
}

fn stored(
    status: i32,
    headers: Option<String>,
    body: Option<Vec<u8>>,
) -> StoreResult<StoredResponse> {
    let headers = headers.ok_or_else(|| StoreError::corrupt("answered key without headers"))?;
    Ok(StoredResponse {
        status: u16::try_from(status)
            .map_err(|_| StoreError::corrupt(format!("idempotency status {status}")))?,
        headers: serde_json::from_str(&headers)
            .map_err(|error| StoreError::corrupt(format!("idempotency headers: {error}")))?,
        body: body.ok_or_else(|| StoreError::corrupt("answered key without body"))?,
    })
}
