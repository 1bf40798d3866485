//! The failed sign-ins counted per account subject (a hash of the email address tried, so
//! that addresses without an account are counted alike and not kept in the clear) and
//! client address, or for every address together ([`EVERY_ADDRESS`]); and the addresses
//! an account has signed in from, which strangers' failures never hold back.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::account::sign_in_throttle::Failures;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{sign_in_addresses, sign_in_failures};
use crate::time::{from_db, to_db};
use crate::transaction::{require_transaction, write_transaction};

/// The address that stands for every address together.
pub const EVERY_ADDRESS: &str = "*";

type Row = (i32, NaiveDateTime, Option<NaiveDateTime>);

fn failures((count, since, blocked): Row) -> Failures {
    Failures {
        count: u32::try_from(count).unwrap_or(0),
        since: from_db(since),
        blocked_until: blocked.map(from_db),
    }
}

/// The failures counted for `subject` from `address`, if any.
pub fn find(
    conn: &mut DbConnection,
    subject: &str,
    address: &str,
) -> StoreResult<Option<Failures>> {
    let row: Option<Row> = sign_in_failures::table
        .find((subject, address))
        .select((
            sign_in_failures::failures,
            sign_in_failures::since,
            sign_in_failures::blocked_until,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(failures).filter(|failures| failures.count > 0))
}

/// Inside a write transaction: counts one more failure of `subject` from `address` by
/// `count` (the policy's rule, given what was counted before), the row locked between the
/// read and the write so that failures at once are each counted. Returns the new count.
pub fn count_failure(
    conn: &mut DbConnection,
    subject: &str,
    address: &str,
    now: DateTime<Utc>,
    count: impl FnOnce(Option<Failures>) -> Failures,
) -> StoreResult<Failures> {
    require_transaction(conn, "counting a failed sign-in")?;
    ensure_row(conn, subject, address, now)?;
    let locked = sign_in_failures::table.find((subject, address)).select((
        sign_in_failures::failures,
        sign_in_failures::since,
        sign_in_failures::blocked_until,
    ));
    let row: Row = match conn {
        DbConnection::Postgresql(pg) => locked.for_no_key_update().first(pg)?,
        DbConnection::Sqlite(_) => locked.first(conn)?,
    };
    let before = Some(failures(row)).filter(|failures| failures.count > 0);
    let after = count(before);
    diesel::update(sign_in_failures::table.find((subject, address)))
        .set((
            sign_in_failures::failures.eq(i32::try_from(after.count).unwrap_or(i32::MAX)),
            sign_in_failures::since.eq(to_db(after.since)),
            sign_in_failures::blocked_until.eq(after.blocked_until.map(to_db)),
        ))
        .execute(conn)?;
    Ok(after)
}

/// The row of `subject` and `address`, made with nothing counted if missing. In a
/// savepoint: a first failure racing this one may have made it since, which is as good.
fn ensure_row(
    conn: &mut DbConnection,
    subject: &str,
    address: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let inserted = write_transaction(conn, |conn| {
        diesel::insert_into(sign_in_failures::table)
            .values((
                sign_in_failures::subject.eq(subject),
                sign_in_failures::address.eq(address),
                sign_in_failures::failures.eq(0),
                sign_in_failures::since.eq(to_db(now)),
            ))
            .execute(conn)
            .map_err(StoreError::from)
    });
    match inserted {
        Ok(_) | Err(StoreError::UniqueViolation(_)) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Forgets the failures of `subject` from `address` (it signed in).
pub fn clear(conn: &mut DbConnection, subject: &str, address: &str) -> StoreResult<()> {
    diesel::delete(sign_in_failures::table.find((subject, address))).execute(conn)?;
    Ok(())
}

/// Whether `account` has signed in from `address` before.
pub fn is_known_address(
    conn: &mut DbConnection,
    account: &str,
    address: &str,
) -> StoreResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        sign_in_addresses::table.find((account, address)),
    ))
    .get_result(conn)?)
}

/// Inside a write transaction: remembers that `account` signed in from `address` at `now`.
pub fn remember_address(
    conn: &mut DbConnection,
    account: &str,
    address: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    require_transaction(conn, "remembering a sign-in address")?;
    let updated = diesel::update(sign_in_addresses::table.find((account, address)))
        .set(sign_in_addresses::last_success_at.eq(to_db(now)))
        .execute(conn)?;
    if updated == 0 {
        // A sign-in from the same address at once may insert it first: as good.
        let inserted = write_transaction(conn, |conn| {
            diesel::insert_into(sign_in_addresses::table)
                .values((
                    sign_in_addresses::account_id.eq(account),
                    sign_in_addresses::address.eq(address),
                    sign_in_addresses::last_success_at.eq(to_db(now)),
                ))
                .execute(conn)
                .map_err(StoreError::from)
        });
        match inserted {
            Ok(_) | Err(StoreError::UniqueViolation(_)) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Deletes the failure counts whose window began before `before` and that hold no block
/// after it; returns how many (a job keeps the table small).
pub fn purge(conn: &mut DbConnection, before: DateTime<Utc>) -> StoreResult<usize> {
    let before = to_db(before);
    Ok(diesel::delete(
        sign_in_failures::table
            .filter(sign_in_failures::since.lt(before))
            .filter(
                sign_in_failures::blocked_until
                    .is_null()
                    .or(sign_in_failures::blocked_until.lt(before)),
            ),
    )
    .execute(conn)?)
}
