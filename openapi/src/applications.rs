//! Applications on the wire: the draft an applicant fills in (resumable), and the
//! application as it then stands, with its fee quote and status history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::booking::BookingDto;
use crate::enums::{
    ApplicationKindCodeDto, ApplicationStatusDto, PassportKindDto, ReplacementReasonDto,
    ServiceDto, TravelPurposeDto,
};
use crate::quote::QuoteDto;

/// The trip and questionnaire of a draft.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelDto {
    /// Why the applicant travels.
    pub purpose: TravelPurposeDto,
    /// Where to: an ISO 3166-1 alpha-2 country code.
    #[schema(pattern = "^[A-Z]{2}$", example = "JP")]
    pub destination_country: String,
    /// The planned departure date, if known.
    #[schema(format = "date", example = "2027-03-01")]
    pub planned_departure: Option<NaiveDate>,
    /// The address abroad (hotel, host, campus).
    #[schema(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub address_abroad: Option<String>,
    /// How long the stay is to last, in days.
    #[serde(default, deserialize_with = "crate::integral::option_u32")]
    #[schema(minimum = 1, maximum = 3650)]
    pub length_of_stay_days: Option<u32>,
    /// A contact person (abroad, or at home for the trip).
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub contact_name: Option<String>,
    /// The contact person's phone number, in any country's form.
    #[schema(max_length = 32, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub contact_phone: Option<String>,
    /// Whether the applicant holds a return ticket.
    pub has_return_ticket: Option<bool>,
    /// Hotel or host.
    #[schema(max_length = 500, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub accommodation: Option<String>,
    /// Whether the labour office's recommendation letter is held (work abroad).
    #[serde(default)]
    pub labour_recommendation_letter: bool,
}

/// A new draft for one of the account's applicants.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationCreateRequest {
    /// The applicant (from `/v1/applicants`) the passport is for.
    pub applicant_id: String,
    /// Electronic (e-paspor) or non-electronic.
    pub passport_kind: PassportKindDto,
    /// A new passport or a replacement.
    pub application_kind: ApplicationKindCodeDto,
    /// Required for a replacement; `lost` and `damaged` are handled at the office only.
    pub replacement_reason: Option<ReplacementReasonDto>,
    /// Regular or same-day service.
    pub service: ServiceDto,
    /// The trip and questionnaire.
    pub travel: TravelDto,
}

/// Changes to a draft; absent fields stay as they are, `travel` is replaced whole.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationPatch {
    /// Electronic or non-electronic.
    pub passport_kind: Option<PassportKindDto>,
    /// A new passport or a replacement.
    pub application_kind: Option<ApplicationKindCodeDto>,
    /// The replacement reason (give it with `application_kind: replacement`).
    pub replacement_reason: Option<ReplacementReasonDto>,
    /// Regular or same-day service.
    pub service: Option<ServiceDto>,
    /// The trip and questionnaire, replaced whole.
    pub travel: Option<TravelDto>,
}

/// One step of an application's history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntryDto {
    /// The status entered.
    pub status: ApplicationStatusDto,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, where there is more to say.
    pub note: Option<String>,
}

/// An application as it stands.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationDto {
    /// Its id.
    pub id: String,
    /// The applicant it is for.
    pub applicant_id: String,
    /// Where it stands.
    pub status: ApplicationStatusDto,
    /// Electronic or non-electronic.
    pub passport_kind: PassportKindDto,
    /// A new passport or a replacement.
    pub application_kind: ApplicationKindCodeDto,
    /// The replacement reason; null for a new passport.
    pub replacement_reason: Option<ReplacementReasonDto>,
    /// Regular or same-day service.
    pub service: ServiceDto,
    /// The trip and questionnaire.
    pub travel: TravelDto,
    /// What it costs under the tariff schedule in force today; null when no schedule can
    /// price it.
    pub quote: Option<QuoteDto>,
    /// The place booked and how to pay for it; null before booking and once the booking
    /// expired or was cancelled.
    pub booking: Option<BookingDto>,
    /// Every status it went through, oldest first.
    pub history: Vec<HistoryEntryDto>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A page of the account's applications, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationPage {
    /// The applications of this page.
    pub items: Vec<ApplicationDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many applications there are in all.
    pub total: u64,
}
