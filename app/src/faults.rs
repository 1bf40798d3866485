//! Faults injected on purpose, for the drills and tests that prove what a crash between a
//! keyed write's commit and its answer leaves: the answer was kept with the work, so the
//! client's retry replays it. Off unless configured.
//!
//! `PASPOR_FAULT_AFTER_COMMIT=abort` (development only) aborts the process right after such
//! a commit, as `kill -9` would at that instant; a test arms [`AfterCommit::stall`] for one
//! request instead, which then never answers, and stops the server itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// What happens after a keyed write commits, before its answer is sent.
#[derive(Debug, Clone, Default)]
pub enum AfterCommit {
    /// Nothing: the answer is sent.
    #[default]
    Off,
    /// The process aborts, leaving the answer unsent.
    Abort,
    /// While armed, the next keyed write stalls for ever after its commit (its answer is
    /// never sent) and tells the test that it committed.
    Stall(Arc<Stall>),
}

/// A stall a test arms for one request.
#[derive(Debug, Default)]
pub struct Stall {
    armed: AtomicBool,
    committed: Notify,
}

impl AfterCommit {
    /// A stall, disarmed.
    pub fn stall() -> (AfterCommit, Arc<Stall>) {
        let stall = Arc::new(Stall::default());
        (AfterCommit::Stall(stall.clone()), stall)
    }

    /// At the point between a keyed write's commit and its answer.
    pub async fn strike(&self) {
        match self {
            AfterCommit::Off => {}
            AfterCommit::Abort => {
                tracing::error!("PASPOR_FAULT_AFTER_COMMIT=abort: aborting after a commit");
                std::process::abort();
            }
            AfterCommit::Stall(stall) => {
                if stall.armed.swap(false, Ordering::SeqCst) {
                    stall.committed.notify_one();
                    std::future::pending::<()>().await;
                }
            }
        }
    }
}

impl Stall {
    /// The next keyed write will stall after its commit.
    pub fn arm(&self) {
        self.armed.store(true, Ordering::SeqCst);
    }

    /// Waits until the armed write has committed (and stalled).
    pub async fn committed(&self) {
        self.committed.notified().await;
    }
}
