//! A use case's write, handed to whoever runs it rather than run by the use case itself:
//! the caller opens the one write transaction it runs in, so that what the caller adds to
//! it commits with the work or not at all (an `Idempotency-Key` and its answer, above all).
//!
//! ```ignore
//! // The use case: what to do, on a connection inside the caller's transaction.
//! pub fn cancel(state: &AppState, principal: &Principal, id: String) -> Write<ApplicationDto, ApplicationError> {
//!     Write::new(move |conn| { /* lock, check, change, read back */ })
//! }
//! // Without a key: `cancel(..).run(&state.db).await`; with one, the edge holds the key in
//! // the same transaction (see `idempotency::write`).
//! ```

use paspor_persistence::{DbConnection, StoreError, write_transaction};

use crate::db::Db;

type Step<T, E> = Box<dyn FnOnce(&mut DbConnection) -> Result<T, E> + Send>;

/// What to do once a write has committed.
pub type Effect = Box<dyn FnOnce() + Send>;

/// A write to run in one transaction, with an optional look before it and an effect after
/// its commit.
pub struct Write<T, E> {
    /// The look (if any), which yields the work: what it saw is the work's to use.
    look: Step<Step<T, E>, E>,
    committed: Option<Effect>,
}

/// A write whose look let it through: the work to run in the transaction, and what to do
/// once it committed.
pub struct Looked<T, E> {
    /// The work, to run on a connection inside the caller's write transaction.
    pub work: Step<T, E>,
    /// What to do once the transaction has committed.
    pub committed: Option<Effect>,
}

impl<T, E> Write<T, E>
where
    T: Send + 'static,
    E: From<StoreError> + From<anyhow::Error> + Send + 'static,
{
    /// The work, run on a connection inside the caller's write transaction: every check
    /// and change, and the reading of what it answers, so that the answer is the state
    /// the transaction commits.
    pub fn new(work: impl FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static) -> Self {
        Write {
            look: Box::new(move |_| Ok(Box::new(work) as Step<T, E>)),
            committed: None,
        }
    }

    /// A look before the transaction, on the same connection and without one, that may
    /// refuse without writing anything (in a rush most attempts are refused this way, and
    /// on SQLite they then never queue for the one writer), then the work, given what the
    /// look saw. The work checks again inside the transaction whatever may have changed
    /// since, and may use what the look read of what no lock of the work guards either
    /// (a session's times: what the transaction would read of it could change the moment
    /// after just the same).
    pub fn looking_first<L: Send + 'static>(
        look: impl FnOnce(&mut DbConnection) -> Result<L, E> + Send + 'static,
        work: impl FnOnce(&mut DbConnection, L) -> Result<T, E> + Send + 'static,
    ) -> Self {
        Write {
            look: Box::new(move |conn| {
                let seen = look(conn)?;
                Ok(Box::new(move |conn: &mut DbConnection| work(conn, seen)) as Step<T, E>)
            }),
            committed: None,
        }
    }

    /// What to do once the transaction has committed (metrics, waking a job), never for a
    /// write that failed or was rolled back.
    pub fn once_committed(mut self, effect: impl FnOnce() + Send + 'static) -> Self {
        self.committed = Some(Box::new(effect));
        self
    }

    /// The look, before the transaction: a refusal, or the work to run in it.
    pub fn look(self, conn: &mut DbConnection) -> Result<Looked<T, E>, E> {
        let work = (self.look)(conn)?;
        Ok(Looked {
            work,
            committed: self.committed,
        })
    }

    /// Runs it alone: the look, then the work in a write transaction of its own, on one
    /// pooled connection.
    pub async fn run(self, db: &Db) -> Result<T, E> {
        let (value, committed) = db
            .call(move |conn| {
                let Looked { work, committed } = self.look(conn)?;
                let value = write_transaction(conn, |conn| work(conn).map_err(Rollback))
                    .map_err(|Rollback(error)| error)?;
                Ok::<_, E>((value, committed))
            })
            .await?;
        if let Some(effect) = committed {
            effect();
        }
        Ok(value)
    }
}

/// A refusal or failure that rolls the transaction back, carrying the caller's error
/// through `write_transaction`, which needs its errors to come from the storage's.
pub struct Rollback<E>(pub E);

impl<E: From<StoreError>> From<StoreError> for Rollback<E> {
    fn from(error: StoreError) -> Self {
        Rollback(E::from(error))
    }
}
