//! An application locked for the rest of a write transaction: the one way to change it.
//!
//! Every write that changes an application, its booking, its waitlist entry or its
//! documents takes a [`LockedApplication`], and only the functions here (and the insert
//! that creates one) make it. So a check of the application's state and the writes that
//! depend on it are atomic by construction: two requests about one application, in one
//! process or many, take turns, and the second reads what the first committed. An
//! unlocked write does not compile.
//!
//! On PostgreSQL the row is read `FOR NO KEY UPDATE`: it excludes every other writer of
//! the row until the transaction ends, yet not the `FOR KEY SHARE` that inserting a row
//! which refers to it takes (a booking, a history entry), so a transaction that holds a
//! session's lock and inserts an offer for the application cannot deadlock against one
//! that holds the application and waits for that session. SQLite's `BEGIN IMMEDIATE` has
//! already serialised every writer.
//!
//! Lock order, for every transaction that takes more than one: the application first, then
//! the session(s) of its places (see `places`). A transaction that takes a session's lock
//! first never locks an application after it.

use std::ops::Deref;

use diesel::prelude::*;

use super::{ApplicationRecord, Row, record};
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::applications;
use crate::transaction::require_transaction;

/// An application read under its row lock, inside the write transaction that holds it.
///
/// It reads as the [`ApplicationRecord`] it derefs to, current as of the lock: nobody else
/// can change the row until the transaction ends, and the writes here keep it up to date.
/// Not `Clone`: one handle per lock.
#[derive(Debug, PartialEq, Eq)]
pub struct LockedApplication {
    record: ApplicationRecord,
}

impl LockedApplication {
    /// A handle on a row this transaction has just inserted (no other transaction sees it
    /// before the commit) or locked.
    pub(super) fn new(record: ApplicationRecord) -> LockedApplication {
        LockedApplication { record }
    }

    /// The application's id.
    pub fn id(&self) -> &str {
        &self.record.id
    }

    /// The passport kind the application asks for (under the lock, it cannot change).
    pub fn passport_kind(&self) -> paspor_domain::PassportKind {
        self.record.content.passport_kind
    }

    /// The application as read under the lock, for the caller to keep.
    pub fn into_record(self) -> ApplicationRecord {
        self.record
    }

    /// For the writes of this module, which keep the handle current.
    pub(super) fn record_mut(&mut self) -> &mut ApplicationRecord {
        &mut self.record
    }
}

impl Deref for LockedApplication {
    type Target = ApplicationRecord;

    fn deref(&self) -> &ApplicationRecord {
        &self.record
    }
}

/// Inside a write transaction: the application `id` of `account_id`, locked until the
/// transaction ends; `None` when there is none or it is another account's (nothing is
/// locked then that the caller may not see).
pub fn lock_owned(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<LockedApplication>> {
    require_transaction(conn, "locking an application")?;
    let row: Option<Row> = match conn {
        DbConnection::Postgresql(pg) => applications::table
            .find(id)
            .filter(applications::account_id.eq(account_id))
            .select(columns!())
            .for_no_key_update()
            .first(pg)
            .optional()?,
        DbConnection::Sqlite(_) => applications::table
            .find(id)
            .filter(applications::account_id.eq(account_id))
            .select(columns!())
            .first(conn)
            .optional()?,
    };
    row.map(|row| record(row).map(LockedApplication::new))
        .transpose()
}

/// Inside a write transaction: the application `id`, whoever owns it (jobs, payments and
/// the office side, which scope it themselves), locked until the transaction ends.
pub fn lock(conn: &mut DbConnection, id: &str) -> StoreResult<Option<LockedApplication>> {
    require_transaction(conn, "locking an application")?;
    let row: Option<Row> = match conn {
        DbConnection::Postgresql(pg) => applications::table
            .find(id)
            .select(columns!())
            .for_no_key_update()
            .first(pg)
            .optional()?,
        DbConnection::Sqlite(_) => applications::table
            .find(id)
            .select(columns!())
            .first(conn)
            .optional()?,
    };
    row.map(|row| record(row).map(LockedApplication::new))
        .transpose()
}
