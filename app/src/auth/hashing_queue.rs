//! Admission to the password hashing threads: a hash that would wait longer than it may is
//! refused at once, with the time after which to try again, instead of joining the queue.
//!
//! A storm of sign-ins can ask for more hashes a second than the cores make. Queued without
//! bound, each sign-in waits for every one ahead of it (seconds, then tens of seconds), and a
//! client that gave up meanwhile still has its hash made. Here a hash joins the queue only
//! if, at the pace hashes were recently made, it would be done within the allowed wait; the
//! others are refused at once, which costs nothing, and come back when the queue is shorter.
//!
//! The pace is measured on the hashing threads themselves, so it includes the time they
//! yield to the server's other work (they run at a lower priority), and that time changes
//! quickly with the load: the pace follows a slower hash at once and a faster one gradually.
//! A hash still queued when its allowed wait is over (the pace slowed after it was let in)
//! is refused then rather than made: its client would wait on for an answer no better.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How many of the last hashes the pace mostly follows when they are faster than it (a
/// moving average of weight 1/8); a slower one is taken half at once.
const PACE_EASING: u64 = 8;
const PACE_SLOWING: u64 = 2;

/// A hash was refused: the queue would keep it longer than allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFull {
    /// When trying again is likely to be admitted.
    pub retry_after: Duration,
}

/// When a hash with `ahead` others queued or running before it is done, on `lanes` threads
/// each making one hash per `pace`.
pub(super) fn done_within(ahead: u32, lanes: u32, pace: Duration) -> Duration {
    pace.saturating_mul(ahead / lanes.max(1) + 1)
}

/// Whether a hash with `ahead` before it may join: always while a thread is free (however
/// slow hashing is, some must be made), else only if it would be done within `max_wait`.
/// Refused, it is told to come back once the queue has had time to shorten enough.
pub(super) fn admission(
    ahead: u32,
    lanes: u32,
    pace: Duration,
    max_wait: Duration,
) -> Result<(), QueueFull> {
    let done = done_within(ahead, lanes, pace);
    if ahead < lanes.max(1) || done <= max_wait {
        return Ok(());
    }
    let over = done - max_wait;
    let seconds = over.as_secs() + u64::from(over.subsec_nanos() > 0);
    Err(QueueFull {
        retry_after: Duration::from_secs(seconds.max(1)),
    })
}

/// The queue's bookkeeping, shared by the hasher's clones and its admitted hashes.
#[derive(Debug)]
pub(super) struct HashingQueue {
    lanes: u32,
    max_wait: Duration,
    /// Hashes admitted and not yet done (queued or running).
    in_line: AtomicU32,
    /// How long a hash recently took on its thread, in microseconds (a moving average).
    pace_micros: AtomicU64,
}

impl HashingQueue {
    /// A queue for `lanes` threads that admits hashes done within `max_wait`, starting from
    /// `first_pace` (one hash timed at start).
    pub(super) fn new(lanes: usize, max_wait: Duration, first_pace: Duration) -> Arc<Self> {
        Arc::new(HashingQueue {
            lanes: u32::try_from(lanes.max(1)).unwrap_or(u32::MAX),
            max_wait,
            in_line: AtomicU32::new(0),
            pace_micros: AtomicU64::new(micros(first_pace)),
        })
    }

    /// The recent time one hash takes.
    fn pace(&self) -> Duration {
        Duration::from_micros(self.pace_micros.load(Ordering::Relaxed))
    }

    /// Admits one more hash, or refuses it if it would wait too long.
    pub(super) fn admit(self: &Arc<Self>) -> Result<Admitted, QueueFull> {
        let pace = self.pace();
        let rule = |ahead| admission(ahead, self.lanes, pace, self.max_wait);
        let ahead = self
            .in_line
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |ahead| {
                rule(ahead).ok().map(|()| ahead.saturating_add(1))
            })
            .map_err(|ahead| rule(ahead).expect_err("refused by the same rule"))?;
        Ok(Admitted {
            queue: Arc::clone(self),
            // One that found a thread free goes straight to it: only a queued one can
            // outwait its allowance.
            deadline: (ahead >= self.lanes).then(|| Instant::now() + self.max_wait),
        })
    }

    /// Counts one hash's time into the pace.
    fn record(&self, took: Duration) {
        let sample = micros(took);
        let _ = self
            .pace_micros
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |pace| {
                Some(next_pace(pace, sample))
            });
    }
}

