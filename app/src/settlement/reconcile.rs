//! Reconciling one line of a settlement report, in a transaction of its own: the line is
//! taken (still pending), the booking of its billing code found, and the application locked
//! before anything is judged, as a payment notice locks it, so that the line and a notice
//! of the same payment arriving at once apply it once.

use chrono::{DateTime, Utc};
use paspor_domain::settlement::{LineOutcome, SettledPayment, judge_settled};
use paspor_domain::settlement_report::SettledLine;
use paspor_openapi::PaymentReceivedData;
use paspor_persistence::applications::LockedApplication;
use paspor_persistence::bookings::ApplicationBooking;
use paspor_persistence::payments::{self, PaymentNotice, PaymentStatus, Settlement};
use paspor_persistence::settlement_reports::{self, Reconciled};
use paspor_persistence::{DbConnection, applications, bookings};

use super::SettlementError;
use crate::payments::{Placed, Search, credit_booking, credit_late};
use crate::reference_data::ReferenceData;

/// Who reconciles, and how far a payment whose place was taken looks for another.
pub(super) struct Reconciler<'a> {
    pub reference: &'a ReferenceData,
    pub admin: &'a str,
    pub report_id: &'a str,
    pub move_days: u32,
}

/// What one line came to (none if another import reconciled it first).
pub(super) fn reconcile_line(
    conn: &mut DbConnection,
    reconciler: &Reconciler<'_>,
    line_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<LineOutcome>, SettlementError> {
    let Some(record) = settlement_reports::take_pending_line(conn, line_id)? else {
        return Ok(None);
    };
    let line = &record.line;
    let (outcome, reason, application, session) = judge_line(conn, reconciler, line, now)?;
    settlement_reports::record_outcome(
        conn,
        line_id,
        &Reconciled {
            outcome,
            reason,
            application_id: application.as_deref(),
            session_id: session.as_deref(),
        },
        now,
    )?
    .applied();
    Ok(Some(outcome))
}

type Judged = (
    LineOutcome,
    Option<&'static str>,
    Option<String>,
    Option<String>,
);

fn judge_line(
    conn: &mut DbConnection,
    reconciler: &Reconciler<'_>,
    line: &SettledLine,
    now: DateTime<Utc>,
) -> Result<Judged, SettlementError> {
    let unknown = (
        LineOutcome::Unmatched,
        Some("unknown_billing_code"),
        None,
        None,
    );
    let Some(found) = bookings::find_by_billing_code(conn, &line.billing_code)? else {
        return Ok(unknown);
    };
    // The application first, as every change of it; the booking read again under its lock.
    let Some(mut locked) = applications::lock(conn, &found.application_id)? else {
        return Ok(unknown);
    };
    let Some(booking) = bookings::find_by_billing_code(conn, &line.billing_code)? else {
        return Ok(unknown);
    };
    let application = Some(booking.application_id.clone());
    let judged = judge_settled(
        locked.status,
        line.amount,
        booking.amount,
        line.paid_at,
        booking.hold_deadline,
    );
    let refund = |conn: &mut DbConnection, reason: &'static str| {
        keep_to_refund(conn, line, &booking, now)?;
        Ok::<_, SettlementError>((LineOutcome::Refund, Some(reason), application.clone(), None))
    };
    match judged {
        SettledPayment::WrongAmount { .. } => Ok((
            LineOutcome::Unmatched,
            Some("amount_mismatch"),
            application,
            None,
        )),
        SettledPayment::PaidLate => refund(conn, "paid_after_deadline"),
        SettledPayment::NothingDue(_) => refund(conn, "nothing_due"),
        SettledPayment::PastPayment => {
            let paid_by = payments::paid_for(conn, &[booking.application_id.as_str()])?
                .remove(&booking.application_id);
            match paid_by {
                // Paid by another payment than this one: the payer paid twice.
                Some(payment)
                    if payment
                        .notice
                        .ntpn
                        .as_deref()
                        .is_some_and(|ntpn| ntpn != line.ntpn) =>
                {
                    refund(conn, "paid_twice")
                }
                _ => Ok((LineOutcome::AlreadyApplied, None, application, None)),
            }
        }
        SettledPayment::Credit => credit(conn, reconciler, &mut locked, &booking, line, now),
    }
}

