//! Running Diesel's blocking calls off the async workers, failing fast while the database
//! is down, and not waiting on a database that has stopped answering.
//!
//! Every query runs on tokio's blocking thread pool through [`Db::run`], never on a worker
//! thread, so a slow query cannot stall other requests' I/O. Short reads that many
//! requests make outside any transaction (availability, and whether a token's sign-in is
//! live) can run apart ([`Db::reads`]): on threads and connections of their own
//! (`PASPOR_DB_READ_POOL_SIZE`), so that a rush of bookings queueing for the blocking pool
//! and its connections does not hold them up.
//!
//! Once a call finds the database gone (its connection broke, or the pool had none to give
//! within `PASPOR_DB_POOL_TIMEOUT_SECS`), calls are refused at once with
//! [`StoreError::BackingOff`] (503 with `Retry-After`) for a second; then one call at a
//! time is let through as a probe, and the first that reaches the database ends the
//! outage (`breaker`). Without this each request of an outage would hold a blocking
//! thread for the pool's whole timeout, and the requests behind them would queue for
//! those threads. Right after an outage every connection is pinged before use: the idle
//! ones the pool kept through it are dead, and each would otherwise fail one request.
//!
//! A database can also stop answering without closing anything (its processes stopped,
//! its machine paused): the kernel still acknowledges TCP, so keepalives notice nothing,
//! and the server's own timeouts cannot fire in a stopped server. So a handler waits for
//! its call at most `PASPOR_DB_CALL_TIMEOUT_SECS`, and a call that has waited a quarter
//! of `PASPOR_DB_HANG_TIMEOUT_MS` asks the `watchdog` whether the database answers at
//! all (PostgreSQL: SQLite runs inside this process, its every wait bounded by its busy
//! timeout). A silent database is an outage like a lost one: the waiting calls are
//! answered [`StoreError::NoAnswer`] (503 with `Retry-After`), later ones are refused at
//! once, and it is logged once. A call that waits for a lock or a busy pool is not
//! mistaken for one: the database answers the ping.
//!
//! The blocking thread of a call given up on stays in libpq until the database answers;
//! nothing can interrupt it. If its work had not begun it does not begin (its request was
//! answered 503: it must not do anything afterwards). If it had, the database finishes
//! the statement when it resumes, and the work goes on to its commit or its rollback, as
//! PostgreSQL leaves any transaction, whole or not at all; its connection is closed after
//! it, never handed to another request, and the log says if it committed.

mod breaker;
#[cfg(test)]
mod tests;
mod watchdog;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use paspor_persistence::health::{commits, discard, ping_connection, statements};
use paspor_persistence::{
    Backend, DbConnection, DbPool, PooledConnection, StoreError, StoreResult,
};

use self::breaker::{Breaker, Failure};
use self::watchdog::{Verdict, Watchdog};
use crate::refusal::Refusal;
use crate::thread_lane::ThreadLane;

/// How long handlers wait for the database (`PASPOR_DB_CALL_TIMEOUT_SECS`,
/// `PASPOR_DB_HANG_TIMEOUT_MS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// The longest any one call is waited for.
    pub call: Duration,
    /// How long the database may leave a ping unanswered, while calls wait, before it is
    /// judged silent; also how long a readiness check waits.
    pub hang: Duration,
}

impl Default for Bounds {
    fn default() -> Self {
        let limits = crate::limits::Limits::default();
        Bounds {
            call: limits.db_call_timeout,
            hang: limits.db_hang_timeout,
        }
    }
}

/// What a call's bound running out means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expiry {
    /// The database is failing (an ordinary call waited its whole bound).
    Fails,
    /// Only that this caller gives up (a readiness check with its short bound, which may
    /// just have queued behind busy connections).
    GivesUp,
}

/// The database, as handlers use it.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
    breaker: Arc<Breaker>,
    watchdog: Option<Arc<Watchdog>>,
    bounds: Bounds,
    /// Statements run through this `Db` and its clones (not through one made
    /// [`Db::counted_apart`]).
    statements: Arc<AtomicU64>,
    /// The threads calls run on: tokio's blocking pool when none.
    lane: Option<ThreadLane>,
    /// The connections and threads of the reads run apart, if any.
    apart: Option<Arc<ReadsApart>>,
}

/// What [`Db::reads`] runs on.
struct ReadsApart {
    pool: DbPool,
    lane: ThreadLane,
}

impl Db {
    /// Wraps a connected pool, with the default bounds and no watchdog (tests that need
    /// neither).
    pub fn new(pool: DbPool, backend: Backend) -> Db {
        Db {
            pool,
            backend,
            breaker: Arc::default(),
            watchdog: None,
            bounds: Bounds::default(),
            statements: Arc::default(),
            lane: None,
            apart: None,
        }
    }

