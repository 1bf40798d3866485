//! When a session date's quota is released for booking.
//!
//! A rule, read in the office's local time: weekly ("every Friday 16:00 for the following
//! week"), monthly ("on the 20th for the next month", or on the month's last day), or a
//! fixed number of days ahead. Before the release instant a date cannot be booked. An
//! office may have several rules, each for some days of the month (`release_rules.rs`).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::office::TimeZone;

/// The furthest a `DaysAhead` rule may reach: a year.
pub const MAX_DAYS_AHEAD: u32 = 366;

/// An office's quota release rule, in its local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReleaseRule {
    /// Every date of ISO week W (Monday to Sunday) is released on `weekday` of week W-1 at
    /// `time`.
    Weekly {
        #[serde(with = "weekday_code")]
        weekday: Weekday,
        time: NaiveTime,
    },
    /// Every date of month M is released on `day` (1-28, so that every month has it) of
    /// month M-1 at `time`.
    Monthly { day: u32, time: NaiveTime },
    /// Every date of month M is released on the last day of month M-1 (28, 29, 30 or 31)
    /// at `time`: the day a fixed day number cannot name in every month.
    LastDayOfMonth { time: NaiveTime },
    /// Date D is released on D minus `days` at `time`.
    DaysAhead { days: u32, time: NaiveTime },
}

/// A release rule an office admin may not save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseRuleError {
    #[error("a monthly release day must be between 1 and 28 (every month has it), not {0}")]
    MonthlyDayOutOfRange(u32),
    #[error("a release can be at most {MAX_DAYS_AHEAD} days ahead, not {0}")]
    DaysAheadOutOfRange(u32),
}

