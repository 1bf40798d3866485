//! Locking an account after repeated failed logins, for longer the more it goes on.
//!
//! The rule: after [`FAILURES_BEFORE_LOCK`] (10) consecutive failed logins the account is
//! locked for 15 minutes; each further block of 10 failures doubles the lock (10-19 failures:
//! 15 min, 20-29: 30 min, 30-39: 1 h, 40-49: 2 h, 50-59: 4 h, 60-69: 8 h, 70-79: 16 h), up
//! to 24 hours from 80 failures on. The server records each failure and, when
//! [`lock_duration`] gives a duration for the new count, locks the account for that long from
//! the failure; a login refused because of the lock is not a failure. A successful login (or
//! a password reset) sets the count back to zero. So a guesser gets 10 tries, then one per
//! lock, and the locks grow, while the owner is never locked out for more than a day.

use chrono::TimeDelta;

/// Consecutive failed logins before the first lock.
pub const FAILURES_BEFORE_LOCK: u32 = 10;
/// The first lock, for 10 to 19 consecutive failures.
pub const FIRST_LOCK: TimeDelta = TimeDelta::minutes(15);
/// The longest lock.
pub const MAX_LOCK: TimeDelta = TimeDelta::hours(24);

/// How long to lock an account after `consecutive_failures` failed logins in a row: `None`
/// below [`FAILURES_BEFORE_LOCK`], else [`FIRST_LOCK`] doubled once for each further block of
/// 10 failures, at most [`MAX_LOCK`]. See the module documentation for the whole rule.
#[must_use]
pub fn lock_duration(consecutive_failures: u32) -> Option<TimeDelta> {
    let blocks = consecutive_failures / FAILURES_BEFORE_LOCK;
    let doublings = blocks.checked_sub(1)?;
    // 15 min << 7 is already past the cap: stop shifting there, so nothing can overflow.
    let lock = FIRST_LOCK * (1 << doublings.min(7));
    Some(lock.min(MAX_LOCK))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(n: i64) -> Option<TimeDelta> {
        Some(TimeDelta::minutes(n))
    }

    #[test]
    fn boundaries() {
        let cases = [
            (0, None),
            (1, None),
            (9, None),
            (10, minutes(15)),
            (11, minutes(15)),
            (19, minutes(15)),
            (20, minutes(30)),
            (29, minutes(30)),
            (30, minutes(60)),
            (39, minutes(60)),
            (40, minutes(120)),
            (50, minutes(240)),
            (60, minutes(480)),
            (70, minutes(960)),
            (79, minutes(960)),
            (80, minutes(24 * 60)),
            (89, minutes(24 * 60)),
            (90, minutes(24 * 60)),
            (1_000, minutes(24 * 60)),
            (u32::MAX, minutes(24 * 60)),
        ];
        for (failures, expected) in cases {
            assert_eq!(lock_duration(failures), expected, "{failures}");
        }
    }

    #[test]
    fn never_shrinks_never_exceeds_the_cap() {
        let mut previous = None;
        for failures in 0..=500 {
            let lock = lock_duration(failures);
            assert!(lock >= previous, "{failures}");
            assert!(lock.is_none_or(|d| d <= MAX_LOCK), "{failures}");
            previous = lock;
        }
    }
}
