//! Running Diesel's blocking calls off the async workers.
//!
//! Every query runs on actix's blocking thread pool through [`Db::run`], never on a worker
//! thread, so a slow query cannot stall other requests' I/O.

use actix_web::web;
use paspor_persistence::{Backend, DbConnection, DbPool, StoreError};

use crate::error::ApiError;

/// The database, as handlers use it.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
}

impl Db {
    /// Wraps a connected pool.
    pub fn new(pool: DbPool, backend: Backend) -> Db {
        Db { pool, backend }
    }

    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for jobs that manage their own blocking.
    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Runs `work` with a pooled connection on the blocking pool, keeping the caller's own
    /// error type (for use cases with typed refusals).
    pub async fn call<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + From<anyhow::Error> + Send + 'static,
    {
        let pool = self.pool.clone();
        // The blocking thread logs inside the caller's span: the request id stays on its lines.
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get().map_err(StoreError::Unavailable)?;
            work(&mut conn)
        })
        .await
        .map_err(|cancelled| E::from(anyhow::anyhow!("blocking task failed: {cancelled}")))?
    }

    /// Runs `work` with a pooled connection on the blocking pool.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Into<ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = pool
                .get()
                .map_err(|e| ApiError::from(StoreError::Unavailable(e)))?;
            work(&mut conn).map_err(Into::into)
        })
        .await
        .map_err(|cancelled| {
            ApiError::internal(anyhow::anyhow!("blocking task failed: {cancelled}"))
        })?
    }
}
