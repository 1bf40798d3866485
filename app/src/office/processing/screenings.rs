//! Screening an application for trafficking indicators under the policy in force, and
//! keeping the result: the indicators found with the version of the policy that found
//! them, so that a decision can be explained later whatever the policy has become since.
//!
//! An officer records a screening when they ask for one, and every decision records one
//! in its transaction; each appends an audit record. Reading the indicators
//! (`indicators.rs`) judges the same way without keeping anything.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::{Indicator, TravelProfile, indicators};
use paspor_openapi::{IndicatorDto, PageQuery, ScreeningDto, ScreeningPage};
use paspor_persistence::applications::ApplicationRecord;
use paspor_persistence::screening::{self, ScreeningRecord};
use paspor_persistence::{DbConnection, new_id};
use serde_json::json;

use super::ProcessingError;
use super::lookup::{AtOffice, application_at, office_today};
use super::view::applicant_of;
use crate::audit::{self, Change};
use crate::office::OfficeStaff;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::write::Write;

/// The indicators of `record`'s declared trip under the policy in force on `today` (the
/// office's), with that policy's version.
pub(super) fn judge(
    conn: &mut DbConnection,
    record: &ApplicationRecord,
    today: NaiveDate,
) -> Result<(u32, Vec<Indicator>), ProcessingError> {
    let policy = screening::in_force(conn)?;
    let applicant = applicant_of(conn, record)?;
    let trip = &record.content;
    let profile = TravelProfile {
        birth_date: applicant.birth_date,
        departure: trip.planned_departure,
        purpose: trip.travel_purpose,
        destination: trip.destination,
        has_return_ticket: trip.has_return_ticket,
        accommodation: trip.accommodation.clone(),
        address_abroad: trip.address_abroad.clone(),
        length_of_stay_days: trip.length_of_stay_days,
        contact_person: trip.contact_name.clone(),
        labour_recommendation_letter: trip.labour_recommendation_letter,
    };
    Ok((policy.version, indicators(&policy.policy, &profile, today)))
}

/// Indicators as sent.
pub(super) fn indicator_dtos(found: &[Indicator]) -> Vec<IndicatorDto> {
    found
        .iter()
        .map(|indicator| IndicatorDto {
            code: indicator.code.into(),
            reason: indicator.reason.clone(),
        })
        .collect()
}

fn screening_dto(record: ScreeningRecord) -> ScreeningDto {
    ScreeningDto {
        indicators: indicator_dtos(&record.indicators),
        id: record.id,
        application_id: record.application_id,
        policy_version: record.policy_version,
        screened_at: record.screened_at,
        screened_by: record.screened_by,
    }
}

/// Inside a write transaction: screens `record` now and keeps the result, with its audit
/// record (`application.screening`).
pub(super) fn screen_and_record(
    conn: &mut DbConnection,
    at: &AtOffice,
    record: &ApplicationRecord,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ScreeningRecord, ProcessingError> {
    let (policy_version, found) = judge(conn, record, today)?;
    let stored = ScreeningRecord {
        id: new_id(),
        application_id: record.id.clone(),
        policy_version,
        indicators: found,
        screened_at: now,
        screened_by: at.actor.account.clone(),
    };
    screening::record(conn, &stored)?;
    let codes: Vec<&str> = stored
        .indicators
        .iter()
        .map(|indicator| indicator.code.as_str())
        .collect();
    audit::record(
        conn,
        &at.actor,
        now,
        Change::<(), _> {
            action: "application.screening",
            object_type: "application",
            object_id: &record.id,
            before: None,
            after: Some(&json!({
                "screening_id": stored.id,
                "policy_version": stored.policy_version,
                "indicators": codes,
            })),
        },
    )?;
    Ok(stored)
}

/// Screens one of the office's applications under the policy in force and keeps the
/// result.
pub fn record_screening(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
) -> Write<ScreeningDto, ProcessingError> {
    let at = AtOffice::of(staff);
    let now = state.clock.now();
    Write::new(move |conn| {
        let record = application_at(conn, &at.office, &id)?;
        let (_, today) = office_today(conn, &at.office, now)?;
        let stored = screen_and_record(conn, &at, &record, today, now)?;
        Ok(screening_dto(stored))
    })
}

/// The screenings kept for one of the office's applications, newest first.
pub async fn list_screenings(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    paging: PageQuery,
) -> Result<ScreeningPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let at = AtOffice::of(staff);
    let (records, total) = state
        .db
        .run(move |conn| {
            application_at(conn, &at.office, &id)?;
            Ok::<_, ProcessingError>(screening::of_application(conn, &id, page, per_page)?)
        })
        .await?;
    Ok(ScreeningPage {
        items: records.into_iter().map(screening_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// One screening kept for one of the office's applications.
pub async fn show_screening(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    screening_id: String,
) -> Result<ScreeningDto, Refusal> {
    let at = AtOffice::of(staff);
    let record = state
        .db
        .run(move |conn| {
            application_at(conn, &at.office, &id)?;
            screening::find(conn, &screening_id)?
                .filter(|found| found.application_id == id)
                .ok_or(ProcessingError::ScreeningNotFound)
        })
        .await?;
    Ok(screening_dto(record))
}
