//! Holding brokers (calo) back: the limits a booking must pass besides a free place.
//!
//! Quota resold by brokers is the first complaint about booking apps: one account books,
//! lets the 2-hour hold lapse and books again without end, or cancels and rebooks, keeping
//! places away from everyone else. The rules, with defaults an office can live with and a
//! system admin can change:
//!
//! - **A person who keeps places without using them waits.** A person (NIK) whose bookings
//!   lapsed unpaid or were cancelled [`BookingLimits::lapses_before_cooldown`] times within
//!   [`BookingLimits::lapse_window`] may book again only
//!   [`BookingLimits::cooldown`] after the last of them.
//! - **Holds awaiting payment per account.** An account holds at most
//!   [`BookingLimits::holds_per_account`] places awaiting payment at once.
//! - **Bookings per account per release.** An account makes at most
//!   [`BookingLimits::bookings_per_release`] bookings (lapsed and cancelled ones counted) in
//!   the sessions released at one instant.

use chrono::{DateTime, TimeDelta, Utc};

/// The limits. [`BookingLimits::default`] is the service's out of the box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingLimits {
    /// Lapses and cancellations of one person within the window before they wait.
    pub lapses_before_cooldown: u32,
    /// The window those are counted in.
    pub lapse_window: TimeDelta,
    /// How long the person waits after the last of them.
    pub cooldown: TimeDelta,
    /// Places awaiting payment one account may hold at once.
    pub holds_per_account: u32,
    /// Bookings one account may make of one release.
    pub bookings_per_release: u32,
}

impl Default for BookingLimits {
    fn default() -> Self {
        BookingLimits {
            lapses_before_cooldown: 2,
            lapse_window: TimeDelta::days(30),
            cooldown: TimeDelta::days(7),
            // An account applies for up to five people: all of them at once is a family.
            holds_per_account: 5,
            bookings_per_release: 10,
        }
    }
}

/// What a booking is judged by: the person's and the account's record so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookingRecord {
    /// When the person's bookings lapsed unpaid or were cancelled, within the window.
    pub person_lapses: Vec<DateTime<Utc>>,
    /// The deadlines of the places the account holds awaiting payment now.
    pub account_holds: Vec<DateTime<Utc>>,
    /// Bookings the account made of this session's release.
    pub account_bookings_of_release: u32,
}

/// Why a booking is refused by a limit, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitRefusal {
    /// The person kept places without using them too often: until then.
    #[error(
        "bookings of this person lapsed or were cancelled {count} times within {window_days} days: they may book again from {until}"
    )]
    CoolingDown {
        /// How many.
        count: u32,
        /// The window, in days.
        window_days: i64,
        /// From when the person may book.
        until: DateTime<Utc>,
    },
    /// The account holds as many places awaiting payment as it may: one frees at the
    /// first deadline, or by paying or cancelling.
    #[error(
        "this account already holds {limit} places awaiting payment: pay or cancel one first (the first lapses at {until})"
    )]
    TooManyHolds {
        /// The limit.
        limit: u32,
        /// When the first of them lapses.
        until: DateTime<Utc>,
    },
    /// The account made as many bookings of this release as it may.
    #[error("this account made {limit} bookings of this release already, the most one account may")]
    ReleaseAllowanceUsed {
        /// The limit.
        limit: u32,
    },
}

impl LimitRefusal {
    /// From when the booking may be tried again, where a time can be said.
    #[must_use]
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        match self {
            LimitRefusal::CoolingDown { until, .. } | LimitRefusal::TooManyHolds { until, .. } => {
                Some(*until)
            }
            LimitRefusal::ReleaseAllowanceUsed { .. } => None,
        }
    }
}

