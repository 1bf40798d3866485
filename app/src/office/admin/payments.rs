//! Settling an unmatched payment by hand (system admins): refunded (the money goes back
//! outside this service), or applied to an application awaiting exactly that payment,
//! which then becomes paid as a matched notice would make it, holder notified.
//!
//! A payment that came after its booking expired is not applied to the expired
//! application: its place was released and may be someone else's (see
//! `paspor_domain::settlement`). The answer says to refund it; the applicant books again.

use chrono::{DateTime, Utc};
use paspor_domain::settlement::{Resolution, check_credit};
use paspor_openapi::SettlementRequest;
use paspor_persistence::payments::{self, PaymentRecord, PaymentStatus, Settlement};
use paspor_persistence::{DbConnection, applications, bookings};
use serde::Serialize;

use super::AdminError;
use super::input::Fields;
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::Message;
use crate::payments::{PaymentError, credit_booking};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::write::Write;

/// The longest note kept.
const MAX_NOTE: usize = 1000;

/// A payment as its audit records keep it.
#[derive(Debug, Serialize)]
struct PaymentState<'a> {
    status: &'static str,
    application_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl<'a> PaymentState<'a> {
    fn of(record: &'a PaymentRecord) -> PaymentState<'a> {
        PaymentState {
            status: record.status.as_str(),
            application_id: record.application_id.as_deref(),
            resolution: record.settlement.as_ref().map(|s| s.resolution.as_str()),
            note: record.settlement.as_ref().map(|s| s.note.as_str()),
        }
    }
}

impl From<PaymentError> for AdminError {
    fn from(error: PaymentError) -> Self {
        match error {
            PaymentError::Store(error) => AdminError::Store(error),
            PaymentError::Internal(error) => AdminError::Internal(error),
        }
    }
}

/// Settles the unmatched payment `id`; returns it as stored.
pub fn settle_payment(
    state: &AppState,
    principal: &SystemAdmin,
    id: String,
    request: SettlementRequest,
) -> Result<Write<PaymentRecord, AdminError>, Refusal> {
    let resolution: Resolution = request.resolution.into();
    let mut fields = Fields::default();
    let note = fields.text_of("note", &request.note, MAX_NOTE);
    let application = request.application_id.map(|a| a.trim().to_owned());
    match (resolution, &application) {
        (Resolution::Applied, None) => {
            fields.refuse(
                "application_id",
                Message::new("payment-application-required"),
            );
        }
        (Resolution::Refunded, Some(_)) => {
            fields.refuse(
                "application_id",
                Message::new("payment-refund-no-application"),
            );
        }
        _ => {}
    }
    fields.finish()?;
    let settlement = Settlement {
        resolution,
        note,
        settled_by: principal.account.clone(),
        settled_at: state.clock.now(),
    };
    let actor = Actor::of(principal);
    Ok(Write::new(move |conn| {
        settle(conn, &actor, &id, &settlement, application.as_deref())
    }))
}

/// Inside a write transaction: the checks, the credit (if any), the settlement and its
/// record.
fn settle(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    settlement: &Settlement,
    application: Option<&str>,
) -> Result<PaymentRecord, AdminError> {
    let now = settlement.settled_at;
    let payment = payments::find(conn, id)?.ok_or(AdminError::NotFound("payment"))?;
    if payment.status != PaymentStatus::Unmatched {
        return Err(AdminError::Conflict(
            Message::new("payment-not-unmatched")
                .with("status", payment.status.as_str())
                .into(),
        ));
    }
    let mut actor = actor.clone();
    if let Some(application) = application {
        credit(conn, application, &payment, now)?;
        // The record belongs to the office where the application is booked, so that its
        // admin sees why it became paid.
        if let Some(office) = bookings::booked_office(conn, application)? {
            actor = actor.for_office(office);
        }
    }
    if payments::settle(conn, id, settlement, application)?.skipped() {
        return Err(AdminError::Conflict(
            Message::new("payment-settled-meanwhile").into(),
        ));
    }
    let settled = payments::find(conn, id)?
        .ok_or_else(|| anyhow::anyhow!("payment {id} vanished while being settled"))?;
    audit::record(
        conn,
        &actor,
        now,
        Change {
            action: "payment.settle",
            object_type: "payment",
            object_id: id,
            before: Some(&PaymentState::of(&payment)),
            after: Some(&PaymentState::of(&settled)),
        },
    )?;
    Ok(settled)
}

/// Makes `application` paid by `payment`, if it is awaiting exactly that payment.
fn credit(
    conn: &mut DbConnection,
    application: &str,
    payment: &PaymentRecord,
    now: DateTime<Utc>,
) -> Result<(), AdminError> {
    // An application of no account (a walk-in) is not credited by hand.
    let Some(mut found) =
        applications::lock(conn, application)?.filter(|found| found.account_id.is_some())
    else {
        return Err(AdminError::refused(
            "application_id",
            Message::new("application-id-unknown-here"),
        ));
    };
    let booking = bookings::current_of_application(conn, application)?;
    let due = booking
        .as_ref()
        .map_or(payment.notice.amount, |booking| booking.amount);
    check_credit(found.status, payment.notice.amount, due)
        .map_err(|refused| AdminError::Conflict(refused.to_string().into()))?;
    let booking = booking.ok_or_else(|| {
        anyhow::anyhow!("application {application} awaits payment without a booking")
    })?;
    if !credit_booking(conn, &mut found, &booking, now)? {
        // Its 2-hour hold lapsed a moment ago and the expiry has not caught up yet: the
        // place is no longer held, exactly as for an expired application.
        return Err(AdminError::Conflict(
            Message::new("payment-hold-lapsed").into(),
        ));
    }
    Ok(())
}
