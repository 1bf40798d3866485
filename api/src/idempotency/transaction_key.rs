//! A request's `Idempotency-Key`, looked at before its write and held inside the write's
//! transaction (see `idempotency::write`): the work, the key and the answer commit
//! together, or roll back together and leave the key free.
//!
//! ```ignore
//! if let Some(held) = key.look(conn)? { return replay(held) }
//! write_transaction(conn, |conn| {
//!     if key.hold(conn)?.skipped() {  // first: a concurrent request with the key waits here
//!         return Err(Taken);           // then look again: its answer is ours
//!     }
//!     let answer = do_the_work(conn)?;
//!     key.keep(conn, &answer)?;        // last, before the commit
//!     Ok(answer)
//! })
//! ```

use chrono::{DateTime, Utc};
use paspor_persistence::idempotency::{self, Held, StoredResponse};
use paspor_persistence::{Conditional, DbConnection, StoreError};

use super::KEY_TTL;

/// A request's key, with what names the request and when it arrived.
#[derive(Debug, Clone)]
pub struct TransactionKey {
    account: String,
    key: String,
    request_hash: String,
    /// When the request arrived: the instant that names the key's row.
    now: DateTime<Utc>,
}

impl TransactionKey {
    pub(super) fn new(
        account: String,
        key: String,
        request_hash: String,
        now: DateTime<Utc>,
    ) -> TransactionKey {
        TransactionKey {
            account,
            key,
            request_hash,
            now,
        }
    }

    /// What the key holds already for this request: `None` when it is free.
    pub fn look(&self, conn: &mut DbConnection) -> Result<Option<Held>, StoreError> {
        idempotency::look(conn, &self.account, &self.key, &self.request_hash, self.now)
    }

    /// The transaction's first statement: takes the key until the transaction ends;
    /// skipped when another request with the key took it (on PostgreSQL after waiting for
    /// that request's transaction to end, and this transaction is then aborted: roll it
    /// back and [`look`](Self::look) again).
    pub fn hold(&self, conn: &mut DbConnection) -> Result<Conditional, StoreError> {
        idempotency::hold(
            conn,
            &self.account,
            &self.key,
            &self.request_hash,
            self.now,
            KEY_TTL,
        )
    }

    /// The transaction's last statement: keeps `answer` as the key's, replayed byte for
    /// byte to a retry with the key.
    pub fn keep(&self, conn: &mut DbConnection, answer: &StoredResponse) -> Result<(), StoreError> {
        let kept = idempotency::keep(conn, &self.account, &self.key, self.now, answer)?;
        if kept.applied() {
            Ok(())
        } else {
            // The row was inserted by this transaction's own `hold`: nothing else can have
            // answered or removed it before the commit.
            Err(StoreError::corrupt(
                "an idempotency key held in this transaction was not there to answer",
            ))
        }
    }
}
