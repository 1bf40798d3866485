//! How long a passport is valid, under the validity rule set in force on its issue date.

use chrono::NaiveDate;
use paspor_domain::Validity;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::enums::ValidityRuleDto;

/// Whose passport, issued when.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValidityQuery {
    /// The holder's date of birth (`YYYY-MM-DD`).
    #[param(example = "2009-02-28")]
    pub birth_date: NaiveDate,
    /// The issue date; default today.
    pub issue_date: Option<NaiveDate>,
    /// A child with limited dual citizenship (anak berkewarganegaraan ganda). Default false.
    pub dual_citizen_child: Option<bool>,
    /// Married (a married applicant under 17 has the adult terms). Default false.
    pub married: Option<bool>,
    /// The term chosen, in years; default the longest the holder may have. A term the
    /// rules in force on the issue date do not give the holder is refused (422).
    #[serde(default, deserialize_with = "crate::integral::query_option_u32")]
    #[param(minimum = 1, maximum = 10)]
    pub validity_years: Option<u32>,
}

/// A passport's validity.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"years": 10, "term_years": 10, "issued_on": "2026-11-25", "expires_on": "2036-11-24", "rule": "adult", "rules": "choice_2024", "choices": [5, 10]}))]
pub struct ValidityDto {
    /// Whole years of validity (a dual-citizen child's term may be cut short by the 21st
    /// birthday).
    #[schema(minimum = 0, maximum = 10)]
    pub years: u32,
    /// The term given (chosen, or the longest the holder may have), before any cut.
    #[schema(minimum = 1, maximum = 10)]
    pub term_years: u32,
    /// The issue date.
    pub issued_on: NaiveDate,
    /// The last day of validity: the day before the same date `years` later.
    pub expires_on: NaiveDate,
    /// The rule that set it.
    pub rule: ValidityRuleDto,
    /// The code of the validity rule set in force on the issue date.
    #[schema(example = "choice_2024")]
    pub rules: String,
    /// The terms the holder may have under those rules, shortest first (what the rules
    /// give; the quote says which of them the tariff in force lets an applicant choose).
    #[schema(example = json!([5, 10]))]
    pub choices: Vec<u32>,
}

impl ValidityDto {
    /// A validity given under the rule set `rules`, whose terms for the holder were
    /// `choices`.
    pub fn new(validity: &Validity, rules: &str, choices: &[u32]) -> ValidityDto {
        ValidityDto {
            years: validity.years,
            term_years: validity.term_years,
            issued_on: validity.issued_on,
            expires_on: validity.expires_on,
            rule: validity.rule.into(),
            rules: rules.to_owned(),
            choices: choices.to_vec(),
        }
    }
}
