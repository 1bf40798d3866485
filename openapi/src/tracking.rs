//! Tracking an application without signing in: its number and the applicant's date of
//! birth in, its status and next step out, and nothing personal.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{ApplicationStatusDto, LanguageDto};

/// What identifies an application to someone who is not signed in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackingRequest {
    /// The application's number: its `id`, as on the booking proof and in the app.
    #[schema(
        min_length = 1,
        max_length = 64,
        example = "01936f0e-6b1a-7c3d-9e2f-4a5b6c7d8e9f"
    )]
    pub application_number: String,
    /// The applicant's date of birth.
    #[schema(example = "1990-04-17")]
    pub date_of_birth: NaiveDate,
}

/// Where an application stands, and what comes next: no name, NIK, office staff or
/// document, only what the number and the birth date already prove knowledge of.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TrackingDto {
    pub application_number: String,
    /// The status code (fixed whatever the language).
    pub status: ApplicationStatusDto,
    /// The language of `status_text` and `next_step`.
    pub language: LanguageDto,
    /// The status in words.
    pub status_text: String,
    /// What the applicant does (or waits for) next.
    pub next_step: String,
    /// When the status last changed.
    pub status_since: DateTime<Utc>,
}
