//! An `Idempotency-Key` taken and answered inside the write transaction of the work it
//! guards (see `idempotent_in_transaction`): the work, the key and the answer commit
//! together, or roll back together and leave the key free.
//!
//! ```ignore
//! write_transaction(conn, |conn| {
//!     if !key.hold(conn)? {          // first: a concurrent request with the key waits here
//!         return Err(KeyInUse);
//!     }
//!     let answer = do_the_work(conn)?;
//!     key.keep_json(conn, &answer)?;  // last, before the commit
//!     Ok(answer)
//! })
//! ```

use chrono::{DateTime, Utc};
use paspor_persistence::idempotency;
use paspor_persistence::{DbConnection, StoreError};

use super::KEY_TTL;

/// A request's key, free when the request was let through, to be held by its transaction.
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

    /// The transaction's first statement: takes the key until the transaction ends; false
    /// when another request with the key took it since this one looked (on PostgreSQL
    /// after waiting for that request's transaction to end, and this transaction is then
    /// aborted: roll it back, and answer as for a key in flight, [`super::in_flight`]).
    pub fn hold(&self, conn: &mut DbConnection) -> Result<bool, StoreError> {
        idempotency::hold(
            conn,
            &self.account,
            &self.key,
            &self.request_hash,
            self.now,
            KEY_TTL,
        )
    }

    /// The transaction's last statement: keeps `body` as the key's answer, a 200 of JSON,
    /// replayed byte for byte to a retry with the key.
    pub fn keep_json(&self, conn: &mut DbConnection, body: &[u8]) -> Result<(), StoreError> {
        let headers = [("content-type".to_owned(), "application/json".to_owned())];
        let kept = idempotency::finish(
            conn,
            &self.account,
            &self.key,
            self.now,
            200,
            &headers,
            body,
        )?;
        if kept {
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
