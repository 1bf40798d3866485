//! Handing a ready passport to the courier (PT Pos Indonesia) when its applicant chose
//! delivery by post: the tracking number, the officer and the time are recorded (one
//! dispatch per passport, held by its primary key), the passport and the application move
//! on as at a hand-over at the counter, the holder is told, and the officer's act audited.
//! Concurrent dispatches of one application take turns on its lock: the first moves it to
//! `collected`, the others are refused by its status.

use chrono::{DateTime, Utc};
use paspor_domain::ApplicationEvent;
use paspor_domain::delivery::{Courier, is_tracking_number};
use paspor_domain::issuance::PassportStatus;
use paspor_openapi::{DispatchRequest, PassportDto};
use paspor_persistence::passports::{self, DispatchRecord};
use paspor_persistence::{DbConnection, applications, deliveries};
use serde::Serialize;

use super::access::{lock_at_office, next};
use super::view::passport_dto;
use super::{IssuanceError, notices};
use crate::audit::{self, Actor, Change};
use crate::locale::Message;
use crate::office::OfficeStaff;
use crate::office::notify::notify_holder;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::write::Write;

/// The dispatch as the audit trail keeps it.
#[derive(Serialize)]
struct DispatchAudit<'a> {
    passport: &'a PassportDto,
    courier: &'a str,
    tracking_number: &'a str,
}

/// Hands the ready passport of application `id` (at the caller's office) to the courier.
pub fn dispatch(
    state: &AppState,
    principal: &OfficeStaff,
    id: String,
    request: DispatchRequest,
) -> Result<Write<PassportDto, IssuanceError>, Refusal> {
    let tracking = request.tracking_number.trim().to_owned();
    if !is_tracking_number(&tracking) {
        return Err(IssuanceError::Invalid(vec![(
            "tracking_number".to_owned(),
            Message::new("tracking-number-form").into(),
        )])
        .into());
    }
    let courier = Courier::from(request.courier);
    let office = principal.office().to_owned();
    let actor = Actor::of(principal);
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        dispatch_in(conn, &actor, &office, &id, courier, &tracking, now)
    }))
}

/// Inside a write transaction: the checks, the record, the moves, the audit record and the
/// notice.
fn dispatch_in(
    conn: &mut DbConnection,
    actor: &Actor,
    office: &str,
    id: &str,
    courier: Courier,
    tracking: &str,
    now: DateTime<Utc>,
) -> Result<PassportDto, IssuanceError> {
    let (mut application, facts) = lock_at_office(conn, id, office)?;
    let to = next(facts.status, ApplicationEvent::HandOver)?;
    let delivery = deliveries::find(conn, id)?
        .ok_or_else(|| IssuanceError::Conflict(Message::new("dispatch-not-chosen").into()))?;
    let passport = passports::find_by_application(conn, id)?
        .ok_or_else(|| anyhow::anyhow!("ready application {id} has no passport"))?;
    let before = passport_dto(passport.clone());
    let record = DispatchRecord {
        courier: courier.as_str().to_owned(),
        tracking_number: tracking.to_owned(),
        officer_id: actor.account.clone(),
        at: now,
    };
    passports::insert_dispatch(conn, &passport.id, &record)?;
    let moved = passports::set_status(
        conn,
        &passport.id,
        PassportStatus::Ready,
        PassportStatus::Collected,
        now,
    )?;
    let note = format!("sent by post ({courier}, tracking number {tracking})");
    if moved.skipped()
        || applications::move_status(conn, &mut application, to, Some(&note), now)?.skipped()
    {
        return Err(anyhow::anyhow!(
            "passport {} of {id} is not ready although its application is",
            passport.number
        )
        .into());
    }
    let sent = passports::find_by_application(conn, id)?
        .ok_or_else(|| anyhow::anyhow!("passport of {id} is gone"))?;
    let after = passport_dto(sent);
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "passport.dispatch",
            object_type: "application",
            object_id: id,
            before: Some(&before),
            after: Some(&DispatchAudit {
                passport: &after,
                courier: courier.as_str(),
                tracking_number: tracking,
            }),
        },
    )?;
    notify_holder(
        conn,
        id,
        &|language| {
            notices::dispatched(
                language,
                passport.number.as_str(),
                tracking,
                &delivery.city,
                now,
            )
        },
        now,
    )?;
    Ok(after)
}
