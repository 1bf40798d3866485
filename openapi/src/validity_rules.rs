//! Validity rule sets on the wire: what a system admin reads, adds and switches on. Each is
//! a regulation's terms from the date it applies; of the sets switched on, the latest
//! effective on a passport's issue date gives its term.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A validity rule set and whether it is switched on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "code": "choice_2024", "name": "Five or ten years, as the adult chooses (PP 45/2024)",
    "effective_from": "2024-12-17", "enabled": true, "adult_age": 17,
    "married_as_adult": true, "adult_years": [5, 10], "minor_years": 5,
    "dual_citizen_child_years": 5, "dual_citizen_choice_age": 21,
    "created_at": "2026-12-08T00:00:00Z"
}))]
pub struct ValidityRulesDto {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The date from which it applies (of those switched on, the latest effective on an
    /// issue date wins).
    #[schema(format = "date")]
    pub effective_from: NaiveDate,
    /// Whether passports' terms may come from it.
    pub enabled: bool,
    /// The age from which the adult terms apply.
    pub adult_age: u32,
    /// Whether a married person under `adult_age` has the adult terms.
    pub married_as_adult: bool,
    /// The terms an adult may have, in years, shortest first; the longest is given unless
    /// another is chosen, and a choice exists only while the tariff schedule in force
    /// prices by validity.
    pub adult_years: Vec<u32>,
    /// The term of a minor, in years.
    pub minor_years: u32,
    /// The term of a child with limited dual citizenship, in years, never past the day
    /// before the birthday at `dual_citizen_choice_age`.
    pub dual_citizen_child_years: u32,
    /// The age by which a dual-citizen child must have chosen a citizenship.
    pub dual_citizen_choice_age: u32,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// Every validity rule set, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ValidityRulesList {
    /// The rule sets.
    pub items: Vec<ValidityRulesDto>,
}

/// A new validity rule set: a regulation's terms, from the date it applies.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "one_term_2027", "name": "Ten years for everyone",
    "effective_from": "2027-01-01", "adult_age": 17, "married_as_adult": true,
    "adult_years": [10], "minor_years": 10, "dual_citizen_child_years": 5,
    "dual_citizen_choice_age": 21
}))]
pub struct ValidityRulesCreateRequest {
    /// Its code: lowercase letters, digits and underscores; unique.
    #[schema(pattern = "^[a-z0-9_]{1,64}$", min_length = 1, max_length = 64)]
    pub code: String,
    /// Its name, e.g. the regulation's.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
    /// The date from which it applies.
    #[schema(format = "date")]
    pub effective_from: NaiveDate,
    /// The age from which the adult terms apply.
    #[schema(minimum = 1, maximum = 21)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub adult_age: u32,
    /// Whether a married person under `adult_age` has the adult terms.
    pub married_as_adult: bool,
    /// The terms an adult may have, in years: one to ten terms, each from 1 to 10 years
    /// and named once (refused with 422 otherwise).
    #[schema(min_items = 1, max_items = 10)]
    #[serde(deserialize_with = "crate::integral::vec_u32")]
    pub adult_years: Vec<u32>,
    /// The term of a minor, in years.
    #[schema(minimum = 1, maximum = 10)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub minor_years: u32,
    /// The term of a dual-citizen child, in years.
    #[schema(minimum = 1, maximum = 10)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub dual_citizen_child_years: u32,
    /// The age by which a dual-citizen child must have chosen a citizenship.
    #[schema(minimum = 18, maximum = 30)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub dual_citizen_choice_age: u32,
    /// Whether it is switched on at once; default false (switch it on later with
    /// `PUT /v1/admin/validity-rules/in-force`).
    pub enabled: Option<bool>,
}

/// Which validity rule sets are switched on: exactly these, every other off.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidityRulesInForceRequest {
    /// The codes of the rule sets to switch on; one of them must be in force today.
    #[schema(example = json!(["ten_year_2022", "choice_2024"]), min_items = 1)]
    pub codes: Vec<String>,
}
