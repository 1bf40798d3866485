//! Reminders, each sent once, in the account's language, by every channel it has: the
//! payment deadline of an unpaid booking is near; the appointment is near (the office's
//! name and address, the time on its clock, what to bring, how check-in works); a ready
//! passport's last collection day is near. (The passport's being ready is told when it
//! becomes ready, by the collection job; a moved appointment, when it is moved.)
//!
//! A pass looks for what is due ([`paspor_persistence::reminders`]) and sends each in a
//! transaction of its own that locks the application (as every change of it does), checks
//! that it still is as the reminder assumes (still unpaid, still paid and on that session,
//! still ready), records the reminder under its unique key and enqueues its messages.
//! Several api processes may look at once: one records each reminder, the others' copies
//! fail on the key and roll back with their messages.

mod texts;

use chrono::{DateTime, Days, TimeDelta, Utc};
use paspor_domain::{ApplicationStatus, TimeZone};
use paspor_persistence::reminders::{
    self, DueAppointment, DueCollection, DuePayment, ReminderKind,
};
use paspor_persistence::{DbConnection, StoreError, applications, bookings, write_transaction};

use crate::config::ReminderSettings;
use crate::notice::tell_account;

/// How many due reminders of each kind one pass looks at; the next pass takes the rest.
const BATCH: i64 = 100;

/// Why a pass failed.
#[derive(Debug, thiserror::Error)]
pub enum ReminderError {
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something the reminder rests on is gone.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// How many reminders of each kind one pass sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderPass {
    /// Payment deadlines near.
    pub payments: usize,
    /// Appointments near.
    pub appointments: usize,
    /// Last collection days near.
    pub collections: usize,
}

impl ReminderPass {
    /// How many in all.
    pub fn total(self) -> usize {
        self.payments + self.appointments + self.collections
    }
}

/// Sends every reminder due at `now`.
pub fn send_due_reminders(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    settings: &ReminderSettings,
) -> Result<ReminderPass, ReminderError> {
    let mut pass = ReminderPass::default();
    for due in reminders::payments_due(conn, now, now + settings.payment_lead, BATCH)? {
        pass.payments += usize::from(each(conn, |conn| remind_payment(conn, &due, now))?);
    }
    for zone in TimeZone::ALL {
        // The appointments whose start, on the office's clock, is within the lead.
        let local_now = zone.to_local(now);
        let local_until = zone.to_local(now + settings.appointment_lead);
        let due =
            reminders::appointments_due(conn, zone, local_now.date(), local_until.date(), BATCH)?;
        for appointment in due {
            let starts = appointment.date.and_time(chrono::NaiveTime::MIN)
                + TimeDelta::minutes(i64::from(appointment.starts_minute));
            if starts <= local_now || starts > local_until {
                continue;
            }
            pass.appointments += usize::from(each(conn, |conn| {
                remind_appointment(conn, &appointment, zone, now)
            })?);
        }
        let today = zone.local_date(now);
        let last = today
            .checked_add_days(Days::new(u64::from(settings.collection_lead_days)))
            .unwrap_or(today);
        for collection in reminders::collections_due(conn, zone, today, last, BATCH)? {
            pass.collections += usize::from(each(conn, |conn| {
                remind_collection(conn, &collection, now)
            })?);
        }
    }
    Ok(pass)
}

/// Runs one reminder's transaction: `true` when this process sent it; `false` when
/// another did (its key was taken) or it no longer applies. One reminder's bad data is
/// logged and left; the store failing ends the pass.
fn each(
    conn: &mut DbConnection,
    send: impl FnOnce(&mut DbConnection) -> Result<bool, ReminderError>,
) -> Result<bool, ReminderError> {
    match write_transaction(conn, send) {
        Ok(sent) => Ok(sent),
        Err(ReminderError::Store(error)) if error.is_unique_violation() => Ok(false),
        Err(ReminderError::Internal(error)) => {
            tracing::error!(%error, "a reminder was left unsent");
            Ok(false)
        }
        Err(error) => Err(error),
    }
}

fn remind_payment(
    conn: &mut DbConnection,
    due: &DuePayment,
    now: DateTime<Utc>,
) -> Result<bool, ReminderError> {
    let Some(application) = applications::lock(conn, &due.application_id)? else {
        return Ok(false);
    };
    // Paid, cancelled or expired since it was found: nothing to remind of.
    let booking = bookings::current_of_application(conn, application.id())?
        .filter(|booking| booking.id == due.booking_id && booking.hold_deadline.is_some());
    let (Some(booking), Some(owner)) = (booking, application.account_id.clone()) else {
        return Ok(false);
    };
    if application.status != ApplicationStatus::AwaitingPayment {
        return Ok(false);
    }
    reminders::record_sent(
        conn,
        ReminderKind::PaymentDeadline,
        application.id(),
        &booking.id,
        now,
    )?;
    let place = texts::place_of(conn, &booking.session_id)?;
    tell_account(
        conn,
        &owner,
        &|language| texts::payment(language, &place, &booking, due.deadline),
        now,
    )?;
    Ok(true)
}

fn remind_appointment(
    conn: &mut DbConnection,
    due: &DueAppointment,
    zone: TimeZone,
    now: DateTime<Utc>,
) -> Result<bool, ReminderError> {
    let Some(application) = applications::lock(conn, &due.application_id)? else {
        return Ok(false);
    };
    // Cancelled, moved or checked in since it was found: this reminder no longer applies.
    let booked_here =
        bookings::current_of_application(conn, application.id())?.is_some_and(|booking| {
            booking.session_id == due.session_id && booking.hold_deadline.is_none()
        });
    let Some(owner) = application.account_id.clone() else {
        return Ok(false);
    };
    if !booked_here || application.status != ApplicationStatus::Paid {
        return Ok(false);
    }
    reminders::record_sent(
        conn,
        ReminderKind::Appointment,
        application.id(),
        &due.session_id,
        now,
    )?;
    let place = texts::place_of(conn, &due.session_id)?;
    if place.zone != zone {
        return Err(
            anyhow::anyhow!("the office of session {} changed zone", due.session_id).into(),
        );
    }
    let bring = texts::what_to_bring(conn, &application, due.date)?;
    tell_account(
        conn,
        &owner,
        &|language| texts::appointment(language, &place, &bring),
        now,
    )?;
    Ok(true)
}

fn remind_collection(
    conn: &mut DbConnection,
    due: &DueCollection,
    now: DateTime<Utc>,
) -> Result<bool, ReminderError> {
    let Some(application) = applications::lock(conn, &due.application_id)? else {
        return Ok(false);
    };
    // Collected since it was found: nothing to remind of.
    if application.status != ApplicationStatus::Ready {
        return Ok(false);
    }
    let Some(owner) = application.account_id.clone() else {
        return Ok(false);
    };
    reminders::record_sent(
        conn,
        ReminderKind::CollectionDeadline,
        application.id(),
        &due.passport_id,
        now,
    )?;
    tell_account(
        conn,
        &owner,
        &|language| texts::collection(language, &due.number, due.collect_by),
        now,
    )?;
    Ok(true)
}
