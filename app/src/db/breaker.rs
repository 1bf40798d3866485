//! Whether the database is worth asking now: the fail-fast of [`super::Db`].
//!
//! Once the database is found failing, calls are refused at once for [`BACK_OFF`]; then
//! one call at a time goes through as a probe, and the first that reaches the database
//! ends the outage. When the database was judged silent (it leaves the watchdog's ping
//! unanswered), that ping is the probe: nothing else is let through until it ends, since
//! each call would only wait on the same silence. An outage is logged where it begins
//! and where it ends, never per refused call.
//!
//! Calls admitted before an outage began report late and say nothing about the database
//! now (one may have had its answer just before the database stopped): they neither end
//! an outage nor restart its back-off. A probe whose caller stopped waiting for it (its
//! blocking task may wait on for a connection, then report nothing) gives its place to the
//! next one after a back-off.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use paspor_persistence::health::is_broken;
use paspor_persistence::{PooledConnection, StoreError};

/// How long calls are refused at once after the database failed, before a probe.
pub const BACK_OFF: Duration = Duration::from_secs(1);

/// How long after an outage connections are pinged before use.
pub(super) const CHECK_AFTER_OUTAGE: Duration = Duration::from_secs(30);

/// How the database was found failing, for the one line that logs an outage.
#[derive(Debug, Clone, Copy)]
pub(super) enum Failure {
    /// A connection was lost, or the pool gave none in time.
    Lost,
    /// The watchdog's ping went unanswered this long.
    Silent(Duration),
    /// The watchdog could not reach the database at all.
    Unreachable,
    /// A call waited its whole bound.
    CallExpired(Duration),
}

impl Failure {
    fn describe(self) -> String {
        match self {
            Failure::Lost => "a connection was lost, or none could be had in time".to_owned(),
            Failure::Silent(waited) => format!(
                "a ping went unanswered for {} ms: the database does not answer",
                waited.as_millis()
            ),
            Failure::Unreachable => "a ping could not reach it".to_owned(),
            Failure::CallExpired(waited) => {
                format!("a call got no answer in {} s", waited.as_secs())
            }
        }
    }
}

/// The fail-fast's state, shared by every call.
#[derive(Debug, Default)]
pub(super) struct Breaker {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Since when the database has been failing, if it is.
    failing_since: Option<Instant>,
    /// Before this, calls are refused without trying.
    retry_at: Option<Instant>,
    /// What probes the database now: other calls are refused meanwhile.
    probe: Probe,
    /// When the last outage ended, to ping connections for a while after it.
    recovered_at: Option<Instant>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Probe {
    #[default]
    None,
    /// A call let through after the back-off.
    Call,
    /// The watchdog's ping that went unanswered.
    Ping,
}

impl Breaker {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Lets a call through (normally, or as the probe of an outage), or refuses it at once.
    pub(super) fn admit(&self, now: Instant) -> Result<(), StoreError> {
        let mut state = self.state();
        let Some(since) = state.failing_since else {
            return Ok(());
        };
        if state.probe != Probe::None || state.retry_at.is_some_and(|at| now < at) {
            return Err(StoreError::BackingOff(now.saturating_duration_since(since)));
        }
        state.probe = Probe::Call;
        Ok(())
    }

    /// A call admitted at `admitted` found the database failing.
    pub(super) fn failed(&self, now: Instant, admitted: Instant, why: Failure) {
        let mut state = self.state();
        match state.failing_since {
            None => begin(&mut state, now, why),
            Some(since) if admitted < since => return,
            Some(_) => {}
        }
        state.retry_at = Some(now + BACK_OFF);
        if state.probe == Probe::Call {
            state.probe = Probe::None;
        }
    }

    /// A call admitted at `admitted` was given up on, its bound spent without an answer
    /// (the database silent, or a readiness check out of time). If it was the outage's
    /// probe, the next one goes after a back-off; the call's blocking task, still waiting,
    /// reports nothing more. Outside an outage this alone starts none.
    pub(super) fn gave_up(&self, now: Instant, admitted: Instant) {
        let mut state = self.state();
        if state.failing_since.is_some_and(|since| admitted >= since) {
            state.retry_at = Some(now + BACK_OFF);
            if state.probe == Probe::Call {
                state.probe = Probe::None;
            }
        }
    }

    /// A call admitted at `admitted` had its answer from the database.
    pub(super) fn reached(&self, now: Instant, admitted: Instant) {
        let mut state = self.state();
        if state.failing_since.is_some_and(|since| admitted < since) {
            return;
        }
        end(&mut state, now);
    }

    /// The watchdog's ping has gone unanswered for `waited`: the database does not answer.
    /// That ping is the outage's probe from now on.
    pub(super) fn silent(&self, now: Instant, waited: Duration) {
        let mut state = self.state();
        if state.failing_since.is_none() {
            begin(&mut state, now, Failure::Silent(waited));
        }
        state.probe = Probe::Ping;
        state.retry_at = None;
    }

    /// The watchdog's ping ended: answered, the database is back (whatever outage there
    /// was ends); not, the database is failing, and calls probe it again after a back-off.
    pub(super) fn ping_ended(&self, now: Instant, answered: bool) {
        let mut state = self.state();
        if answered {
            end(&mut state, now);
            return;
        }
        if state.failing_since.is_none() {
            begin(&mut state, now, Failure::Unreachable);
        }
        state.retry_at = Some(now + BACK_OFF);
        if state.probe == Probe::Ping {
            state.probe = Probe::None;
        }
    }

    /// Records how a call admitted at `admitted` that had a connection ended: a broken or
    /// lost connection is the database failing, anything else is the database answering.
    pub(super) fn record(&self, conn: &mut PooledConnection, admitted: Instant, now: Instant) {
        if is_broken(conn) {
            self.failed(now, admitted, Failure::Lost);
        } else {
            self.reached(now, admitted);
        }
    }

    pub(super) fn is_failing(&self) -> bool {
        self.state().failing_since.is_some()
    }

    /// Whether connections are to be pinged before use: during an outage (for the probe)
    /// and for a while after it.
    pub(super) fn checking(&self, now: Instant) -> bool {
        let state = self.state();
        state.failing_since.is_some()
            || state
                .recovered_at
                .is_some_and(|at| now.saturating_duration_since(at) < CHECK_AFTER_OUTAGE)
    }
}

fn begin(state: &mut State, now: Instant, why: Failure) {
    tracing::error!(
        cause = why.describe(),
        back_off_ms = BACK_OFF.as_millis() as u64,
        "the database failed: calls are refused at once until a probe reaches it"
    );
    state.failing_since = Some(now);
}

fn end(state: &mut State, now: Instant) {
    if let Some(since) = state.failing_since.take() {
        tracing::warn!(
            outage_ms = now.saturating_duration_since(since).as_millis() as u64,
            "the database answers again"
        );
        state.recovered_at = Some(now);
    }
    state.retry_at = None;
    state.probe = Probe::None;
}
