//! The r2d2 pool, with a manager that opens the backend named by the URL itself.
//!
//! Diesel's own `ConnectionManager` goes through `MultiConnection::establish`, which hides
//! the real error and cannot apply per-connection settings; this one does both. Every wait
//! a PostgreSQL connection can make is bounded here or by the server: opening it
//! (`connect_timeout`), a vanished peer (TCP keepalives), a lock (`lock_timeout`), a
//! statement (`statement_timeout`), and a transaction left open by a stuck client
//! (`idle_in_transaction_session_timeout`). None of these fires while the database's
//! processes are stopped; the api bounds how long it waits for each call on top of them.

use std::time::Duration;

use diesel::r2d2::{self, ManageConnection, R2D2Connection};

use crate::connection::{Backend, DbConnection, establish};
use crate::error::{StoreError, StoreResult};
use crate::health::{Mark, must_close};

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
    /// How long opening a PostgreSQL connection may take (libpq's `connect_timeout`,
    /// unless the URL sets one).
    pub connect_timeout: Duration,
    /// How long a PostgreSQL connection may be silent before TCP keepalive probes start
    /// (then one more such interval per probe, three probes), unless the URL sets them.
    pub keepalive: Duration,
    /// How long one PostgreSQL statement may run before the server cancels it
    /// (`statement_timeout`; its lock waits included).
    pub statement_timeout: Duration,
    /// How long a PostgreSQL transaction may wait for its client's next statement before
    /// the server ends the session and rolls the transaction back
    /// (`idle_in_transaction_session_timeout`): a stuck client holds no lock longer.
    pub idle_in_transaction_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_size: 10,
            connection_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            keepalive: Duration::from_secs(10),
            statement_timeout: Duration::from_secs(30),
            idle_in_transaction_timeout: Duration::from_secs(60),
        }
    }
}

impl PoolSettings {
    /// `url` as these settings open it: a PostgreSQL URL gets a connect timeout and TCP
    /// keepalives unless it names its own; other URLs are unchanged.
    pub fn connection_url(&self, url: &str) -> String {
        crate::url_params::with_connection_defaults(url, self.connect_timeout, self.keepalive)
    }
}

/// Opens connections for the pool.
#[derive(Debug)]
pub struct DbManager {
    url: String,
    settings: PoolSettings,
}

/// The manager's error: a connection or a ping that failed.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ManagerError(#[from] StoreError);

impl ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = ManagerError;

    fn connect(&self) -> Result<DbConnection, ManagerError> {
        Ok(configured(&self.url, &self.settings)?)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ManagerError> {
        conn.ping()
            .map_err(|error| ManagerError(StoreError::from(error)))
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        must_close(conn)
    }
}

/// One connection to `url` outside any pool, opened and set up as the pool's are: for a
/// caller that must not wait for the pool (asking whether the database answers at all).
pub fn open_connection(url: &str, settings: &PoolSettings) -> StoreResult<DbConnection> {
    configured(&settings.connection_url(url), settings)
}

/// A connection to `url` (already carrying its parameters) with the per-connection
/// settings and the [`Mark`] the pool relies on.
fn configured(url: &str, settings: &PoolSettings) -> StoreResult<DbConnection> {
    use diesel::connection::{Connection as _, SimpleConnection as _};
    let mut conn = establish(url)?;
    conn.set_instrumentation(Mark::default());
    let lock = settings.lock_timeout.as_millis();
    let setting = match conn {
        DbConnection::Postgresql(_) => format!(
            "SET lock_timeout = {lock}; SET statement_timeout = {}; \
             SET idle_in_transaction_session_timeout = {}",
            settings.statement_timeout.as_millis(),
            settings.idle_in_transaction_timeout.as_millis()
        ),
        DbConnection::Sqlite(_) => format!("PRAGMA busy_timeout = {lock}"),
    };
    conn.batch_execute(&setting).map_err(StoreError::from)?;
    Ok(conn)
}

