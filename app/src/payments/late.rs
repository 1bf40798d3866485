//! A payment made before its deadline whose notice came late, or never (found in the
//! channel's settlement report): the application, awaiting payment or expired meanwhile,
//! becomes paid, on its own place if that is still held (the grace period) or free, else,
//! where the caller allows it, on the nearest free place of the same office, else without
//! a place (the person picks one). Every place is taken under its session's lock and
//! counted first (`paspor_persistence::places::reclaim`), so a session is never oversold.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::ApplicationStatus;
use paspor_domain::office::Office;
use paspor_domain::quota::Session;
use paspor_persistence::applications::LockedApplication;
use paspor_persistence::bookings::ApplicationBooking;
use paspor_persistence::places::{self, PlaceError};
use paspor_persistence::{DbConnection, applications, bookings, sessions};

use super::notices::PaymentError;
use crate::applications::paid_notice;
use crate::locale::{Args, Language};
use crate::notice::{Notice, tell_account};
use crate::reference_data::ReferenceData;

/// Where the payment left the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// On its own place, kept or taken back.
    Restored,
    /// On another place of the same office: this session.
    Moved(Session),
    /// Paid, without a place: the person books one.
    WithoutPlace,
}

/// How far a late payment may go to find a place.
#[derive(Debug, Clone, Copy)]
pub struct Search {
    /// Whether another session than its own may be taken.
    pub may_move: bool,
    /// How many days past its own session's date.
    pub days: u32,
}

/// Inside a write transaction, under the application's lock: makes `application` (awaiting
/// payment or expired) paid by the payment of `booking` made in time, and tells its
/// holder. `None` when it cannot: the person has another active application now (they
/// started again), or the place is gone and `search` does not allow another. The caller
/// records the payment and publishes it.
pub fn credit_late(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    application: &mut LockedApplication,
    booking: &ApplicationBooking,
    search: Search,
    now: DateTime<Utc>,
) -> Result<Option<Placed>, PaymentError> {
    let from = application.status;
    if !matches!(
        from,
        ApplicationStatus::AwaitingPayment | ApplicationStatus::Expired
    ) {
        return Ok(None);
    }
    // Paid, it is active again: a person has one active application at a time (an index
    // says so), and one who started again since has it.
    if let Some((other, _)) = applications::active_for_nik(conn, &application.nik)?
        && other != application.id()
    {
        return Ok(None);
    }
    let Some(own) = sessions::find(conn, &booking.session_id)? else {
        return Ok(None);
    };
    let Some(office) = reference.office(conn, &own.office_id)? else {
        return Ok(None);
    };
    let placed = match take(conn, application, booking, &own, &office, now)? {
        true => Placed::Restored,
        false if !search.may_move => return Ok(None),
        false => match nearest(conn, application, booking, &own, &office, search, now)? {
            Some(session) => Placed::Moved(session),
            None => {
                bookings::release(conn, application, &booking.id, now)?.applied();
                Placed::WithoutPlace
            }
        },
    };
    let note = match &placed {
        Placed::Restored => "paid before its deadline; the payment was reported late",
        Placed::Moved(_) => {
            "paid before its deadline; the payment was reported late and its place was taken: \
             moved to the nearest free session"
        }
        Placed::WithoutPlace => {
            "paid before its deadline; the payment was reported late and no place was free: \
             the applicant books one"
        }
    };
    if applications::move_status(conn, application, ApplicationStatus::Paid, Some(note), now)?
        .skipped()
    {
        return Err(
            anyhow::anyhow!("application {} moved under its lock", application.id()).into(),
        );
    }
    crate::webhooks::application_status_changed(conn, application.id(), now)?;
    if let Some(owner) = application.account_id.clone() {
        let code = booking.billing_code.clone();
        let amount = booking.amount;
        tell_account(
            conn,
            &owner,
            &|language| match &placed {
                Placed::Restored => paid_notice(language, &code)
                    .with_whatsapp(crate::whatsapp::notices::paid(&code, amount)),
                Placed::Moved(session) => moved(language, &code, &office, &own, session),
                Placed::WithoutPlace => without_place(language, &code, &office),
            },
            now,
        )?;
    }
    Ok(Some(placed))
}

/// Takes `session` for the booking if it has not begun and has room; whether it did.
fn take(
    conn: &mut DbConnection,
    application: &LockedApplication,
    booking: &ApplicationBooking,
    session: &Session,
    office: &Office,
    now: DateTime<Utc>,
) -> Result<bool, PaymentError> {
    if session.has_started(office.time_zone, now) {
        return Ok(false);
    }
    match places::reclaim(conn, application, &booking.id, &session.id, now) {
        Ok(()) => Ok(true),
        Err(
            PlaceError::Full
            | PlaceError::KindFull(_)
            | PlaceError::Closed
            | PlaceError::WalkInOnly,
        ) => Ok(false),
        Err(PlaceError::Store(error)) => Err(error.into()),
        Err(other) => Err(anyhow::anyhow!("reclaiming a place: {other}").into()),
    }
}

/// The first session of the office, from `own`'s day (later that day first) up to
/// `search.days` after it, that has not begun and where the booking takes a place.
fn nearest(
    conn: &mut DbConnection,
    application: &LockedApplication,
    booking: &ApplicationBooking,
    own: &Session,
    office: &Office,
    search: Search,
    now: DateTime<Utc>,
) -> Result<Option<Session>, PaymentError> {
    let today = office.time_zone.local_date(now);
    let from = own.date.max(today);
    let to = from + TimeDelta::days(i64::from(search.days));
    let channel = paspor_domain::Channel::from(application.content.service);
    for candidate in sessions::availability(conn, &office.id, from, to, now)? {
        let session = candidate.session.clone();
        let earlier_that_day = session.date == own.date && session.starts < own.starts;
        // A session whose quota is not released yet is no one's to give.
        if session.id == own.id
            || earlier_that_day
            || !session.is_released(now)
            || candidate.remaining(channel) == 0
        {
            continue;
        }
        if take(conn, application, booking, &session, office, now)? {
            return Ok(Some(session));
        }
    }
    Ok(None)
}

/// Paid, and the appointment moved to `session` because its own was taken.
fn moved(
    language: Language,
    billing_code: &str,
    office: &Office,
    own: &Session,
    session: &Session,
) -> Notice {
    let mut args = Args::new();
    args.set("billing_code", billing_code.to_owned());
    args.set("office", office.name.clone());
    args.set(
        "previous",
        crate::applications::appointment_at(language, own, office.time_zone),
    );
    args.set(
        "appointment",
        crate::applications::appointment_at(language, session, office.time_zone),
    );
    Notice::of(language, "notice-paid-moved", &args)
}

/// Paid, and no place was free: the person books one.
fn without_place(language: Language, billing_code: &str, office: &Office) -> Notice {
    let mut args = Args::new();
    args.set("billing_code", billing_code.to_owned());
    args.set("office", office.name.clone());
    Notice::of(language, "notice-paid-without-place", &args)
}
