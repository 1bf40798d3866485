//! The storage layer's error: what went wrong, with its cause, for the edge to map.

/// A failure in the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No connection could be opened (wrong URL, server down, bad credentials).
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] diesel::ConnectionError),
    /// The pool gave no connection in time: the database is down or saturated.
    #[error("no database connection available: {0}")]
    Unavailable(#[source] diesel::r2d2::PoolError),
    /// The database failed moments ago (a connection lost, or none to be had in time), and
    /// callers are refused at once until a probe reaches it again, instead of each waiting
    /// out the pool's timeout.
    #[error("the database failed {:.1} s ago; refused without trying until a probe reaches it", .0.as_secs_f64())]
    BackingOff(std::time::Duration),
    /// The caller stopped waiting: the database gave no answer in time (its processes
    /// stopped, or its host unreachable without the connection being closed). The call may
    /// still finish on its own once the database answers, committed or rolled back whole.
    #[error("the database gave no answer within {:.1} s", .0.as_secs_f64())]
    NoAnswer(std::time::Duration),
    /// A unique index refused a duplicate: named by the index where the database names it
    /// (PostgreSQL), else by the database's message (SQLite names the columns).
    #[error("a duplicate refused by {0}")]
    UniqueViolation(String),
    /// A statement failed.
    #[error("database error: {0}")]
    Database(#[source] diesel::result::Error),
    /// Migrations could not be applied.
    #[error("migrations failed: {0}")]
    Migration(String),
    /// A stored value that cannot be read back as a domain value.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// A write that holds locks until its transaction ends was called outside one: a bug
    /// in the caller, refused before it could write unguarded.
    #[error("{0} must run inside a write transaction")]
    OutsideTransaction(String),
    /// A file-system operation around the database failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl From<diesel::result::Error> for StoreError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                StoreError::UniqueViolation(
                    info.constraint_name().unwrap_or(info.message()).to_owned(),
                )
            }
            other => StoreError::Database(other),
        }
    }
}

impl StoreError {
    /// Whether a unique index refused a duplicate (an email taken, a key used twice).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::UniqueViolation(_))
    }

    /// Whether this is "the database cannot be reached" (or is too busy to answer in time)
    /// rather than a bug or bad data: the caller may try again shortly.
    pub fn is_unavailable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            StoreError::Connect(_)
            | StoreError::Unavailable(_)
            | StoreError::BackingOff(_)
            | StoreError::NoAnswer(_) => true,
            StoreError::Database(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)) => {
                true
            }
            // The connection was lost inside a transaction, so that it could not be rolled
            // back: seen when the server stops under a write (docs/RELIABILITY.md).
            StoreError::Database(Error::BrokenTransactionManager) => true,
            StoreError::Database(Error::DatabaseError(_, info)) => gave_up_waiting(info.message()),
            _ => false,
        }
    }

    pub fn corrupt(what: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(what.to_string())
    }
}

/// A statement that gave up waiting for a lock held elsewhere: SQLite's busy timeout
/// (`SQLITE_BUSY`) or PostgreSQL's `lock_timeout` (SQLSTATE 55P03); or one PostgreSQL
/// cancelled at its `statement_timeout` (57014), which also covers lock waits when it is
/// the shorter. Neither backend's error kind in Diesel names these, so their (stable)
/// messages do.
fn gave_up_waiting(message: &str) -> bool {
    message.starts_with("database is locked")
        || message.starts_with("canceling statement due to lock timeout")
        || message.starts_with("canceling statement due to statement timeout")
}

/// The result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error};

    use super::*;

    struct Message(&'static str);

    impl DatabaseErrorInformation for Message {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn database(kind: DatabaseErrorKind, message: &'static str) -> StoreError {
        StoreError::Database(Error::DatabaseError(kind, Box::new(Message(message))))
    }

    #[test]
    fn a_lock_waited_for_too_long_is_unavailable_not_a_bug() {
        let unknown = DatabaseErrorKind::Unknown;
        assert!(database(unknown, "database is locked").is_unavailable());
        assert!(database(unknown, "canceling statement due to lock timeout").is_unavailable());
        assert!(database(unknown, "canceling statement due to statement timeout").is_unavailable());
        assert!(StoreError::NoAnswer(std::time::Duration::from_secs(1)).is_unavailable());
        assert!(database(DatabaseErrorKind::ClosedConnection, "gone").is_unavailable());
        assert!(StoreError::Database(Error::BrokenTransactionManager).is_unavailable());
        assert!(!database(unknown, "syntax error at or near \"SELEC\"").is_unavailable());
        assert!(!database(DatabaseErrorKind::UniqueViolation, "duplicate key").is_unavailable());
        assert!(!StoreError::corrupt("bad row").is_unavailable());
    }

    #[test]
    fn a_duplicate_is_told_apart_from_other_failures() {
        let duplicate = StoreError::from(Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new(Message("UNIQUE constraint failed: users.email")),
        ));
        assert!(duplicate.is_unique_violation(), "{duplicate}");
        assert!(duplicate.to_string().contains("users.email"), "{duplicate}");
        let other = StoreError::from(Error::DatabaseError(
            DatabaseErrorKind::ForeignKeyViolation,
            Box::new(Message("FOREIGN KEY constraint failed")),
        ));
        assert!(!other.is_unique_violation(), "{other}");
        assert!(!StoreError::from(Error::NotFound).is_unique_violation());
    }
}
