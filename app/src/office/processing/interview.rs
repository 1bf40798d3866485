//! Recording the interview of an application in review: the questions asked with their
//! answers, and the officer's notes. A second interview replaces the first; the audit
//! record shows both.

use chrono::{DateTime, Utc};
use paspor_domain::examination::{Interview, InterviewAnswer, NOTHING_RECORDED};
use paspor_openapi::{InterviewRequest, OfficeApplicationDto};
use paspor_persistence::DbConnection;
use paspor_persistence::processing::interviews::{self, InterviewRecord};
use serde_json::json;

use super::ProcessingError;
use super::lookup::{AtOffice, locked_application_at, require_review};
use super::view::current_view;
use crate::audit::{self, Change};
use crate::office::OfficeStaff;
use crate::state::AppState;
use crate::write::Write;

/// What an audit record shows of an interview: all of it, the evidence of a decision.
fn snapshot(record: &InterviewRecord) -> serde_json::Value {
    json!({
        "answers": record.interview.answers,
        "notes": record.interview.notes,
        "recorded_at": record.recorded_at,
        "recorded_by": record.recorded_by,
    })
}

/// Inside a write transaction: records the interview.
fn record_at(
    conn: &mut DbConnection,
    at: &AtOffice,
    id: &str,
    interview: Interview,
    now: DateTime<Utc>,
) -> Result<(), ProcessingError> {
    let record = locked_application_at(conn, &at.office, id)?;
    require_review(&record, "recording an interview")?;
    let stored = InterviewRecord {
        application_id: id.to_owned(),
        interview,
        recorded_at: now,
        recorded_by: at.actor.account.clone(),
    };
    let earlier = interviews::put(conn, &stored)?;
    audit::record(
        conn,
        &at.actor,
        now,
        Change {
            action: "application.interview",
            object_type: "application",
            object_id: id,
            before: earlier.as_ref().map(snapshot).as_ref(),
            after: Some(&snapshot(&stored)),
        },
    )?;
    Ok(())
}

/// Records the interview of one of the office's applications.
pub fn record_interview(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    request: InterviewRequest,
) -> Result<Write<OfficeApplicationDto, ProcessingError>, ProcessingError> {
    let at = AtOffice::of(staff);
    let answers = request
        .answers
        .into_iter()
        .map(|pair| InterviewAnswer {
            question: pair.question,
            answer: pair.answer,
        })
        .collect();
    let interview = Interview::parse(answers, request.notes).map_err(|errors| {
        // Nothing recorded is a rule's refusal; any other problem breaks the schema.
        if errors.iter().all(|(_, reason)| reason == NOTHING_RECORDED) {
            ProcessingError::Rejected(errors)
        } else {
            ProcessingError::Invalid(errors)
        }
    })?;
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        record_at(conn, &at, &id, interview, now)?;
        current_view(conn, &at.office, &id)
    }))
}
