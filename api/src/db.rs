//! Running Diesel's blocking calls off the async workers, and failing fast while the
//! database is down.
//!
//! Every query runs on actix's blocking thread pool through [`Db::run`], never on a worker
//! thread, so a slow query cannot stall other requests' I/O.
//!
//! Once a call finds the database gone (its connection broke, or the pool had none to give
//! within `PASPOR_DB_POOL_TIMEOUT_SECS`), calls are refused at once with
//! [`StoreError::BackingOff`] (503 with `Retry-After`) for [`BACK_OFF`]; then one call at a
//! time is let through as a probe, and the first that reaches the database ends the
//! outage. Without this each request of an outage would hold a blocking thread for the
//! pool's whole timeout, and the requests behind them would queue for those threads.
//! Right after an outage every connection is pinged before use: the idle ones the pool
//! kept through it are dead, and each would otherwise fail one request.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use actix_web::web;
use paspor_persistence::health::{is_broken, ping_connection};
use paspor_persistence::{Backend, DbConnection, DbPool, PooledConnection, StoreError};

use crate::error::ApiError;

/// How long calls are refused at once after the database failed, before a probe.
pub const BACK_OFF: Duration = Duration::from_secs(1);

/// How long after an outage connections are pinged before use.
const CHECK_AFTER_OUTAGE: Duration = Duration::from_secs(30);

/// The database, as handlers use it.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
    breaker: Arc<Breaker>,
}

impl Db {
    /// Wraps a connected pool.
    pub fn new(pool: DbPool, backend: Backend) -> Db {
        Db {
            pool,
            backend,
            breaker: Arc::default(),
        }
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
        self.breaker.admit(Instant::now())?;
        let (pool, breaker) = (self.pool.clone(), Arc::clone(&self.breaker));
        // The blocking thread logs inside the caller's span: the request id stays on its lines.
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = checkout(&pool, &breaker)?;
            let outcome = work(&mut conn);
            breaker.record(&mut conn, Instant::now());
            outcome
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
        self.call(move |conn| work(conn).map_err(|error| RunError(error.into())))
            .await
            .map_err(|error: RunError| error.0)
    }
}

/// [`Db::run`]'s error: an [`ApiError`] that the storage's failures convert into.
struct RunError(ApiError);

impl From<ApiError> for RunError {
    fn from(error: ApiError) -> Self {
        RunError(error)
    }
}

impl From<StoreError> for RunError {
    fn from(error: StoreError) -> Self {
        RunError(error.into())
    }
}

impl From<anyhow::Error> for RunError {
    fn from(error: anyhow::Error) -> Self {
        RunError(ApiError::internal(error))
    }
}

/// A connection from the pool; a time-out counts as the database failing. Right after an
/// outage each is pinged first, and a dead one (kept idle through the outage) is dropped
/// for the next, at most once per connection the pool may hold.
fn checkout(pool: &DbPool, breaker: &Breaker) -> Result<PooledConnection, StoreError> {
    for _ in 0..=pool.max_size() {
        let mut conn = pool.get().map_err(|error| {
            breaker.failed(Instant::now());
            StoreError::Unavailable(error)
        })?;
        if !breaker.checking(Instant::now()) || ping_connection(&mut conn).is_ok() {
            return Ok(conn);
        }
        // Dropped, the pool sees it broken and closes it. During an outage (this is the
        // probe) the database is still gone; after one, the next connection may be fresh.
        if breaker.is_failing() {
            break;
        }
    }
    breaker.failed(Instant::now());
    Err(StoreError::BackingOff(Duration::ZERO))
}

/// Whether the database is worth asking now.
#[derive(Debug, Default)]
struct Breaker {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Since when the database has been failing, if it is.
    failing_since: Option<Instant>,
    /// Before this, calls are refused without trying.
    retry_at: Option<Instant>,
    /// A probe is under way: other calls are refused meanwhile.
    probing: bool,
    /// When the last outage ended, to ping connections for a while after it.
    recovered_at: Option<Instant>,
}

impl Breaker {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Lets a call through (normally, or as the probe of an outage), or refuses it at once.
    fn admit(&self, now: Instant) -> Result<(), StoreError> {
        let mut state = self.state();
        let Some(since) = state.failing_since else {
            return Ok(());
        };
        if state.probing || state.retry_at.is_some_and(|at| now < at) {
            return Err(StoreError::BackingOff(now.saturating_duration_since(since)));
        }
        state.probing = true;
        Ok(())
    }

