//! Registering a walk-in at the caller's office for today: the person and the trip
//! checked, eligibility judged by the domain on the visit date under the office's policy,
//! then in one transaction an applicant and an application of no account, a place taken
//! from the walk-in's quota exactly as an app booking takes one (so a session never holds
//! more than its capacity), a billing code with the fee and the 2-hour deadline, the
//! walk-in's row, and its audit record.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::{Session, SessionAvailability};
use paspor_domain::{
    ApplicationStatus, Channel, MaritalStatus, PriorityGround, ReplacementReason, WalkInKind,
    payment_deadline,
};
use paspor_openapi::{WalkInCreateRequest, WalkInDto};
use paspor_persistence::applications::{
    ApplicantFacts, InsertError, LockedApplication, NewApplication,
};
use paspor_persistence::places::{self, NewBooking, PlaceError};
use paspor_persistence::walk_ins::{self, NewWalkIn};
use paspor_persistence::{
    DbConnection, applicants, applications, decisions, offices, sessions, write_transaction,
};
use serde::Serialize;

use super::view::{self, Loaded, Priced, quote_on};
use super::{WalkInError, input};
use crate::applications::new_billing_code;
use crate::audit::{self, Actor, Change};
use crate::locale::Message;
use crate::offer::Pricing;
use crate::office::OfficeStaff;
use crate::said::office_refuses;
use crate::state::AppState;
use crate::write::{Rollback, Write};

/// How often a clash of random billing codes is retried (one in 10^15 per try).
const BILLING_CODE_TRIES: usize = 3;

/// What the audit record keeps of a registration.
#[derive(Debug, Serialize)]
struct Registered<'a> {
    application_id: &'a str,
    kind: WalkInKind,
    nik: &'a str,
    full_name: &'a str,
    visit_date: NaiveDate,
    channel: Channel,
    session_id: &'a str,
    billing_code: &'a str,
    amount: i64,
    priority_grounds: &'a [PriorityGround],
    replacement_reason: Option<ReplacementReason>,
    disaster: bool,
    examination_reference: Option<&'a str>,
}

/// Registers a walk-in at `office_id` (the caller's) for today, in the office's calendar.
pub fn register_walk_in(
    state: &AppState,
    principal: &OfficeStaff,
    request: WalkInCreateRequest,
) -> Write<WalkInDto, WalkInError> {
    let office_id = principal.office().to_owned();
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let check_in = state.check_in.clone();
    Write::new(move |conn| {
        // A billing code drawn twice (one in 10^15) is drawn again, in a savepoint so that
        // the transaction around stands.
        for attempt in 1..=BILLING_CODE_TRIES {
            let request = request.clone();
            match write_transaction(conn, |conn| {
                register(conn, &actor, &office_id, request, now).map_err(Rollback)
            }) {
                Err(Rollback(WalkInError::BillingCodeTaken)) if attempt < BILLING_CODE_TRIES => {}
                other => {
                    let loaded = other.map_err(|Rollback(error)| error)?;
                    return view::dto(loaded, &check_in);
                }
            }
        }
        unreachable!("the last try returns")
    })
}

