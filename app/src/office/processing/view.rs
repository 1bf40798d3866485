//! The office's view of an application: the person, the trip, the appointment, the
//! documents and everything the officers recorded, with the status history.

use paspor_domain::decision::reason_description;
use paspor_openapi::{
    AppointmentDto, BiometricsDto, DecisionDto, DocumentCheckDto, DocumentDto, HistoryEntryDto,
    InterviewAnswerDto, InterviewDto, OfficeApplicantDto, OfficeApplicationDto,
};
use paspor_persistence::applicants::{self, ApplicantRecord};
use paspor_persistence::applications::{self, ApplicationRecord};
use paspor_persistence::decisions::{self, DecisionRecord};
use paspor_persistence::processing::appointments;
use paspor_persistence::processing::biometrics::{self, BiometricsRecord};
use paspor_persistence::processing::document_checks::{self, DocumentCheckRecord};
use paspor_persistence::processing::interviews::{self, InterviewRecord};
use paspor_persistence::{DbConnection, bookings, documents, sessions};

use super::ProcessingError;
use super::lookup::{AtOffice, application_at};
use crate::applications::travel_dto;
use crate::office::OfficeStaff;
use crate::state::AppState;

/// The person an application is for: their own record, whoever's account holds it.
pub(super) fn applicant_of(
    conn: &mut DbConnection,
    record: &ApplicationRecord,
) -> Result<ApplicantRecord, ProcessingError> {
    Ok(
        applicants::find(conn, &record.applicant_id)?.ok_or_else(|| {
            anyhow::anyhow!("applicant {} of {} is gone", record.applicant_id, record.id)
        })?,
    )
}

fn applicant_dto(applicant: ApplicantRecord) -> OfficeApplicantDto {
    OfficeApplicantDto {
        id: applicant.id,
        full_name: applicant.full_name,
        nik: applicant.nik.into(),
        birth_date: applicant.birth_date,
        sex: applicant.sex.into(),
        place_of_birth: applicant.place_of_birth,
        marital_status: applicant.marital_status.into(),
        dual_citizen_child: applicant.dual_citizen_child,
        father_name: applicant.father_name,
        mother_name: applicant.mother_name,
        address: applicant.address,
        guardian_nik: applicant.guardian_nik.map(Into::into),
        previous_passport_number: applicant.previous_passport_number,
    }
}

/// The appointment of the application's current booking, if it holds one.
fn appointment_of(
    conn: &mut DbConnection,
    id: &str,
) -> Result<Option<AppointmentDto>, ProcessingError> {
    let Some(booking) = bookings::current_of_application(conn, id)? else {
        return Ok(None);
    };
    let session = sessions::find(conn, &booking.session_id)?
        .ok_or_else(|| anyhow::anyhow!("session of booking {} is gone", booking.id))?;
    let channel = appointments::channel_of_booking(conn, &booking.id)?
        .ok_or_else(|| anyhow::anyhow!("booking {} is gone", booking.id))?;
    Ok(Some(AppointmentDto {
        office_id: session.office_id,
        session_id: session.id,
        date: session.date,
        starts: session.starts.format("%H:%M").to_string(),
        channel: channel.into(),
        paid: booking.hold_deadline.is_none(),
    }))
}

fn document_check_dto(check: DocumentCheckRecord) -> DocumentCheckDto {
    DocumentCheckDto {
        complete: check.missing.is_empty(),
        missing: check.missing.into_iter().map(Into::into).collect(),
        presented: check.presented.into_iter().map(Into::into).collect(),
        deadline: check.deadline,
        checked_at: check.checked_at,
        checked_by: check.checked_by,
    }
}

fn biometrics_dto(capture: Option<BiometricsRecord>) -> BiometricsDto {
    match capture {
        Some(record) => BiometricsDto {
            captured: true,
            photo_reference: Some(record.capture.photo_reference),
            fingerprints_reference: Some(record.capture.fingerprints_reference),
            station_id: Some(record.capture.station_id),
            captured_at: Some(record.captured_at),
            captured_by: Some(record.captured_by),
        },
        None => BiometricsDto {
            captured: false,
            photo_reference: None,
            fingerprints_reference: None,
            station_id: None,
            captured_at: None,
            captured_by: None,
        },
    }
}

fn interview_dto(interview: Option<InterviewRecord>) -> InterviewDto {
    match interview {
        Some(record) => InterviewDto {
            recorded: true,
            answers: record
                .interview
                .answers
                .into_iter()
                .map(|pair| InterviewAnswerDto {
                    question: pair.question,
                    answer: pair.answer,
                })
                .collect(),
            notes: record.interview.notes,
            recorded_at: Some(record.recorded_at),
            recorded_by: Some(record.recorded_by),
        },
        None => InterviewDto {
            recorded: false,
            answers: Vec::new(),
            notes: None,
            recorded_at: None,
            recorded_by: None,
        },
    }
}

fn decision_dto(decision: DecisionRecord) -> DecisionDto {
    let reason = decision
        .reason_code
        .as_deref()
        .and_then(|code| reason_description(decision.outcome, code))
        .map(str::to_owned);
    DecisionDto {
        outcome: decision.outcome.into(),
        reason_code: decision.reason_code,
        reason,
        hold_until: decision.hold_until,
        notes: decision.notes,
        decided_at: decision.decided_at,
        decided_by: decision.decided_by,
    }
}

/// The office's view of `record`, read on one connection.
pub(super) fn office_view(
    conn: &mut DbConnection,
    record: ApplicationRecord,
) -> Result<OfficeApplicationDto, ProcessingError> {
    let applicant = applicant_of(conn, &record)?;
    let appointment = appointment_of(conn, &record.id)?;
    let documents = documents::list(conn, &record.id)?
        .into_iter()
        .map(|document| DocumentDto {
            kind: document.kind.into(),
            media_type: document.media_type.into(),
            size_bytes: document.size_bytes,
            sha256: document.sha256,
            uploaded_at: document.uploaded_at,
        })
        .collect();
    let document_check = document_checks::find(conn, &record.id)?.map(document_check_dto);
    let biometrics = biometrics_dto(biometrics::find(conn, &record.id)?);
    let interview = interview_dto(interviews::find(conn, &record.id)?);
    let decision = decisions::find(conn, &record.id)?.map(decision_dto);
    let history = applications::history(conn, &record.id)?
        .into_iter()
        .map(|entry| HistoryEntryDto {
            status: entry.status.into(),
            at: entry.at,
            note: entry.note,
        })
        .collect();
    Ok(OfficeApplicationDto {
        travel: travel_dto(&record.content),
        id: record.id,
        status: record.status.into(),
        applicant: applicant_dto(applicant),
        passport_kind: record.content.passport_kind.into(),
        application_kind: record.content.application_kind.code().into(),
        replacement_reason: record
            .content
            .application_kind
            .replacement_reason()
            .map(Into::into),
        service: record.content.service.into(),
        appointment,
        documents,
        document_check,
        biometrics,
        interview,
        decision,
        history,
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

/// The office's view of its application `id` as it stands now.
pub(super) fn current_view(
    conn: &mut DbConnection,
    office_id: &str,
    id: &str,
) -> Result<OfficeApplicationDto, ProcessingError> {
    let record = application_at(conn, office_id, id)?;
    office_view(conn, record)
}

/// One of the office's applications.
pub async fn show_application(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
) -> Result<OfficeApplicationDto, ProcessingError> {
    let at = AtOffice::of(staff);
    state
        .db
        .call(move |conn| current_view(conn, &at.office, &id))
        .await
}
