//! The officers' work on an application at their office, on the wire: the day's
//! appointments, check-in, the office's view of an application, the document check,
//! biometrics, trafficking indicators, the interview and the decision.
//!
//! Optional fields are always sent, as `null` when there is nothing, so that a client can
//! tell "not yet" from a field it does not know.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::applicants::NikWarningDto;
use crate::applications::{HistoryEntryDto, TravelDto};
use crate::documents::DocumentDto;
use crate::enums::{
    ApplicationKindCodeDto, ApplicationStatusDto, ChannelDto, DocumentKindDto, MaritalStatusDto,
    PassportKindDto, ReplacementReasonDto, ServiceDto, SexDto,
};

wire_enum! {
    /// What the officer decided: approved, postponed (held back until a date) or refused.
    DecisionOutcomeDto => paspor_domain::decision::DecisionOutcome { Approved, Postponed, Refused }
}

wire_enum! {
    /// The kind of a trafficking (TPPO) indicator.
    IndicatorCodeDto => paspor_domain::IndicatorCode {
        TouristWithoutReturnTicket, TouristWithoutAccommodation, WorkWithoutRecommendation,
        WatchedAgeBand, WatchedDestination, LongTouristStay, NoContactAbroad, NoAddressAbroad
    }
}

/// The day whose appointments to list.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfficeAppointmentsQuery {
    /// The date (`YYYY-MM-DD`), in the office's calendar.
    #[param(example = "2026-11-26")]
    pub date: NaiveDate,
}

/// An office's appointments on one day, session by session.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeAppointmentsDto {
    /// The caller's office.
    pub office_id: String,
    /// The date.
    pub date: NaiveDate,
    /// Every session of the day, by start time (none on a day the office is closed).
    pub sessions: Vec<AppointmentSessionDto>,
}

/// Places per channel of a session.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct SessionCapacityDto {
    /// App bookings.
    pub regular: u32,
    /// Same-day service.
    pub same_day: u32,
    /// Priority walk-ins.
    pub priority: u32,
}

/// One session of the day with its bookings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AppointmentSessionDto {
    /// The session's id.
    pub session_id: String,
    /// Start, local time at the office (`HH:MM`).
    #[schema(example = "08:00")]
    pub starts: String,
    /// End, local time at the office (`HH:MM`).
    #[schema(example = "09:30")]
    pub ends: String,
    /// The places per channel.
    pub capacity: SessionCapacityDto,
    /// The bookings holding a place, in the order they were made.
    pub bookings: Vec<OfficeBookingDto>,
}

/// One booking of a session, as the officer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeBookingDto {
    /// The application.
    pub application_id: String,
    /// The applicant's full name.
    pub full_name: String,
    /// The applicant's NIK.
    #[schema(example = "3171011505900001")]
    pub nik: String,
    /// The quota the place comes from.
    pub channel: ChannelDto,
    /// Where the application stands.
    pub status: ApplicationStatusDto,
    /// The billing code; null for a place booked without one.
    pub billing_code: Option<String>,
    /// Whether the fee is paid.
    pub paid: bool,
    /// When the place was booked.
    pub booked_at: DateTime<Utc>,
}

/// A scanned check-in code.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInRequest {
    /// What the QR code holds, as the app shows it.
    #[schema(max_length = 1024)]
    pub code: String,
}

/// The person an application is for, as the office sees them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeApplicantDto {
    /// The applicant's id.
    pub id: String,
    /// The full name as on the identity card.
    pub full_name: String,
    /// The identity number.
    #[schema(example = "3171011505900001")]
    pub nik: String,
    /// The birth date.
    pub birth_date: NaiveDate,
    /// Sex as on the identity card.
    pub sex: SexDto,
    /// Where the person was born.
    pub place_of_birth: String,
    /// Marital status.
    pub marital_status: MaritalStatusDto,
    /// A child with limited dual citizenship.
    pub dual_citizen_child: bool,
    /// The father's full name.
    pub father_name: String,
    /// The mother's full name.
    pub mother_name: String,
    /// The address as on the identity card.
    pub address: String,
    /// The NIK of a parent or guardian; null for an adult.
    pub guardian_nik: Option<String>,
    /// The previous passport's number; null when none was given.
    pub previous_passport_number: Option<String>,
}

