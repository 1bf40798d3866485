//! Validity rule sets: named, effective-dated data, like tariff schedules. A regulation
//! that changes how long passports are valid (ten years for adults from October 2022, a
//! choice of five or ten from December 2024, one term for everyone some day) is a new rule
//! set an operator adds and switches on, not a code change. A passport's term comes from
//! the rule set in force on its issue date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// No Indonesian passport is valid for more than ten years (Permenkumham 18/2022, Pasal 2A
/// ayat 1: "paling lama 10 tahun").
pub const MAX_YEARS: u32 = 10;

/// The age from which the adult terms apply in every rule set so far, and from which a
/// person holds an identity card of their own.
pub const ADULT_AGE: u32 = 17;

/// The age by which a dual-citizen child must have chosen a citizenship (18 plus 3 years).
pub const DUAL_CITIZEN_CHOICE_AGE: u32 = 21;

/// How long passports are valid under one regulation, from the date it applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValidityRules {
    /// Stable identifier, e.g. `choice_2024`.
    pub code: String,
    pub name: String,
    pub effective_from: NaiveDate,
    /// The age from which the adult terms apply (17).
    pub adult_age: u32,
    /// Whether a married person younger than `adult_age` has the adult terms.
    pub married_as_adult: bool,
    /// The terms an adult may have, in years, shortest first. The longest is given unless
    /// another is chosen; one term means there is no choice.
    pub adult_years: Vec<u32>,
    /// The term of a minor (younger than `adult_age`, unmarried).
    pub minor_years: u32,
    /// The term of a child with limited dual citizenship, before the cap below.
    pub dual_citizen_child_years: u32,
    /// The age by which a dual-citizen child must have chosen a citizenship (18 plus 3
    /// years): the passport is never valid on or past that birthday.
    pub dual_citizen_choice_age: u32,
}

/// A rule set an operator should not be allowed to save.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleSetError {
    #[error("must be 1 to 64 lowercase letters, digits or underscores")]
    Code,
    #[error("must not be blank")]
    Name,
    #[error("must be from 1 to 21")]
    AdultAge,
    #[error("must name at least one term")]
    NoAdultTerm,
    #[error("each term is from 1 to {MAX_YEARS} years, named once ({0} is not)")]
    AdultTerm(u32),
    #[error("must be from 1 to {MAX_YEARS} years")]
    MinorTerm,
    #[error("must be from 1 to {MAX_YEARS} years")]
    DualCitizenChildTerm,
    #[error("must be from 18 to 30")]
    ChoiceAge,
}

impl RuleSetError {
    /// The field of a rule set the error is about.
    #[must_use]
    pub const fn field(&self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Name => "name",
            Self::AdultAge => "adult_age",
            Self::NoAdultTerm | Self::AdultTerm(_) => "adult_years",
            Self::MinorTerm => "minor_years",
            Self::DualCitizenChildTerm => "dual_citizen_child_years",
            Self::ChoiceAge => "dual_citizen_choice_age",
        }
    }
}

fn term_ok(years: u32) -> bool {
    (1..=MAX_YEARS).contains(&years)
}

impl ValidityRules {
    /// The term an adult is given unless they choose another: the longest.
    #[must_use]
    pub fn adult_default_years(&self) -> u32 {
        self.adult_years.iter().copied().max().unwrap_or(MAX_YEARS)
    }

