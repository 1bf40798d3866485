//! An office's release rules: several, each releasing some days of the month.
//!
//! Some offices release twice a month, e.g. Batam on the 15th and on the month's last day
//! at 16:00, each release opening its own half of the next month. So an office has one or
//! more [`ScopedReleaseRule`]s, each a [`ReleaseRule`] (when) for a [`DayRange`] of the
//! session dates' days of the month (which dates). Together the ranges cover every day
//! from 1 to 31 exactly once, so that every session date has exactly one release instant,
//! fixed when its sessions are created and kept by booking as before.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use super::release::{MAX_DAYS_AHEAD, ReleaseRule, ReleaseRuleError, release_at};
use crate::office::TimeZone;

/// The most rules an office may have: one a month's day is already more than any office
/// runs.
pub const MAX_RELEASE_RULES: usize = 12;

/// The last day number a month can have.
pub const LAST_DAY: u32 = 31;

/// Days of the month, `first` to `last` inclusive (1 to 31). A month shorter than `last`
/// simply has fewer of them: 16 to 31 is 16 to 28 in a common February.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayRange {
    pub first: u32,
    pub last: u32,
}

impl DayRange {
    /// Every day of any month.
    pub const WHOLE_MONTH: DayRange = DayRange {
        first: 1,
        last: LAST_DAY,
    };

    /// Whether `date`'s day of the month is in the range.
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.first..=self.last).contains(&date.day())
    }

    fn is_well_formed(&self) -> bool {
        (1..=LAST_DAY).contains(&self.first)
            && (1..=LAST_DAY).contains(&self.last)
            && self.first <= self.last
    }

    fn overlaps(&self, other: &DayRange) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

/// A release rule and the session dates it releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScopedReleaseRule {
    /// When the dates are released.
    pub rule: ReleaseRule,
    /// Which dates: those whose day of the month is in the range.
    pub days: DayRange,
}

/// Why a set of release rules cannot be saved; `index` is the rule's position in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseRulesError {
    #[error("an office needs at least one release rule")]
    None,
    #[error("an office may have at most {MAX_RELEASE_RULES} release rules, not {0}")]
    TooMany(usize),
    #[error("{error}")]
    Rule {
        index: usize,
        error: ReleaseRuleError,
    },
    #[error(
        "days of the month run from 1 to {LAST_DAY}, the first not after the last, not {first} to {last}"
    )]
    Days { index: usize, first: u32, last: u32 },
    #[error("days {first} to {last} are also released by rule {other}: each day has one rule")]
    Overlap {
        index: usize,
        other: usize,
        first: u32,
        last: u32,
    },
    #[error("no rule releases days {first} to {last} of the month: every day needs one")]
    Uncovered { first: u32, last: u32 },
}

impl ReleaseRulesError {
    /// The position of the rule at fault, when one is.
    #[must_use]
    pub fn index(&self) -> Option<usize> {
        match *self {
            Self::Rule { index, .. } | Self::Days { index, .. } | Self::Overlap { index, .. } => {
                Some(index)
            }
            Self::None | Self::TooMany(_) | Self::Uncovered { .. } => None,
        }
    }
}

/// An office's release rules, checked: one to [`MAX_RELEASE_RULES`], each valid, whose
/// day ranges cover every day of the month once. Kept in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReleaseRules(Vec<ScopedReleaseRule>);

impl Default for ReleaseRules {
    /// Every Friday at 16:00 for the following week.
    fn default() -> Self {
        Self::single(ReleaseRule::default())
    }
}

impl ReleaseRules {
    /// One rule for every date, as offices had before they could have several.
    #[must_use]
    pub fn single(rule: ReleaseRule) -> Self {
        Self(vec![ScopedReleaseRule {
            rule,
            days: DayRange::WHOLE_MONTH,
        }])
    }

