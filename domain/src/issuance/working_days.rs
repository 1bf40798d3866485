//! An office's working days: Monday to Friday, except the office's holidays.
//!
//! The holidays come in as a predicate, so that the caller decides where they are kept (a
//! set loaded from the office's holiday table, in practice). A passport is ready
//! [`READY_AFTER_WORKING_DAYS`] working days after its issue date: the issue date itself
//! does not count, whatever day it is.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Working days from the issue date to the ready date.
pub const READY_AFTER_WORKING_DAYS: u32 = 4;

/// The longest run of closed days the count looks through before giving up: a year. No
/// office closes that long; a longer run means the holiday data is wrong.
const MAX_CLOSED_RUN: u32 = 366;

/// No working day came within [`MAX_CLOSED_RUN`] days: the holidays cover a whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "no working day in the {MAX_CLOSED_RUN} days after {after}: the holiday list closes the office for a year"
)]
pub struct NoWorkingDay {
    /// The last working day found (or the start).
    pub after: NaiveDate,
}

/// Whether the office works on `date`: a weekday that is not a holiday.
pub fn is_working_day(date: NaiveDate, is_holiday: impl Fn(NaiveDate) -> bool) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(date)
}

/// The date `n` working days after `from` (`from` itself not counted; `n = 0` is `from`).
pub fn add_working_days(
    from: NaiveDate,
    n: u32,
    is_holiday: impl Fn(NaiveDate) -> bool,
) -> Result<NaiveDate, NoWorkingDay> {
    let mut date = from;
    for _ in 0..n {
        let after = date;
        let mut closed = 0;
        loop {
            date = date
                .checked_add_days(Days::new(1))
                .ok_or(NoWorkingDay { after })?;
            if is_working_day(date, &is_holiday) {
                break;
            }
            closed += 1;
            if closed >= MAX_CLOSED_RUN {
                return Err(NoWorkingDay { after });
            }
        }
    }
    Ok(date)
}

/// The day a passport issued on `issue_date` is ready for collection.
pub fn ready_date(
    issue_date: NaiveDate,
    is_holiday: impl Fn(NaiveDate) -> bool,
) -> Result<NaiveDate, NoWorkingDay> {
    add_working_days(issue_date, READY_AFTER_WORKING_DAYS, is_holiday)
}

