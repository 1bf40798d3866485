//! The people an account applies for: the holder and family members.
//!
//! One account may hold a few of them (PRODUCT.md: up to 5 people in all), and a child has
//! a parent or guardian named by NIK, since a minor cannot apply alone.

use chrono::NaiveDate;

use crate::age::age_on;
use crate::validity::ADULT_AGE;

/// The most applicants one account may hold, the holder included.
pub const MAX_APPLICANTS_PER_ACCOUNT: u32 = 5;

code_enum! {
    /// Marital status as on the identity card (status perkawinan).
    pub enum MaritalStatus {
        /// Belum kawin.
        Single => "single",
        /// Kawin.
        Married => "married",
        /// Cerai hidup.
        Divorced => "divorced",
        /// Cerai mati.
        Widowed => "widowed",
    }
}

/// Whether someone born on `birth_date` needs a guardian's NIK on `today`: under 17, the
/// age from which a person holds an identity card of their own. A birth date after `today`
/// is no one's yet, and counts as a child.
#[must_use]
pub fn needs_guardian(birth_date: NaiveDate, today: NaiveDate) -> bool {
    age_on(birth_date, today).is_none_or(|age| age < ADULT_AGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes() {
        crate::code::assert_codes(&MaritalStatus::ALL, MaritalStatus::as_str);
        assert_eq!(
            MaritalStatus::ALL.map(MaritalStatus::as_str),
            ["single", "married", "divorced", "widowed"]
        );
    }

    #[test]
    fn a_guardian_is_needed_until_the_17th_birthday() {
        let today = d(2026, 11, 25);
        let cases = [
            (d(2009, 11, 26), true), // 17 tomorrow
            (d(2009, 11, 25), false),
            (d(2009, 11, 24), false),
            (d(2026, 11, 25), true),
            (d(2026, 11, 26), true), // not born yet
            (d(1990, 5, 15), false),
        ];
        for (birth, expected) in cases {
            assert_eq!(needs_guardian(birth, today), expected, "born {birth}");
        }
    }

    #[test]
    fn a_29_february_child_turns_17_on_1_march() {
        let birth = d(2008, 2, 29);
        assert!(needs_guardian(birth, d(2025, 2, 28)));
        assert!(!needs_guardian(birth, d(2025, 3, 1)));
    }
}
