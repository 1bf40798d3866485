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
    /// A statement failed.
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    /// Migrations could not be applied.
    #[error("migrations failed: {0}")]
    Migration(String),
    /// A stored value that cannot be read back as a domain value.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
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

impl StoreError {
    /// Whether this is "the database cannot be reached" rather than a bug or bad data.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Connect(_) | StoreError::Unavailable(_))
            || matches!(
                self,
                StoreError::Database(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::ClosedConnection,
                    _
                ))
            )
    }

    pub fn corrupt(what: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(what.to_string())
    }
}

/// The result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;