/// The last date [`add_working_days`]`(from, n, _)` may ask its predicate about: a caller
/// that loads holidays from a table needs them from `from` to here, and no further.
#[must_use]
pub fn last_date_examined(from: NaiveDate, n: u32) -> NaiveDate {
    // Each step looks at fewer than `MAX_CLOSED_RUN` closed days and one working day.
    let span = u64::from(n) * u64::from(MAX_CLOSED_RUN);
    from.checked_add_days(Days::new(span))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn none(_: NaiveDate) -> bool {
        false
    }

    #[test]
    fn weekdays_work_weekends_and_holidays_do_not() {
        let holidays = BTreeSet::from([d(2026, 12, 25)]);
        let holiday = |date| holidays.contains(&date);
        // 2026-11-23 is a Monday.
        let week: Vec<bool> = (23..=29)
            .map(|day| is_working_day(d(2026, 11, day), holiday))
            .collect();
        assert_eq!(week, [true, true, true, true, true, false, false]);
        assert!(
            !is_working_day(d(2026, 12, 25), holiday),
            "a Friday holiday"
        );
        assert!(is_working_day(d(2026, 12, 24), holiday));
    }

    #[test]
    fn ready_dates_at_the_boundaries() {
        // November 2026: Wed 25, Thu 26, Fri 27, Sat 28, Sun 29, Mon 30; Tue 1 December.
        let cases: [(&str, NaiveDate, &[NaiveDate], NaiveDate); 11] = [
            ("Monday: same week", d(2026, 11, 23), &[], d(2026, 11, 27)),
            (
                "Tuesday: over the weekend",
                d(2026, 11, 24),
                &[],
                d(2026, 11, 30),
            ),
            (
                "Wednesday: over the weekend",
                d(2026, 11, 25),
                &[],
                d(2026, 12, 1),
            ),
            (
                "Friday: the weekend first",
                d(2026, 11, 27),
                &[],
                d(2026, 12, 3),
            ),
            (
                "Saturday: Monday is the first",
                d(2026, 11, 28),
                &[],
                d(2026, 12, 3),
            ),
            (
                "Sunday: Monday is the first",
                d(2026, 11, 29),
                &[],
                d(2026, 12, 3),
            ),
            (
                "a holiday on a working day",
                d(2026, 11, 25),
                &[d(2026, 11, 30)],
                d(2026, 12, 2),
            ),
            (
                "a holiday on a weekend changes nothing",
                d(2026, 11, 25),
                &[d(2026, 11, 28)],
                d(2026, 12, 1),
            ),
            (
                "consecutive holidays",
                d(2026, 11, 25),
                &[d(2026, 11, 26), d(2026, 11, 27), d(2026, 11, 30)],
                d(2026, 12, 4),
            ),
            (
                "a holiday on the issue date does not count",
                d(2026, 11, 25),
                &[d(2026, 11, 25)],
                d(2026, 12, 1),
            ),
            (
                "a holiday the day after the ready date changes nothing",
                d(2026, 11, 25),
                &[d(2026, 12, 2)],
                d(2026, 12, 1),
            ),
        ];
        for (what, issued, holidays, expected) in cases {
            let set: BTreeSet<NaiveDate> = holidays.iter().copied().collect();
            assert_eq!(
                ready_date(issued, |date| set.contains(&date)),
                Ok(expected),
                "{what}"
            );
            let last = last_date_examined(issued, READY_AFTER_WORKING_DAYS);
            let asked = std::cell::Cell::new(issued);
            let counted = ready_date(issued, |date| {
                asked.set(asked.get().max(date));
                set.contains(&date)
            });
            assert_eq!(counted, Ok(expected));
            assert!(
                asked.get() <= last,
                "{what}: asked only up to the last date examined"
            );
        }
    }

    #[test]
    fn zero_working_days_is_the_start_and_one_skips_to_the_next() {
        assert_eq!(
            add_working_days(d(2026, 11, 28), 0, none),
            Ok(d(2026, 11, 28))
        );
        assert_eq!(
            add_working_days(d(2026, 11, 27), 1, none),
            Ok(d(2026, 11, 30))
        );
        assert_eq!(
            add_working_days(d(2026, 11, 30), 5, none),
            Ok(d(2026, 12, 7))
        );
    }

    #[test]
    fn a_year_of_holidays_is_an_error_not_a_hang() {
        let always = |_| true;
        assert_eq!(
            ready_date(d(2026, 11, 25), always),
            Err(NoWorkingDay {
                after: d(2026, 11, 25)
            })
        );
        assert!(add_working_days(NaiveDate::MAX, 1, none).is_err());
    }

    #[test]
    fn a_long_closure_is_looked_through() {
        // Lebaran: collective leave right after the issue date.
        let leave: BTreeSet<NaiveDate> = (26..=30).map(|day| d(2026, 11, day)).collect();
        let ready = ready_date(d(2026, 11, 25), |date| leave.contains(&date)).unwrap();
        assert_eq!(ready, d(2026, 12, 4));
        // The longest run the count accepts, and one more day.
        let start = d(2026, 1, 1);
        let closed_until = |last: NaiveDate| move |date: NaiveDate| date <= last;
        let long = start + Days::new(300);
        let ok = add_working_days(start, 1, closed_until(long)).unwrap();
        assert!(ok > long && ok <= last_date_examined(start, 1));
        let too_long = start + Days::new(u64::from(MAX_CLOSED_RUN) + 7);
        assert!(add_working_days(start, 1, closed_until(too_long)).is_err());
    }
}
