//! Slowing password guessing without locking owners out, after OWASP's authentication
//! guidance: failures are counted per account *and* address, never per account alone.
//!
//! - **Per address, per account.** Each address gets [`SignInPolicy::free_failures`] wrong
//!   passwords for an account within [`SignInPolicy::window`]; every failure after that
//!   blocks that address from that account for a delay that doubles with each one, from
//!   [`SignInPolicy::first_delay`] up to [`SignInPolicy::max_delay`]. A success from the
//!   address clears its count.
//! - **Across addresses.** A guesser spreading tries over many addresses is counted per
//!   account too: from [`SignInPolicy::account_wide_failures`] failures within the window,
//!   addresses that never signed in to the account successfully wait as above, while an
//!   address that has (the owner's phone, say) still signs in. The owner is told once per
//!   window.
//! - The same counts are kept for an email address that has no account, so the answers
//!   (status, body and time) never tell whether an account exists.

use chrono::{DateTime, TimeDelta, Utc};

/// The numbers of the rule. [`SignInPolicy::default`] is the service's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInPolicy {
    /// Failures an address may make for one account within the window, unhindered.
    pub free_failures: u32,
    /// Failures of every address together within the window from which unknown addresses
    /// wait.
    pub account_wide_failures: u32,
    /// The window failures are counted in, from the first of them.
    pub window: TimeDelta,
    /// The wait after the first failure over the free ones.
    pub first_delay: TimeDelta,
    /// The longest wait.
    pub max_delay: TimeDelta,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        SignInPolicy {
            free_failures: 5,
            account_wide_failures: 20,
            window: TimeDelta::hours(1),
            first_delay: TimeDelta::minutes(1),
            max_delay: TimeDelta::minutes(30),
        }
    }
}

/// Failures counted for an account (from one address, or from all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    /// How many within the window.
    pub count: u32,
    /// When the window began (the first failure counted).
    pub since: DateTime<Utc>,
    /// Until when tries wait, if they do.
    pub blocked_until: Option<DateTime<Utc>>,
}

impl SignInPolicy {
    /// The failures after one more at `now`, given those counted before (`None`: none, or
    /// a window that has passed starts again).
    #[must_use]
    pub fn after_failure(
        &self,
        before: Option<Failures>,
        free: u32,
        now: DateTime<Utc>,
    ) -> Failures {
        let current = before.filter(|failures| now - failures.since < self.window);
        let (count, since) = match current {
            Some(failures) => (failures.count.saturating_add(1), failures.since),
            None => (1, now),
        };
        let blocked_until = count
            .checked_sub(free)
            .filter(|over| *over > 0)
            .map(|over| now + self.delay(over));
        Failures {
            count,
            since,
            blocked_until,
        }
    }

    /// The wait after the `over`th failure past the free ones (1 = the first).
    #[must_use]
    pub fn delay(&self, over: u32) -> TimeDelta {
        // Doubling from the first: stop shifting before anything can overflow.
        let doublings = over.saturating_sub(1).min(20);
        let delay = self.first_delay * (1 << doublings);
        delay.min(self.max_delay)
    }

    /// Until when a try from an address must wait, given its own failures for the account
    /// and those of every address together, and whether the address has signed in to the
    /// account before: `None` when it may try now.
    #[must_use]
    pub fn wait_until(
        &self,
        own: Option<Failures>,
        every_address: Option<Failures>,
        known_address: bool,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let blocked = |failures: Option<Failures>| {
            failures
                .and_then(|failures| failures.blocked_until)
                .filter(|until| *until > now)
        };
        let own = blocked(own);
        let every = if known_address {
            None
        } else {
            blocked(every_address)
        };
        own.max(every)
    }

    /// Whether the failure of every address together just counted (giving `after`, counted
    /// with `account_wide_failures - 1` free) is the one from which unknown addresses wait:
    /// the owner is told then, once a window.
    #[must_use]
    pub fn tells_owner(&self, after: &Failures) -> bool {
        after.count == self.account_wide_failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
            .unwrap()
            .to_utc()
            + TimeDelta::minutes(minutes)
    }

    fn failures(policy: &SignInPolicy, count: u32, free: u32) -> Failures {
        (0..count)
            .fold(None, |before, _| {
                Some(policy.after_failure(before, free, at(0)))
            })
            .unwrap()
    }

    #[test]
    fn the_free_failures_block_nothing_and_the_next_ones_wait_longer_each_time() {
        let policy = SignInPolicy::default();
        let free = policy.free_failures;
        for count in 1..=free {
            assert_eq!(
                failures(&policy, count, free).blocked_until,
                None,
                "{count}"
            );
        }
        let waits: Vec<i64> = (free + 1..=free + 7)
            .map(|count| {
                (failures(&policy, count, free).blocked_until.unwrap() - at(0)).num_minutes()
            })
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30], "doubling to the cap");
        assert_eq!(policy.delay(u32::MAX), policy.max_delay, "no overflow");
    }

    #[test]
    fn a_window_that_passed_starts_the_count_again() {
        let policy = SignInPolicy::default();
        let six = failures(&policy, 6, policy.free_failures);
        assert!(six.blocked_until.is_some());
        let within = policy.after_failure(Some(six), policy.free_failures, at(59));
        assert_eq!(within.count, 7);
        let after = policy.after_failure(Some(six), policy.free_failures, at(60));
        assert_eq!(
            (after.count, after.since, after.blocked_until),
            (1, at(60), None)
        );
    }

    #[test]
    fn an_address_waits_for_its_own_block_and_an_unknown_one_for_the_account_wide_one() {
        let policy = SignInPolicy::default();
        let own = failures(&policy, 6, policy.free_failures);
        let free = policy.account_wide_failures - 1;
        let every = failures(&policy, 20, free);
        let now = at(0);
        assert_eq!(policy.wait_until(None, None, false, now), None);
        assert_eq!(
            policy.wait_until(Some(own), None, true, now),
            own.blocked_until
        );
        // Many failures from elsewhere: a stranger's address waits, the owner's does not.
        let nineteen = failures(&policy, 19, free);
        assert_eq!(policy.wait_until(None, Some(nineteen), false, now), None);
        assert_eq!(
            policy.wait_until(None, Some(every), false, now),
            every.blocked_until
        );
        assert_eq!(policy.wait_until(None, Some(every), true, now), None);
        // A block past is no block.
        let later = every.blocked_until.unwrap();
        assert_eq!(policy.wait_until(None, Some(every), false, later), None);
    }

    #[test]
    fn the_owner_is_told_once_when_the_account_wide_count_is_reached() {
        let policy = SignInPolicy::default();
        let told: Vec<u32> = (1..=40)
            .filter(|count| {
                policy.tells_owner(&failures(&policy, *count, policy.account_wide_failures - 1))
            })
            .collect();
        assert_eq!(told, [policy.account_wide_failures]);
    }
}