    /// Records how a call that had a connection ended: a broken connection is the
    /// database failing, anything else is the database answering.
    fn record(&self, conn: &mut PooledConnection, now: Instant) {
        if is_broken(conn) {
            self.failed(now);
        } else {
            self.reached(now);
        }
    }

    fn failed(&self, now: Instant) {
        let mut state = self.state();
        if state.failing_since.is_none() {
            tracing::error!(
                back_off_ms = BACK_OFF.as_millis() as u64,
                "the database failed: calls are refused at once until a probe reaches it"
            );
            state.failing_since = Some(now);
        }
        state.retry_at = Some(now + BACK_OFF);
        state.probing = false;
    }

    fn reached(&self, now: Instant) {
        let mut state = self.state();
        if let Some(since) = state.failing_since.take() {
            tracing::warn!(
                outage_ms = now.saturating_duration_since(since).as_millis() as u64,
                "the database answers again"
            );
            state.recovered_at = Some(now);
        }
        state.retry_at = None;
        state.probing = false;
    }

    fn is_failing(&self) -> bool {
        self.state().failing_since.is_some()
    }

    /// Whether connections are to be pinged before use: during an outage (for the probe)
    /// and for a while after it.
    fn checking(&self, now: Instant) -> bool {
        let state = self.state();
        state.failing_since.is_some()
            || state
                .recovered_at
                .is_some_and(|at| now.saturating_duration_since(at) < CHECK_AFTER_OUTAGE)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError as _;
    use paspor_persistence::{PoolSettings, connect_pool};

    use super::*;

    #[test]
    fn after_a_failure_calls_are_refused_until_one_probe_is_let_through() {
        let breaker = Breaker::default();
        let start = Instant::now();
        assert!(breaker.admit(start).is_ok());
        breaker.failed(start);
        let refused = breaker.admit(start + BACK_OFF / 2).unwrap_err();
        assert!(matches!(refused, StoreError::BackingOff(_)), "{refused}");
        assert!(refused.is_unavailable());
        // Once the back-off has passed, one probe goes through and the others wait for it.
        let later = start + BACK_OFF;
        assert!(breaker.admit(later).is_ok());
        assert!(breaker.admit(later).is_err());
        // A failed probe starts another back-off...
        breaker.failed(later);
        assert!(breaker.admit(later + BACK_OFF / 2).is_err());
        assert!(breaker.admit(later + BACK_OFF).is_ok());
        // ...and a probe that reaches the database ends the outage for every call.
        breaker.reached(later + BACK_OFF);
        assert!(breaker.admit(later + BACK_OFF).is_ok());
        assert!(breaker.admit(later + BACK_OFF).is_ok());
        assert!(breaker.checking(later + BACK_OFF));
        assert!(!breaker.checking(later + BACK_OFF + CHECK_AFTER_OUTAGE));
    }

    #[actix_web::test]
    async fn while_backing_off_a_call_is_answered_503_with_retry_after_without_the_pool() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("paspor.db").display());
        let (pool, backend) = connect_pool(&url, PoolSettings::default()).expect("a pool");
        let db = Db::new(pool, backend);
        let answered: Result<i32, ApiError> = db.run(|_| Ok::<_, StoreError>(1)).await;
        assert_eq!(answered.ok(), Some(1));

        db.breaker.failed(Instant::now());
        let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&ran);
        let refused = db
            .run(move |_| {
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
                Ok::<_, StoreError>(1)
            })
            .await
            .unwrap_err();
        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
        let response = refused.error_response();
        assert_eq!(response.status().as_u16(), 503);
        assert!(
            response
                .headers()
                .contains_key(actix_web::http::header::RETRY_AFTER)
        );

        // The probe after the back-off reaches the (healthy) database and ends the outage.
        std::thread::sleep(BACK_OFF);
        let probed: Result<i32, ApiError> = db.run(|_| Ok::<_, StoreError>(2)).await;
        assert_eq!(probed.ok(), Some(2));
        let after: Result<i32, ApiError> = db.run(|_| Ok::<_, StoreError>(3)).await;
        assert_eq!(after.ok(), Some(3));
    }
}
