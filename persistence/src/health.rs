//! Whether the database answers, and whether a pooled connection may be used again.
//!
//! Diesel judges a connection broken by its transaction state (a lost PostgreSQL
//! connection counts: libpq no longer knows that state). A caller may also give up on a
//! connection whose state it cannot vouch for: each pooled connection carries a [`Mark`]
//! (as its Diesel instrumentation, the one place a connection holds a value of ours) that
//! has the pool close it instead of handing it out again, and that counts the
//! transactions committed on it, so that work whose caller stopped waiting can tell
//! afterwards whether it wrote anything, and the statements run on it, so that what a
//! piece of work costs the database can be measured.

use diesel::connection::{Connection as _, Instrumentation, InstrumentationEvent};
use diesel::r2d2::R2D2Connection;

use crate::connection::DbConnection;
use crate::error::StoreResult;

/// Runs a trivial statement on `conn`.
pub fn ping_connection(conn: &mut DbConnection) -> StoreResult<()> {
    conn.ping()?;
    Ok(())
}

/// Whether `conn` is known to be unusable (its server closed it, it was lost, or its
/// transaction could not be ended), as the pool judges it when it comes back.
pub fn is_broken(conn: &mut DbConnection) -> bool {
    conn.is_broken()
}

/// Whether the pool must close `conn` rather than keep it: broken, or given up on.
pub(crate) fn must_close(conn: &mut DbConnection) -> bool {
    conn.is_broken()
        || conn
            .instrumentation()
            .downcast_ref::<Mark>()
            .is_some_and(|mark| mark.discard)
}

/// Has the pool close `conn` when it is given back instead of handing it out again. For
/// a connection whose caller stopped waiting for it: whatever state the database left it
/// in when it finally answered, nobody builds on it.
pub fn discard(conn: &mut DbConnection) {
    if let Some(mark) = conn.instrumentation().downcast_mut::<Mark>() {
        mark.discard = true;
    }
}

/// How many transactions have been committed on `conn` since it was opened (0 for a
/// connection not from the pool).
pub fn commits(conn: &mut DbConnection) -> u64 {
    conn.instrumentation()
        .downcast_ref::<Mark>()
        .map_or(0, |mark| mark.commits)
}

/// How many statements (queries, and the transactions' own `BEGIN`, `SAVEPOINT` and
/// `COMMIT`) have been run on `conn` since it was opened (0 for a connection not from the
/// pool).
pub fn statements(conn: &mut DbConnection) -> u64 {
    conn.instrumentation()
        .downcast_ref::<Mark>()
        .map_or(0, |mark| mark.statements)
}

/// What the pool needs to know about one connection beyond Diesel's own view.
#[derive(Debug, Default)]
pub(crate) struct Mark {
    /// Its user gave up on it: close it when it comes back.
    discard: bool,
    /// A top-level `COMMIT` has been sent and has not answered yet.
    committing: bool,
    /// Top-level transactions committed.
    commits: u64,
    /// Statements started.
    statements: u64,
}

impl Instrumentation for Mark {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.statements += 1;
        }
        match event {
            // Diesel announces a commit, then runs `COMMIT` (savepoints are deeper).
            InstrumentationEvent::CommitTransaction { depth, .. } if depth.get() == 1 => {
                self.committing = true;
            }
            InstrumentationEvent::FinishQuery { error, .. } if self.committing => {
                self.committing = false;
                if error.is_none() {
                    self.commits += 1;
                }
            }
            _ => {}
        }
    }
}
