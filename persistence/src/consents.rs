//! What each account holder agreed to: one record per grant (purpose and the version of the
//! text agreed to), closed by its withdrawal and kept after it. The caller holds the
//! account's lock; the partial unique index keeps one open record per purpose regardless.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::privacy::ConsentPurpose;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::consents;
use crate::time::{from_db, to_db};

/// A consent as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    /// The record's id.
    pub id: String,
    /// What was agreed to.
    pub purpose: ConsentPurpose,
    /// The version of the text agreed to.
    pub version: String,
    /// When it was given.
    pub granted_at: DateTime<Utc>,
    /// When it was withdrawn, if it was.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

type Row = (String, String, String, NaiveDateTime, Option<NaiveDateTime>);

fn record(row: Row) -> StoreResult<ConsentRecord> {
    let (id, purpose, version, granted_at, withdrawn_at) = row;
    Ok(ConsentRecord {
        id,
        purpose: purpose.parse().map_err(StoreError::corrupt)?,
        version,
        granted_at: from_db(granted_at),
        withdrawn_at: withdrawn_at.map(from_db),
    })
}

/// Records that `user_id` agreed to `purpose` in `version` at `now`, unless a consent to it
/// is open already (then nothing changes: the first grant's time stands).
pub fn grant(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: ConsentPurpose,
    version: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    if open(conn, user_id, purpose)?.is_some() {
        return Ok(Conditional::of(false));
    }
    diesel::insert_into(consents::table)
        .values((
            consents::id.eq(new_id()),
            consents::user_id.eq(user_id),
            consents::purpose.eq(purpose.as_str()),
            consents::version.eq(version),
            consents::granted_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(Conditional::of(true))
}

/// Closes the open consent of `user_id` to `purpose` at `now`; skipped when none is open.
pub fn withdraw(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: ConsentPurpose,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let closed = diesel::update(
        consents::table
            .filter(consents::user_id.eq(user_id))
            .filter(consents::purpose.eq(purpose.as_str()))
            .filter(consents::withdrawn_at.is_null()),
    )
    .set(consents::withdrawn_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(closed))
}

/// Closes every open consent of `user_id` at `now` (the account closes); returns how many.
pub fn withdraw_all(
    conn: &mut DbConnection,
    user_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(
        consents::table
            .filter(consents::user_id.eq(user_id))
            .filter(consents::withdrawn_at.is_null()),
    )
    .set(consents::withdrawn_at.eq(to_db(now)))
    .execute(conn)?)
}

/// The open consent of `user_id` to `purpose`, if any.
pub fn open(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: ConsentPurpose,
) -> StoreResult<Option<ConsentRecord>> {
    consents::table
        .filter(consents::user_id.eq(user_id))
        .filter(consents::purpose.eq(purpose.as_str()))
        .filter(consents::withdrawn_at.is_null())
        .select(columns())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// A page of `user_id`'s consents, open and withdrawn, newest first: `limit` after skipping
/// `offset`.
pub fn list(
    conn: &mut DbConnection,
    user_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<ConsentRecord>> {
    consents::table
        .filter(consents::user_id.eq(user_id))
        .order((consents::granted_at.desc(), consents::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(columns())
        .load::<Row>(conn)?
        .into_iter()
        .map(record)
        .collect()
}

/// How many consents `user_id` has, open and withdrawn.
pub fn count(conn: &mut DbConnection, user_id: &str) -> StoreResult<i64> {
    Ok(consents::table
        .filter(consents::user_id.eq(user_id))
        .count()
        .get_result(conn)?)
}

fn columns() -> (
    consents::id,
    consents::purpose,
    consents::version,
    consents::granted_at,
    consents::withdrawn_at,
) {
    (
        consents::id,
        consents::purpose,
        consents::version,
        consents::granted_at,
        consents::withdrawn_at,
    )
}
