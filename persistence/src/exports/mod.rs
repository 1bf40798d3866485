//! A person's requests for a copy of their data (`data_exports`), and the reads of every
//! table that holds something about them ([`records`]).
//!
//! An export moves `pending` → `building` → `ready` (or `failed`) → `expired`. A builder
//! claims a pending export (or one whose builder's lease lapsed) with a checked
//! compare-and-set, so several api processes share the work and none builds one twice at
//! once; every later write of the builder is conditional on the state it left.

pub mod records;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::data_exports;
use crate::time::{from_db, to_db};

/// Waiting for a builder.
pub const PENDING: &str = "pending";
/// Claimed by a builder.
pub const BUILDING: &str = "building";
/// The archive is ready to download.
pub const READY: &str = "ready";
/// Building failed; a new export may be asked for.
pub const FAILED: &str = "failed";
/// The archive was deleted after its time.
pub const EXPIRED: &str = "expired";

/// An export as recorded, without its archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRecord {
    /// The export's id.
    pub id: String,
    /// The account whose data it holds.
    pub account_id: String,
    /// One of the state constants of this module.
    pub state: String,
    /// Steps done so far.
    pub steps_done: i32,
    /// Steps in all (0 until the builder has counted them).
    pub steps_total: i32,
    /// When it was asked for.
    pub requested_at: DateTime<Utc>,
    /// When the archive was ready.
    pub ready_at: Option<DateTime<Utc>>,
    /// When the archive is (or was) deleted.
    pub expires_at: Option<DateTime<Utc>>,
    /// The archive's size in bytes, once ready.
    pub archive_bytes: Option<i64>,
}

type Row = (
    String,
    String,
    String,
    i32,
    i32,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<i64>,
);

fn columns() -> (
    data_exports::id,
    data_exports::account_id,
    data_exports::state,
    data_exports::steps_done,
    data_exports::steps_total,
    data_exports::requested_at,
    data_exports::ready_at,
    data_exports::expires_at,
    data_exports::archive_bytes,
) {
    (
        data_exports::id,
        data_exports::account_id,
        data_exports::state,
        data_exports::steps_done,
        data_exports::steps_total,
        data_exports::requested_at,
        data_exports::ready_at,
        data_exports::expires_at,
        data_exports::archive_bytes,
    )
}

fn record(row: Row) -> ExportRecord {
    let (id, account_id, state, done, total, requested_at, ready_at, expires_at, bytes) = row;
    ExportRecord {
        id,
        account_id,
        state,
        steps_done: done,
        steps_total: total,
        requested_at: from_db(requested_at),
        ready_at: ready_at.map(from_db),
        expires_at: expires_at.map(from_db),
        archive_bytes: bytes,
    }
}

