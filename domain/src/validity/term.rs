//! How long one person's passport is valid under a rule set: the terms the person may have
//! (an adult chooses where the rules offer more than one), and the expiry of the term
//! given, counted from the issue date. The expiry is the day before the same calendar date
//! N years on; a dual-citizen child's passport never reaches the birthday by which a
//! citizenship must be chosen.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{ValidityRules, rules_in_force};
use crate::age::{age_on, anniversary};

/// Whose passport, issued when, for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValidityRequest {
    pub birth_date: NaiveDate,
    pub issue_date: NaiveDate,
    /// A child with limited dual citizenship (anak berkewarganegaraan ganda).
    pub dual_citizen_child: bool,
    pub married: bool,
    /// The term chosen, in years; `None` gives the longest the person may have.
    pub years: Option<u32>,
}

code_enum! {
    /// Which rule gave the term.
    pub enum ValidityRule {
        /// Of adult age on the issue date: the adult terms.
        Adult => "adult",
        /// Under the adult age but married: the adult terms.
        Married => "married",
        /// Under the adult age: the minor's term.
        Minor => "minor",
        /// Dual-citizen child whose term ends before the birthday of choosing a citizenship.
        DualCitizenChild => "dual_citizen_child",
        /// Dual-citizen child whose term is cut to end the day before that birthday (21 in
        /// every rule set so far; the code keeps the number).
        #[serde(rename = "dual_citizen_child_capped_at_21")]
        DualCitizenChildCappedAt21 => "dual_citizen_child_capped_at_21",
    }
}

/// The terms a person may have on an issue date under one rule set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Terms {
    /// The rule that applies (never the capped dual-citizen rule: the cap depends on the
    /// term).
    pub rule: ValidityRule,
    /// The terms, in years, shortest first; never empty.
    pub years: Vec<u32>,
}

impl Terms {
    /// The term given unless another is chosen: the longest.
    #[must_use]
    pub fn default_years(&self) -> u32 {
        self.years.iter().copied().max().unwrap_or(0)
    }

    /// Whether `years` is one of the terms.
    #[must_use]
    pub fn allows(&self, years: u32) -> bool {
        self.years.contains(&years)
    }
}

/// The term of a passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Validity {
    /// Whole years from `issued_on` to the day after `expires_on`: the term itself, or
    /// fewer for a dual-citizen term capped at the birthday of choosing a citizenship (a
    /// capped term that is not a whole number of years is rounded down, to 0 at least).
    pub years: u32,
    /// The term given (chosen, or the default), before any cap: what a tariff priced by
    /// validity charges for (a capped dual-citizen term is still a 5-year book).
    pub term_years: u32,
    pub issued_on: NaiveDate,
    /// The last day on which the passport is valid.
    pub expires_on: NaiveDate,
    pub rule: ValidityRule,
}

/// A validity that cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidityError {
    #[error("the issue date {issue_date} is before the birth date {birth_date}")]
    IssueBeforeBirth {
        birth_date: NaiveDate,
        issue_date: NaiveDate,
    },
    #[error(
        "a dual-citizen child must have chosen a citizenship by the birthday of \
         {choice_birthday}; the issue date {issue_date} is on or after it"
    )]
    DualCitizenOver21 {
        choice_birthday: NaiveDate,
        issue_date: NaiveDate,
    },
    #[error("{}", term_not_allowed(*.years, *.rule, .allowed))]
    TermNotAllowed {
        years: u32,
        rule: ValidityRule,
        allowed: Vec<u32>,
    },
    #[error("no validity rules are in force on {on}")]
    NoRulesInForce { on: NaiveDate },
}

/// Who may have which term, in words: why a term chosen is refused.
fn term_not_allowed(years: u32, rule: ValidityRule, allowed: &[u32]) -> String {
    let who = match rule {
        ValidityRule::Adult => "an adult",
        ValidityRule::Married => "a married applicant",
        ValidityRule::Minor => "a minor",
        ValidityRule::DualCitizenChild | ValidityRule::DualCitizenChildCappedAt21 => {
            "a dual-citizen child"
        }
    };
    format!(
        "{who} may have a passport of {} years, not {years}",
        years_list(allowed)
    )
}

