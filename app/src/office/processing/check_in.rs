//! Checking an applicant in by the code the app shows: the code must be genuine, for this
//! office and today; the application must be paid, with its appointment still here today
//! (a code says what was issued, not that the booking still stands).

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::ApplicationEvent;
use paspor_domain::office::Office;
use paspor_openapi::{CheckInRequest, OfficeApplicationDto};
use paspor_persistence::{DbConnection, applications, bookings, sessions};
use serde_json::json;

use super::ProcessingError;
use super::lookup::{AtOffice, advance, office_today};
use super::notices;
use super::view::office_view;
use crate::audit::{self, Change};
use crate::check_in::{self, CheckInError, ScanningOffice};
use crate::office::OfficeStaff;
use crate::office::notify::notify_holder;
use crate::state::AppState;
use crate::write::Write;

/// Refuses unless application `id`'s current booking is at `office` on `today`.
fn booked_here_today(
    conn: &mut DbConnection,
    id: &str,
    office: &Office,
    today: NaiveDate,
) -> Result<String, ProcessingError> {
    let session = match bookings::current_of_application(conn, id)? {
        Some(booking) => sessions::find(conn, &booking.session_id)?,
        None => None,
    };
    match session {
        Some(session) if session.office_id == office.id && session.date == today => Ok(session.id),
        Some(session) if session.office_id == office.id => {
            Err(ProcessingError::NotHereToday(format!(
                "this application's appointment was moved: it is now on {} at {}, not today",
                session.date,
                session.starts.format("%H:%M")
            )))
        }
        Some(session) => Err(ProcessingError::NotHereToday(format!(
            "this application's appointment was moved to another office ({}) on {}",
            session.office_id, session.date
        ))),
        None => Err(ProcessingError::NotHereToday(
            "this application no longer holds an appointment".to_owned(),
        )),
    }
}

/// Inside a write transaction: checks the application in.
fn check_in_at(
    conn: &mut DbConnection,
    at: &AtOffice,
    office: &Office,
    id: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ProcessingError> {
    // A genuine code names an application the service made; it may have been deleted
    // as a draft since, which is no check-in either.
    let mut record = applications::lock(conn, id)?.ok_or(CheckInError::Invalid)?;
    let was = record.status;
    // Its status first: a cancelled or already checked-in application says so.
    paspor_domain::next_status(record.status, ApplicationEvent::CheckIn)?;
    let session_id = booked_here_today(conn, id, office, today)?;
    let note = format!("checked in at {}", office.name);
    let to = advance(
        conn,
        &mut record,
        ApplicationEvent::CheckIn,
        Some(&note),
        now,
    )?;
    audit::record(
        conn,
        &at.actor,
        now,
        Change {
            action: "application.check_in",
            object_type: "application",
            object_id: id,
            before: Some(&json!({"status": was})),
            after: Some(&json!({"status": to, "session_id": session_id})),
        },
    )?;
    notify_holder(
        conn,
        id,
        &|language| notices::checked_in(language, &office.name),
        now,
    )?;
    Ok(())
}

/// Checks in the application whose code was scanned at the caller's office.
pub fn check_in(
    state: &AppState,
    staff: &OfficeStaff,
    request: CheckInRequest,
) -> Write<OfficeApplicationDto, ProcessingError> {
    let at = AtOffice::of(staff);
    let now = state.clock.now();
    let key = state.check_in.clone();
    Write::new(move |conn| {
        let (office, today) = office_today(conn, &at.office, now)?;
        let scanned = check_in::verify(&key, &request.code, ScanningOffice::from(&office), now)?;
        let id = scanned.application_id;
        check_in_at(conn, &at, &office, &id, today, now)?;
        let record = applications::find_by_id(conn, &id)?
            .ok_or_else(|| anyhow::anyhow!("checked-in application {id} vanished"))?;
        office_view(conn, record)
    })
}