/// Applies a payment made in time whose notice never came.
fn credit(
    conn: &mut DbConnection,
    reconciler: &Reconciler<'_>,
    locked: &mut LockedApplication,
    booking: &ApplicationBooking,
    line: &SettledLine,
    now: DateTime<Utc>,
) -> Result<Judged, SettlementError> {
    let application = Some(booking.application_id.clone());
    // Still awaiting payment on a live hold: paid as its notice would have paid it.
    let placed = if credit_booking(conn, locked, booking, now)? {
        Some(Placed::Restored)
    } else {
        let search = Search {
            may_move: true,
            days: reconciler.move_days,
        };
        credit_late(conn, reconciler.reference, locked, booking, search, now)?
    };
    let Some(placed) = placed else {
        keep_to_refund(conn, line, booking, now)?;
        return Ok((
            LineOutcome::Refund,
            Some("started_again"),
            application,
            None,
        ));
    };
    record_payment(conn, reconciler, line, booking, now)?;
    Ok(match placed {
        Placed::Restored => (
            LineOutcome::Restored,
            None,
            application,
            Some(booking.session_id.clone()),
        ),
        Placed::Moved(session) => (LineOutcome::Moved, None, application, Some(session.id)),
        Placed::WithoutPlace => (
            LineOutcome::PaidWithoutPlace,
            Some("place_gone"),
            application,
            None,
        ),
    })
}

/// The payment as a notice of it would have been kept.
fn notice_of(line: &SettledLine) -> PaymentNotice {
    PaymentNotice {
        // The same for one payment in any report: a second import finds it.
        event_id: format!("settlement:{}:{}", line.billing_code, line.ntpn),
        billing_code: line.billing_code.clone(),
        amount: line.amount,
        paid_at: line.paid_at,
        ntpn: Some(line.ntpn.clone()),
        channel: line.channel.clone(),
    }
}

/// Keeps the applied payment (settling the notice of it kept as unmatched, if it came
/// after its place was given back) and tells integrators, as a notice applied does.
fn record_payment(
    conn: &mut DbConnection,
    reconciler: &Reconciler<'_>,
    line: &SettledLine,
    booking: &ApplicationBooking,
    now: DateTime<Utc>,
) -> Result<(), SettlementError> {
    let notice = notice_of(line);
    let application = booking.application_id.as_str();
    let kept = payments::find_by_code_and_ntpn(conn, &line.billing_code, &line.ntpn)?;
    let event_id = match kept {
        Some(payment) if payment.status == PaymentStatus::Unmatched => {
            let settlement = Settlement {
                resolution: paspor_domain::settlement::Resolution::Applied,
                note: format!(
                    "applied from settlement report {}, line {}",
                    reconciler.report_id, line.line_number
                ),
                settled_by: reconciler.admin.to_owned(),
                settled_at: now,
            };
            payments::settle(conn, &payment.id, &settlement, Some(application))?.applied();
            payment.notice.event_id
        }
        Some(payment) => payment.notice.event_id,
        None => {
            payments::insert(
                conn,
                &notice,
                PaymentStatus::Applied,
                Some(application),
                now,
            )?;
            notice.event_id.clone()
        }
    };
    crate::webhooks::payment_received(
        conn,
        &PaymentReceivedData {
            application_id: application.to_owned(),
            billing_code: line.billing_code.clone(),
            amount: line.amount,
            paid_at: line.paid_at,
            payment_event_id: event_id,
            ntpn: Some(line.ntpn.clone()),
            channel: line.channel.clone(),
        },
        now,
    )?;
    Ok(())
}

/// Keeps a payment to refund as a late notice is kept (unmatched, for an admin to settle
/// as refunded), unless it is kept already.
fn keep_to_refund(
    conn: &mut DbConnection,
    line: &SettledLine,
    booking: &ApplicationBooking,
    now: DateTime<Utc>,
) -> Result<(), SettlementError> {
    if payments::find_by_code_and_ntpn(conn, &line.billing_code, &line.ntpn)?.is_none() {
        payments::insert(
            conn,
            &notice_of(line),
            PaymentStatus::Unmatched,
            Some(booking.application_id.as_str()),
            now,
        )?;
    }
    Ok(())
}