/// `[5, 10]` as "5 or 10".
#[must_use]
pub fn years_list(years: &[u32]) -> String {
    let words: Vec<String> = years.iter().map(u32::to_string).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "no".to_owned(),
    }
}

/// The terms the person of `req` may have on its issue date under `rules` (the term
/// chosen in `req` is not looked at).
pub fn terms(rules: &ValidityRules, req: &ValidityRequest) -> Result<Terms, ValidityError> {
    let Some(age) = age_on(req.birth_date, req.issue_date) else {
        return Err(ValidityError::IssueBeforeBirth {
            birth_date: req.birth_date,
            issue_date: req.issue_date,
        });
    };
    let (rule, years) = if req.dual_citizen_child {
        let choice_birthday = anniversary(req.birth_date, rules.dual_citizen_choice_age);
        if req.issue_date >= choice_birthday {
            return Err(ValidityError::DualCitizenOver21 {
                choice_birthday,
                issue_date: req.issue_date,
            });
        }
        (
            ValidityRule::DualCitizenChild,
            vec![rules.dual_citizen_child_years],
        )
    } else if age >= rules.adult_age {
        (ValidityRule::Adult, rules.adult_years.clone())
    } else if req.married && rules.married_as_adult {
        (ValidityRule::Married, rules.adult_years.clone())
    } else {
        (ValidityRule::Minor, vec![rules.minor_years])
    };
    Ok(Terms { rule, years })
}

/// The term of a passport issued on `req.issue_date` under `rules`: the one chosen, which
/// the person must be allowed, or the longest they may have.
pub fn validity(rules: &ValidityRules, req: &ValidityRequest) -> Result<Validity, ValidityError> {
    let terms = terms(rules, req)?;
    let term_years = match req.years {
        None => terms.default_years(),
        Some(years) if terms.allows(years) => years,
        Some(years) => {
            return Err(ValidityError::TermNotAllowed {
                years,
                rule: terms.rule,
                allowed: terms.years,
            });
        }
    };
    // `end` is the first day on which the passport is no longer valid.
    let full = anniversary(req.issue_date, term_years);
    let (end, rule) = if terms.rule == ValidityRule::DualCitizenChild {
        let choice_birthday = anniversary(req.birth_date, rules.dual_citizen_choice_age);
        if full > choice_birthday {
            (choice_birthday, ValidityRule::DualCitizenChildCappedAt21)
        } else {
            (full, terms.rule)
        }
    } else {
        (full, terms.rule)
    };
    Ok(Validity {
        // `end > issue_date` in every case, so both are defined.
        years: age_on(req.issue_date, end).unwrap_or(0),
        term_years,
        issued_on: req.issue_date,
        expires_on: end.pred_opt().unwrap_or(end),
        rule,
    })
}