/// Records a new pending export of `account_id`; the unique index refuses a second one in
/// progress (`StoreError::UniqueViolation`).
pub fn insert(
    conn: &mut DbConnection,
    account_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<ExportRecord> {
    let id = new_id();
    diesel::insert_into(data_exports::table)
        .values((
            data_exports::id.eq(&id),
            data_exports::account_id.eq(account_id),
            data_exports::state.eq(PENDING),
            data_exports::steps_done.eq(0),
            data_exports::steps_total.eq(0),
            data_exports::requested_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    find_owned(conn, account_id, &id)?
        .ok_or_else(|| StoreError::corrupt("an export just inserted is not found"))
}

/// The export `id` of `account_id` (another account's is `None`).
pub fn find_owned(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<ExportRecord>> {
    Ok(data_exports::table
        .find(id)
        .filter(data_exports::account_id.eq(account_id))
        .select(columns())
        .first::<Row>(conn)
        .optional()?
        .map(record))
}

/// The export of `account_id` in progress (pending or building), if any.
pub fn in_progress(conn: &mut DbConnection, account_id: &str) -> StoreResult<Option<ExportRecord>> {
    Ok(data_exports::table
        .filter(data_exports::account_id.eq(account_id))
        .filter(data_exports::state.eq_any([PENDING, BUILDING]))
        .select(columns())
        .first::<Row>(conn)
        .optional()?
        .map(record))
}

/// The archive of the ready export `id` of `account_id`.
pub fn archive_of(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<Vec<u8>>> {
    Ok(data_exports::table
        .find(id)
        .filter(data_exports::account_id.eq(account_id))
        .filter(data_exports::state.eq(READY))
        .select(data_exports::archive)
        .first::<Option<Vec<u8>>>(conn)
        .optional()?
        .flatten())
}

/// Claims the oldest export waiting for a builder (pending, or building with a lapsed
/// lease) until `now + lease`; `None` when there is none, or another builder took the one
/// found first (it is then left to that builder).
pub fn claim_next(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease: TimeDelta,
) -> StoreResult<Option<ExportRecord>> {
    let now_db = to_db(now);
    let claimable = data_exports::state.eq(PENDING).or(data_exports::state
        .eq(BUILDING)
        .and(data_exports::claimed_until.lt(now_db)));
    let Some(found) = data_exports::table
        .filter(claimable)
        .order((data_exports::requested_at, data_exports::id))
        .select(data_exports::id)
        .first::<String>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    // The same condition again, checked by the update itself: of several builders that
    // found this one, one updates it.
    let claimed = diesel::update(data_exports::table.find(&found).filter(claimable))
        .set((
            data_exports::state.eq(BUILDING),
            data_exports::claimed_until.eq(to_db(now + lease)),
            data_exports::steps_done.eq(0),
        ))
        .execute(conn)?;
    if claimed == 0 {
        return Ok(None);
    }
    Ok(data_exports::table
        .find(&found)
        .select(columns())
        .first::<Row>(conn)
        .optional()?
        .map(record))
}

/// Records the builder's progress on `id`, still building.
pub fn set_progress(
    conn: &mut DbConnection,
    id: &str,
    done: i32,
    total: i32,
) -> StoreResult<Conditional> {
    let updated = diesel::update(
        data_exports::table
            .find(id)
            .filter(data_exports::state.eq(BUILDING)),
    )
    .set((
        data_exports::steps_done.eq(done),
        data_exports::steps_total.eq(total),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(updated))
}

/// Stores the archive of `id`, ready at `now` until `expires_at`.
pub fn finish(
    conn: &mut DbConnection,
    id: &str,
    archive: &[u8],
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let bytes = i64::try_from(archive.len()).map_err(StoreError::corrupt)?;
    let updated = diesel::update(
        data_exports::table
            .find(id)
            .filter(data_exports::state.eq(BUILDING)),
    )
    .set((
        data_exports::state.eq(READY),
        data_exports::steps_done.eq(data_exports::steps_total),
        data_exports::archive.eq(archive),
        data_exports::archive_bytes.eq(bytes),
        data_exports::ready_at.eq(to_db(now)),
        data_exports::expires_at.eq(to_db(expires_at)),
        data_exports::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(updated))
}

/// Marks `id` failed (the person may ask again).
pub fn fail(conn: &mut DbConnection, id: &str) -> StoreResult<Conditional> {
    let updated = diesel::update(
        data_exports::table
            .find(id)
            .filter(data_exports::state.eq(BUILDING)),
    )
    .set((
        data_exports::state.eq(FAILED),
        data_exports::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(updated))
}

/// Deletes the archives whose time is up, marking their exports expired; returns how many.
pub fn expire_due(conn: &mut DbConnection, now: DateTime<Utc>) -> StoreResult<usize> {
    Ok(diesel::update(
        data_exports::table
            .filter(data_exports::state.eq(READY))
            .filter(data_exports::expires_at.le(to_db(now))),
    )
    .set((
        data_exports::state.eq(EXPIRED),
        data_exports::archive.eq(None::<Vec<u8>>),
    ))
    .execute(conn)?)
}
