//! Whether the database answers at all, asked on a connection of the watchdog's own.
//!
//! A call that waits long may be waiting for a lock, a busy pool or a long statement (the
//! database answers; the call should go on waiting, within its own bounds), or on a
//! database that answers nothing (its processes stopped: the kernel still acknowledges
//! TCP, so nothing on the connection says so). Only asking tells the two apart: a ping on
//! a connection outside the pool (so that a full pool cannot hold it up) either answers
//! or, unanswered for the hang timeout, says the database is silent. One ping serves every
//! caller waiting at the time, and one that ended moments ago serves the next ones.
//!
//! The ping runs on a thread of its own: a statement stuck in libpq cannot be interrupted,
//! so that thread stays stuck as long as the database does, and its ping ending is the
//! first sign that the database is back (the breaker then ends the outage at once).

use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::breaker::Breaker;

/// What the watchdog says of the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// It answered a ping just now.
    Answers,
    /// It leaves a ping unanswered (for this long), or cannot be reached at all.
    Silent(Duration),
}

/// Pings the database on demand; see the module's documentation.
pub(super) struct Watchdog {
    hang: Duration,
    breaker: Arc<Breaker>,
    state: Mutex<PingState>,
    ended: Notify,
    asks: mpsc::Sender<()>,
}

#[derive(Debug, Default)]
struct PingState {
    /// When the ping under way was asked for.
    asked: Option<Instant>,
    /// When the last ping ended, and whether the database answered it.
    last: Option<(Instant, bool)>,
}

impl Watchdog {
    /// A watchdog whose pings run `ping` (true: the database answered) on a thread of
    /// its own, and which tells `breaker` what it finds. `None` if the thread cannot start.
    pub(super) fn start(
        mut ping: impl FnMut() -> bool + Send + 'static,
        hang: Duration,
        breaker: Arc<Breaker>,
    ) -> Option<Arc<Watchdog>> {
        let (asks, asked) = mpsc::channel::<()>();
        let watchdog = Arc::new(Watchdog {
            hang,
            breaker,
            state: Mutex::default(),
            ended: Notify::new(),
            asks,
        });
        // The thread holds no strong reference: when the last `Db` goes, the channel
        // closes and the thread ends (after its ping, if one is stuck).
        let weak = Arc::downgrade(&watchdog);
        let spawned = std::thread::Builder::new()
            .name("paspor-db-watchdog".to_owned())
            .spawn(move || {
                while asked.recv().is_ok() {
                    let answered =
                        std::panic::catch_unwind(AssertUnwindSafe(&mut ping)).unwrap_or(false);
                    match weak.upgrade() {
                        Some(watchdog) => watchdog.ping_ended(answered),
                        None => break,
                    }
                }
            });
        match spawned {
            Ok(_) => Some(watchdog),
            Err(error) => {
                tracing::error!(%error, "the database watchdog could not start: calls are bounded only by PASPOR_DB_CALL_TIMEOUT_SECS");
                None
            }
        }
    }

    fn state(&self) -> MutexGuard<'_, PingState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How recent a ping's end must be to speak for now.
    fn fresh(&self) -> Duration {
        self.hang / 4
    }

    /// Whether the database answers: at once if a ping ended moments ago, otherwise
    /// after the ping under way (asked for now if none is) ends or stays unanswered for
    /// the hang timeout. A silent database is reported to the breaker here, under the
    /// watchdog's lock, so that the ping's end cannot slip in between and leave the
    /// breaker waiting for a ping that already ended.
    pub(super) async fn verdict(&self) -> Verdict {
        loop {
            let ended = self.ended.notified();
            tokio::pin!(ended);
            // Registered before the state is read: an end in between still wakes us.
            ended.as_mut().enable();
            let now = Instant::now();
            let wake_at = {
                let mut state = self.state();
                if let Some((at, answered)) = state.last
                    && now.saturating_duration_since(at) < self.fresh()
                {
                    return if answered {
                        Verdict::Answers
                    } else {
                        Verdict::Silent(Duration::ZERO)
                    };
                }
                match state.asked {
                    None => {
                        state.asked = Some(now);
                        if self.asks.send(()).is_err() {
                            // The thread is gone: nothing can tell, so nothing is judged.
                            state.asked = None;
                            return Verdict::Answers;
                        }
                        now + self.hang
                    }
                    Some(asked) => {
                        let waited = now.saturating_duration_since(asked);
                        if waited >= self.hang {
                            self.breaker.silent(now, waited);
                            return Verdict::Silent(waited);
                        }
                        asked + self.hang
                    }
                }
            };
            tokio::select! {
                () = &mut ended => {}
                () = tokio::time::sleep_until(wake_at.into()) => {}
            }
        }
    }

    /// The ping thread's report.
    fn ping_ended(&self, answered: bool) {
        let now = Instant::now();
        let mut state = self.state();
        state.asked = None;
        state.last = Some((now, answered));
        self.breaker.ping_ended(now, answered);
        drop(state);
        self.ended.notify_waiters();
    }
}
