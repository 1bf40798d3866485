//! Write transactions that behave the same on both backends under concurrency.
//!
//! SQLite's default `BEGIN` is deferred: two writers that both read first deadlock at
//! their first write and one fails with `database is locked`. `BEGIN IMMEDIATE` takes the
//! write lock up front, so writers queue behind `busy_timeout` instead. PostgreSQL uses its
//! ordinary transaction; row locks (`FOR UPDATE`) do the rest there.

use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};

/// Write transactions this process has committed: bumped after each commit, so that a
/// reader who notes it *before* reading knows that an unchanged value means none of this
/// process's writes landed since (see [`committed_writes`]).
static COMMITTED_WRITES: AtomicU64 = AtomicU64::new(0);

/// How many write transactions this process has committed so far. Every change to
/// offices, sessions, holidays and bookings goes through [`write_transaction`], so an
/// in-process cache of answers computed from them may keep one, computed after reading
/// this value, for as long as it stays the same. (Idempotency keys and sign-in records
/// are written outside it; nothing is cached from them.)
pub fn committed_writes() -> u64 {
    COMMITTED_WRITES.load(Ordering::Acquire)
}

/// Runs `work` in a write transaction, committing on `Ok` and rolling back on `Err`.
///
/// Inside another write transaction it runs in a savepoint of that one instead: its `Ok`
/// keeps its writes for the outer transaction to commit, its `Err` undoes only them. So a
/// use case written as one transaction composes into a caller's, as the routes that keep
/// an `Idempotency-Key`'s answer with their work do.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<StoreError>,
{
    let outermost = !in_transaction(conn);
    match conn {
        DbConnection::Sqlite(inner) if outermost => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
                .map_err(stored)?;
        }
        _ => <DbConnection as Connection>::TransactionManager::begin_transaction(conn)
            .map_err(stored)?,
    }
    match work(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)
                .map_err(stored)?;
            // Only a commit makes writes visible to other connections' readers.
            if outermost {
                COMMITTED_WRITES.fetch_add(1, Ordering::AcqRel);
            }
            Ok(value)
        }
        Err(error) => {
            <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)
                .map_err(stored)?;
            Err(error)
        }
    }
}

/// A failure of the transaction's own statements, as the caller's error.
fn stored<E: From<StoreError>>(error: diesel::result::Error) -> E {
    E::from(StoreError::from(error))
}

/// Whether `conn` is inside a transaction (or a savepoint of one) now.
pub(crate) fn in_transaction(conn: &mut DbConnection) -> bool {
    let status = match conn {
        DbConnection::Postgresql(inner) => {
            AnsiTransactionManager::transaction_manager_status_mut(inner)
        }
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::transaction_manager_status_mut(inner)
        }
    };
    // A broken transaction manager is no transaction to write in either.
    matches!(status.transaction_depth(), Ok(Some(_)))
}

/// Refuses, as a bug, a write that needs its caller's transaction when there is none: the
/// locks it relies on would end with its own statement.
pub(crate) fn require_transaction(conn: &mut DbConnection, what: &str) -> StoreResult<()> {
    if in_transaction(conn) {
        Ok(())
    } else {
        Err(StoreError::OutsideTransaction(what.to_owned()))
    }
}

/// Work that must never run twice at once across processes sharing one database.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Turn {
    /// Creating dated sessions from templates.
    Materialise,
    /// Writing the seed data.
    Seed,
    /// Switching the tariff schedules in force.
    Tariffs,
    /// Switching the validity rule sets in force.
    ValidityRules,
}

/// Inside a write transaction, waits until no other process is doing the same `turn`.
///
/// Without it two PostgreSQL transactions could both find a row missing and one would then
/// fail on a unique key; a transaction-scoped advisory lock makes them take turns. On
/// SQLite `BEGIN IMMEDIATE` has already serialised every writer.
pub(crate) fn take_turns(conn: &mut DbConnection, turn: Turn) -> diesel::QueryResult<()> {
    let key: i64 = match turn {
        Turn::Materialise => 0x7061_7370_0001,
        Turn::Seed => 0x7061_7370_0002,
        Turn::Tariffs => 0x7061_7370_0003,
        Turn::ValidityRules => 0x7061_7370_0004,
    };
    if let DbConnection::Postgresql(pg) = conn {
        use diesel::connection::SimpleConnection;
        pg.batch_execute(&format!("SELECT pg_advisory_xact_lock({key})"))?;
    }
    Ok(())
}