/// Where and when the application's appointment is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AppointmentDto {
    /// The office.
    pub office_id: String,
    /// The session booked.
    pub session_id: String,
    /// The date, in the office's calendar.
    pub date: NaiveDate,
    /// Start, local time at the office (`HH:MM`).
    #[schema(example = "08:00")]
    pub starts: String,
    /// The quota the place comes from.
    pub channel: ChannelDto,
    /// Whether the fee is paid.
    pub paid: bool,
}

/// The outcome of the office's document check.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentCheckDto {
    /// Nothing was missing.
    pub complete: bool,
    /// The kinds missing; empty when complete.
    pub missing: Vec<DocumentKindDto>,
    /// The kinds the officer saw at the counter without an upload.
    pub presented: Vec<DocumentKindDto>,
    /// The last day the missing documents may be supplied (30 days on); null when complete.
    pub deadline: Option<NaiveDate>,
    /// When the documents were checked.
    pub checked_at: DateTime<Utc>,
    /// The staff account that checked them.
    pub checked_by: String,
}

/// The photo and fingerprints: references to where the biometric system keeps them, never
/// the data itself.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BiometricsDto {
    /// Whether they were captured; every other field is null until they are.
    pub captured: bool,
    /// The photo's reference.
    pub photo_reference: Option<String>,
    /// The fingerprints' reference.
    pub fingerprints_reference: Option<String>,
    /// The capture station.
    pub station_id: Option<String>,
    /// When they were captured.
    pub captured_at: Option<DateTime<Utc>>,
    /// The staff account that captured them.
    pub captured_by: Option<String>,
}

/// One question asked at the interview and its answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewAnswerDto {
    /// The question.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Who paid for the ticket?"
    )]
    pub question: String,
    /// The answer given.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "My uncle in Kuala Lumpur"
    )]
    pub answer: String,
}

/// The interview as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InterviewDto {
    /// Whether an interview was recorded; the other fields are null (or empty) until it is.
    pub recorded: bool,
    /// The questions and answers, in the order asked.
    pub answers: Vec<InterviewAnswerDto>,
    /// The officer's notes.
    pub notes: Option<String>,
    /// When it was recorded.
    pub recorded_at: Option<DateTime<Utc>>,
    /// The staff account that interviewed.
    pub recorded_by: Option<String>,
}

/// The decision on an application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DecisionDto {
    /// Approved, postponed or refused.
    pub outcome: DecisionOutcomeDto,
    /// The reason's code; null for an approval.
    #[schema(example = "suspected_trafficking")]
    pub reason_code: Option<String>,
    /// The reason in words; null for an approval.
    pub reason: Option<String>,
    /// Until when a postponement holds the person back (no new application before); null
    /// otherwise.
    pub hold_until: Option<NaiveDate>,
    /// The officer's notes.
    pub notes: Option<String>,
    /// When it was decided.
    pub decided_at: DateTime<Utc>,
    /// The staff account that decided.
    pub decided_by: String,
}

/// An application as the office works on it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeApplicationDto {
    /// Its id.
    pub id: String,
    /// Where it stands.
    pub status: ApplicationStatusDto,
    /// The person it is for.
    pub applicant: OfficeApplicantDto,
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
    /// The appointment at this office; null once its booking was given back.
    pub appointment: Option<AppointmentDto>,
    /// The documents uploaded.
    pub documents: Vec<DocumentDto>,
    /// The office's document check; null before it.
    pub document_check: Option<DocumentCheckDto>,
    /// The photo and fingerprints.
    pub biometrics: BiometricsDto,
    /// The interview.
    pub interview: InterviewDto,
    /// The decision; null before it.
    pub decision: Option<DecisionDto>,
    /// Every status it went through, oldest first.
    pub history: Vec<HistoryEntryDto>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The documents the officer found missing; an empty list means complete. Judged by the
