//! Background work inside the api process. Each job is safe to run in several processes
//! at once (the storage layer serialises what must not run twice).
//!
//! Today: keeping the sessions of the coming weeks created, once an hour.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::db::Db;
use crate::startup::extend_sessions;

/// How often the session horizon is extended.
const HORIZON_EVERY: Duration = Duration::from_secs(3600);

/// The running jobs, stopped together.
pub struct Jobs {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Jobs {
    /// Starts the jobs on the current runtime.
    pub fn start(db: Db, clock: Arc<dyn Clock>, horizon_days: u32) -> Jobs {
        let (stop, stopped) = watch::channel(false);
        let horizon = tokio::spawn(session_horizon(db, clock, horizon_days, stopped));
        Jobs {
            stop,
            tasks: vec![horizon],
        }
    }

    /// Asks every job to stop and waits up to `grace` for them.
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            if tokio::time::timeout(grace, task).await.is_err() {
                tracing::warn!("a background job did not stop in time");
            }
        }
    }
}

async fn session_horizon(
    db: Db,
    clock: Arc<dyn Clock>,
    horizon_days: u32,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(HORIZON_EVERY) => {}
            _ = stopped.changed() => return,
        }
        let now = clock.now();
        let outcome = db
            .run(move |conn| extend_sessions(conn, horizon_days, now))
            .await;
        if let Err(error) = outcome {
            tracing::warn!(%error, "extending the session horizon failed; retrying next hour");
        }
    }
}
