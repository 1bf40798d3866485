//! Embedded migrations for each backend, applied under a lock so that several api
//! processes starting at once apply each migration exactly once.
//!
//! PostgreSQL serialises on a session advisory lock; SQLite on an exclusive lock of a
//! file beside the database (its own locking is per transaction, while a migration run
//! spans several).

use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::connection::{DbConnection, establish, sqlite_path};
use crate::error::{StoreError, StoreResult};

const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// An arbitrary constant naming this service's migration lock among advisory locks.
const PG_MIGRATION_LOCK: i64 = 0x7061_7370_6f72;

/// What a migration run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// The versions applied by this run, oldest first (empty when already current).
    pub applied: Vec<String>,
    /// How many migrations the binary knows.
    pub known: usize,
}

/// Applies every pending migration to the database at `url`.
pub fn run_migrations(url: &str) -> StoreResult<MigrationReport> {
    match establish(url)? {
        DbConnection::Postgresql(mut conn) => migrate_postgres(&mut conn),
        DbConnection::Sqlite(mut conn) => migrate_sqlite(&mut conn, sqlite_path(url)),
    }
}

fn migrate_postgres(conn: &mut PgConnection) -> StoreResult<MigrationReport> {
    conn.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
    let outcome = apply(conn, POSTGRES);
    // The lock is also released when the session ends; unlocking early is a courtesy.
    let unlocked = conn.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"));
    let report = outcome?;
    unlocked?;
    Ok(report)
}

fn migrate_sqlite(conn: &mut SqliteConnection, path: &str) -> StoreResult<MigrationReport> {
    let _guard = if path == ":memory:" {
        None
    } else {
        Some(lock_file(path)?)
    };
    apply(conn, SQLITE)
}

fn lock_file(database_path: &str) -> StoreResult<std::fs::File> {
    let lock_path = format!("{database_path}.migrate-lock");
    let io = |what: &str, source| StoreError::Io {
        what: format!("{what} {lock_path}"),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| io("opening", e))?;
    file.lock().map_err(|e| io("locking", e))?;
    Ok(file)
}

fn apply<DB, C>(conn: &mut C, source: EmbeddedMigrations) -> StoreResult<MigrationReport>
where
    DB: diesel::backend::Backend,
    C: MigrationHarness<DB>,
    EmbeddedMigrations: MigrationSource<DB>,
{
    let known = MigrationSource::<DB>::migrations(&source)
        .map_err(|e| StoreError::Migration(e.to_string()))?
        .len();
    let applied = conn
        .run_pending_migrations(source)
        .map_err(|e| StoreError::Migration(e.to_string()))?
        .into_iter()
        .map(|version| version.to_string())
        .collect();
    Ok(MigrationReport { applied, known })
}

#[cfg(test)]
mod document_kinds_upgrade;
#[cfg(test)]
mod one_place_repair;
#[cfg(test)]
mod walk_ins_upgrade;
