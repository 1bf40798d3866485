//! Emailed one-time codes (email verification, password reset): their form, how long they
//! live, how many guesses they allow, and how often a new one may be sent.
//!
//! A code is 6 digits, valid for 10 minutes and for 5 attempts: a guesser has 5 chances in a
//! million per code. Resending is limited to one a minute and five an hour, so that the form
//! cannot be used to flood a mailbox. Generating, hashing and storing the code is the
//! caller's job; these functions judge, with "now" passed in.

use chrono::{DateTime, TimeDelta, Utc};

/// Digits in a code.
pub const CODE_DIGITS: usize = 6;
/// How long a code is valid after it is issued.
pub const CODE_TTL: TimeDelta = TimeDelta::minutes(10);
/// Attempts allowed per code, the right one included.
pub const MAX_ATTEMPTS: u32 = 5;
/// The least time between two sends to one account.
pub const RESEND_MIN_INTERVAL: TimeDelta = TimeDelta::minutes(1);
/// The most sends to one account in any window of [`RESEND_WINDOW`].
pub const RESEND_MAX_PER_HOUR: usize = 5;
/// The sliding window that [`RESEND_MAX_PER_HOUR`] counts in.
pub const RESEND_WINDOW: TimeDelta = TimeDelta::hours(1);

/// Whether `code` has the form of a code: exactly 6 ASCII digits. Checked before the stored
/// code is looked at, so that a malformed entry costs no attempt.
#[must_use]
pub fn is_well_formed(code: &str) -> bool {
    code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit())
}

/// When a code issued at `issued_at` stops being valid.
#[must_use]
pub fn expires_at(issued_at: DateTime<Utc>) -> DateTime<Utc> {
    saturating_add(issued_at, CODE_TTL)
}

