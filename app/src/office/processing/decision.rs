//! The decision on an application in review: approved (with the biometrics captured and an
//! interview recorded), postponed with a reason until a hold date (the same NIK cannot
//! apply again meanwhile), or refused with a reason. Taken once: the application leaves
//! review, so a repeated decision is refused as a conflict. It records a screening under
//! the policy in force, which its audit record names, so that it can be explained later.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::decision::{Decision, check_approval, decide};
use paspor_openapi::{DecisionRequest, OfficeApplicationDto};
use paspor_persistence::DbConnection;
use paspor_persistence::decisions::{self, DecisionRecord};
use paspor_persistence::processing::{biometrics, interviews};
use serde_json::json;

use super::ProcessingError;
use super::lookup::{AtOffice, advance, application_at, locked_application_at, office_today};
use super::notices;
use super::screenings::screen_and_record;
use super::view::current_view;
use crate::audit::{self, Change};
use crate::office::OfficeStaff;
use crate::office::notify::notify_holder;
use crate::state::AppState;
use crate::write::Write;

/// The longest notes of a decision.
const MAX_NOTES_CHARS: usize = 2000;

/// Inside a write transaction: records the decision and moves the application on.
fn decide_at(
    conn: &mut DbConnection,
    at: &AtOffice,
    id: &str,
    decision: Decision,
    notes: Option<String>,
    (today, now): (NaiveDate, DateTime<Utc>),
) -> Result<(), ProcessingError> {
    let mut record = locked_application_at(conn, &at.office, id)?;
    let was = record.status;
    // The status first: a decided application says so whatever is asked.
    paspor_domain::next_status(record.status, decision.outcome().event())?;
    if decision == Decision::Approved {
        check_approval(
            biometrics::find(conn, id)?.is_some(),
            interviews::find(conn, id)?.is_some(),
        )?;
    }
    // What the policy in force finds as the decision is taken, kept with its version.
    let application = application_at(conn, &at.office, id)?;
    let screening = screen_and_record(conn, at, &application, today, now)?;
    let note = match (decision.reason_description(), decision.hold_until()) {
        (Some(reason), Some(until)) => Some(format!("{reason}; held until {until}")),
        (Some(reason), None) => Some(reason.to_owned()),
        _ => None,
    };
    let to = advance(
        conn,
        &mut record,
        decision.outcome().event(),
        note.as_deref(),
        now,
    )?;
    let stored = DecisionRecord {
        application_id: id.to_owned(),
        nik: record.nik.clone(),
        outcome: decision.outcome(),
        reason_code: decision.reason_code().map(str::to_owned),
        hold_until: decision.hold_until(),
        notes,
        decided_at: now,
        decided_by: at.actor.account.clone(),
    };
    decisions::insert(conn, &stored)?;
    audit::record(
        conn,
        &at.actor,
        now,
        Change {
            action: "application.decision",
            object_type: "application",
            object_id: id,
            before: Some(&json!({"status": was})),
            after: Some(&json!({
                "status": to,
                "outcome": stored.outcome,
                "reason_code": stored.reason_code,
                "hold_until": stored.hold_until,
                "notes": stored.notes,
                "screening_id": screening.id,
                "screening_policy_version": screening.policy_version,
            })),
        },
    )?;
    notify_holder(
        conn,
        id,
        &|language| notices::decided(language, &decision),
        now,
    )?;
    Ok(())
}

/// Records the decision on one of the office's applications.
pub fn record_decision(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    request: DecisionRequest,
) -> Result<Write<OfficeApplicationDto, ProcessingError>, ProcessingError> {
    let at = AtOffice::of(staff);
    let notes = request
        .notes
        .map(|notes| notes.trim().to_owned())
        .filter(|notes| !notes.is_empty());
    if notes
        .as_deref()
        .is_some_and(|notes| notes.chars().count() > MAX_NOTES_CHARS)
    {
        return Err(ProcessingError::Invalid(vec![(
            "notes".to_owned(),
            format!("must be at most {MAX_NOTES_CHARS} characters"),
        )]));
    }
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        // Checked against the office's calendar: the hold must end after its today.
        let (_, today) = office_today(conn, &at.office, now)?;
        let decision = decide(
            request.outcome.into(),
            request.reason_code.as_deref(),
            request.hold_until,
            today,
        )?;
        decide_at(conn, &at, &id, decision, notes, (today, now))?;
        current_view(conn, &at.office, &id)
    }))
}
