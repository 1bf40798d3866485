//! The document check: the officer records which documents are missing, and which were shown
//! at the counter without an upload. The domain's rule of what the person must bring judges
//! it: complete is refused while a required document is neither uploaded nor presented, and
//! the required ones not uploaded are added to those the officer names missing. None
//! missing moves the application to review; otherwise it awaits them, and the applicant has
//! 30 days to upload them (then the officer checks again). The deadline is stored with the
//! instant it passes at the office, for the job that refuses applications whose documents
//! never came.

use chrono::{DateTime, Days, NaiveTime, Utc};
use paspor_domain::application::documents_deadline;
use paspor_domain::document::checklist::judge_document_check;
use paspor_domain::document::requirements::requirements;
use paspor_domain::{ApplicationEvent, DocumentKind, next_status};
use paspor_openapi::{DocumentCheckRequest, OfficeApplicationDto};
use paspor_persistence::DbConnection;
use paspor_persistence::processing::document_checks::{self, DocumentCheckRecord};
use serde_json::json;

use super::ProcessingError;
use super::lookup::{AtOffice, advance, locked_application_at, office_today};
use super::notices;
use super::view::current_view;
use crate::audit::{self, Change};
use crate::documents::checklist::{document_case, facts_of, judged_on, uploaded_kinds};
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
        "presented": check.map(|check| check.presented.clone()),
        "deadline": check.and_then(|check| check.deadline),
    })
}

/// What the officer found: the kinds missing and those presented, as named.
struct Findings {
    missing: Vec<DocumentKind>,
    presented: Vec<DocumentKind>,
}

/// Inside a write transaction: judges the check by the rule (under the application's lock,
/// so the uploads it counts cannot change meanwhile), records it and moves the application
/// on.
fn check_documents(
    conn: &mut DbConnection,
    at: &AtOffice,
    id: &str,
    findings: &Findings,
    now: DateTime<Utc>,
) -> Result<(), ProcessingError> {
    let mut record = locked_application_at(conn, &at.office, id)?;
    let was = record.status;
    // A status that takes no document check is refused as such, before the documents are.
    next_status(was, ApplicationEvent::DocumentsComplete)?;
    let (office, today) = office_today(conn, &at.office, now)?;
    let facts = facts_of(conn, &record)?;
    let uploaded = uploaded_kinds(conn, id)?;
    let on = judged_on(conn, id, today)?;
    let case = document_case(&record, &facts, on);
    let check = judge_document_check(
        requirements(&case),
        &uploaded,
        &findings.missing,
        &findings.presented,
    )
    .map_err(ProcessingError::Rejected)?;
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
            notices::document_names(crate::locale::Language::English, &missing)
        ),
        None => "documents complete".to_owned(),
    };
    let to = advance(conn, &mut record, check.event(), Some(&note), now)?;
    let stored = DocumentCheckRecord {
        application_id: id.to_owned(),
        missing: missing.clone(),
        presented: check.presented.iter().copied().collect(),
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
    let notice = |language| match deadline {
        Some(deadline) => notices::documents_missing(language, &missing, deadline),
        None => notices::documents_complete(language),
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
    let findings = Findings {
        missing: request.missing.into_iter().map(Into::into).collect(),
        presented: request.presented.into_iter().map(Into::into).collect(),
    };
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        check_documents(conn, &at, &id, &findings, now)?;
        current_view(conn, &at.office, &id)
    }))
}