    /// Every problem with the rule set, each with the field it is about; empty when it
    /// may be saved. The adult terms come back sorted, as stored.
    pub fn validate(&mut self) -> Vec<RuleSetError> {
        let mut problems = Vec::new();
        let code_ok = (1..=64).contains(&self.code.len())
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !code_ok {
            problems.push(RuleSetError::Code);
        }
        if self.name.trim().is_empty() {
            problems.push(RuleSetError::Name);
        }
        if !(1..=21).contains(&self.adult_age) {
            problems.push(RuleSetError::AdultAge);
        }
        self.adult_years.sort_unstable();
        if self.adult_years.is_empty() {
            problems.push(RuleSetError::NoAdultTerm);
        }
        let twice = self.adult_years.windows(2).find(|w| w[0] == w[1]);
        if let Some(bad) = self
            .adult_years
            .iter()
            .copied()
            .find(|years| !term_ok(*years))
            .or_else(|| twice.map(|w| w[0]))
        {
            problems.push(RuleSetError::AdultTerm(bad));
        }
        if !term_ok(self.minor_years) {
            problems.push(RuleSetError::MinorTerm);
        }
        if !term_ok(self.dual_citizen_child_years) {
            problems.push(RuleSetError::DualCitizenChildTerm);
        }
        if !(18..=30).contains(&self.dual_citizen_choice_age) {
            problems.push(RuleSetError::ChoiceAge);
        }
        problems
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Permenkumham 18/2022, applied from 12 October 2022: ten years from 17 or once married,
/// five years under 17, a dual-citizen child's passport ending before the 21st birthday.
#[must_use]
pub fn ten_year_2022_rules() -> ValidityRules {
    ValidityRules {
        code: "ten_year_2022".to_owned(),
        name: "Ten years for adults (Permenkumham 18/2022)".to_owned(),
        effective_from: date(2022, 10, 12),
        adult_age: ADULT_AGE,
        married_as_adult: true,
        adult_years: vec![10],
        minor_years: 5,
        dual_citizen_child_years: 5,
        dual_citizen_choice_age: DUAL_CITIZEN_CHOICE_AGE,
    }
}

/// PP 45/2024, from 17 December 2024: an adult chooses five or ten years (each priced by
/// the tariff schedule of that date); minors and dual-citizen children as before.
#[must_use]
pub fn choice_2024_rules() -> ValidityRules {
    ValidityRules {
        code: "choice_2024".to_owned(),
        name: "Five or ten years, as the adult chooses (PP 45/2024)".to_owned(),
        effective_from: date(2024, 12, 17),
        adult_years: vec![5, 10],
        ..ten_year_2022_rules()
    }
}

/// The built-in rule sets, oldest first; both are switched on out of the box.
#[must_use]
pub fn builtin_rule_sets() -> Vec<ValidityRules> {
    vec![ten_year_2022_rules(), choice_2024_rules()]
}

/// The enabled rule set in force on a date: the one with the latest `effective_from` on or
/// before it. Of two with the same date, the later in the slice wins.
#[must_use]
pub fn rules_in_force(enabled: &[ValidityRules], on: NaiveDate) -> Option<&ValidityRules> {
    enabled
        .iter()
        .filter(|rules| rules.effective_from <= on)
        .max_by_key(|rules| rules.effective_from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn builtins() {
        let all = builtin_rule_sets();
        assert_eq!(
            all.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
            ["ten_year_2022", "choice_2024"]
        );
        for mut rules in all {
            assert_eq!(rules.validate(), [], "{}", rules.code);
            assert_eq!(rules.adult_default_years(), 10);
            assert_eq!(
                (
                    rules.adult_age,
                    rules.minor_years,
                    rules.dual_citizen_child_years
                ),
                (17, 5, 5)
            );
            assert_eq!(rules.dual_citizen_choice_age, 21);
            assert!(rules.married_as_adult);
        }
        assert_eq!(ten_year_2022_rules().adult_years, [10]);
        assert_eq!(choice_2024_rules().adult_years, [5, 10]);
    }

    #[test]
    fn in_force_at_the_boundaries() {
        let both = builtin_rule_sets();
        let code = |on| rules_in_force(&both, on).map(|r| r.code.as_str());
        assert_eq!(code(d(2022, 10, 11)), None);
        assert_eq!(code(d(2022, 10, 12)), Some("ten_year_2022"));
        assert_eq!(code(d(2024, 12, 16)), Some("ten_year_2022"));
        assert_eq!(code(d(2024, 12, 17)), Some("choice_2024"));
        assert_eq!(code(d(2030, 1, 1)), Some("choice_2024"));
        let reversed: Vec<_> = both.iter().rev().cloned().collect();
        assert_eq!(
            rules_in_force(&reversed, d(2025, 1, 1)).map(|r| r.code.as_str()),
            Some("choice_2024")
        );
        // Switched off, the earlier set stays in force after the later one's date.
        let only = [ten_year_2022_rules()];
        assert_eq!(
            rules_in_force(&only, d(2025, 1, 1)).map(|r| r.code.as_str()),
            Some("ten_year_2022")
        );
        assert_eq!(rules_in_force(&[], d(2025, 1, 1)), None);
    }

    #[test]
    fn validate_names_each_problem() {
        let mut good = ValidityRules {
            code: "one_term_2027".to_owned(),
            adult_years: vec![10, 5],
            ..choice_2024_rules()
        };
        assert_eq!(good.validate(), []);
        assert_eq!(good.adult_years, [5, 10], "sorted as stored");

        type Spoil = fn(&mut ValidityRules);
        let cases: Vec<(Spoil, RuleSetError)> = vec![
            (|r| r.code = String::new(), RuleSetError::Code),
            (|r| r.code = "Choice".to_owned(), RuleSetError::Code),
            (|r| r.code = "a-b".to_owned(), RuleSetError::Code),
            (|r| r.code = "x".repeat(65), RuleSetError::Code),
            (|r| r.name = " \t".to_owned(), RuleSetError::Name),
            (|r| r.adult_age = 0, RuleSetError::AdultAge),
            (|r| r.adult_age = 22, RuleSetError::AdultAge),
            (|r| r.adult_years = vec![], RuleSetError::NoAdultTerm),
            (|r| r.adult_years = vec![0, 5], RuleSetError::AdultTerm(0)),
            (|r| r.adult_years = vec![5, 11], RuleSetError::AdultTerm(11)),
            (|r| r.adult_years = vec![5, 5], RuleSetError::AdultTerm(5)),
            (|r| r.minor_years = 0, RuleSetError::MinorTerm),
            (
                |r| r.dual_citizen_child_years = 11,
                RuleSetError::DualCitizenChildTerm,
            ),
            (|r| r.dual_citizen_choice_age = 17, RuleSetError::ChoiceAge),
            (|r| r.dual_citizen_choice_age = 31, RuleSetError::ChoiceAge),
        ];
        for (spoil, expected) in cases {
            let mut rules = choice_2024_rules();
            spoil(&mut rules);
            assert_eq!(
                rules.validate(),
                std::slice::from_ref(&expected),
                "{expected}"
            );
        }
        // Bounds themselves are fine.
        let mut edges = ValidityRules {
            adult_age: 21,
            adult_years: vec![1, 10],
            minor_years: 10,
            dual_citizen_child_years: 1,
            dual_citizen_choice_age: 30,
            ..choice_2024_rules()
        };
        assert_eq!(edges.validate(), []);
        assert_eq!(RuleSetError::AdultTerm(11).field(), "adult_years");
        assert_eq!(RuleSetError::ChoiceAge.field(), "dual_citizen_choice_age");
        assert_eq!(
            RuleSetError::DualCitizenChildTerm.field(),
            "dual_citizen_child_years"
        );
    }

    #[test]
    fn default_is_the_longest_adult_term() {
        let rules = ValidityRules {
            adult_years: vec![5],
            ..choice_2024_rules()
        };
        assert_eq!(rules.adult_default_years(), 5);
    }
}