/// `at + delta`, the end of time where that would overflow.
fn saturating_add(at: DateTime<Utc>, delta: TimeDelta) -> DateTime<Utc> {
    at.checked_add_signed(delta)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A new code may not be sent yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a code was sent recently; ask again in {} seconds", whole_seconds_up(*.retry_after))]
pub struct ResendRefused {
    /// How long until a send would be allowed (positive).
    pub retry_after: TimeDelta,
}

impl ResendRefused {
    /// [`Self::retry_after`] in whole seconds, rounded up (for a `Retry-After` header).
    #[must_use]
    pub fn retry_after_seconds(&self) -> i64 {
        whole_seconds_up(self.retry_after)
    }
}

fn whole_seconds_up(delta: TimeDelta) -> i64 {
    let seconds = delta.num_seconds();
    if delta.subsec_nanos() > 0 {
        seconds + 1
    } else {
        seconds
    }
}

/// Whether a new code may be sent to an account whose earlier sends (in any order) are
/// `previous_sends`. Refused when the last send is less than [`RESEND_MIN_INTERVAL`] ago, or
/// when [`RESEND_MAX_PER_HOUR`] sends are already less than [`RESEND_WINDOW`] old;
/// `retry_after` is then the time until both limits allow a send.
pub fn check_resend(
    previous_sends: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> Result<(), ResendRefused> {
    let mut allowed_at = None;
    if let Some(&last) = previous_sends.iter().max() {
        let next = saturating_add(last, RESEND_MIN_INTERVAL);
        if now < next {
            allowed_at = Some(next);
        }
    }
    let mut in_window: Vec<DateTime<Utc>> = previous_sends
        .iter()
        .copied()
        .filter(|&sent| now - sent < RESEND_WINDOW)
        .collect();
    if in_window.len() >= RESEND_MAX_PER_HOUR {
        in_window.sort_unstable();
        // A send is allowed once only RESEND_MAX_PER_HOUR - 1 are left in the window: when
        // the one just older than those leaves it.
        let leaving = saturating_add(
            in_window[in_window.len() - RESEND_MAX_PER_HOUR],
            RESEND_WINDOW,
        );
        allowed_at = allowed_at.max(Some(leaving));
    }
    match allowed_at {
        Some(at) => Err(ResendRefused {
            retry_after: at - now,
        }),
        None => Ok(()),
    }
}

/// The outcome of entering a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right, in time and within the attempts: the code is spent.
    Accepted,
    /// Wrong; `attempts_left` more may be made (0: the code is now spent).
    Wrong { attempts_left: u32 },
    /// Too late: a new code must be requested.
    Expired,
    /// The attempts were used up: a new code must be requested, even if this one was right.
    TooManyAttempts,
}

/// Judges one attempt at a code issued at `issued_at`, after `attempts_so_far` earlier wrong
/// attempts at it. `matches` is the caller's constant-time comparison of the entry with the
/// stored code. Attempts used up wins over expiry, and both over a match.
#[must_use]
pub fn judge_attempt(
    issued_at: DateTime<Utc>,
    attempts_so_far: u32,
    now: DateTime<Utc>,
    matches: bool,
) -> CodeCheck {
    if attempts_so_far >= MAX_ATTEMPTS {
        CodeCheck::TooManyAttempts
    } else if now >= expires_at(issued_at) {
        CodeCheck::Expired
    } else if matches {
        CodeCheck::Accepted
    } else {
        CodeCheck::Wrong {
            attempts_left: MAX_ATTEMPTS - attempts_so_far - 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
    }

    fn t0() -> DateTime<Utc> {
        at("2026-11-27T09:00:00Z")
    }

    fn secs(n: i64) -> TimeDelta {
        TimeDelta::seconds(n)
    }

    #[test]
    fn well_formed_codes() {
        let cases = [
            ("000000", true),
            ("123456", true),
            ("999999", true),
            ("12345", false),
            ("1234567", false),
            ("", false),
            ("12345a", false),
            (" 123456", false),
            ("123 456", false),
            ("12345 ", false),
            ("-12345", false),
            ("１２３４５６", false), // full-width digits
            ("١٢٣٤٥٦", false),       // Arabic-Indic digits
        ];
        for (code, expected) in cases {
            assert_eq!(is_well_formed(code), expected, "{code:?}");
        }
    }

    #[test]
    fn constants() {
        assert_eq!(CODE_DIGITS, 6);
        assert_eq!(CODE_TTL, TimeDelta::minutes(10));
        assert_eq!(MAX_ATTEMPTS, 5);
        assert_eq!(RESEND_MIN_INTERVAL, TimeDelta::minutes(1));
        assert_eq!(RESEND_MAX_PER_HOUR, 5);
    }

    #[test]
    fn resend_interval() {
        let sent = t0();
        let cases = [
            (secs(0), Err(secs(60))),
            (secs(1), Err(secs(59))),
            (secs(59), Err(secs(1))),
            (
                TimeDelta::milliseconds(59_999),
                Err(TimeDelta::milliseconds(1)),
            ),
            (secs(60), Ok(())),
            (secs(61), Ok(())),
            (secs(3600), Ok(())),
        ];
        for (after, expected) in cases {
            let got = check_resend(&[sent], sent + after).map_err(|r| r.retry_after);
            assert_eq!(got, expected, "{after}");
        }
        assert_eq!(check_resend(&[], t0()), Ok(()));
        // The latest send counts, whatever the order given.
        let sends = [t0() + secs(30), t0(), t0() - secs(600)];
        assert_eq!(
            check_resend(&sends, t0() + secs(60)).map_err(|r| r.retry_after),
            Err(secs(30))
        );
    }

    #[test]
    fn resend_hourly_limit() {
        // Sends every 10 minutes from t0: the 5th at +40 min.
        let sends: Vec<_> = (0..5).map(|i| t0() + TimeDelta::minutes(10 * i)).collect();
        // With 4 sends in the hour, a 5th is allowed.
        assert_eq!(
            check_resend(&sends[..4], t0() + TimeDelta::minutes(31)),
            Ok(())
        );
        // With 5, a 6th waits until the first is an hour old.
        let cases = [
            (TimeDelta::minutes(50), Err(TimeDelta::minutes(10))),
            (secs(3599), Err(secs(1))),
            (TimeDelta::minutes(60), Ok(())),
            (TimeDelta::minutes(61), Ok(())),
        ];
        for (after, expected) in cases {
            let got = check_resend(&sends, t0() + after).map_err(|r| r.retry_after);
            assert_eq!(got, expected, "{after}");
        }
        // Older sends do not count; unordered input is fine.
        let mut many = sends;
        many.extend([t0() - TimeDelta::minutes(61), t0() - TimeDelta::hours(5)]);
        many.reverse();
        assert_eq!(
            check_resend(&many, t0() + TimeDelta::minutes(50)).map_err(|r| r.retry_after),
            Err(TimeDelta::minutes(10))
        );
        assert_eq!(check_resend(&many, t0() + TimeDelta::minutes(60)), Ok(()));
    }

    #[test]
    fn resend_with_more_than_five_in_the_window() {
        // Six sends within the hour (e.g. a limit raised and lowered again): a send waits
        // until only four are left, when the second oldest leaves.
        let sends: Vec<_> = (0..6).map(|i| t0() + TimeDelta::minutes(5 * i)).collect();
        let got = check_resend(&sends, t0() + TimeDelta::minutes(30)).map_err(|r| r.retry_after);
        assert_eq!(got, Err(TimeDelta::minutes(35)));
        assert_eq!(check_resend(&sends, t0() + TimeDelta::minutes(65)), Ok(()));
    }

    #[test]
    fn resend_both_limits_wait_for_the_later() {
        // Five sends, the last 20 s ago and the oldest leaving the hour in 10 s: the
        // interval rule decides (40 s).
        let now = t0() + TimeDelta::minutes(60) - secs(10);
        let mut sends: Vec<_> = (0..4).map(|i| t0() + TimeDelta::minutes(i)).collect();
        sends.push(now - secs(20));
        let got = check_resend(&sends, now).map_err(|r| r.retry_after);
        assert_eq!(got, Err(secs(40)));
    }

    #[test]
    fn resend_message() {
        let refused = ResendRefused {
            retry_after: TimeDelta::milliseconds(41_200),
        };
        assert_eq!(
            refused.to_string(),
            "a code was sent recently; ask again in 42 seconds"
        );
        assert_eq!(refused.retry_after_seconds(), 42);
        assert_eq!(
            ResendRefused {
                retry_after: secs(60)
            }
            .retry_after_seconds(),
            60
        );
    }

    #[test]
    fn expiry_boundary() {
        let issued = t0();
        let cases = [
            (secs(0), CodeCheck::Accepted),
            (secs(9 * 60 + 59), CodeCheck::Accepted),
            (TimeDelta::milliseconds(600_000 - 1), CodeCheck::Accepted),
            (secs(10 * 60), CodeCheck::Expired),
            (secs(10 * 60 + 1), CodeCheck::Expired),
            (TimeDelta::days(2), CodeCheck::Expired),
        ];
        for (after, expected) in cases {
            assert_eq!(
                judge_attempt(issued, 0, issued + after, true),
                expected,
                "{after}"
            );
        }
        assert_eq!(expires_at(issued), at("2026-11-27T09:10:00Z"));
        assert_eq!(
            expires_at(DateTime::<Utc>::MAX_UTC),
            DateTime::<Utc>::MAX_UTC
        );
        assert_eq!(
            judge_attempt(issued, 0, issued + secs(600), false),
            CodeCheck::Expired
        );
    }

    #[test]
    fn attempt_boundaries() {
        let issued = t0();
        let now = issued + secs(30);
        let cases = [
            (0, true, CodeCheck::Accepted),
            (0, false, CodeCheck::Wrong { attempts_left: 4 }),
            (3, false, CodeCheck::Wrong { attempts_left: 1 }),
            (4, true, CodeCheck::Accepted),
            (4, false, CodeCheck::Wrong { attempts_left: 0 }),
            (5, true, CodeCheck::TooManyAttempts),
            (5, false, CodeCheck::TooManyAttempts),
            (6, true, CodeCheck::TooManyAttempts),
            (u32::MAX, true, CodeCheck::TooManyAttempts),
        ];
        for (so_far, matches, expected) in cases {
            assert_eq!(
                judge_attempt(issued, so_far, now, matches),
                expected,
                "{so_far} {matches}"
            );
        }
        // Used up and expired: the attempts are reported.
        assert_eq!(
            judge_attempt(issued, 5, issued + TimeDelta::hours(1), true),
            CodeCheck::TooManyAttempts
        );
    }

    #[test]
    fn five_wrong_then_right_is_refused() {
        let issued = t0();
        let mut wrong = 0;
        let mut outcomes = Vec::new();
        for i in 0..6 {
            let outcome = judge_attempt(issued, wrong, issued + secs(i), i == 5);
            if let CodeCheck::Wrong { .. } = outcome {
                wrong += 1;
            }
            outcomes.push(outcome);
        }
        assert_eq!(
            outcomes,
            [
                CodeCheck::Wrong { attempts_left: 4 },
                CodeCheck::Wrong { attempts_left: 3 },
                CodeCheck::Wrong { attempts_left: 2 },
                CodeCheck::Wrong { attempts_left: 1 },
                CodeCheck::Wrong { attempts_left: 0 },
                CodeCheck::TooManyAttempts,
            ]
        );
    }
}