    /// This database with `pool` (a pool of its own, on the same database) and as many
    /// threads as it has connections for the calls made through [`Db::reads`].
    pub fn with_reads_apart(mut self, pool: DbPool) -> std::io::Result<Db> {
        let threads = usize::try_from(pool.max_size()).unwrap_or(1);
        let lane = ThreadLane::new("db-reads", threads, || {})?;
        self.apart = Some(Arc::new(ReadsApart { pool, lane }));
        Ok(self)
    }

    /// The database for reads that must not wait behind writes: on connections and
    /// threads of their own if the process has them, else this one. It shares the
    /// breaker, the watchdog and the statement count.
    pub fn reads(&self) -> Db {
        match &self.apart {
            Some(apart) => Db {
                pool: apart.pool.clone(),
                lane: Some(apart.lane.clone()),
                ..self.clone()
            },
            None => self.clone(),
        }
    }

    /// Wraps a connected pool with the given bounds; on PostgreSQL with a watchdog whose
    /// connection `open` makes (set up as the pool's, outside it).
    pub fn bounded(
        pool: DbPool,
        backend: Backend,
        bounds: Bounds,
        open: impl Fn() -> StoreResult<DbConnection> + Send + 'static,
    ) -> Db {
        let db = Db {
            bounds,
            ..Db::new(pool, backend)
        };
        match backend {
            Backend::Postgres => db.watched_by(pinger(open)),
            Backend::Sqlite => db,
        }
    }

    /// This `Db` with a watchdog running `ping`.
    fn watched_by(mut self, ping: impl FnMut() -> bool + Send + 'static) -> Db {
        self.watchdog = Watchdog::start(ping, self.bounds.hang, Arc::clone(&self.breaker));
        self
    }

    /// This database with a count of statements of its own: background jobs use one, so
    /// that what requests cost the database is counted apart.
    pub fn counted_apart(&self) -> Db {
        Db {
            statements: Arc::default(),
            ..self.clone()
        }
    }

    /// How many statements have been run through this `Db` (and the clones sharing its
    /// count) since it was made.
    pub fn statements_run(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
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
        self.call_within(self.bounds.call, Expiry::Fails, work)
            .await
    }

    /// Runs `work` with a pooled connection on the blocking pool.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, Refusal>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Into<Refusal> + Send + 'static,
    {
        self.call(move |conn| work(conn).map_err(|error| RunError(error.into())))
            .await
            .map_err(|error: RunError| error.0)
    }

    /// Whether the database answers, through the same gate as every call, waiting at most
    /// the hang timeout: what readiness reports. Running out of time fails this check
    /// only; whether the database is silent is the watchdog's to judge.
    pub async fn ready(&self) -> Result<(), Refusal> {
        self.call_within(self.bounds.hang, Expiry::GivesUp, |conn| {
            ping_connection(conn).map_err(|error| RunError(Refusal::unavailable(error)))
        })
        .await
        .map_err(|error: RunError| error.0)
    }

    async fn call_within<T, E, F>(&self, bound: Duration, expiry: Expiry, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + From<anyhow::Error> + Send + 'static,
    {
        let admitted = Instant::now();
        self.breaker.admit(admitted)?;
        let given_up = Arc::new(AtomicBool::new(false));
        let task = {
            let (pool, breaker, given_up, counted) = (
                self.pool.clone(),
                Arc::clone(&self.breaker),
                Arc::clone(&given_up),
                Arc::clone(&self.statements),
            );
            // The blocking thread logs inside the caller's span: the request id stays on
            // its lines.
            let span = tracing::Span::current();
            self.spawn(move || {
                let _entered = span.enter();
                let too_late = || StoreError::NoAnswer(admitted.elapsed());
                if given_up.load(Ordering::Acquire) {
                    return Err(too_late().into());
                }
                let mut conn = checkout(&pool, &breaker, admitted)?;
                if given_up.load(Ordering::Acquire) {
                    return Err(too_late().into());
                }
                let committed_before = commits(&mut conn);
                let statements_before = statements(&mut conn);
                let outcome = work(&mut conn);
                counted.fetch_add(
                    statements(&mut conn).saturating_sub(statements_before),
                    Ordering::Relaxed,
                );
                if given_up.load(Ordering::Acquire) {
                    let committed = commits(&mut conn) > committed_before;
                    settle_given_up(&mut conn, committed);
                } else {
                    breaker.record(&mut conn, admitted, Instant::now());
                }
                outcome
            })
        };
        match self.wait(task, admitted, bound).await {
            Waited::Done(joined) => joined.map_err(E::from)?,
            Waited::Silent => {
                given_up.store(true, Ordering::Release);
                self.breaker.gave_up(Instant::now(), admitted);
                Err(StoreError::NoAnswer(admitted.elapsed()).into())
            }
            Waited::Expired => {
                given_up.store(true, Ordering::Release);
                match expiry {
                    Expiry::Fails => {
                        self.breaker
                            .failed(Instant::now(), admitted, Failure::CallExpired(bound));
                    }
                    Expiry::GivesUp => self.breaker.gave_up(Instant::now(), admitted),
                }
                Err(StoreError::NoAnswer(admitted.elapsed()).into())
            }
        }
    }

    /// Runs `job` on this database's threads.
    fn spawn<R: Send + 'static>(
        &self,
        job: impl FnOnce() -> R + Send + 'static,
    ) -> std::pin::Pin<Box<dyn Future<Output = anyhow::Result<R>> + Send>> {
        match self.lane.clone() {
            Some(lane) => Box::pin(async move { Ok(lane.run(job).await?) }),
            None => {
                let task = tokio::task::spawn_blocking(job);
                Box::pin(async move {
                    task.await
                        .map_err(|cancelled| anyhow::anyhow!("blocking task failed: {cancelled}"))
                })
            }
        }
    }

