//! Walk-ins on the wire: what an officer registers at the counter for a person without an
//! app booking (priority applicants, lost or damaged passports after an examination,
//! same-day service), and the walk-in as it then stands, printed on the queue ticket.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::applicants::ApplicantCreateRequest;
use crate::applications::TravelDto;
use crate::booking::BookingDto;
use crate::check_in::CheckInCodeDto;
use crate::enums::{
    ApplicationKindCodeDto, ApplicationStatusDto, ChannelDto, PassportKindDto,
    ReplacementReasonDto, ServiceDto,
};
use crate::quote::QuoteDto;

wire_enum! {
    /// What brings a walk-in: `priority` (served from the priority quota if eligible on the
    /// visit date), `replacement_examination` (a lost or damaged passport, after the
    /// examination report BAP; regular quota), or `same_day` (same-day quota, surcharge).
    WalkInKindDto => paspor_domain::WalkInKind { Priority, ReplacementExamination, SameDay }
}

wire_enum! {
    /// Why a passport is replaced after an examination.
    ExaminationReasonDto => paspor_domain::ExaminationReason { Lost, Damaged }
}

wire_enum! {
    /// A ground for priority service: a child under the office's age, a person at or over
    /// its elderly age, pregnant, breastfeeding, or (where the office includes it) a
    /// disability.
    PriorityGroundDto => paspor_domain::PriorityGround {
        YoungChild, Elderly, Pregnant, Breastfeeding, Disability
    }
}

/// The grounds a priority walk-in declares; the birth date (from `person`) may be ground
/// enough. Absent fields are false.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityClaimDto {
    /// Pregnant.
    #[serde(default)]
    pub pregnant: bool,
    /// Breastfeeding.
    #[serde(default)]
    pub breastfeeding: bool,
    /// Has a disability (a ground only where the office's policy includes it).
    #[serde(default)]
    pub disability: bool,
}

/// The replacement of a lost or damaged passport, after the examination at the office.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExaminationDto {
    /// Lost or damaged.
    pub reason: ExaminationReasonDto,
    /// The loss or damage came from a disaster: no penalty. Default false.
    #[serde(default)]
    pub disaster: bool,
    /// The number of the examination report (Berita Acara Pemeriksaan).
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "BAP/123/IMI.8/XI/2026"
    )]
    pub examination_reference: String,
}

/// A walk-in to register at the caller's office, for today (the office's date).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkInCreateRequest {
    /// Why the person walked in.
    pub kind: WalkInKindDto,
    /// The person, checked as `POST /v1/applicants` checks an applicant (a child under 17
    /// needs a guardian's NIK). The person has no app account.
    pub person: ApplicantCreateRequest,
    /// Electronic or non-electronic (electronic only where the office has books).
    pub passport_kind: PassportKindDto,
    /// The trip and questionnaire, as in a draft.
    pub travel: TravelDto,
    /// The declared priority grounds: for `kind: priority` only.
    pub priority: Option<PriorityClaimDto>,
    /// The lost or damaged passport: required for, and only for,
    /// `kind: replacement_examination`.
    pub replacement: Option<ExaminationDto>,
    /// A session of this office today to serve the walk-in in; by default the first one
    /// not over yet with a place left in the walk-in's quota.
    #[schema(
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub session_id: Option<String>,
}

/// A walk-in and its application as they stand.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WalkInDto {
    /// The application registered.
    pub application_id: String,
    /// Its applicant (of no account).
    pub applicant_id: String,
    /// The office.
    pub office_id: String,
    /// Why the person walked in.
    pub kind: WalkInKindDto,
    /// The visit date, in the office's calendar.
    #[schema(format = "date", example = "2026-11-25")]
    pub visit_date: NaiveDate,
    /// Where the application stands: `awaiting_payment` at first, `paid` once the billing
    /// code is paid, then on as any application.
    pub status: ApplicationStatusDto,
    /// The person's NIK.
    pub nik: String,
    /// The person's full name.
    pub full_name: String,
    /// Electronic or non-electronic.
    pub passport_kind: PassportKindDto,
    /// A new passport, or (after an examination) a replacement.
    pub application_kind: ApplicationKindCodeDto,
    /// `lost` or `damaged` for a replacement; null for a new passport.
    pub replacement_reason: Option<ReplacementReasonDto>,
    /// Regular, or same-day for a same-day walk-in.
    pub service: ServiceDto,
    /// The quota the place comes from.
    pub channel: ChannelDto,
    /// The place (session, date, start) and how to pay: billing code, amount and deadline;
    /// null once the booking expired or was cancelled.
    pub booking: Option<BookingDto>,
    /// What it costs, line by line (the lost or damaged penalty unless waived for a
    /// disaster; the same-day surcharge), under the schedule in force on the visit date.
    pub quote: Option<QuoteDto>,
    /// The check-in code for the queue ticket, valid on the visit date; the officer scans
    /// it once the fee is paid. Null unless awaiting payment or paid.
    pub check_in_code: Option<CheckInCodeDto>,
    /// The priority grounds met on the visit date (empty unless a priority walk-in).
    pub priority_grounds: Vec<PriorityGroundDto>,
    /// The loss or damage came from a disaster.
    pub disaster: bool,
    /// The examination report (BAP) number of a lost or damaged passport.
    pub examination_reference: Option<String>,
    /// The staff account that registered it.
    pub registered_by: String,
    /// When.
    pub registered_at: DateTime<Utc>,
}

/// A page of an office's walk-ins of one day, in the order they were registered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WalkInPage {
    /// The walk-ins of this page.
    pub items: Vec<WalkInDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many walk-ins there are in all that day.
    pub total: u64,
}

/// Which day's walk-ins to list.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WalkInQuery {
    /// The visit date (`YYYY-MM-DD`), in the office's calendar; default today.
    pub date: Option<NaiveDate>,
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
        for dto in WalkInKindDto::ALL {
            assert_eq!(code(dto), paspor_domain::WalkInKind::from(*dto).as_str());
        }
        for dto in ExaminationReasonDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::ExaminationReason::from(*dto).as_str()
            );
        }
        for dto in PriorityGroundDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::PriorityGround::from(*dto).as_str()
            );
        }
    }

    #[test]
    fn undeclared_grounds_are_false() {
        let claim: PriorityClaimDto = serde_json::from_str(r#"{"pregnant": true}"#).unwrap();
        assert!(claim.pregnant && !claim.breastfeeding && !claim.disability);
        assert!(serde_json::from_str::<PriorityClaimDto>(r#"{"elderly": true}"#).is_err());
    }
}