    /// Checks the rules; every problem found is listed.
    pub fn new(rules: Vec<ScopedReleaseRule>) -> Result<Self, Vec<ReleaseRulesError>> {
        if rules.is_empty() {
            return Err(vec![ReleaseRulesError::None]);
        }
        if rules.len() > MAX_RELEASE_RULES {
            return Err(vec![ReleaseRulesError::TooMany(rules.len())]);
        }
        let mut errors = Vec::new();
        for (index, scoped) in rules.iter().enumerate() {
            if let Err(error) = scoped.rule.validate() {
                errors.push(ReleaseRulesError::Rule { index, error });
            }
            let DayRange { first, last } = scoped.days;
            if !scoped.days.is_well_formed() {
                errors.push(ReleaseRulesError::Days { index, first, last });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for (index, scoped) in rules.iter().enumerate() {
            if let Some(other) = rules[..index]
                .iter()
                .position(|earlier| earlier.days.overlaps(&scoped.days))
            {
                errors.push(ReleaseRulesError::Overlap {
                    index,
                    other,
                    first: scoped.days.first.max(rules[other].days.first),
                    last: scoped.days.last.min(rules[other].days.last),
                });
            }
        }
        errors.extend(uncovered(&rules));
        if errors.is_empty() {
            Ok(Self(rules))
        } else {
            Err(errors)
        }
    }

    /// The rules, in the order given.
    #[must_use]
    pub fn rules(&self) -> &[ScopedReleaseRule] {
        &self.0
    }

    /// The first rule (there is always one).
    #[must_use]
    pub fn first(&self) -> &ScopedReleaseRule {
        &self.0[0]
    }

    /// The rule that releases `session_date`.
    #[must_use]
    pub fn rule_for(&self, session_date: NaiveDate) -> &ReleaseRule {
        self.0
            .iter()
            .find(|scoped| scoped.days.contains(session_date))
            // Unreachable for checked rules (they cover every day); the first is a safe
            // answer that never releases a date earlier than some rule says.
            .map_or(&self.first().rule, |scoped| &scoped.rule)
    }

    /// The instant at which `session_date` becomes bookable at an office in zone `tz`.
    #[must_use]
    pub fn release_at(&self, session_date: NaiveDate, tz: TimeZone) -> DateTime<Utc> {
        release_at(self.rule_for(session_date), session_date, tz)
    }

    /// The first instant after `now` at which any date is released under these rules,
    /// whether or not the office has sessions on that date; `None` only if no date is
    /// released within a year and a quarter.
    #[must_use]
    pub fn next_release_after(&self, tz: TimeZone, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // A date is released on or before its own day, so only dates from today on can be
        // released after now; and every rule releases some date within two months, at
        // most MAX_DAYS_AHEAD days before it, so later dates cannot come first.
        let today = tz.local_date(now);
        let horizon = u64::from(MAX_DAYS_AHEAD) + 2 * 31 + 1;
        (0..=horizon)
            .filter_map(|n| today.checked_add_days(Days::new(n)))
            .map(|date| self.release_at(date, tz))
            .filter(|at| *at > now)
            .min()
    }
}

/// The day ranges no rule covers, as errors.
fn uncovered(rules: &[ScopedReleaseRule]) -> Vec<ReleaseRulesError> {
    let mut errors = Vec::new();
    let mut gap: Option<u32> = None;
    for day in 1..=LAST_DAY + 1 {
        let covered = day > LAST_DAY
            || rules
                .iter()
                .any(|scoped| (scoped.days.first..=scoped.days.last).contains(&day));
        match (covered, gap) {
            (false, None) => gap = Some(day),
            (true, Some(first)) => {
                errors.push(ReleaseRulesError::Uncovered {
                    first,
                    last: day - 1,
                });
                gap = None;
            }
            _ => {}
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeDelta, Weekday};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn days(first: u32, last: u32) -> DayRange {
        DayRange { first, last }
    }

    /// Batam's: on the 15th at 16:00 for days 1-15 of the next month, on the last day at
    /// 16:00 for the rest of it.
    fn batam() -> ReleaseRules {
        ReleaseRules::new(vec![
            ScopedReleaseRule {
                rule: ReleaseRule::Monthly {
                    day: 15,
                    time: t(16, 0),
                },
                days: days(1, 15),
            },
            ScopedReleaseRule {
                rule: ReleaseRule::LastDayOfMonth { time: t(16, 0) },
                days: days(16, 31),
            },
        ])
        .unwrap()
    }

    #[test]
    fn each_date_is_released_by_the_rule_of_its_day() {
        let rules = batam();
        let cases = [
            // First half of March: the 15th of February.
            (d(2027, 3, 1), "2027-02-15T09:00:00Z"),
            (d(2027, 3, 15), "2027-02-15T09:00:00Z"),
            // Second half: February's last day, the 28th in a common year...
            (d(2027, 3, 16), "2027-02-28T09:00:00Z"),
            (d(2027, 3, 31), "2027-02-28T09:00:00Z"),
            // ...the 29th in a leap year.
            (d(2028, 3, 16), "2028-02-29T09:00:00Z"),
            // February's own second half is released on 31 January.
            (d(2028, 2, 29), "2028-01-31T09:00:00Z"),
            (d(2027, 2, 28), "2027-01-31T09:00:00Z"),
            // Across the year.
            (d(2027, 1, 1), "2026-12-15T09:00:00Z"),
            (d(2027, 1, 31), "2026-12-31T09:00:00Z"),
        ];
        for (session, expected) in cases {
            assert_eq!(
                rules.release_at(session, TimeZone::Wib),
                utc(expected),
                "{session}"
            );
        }
    }

    #[test]
    fn released_at_16_00_exactly_in_each_zone() {
        let rules = batam();
        let session = d(2028, 3, 20);
        for (tz, expected) in [
            (TimeZone::Wib, "2028-02-29T09:00:00Z"),
            (TimeZone::Wita, "2028-02-29T08:00:00Z"),
            (TimeZone::Wit, "2028-02-29T07:00:00Z"),
        ] {
            let at = rules.release_at(session, tz);
            assert_eq!(at, utc(expected), "{tz}");
            let second = TimeDelta::seconds(1);
            assert_eq!(rules.next_release_after(tz, at - second), Some(at), "{tz}");
            // At the instant itself it has happened: the next is 15 March.
            assert!(rules.next_release_after(tz, at).unwrap() > at, "{tz}");
        }
    }

    #[test]
    fn the_next_release_is_the_nearest_rule_s() {
        let rules = batam();
        let tz = TimeZone::Wita;
        let cases = [
            // Before the 15th's release: that one.
            ("2027-02-10T00:00:00Z", "2027-02-15T08:00:00Z"),
            ("2027-02-15T07:59:59Z", "2027-02-15T08:00:00Z"),
            // After it: the month's last day, the 28th in 2027...
            ("2027-02-15T08:00:00Z", "2027-02-28T08:00:00Z"),
            // ...and the 29th in 2028.
            ("2028-02-16T00:00:00Z", "2028-02-29T08:00:00Z"),
            // After the last day's: the 15th of the next month, across the year too.
            ("2027-02-28T08:00:00Z", "2027-03-15T08:00:00Z"),
            ("2026-12-31T08:00:01Z", "2027-01-15T08:00:00Z"),
        ];
        for (now, expected) in cases {
            assert_eq!(
                rules.next_release_after(tz, utc(now)),
                Some(utc(expected)),
                "{now}"
            );
        }
        // A single weekly rule: next Friday 16:00, a week on once it has passed.
        let weekly = ReleaseRules::default();
        let friday = utc("2026-11-27T09:00:00Z");
        assert_eq!(
            weekly.next_release_after(TimeZone::Wib, utc("2026-11-25T03:00:00Z")),
            Some(friday)
        );
        assert_eq!(
            weekly.next_release_after(TimeZone::Wib, friday),
            Some(friday + TimeDelta::days(7))
        );
        // Days ahead: every day at its time, today's while it is to come.
        let daily = ReleaseRules::single(ReleaseRule::DaysAhead {
            days: 366,
            time: t(8, 0),
        });
        assert_eq!(
            daily.next_release_after(TimeZone::Wit, utc("2026-11-24T22:59:59Z")),
            Some(utc("2026-11-24T23:00:00Z"))
        );
        assert_eq!(
            daily.next_release_after(TimeZone::Wit, utc("2026-11-24T23:00:00Z")),
            Some(utc("2026-11-25T23:00:00Z"))
        );
    }

    #[test]
    fn a_single_rule_covers_the_whole_month() {
        let rule = ReleaseRule::Weekly {
            weekday: Weekday::Fri,
            time: t(16, 0),
        };
        let rules = ReleaseRules::single(rule);
        assert_eq!(rules.rules()[0].days, DayRange::WHOLE_MONTH);
        assert_eq!(ReleaseRules::new(rules.rules().to_vec()), Ok(rules.clone()));
        for session in [d(2026, 11, 30), d(2026, 12, 31), d(2028, 2, 29)] {
            assert_eq!(
                rules.release_at(session, TimeZone::Wib),
                release_at(&rule, session, TimeZone::Wib)
            );
        }
        assert_eq!(ReleaseRules::default(), rules);
    }

    #[test]
    fn the_rules_cover_every_day_once() {
        let time = t(16, 0);
        let monthly = |day| ReleaseRule::Monthly { day, time };
        let scoped = |rule, first, last| ScopedReleaseRule {
            rule,
            days: days(first, last),
        };
        assert_eq!(
            ReleaseRules::new(vec![]),
            Err(vec![ReleaseRulesError::None])
        );
        let thirteen = vec![scoped(monthly(1), 1, 31); 13];
        assert_eq!(
            ReleaseRules::new(thirteen),
            Err(vec![ReleaseRulesError::TooMany(13)])
        );
        // Boundaries of a day range.
        for (first, last, ok) in [
            (1, 31, true),
            (0, 31, false),
            (1, 32, false),
            (31, 31, true),
            (16, 15, false),
        ] {
            let result = ReleaseRules::new(vec![scoped(monthly(1), first, last)]);
            let well_formed = !matches!(
                result.as_ref().err().map(Vec::as_slice),
                Some([ReleaseRulesError::Days { .. }, ..])
            );
            assert_eq!(well_formed, ok, "{first}-{last}");
        }
        // Overlapping halves: the later one is at fault, with the shared days.
        assert_eq!(
            ReleaseRules::new(vec![
                scoped(monthly(15), 1, 16),
                scoped(monthly(28), 16, 31)
            ]),
            Err(vec![ReleaseRulesError::Overlap {
                index: 1,
                other: 0,
                first: 16,
                last: 16
            }])
        );
        // Gaps, each named.
        assert_eq!(
            ReleaseRules::new(vec![
                scoped(monthly(15), 2, 14),
                scoped(monthly(28), 16, 30)
            ]),
            Err(vec![
                ReleaseRulesError::Uncovered { first: 1, last: 1 },
                ReleaseRulesError::Uncovered {
                    first: 15,
                    last: 15
                },
                ReleaseRulesError::Uncovered {
                    first: 31,
                    last: 31
                },
            ])
        );
        // A rule invalid in itself is named by its position.
        let errors = ReleaseRules::new(vec![
            scoped(monthly(15), 1, 15),
            scoped(monthly(29), 16, 31),
        ])
        .unwrap_err();
        assert_eq!(
            errors,
            vec![ReleaseRulesError::Rule {
                index: 1,
                error: ReleaseRuleError::MonthlyDayOutOfRange(29)
            }]
        );
        assert_eq!(errors[0].index(), Some(1));
        assert_eq!(
            ReleaseRulesError::Uncovered { first: 1, last: 1 }.index(),
            None
        );
        // The order given is kept.
        let rules = ReleaseRules::new(vec![
            scoped(monthly(28), 16, 31),
            scoped(monthly(15), 1, 15),
        ])
        .unwrap();
        assert_eq!(rules.rules()[0].days.first, 16);
        assert_eq!(rules.rule_for(d(2027, 1, 15)), &monthly(15));
        assert_eq!(rules.rule_for(d(2027, 1, 16)), &monthly(28));
    }
}
