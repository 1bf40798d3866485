//! When a failed webhook delivery is tried again: 30 s after the first failure, then twice
//! as long after each further one, at most an hour apart, for 24 hours from the event (or
//! from its replay); then the delivery is given up.
//!
//! Each delay is shortened by up to a quarter at random (jitter), so that deliveries that
//! failed together (a receiver that was down) do not all come back at the same instant.
//! The jitter only ever shortens: the longest wait stays the documented one.

use chrono::{DateTime, TimeDelta, Utc};

/// The wait after the first failure.
pub const FIRST_RETRY: TimeDelta = TimeDelta::seconds(30);

/// The longest wait between two attempts.
pub const LONGEST_RETRY: TimeDelta = TimeDelta::hours(1);

/// How long a delivery is retried, from the event (or its replay).
pub const RETRY_WINDOW: TimeDelta = TimeDelta::hours(24);

/// The wait after the `failures`-th failed attempt (from 1), with `jitter` in `[0, 1)`
/// taking up to a quarter off.
#[must_use]
pub fn retry_delay(failures: u32, jitter: f64) -> TimeDelta {
    // Past 2^7 the cap applies anyway; the bound keeps the shift from overflowing.
    let doublings = failures.saturating_sub(1).min(16);
    let full = (FIRST_RETRY * (1 << doublings)).min(LONGEST_RETRY);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a quarter of at most an hour in milliseconds fits easily"
    )]
    let off = (full.num_milliseconds() as f64 * jitter / 4.0) as i64;
    full - TimeDelta::milliseconds(off)
}

/// When to try again after the `failures`-th failed attempt at `now`, for a delivery
/// retried until `retry_until`: `None` once the window has closed (give up). The last
/// retry is never later than the window's end.
#[must_use]
pub fn next_attempt(
    failures: u32,
    now: DateTime<Utc>,
    retry_until: DateTime<Utc>,
    jitter: f64,
) -> Option<DateTime<Utc>> {
    if now >= retry_until {
        return None;
    }
    Some((now + retry_delay(failures, jitter)).min(retry_until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn delays_double_from_30_seconds_up_to_an_hour() {
        let cases = [
            (0, 30),
            (1, 30),
            (2, 60),
            (3, 120),
            (4, 240),
            (7, 1920),
            (8, 3600),
            (9, 3600),
            (40, 3600),
            (u32::MAX, 3600),
        ];
        for (failures, seconds) in cases {
            assert_eq!(
                retry_delay(failures, 0.0),
                TimeDelta::seconds(seconds),
                "{failures}"
            );
        }
    }

    #[test]
    fn jitter_shortens_by_at_most_a_quarter() {
        for failures in 1..12 {
            let full = retry_delay(failures, 0.0);
            for jitter in [0.0, 0.25, 0.5, 0.999_999, 1.0, -3.0, 7.0, f64::NAN] {
                let delay = retry_delay(failures, jitter);
                assert!(delay <= full, "{failures} {jitter}");
                assert!(delay >= full * 3 / 4, "{failures} {jitter}");
            }
        }
        assert_eq!(retry_delay(1, 1.0), TimeDelta::milliseconds(22_500));
    }

    #[test]
    fn retries_stop_when_the_window_closes() {
        let event = at("2026-11-25T03:00:00Z");
        let until = event + RETRY_WINDOW;
        assert_eq!(
            next_attempt(1, event, until, 0.0),
            Some(at("2026-11-25T03:00:30Z"))
        );
        // Near the end the last retry falls on the window's end, not after it.
        let late = until - TimeDelta::minutes(10);
        assert_eq!(next_attempt(20, late, until, 0.0), Some(until));
        assert_eq!(
            next_attempt(20, until - TimeDelta::seconds(1), until, 0.0),
            Some(until)
        );
        assert_eq!(next_attempt(20, until, until, 0.0), None);
        assert_eq!(
            next_attempt(20, until + TimeDelta::seconds(1), until, 0.0),
            None
        );
    }

    #[test]
    fn a_receiver_down_for_a_day_gets_about_thirty_attempts() {
        // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: the whole schedule of one day.
        let event = at("2026-11-25T03:00:00Z");
        let until = event + RETRY_WINDOW;
        let (mut now, mut attempts) = (event, 1);
        while let Some(next) = next_attempt(attempts, now, until, 0.0) {
            now = next;
            attempts += 1;
        }
        assert_eq!(now, until);
        assert_eq!(attempts, 31);
    }
}
