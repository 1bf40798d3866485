//! How long a passport is valid, counted from its issue date.
//!
//! Ten years from age 17 (or when married younger), five years under 17, and five years for
//! a child with limited dual citizenship but never past the day before the 21st birthday, the
//! age by which the child must have chosen a citizenship. The expiry is the day before the
//! same calendar date N years on.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::age::{age_on, anniversary};

/// The age from which the ten-year term applies.
pub const ADULT_AGE: u32 = 17;
/// The age by which a dual-citizen child must have chosen a citizenship (18 plus 3 years).
pub const DUAL_CITIZEN_CHOICE_AGE: u32 = 21;

/// What the validity depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValidityRequest {
    pub birth_date: NaiveDate,
    pub issue_date: NaiveDate,
    /// A child with limited dual citizenship (anak berkewarganegaraan ganda).
    pub dual_citizen_child: bool,
    pub married: bool,
}

code_enum! {
    /// Which rule gave the term.
    pub enum ValidityRule {
        /// Aged 17 or over on the issue date: 10 years.
        Adult => "adult",
        /// Under 17 but married: 10 years.
        Married => "married",
        /// Under 17: 5 years.
        Minor => "minor",
        /// Dual-citizen child whose 5 years end before the 21st birthday.
        DualCitizenChild => "dual_citizen_child",
        /// Dual-citizen child whose term is cut to end the day before the 21st birthday.
        #[serde(rename = "dual_citizen_child_capped_at_21")]
        DualCitizenChildCappedAt21 => "dual_citizen_child_capped_at_21",
    }
}

impl ValidityRule {
    /// The nominal term of the rule, before any cap: what a tariff priced by validity
    /// charges for (a capped dual-citizen term is still a 5-year book).
    #[must_use]
    pub const fn nominal_years(self) -> u32 {
        match self {
            Self::Adult | Self::Married => 10,
            Self::Minor | Self::DualCitizenChild | Self::DualCitizenChildCappedAt21 => 5,
        }
    }
}

/// The term of a passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Validity {
    /// Whole years from `issued_on` to the day after `expires_on`: 10 or 5 for a full term,
    /// fewer (4, 3, ... down to 0) for a dual-citizen term capped at the 21st birthday. A
    /// capped term that is not a whole number of years is rounded down.
    pub years: u32,
    pub issued_on: NaiveDate,
    /// The last day on which the passport is valid.
    pub expires_on: NaiveDate,
    pub rule: ValidityRule,
}

/// A validity that cannot be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValidityError {
    #[error("the issue date {issue_date} is before the birth date {birth_date}")]
    IssueBeforeBirth {
        birth_date: NaiveDate,
        issue_date: NaiveDate,
    },
    #[error(
        "a dual-citizen child must have chosen a citizenship by the 21st birthday \
         ({twenty_first_birthday}); the issue date {issue_date} is on or after it"
    )]
    DualCitizenOver21 {
        twenty_first_birthday: NaiveDate,
        issue_date: NaiveDate,
    },
}

