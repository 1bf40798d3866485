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
    look: Option<Step<(), E>>,
    work: Step<T, E>,
    committed: Option<Effect>,
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
            look: None,
            work: Box::new(work),
            committed: None,
        }
    }

    /// A look before the transaction, on the same connection and without one, that may
    /// refuse without writing anything (in a rush most attempts are refused this way, and
    /// on SQLite they then never queue for the one writer). Whatever it lets through, the
    /// work checks again inside the transaction.
    pub fn looking_first(
        mut self,
        look: impl FnOnce(&mut DbConnection) -> Result<(), E> + Send + 'static,
    ) -> Self {
        self.look = Some(Box::new(look));
        self
    }

    /// What to do once the transaction has committed (metrics, waking a job), never for a
    /// write that failed or was rolled back.
    pub fn once_committed(mut self, effect: impl FnOnce() + Send + 'static) -> Self {
        self.committed = Some(Box::new(effect));
        self
    }

    /// The look, if any: to run before the transaction.
    pub fn look(&mut self, conn: &mut DbConnection) -> Result<(), E> {
        match self.look.take() {
            Some(look) => look(conn),
            None => Ok(()),
        }
    }

    /// The work and the effect to run once it committed.
    pub fn into_work(self) -> (Step<T, E>, Option<Effect>) {
        (self.work, self.committed)
    }

    /// Runs it alone: the look, then the work in a write transaction of its own, on one
    /// pooled connection.
    pub async fn run(mut self, db: &Db) -> Result<T, E> {
        let committed = self.committed.take();
        let value = db
            .call(move |conn| {
                self.look(conn)?;
                let (work, _) = self.into_work();
                write_transaction(conn, |conn| work(conn).map_err(Rollback))
                    .map_err(|Rollback(error)| error)
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
