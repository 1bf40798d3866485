//! Applying a payment notice, once per event: a matching, unexpired booking makes its
//! application paid; anything else is recorded for an admin and never dropped.

use chrono::{DateTime, Utc};
use paspor_domain::ApplicationStatus;
use paspor_openapi::{PaymentNoticeRequest, PaymentReceivedData};
use paspor_persistence::applications::LockedApplication;
use paspor_persistence::bookings::ApplicationBooking;
use paspor_persistence::payments::{self, PaymentNotice, PaymentStatus};
use paspor_persistence::{DbConnection, StoreError, applications, bookings, write_transaction};

use super::late::{Search, credit_late};
use crate::applications::paid_notice;
use crate::notice::tell_account;
use crate::reference_data::ReferenceData;
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;
use crate::state::AppState;

/// What became of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeOutcome {
    /// The application is paid.
    Applied,
    /// Kept for an admin: no payable booking had the code (unknown, expired, paid already).
    Unmatched,
    /// The event was received before; nothing changed.
    Duplicate,
    /// The amount is not the one due: kept, and refused.
    AmountMismatch {
        /// What the booking asks.
        due: i64,
    },
}

impl NoticeOutcome {
    /// The outcome's name in metrics.
    pub fn label(self) -> &'static str {
        match self {
            NoticeOutcome::Applied => "applied",
            NoticeOutcome::Unmatched => "unmatched",
            NoticeOutcome::Duplicate => "duplicate",
            NoticeOutcome::AmountMismatch { .. } => "amount_mismatch",
        }
    }
}

/// A notice that could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<PaymentError> for Refusal {
    fn from(error: PaymentError) -> Self {
        match error {
            PaymentError::Store(error) => error.into(),
            PaymentError::Internal(error) => Refusal::internal(error),
        }
    }
}

fn is_unique_violation(error: &PaymentError) -> bool {
    matches!(error, PaymentError::Store(StoreError::UniqueViolation(_)))
}

/// Applies a notice whose signature has been checked.
pub async fn receive_notice(
    state: &AppState,
    notice: PaymentNoticeRequest,
) -> Result<NoticeOutcome, Refusal> {
    let notice = PaymentNotice {
        event_id: notice.event_id,
        billing_code: notice.billing_code,
        amount: notice.amount,
        paid_at: notice.paid_at,
        ntpn: notice.ntpn,
        channel: notice.channel,
    };
    let now = state.clock.now();
    let reference = state.reference.clone();
    let outcome = state
        .db
        .call(move |conn| {
            match write_transaction(conn, |conn| apply(conn, &reference, &notice, now)) {
                // The same event raced in twice: the other copy won.
                Err(error) if is_unique_violation(&error) => Ok(NoticeOutcome::Duplicate),
                other => other,
            }
        })
        .await?;
    if outcome == NoticeOutcome::Applied {
        state.outbox.wake();
    }
    state.metrics.payment_notice(outcome.label());
    Ok(outcome)
}

fn apply(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    notice: &PaymentNotice,
    now: DateTime<Utc>,
) -> Result<NoticeOutcome, PaymentError> {
    if payments::find_by_event(conn, &notice.event_id)?.is_some() || kept_already(conn, notice)? {
        return Ok(NoticeOutcome::Duplicate);
    }
    let Some(booking) = bookings::find_by_billing_code(conn, &notice.billing_code)? else {
        payments::insert(conn, notice, PaymentStatus::Unmatched, None, now)?;
        tracing::warn!(
            billing_code = notice.billing_code,
            "payment for an unknown billing code kept for an admin"
        );
        return Ok(NoticeOutcome::Unmatched);
    };
    let application = Some(booking.application_id.as_str());
    if booking.amount != notice.amount {
        payments::insert(
            conn,
            notice,
            PaymentStatus::AmountMismatch,
            application,
            now,
        )?;
        tracing::warn!(
            billing_code = notice.billing_code,
            due = booking.amount,
            paid = notice.amount,
            "payment of a wrong amount refused"
        );
        return Ok(NoticeOutcome::AmountMismatch {
            due: booking.amount,
        });
    }
    // The application first, as every transaction that changes it does; what the lock
    // finds decides.
    let credited = match applications::lock(conn, &booking.application_id)? {
        // A settlement import of the same payment may have applied it, under this lock,
        // since the look above.
        Some(_) if kept_already(conn, notice)? => return Ok(NoticeOutcome::Duplicate),
        Some(mut locked) => credit_in_time(conn, reference, &mut locked, &booking, notice, now)?,
        None => false,
    };
    if !credited {
        payments::insert(conn, notice, PaymentStatus::Unmatched, application, now)?;
        tracing::warn!(
            billing_code = notice.billing_code,
            "late or repeated payment kept for an admin"
        );
        return Ok(NoticeOutcome::Unmatched);
    }
    payments::insert(conn, notice, PaymentStatus::Applied, application, now)?;
    crate::webhooks::payment_received(
        conn,
        &PaymentReceivedData {
            application_id: booking.application_id.clone(),
            billing_code: notice.billing_code.clone(),
            amount: notice.amount,
            paid_at: notice.paid_at,
            payment_event_id: notice.event_id.clone(),
            ntpn: notice.ntpn.clone(),
            channel: notice.channel.clone(),
        },
        now,
    )?;
    Ok(NoticeOutcome::Applied)
}