impl Default for ReleaseRule {
    /// Every Friday at 16:00 for the following week, as many offices do.
    fn default() -> Self {
        Self::Weekly {
            weekday: Weekday::Fri,
            time: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl ReleaseRule {
    /// Checks what the type cannot.
    pub fn validate(&self) -> Result<(), ReleaseRuleError> {
        match *self {
            Self::Weekly { .. } => Ok(()),
            Self::Monthly { day, .. } if !(1..=28).contains(&day) => {
                Err(ReleaseRuleError::MonthlyDayOutOfRange(day))
            }
            Self::Monthly { .. } | Self::LastDayOfMonth { .. } => Ok(()),
            Self::DaysAhead { days, .. } if days > MAX_DAYS_AHEAD => {
                Err(ReleaseRuleError::DaysAheadOutOfRange(days))
            }
            Self::DaysAhead { .. } => Ok(()),
        }
    }

    /// The local date and time at which `session_date` is released. An invalid rule is
    /// clamped (a monthly day to the month's range) rather than refused: `validate` is where
    /// it is refused.
    #[must_use]
    pub fn release_local(&self, session_date: NaiveDate) -> (NaiveDate, NaiveTime) {
        match *self {
            Self::Weekly { weekday, time } => {
                let back = u64::from(session_date.weekday().num_days_from_monday()) + 7
                    - u64::from(weekday.num_days_from_monday());
                (sub_days(session_date, back), time)
            }
            Self::Monthly { day, time } => {
                let last_of_previous = last_of_previous_month(session_date);
                let day = day.clamp(1, last_of_previous.day());
                (
                    last_of_previous.with_day(day).unwrap_or(last_of_previous),
                    time,
                )
            }
            Self::LastDayOfMonth { time } => (last_of_previous_month(session_date), time),
            Self::DaysAhead { days, time } => (sub_days(session_date, u64::from(days)), time),
        }
    }
}

/// The last day of the month before `date`'s.
fn last_of_previous_month(date: NaiveDate) -> NaiveDate {
    let first_of_month = date.with_day(1).unwrap_or(date);
    first_of_month.pred_opt().unwrap_or(NaiveDate::MIN)
}

fn sub_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// The instant at which `session_date` becomes bookable at an office in zone `tz`.
#[must_use]
pub fn release_at(rule: &ReleaseRule, session_date: NaiveDate, tz: TimeZone) -> DateTime<Utc> {
    let (date, time) = rule.release_local(session_date);
    tz.to_utc(date.and_time(time))
}

/// Whether `session_date` can be booked at `now`: from the release instant on.
#[must_use]
pub fn is_released(
    rule: &ReleaseRule,
    session_date: NaiveDate,
    tz: TimeZone,
    now: DateTime<Utc>,
) -> bool {
    now >= release_at(rule, session_date, tz)
}

/// Weekdays on the wire as lower-case three-letter codes (`fri`); any spelling chrono
/// understands is accepted (`Fri`, `friday`).
mod weekday_code {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub(super) fn serialize<S: Serializer>(day: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&day.to_string().to_ascii_lowercase())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| D::Error::custom(format!("unknown weekday: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    const FRIDAY_4PM: ReleaseRule = ReleaseRule::Weekly {
        weekday: Weekday::Fri,
        time: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
    };

    #[test]
    fn weekly_friday_4pm_wib() {
        let monday = d(2026, 11, 30);
        let at = release_at(&FRIDAY_4PM, monday, TimeZone::Wib);
        assert_eq!(at, utc("2026-11-27T09:00:00Z"));
        assert!(is_released(&FRIDAY_4PM, monday, TimeZone::Wib, at));
        assert!(!is_released(
            &FRIDAY_4PM,
            monday,
            TimeZone::Wib,
            at - TimeDelta::seconds(1)
        ));
        assert!(is_released(
            &FRIDAY_4PM,
            monday,
            TimeZone::Wib,
            at + TimeDelta::days(3)
        ));
    }

    #[test]
    fn weekly_covers_the_whole_following_week() {
        // Monday 30 November to Sunday 6 December: all released Friday 27 November.
        for n in 0..7 {
            let session = d(2026, 11, 30) + TimeDelta::days(n);
            assert_eq!(
                FRIDAY_4PM.release_local(session),
                (d(2026, 11, 27), t(16, 0)),
                "{session}"
            );
        }
        // The Friday itself is in the week after the previous release.
        assert_eq!(FRIDAY_4PM.release_local(d(2026, 11, 27)).0, d(2026, 11, 20));
        assert_eq!(FRIDAY_4PM.release_local(d(2026, 12, 7)).0, d(2026, 12, 4));
        // A Monday rule releases a whole week ahead; a Sunday rule the day before the week.
        let monday_rule = ReleaseRule::Weekly {
            weekday: Weekday::Mon,
            time: t(8, 0),
        };
        assert_eq!(
            monday_rule.release_local(d(2026, 11, 30)).0,
            d(2026, 11, 23)
        );
        let sunday_rule = ReleaseRule::Weekly {
            weekday: Weekday::Sun,
            time: t(8, 0),
        };
        assert_eq!(sunday_rule.release_local(d(2026, 12, 6)).0, d(2026, 11, 29));
    }

    #[test]
    fn offsets_of_the_three_zones() {
        let monday = d(2026, 11, 30);
        let cases = [
            (TimeZone::Wib, "2026-11-27T09:00:00Z"),
            (TimeZone::Wita, "2026-11-27T08:00:00Z"),
            (TimeZone::Wit, "2026-11-27T07:00:00Z"),
        ];
        for (tz, expected) in cases {
            let at = release_at(&FRIDAY_4PM, monday, tz);
            assert_eq!(at, utc(expected), "{tz}");
            assert!(!is_released(
                &FRIDAY_4PM,
                monday,
                tz,
                at - TimeDelta::seconds(1)
            ));
            assert!(is_released(&FRIDAY_4PM, monday, tz, at));
        }
    }

    #[test]
    fn monthly() {
        let rule = ReleaseRule::Monthly {
            day: 20,
            time: t(10, 0),
        };
        // Every date of December is released on 20 November.
        for session in [d(2026, 12, 1), d(2026, 12, 31)] {
            assert_eq!(
                release_at(&rule, session, TimeZone::Wita),
                utc("2026-11-20T02:00:00Z")
            );
        }
        // January looks back across the year.
        assert_eq!(
            rule.release_local(d(2027, 1, 15)),
            (d(2026, 12, 20), t(10, 0))
        );
        // March looks back to February.
        let late = ReleaseRule::Monthly {
            day: 28,
            time: t(0, 0),
        };
        assert_eq!(late.release_local(d(2027, 3, 1)).0, d(2027, 2, 28));
        // An unvalidated day 31 is clamped to the end of the month.
        let bad = ReleaseRule::Monthly {
            day: 31,
            time: t(0, 0),
        };
        assert_eq!(bad.release_local(d(2028, 3, 10)).0, d(2028, 2, 29));
        let zero = ReleaseRule::Monthly {
            day: 0,
            time: t(0, 0),
        };
        assert_eq!(zero.release_local(d(2028, 3, 10)).0, d(2028, 2, 1));
    }

    #[test]
    fn last_day_of_month_in_february_common_and_leap() {
        let rule = ReleaseRule::LastDayOfMonth { time: t(16, 0) };
        let cases = [
            (d(2027, 3, 1), d(2027, 2, 28)),
            (d(2027, 3, 31), d(2027, 2, 28)),
            (d(2028, 3, 16), d(2028, 2, 29)),
            (d(2027, 2, 1), d(2027, 1, 31)),
            (d(2026, 12, 20), d(2026, 11, 30)),
            (d(2027, 1, 16), d(2026, 12, 31)),
        ];
        for (session, released_on) in cases {
            assert_eq!(
                rule.release_local(session),
                (released_on, t(16, 0)),
                "{session}"
            );
        }
        assert_eq!(rule.validate(), Ok(()));
        // 16:00 on 29 February 2028 in each zone, to the second.
        for (tz, expected) in [
            (TimeZone::Wib, "2028-02-29T09:00:00Z"),
            (TimeZone::Wita, "2028-02-29T08:00:00Z"),
            (TimeZone::Wit, "2028-02-29T07:00:00Z"),
        ] {
            let at = release_at(&rule, d(2028, 3, 20), tz);
            assert_eq!(at, utc(expected), "{tz}");
            assert!(!is_released(
                &rule,
                d(2028, 3, 20),
                tz,
                at - TimeDelta::seconds(1)
            ));
            assert!(is_released(&rule, d(2028, 3, 20), tz, at));
        }
    }

    #[test]
    fn days_ahead() {
        let rule = ReleaseRule::DaysAhead {
            days: 14,
            time: t(7, 30),
        };
        let session = d(2026, 12, 10);
        let at = release_at(&rule, session, TimeZone::Wib);
        assert_eq!(at, utc("2026-11-26T00:30:00Z"));
        assert!(!is_released(
            &rule,
            session,
            TimeZone::Wib,
            at - TimeDelta::seconds(1)
        ));
        assert!(is_released(&rule, session, TimeZone::Wib, at));
        let same_day = ReleaseRule::DaysAhead {
            days: 0,
            time: t(7, 0),
        };
        assert_eq!(same_day.release_local(session).0, session);
    }

    #[test]
    fn validate() {
        let time = t(16, 0);
        assert_eq!(FRIDAY_4PM.validate(), Ok(()));
        assert_eq!(ReleaseRule::default(), FRIDAY_4PM);
        for (day, ok) in [(0, false), (1, true), (28, true), (29, false), (31, false)] {
            let rule = ReleaseRule::Monthly { day, time };
            assert_eq!(rule.validate().is_ok(), ok, "day {day}");
        }
        assert_eq!(
            ReleaseRule::Monthly { day: 29, time }.validate(),
            Err(ReleaseRuleError::MonthlyDayOutOfRange(29))
        );
        assert_eq!(
            ReleaseRule::DaysAhead { days: 366, time }.validate(),
            Ok(())
        );
        assert_eq!(
            ReleaseRule::DaysAhead { days: 367, time }.validate(),
            Err(ReleaseRuleError::DaysAheadOutOfRange(367))
        );
    }

    #[test]
    fn weekday_codes() {
        use serde::de::IntoDeserializer as _;
        use serde::de::value::{Error, StrDeserializer};
        for (s, day) in [
            ("fri", Weekday::Fri),
            ("Mon", Weekday::Mon),
            ("sunday", Weekday::Sun),
        ] {
            let de: StrDeserializer<'_, Error> = s.into_deserializer();
            assert_eq!(weekday_code::deserialize(de), Ok(day));
        }
        let de: StrDeserializer<'_, Error> = "someday".into_deserializer();
        assert!(weekday_code::deserialize(de).is_err());
        assert_eq!(Weekday::Fri.to_string().to_ascii_lowercase(), "fri");
    }
}