/// Connects a pool to `url`. One connection is opened first, so that a wrong URL or a
/// database that is down fails here with the real reason instead of a pool time-out.
pub fn connect_pool(url: &str, settings: PoolSettings) -> StoreResult<(DbPool, Backend)> {
    let backend = Backend::from_url(url);
    let url = settings.connection_url(url);
    drop(establish(&url)?);
    let pool = r2d2::Pool::builder()
        .max_size(settings.max_size)
        .min_idle(Some(1))
        .connection_timeout(settings.connection_timeout)
        .test_on_check_out(false)
        .build_unchecked(DbManager { url, settings });
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
            lock_timeout: Duration::from_millis(50),
            ..PoolSettings::default()
        };
        let (pool, _) = connect_pool(&url, settings).unwrap();
        let mut holder = pool.get().unwrap();
        holder
            .batch_execute("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);")
            .unwrap();
        let mut waiter = pool.get().unwrap();
        let error = crate::write_transaction(&mut waiter, |_| Ok::<_, StoreError>(())).unwrap_err();
        assert!(error.is_unavailable(), "{error}");
        holder.batch_execute("COMMIT;").unwrap();
        crate::write_transaction(&mut waiter, |_| Ok::<_, StoreError>(())).unwrap();
        drop((holder, waiter, pool));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_discarded_connection_is_closed_not_handed_out_again() {
        let (url, dir) = sqlite_url("discard");
        let settings = PoolSettings {
            max_size: 1,
            ..PoolSettings::default()
        };
        let (pool, _) = connect_pool(&url, settings).unwrap();
        // A temporary table lives as long as its connection: it tells one from another.
        let mut conn = pool.get().unwrap();
        conn.batch_execute("CREATE TEMP TABLE mine (x INTEGER)")
            .unwrap();
        drop(conn);
        let mut conn = pool.get().unwrap();
        conn.batch_execute("SELECT x FROM temp.mine")
            .expect("an ordinary connection is kept and handed out again");
        crate::health::discard(&mut conn);
        drop(conn);
        let mut conn = pool.get().unwrap();
        assert!(
            conn.batch_execute("SELECT x FROM temp.mine").is_err(),
            "the discarded connection was closed; this one is new"
        );
        drop((conn, pool));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn commits_on_a_pooled_connection_are_counted() {
        let (url, dir) = sqlite_url("commits");
        let (pool, _) = connect_pool(&url, PoolSettings::default()).unwrap();
        let mut conn = pool.get().unwrap();
        conn.batch_execute("CREATE TABLE t (x INTEGER)").unwrap();
        let before = crate::health::commits(&mut conn);
        crate::write_transaction(&mut conn, |conn| {
            conn.batch_execute("INSERT INTO t VALUES (1)")
                .map_err(StoreError::from)
        })
        .unwrap();
        assert_eq!(crate::health::commits(&mut conn), before + 1);
        let refused = crate::write_transaction(&mut conn, |conn| {
            conn.batch_execute("INSERT INTO t VALUES (2)")?;
            Err::<(), _>(StoreError::from(diesel::result::Error::RollbackTransaction))
        });
        assert!(refused.is_err());
        assert_eq!(
            crate::health::commits(&mut conn),
            before + 1,
            "a rollback is no commit"
        );
        drop((conn, pool));
        let _ = std::fs::remove_dir_all(dir);
    }

    /// The server at `TEST_DATABASE_URL`, or `None` after saying SKIPPED (a failure with
    /// `REQUIRE_POSTGRES=1`).
    fn postgres_url() -> Option<String> {
        use std::io::Write as _;
        let url = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
            "postgres://postgres@127.0.0.1:5432/test?sslmode=disable".to_owned()
        });
        match establish(&url) {
            Ok(_) => Some(url),
            Err(error) => {
                let required = std::env::var("REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
                assert!(!required, "REQUIRE_POSTGRES=1 but {url}: {error}");
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** SKIPPED the pool's PostgreSQL test: {url} does not answer ({error}) ***"
                );
                None
            }
        }
    }

    fn setting(conn: &mut DbConnection, name: &str) -> String {
        use diesel::RunQueryDsl as _;
        let DbConnection::Postgresql(pg) = conn else {
            unreachable!("a PostgreSQL connection")
        };
        diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(&format!(
            "current_setting('{name}')"
        )))
        .get_result(pg)
        .unwrap()
    }

    #[test]
    fn postgres_connections_are_bounded_and_a_lost_one_is_not_reused() {
        let Some(url) = postgres_url() else { return };
        let settings = PoolSettings {
            max_size: 1,
            statement_timeout: Duration::from_secs(7),
            idle_in_transaction_timeout: Duration::from_secs(11),
            lock_timeout: Duration::from_secs(3),
            ..PoolSettings::default()
        };
        let (pool, _) = connect_pool(&url, settings).unwrap();
        let mut conn = pool.get().unwrap();
        assert_eq!(setting(&mut conn, "statement_timeout"), "7s");
        assert_eq!(
            setting(&mut conn, "idle_in_transaction_session_timeout"),
            "11s"
        );
        assert_eq!(setting(&mut conn, "lock_timeout"), "3s");

        // The server ends this session, as a restart or the idle-in-transaction timeout
        // would: the pool must not hand the dead connection out again.
        let before = backend_pid(&mut conn);
        assert!(
            conn.batch_execute("SELECT pg_terminate_backend(pg_backend_pid())")
                .is_err()
        );
        assert!(crate::health::is_broken(&mut conn));
        drop(conn);
        let mut conn = pool.get().unwrap();
        assert_ne!(
            backend_pid(&mut conn),
            before,
            "a new connection, not the lost one"
        );
        crate::health::ping_connection(&mut conn).unwrap();
    }

    fn backend_pid(conn: &mut DbConnection) -> i32 {
        use diesel::RunQueryDsl as _;
        let DbConnection::Postgresql(pg) = conn else {
            unreachable!("a PostgreSQL connection")
        };
        diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>(
            "pg_backend_pid()",
        ))
        .get_result(pg)
        .unwrap()
    }
}
