//! How long a passport is valid.

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
    /// Married (a married applicant under 17 gets 10 years). Default false.
    pub married: Option<bool>,
}

/// A passport's validity.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"years": 10, "issued_on": "2026-11-25", "expires_on": "2036-11-24", "rule": "adult"}))]
pub struct ValidityDto {
    /// Whole years of validity (a dual-citizen child's term may be cut short by the 21st
    /// birthday).
    #[schema(minimum = 0, maximum = 10)]
    pub years: u32,
    /// The issue date.
    pub issued_on: NaiveDate,
    /// The last day of validity: the day before the same date `years` later.
    pub expires_on: NaiveDate,
    /// The rule that set it.
    pub rule: ValidityRuleDto,
}

impl From<&Validity> for ValidityDto {
    fn from(validity: &Validity) -> Self {
        ValidityDto {
            years: validity.years,
            issued_on: validity.issued_on,
            expires_on: validity.expires_on,
            rule: validity.rule.into(),
        }
    }
}