/// Whether the same payment (its NTPN, the state's receipt number) is kept already under
/// another event: applied from a settlement report before its notice came.
fn kept_already(conn: &mut DbConnection, notice: &PaymentNotice) -> Result<bool, PaymentError> {
    Ok(match &notice.ntpn {
        Some(ntpn) => payments::find_by_code_and_ntpn(conn, &notice.billing_code, ntpn)?.is_some(),
        None => false,
    })
}

/// Inside a write transaction, under the application's lock: credits a payment made by its
/// booking's deadline. One made after it is not (it is refunded). Before the expiry job
/// has run, the hold is still the application's; after it, within the grace period
/// (`PASPOR_PAYMENT_GRACE_MINUTES`) the place is still held and is restored. Past the grace
/// the notice is kept for an admin, as it always was; the settlement report settles it.
fn credit_in_time(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    locked: &mut LockedApplication,
    booking: &ApplicationBooking,
    notice: &PaymentNotice,
    now: DateTime<Utc>,
) -> Result<bool, PaymentError> {
    if booking
        .hold_deadline
        .is_some_and(|deadline| notice.paid_at > deadline)
    {
        return Ok(false);
    }
    if locked.status != ApplicationStatus::Expired {
        return credit_booking(conn, locked, booking, now);
    }
    let in_grace = bookings::held_until(conn, &booking.id)?.is_some_and(|until| now < until);
    if !in_grace || booking.released_at.is_some() {
        return Ok(false);
    }
    let search = Search {
        may_move: false,
        days: 0,
    };
    Ok(credit_late(conn, reference, locked, booking, search, now)?.is_some())
}

/// Inside a write transaction: makes a booking's application paid, as a payment of its
/// billing code does (whether matched on arrival or credited by an admin), and tells the
/// holder. Only a hold still live at `now` is paid, and the application must still await
/// payment (a second payment of one code is not applied twice); returns whether it was.
pub fn credit_booking(
    conn: &mut DbConnection,
    application: &mut LockedApplication,
    booking: &ApplicationBooking,
    now: DateTime<Utc>,
) -> Result<bool, PaymentError> {
    if application.status != ApplicationStatus::AwaitingPayment
        || bookings::confirm_paid(conn, application, &booking.id, now)?.skipped()
    {
        return Ok(false);
    }
    if applications::move_status(conn, application, ApplicationStatus::Paid, None, now)?.skipped() {
        return Err(
            anyhow::anyhow!("application {} moved under its lock", application.id()).into(),
        );
    }
    crate::webhooks::application_status_changed(conn, &booking.application_id, now)?;
    if let Some(owner) = application.account_id.clone() {
        let code = booking.billing_code.clone();
        let amount = booking.amount;
        tell_account(
            conn,
            &owner,
            &|language| {
                paid_notice(language, &code)
                    .with_whatsapp(crate::whatsapp::notices::paid(&code, amount))
            },
            now,
        )?;
    }
    Ok(true)
}

/// The answer to a notice that was refused for its amount.
pub fn amount_mismatch(due: i64) -> Refusal {
    Refusal::new(
        RefusalKind::Unprocessable,
        format!(
            "the amount paid is not the amount due ({due}); the payment is recorded for an admin"
        ),
    )
    .with_field_error("amount", format!("must be {due}"))
}