/// Every check, then the walk-in in one transaction; returns its view.
fn register(
    conn: &mut DbConnection,
    actor: &Actor,
    office_id: &str,
    request: WalkInCreateRequest,
    now: DateTime<Utc>,
) -> Result<Loaded, WalkInError> {
    let office = offices::find(conn, office_id)?
        .ok_or_else(|| anyhow::anyhow!("office {office_id} of a staff account is gone"))?;
    let visit_date = office.time_zone.local_date(now);
    let registration = input::check(request, visit_date)?;
    let plan =
        paspor_domain::walk_in::plan(&registration.request, &office.priority_policy, visit_date)?;
    let person = &registration.person;
    let mut content = registration.content.clone();
    content.application_kind = plan.application_kind;
    content.service = plan.service;
    if let Some(reason) = office_refuses(&office, content.passport_kind) {
        return Err(WalkInError::Unprocessable(reason.into()));
    }
    let facts = ApplicantFacts {
        nik: person.nik.as_str().to_owned(),
        birth_date: person.birth_date,
        dual_citizen_child: person.dual_citizen_child,
        married: person.marital_status != MaritalStatus::Single,
    };
    let pricing = Pricing::stored(conn)?;
    let priced = Priced {
        passport_kind: content.passport_kind,
        service: content.service,
        application_kind: content.application_kind,
        disaster: registration.disaster,
        applicant: &facts,
    };
    let quote = quote_on(&priced, &pricing, &office, visit_date)
        .ok_or_else(|| {
            WalkInError::Unprocessable("no tariff schedule in force can price this walk-in".into())
        })?
        .quote;
    let kind = registration.request.kind;

    let application_id = write_transaction(conn, |conn| {
        // A postponement holds the person at the counter as in the app.
        if let Some(until) = decisions::hold_for_nik(conn, person.nik.as_str(), visit_date)? {
            return Err(WalkInError::Unprocessable(
                Message::new("draft-postponed-until")
                    .with("until", until.to_string())
                    .into(),
            ));
        }
        let applicant_id = applicants::insert_without_account(conn, person, now)?;
        let note = format!("registered as a walk-in ({kind})");
        let new = NewApplication {
            account_id: None,
            applicant_id: &applicant_id,
            nik: person.nik.as_str(),
            status: ApplicationStatus::AwaitingPayment,
            note: Some(&note),
        };
        // The partial unique index on active applications' NIKs refuses a second one.
        let application =
            applications::insert(conn, &new, &content, now).map_err(|error| match error {
                InsertError::PersonHasActive => WalkInError::PersonHasActive,
                InsertError::Store(error) => WalkInError::Store(error),
            })?;
        let application_id = application.id().to_owned();
        let billing_code = new_billing_code();
        let held = Held {
            channel: plan.channel,
            billing_code: &billing_code,
            amount: quote.total,
            deadline: payment_deadline(now),
        };
        let session = take_place(
            conn,
            &office,
            &application,
            registration.session_id.as_deref(),
            &held,
            now,
            visit_date,
        )?;
        walk_ins::insert(
            conn,
            &NewWalkIn {
                application_id: &application_id,
                office_id: &office.id,
                visit_date,
                kind,
                grounds: &plan.grounds,
                disaster: registration.disaster,
                examination_reference: registration.examination_reference.as_deref(),
                registered_by: &actor.account,
                registered_at: now,
            },
        )?;
        let registered = Registered {
            application_id: &application_id,
            kind,
            nik: person.nik.as_str(),
            full_name: &person.full_name,
            visit_date,
            channel: plan.channel,
            session_id: &session.id,
            billing_code: &billing_code,
            amount: quote.total,
            priority_grounds: &plan.grounds,
            replacement_reason: plan.application_kind.replacement_reason(),
            disaster: registration.disaster,
            examination_reference: registration.examination_reference.as_deref(),
        };
        audit::record(
            conn,
            actor,
            now,
            Change {
                action: "walk_in.register",
                object_type: "walk_in",
                object_id: &application_id,
                before: None::<&()>,
                after: Some(&registered),
            },
        )?;
        Ok::<_, WalkInError>(application_id)
    })?;

    let record = walk_ins::find(conn, &application_id)?
        .ok_or_else(|| anyhow::anyhow!("walk-in {application_id} vanished"))?;
    view::load(conn, record, &office, &pricing)
}

/// What a walk-in's place holds: its quota, and the fee awaited until the deadline.
struct Held<'a> {
    channel: Channel,
    billing_code: &'a str,
    amount: i64,
    deadline: DateTime<Utc>,
}

/// Inside the write transaction: a place of the walk-in's quota today, in the session asked
/// for or else the first not over yet with one left, taken as an app booking takes it. Each
/// session tried is tried in a savepoint: a full one is rolled back and the next tried.
fn take_place(
    conn: &mut DbConnection,
    office: &Office,
    application: &LockedApplication,
    wanted: Option<&str>,
    held: &Held<'_>,
    now: DateTime<Utc>,
    visit_date: NaiveDate,
) -> Result<Session, WalkInError> {
    // A walk-in is at the counter now: a session under way still serves it.
    let open =
        |session: &Session| office.time_zone.to_utc(session.date.and_time(session.ends)) > now;
    let take = |conn: &mut DbConnection, session: &Session| {
        write_transaction(conn, |conn| {
            let new = NewBooking {
                session_id: &session.id,
                channel: held.channel,
                billing_code: held.billing_code,
                amount: held.amount,
                deadline: held.deadline,
                // At the counter: no grace period for a payment notice in flight.
                held_until: None,
            };
            // At the counter: a day the office serves walk-ins only admits it.
            let pending = places::book(conn, application, &new, now)?.at_counter();
            places::confirm(conn, pending, now)
        })
    };
    if let Some(id) = wanted {
        let session = sessions::find(conn, id)?
            .filter(|session| session.office_id == office.id && session.date == visit_date)
            .ok_or_else(|| {
                WalkInError::Unprocessable(
                    Message::new("walk-in-session-not-today")
                        .with("id", id)
                        .with("date", visit_date.to_string())
                        .into(),
                )
            })?;
        if !open(&session) {
            return Err(WalkInError::Unprocessable(
                Message::new("walk-in-session-over")
                    .with("id", id)
                    .with("starts", session.starts.format("%H:%M").to_string())
                    .with("ends", session.ends.format("%H:%M").to_string())
                    .into(),
            ));
        }
        return match take(conn, &session) {
            Ok(_) => Ok(session),
            Err(PlaceError::Full | PlaceError::Closed) => {
                Err(WalkInError::SessionFull(held.channel))
            }
            Err(error) => Err(error.into()),
        };
    }
    for SessionAvailability { session, .. } in
        sessions::availability(conn, &office.id, visit_date, visit_date, now)?
    {
        if !open(&session) {
            continue;
        }
        match take(conn, &session) {
            Ok(_) => return Ok(session),
            Err(PlaceError::Full | PlaceError::Closed) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Err(WalkInError::NoPlaceToday(held.channel))
}
