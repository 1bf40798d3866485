//! The trafficking screening policy as a system admin reads and changes it, and the
//! screenings officers record with the version of the policy that judged them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::office_processing::IndicatorDto;

/// An ISO 3166-1 alpha-2 country code: two upper-case letters, one ISO assigns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(pattern = "^[A-Z]{2}$", example = "MY")]
pub struct CountryCodeDto(pub String);

/// What officers are told to look at closely, as one version of the policy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScreeningPolicyDto {
    /// The version: 1 is the service's built-in default; each change adds one. Each
    /// screening names the version that judged it.
    #[schema(minimum = 1, example = 2)]
    pub version: u32,
    /// The watched ages begin here (inclusive), on the departure date, else on the day of
    /// the screening.
    #[schema(minimum = 0, maximum = 120, example = 17)]
    pub watched_age_from: u32,
    /// The watched ages end here (inclusive).
    #[schema(minimum = 0, maximum = 120, example = 45)]
    pub watched_age_to: u32,
    /// Destinations watched, in the order set.
    pub watched_destinations: Vec<CountryCodeDto>,
    /// A declared tourist stay longer than this many days is an indicator.
    #[schema(minimum = 0, maximum = 3650, example = 30)]
    pub long_tourist_stay_days: u32,
    /// When this version was put in force; null for the built-in default.
    pub created_at: Option<DateTime<Utc>>,
    /// The system admin who put it in force; null for the built-in default.
    pub created_by: Option<String>,
}

/// A new screening policy: it becomes the next version, in force for every screening from
/// then on. Every field is required. (Numbers are read whole, so that one out of its
/// bounds, a negative one too, is refused naming its field.)
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningPolicyRequest {
    /// The watched ages begin here (inclusive).
    #[schema(minimum = 0, maximum = 120, example = 17)]
    #[serde(deserialize_with = "crate::integral::i64")]
    pub watched_age_from: i64,
    /// The watched ages end here (inclusive), not before `watched_age_from`.
    #[schema(minimum = 0, maximum = 120, example = 45)]
    #[serde(deserialize_with = "crate::integral::i64")]
    pub watched_age_to: i64,
    /// Destinations to watch, each a code ISO 3166-1 assigns, each once; may be empty.
    #[schema(max_items = 249)]
    pub watched_destinations: Vec<CountryCodeDto>,
    /// A declared tourist stay longer than this many days is an indicator.
    #[schema(minimum = 0, maximum = 3650, example = 30)]
    #[serde(deserialize_with = "crate::integral::i64")]
    pub long_tourist_stay_days: i64,
}

/// A page of the policy's versions, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScreeningPolicyPage {
    /// The versions of this page.
    pub items: Vec<ScreeningPolicyDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many versions there are.
    pub total: u64,
}

/// A screening as recorded: what the policy of `policy_version` found in the declared trip,
/// kept as it was whatever the policy has become since.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScreeningDto {
    /// The screening's id.
    pub id: String,
    /// The application screened.
    pub application_id: String,
    /// The version of the screening policy that judged it.
    #[schema(minimum = 1, example = 1)]
    pub policy_version: u32,
    /// When.
    pub screened_at: DateTime<Utc>,
    /// The staff account that recorded it (an officer, an office admin, or the officer
    /// whose decision recorded it).
    pub screened_by: String,
    /// What it found, in a fixed order of codes.
    pub indicators: Vec<IndicatorDto>,
}

/// A page of an application's screenings, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScreeningPage {
    /// The screenings of this page.
    pub items: Vec<ScreeningDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many screenings the application has.
    pub total: u64,
}
