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
    /// The validity chosen, in years: one of the quote's `validity_choices` (5 or 10 for an
    /// adult while the tariff schedule prices by validity). Absent: the longest the person
    /// may have (10 for an adult), as before this field existed. A term not offered to
    /// this person is refused (422).
    #[serde(default, deserialize_with = "crate::integral::option_u32")]
    #[schema(minimum = 1, maximum = 10, example = 5)]
    pub validity_years: Option<u32>,
    /// The office the applicant means to apply at, if chosen already: a passport kind it
    /// does not offer is refused (422), and the quote's options are its kinds. The booking
    /// names its own office, checked the same way.
    #[schema(
        example = "0193a000-0000-7000-8000-000000000001",
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub office_id: Option<String>,
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
    /// The validity chosen, in years, or `null` for the longest the person may have.
    #[serde(
        default,
        deserialize_with = "crate::integral::present_option_u32",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 10)]
    pub validity_years: Option<Option<u32>>,
    /// The office the applicant means to apply at, or `null` for none yet.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(
        value_type = Option<String>,
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub office_id: Option<Option<String>>,
}

/// Tells a field sent as `null` (`Some(None)`) from one left out (`None`, by `default`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
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
    /// The validity the passport is to have, in years: the one chosen, or the longest the
    /// person may have today (see the quote's `validity_choices`); null when no term can
    /// be given (a dual-citizen child of 21).
    #[schema(minimum = 1, maximum = 10)]
    pub validity_years: Option<u32>,
    /// The office named on the draft, if any.
    pub office_id: Option<String>,
    /// What it costs under the tariff schedule in force today, with the terms and kinds
    /// the applicant may choose (the named office's kinds), each priced; null when no
    /// schedule can price it.
    pub quote: Option<QuoteDto>,
    /// The place booked and how to pay for it; null before booking and once the booking
    /// expired or was cancelled.
    pub booking: Option<BookingDto>,
    /// The payment that paid it (amount, when, the NTPN and channel where the notice
    /// carried them); null until paid. Its receipt: `GET /v1/applications/{id}/receipt`.
    pub payment: Option<crate::receipt::ApplicationPaymentDto>,
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
