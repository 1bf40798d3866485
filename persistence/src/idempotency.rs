//! Idempotency keys: the first answer to a request that creates or pays, kept per caller
//! and key, so that a retry with the same key gets that answer again instead of a second
//! application, booking or payment.
//!
//! [`begin`] reserves a key before the work runs (a row without an answer: in flight);
//! [`finish`] stores the answer; [`abandon`] gives the key back when there is no answer to
//! keep (the work failed on the server's side, or the client went away). Work done in one
//! write transaction may instead [`look`] first and [`hold`] the key inside the transaction,
//! with [`finish`] before the commit: the key and the answer then commit with the work, or
//! not at all. The primary key
//! settles races: of several requests beginning one key at once, in one process or many,
//! exactly one inserts its row, and the others read what that row holds.
//!
//! A reservation is named by the instant it was taken (`created_at`, the `now` given to
//! [`begin`]): [`finish`] and [`abandon`] act only on the reservation they are given that
//! instant of. That matters once a reservation can be taken over: a process killed
//! mid-request never finishes nor gives back its key, so [`begin`] lets a retry take over
//! a reservation in flight for longer than any request can run (the caller's bound), and
//! the original, if it was only slow and not dead, must then not store its answer into
//! the retry's reservation. The instant names a reservation uniquely: a takeover is at
//! least the bound after the instant it replaces, an expired key's is at least its
//! lifetime after, and a key given back is not used again by the request that gave it.

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

/// request hash, status, headers (JSON), body, reserved at, expiry, as selected.
type Row = (
    String,
    Option<i32>,
    Option<String>,
    Option<Vec<u8>>,
    NaiveDateTime,
    NaiveDateTime,
);

/// Reserves `key` of `account` at `now` for the request whose hash is `request_hash`, kept
/// until `now + ttl`; or reports what the key already holds. An expired key is taken over
/// as if it were new, and so is a key still in flight (no answer) that was reserved
/// `in_flight_bound` or longer before `now`: its request can no longer be running (its
/// process died), so the key is given to this request, whatever its content, as if the
/// dead one had given it back. The reservation is then this request's, named by `now`:
/// pass that to [`finish`] or [`abandon`].
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
    in_flight_bound: TimeDelta,
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
                idempotency_keys::created_at,
                idempotency_keys::expires_at,
            ))
            .first(conn)
            .optional()?;
        // Gone since the insert collided with it (abandoned or purged): try again.
        let Some((held_hash, status, headers, body, reserved_at, expires_at)) = held else {
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
        let stale = now - in_flight_bound;
        if status.is_none() && from_db(reserved_at) <= stale {
            // Only if still in flight and still that old: of retries racing to take it over
            // one updates the row, and the others then find it reserved just now (or
            // answered). The new instant names the reservation from here on, so the dead
            // request's (or a slow one's) finish and abandon no longer match it.
            let taken = diesel::update(
                idempotency_keys::table
                    .find((account, key))
                    .filter(idempotency_keys::status.is_null())
                    .filter(idempotency_keys::created_at.le(to_db(stale))),
            )
            .set((
                idempotency_keys::request_hash.eq(request_hash),
                idempotency_keys::created_at.eq(to_db(now)),
                idempotency_keys::expires_at.eq(to_db(now + ttl)),
            ))
            .execute(conn)?;
            if taken == 1 {
                return Ok(Begin::Started);
            }
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

/// Stores the answer to the request that reserved `key` of `account` at `reserved_at` (the
/// `now` its [`begin`] was given). An answer, once stored, is never replaced; returns
/// whether this one was stored: false when that reservation is no longer in flight
/// (abandoned, purged, already answered), or no longer this request's because a retry took
/// it over once it was in flight too long. In that last case the retry's answer is the one
/// kept, even if this one arrives first: this request's work was done nonetheless (it ran
/// past the bound, so its work and the retry's may both have happened, and the domain's own
/// checks are what refuses the second), but the key's answer belongs to the reservation
/// the retry now holds, and its client is the one waiting for it.
pub fn finish(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    reserved_at: DateTime<Utc>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> StoreResult<bool> {
    let headers = serde_json::to_string(headers).map_err(StoreError::corrupt)?;
    let stored = diesel::update(
        idempotency_keys::table
            .find((account, key))
            .filter(idempotency_keys::created_at.eq(to_db(reserved_at)))
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

/// What `key` of `account` holds for the request whose hash is `request_hash`, looked at
/// without reserving it: `None` when the key is free, for work that takes it in its own
/// write transaction ([`hold`]). A key that [`begin`] would take over (expired, or in flight
/// `in_flight_bound` or longer: its request died) is deleted here, and is free.
pub fn look(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
    in_flight_bound: TimeDelta,
) -> StoreResult<Option<Begin>> {
    let held: Option<Row> = idempotency_keys::table
        .find((account, key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::response_headers,
            idempotency_keys::response_body,
            idempotency_keys::created_at,
            idempotency_keys::expires_at,
        ))
        .first(conn)
        .optional()?;
    let Some((held_hash, status, headers, body, reserved_at, expires_at)) = held else {
        return Ok(None);
    };
    let stale = now - in_flight_bound;
    if from_db(expires_at) <= now || (status.is_none() && from_db(reserved_at) <= stale) {
        // Only the row as read: a request that took the key meanwhile keeps its own.
        diesel::delete(
            idempotency_keys::table
                .find((account, key))
                .filter(idempotency_keys::created_at.eq(reserved_at)),
        )
        .execute(conn)?;
        return Ok(None);
    }
    if held_hash != request_hash {
        return Ok(Some(Begin::Mismatch));
    }
    Ok(Some(match status {
        None => Begin::InFlight,
        Some(status) => Begin::Replay(stored(status, headers, body)?),
    }))
}

/// Inside a write transaction, before the work: takes `key` of `account` for the request
/// whose hash is `request_hash` until the transaction ends, named by `now` (pass it to
/// [`finish`] in the same transaction). Rolled back, the key is free again, as if never
/// asked for; committed, it holds what [`finish`] stored. Returns false when another
/// request holds the key: on PostgreSQL the insert first waits for that request's
/// transaction, and the transaction it failed in is aborted, so roll it back.
pub fn hold(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
    ttl: TimeDelta,
) -> StoreResult<bool> {
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
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// Gives back `key` of `account`, reserved at `reserved_at`, while that reservation is in
/// flight, so that a retry does the work anew; returns whether it was. A stored answer is
/// never deleted here, so a late call (from a request that finished meanwhile) cannot undo
/// it, nor is a reservation another request took over.
pub fn abandon(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    reserved_at: DateTime<Utc>,
) -> QueryResult<bool> {
    let deleted = diesel::delete(
        idempotency_keys::table
            .find((account, key))
            .filter(idempotency_keys::created_at.eq(to_db(reserved_at)))
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