/// application's document checklist: every kind named must be one it asks for, and
/// complete is refused (422) while a required document is neither uploaded nor presented.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentCheckRequest {
    /// The kinds missing, or unusable though uploaded (repeats count once). Empty: the
    /// documents are complete and the application goes to review; otherwise the applicant
    /// has 30 days to supply them, and the required ones not uploaded are added.
    pub missing: Vec<DocumentKindDto>,
    /// The kinds shown at the counter without an upload (a walk-in's, say): they count as
    /// supplied. Absent means none.
    #[serde(default)]
    pub presented: Vec<DocumentKindDto>,
}

/// Photo and fingerprints captured at a station.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BiometricsRequest {
    /// The photo's reference in the biometric system.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "PHOTO-2026-000123"
    )]
    pub photo_reference: String,
    /// The fingerprints' reference in the biometric system.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "FP-2026-000123"
    )]
    pub fingerprints_reference: String,
    /// The capture station.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "PKP-STATION-2"
    )]
    pub station_id: String,
}

/// The interview as the officer records it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewRequest {
    /// The questions and answers, in the order asked; at most 50.
    #[schema(max_items = 50)]
    pub answers: Vec<InterviewAnswerDto>,
    /// The officer's notes.
    #[schema(max_length = 2000)]
    #[serde(default)]
    pub notes: Option<String>,
}

/// The officer's decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// Approved, postponed or refused.
    pub outcome: DecisionOutcomeDto,
    /// Required for a postponement (`suspected_non_procedural_migrant_work`,
    /// `suspected_trafficking`, `false_statements`, `incomplete_travel_documents`) and a
    /// refusal (`false_statements`, `forged_documents`, `travel_ban`, `not_a_citizen`); none
    /// for an approval.
    #[serde(default)]
    #[schema(example = "suspected_trafficking")]
    pub reason_code: Option<String>,
    /// Postponement only, and required there: the date the hold ends, after today and at
    /// most 2 years on. Until then the person cannot apply again.
    #[serde(default)]
    #[schema(example = "2027-05-26")]
    pub hold_until: Option<NaiveDate>,
    /// The officer's notes.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
}

/// One trafficking indicator: what to look at closely, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IndicatorDto {
    /// The kind of indicator.
    pub code: IndicatorCodeDto,
    /// The concrete reason.
    #[schema(example = "declared tourism to MY with no return ticket")]
    pub reason: String,
}

/// An earlier postponement of the same person (any account).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EarlierPostponementDto {
    /// The application postponed.
    pub application_id: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// Why.
    pub reason_code: Option<String>,
    /// Until when it held the person back.
    pub hold_until: Option<NaiveDate>,
}

/// What the interviewing officer should look at closely. The server points; the officer
/// decides.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IndicatorsDto {
    /// The version of the screening policy in force, which judged the indicators (record
    /// a screening to keep them with it: `POST .../screenings`).
    #[schema(minimum = 1, example = 1)]
    pub policy_version: u32,
    /// Indicators from the travel profile, in a fixed order of codes.
    pub indicators: Vec<IndicatorDto>,
    /// Differences between the NIK and the applicant's declared birth date and sex.
    pub nik_warnings: Vec<NikWarningDto>,
    /// Earlier postponed decisions on the same NIK, newest first.
    pub earlier_postponements: Vec<EarlierPostponementDto>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn every_wire_code_is_the_domain_code() {
        for dto in DecisionOutcomeDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::decision::DecisionOutcome::from(*dto).as_str()
            );
        }
        for dto in IndicatorCodeDto::ALL {
            assert_eq!(code(dto), paspor_domain::IndicatorCode::from(*dto).as_str());
        }
    }

    #[test]
    fn absent_values_are_sent_as_null() {
        let biometrics = BiometricsDto {
            captured: false,
            photo_reference: None,
            fingerprints_reference: None,
            station_id: None,
            captured_at: None,
            captured_by: None,
        };
        let wire = serde_json::to_value(biometrics).unwrap();
        assert_eq!(wire["photo_reference"], serde_json::Value::Null);
        assert!(wire.as_object().unwrap().contains_key("captured_by"));
    }
}
