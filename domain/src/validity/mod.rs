//! How long a passport is valid, counted from its issue date, under the validity rules in
//! force on that date.
//!
//! - [`rules`]: the rule sets, effective-dated data (ten years for adults from October
//!   2022; five or ten as the adult chooses from December 2024), and which is in force.
//! - [`term`]: the terms one person may have under a rule set, and the expiry of the one
//!   given: ten (or a choice) from age 17 or once married, five under 17, five for a child
//!   with limited dual citizenship but never past the day before the 21st birthday.

pub mod rules;
pub mod term;

pub use rules::{
    ADULT_AGE, DUAL_CITIZEN_CHOICE_AGE, MAX_YEARS, RuleSetError, ValidityRules, builtin_rule_sets,
    choice_2024_rules, rules_in_force, ten_year_2022_rules,
};
pub use term::{
    Terms, Validity, ValidityError, ValidityRequest, ValidityRule, terms, validity,
    validity_in_force, years_list,
};