/// [`validity`] under the enabled rule set in force on the issue date, with that set.
pub fn validity_in_force<'a>(
    enabled: &'a [ValidityRules],
    req: &ValidityRequest,
) -> Result<(Validity, &'a ValidityRules), ValidityError> {
    let rules = rules_in_force(enabled, req.issue_date)
        .ok_or(ValidityError::NoRulesInForce { on: req.issue_date })?;
    Ok((validity(rules, req)?, rules))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;
    use crate::validity::rules::{builtin_rule_sets, choice_2024_rules, ten_year_2022_rules};
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
            years: None,
        }
    }

    /// The rules in force today (an adult's default is ten years under both built-ins).
    fn rules() -> ValidityRules {
        choice_2024_rules()
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
            let v = validity(&rules(), &req(birth, issue)).unwrap();
            assert_eq!(
                v,
                Validity {
                    years,
                    term_years: years,
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
        let v = validity(
            &rules(),
            &ValidityRequest {
                married: true,
                ..req(birth, issue)
            },
        )
        .unwrap();
        assert_eq!(
            (v.years, v.expires_on, v.rule),
            (10, d(2035, 1, 8), ValidityRule::Married)
        );
        // Married and of age: the age rule names it.
        let v = validity(
            &rules(),
            &ValidityRequest {
                married: true,
                ..req(birth, d(2026, 1, 10))
            },
        )
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
            let v = validity(&rules(), &dual(birth, issue)).unwrap();
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
            let err = validity(&rules(), &dual(birth, issue)).unwrap_err();
            assert_eq!(
                err,
                ValidityError::DualCitizenOver21 {
                    choice_birthday: d(2026, 3, 10),
                    issue_date: issue
                }
            );
        }
        let err = validity(&rules(), &dual(birth, d(2026, 3, 10))).unwrap_err();
        assert!(err.to_string().contains("2026-03-10"), "{err}");
    }

    #[test]
    fn issue_before_birth_is_an_error() {
        let err = validity(&rules(), &req(d(2020, 1, 2), d(2020, 1, 1))).unwrap_err();
        assert_eq!(
            err,
            ValidityError::IssueBeforeBirth {
                birth_date: d(2020, 1, 2),
                issue_date: d(2020, 1, 1)
            }
        );
        // Issued on the birth day itself is fine (a newborn's passport).
        let v = validity(&rules(), &req(d(2020, 1, 2), d(2020, 1, 2))).unwrap();
        assert_eq!((v.years, v.rule), (5, ValidityRule::Minor));
    }

    #[test]
    fn leap_day_birthdays() {
        let birth = d(2008, 2, 29);
        // 2025 is a common year: the 17th birthday is 1 March.
        let v = validity(&rules(), &req(birth, d(2025, 2, 28))).unwrap();
        assert_eq!(v.rule, ValidityRule::Minor);
        let v = validity(&rules(), &req(birth, d(2025, 3, 1))).unwrap();
        assert_eq!(
            (v.rule, v.expires_on),
            (ValidityRule::Adult, d(2035, 2, 28))
        );

        // Dual citizen born on a leap day: 21st birthday in 2029 (common) is 1 March.
        let v = validity(&rules(), &dual(birth, d(2025, 3, 1))).unwrap();
        assert_eq!(
            (v.years, v.expires_on, v.rule),
            (4, d(2029, 2, 28), ValidityRule::DualCitizenChildCappedAt21)
        );
        assert!(validity(&rules(), &dual(birth, d(2029, 2, 28))).is_ok());
        assert!(validity(&rules(), &dual(birth, d(2029, 3, 1))).is_err());
    }

    #[test]
    fn leap_day_issue_dates() {
        let adult = d(1990, 1, 1);
        // Ten years from 29 February 2024: 2034 is common, so the anniversary is 1 March
        // and the passport is valid until 28 February.
        let v = validity(&rules(), &req(adult, d(2024, 2, 29))).unwrap();
        assert_eq!((v.years, v.expires_on), (10, d(2034, 2, 28)));
        // Five years from 29 February 2024 for a minor: 2029 is common too.
        let v = validity(&rules(), &req(d(2015, 1, 1), d(2024, 2, 29))).unwrap();
        assert_eq!((v.years, v.expires_on), (5, d(2029, 2, 28)));
        // Issued on 29 February 2028, 10 years: 2038 common.
        let v = validity(&rules(), &req(adult, d(2028, 2, 29))).unwrap();
        assert_eq!((v.years, v.expires_on), (10, d(2038, 2, 28)));
        // From 28 February 2023 across a leap year: still the 27th.
        let v = validity(&rules(), &req(adult, d(2023, 2, 28))).unwrap();
        assert_eq!((v.years, v.expires_on), (10, d(2033, 2, 27)));
        // From 1 March 2024 the day before is 29 February when the target year is leap.
        let v = validity(&rules(), &req(adult, d(2022, 3, 1))).unwrap();
        assert_eq!(v.expires_on, d(2032, 2, 29));
    }

    fn choosing(request: ValidityRequest, years: u32) -> ValidityRequest {
        ValidityRequest {
            years: Some(years),
            ..request
        }
    }

    #[test]
    fn an_adult_chooses_five_or_ten_years_from_2024() {
        let adult = req(d(1990, 5, 15), d(2026, 11, 25));
        let five = validity(&rules(), &choosing(adult, 5)).unwrap();
        assert_eq!(
            (five.years, five.term_years, five.expires_on, five.rule),
            (5, 5, d(2031, 11, 24), ValidityRule::Adult)
        );
        let ten = validity(&rules(), &choosing(adult, 10)).unwrap();
        assert_eq!((ten.years, ten.expires_on), (10, d(2036, 11, 24)));
        assert_eq!(
            validity(&rules(), &adult).unwrap(),
            ten,
            "ten unless chosen"
        );
        for odd in [0, 1, 4, 6, 7, 9, 11] {
            let err = validity(&rules(), &choosing(adult, odd)).unwrap_err();
            assert_eq!(
                err,
                ValidityError::TermNotAllowed {
                    years: odd,
                    rule: ValidityRule::Adult,
                    allowed: vec![5, 10]
                }
            );
        }
        assert_eq!(
            validity(&rules(), &choosing(adult, 7))
                .unwrap_err()
                .to_string(),
            "an adult may have a passport of 5 or 10 years, not 7"
        );
        // Married under 17: the adult's choice.
        let married = ValidityRequest {
            married: true,
            ..req(d(2010, 1, 1), d(2026, 11, 25))
        };
        let v = validity(&rules(), &choosing(married, 5)).unwrap();
        assert_eq!((v.term_years, v.rule), (5, ValidityRule::Married));
    }

    #[test]
    fn minors_and_dual_citizen_children_keep_their_term() {
        let minor = req(d(2010, 1, 1), d(2026, 11, 25));
        let err = validity(&rules(), &choosing(minor, 10)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a minor may have a passport of 5 years, not 10"
        );
        assert_eq!(
            validity(&rules(), &choosing(minor, 5)).unwrap().term_years,
            5
        );
        let child = dual(d(2009, 11, 25), d(2026, 11, 25));
        assert!(matches!(
            validity(&rules(), &choosing(child, 10)),
            Err(ValidityError::TermNotAllowed {
                rule: ValidityRule::DualCitizenChild,
                ..
            })
        ));
        // Chosen or not, five years capped at the 21st birthday.
        let v = validity(&rules(), &choosing(child, 5)).unwrap();
        assert_eq!(
            (v.years, v.term_years, v.expires_on, v.rule),
            (
                4,
                5,
                d(2030, 11, 24),
                ValidityRule::DualCitizenChildCappedAt21
            )
        );
        assert_eq!(terms(&rules(), &child).unwrap().years, [5]);
    }

    #[test]
    fn the_2022_rules_give_adults_ten_years_only() {
        let adult = req(d(1990, 5, 15), d(2023, 6, 1));
        let rules = ten_year_2022_rules();
        assert_eq!(terms(&rules, &adult).unwrap().years, [10]);
        assert_eq!(
            validity(&rules, &choosing(adult, 5)).unwrap_err(),
            ValidityError::TermNotAllowed {
                years: 5,
                rule: ValidityRule::Adult,
                allowed: vec![10]
            }
        );
    }

    #[test]
    fn the_rule_set_in_force_on_the_issue_date_decides() {
        let enabled = builtin_rule_sets();
        let on = |issue: NaiveDate, years| {
            validity_in_force(
                &enabled,
                &ValidityRequest {
                    years,
                    ..req(d(1990, 5, 15), issue)
                },
            )
            .map(|(v, rules)| (v.expires_on, rules.code.clone()))
        };
        // The day before the 2024 regulation, five years is not a term an adult may have.
        assert!(matches!(
            on(d(2024, 12, 16), Some(5)),
            Err(ValidityError::TermNotAllowed { .. })
        ));
        assert_eq!(
            on(d(2024, 12, 16), None),
            Ok((d(2034, 12, 15), "ten_year_2022".to_owned()))
        );
        assert_eq!(
            on(d(2024, 12, 17), Some(5)),
            Ok((d(2029, 12, 16), "choice_2024".to_owned()))
        );
        // Before the first rule set, nothing can be said.
        assert_eq!(
            on(d(2022, 10, 11), None),
            Err(ValidityError::NoRulesInForce {
                on: d(2022, 10, 11)
            })
        );
        assert_eq!(
            on(d(2022, 10, 12), None).unwrap().1,
            "ten_year_2022".to_owned()
        );
    }

    #[test]
    fn one_term_for_everyone_is_a_new_rule_set() {
        let everyone = ValidityRules {
            code: "one_term".to_owned(),
            adult_years: vec![10],
            minor_years: 10,
            ..rules()
        };
        let child = req(d(2020, 1, 1), d(2027, 1, 4));
        let v = validity(&everyone, &child).unwrap();
        assert_eq!((v.years, v.rule), (10, ValidityRule::Minor));
        // The dual-citizen cap still holds.
        let dual_child = dual(d(2010, 1, 1), d(2027, 1, 4));
        let v = validity(&everyone, &dual_child).unwrap();
        assert_eq!(v.expires_on, d(2030, 12, 31));
    }

    #[test]
    fn years_in_words() {
        assert_eq!(years_list(&[5, 10]), "5 or 10");
        assert_eq!(years_list(&[10]), "10");
        assert_eq!(years_list(&[1, 5, 10]), "1, 5 or 10");
        assert_eq!(years_list(&[]), "no");
        let ten_year_dual_term = ValidityRules {
            dual_citizen_child_years: 10,
            ..rules()
        };
        let child = dual(d(2010, 1, 1), d(2025, 1, 1));
        assert_eq!(
            validity(&ten_year_dual_term, &child).unwrap().rule,
            ValidityRule::DualCitizenChildCappedAt21
        );
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
            chosen in proptest::option::of(0u32..12),
            later in any::<bool>(),
        ) {
            let rules = if later { choice_2024_rules() } else { ten_year_2022_rules() };
            let issue = birth + chrono::TimeDelta::days(age_days);
            let r = ValidityRequest { birth_date: birth, issue_date: issue, dual_citizen_child, married, years: chosen };
            let allowed = terms(&rules, &r);
            match validity(&rules, &r) {
                Ok(v) => {
                    let allowed = allowed.unwrap();
                    prop_assert!(allowed.allows(v.term_years));
                    prop_assert_eq!(v.term_years, chosen.unwrap_or(allowed.default_years()));
                    prop_assert_eq!(v.issued_on, issue);
                    prop_assert!(v.expires_on >= v.issued_on);
                    if v.rule != ValidityRule::DualCitizenChildCappedAt21 {
                        prop_assert!(v.expires_on > v.issued_on);
                    }
                    prop_assert!(v.years <= v.term_years && v.term_years <= 10);
                    if dual_citizen_child {
                        prop_assert!(v.expires_on < anniversary(birth, 21));
                        prop_assert!(v.years <= 5);
                    } else {
                        prop_assert_eq!(v.expires_on, anniversary(issue, v.years).pred_opt().unwrap());
                        prop_assert_eq!(v.years, v.term_years);
                    }
                }
                Err(ValidityError::DualCitizenOver21 { choice_birthday, .. }) => {
                    prop_assert!(dual_citizen_child);
                    prop_assert!(issue >= choice_birthday);
                }
                Err(ValidityError::TermNotAllowed { years, allowed: named, .. }) => {
                    prop_assert_eq!(Some(years), chosen);
                    prop_assert!(!named.contains(&years));
                    prop_assert_eq!(named, allowed.unwrap().years);
                }
                Err(e) => {
                    prop_assert!(false, "unexpected {}", e);
                }
            }
        }
    }
}
