//! Issuing the passport of an approved application: a fresh number, the issue date (the
//! office's local today), the expiry from the validity rule set in force on that date (the
//! term chosen on the draft where those rules still give it the holder), the ready date
//! four of the office's working days on, and the last day to collect it 30 days after that.
//!
//! The status check and the move happen under the application's lock, so a retried or
//! concurrent request finds it `issued` and is refused: a passport is never issued twice.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::application::collection_deadline;
use paspor_domain::issuance::{
    PassportNumber, READY_AFTER_WORKING_DAYS, last_date_examined, ready_date,
};
use paspor_domain::validity::{Validity, terms};
use paspor_domain::{
    ApplicationEvent, ApplicationStatus, PassportKind, ValidityRequest, rules_in_force, validity,
};
use paspor_openapi::PassportDto;
use paspor_persistence::passports::{self, NewPassport};
use paspor_persistence::{
    DbConnection, applications, holidays, offices, validity_rules, write_transaction,
};
use rand::Rng as _;
use serde::Serialize;

use super::access::{lock_at_office, next};
use super::view::passport_dto;
use super::{IssuanceError, notices};
use crate::audit::{self, Actor, Change};
use crate::locale::{Message, Text};
use crate::office::OfficeStaff;
use crate::office::notify::notify_holder;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::write::{Rollback, Write};

/// How often the whole issuance is tried again after a concurrent issuance took the
/// number drawn (between its check and its insert).
const TRIES: usize = 3;

/// How many numbers one try draws before giving up on finding a free one: with 10 million
/// numbers per letter, twenty taken in a row means the series is nearly full.
const DRAWS: usize = 20;

/// The application as the audit trail shows it before issuance.
#[derive(Serialize)]
struct Before {
    status: ApplicationStatus,
}

/// Issues the passport of approved application `id` at the caller's office.
pub fn issue(
    state: &AppState,
    principal: &OfficeStaff,
    id: String,
) -> Result<Write<PassportDto, IssuanceError>, Refusal> {
    let office = principal.office().to_owned();
    let actor = Actor::of(principal);
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        // A number drawn free and taken by a concurrent issuance before this one's insert
        // is drawn again, in a savepoint so that the rest stands.
        for attempt in 1..=TRIES {
            match write_transaction(conn, |conn| {
                issue_in(conn, &actor, &office, &id, now).map_err(Rollback)
            }) {
                Err(Rollback(IssuanceError::Store(error)))
                    if passports::is_number_taken(&error) && attempt < TRIES => {}
                other => return other.map_err(|Rollback(error)| error),
            }
        }
        unreachable!("the last try returns")
    }))
}

/// A number for a book of `kind` that no passport has yet.
fn free_number(
    conn: &mut DbConnection,
    kind: PassportKind,
) -> Result<PassportNumber, IssuanceError> {
    for _ in 0..DRAWS {
        let number = PassportNumber::generate(kind, || rand::rngs::OsRng.r#gen::<u64>());
        if !passports::number_taken(conn, &number)? {
            return Ok(number);
        }
    }
    Err(anyhow::anyhow!("{DRAWS} passport numbers drawn for {kind} were all taken").into())
}

/// The day the passport is ready, counting the office's working days.
fn office_ready_date(
    conn: &mut DbConnection,
    office: &str,
    issue_date: NaiveDate,
) -> Result<NaiveDate, IssuanceError> {
    let until = last_date_examined(issue_date, READY_AFTER_WORKING_DAYS);
    let closed: HashSet<NaiveDate> = holidays::between(conn, office, issue_date, until)?
        .into_iter()
        .map(|holiday| holiday.date)
        .collect();
    ready_date(issue_date, |date| closed.contains(&date)).map_err(|error| {
        IssuanceError::Unprocessable(
            Message::new("issuance-ready-date")
                .with("reason", Text::Untranslated(error.to_string()))
                .into(),
        )
    })
}

/// The term of a passport issued on `request.issue_date`, under the rule set in force
/// that day: the term chosen if those rules give it the holder, else the longest they give
/// (the rules changed since the draft, or a minor came of age).
fn term_on_issue(
    conn: &mut DbConnection,
    request: &ValidityRequest,
) -> Result<Validity, IssuanceError> {
    let enabled = validity_rules::enabled(conn)?;
    let rules = rules_in_force(&enabled, request.issue_date).ok_or_else(|| {
        IssuanceError::Unprocessable(
            Message::new("issuance-no-rules")
                .with("on", request.issue_date.to_string())
                .into(),
        )
    })?;
    let unprocessable =
        |error: paspor_domain::ValidityError| IssuanceError::Unprocessable(error.into());
    let given = terms(rules, request).map_err(unprocessable)?;
    let request = ValidityRequest {
        years: request.years.filter(|years| given.allows(*years)),
        ..*request
    };
    validity(rules, &request).map_err(unprocessable)
}

/// Inside a write transaction: every check, the passport, the move, the audit record and
/// the notice.
fn issue_in(
    conn: &mut DbConnection,
    actor: &Actor,
    office_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<PassportDto, IssuanceError> {
    let (mut application, facts) = lock_at_office(conn, id, office_id)?;
    let to = next(facts.status, ApplicationEvent::Issue)?;
    let office = offices::find(conn, office_id)?
        .ok_or_else(|| anyhow::anyhow!("office {office_id} of application {id} is gone"))?;
    if facts.passport_kind.has_chip() && !office.e_passport_available {
        return Err(IssuanceError::Unprocessable(
            Message::new("issuance-no-e-passport-books")
                .with("office", office.name.as_str())
                .into(),
        ));
    }
    let issue_date = office.time_zone.local_date(now);
    let term = term_on_issue(
        conn,
        &ValidityRequest {
            birth_date: facts.birth_date,
            issue_date,
            dual_citizen_child: facts.dual_citizen_child,
            married: facts.married,
            years: application.content.validity_years,
        },
    )?;
    let ready = office_ready_date(conn, office_id, issue_date)?;
    let collect_by = collection_deadline(ready);
    let number = free_number(conn, facts.passport_kind)?;
    passports::insert(
        conn,
        &NewPassport {
            number: &number,
            application_id: id,
            office_id,
            kind: facts.passport_kind,
            holder_name: &facts.full_name,
            holder_nik: &facts.nik,
            issue_date,
            expiry_date: term.expires_on,
            ready_date: ready,
            collect_by,
            issued_by: &actor.account,
        },
        now,
    )?;
    let note = format!("passport {number} issued; ready for collection from {ready}");
    if applications::move_status(conn, &mut application, to, Some(&note), now)?.skipped() {
        // The lock makes this unreachable; refuse rather than leave a passport behind.
        return Err(IssuanceError::Conflict(
            Message::new("issuance-changed-meanwhile").into(),
        ));
    }
    let passport = passports::find_by_application(conn, id)?
        .ok_or_else(|| anyhow::anyhow!("passport of {id} not found after its insert"))?;
    let dto = passport_dto(passport);
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "application.issue",
            object_type: "application",
            object_id: id,
            before: Some(&Before {
                status: facts.status,
            }),
            after: Some(&dto),
        },
    )?;
    notify_holder(
        conn,
        id,
        &notices::issued(number.as_str(), &office.name, ready),
        now,
    )?;
    crate::webhooks::passport_issued(conn, id, now)?;
    Ok(dto)
}
