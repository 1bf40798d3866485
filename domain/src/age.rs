//! Ages and anniversaries on the calendar.
//!
//! Validity, priority and screening all turn on "how old is this person on that day". Ages
//! are whole years on the calendar, and a 29 February birthday falls on 1 March in common
//! years (PRODUCT.md), so every rule goes through [`anniversary`].

use chrono::{Datelike, NaiveDate};

/// The same calendar date `years` later.
///
/// 29 February maps to 1 March when the target year is a common year. Should the result lie
/// beyond chrono's range (about 262,000 years), it saturates at [`NaiveDate::MAX`]: no real
/// passport rule gets there, and a saturated date still compares as "later than anything".
#[must_use]
pub fn anniversary(date: NaiveDate, years: u32) -> NaiveDate {
    let Some(year) = i32::try_from(years)
        .ok()
        .and_then(|y| date.year().checked_add(y))
    else {
        return NaiveDate::MAX;
    };
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        // Only 29 February in a common year lands here: the day after 28 February.
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole years from `birth_date` to `on`, the birthday counted from [`anniversary`].
///
/// `None` when `on` is before the birth date: there is no age to speak of.
#[must_use]
pub fn age_on(birth_date: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth_date {
        return None;
    }
    // `on >= birth_date` so the difference of years is never negative.
    let years = u32::try_from(on.year() - birth_date.year()).ok()?;
    if anniversary(birth_date, years) > on {
        Some(years - 1)
    } else {
        Some(years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn anniversary_table() {
        let cases = [
            (d(2000, 1, 15), 10, d(2010, 1, 15)),
            (d(2000, 12, 31), 1, d(2001, 12, 31)),
            (d(2000, 2, 29), 4, d(2004, 2, 29)),
            (d(2000, 2, 29), 1, d(2001, 3, 1)),
            (d(2000, 2, 29), 100, d(2100, 3, 1)), // 2100 is not a leap year
            (d(2000, 2, 29), 400, d(2400, 2, 29)),
            (d(2001, 2, 28), 3, d(2004, 2, 28)),
            (d(2001, 3, 1), 3, d(2004, 3, 1)),
            (d(2024, 5, 5), 0, d(2024, 5, 5)),
        ];
        for (date, years, expected) in cases {
            assert_eq!(anniversary(date, years), expected, "{date} + {years}y");
        }
    }

    #[test]
    fn anniversary_saturates_out_of_range() {
        assert_eq!(anniversary(d(2000, 1, 1), u32::MAX), NaiveDate::MAX);
        assert_eq!(anniversary(d(2000, 1, 1), 1_000_000), NaiveDate::MAX);
    }

    #[test]
    fn age_on_table() {
        let birth = d(2008, 6, 15);
        let cases = [
            (d(2008, 6, 14), None),
            (d(2008, 6, 15), Some(0)),
            (d(2009, 6, 14), Some(0)),
            (d(2009, 6, 15), Some(1)),
            (d(2025, 6, 14), Some(16)),
            (d(2025, 6, 15), Some(17)),
            (d(2025, 6, 16), Some(17)),
        ];
        for (on, expected) in cases {
            assert_eq!(age_on(birth, on), expected, "on {on}");
        }
    }

    #[test]
    fn age_on_leap_day_birthday() {
        let birth = d(2008, 2, 29);
        let cases = [
            (d(2025, 2, 28), Some(16)), // common year: birthday is 1 March
            (d(2025, 3, 1), Some(17)),
            (d(2028, 2, 28), Some(19)), // leap year: birthday is 29 February
            (d(2028, 2, 29), Some(20)),
            (d(2009, 2, 28), Some(0)),
            (d(2009, 3, 1), Some(1)),
        ];
        for (on, expected) in cases {
            assert_eq!(age_on(birth, on), expected, "on {on}");
        }
    }

    #[test]
    fn age_on_first_of_march_birthday_is_not_moved() {
        let birth = d(2008, 3, 1);
        assert_eq!(age_on(birth, d(2025, 2, 28)), Some(16));
        assert_eq!(age_on(birth, d(2025, 3, 1)), Some(17));
        assert_eq!(age_on(birth, d(2028, 2, 29)), Some(19));
    }
}
