//! The devices an account receives push notices on.
//!
//! A token belongs to one account at a time (the person now signed in on that phone), so
//! it is unique across accounts. Tokens are looked up by their SHA-256: PostgreSQL cannot
//! index text as long as a token may be.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::account::DevicePlatform;
use sha2::{Digest, Sha256};

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{devices, users};
use crate::time::{from_db, to_db};

/// A registered device, without its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    /// Its id.
    pub id: String,
    /// The account notified on it.
    pub account_id: String,
    /// The push service that reaches it.
    pub platform: DevicePlatform,
    /// When it was first registered to this account.
    pub created_at: DateTime<Utc>,
    /// When it was last registered (again).
    pub updated_at: DateTime<Utc>,
}

type Row = (String, String, String, NaiveDateTime, NaiveDateTime);

macro_rules! device_columns {
    () => {
        (
            devices::id,
            devices::account_id,
            devices::platform,
            devices::created_at,
            devices::updated_at,
        )
    };
}

fn record(row: Row) -> StoreResult<DeviceRecord> {
    let (id, account_id, platform, created_at, updated_at) = row;
    Ok(DeviceRecord {
        platform: platform
            .parse()
            .map_err(|_| StoreError::corrupt(format!("device platform {platform:?}")))?,
        id,
        account_id,
        created_at: from_db(created_at),
        updated_at: from_db(updated_at),
    })
}

/// How a token is looked up.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Inside a write transaction, waits until no other transaction is changing this account's
/// devices, so that a count followed by an insert keeps the limit. PostgreSQL locks the
/// account's row; on SQLite `BEGIN IMMEDIATE` has already serialised every writer.
pub fn lock_owner(conn: &mut DbConnection, account_id: &str) -> StoreResult<()> {
    if let DbConnection::Postgresql(pg) = conn {
        users::table
            .find(account_id)
            .select(users::id)
            .for_update()
            .load::<String>(pg)?;
    }
    Ok(())
}

/// The device with this token, whichever account it belongs to.
pub fn find_by_token(conn: &mut DbConnection, token: &str) -> StoreResult<Option<DeviceRecord>> {
    devices::table
        .filter(devices::token_hash.eq(token_hash(token)))
        .select(device_columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// The account's device with this id (None when absent or another account's).
pub fn find_owned(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<DeviceRecord>> {
    devices::table
        .find(id)
        .filter(devices::account_id.eq(account_id))
        .select(device_columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// Registers a token for an account and returns the device's id; fails with a unique
/// violation when the token is registered already (see [`is_token_taken`]).
pub fn insert(
    conn: &mut DbConnection,
    account_id: &str,
    platform: DevicePlatform,
    token: &str,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    let now = to_db(now);
    diesel::insert_into(devices::table)
        .values((
            devices::id.eq(&id),
            devices::account_id.eq(account_id),
            devices::platform.eq(platform.as_str()),
            devices::token.eq(token),
            devices::token_hash.eq(token_hash(token)),
            devices::created_at.eq(now),
            devices::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Whether a failed insert was refused because the token is registered already (by a
/// transaction that committed after the caller's [`find_by_token`]).
pub fn is_token_taken(error: &StoreError) -> bool {
    error.is_unique_violation()
}

/// Records that a device registered again (its platform may have been corrected).
pub fn renew(
    conn: &mut DbConnection,
    id: &str,
    platform: DevicePlatform,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(devices::table.find(id))
        .set((
            devices::platform.eq(platform.as_str()),
            devices::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes the account's device with this id; returns false when it has none.
pub fn delete(conn: &mut DbConnection, account_id: &str, id: &str) -> StoreResult<Conditional> {
    let deleted = diesel::delete(
        devices::table
            .find(id)
            .filter(devices::account_id.eq(account_id)),
    )
    .execute(conn)?;
    Ok(Conditional::of_rows(deleted))
}

/// Deletes the device with this token, whichever account has it (the push service says
/// the token is gone); returns how many went (0 or 1).
pub fn delete_by_token(conn: &mut DbConnection, token: &str) -> StoreResult<usize> {
    Ok(
        diesel::delete(devices::table.filter(devices::token_hash.eq(token_hash(token))))
            .execute(conn)?,
    )
}

/// Deletes every device of the account; returns how many.
pub fn delete_all_of(conn: &mut DbConnection, account_id: &str) -> StoreResult<usize> {
    Ok(diesel::delete(devices::table.filter(devices::account_id.eq(account_id))).execute(conn)?)
}

/// Deletes the account's devices registered longest ago until at most `keep` remain,
/// never the one named `spared` (the one just registered); returns how many went.
pub fn keep_newest(
    conn: &mut DbConnection,
    account_id: &str,
    keep: u32,
    spared: &str,
) -> StoreResult<usize> {
    let others: Vec<String> = devices::table
        .filter(devices::account_id.eq(account_id))
        .filter(devices::id.ne(spared))
        .order((devices::updated_at.desc(), devices::id.desc()))
        .select(devices::id)
        .load(conn)?;
    let room = usize::try_from(keep.saturating_sub(1)).unwrap_or(usize::MAX);
    let Some(stale) = others.get(room..).filter(|stale| !stale.is_empty()) else {
        return Ok(0);
    };
    Ok(diesel::delete(devices::table.filter(devices::id.eq_any(stale))).execute(conn)?)
}

/// The tokens of the account's devices, newest first.
pub fn tokens_of(conn: &mut DbConnection, account_id: &str) -> StoreResult<Vec<String>> {
    Ok(devices::table
        .filter(devices::account_id.eq(account_id))
        .order((devices::updated_at.desc(), devices::id.desc()))
        .select(devices::token)
        .load(conn)?)
}

/// The account's devices, newest first.
pub fn list_owned(conn: &mut DbConnection, account_id: &str) -> StoreResult<Vec<DeviceRecord>> {
    devices::table
        .filter(devices::account_id.eq(account_id))
        .order((devices::updated_at.desc(), devices::id.desc()))
        .select(device_columns!())
        .load::<Row>(conn)?
        .into_iter()
        .map(record)
        .collect()
}