/// The term of a passport issued on `req.issue_date`.
pub fn validity(req: &ValidityRequest) -> Result<Validity, ValidityError> {
    let Some(age) = age_on(req.birth_date, req.issue_date) else {
        return Err(ValidityError::IssueBeforeBirth {
            birth_date: req.birth_date,
            issue_date: req.issue_date,
        });
    };

    // `end` is the first day on which the passport is no longer valid.
    let (end, rule) = if req.dual_citizen_child {
        let twenty_first = anniversary(req.birth_date, DUAL_CITIZEN_CHOICE_AGE);
        if req.issue_date >= twenty_first {
            return Err(ValidityError::DualCitizenOver21 {
                twenty_first_birthday: twenty_first,
                issue_date: req.issue_date,
            });
        }
        let full = anniversary(req.issue_date, 5);
        if full > twenty_first {
            (twenty_first, ValidityRule::DualCitizenChildCappedAt21)
        } else {
            (full, ValidityRule::DualCitizenChild)
        }
    } else if age >= ADULT_AGE {
        (anniversary(req.issue_date, 10), ValidityRule::Adult)
    } else if req.married {
        (anniversary(req.issue_date, 10), ValidityRule::Married)
    } else {
        (anniversary(req.issue_date, 5), ValidityRule::Minor)
    };

    Ok(Validity {
        // `end > issue_date` in every branch, so both are defined.
        years: age_on(req.issue_date, end).unwrap_or(0),
        issued_on: req.issue_date,
        expires_on: end.pred_opt().unwrap_or(end),
        rule,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn req(birth: NaiveDate, issue: NaiveDate) -> ValidityRequest {
        ValidityRequest {
            birth_date: birth,
            issue_date: issue,
            dual_citizen_child: false,
            married: false,
        }
    }

    fn dual(birth: NaiveDate, issue: NaiveDate) -> ValidityRequest {
        ValidityRequest {
            dual_citizen_child: true,
            ..req(birth, issue)
        }
    }

    #[test]
    fn codes() {
        assert_codes(&ValidityRule::ALL, ValidityRule::as_str);
    }

    #[test]
    fn seventeenth_birthday_boundary() {
        let birth = d(2008, 6, 15);
        // (issue date, years, expiry, rule)
        let cases = [
            (d(2025, 6, 14), 5, d(2030, 6, 13), ValidityRule::Minor),
            (d(2025, 6, 15), 10, d(2035, 6, 14), ValidityRule::Adult),
            (d(2025, 6, 16), 10, d(2035, 6, 15), ValidityRule::Adult),
        ];
        for (issue, years, expires, rule) in cases {
            let v = validity(&req(birth, issue)).unwrap();
            assert_eq!(
                v,
                Validity {
                    years,
                    issued_on: issue,
                    expires_on: expires,
                    rule
                },
                "issued {issue}"
            );
        }
    }

    #[test]
    fn married_under_17_gets_ten_years() {
        let birth = d(2009, 1, 10);
        let issue = d(2025, 1, 9); // aged 15
        let v = validity(&ValidityRequest {
            married: true,
            ..req(birth, issue)
        })
        .unwrap();
        assert_eq!(
            (v.years, v.expires_on, v.rule),
            (10, d(2035, 1, 8), ValidityRule::Married)
        );
        // Married and of age: the age rule names it.
        let v = validity(&ValidityRequest {
            married: true,
            ..req(birth, d(2026, 1, 10))
        })
        .unwrap();
        assert_eq!((v.years, v.rule), (10, ValidityRule::Adult));
    }

    #[test]
    fn dual_citizen_cap_at_21() {
        let birth = d(2005, 3, 10);
        let twenty_first = d(2026, 3, 10);
        // (issue date, years, expiry, rule)
        let cases = [
            // Aged 15: 5 years end on 2025-03-09 < 21st birthday.
            (
                d(2020, 3, 10),
                5,
                d(2025, 3, 9),
                ValidityRule::DualCitizenChild,
            ),
            // Exactly 16: 5 years end the day before the 21st birthday, not capped.
            (
                d(2021, 3, 10),
                5,
                d(2026, 3, 9),
                ValidityRule::DualCitizenChild,
            ),
            // The day after the 16th birthday: capped, 4 whole years and 364 days.
            (
                d(2021, 3, 11),
                4,
                d(2026, 3, 9),
                ValidityRule::DualCitizenChildCappedAt21,
            ),
            // Exactly 17: 4 years.
            (
                d(2022, 3, 10),
                4,
                d(2026, 3, 9),
                ValidityRule::DualCitizenChildCappedAt21,
            ),
            // Exactly 18: 3 years.
            (
                d(2023, 3, 10),
                3,
                d(2026, 3, 9),
                ValidityRule::DualCitizenChildCappedAt21,
            ),
            // The day before the 21st birthday: valid that day only.
            (
                d(2026, 3, 9),
                0,
                d(2026, 3, 9),
                ValidityRule::DualCitizenChildCappedAt21,
            ),
        ];
        for (issue, years, expires, rule) in cases {
            let v = validity(&dual(birth, issue)).unwrap();
            assert_eq!(
                (v.years, v.expires_on, v.rule),
                (years, expires, rule),
                "issued {issue}"
            );
            assert!(v.expires_on < twenty_first);
        }
    }

    #[test]
    fn dual_citizen_on_or_after_21st_birthday_is_an_error() {
        let birth = d(2005, 3, 10);
        for issue in [d(2026, 3, 10), d(2026, 3, 11), d(2030, 1, 1)] {
            let err = validity(&dual(birth, issue)).unwrap_err();
            assert_eq!(
                err,
                ValidityError::DualCitizenOver21 {
                    twenty_first_birthday: d(2026, 3, 10),
                    issue_date: issue
                }
            );
        }
        let err = validity(&dual(birth, d(2026, 3, 10))).unwrap_err();
        assert!(err.to_string().contains("2026-03-10"), "{err}");
    }

    #[test]
    fn issue_before_birth_is_an_error() {
        let err = validity(&req(d(2020, 1, 2), d(2020, 1, 1))).unwrap_err();
        assert_eq!(
            err,
            ValidityError::IssueBeforeBirth {
                birth_date: d(2020, 1, 2),
                issue_date: d(2020, 1, 1)
            }
        );
        // Issued on the birth day itself is fine (a newborn's passport).
        let v = validity(&req(d(2020, 1, 2), d(2020, 1, 2))).unwrap();
        assert_eq!((v.years, v.rule), (5, ValidityRule::Minor));
    }

    #[test]
    fn leap_day_birthdays() {
        let birth = d(2008, 2, 29);
        // 2025 is a common year: the 17th birthday is 1 March.
        let v = validity(&req(birth, d(2025, 2, 28))).unwrap();
        assert_eq!(v.rule, ValidityRule::Minor);
        let v = validity(&req(birth, d(2025, 3, 1))).unwrap();
        assert_eq!(
            (v.rule, v.expires_on),
            (ValidityRule::Adult, d(2035, 2, 28))
        );

        // Dual citizen born on a leap day: 21st birthday in 2029 (common) is 1 March.
        let v = validity(&dual(birth, d(2025, 3, 1))).unwrap();
        assert_eq!(
            (v.years, v.expires_on, v.rule),
            (4, d(2029, 2, 28), ValidityRule::DualCitizenChildCappedAt21)
        );
        assert!(validity(&dual(birth, d(2029, 2, 28))).is_ok());
        assert!(validity(&dual(birth, d(2029, 3, 1))).is_err());
    }

    #[test]
    fn leap_day_issue_dates() {
        let adult = d(1990, 1, 1);
        // Ten years from 29 February 2024: 2034 is common, so the anniversary is 1 March
        // and the passport is valid until 28 February.
        let v = validity(&req(adult, d(2024, 2, 29))).unwrap();
        assert_eq!((v.years, v.expires_on), (10, d(2034, 2, 28)));
        // Five years from 29 February 2024 for a minor: 2029 is common too.
        let v = validity(&req(d(2015, 1, 1), d(2024, 2, 29))).unwrap();
        assert_eq!((v.years, v.expires_on), (5, d(2029, 2, 28)));
        // Issued on 29 February 2028, 10 years: 2038 common.
        let v = validity(&req(adult, d(2028, 2, 29))).unwrap();
        assert_eq!((v.years, v.expires_on), (10, d(2038, 2, 28)));
        // From 28 February 2023 across a leap year: still the 27th.
        let v = validity(&req(adult, d(2023, 2, 28))).unwrap();
        assert_eq!((v.years, v.expires_on), (10, d(2033, 2, 27)));
        // From 1 March 2024 the day before is 29 February when the target year is leap.
        let v = validity(&req(adult, d(2022, 3, 1))).unwrap();
        assert_eq!(v.expires_on, d(2032, 2, 29));
    }

    #[test]
    fn nominal_years() {
        assert_eq!(ValidityRule::Adult.nominal_years(), 10);
        assert_eq!(ValidityRule::Married.nominal_years(), 10);
        assert_eq!(ValidityRule::Minor.nominal_years(), 5);
        assert_eq!(ValidityRule::DualCitizenChild.nominal_years(), 5);
        assert_eq!(ValidityRule::DualCitizenChildCappedAt21.nominal_years(), 5);
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        // 1900-01-01 .. 2199-12-31, in days.
        (0i64..109_572).prop_map(|n| d(1900, 1, 1) + chrono::TimeDelta::days(n))
    }

    proptest! {
        #[test]
        fn validity_properties(
            birth in date(),
            age_days in 0i64..(40 * 366),
            dual_citizen_child in any::<bool>(),
            married in any::<bool>(),
        ) {
            let issue = birth + chrono::TimeDelta::days(age_days);
            let r = ValidityRequest { birth_date: birth, issue_date: issue, dual_citizen_child, married };
            match validity(&r) {
                Ok(v) => {
                    prop_assert_eq!(v.issued_on, issue);
                    prop_assert!(v.expires_on >= v.issued_on);
                    if v.rule != ValidityRule::DualCitizenChildCappedAt21 {
                        prop_assert!(v.expires_on > v.issued_on);
                    }
                    prop_assert!(v.years <= 10);
                    if dual_citizen_child {
                        prop_assert!(v.expires_on < anniversary(birth, 21));
                        prop_assert!(v.years <= 5);
                    } else {
                        prop_assert_eq!(v.expires_on, anniversary(issue, v.years).pred_opt().unwrap());
                        prop_assert_eq!(v.years, v.rule.nominal_years());
                    }
                }
                Err(ValidityError::DualCitizenOver21 { twenty_first_birthday, .. }) => {
                    prop_assert!(dual_citizen_child);
                    prop_assert!(issue >= twenty_first_birthday);
                }
                Err(e @ ValidityError::IssueBeforeBirth { .. }) => {
                    prop_assert!(false, "unexpected {}", e);
                }
            }
        }
    }
}