    /// Waits for `task` until `admitted + bound`, asking the watchdog (if any) whether
    /// the database answers each time the call has waited another quarter of the hang
    /// timeout.
    async fn wait<R>(
        &self,
        task: impl Future<Output = R>,
        admitted: Instant,
        bound: Duration,
    ) -> Waited<R> {
        let deadline = tokio::time::Instant::from_std(admitted + bound);
        let every = self.bounds.hang / 4;
        let mut ask_at = admitted + every;
        tokio::pin!(task);
        loop {
            let asked = async {
                tokio::time::sleep_until(ask_at.into()).await;
                match &self.watchdog {
                    Some(watchdog) => watchdog.verdict().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                biased;
                done = &mut task => return Waited::Done(done),
                () = tokio::time::sleep_until(deadline) => return Waited::Expired,
                verdict = asked => match verdict {
                    Verdict::Answers => ask_at = Instant::now() + every,
                    Verdict::Silent(_) => return Waited::Silent,
                },
            }
        }
    }
}

/// How waiting for a call ended.
enum Waited<R> {
    /// The call ended (well or not).
    Done(R),
    /// The database does not answer.
    Silent,
    /// The call's bound ran out.
    Expired,
}

/// After the work of a call given up on has ended (the database answered after all):
/// its connection is closed, not reused, and if it committed a transaction the log says
/// so, with the request's id when a request made it (that request was answered 503), for
/// whoever reconciles what the client saw with what was stored. At most one line per
/// connection per outage.
fn settle_given_up(conn: &mut PooledConnection, committed: bool) {
    discard(conn);
    if committed {
        tracing::warn!(
            "a database call given up on because the database did not answer had its \
             transaction committed when the database resumed"
        );
    } else {
        tracing::info!(
            "a database call given up on because the database did not answer ended when \
             the database resumed, committing nothing"
        );
    }
}

/// [`Db::run`]'s error: a [`Refusal`] that the storage's failures convert into.
struct RunError(Refusal);

impl From<Refusal> for RunError {
    fn from(error: Refusal) -> Self {
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
        RunError(Refusal::internal(error))
    }
}

/// A connection from the pool; a time-out counts as the database failing. Right after an
/// outage each is pinged first, and a dead one (kept idle through the outage) is dropped
/// for the next, at most once per connection the pool may hold.
fn checkout(
    pool: &DbPool,
    breaker: &Breaker,
    admitted: Instant,
) -> Result<PooledConnection, StoreError> {
    for _ in 0..=pool.max_size() {
        let mut conn = pool.get().map_err(|error| {
            breaker.failed(Instant::now(), admitted, Failure::Lost);
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
    breaker.failed(Instant::now(), admitted, Failure::Lost);
    Err(StoreError::BackingOff(Duration::ZERO))
}

/// The watchdog's ping on PostgreSQL: a connection of its own, kept between pings and
/// opened again when it fails, so that one that died in an earlier restart is not taken
/// for a database that does not answer.
fn pinger(
    open: impl Fn() -> StoreResult<DbConnection> + Send + 'static,
) -> impl FnMut() -> bool + Send + 'static {
    let mut kept: Option<DbConnection> = None;
    move || {
        if let Some(mut conn) = kept.take()
            && ping_connection(&mut conn).is_ok()
        {
            kept = Some(conn);
            return true;
        }
        let Ok(mut conn) = open() else {
            return false;
        };
        let answered = ping_connection(&mut conn).is_ok();
        if answered {
            kept = Some(conn);
        }
        answered
    }
}
