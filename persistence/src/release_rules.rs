//! An office's release rules as stored in its row: a JSON list, one object a rule, in the
//! office admin's order:
//!
//! ```json
//! [{"kind": "monthly", "param": 15, "minute": 960, "first_day": 1, "last_day": 15},
//!  {"kind": "last_day_of_month", "param": 0, "minute": 960, "first_day": 16, "last_day": 31}]
//! ```
//!
//! `param` is the ISO weekday (weekly), the day of the month (monthly), the days ahead, or
//! 0; `minute` the local time as minutes after midnight. Kept in the office's row, so that
//! reading an office stays one statement; the migration that brought several rules wrote
//! each office's single rule this way, for every day of the month.

use chrono::Weekday;
use paspor_domain::{DayRange, ReleaseRule, ReleaseRules, ScopedReleaseRule};
use serde_json::{Value, json};

use crate::error::{StoreError, StoreResult};
use crate::offices::uint;
use crate::time::{minute_to_time, time_to_minute};

/// The rules as the column's text.
pub(crate) fn to_text(rules: &ReleaseRules) -> String {
    let list: Vec<Value> = rules
        .rules()
        .iter()
        .map(|scoped| {
            let (kind, param, time) = match scoped.rule {
                ReleaseRule::Weekly { weekday, time } => {
                    ("weekly", weekday.number_from_monday(), time)
                }
                ReleaseRule::Monthly { day, time } => ("monthly", day, time),
                ReleaseRule::LastDayOfMonth { time } => ("last_day_of_month", 0, time),
                ReleaseRule::DaysAhead { days, time } => ("days_ahead", days, time),
            };
            json!({
                "kind": kind,
                "param": param,
                "minute": time_to_minute(time),
                "first_day": scoped.days.first,
                "last_day": scoped.days.last,
            })
        })
        .collect();
    Value::Array(list).to_string()
}

/// The rules from the column's text, checked as an admin's would be.
pub(crate) fn from_text(text: &str) -> StoreResult<ReleaseRules> {
    let corrupt = |what: &str| StoreError::corrupt(format!("release rules {what}: {text:?}"));
    let list: Vec<Value> = serde_json::from_str(text).map_err(|_| corrupt("not a JSON list"))?;
    let rules = list
        .iter()
        .map(|entry| {
            let number = |field: &str| {
                entry
                    .get(field)
                    .and_then(Value::as_i64)
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| corrupt(field))
            };
            let kind = entry
                .get("kind")
                .and_then(Value::as_str)
                .ok_or_else(|| corrupt("kind"))?;
            let param = uint(number("param")?, "release parameter")?;
            let time = minute_to_time(number("minute")?)?;
            let rule = match kind {
                "weekly" => ReleaseRule::Weekly {
                    weekday: weekday(param)?,
                    time,
                },
                "monthly" => ReleaseRule::Monthly { day: param, time },
                "last_day_of_month" => ReleaseRule::LastDayOfMonth { time },
                "days_ahead" => ReleaseRule::DaysAhead { days: param, time },
                _ => return Err(corrupt("kind")),
            };
            Ok(ScopedReleaseRule {
                rule,
                days: DayRange {
                    first: uint(number("first_day")?, "first day")?,
                    last: uint(number("last_day")?, "last day")?,
                },
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    ReleaseRules::new(rules).map_err(|errors| corrupt(&format!("{errors:?}")))
}

fn weekday(number_from_monday: u32) -> StoreResult<Weekday> {
    number_from_monday
        .checked_sub(1)
        .and_then(|n| u8::try_from(n).ok())
        .and_then(|n| Weekday::try_from(n).ok())
        .ok_or_else(|| StoreError::corrupt(format!("weekday {number_from_monday}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn every_kind_round_trips() {
        let rules = ReleaseRules::new(vec![
            ScopedReleaseRule {
                rule: ReleaseRule::Weekly {
                    weekday: Weekday::Fri,
                    time: t(16, 0),
                },
                days: DayRange { first: 1, last: 7 },
            },
            ScopedReleaseRule {
                rule: ReleaseRule::Monthly {
                    day: 15,
                    time: t(16, 0),
                },
                days: DayRange { first: 8, last: 15 },
            },
            ScopedReleaseRule {
                rule: ReleaseRule::LastDayOfMonth { time: t(23, 59) },
                days: DayRange {
                    first: 16,
                    last: 30,
                },
            },
            ScopedReleaseRule {
                rule: ReleaseRule::DaysAhead {
                    days: 0,
                    time: t(0, 0),
                },
                days: DayRange {
                    first: 31,
                    last: 31,
                },
            },
        ])
        .unwrap();
        let text = to_text(&rules);
        assert_eq!(from_text(&text).unwrap(), rules);
    }

    /// What the migration writes for an office's single rule.
    #[test]
    fn the_migrated_form_reads_as_one_rule_for_the_whole_month() {
        let text = r#"[{"kind":"weekly","param":5,"minute":960,"first_day":1,"last_day":31}]"#;
        assert_eq!(
            from_text(text).unwrap(),
            ReleaseRules::single(ReleaseRule::Weekly {
                weekday: Weekday::Fri,
                time: t(16, 0)
            })
        );
    }

    #[test]
    fn corrupt_text_is_an_error() {
        for text in [
            "",
            "{}",
            "[]",
            r#"[{"kind":"hourly","param":1,"minute":0,"first_day":1,"last_day":31}]"#,
            r#"[{"kind":"weekly","param":8,"minute":0,"first_day":1,"last_day":31}]"#,
            r#"[{"kind":"weekly","param":5,"minute":0,"first_day":1,"last_day":30}]"#,
            r#"[{"kind":"monthly","param":5,"first_day":1,"last_day":31}]"#,
        ] {
            assert!(from_text(text).is_err(), "{text}");
        }
    }
}
