//! The document check: the officer records which documents are missing. None missing moves
//! the application to review; otherwise it awaits them, and the applicant has 30 days to
//! upload them (then the officer checks again). The deadline is stored with the instant it
//! passes at the office, for the job that refuses applications whose documents never came.

use chrono::{DateTime, Days, NaiveTime, Utc};
use paspor_domain::application::documents_deadline;
use paspor_domain::examination::DocumentCheck;
use paspor_openapi::{DocumentCheckRequest, OfficeApplicationDto};
use paspor_persistence::DbConnection;
use paspor_persistence::processing::document_checks::{self, DocumentCheckRecord};
use serde_json::json;

use super::ProcessingError;
use super::lookup::{AtOffice, advance, locked_application_at, office_today};
use super::notices;
use super::view::current_view;
use crate::audit::{self, Change};
use crate::office::OfficeStaff;
use crate::office::notify::notify_holder;
use crate::state::AppState;
use crate::write::Write;

/// The state of the check an audit record shows.
fn snapshot(
    status: paspor_domain::ApplicationStatus,
    check: Option<&DocumentCheckRecord>,
) -> serde_json::Value {
    json!({
        "status": status,
        "missing": check.map(|check| check.missing.clone()),
        "deadline": check.and_then(|check| check.deadline),
    })
}

/// Inside a write transaction: records the check and moves the application on.
fn check_documents(
    conn: &mut DbConnection,
    at: &AtOffice,
    id: &str,
    check: &DocumentCheck,
    now: DateTime<Utc>,
) -> Result<(), ProcessingError> {
    let mut record = locked_application_at(conn, &at.office, id)?;
    let was = record.status;
    let (office, today) = office_today(conn, &at.office, now)?;
    let missing: Vec<_> = check.missing.iter().copied().collect();
    let deadline = (!check.is_complete()).then(|| documents_deadline(today));
    // The deadline passes at the office's midnight after its last day.
    let due_at = deadline.and_then(|deadline| {
        let after = deadline.checked_add_days(Days::new(1))?;
        Some(office.time_zone.to_utc(after.and_time(NaiveTime::MIN)))
    });
    let note = match deadline {
        Some(deadline) => format!(
            "documents missing: {}; to be supplied by {deadline}",
            notices::document_names(&missing)
        ),
        None => "documents complete".to_owned(),
    };
    let to = advance(conn, &mut record, check.event(), Some(&note), now)?;
    let stored = DocumentCheckRecord {
        application_id: id.to_owned(),
        missing: missing.clone(),
        deadline,
        due_at,
        checked_at: now,
        checked_by: at.actor.account.clone(),
    };
    let earlier = document_checks::put(conn, &stored)?;
    audit::record(
        conn,
        &at.actor,
        now,
        Change {
            action: "application.document_check",
            object_type: "application",
            object_id: id,
            before: Some(&snapshot(was, earlier.as_ref())),
            after: Some(&snapshot(to, Some(&stored))),
        },
    )?;
    let notice = match deadline {
        Some(deadline) => notices::documents_missing(&missing, deadline),
        None => notices::documents_complete(),
    };
    notify_holder(conn, id, &notice, now)?;
    Ok(())
}

/// Records the document check of one of the office's applications.
pub fn record_document_check(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    request: DocumentCheckRequest,
) -> Result<Write<OfficeApplicationDto, ProcessingError>, ProcessingError> {
    let at = AtOffice::of(staff);
    let check = DocumentCheck::new(request.missing.into_iter().map(Into::into));
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        check_documents(conn, &at, &id, &check, now)?;
        current_view(conn, &at.office, &id)
    }))
}