/// The pace after a hash that took `sample`, from `pace` (both in microseconds).
fn next_pace(pace: u64, sample: u64) -> u64 {
    if sample > pace {
        pace + (sample - pace) / PACE_SLOWING
    } else {
        pace - (pace - sample) / PACE_EASING
    }
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// A place in the queue. Dropping it, whether the hash ran or was skipped, frees the place.
#[derive(Debug)]
pub(super) struct Admitted {
    queue: Arc<HashingQueue>,
    /// Until when the hash may start, if it was queued.
    deadline: Option<Instant>,
}

impl Admitted {
    /// Runs the hash, counting its time into the queue's pace; refuses it if its allowed
    /// wait is already over.
    pub(super) fn timed<T>(&self, work: impl FnOnce() -> T) -> Result<T, QueueFull> {
        let started = Instant::now();
        if self.deadline.is_some_and(|deadline| started > deadline) {
            let ahead = self.queue.in_line.load(Ordering::Acquire).saturating_sub(1);
            let retry_after = admission(ahead, self.queue.lanes, self.queue.pace(), Duration::ZERO)
                .err()
                .map_or(Duration::from_secs(1), |full| full.retry_after);
            return Err(QueueFull { retry_after });
        }
        let out = work();
        self.queue.record(started.elapsed());
        Ok(out)
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.queue.in_line.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACE: Duration = Duration::from_millis(100);
    const MAX_WAIT: Duration = Duration::from_secs(2);

    #[test]
    fn a_hash_is_done_after_the_rounds_ahead_of_it_and_its_own() {
        assert_eq!(done_within(0, 2, PACE), PACE);
        assert_eq!(done_within(1, 2, PACE), PACE);
        assert_eq!(done_within(2, 2, PACE), 2 * PACE);
        assert_eq!(done_within(5, 2, PACE), 3 * PACE);
        assert_eq!(done_within(3, 0, PACE), 4 * PACE);
    }

    #[test]
    fn hashes_are_admitted_up_to_the_allowed_wait_and_no_further() {
        // On 2 threads at 100 ms, 40 ahead means done after 2.1 s; 39 after 2.0 s.
        assert_eq!(admission(39, 2, PACE, MAX_WAIT), Ok(()));
        let refused = admission(40, 2, PACE, MAX_WAIT).unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(1));
        let far = admission(99, 2, PACE, MAX_WAIT).unwrap_err();
        assert_eq!(far.retry_after, Duration::from_secs(3));
    }

    #[test]
    fn a_free_thread_always_takes_a_hash_however_slow_hashing_is() {
        let slow = Duration::from_secs(5);
        assert_eq!(admission(0, 2, slow, MAX_WAIT), Ok(()));
        assert_eq!(admission(1, 2, slow, MAX_WAIT), Ok(()));
        assert!(admission(2, 2, slow, MAX_WAIT).is_err());
    }

    #[test]
    fn places_are_freed_when_hashes_end_and_the_pace_follows_them() {
        let queue = HashingQueue::new(1, Duration::from_millis(250), PACE);
        let first = queue.admit().unwrap();
        let second = queue.admit().unwrap();
        // A third would be done after 300 ms.
        assert!(queue.admit().is_err());
        drop(first);
        let third = queue.admit().unwrap();
        assert_eq!(queue.in_line.load(Ordering::Relaxed), 2);
        drop((second, third));
        assert_eq!(queue.in_line.load(Ordering::Relaxed), 0);

        queue.record(Duration::from_millis(300));
        assert_eq!(queue.pace(), Duration::from_millis(200));
    }

    #[test]
    fn the_pace_follows_a_slower_hash_at_once_and_a_faster_one_gradually() {
        assert_eq!(next_pace(100_000, 300_000), 200_000);
        assert_eq!(next_pace(200_000, 40_000), 180_000);
        assert_eq!(next_pace(100_000, 100_000), 100_000);
    }

    #[test]
    fn a_hash_whose_allowed_wait_is_over_is_refused_rather_than_made() {
        let queue = HashingQueue::new(1, 2 * PACE, PACE);
        let first = queue.admit().unwrap();
        let queued = queue.admit().unwrap();
        std::thread::sleep(2 * PACE + Duration::from_millis(1));
        let mut made = false;
        assert!(queued.timed(|| made = true).is_err());
        assert!(!made);
        // The one that found the thread free has no allowance to outwait.
        assert_eq!(first.timed(|| 7), Ok(7));
    }
}
