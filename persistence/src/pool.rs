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
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_size: 10,
            connection_timeout: Duration::from_secs(5),
        }
    }
}

/// Opens connections for the pool.
#[derive(Debug)]
pub struct DbManager {
    url: String,
}

/// The manager's error: a connection or a ping that failed.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ManagerError(#[from] StoreError);

impl ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = ManagerError;

    fn connect(&self) -> Result<DbConnection, ManagerError> {
        Ok(establish(&self.url)?)
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
        });
    Ok((pool, backend))
}

/// Borrows a connection, mapping a time-out to [`StoreError::Unavailable`].
pub(crate) fn checkout(pool: &DbPool) -> StoreResult<PooledConnection> {
    pool.get().map_err(StoreError::Unavailable)
}
