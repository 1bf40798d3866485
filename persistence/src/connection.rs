//! The connection type that is either PostgreSQL or SQLite, and how a URL picks one.
//!
//! `MultiConnection::establish` tries each backend in turn and swallows the real error,
//! so the backend is chosen here from the URL scheme and connected directly.

use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};

use crate::error::StoreError;

/// A database connection of either supported backend.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL: the production backend.
    Postgresql(PgConnection),
    /// SQLite: the embedded default.
    Sqlite(SqliteConnection),
}

/// Loads the rows of a typed query on the backend's own connection rather than through
/// [`DbConnection`]: Diesel then finds the prepared statement by the query's type, where
/// through `MultiConnection` it writes the statement's SQL again on every run to look it up
/// (a tenth of the server's time on the reads of an application, in a profile). For the
/// hottest reads only; the query is written once and built for each backend.
macro_rules! load_natively {
    ($conn:expr, $query:expr) => {
        match $conn {
            $crate::connection::DbConnection::Postgresql(conn) => $query.load(conn),
            $crate::connection::DbConnection::Sqlite(conn) => $query.load(conn),
        }
    };
}
pub(crate) use load_natively;

/// Loads the rows of `query` whose `column` is one of `ids` (a slice of `&str`), keeping
/// one id apart: a fixed statement is prepared once per connection, while SQLite's `IN`
/// of many is prepared anew each time. `query` is evaluated in one arm only.
macro_rules! load_for_ids {
    ($conn:expr, $query:expr, $column:expr, $ids:expr) => {
        match $ids {
            [id] => $query.filter($column.eq(*id)).load($conn),
            ids => $query.filter($column.eq_any(ids)).load($conn),
        }
    };
}
pub(crate) use load_for_ids;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `sqlite://path`, `sqlite:path`, `file:path` or a bare path.
    Sqlite,
}

impl Backend {
    /// Picks the backend from a database URL's scheme.
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The name used in logs and health answers.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Postgres => "postgresql",
            Backend::Sqlite => "sqlite",
        }
    }
}

/// The file path of an SQLite URL (`sqlite://data/x.db`, `sqlite:x.db` or a bare path).
pub(crate) fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Opens one connection of the backend the URL names, reporting the real error.
pub(crate) fn establish(url: &str) -> Result<DbConnection, StoreError> {
    match Backend::from_url(url) {
        Backend::Postgres => PgConnection::establish(url)
            .map(DbConnection::Postgresql)
            .map_err(StoreError::Connect),
        Backend::Sqlite => {
            let path = sqlite_path(url);
            create_parent_dir(path)?;
            let mut conn = SqliteConnection::establish(path).map_err(StoreError::Connect)?;
            configure_sqlite(&mut conn)?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

/// SQLite settings that must hold on every connection: WAL so readers never block the
/// writer, a busy timeout so concurrent writers queue instead of failing with
/// `database is locked`, and enforced foreign keys. The busy timeout comes first: the
/// journal-mode pragma itself waits for locks, and without it fails at once while another
/// connection writes (seen when a server restarted while the old one's jobs still ran).
/// The page cache is 512 KiB per connection, not SQLite's 2 MB: the operating system
/// caches the file anyway, and with ten connections the default made the rush's peak
/// memory 146-149 MB against 133-135 MB, at the same read and booking rates (bench/).
fn configure_sqlite(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        "PRAGMA busy_timeout = 10000;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -512;",
    )
    .map_err(StoreError::from)
}

fn create_parent_dir(path: &str) -> Result<(), StoreError> {
    if path == ":memory:" || path.starts_with("file:") {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                what: format!("creating the database folder {}", dir.display()),
                source,
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(Backend::from_url("postgres://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::from_url("postgresql://u@h/db"), Backend::Postgres);
        assert_eq!(
            Backend::from_url("sqlite://data/paspor.db"),
            Backend::Sqlite
        );
        assert_eq!(Backend::from_url("./data/paspor.db"), Backend::Sqlite);
    }

    #[test]
    fn sqlite_urls_give_their_path() {
        assert_eq!(sqlite_path("sqlite://data/paspor.db"), "data/paspor.db");
        assert_eq!(sqlite_path("sqlite:paspor.db"), "paspor.db");
        assert_eq!(sqlite_path("/tmp/x.db"), "/tmp/x.db");
    }

    /// `.cargo/config.toml` compiles the bundled SQLite with these; a build that lost them
    /// (another config, `LIBSQLITE3_FLAGS` set otherwise) still works, only slower.
    #[test]
    fn sqlite_is_compiled_for_a_server() {
        use diesel::sql_types::Integer;
        use diesel::{Connection as _, RunQueryDsl as _, dsl::sql, select};
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        for option in ["ENABLE_QPSG", "DEFAULT_MEMSTATUS=0"] {
            let used: i32 = select(sql::<Integer>(&format!(
                "sqlite_compileoption_used('{option}')"
            )))
            .get_result(&mut conn)
            .unwrap();
            assert_eq!(used, 1, "SQLite was compiled without {option}");
        }
    }
}