impl BookingLimits {
    /// Whether a booking at `now` passes the limits, given the record.
    pub fn check(&self, record: &BookingRecord, now: DateTime<Utc>) -> Result<(), LimitRefusal> {
        let since = now - self.lapse_window;
        let mut lapses: Vec<DateTime<Utc>> = record
            .person_lapses
            .iter()
            .copied()
            .filter(|at| *at > since && *at <= now)
            .collect();
        lapses.sort_unstable();
        let count = u32::try_from(lapses.len()).unwrap_or(u32::MAX);
        if self.lapses_before_cooldown > 0
            && count >= self.lapses_before_cooldown
            && let Some(last) = lapses.last()
        {
            let until = *last + self.cooldown;
            if until > now {
                return Err(LimitRefusal::CoolingDown {
                    count,
                    window_days: self.lapse_window.num_days(),
                    until,
                });
            }
        }
        let holds: Vec<DateTime<Utc>> = record
            .account_holds
            .iter()
            .copied()
            .filter(|deadline| *deadline > now)
            .collect();
        if u32::try_from(holds.len()).unwrap_or(u32::MAX) >= self.holds_per_account {
            let until = holds.iter().min().copied().unwrap_or(now);
            return Err(LimitRefusal::TooManyHolds {
                limit: self.holds_per_account,
                until,
            });
        }
        if record.account_bookings_of_release >= self.bookings_per_release {
            return Err(LimitRefusal::ReleaseAllowanceUsed {
                limit: self.bookings_per_release,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
            .unwrap()
            .to_utc()
            + TimeDelta::days(days)
    }

    #[test]
    fn a_first_booking_passes() {
        assert_eq!(
            BookingLimits::default().check(&BookingRecord::default(), at(0)),
            Ok(())
        );
    }

    #[test]
    fn two_lapses_within_thirty_days_wait_seven_days_after_the_last() {
        let limits = BookingLimits::default();
        let now = at(0);
        let one = BookingRecord {
            person_lapses: vec![at(-3)],
            ..BookingRecord::default()
        };
        assert_eq!(limits.check(&one, now), Ok(()));
        let two = BookingRecord {
            person_lapses: vec![at(-20), at(-3)],
            ..BookingRecord::default()
        };
        let refused = limits.check(&two, now).unwrap_err();
        assert_eq!(refused.retry_at(), Some(at(4)));
        // The day the cooldown ends, and a lapse that fell out of the window.
        assert_eq!(limits.check(&two, at(4)), Ok(()));
        let old = BookingRecord {
            person_lapses: vec![at(-31), at(-3)],
            ..BookingRecord::default()
        };
        assert_eq!(limits.check(&old, now), Ok(()));
        // Exactly thirty days back is out of the window.
        let edge = BookingRecord {
            person_lapses: vec![at(-30), at(-1)],
            ..BookingRecord::default()
        };
        assert_eq!(limits.check(&edge, now), Ok(()));
    }

    #[test]
    fn an_account_holds_five_places_at_most_and_a_lapsed_hold_does_not_count() {
        let limits = BookingLimits::default();
        let now = at(0);
        let deadline = now + TimeDelta::hours(2);
        let four = BookingRecord {
            account_holds: vec![deadline; 4],
            ..BookingRecord::default()
        };
        assert_eq!(limits.check(&four, now), Ok(()));
        let mut five = four.clone();
        five.account_holds.push(now + TimeDelta::minutes(30));
        let refused = limits.check(&five, now).unwrap_err();
        assert_eq!(refused.retry_at(), Some(now + TimeDelta::minutes(30)));
        let mut lapsed = four;
        lapsed.account_holds.push(now);
        assert_eq!(
            limits.check(&lapsed, now),
            Ok(()),
            "a hold at its deadline is gone"
        );
    }

    #[test]
    fn an_account_makes_ten_bookings_of_a_release_at_most() {
        let limits = BookingLimits::default();
        let record = |made| BookingRecord {
            account_bookings_of_release: made,
            ..BookingRecord::default()
        };
        assert_eq!(limits.check(&record(9), at(0)), Ok(()));
        assert_eq!(
            limits.check(&record(10), at(0)),
            Err(LimitRefusal::ReleaseAllowanceUsed { limit: 10 })
        );
    }

    #[test]
    fn zero_lapses_before_cooldown_switches_that_rule_off() {
        let limits = BookingLimits {
            lapses_before_cooldown: 0,
            ..BookingLimits::default()
        };
        let many = BookingRecord {
            person_lapses: vec![at(-1); 10],
            ..BookingRecord::default()
        };
        assert_eq!(limits.check(&many, at(0)), Ok(()));
    }
}
