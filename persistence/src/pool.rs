//! The r2d2 pool, with a manager that opens the backend named by the URL itself.
//!
//! Diesel's own `ConnectionManager` goes through `MultiConnection::establish`, which hides
//! the real error and cannot apply SQLite's per-connection settings; this one does both.

use std::time::Duration;

use diesel::r2d2::{self, ManageConnection, R2D2Connection};

use crate::connection::{Backend, DbConnection, establish};
use crate::error::{StoreError, StoreResult};

/// A pool of connections to one database.
pub type DbPool = r2d2::Pool<DbManager>;

/// A connection borrowed from the pool.
pub type PooledConnection = r2d2::PooledConnection<DbManager>;

/// How large the pool is and how long a caller waits for a connection.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// The most connections held open.
    pub max_size: u32,
    /// How long to wait for a free connection before answering "unavailable".
    pub connection_timeout: Duration,
    /// How long a statement waits for a lock another connection holds before it fails
    /// (and is answered "unavailable"): SQLite's `busy_timeout`, PostgreSQL's
    /// `lock_timeout`.
    pub lock_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_size: 10,
            connection_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_secs(10),
        }
    }
}

/// Opens connections for the pool.
#[derive(Debug)]
pub struct DbManager {
    url: String,
    lock_timeout: Duration,
}

/// The manager's error: a connection or a ping that failed.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ManagerError(#[from] StoreError);

impl ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = ManagerError;

    fn connect(&self) -> Result<DbConnection, ManagerError> {
        use diesel::connection::SimpleConnection as _;
        let mut conn = establish(&self.url)?;
        let millis = self.lock_timeout.as_millis();
        let setting = match conn {
            DbConnection::Postgresql(_) => format!("SET lock_timeout = {millis}"),
            DbConnection::Sqlite(_) => format!("PRAGMA busy_timeout = {millis}"),
        };
        conn.batch_execute(&setting)
            .map_err(|error| ManagerError(StoreError::Database(error)))?;
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ManagerError> {
        conn.ping()
            .map_err(|error| ManagerError(StoreError::Database(error)))
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

/// Connects a pool to `url`. One connection is opened first, so that a wrong URL or a
/// database that is down fails here with the real reason instead of a pool time-out.
pub fn connect_pool(url: &str, settings: PoolSettings) -> StoreResult<(DbPool, Backend)> {
    let backend = Backend::from_url(url);
    drop(establish(url)?);
    let pool = r2d2::Pool::builder()
        .max_size(settings.max_size)
        .min_idle(Some(1))
        .connection_timeout(settings.connection_timeout)
        .test_on_check_out(false)
        .build_unchecked(DbManager {
            url: url.to_owned(),
            lock_timeout: settings.lock_timeout,
        });
    Ok((pool, backend))
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection as _;

    use super::*;

    /// A fresh SQLite file of this test's own.
    fn sqlite_url(name: &str) -> (String, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "paspor-pool-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let url = format!("sqlite://{}", dir.join("pool.db").display());
        (url, dir)
    }

    #[test]
    fn a_writer_kept_waiting_past_the_lock_timeout_is_unavailable() {
        let (url, dir) = sqlite_url("lock");
        let settings = PoolSettings {
            max_size: 2,
            connection_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_millis(50),
        };
        let (pool, _) = connect_pool(&url, settings).unwrap();
        let mut holder = pool.get().unwrap();
        holder
            .batch_execute("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);")
            .unwrap();
        let mut waiter = pool.get().unwrap();
        let error = crate::write_transaction(&mut waiter, |_| Ok::<_, diesel::result::Error>(()))
            .unwrap_err();
        let error = StoreError::Database(error);
        assert!(error.is_unavailable(), "{error}");
        holder.batch_execute("COMMIT;").unwrap();
        crate::write_transaction(&mut waiter, |_| Ok::<_, diesel::result::Error>(())).unwrap();
        drop((holder, waiter, pool));
        let _ = std::fs::remove_dir_all(dir);
    }
}
