//! Idempotency keys: the first answer to a request that creates or pays, kept per caller
//! and key, so that a retry with the same key gets that answer again instead of a second
//! application, booking or payment.
//!
//! A key is taken inside the write transaction of the work it guards ([`hold`], its first
//! statement) and answered there too ([`keep`], its last), so the work and the key's answer
//! commit together or not at all: a process that dies between the commit and its answer
//! leaves the answer for the retry, and one that dies before the commit leaves nothing (the
//! database rolls the transaction back when its connection closes), so the key is free at
//! once. "In flight" is a transaction holding the key's uncommitted row: a concurrent
//! request with the key waits at [`hold`] for that transaction to end, then reads what it
//! left ([`look`]). The primary key settles the race, in one process or many.
//!
//! A refusal that rolled the work back may be kept for the key afterwards, in a short
//! transaction of its own ([`hold`] then [`keep`]).

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::idempotency_keys;
use crate::time::{from_db, to_db};
use crate::transaction::require_transaction;

/// What a key already holds for a request that carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
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

/// What `key` of `account` holds for the request whose hash is `request_hash`: `None` when
/// the key is free. Read outside the transaction that would take it, and again after
/// [`hold`] found it taken. An expired key is free (its row is deleted here), and so is a
/// row without an answer, which only a version before answers were kept with their work
/// could leave.
pub fn look(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<Held>> {
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
    let Some(status) = status.filter(|_| from_db(expires_at) > now) else {
        // Only the row as read: a request that took the key meanwhile keeps its own.
        diesel::delete(
            idempotency_keys::table
                .find((account, key))
                .filter(idempotency_keys::created_at.eq(reserved_at)),
        )
        .execute(conn)?;
        return Ok(None);
    };
    // A different request is refused: reusing a key for new content is the client's
    // mistake.
    if held_hash != request_hash {
        return Ok(Some(Held::Mismatch));
    }
    Ok(Some(Held::Replay(stored(status, headers, body)?)))
}

/// Inside a write transaction, its first statement: takes `key` of `account` for the
/// request whose hash is `request_hash` until the transaction ends, named by `now` (pass it
/// to [`keep`] in the same transaction), kept until `now + ttl`. Rolled back, the key is
/// free again, as if never asked for; committed, it holds what [`keep`] stored. Skipped
/// when another request holds the key: on PostgreSQL the insert first waits for that
/// request's transaction to end, and the transaction it failed in is aborted, so roll it
/// back and [`look`] again.
pub fn hold(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
    ttl: TimeDelta,
) -> StoreResult<Conditional> {
    require_transaction(conn, "holding an idempotency key")?;
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
        Ok(_) => Ok(Conditional::Applied),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(Conditional::Skipped)
        }
        Err(error) => Err(error.into()),
    }
}

/// Inside the write transaction that [`hold`] the key at `held_at`, its last statement:
/// keeps the answer, replayed byte for byte to a retry with the key. Skipped when the key
/// is not held by that reservation or already answered (an answer is never replaced).
pub fn keep(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    held_at: DateTime<Utc>,
    answer: &StoredResponse,
) -> StoreResult<Conditional> {
    let headers = serde_json::to_string(&answer.headers).map_err(StoreError::corrupt)?;
    let stored = diesel::update(
        idempotency_keys::table
            .find((account, key))
            .filter(idempotency_keys::created_at.eq(to_db(held_at)))
            .filter(idempotency_keys::status.is_null()),
    )
    .set((
        idempotency_keys::status.eq(i32::from(answer.status)),
        idempotency_keys::response_headers.eq(headers),
        idempotency_keys::response_body.eq(&answer.body),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(stored))
}

/// Deletes the keys that expired at or before `now`, answered or not; returns how many.
pub fn purge_expired(conn: &mut DbConnection, now: DateTime<Utc>) -> StoreResult<usize> {
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::expires_at.le(to_db(now))))
            .execute(conn)?,
    )
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
