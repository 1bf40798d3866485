//! Moving a paid appointment (once, no later than the day before it), or placing a paid
//! application that has none (a payment reconciled late when no place was free), and
//! cancelling an application (any time before its appointment; fees are not refunded). Either way the
//! place held is given back in the same transaction, so it is free at once.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::{ApplicationStatus, Channel, check_cancel, check_reschedule};
use paspor_openapi::{ApplicationDto, BookingRequest};
use paspor_persistence::bookings::{self, ApplicationBooking};
use paspor_persistence::places;
use paspor_persistence::waitlist::{self, EntryStatus};
use paspor_persistence::{DbConnection, applications, offices, sessions};

use super::ApplicationError;
use super::booking::bookable_session;
use super::notices;
use super::view::load_view;
use super::waitlist::release_offer;
use crate::auth::Applicant;
use crate::locale::Message;
use crate::notice::tell_account;
use crate::state::AppState;
use crate::write::Write;

/// The date of a booking's appointment and "today" at its office.
fn appointment_of(
    conn: &mut DbConnection,
    booking: &ApplicationBooking,
    now: DateTime<Utc>,
) -> Result<(NaiveDate, NaiveDate, String), ApplicationError> {
    let session = sessions::find(conn, &booking.session_id)?
        .ok_or_else(|| anyhow::anyhow!("session of booking {} is gone", booking.id))?;
    let office = offices::find(conn, &session.office_id)?
        .ok_or_else(|| anyhow::anyhow!("office {} is gone", session.office_id))?;
    let today = now.with_timezone(&office.time_zone.offset()).date_naive();
    Ok((session.date, today, office.name))
}

/// Moves a paid application's appointment to another session: the application is locked
/// first, so that of concurrent reschedules one moves it and the others find it moved once
/// already; the new place is taken as every place is, the old one freed at once.
pub fn reschedule(
    state: &AppState,
    principal: &Applicant,
    id: String,
    request: BookingRequest,
) -> Write<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    let reference = state.reference.clone();
    Write::new(move |conn| {
        let mut application = applications::lock_owned(conn, &account, &id)?
            .ok_or(ApplicationError::NotFound("application"))?;
        let current = bookings::current_of_application(conn, &id)?;
        if current.is_none() && application.status == ApplicationStatus::Paid {
            // Paid without a place (a payment reconciled late, when none was free): the
            // applicant picks one, the booking it paid for taken again there.
            if let Some(paid) = bookings::last_given_back(conn, &id)? {
                let (_, session) = bookable_session(conn, &reference, &request, &application, now)?;
                places::reclaim(conn, &application, &paid.id, &session.id, now)?;
                return load_view(conn, &reference, application.into_record(), today);
            }
        }
        let booking = current
            .filter(|booking| booking.hold_deadline.is_none())
            .ok_or_else(|| {
                ApplicationError::Refused(
                    Message::new("reschedule-only-paid")
                        .with("status", application.status.as_str())
                        .into(),
                )
            })?;
        let (appointment, office_today, _) = appointment_of(conn, &booking, now)?;
        check_reschedule(
            application.status,
            application.reschedules,
            appointment,
            office_today,
        )
        .map_err(|error| ApplicationError::Refused(error.into()))?;
        let (office, session) = bookable_session(conn, &reference, &request, &application, now)?;
        if session.id == booking.session_id {
            return Err(ApplicationError::field(
                "session_id",
                Message::new("session-already-booked"),
            ));
        }
        let channel = Channel::from(application.content.service);
        let pending = places::move_booking(conn, &application, &booking.id, &session.id, channel)?;
        let note = format!(
            "rescheduled from {appointment} to {} {}",
            session.date,
            session.starts.format("%H:%M")
        );
        applications::record_reschedule(conn, &mut application, &note, now)?;
        // The holder hears of the move in their language, the times on the offices' clocks.
        let previous = sessions::find(conn, &booking.session_id)?
            .ok_or_else(|| anyhow::anyhow!("session of booking {} is gone", booking.id))?;
        let previous_zone = offices::find(conn, &previous.office_id)?
            .map_or(office.time_zone, |office| office.time_zone);
        tell_account(
            conn,
            &account,
            &|language| {
                notices::rescheduled(
                    language,
                    &office.name,
                    office.time_zone,
                    (previous.date, previous.starts, previous_zone),
                    &session,
                )
            },
            now,
        )?;
        let moved = load_view(conn, &reference, application.into_record(), today)?;
        places::confirm(conn, pending, now)?;
        Ok(moved)
    })
}

/// Cancels an application before its appointment; its place returns to the pool at once.
/// The application is locked first: a payment, an expiry or another cancel of it waits,
/// then sees it cancelled.
pub fn cancel(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Write<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    let reference = state.reference.clone();
    Write::new(move |conn| {
        let mut application = applications::lock_owned(conn, &account, &id)?
            .ok_or(ApplicationError::NotFound("application"))?;
        let booking = bookings::current_of_application(conn, &id)?;
        let appointment = match &booking {
            Some(booking) => {
                let (date, office_today, _) = appointment_of(conn, booking, now)?;
                check_cancel(application.status, Some(date), office_today)
            }
            None => check_cancel(application.status, None, today),
        };
        appointment.map_err(|error| ApplicationError::Refused(error.into()))?;
        if let Some(booking) = &booking {
            // Given back once: under the lock nothing else gives it back meanwhile.
            bookings::release(conn, &application, &booking.id, now)?.applied();
        }
        release_offer(conn, &application, now)?;
        waitlist::set_status(
            conn,
            &application,
            &[EntryStatus::Waiting, EntryStatus::Offered],
            EntryStatus::Withdrawn,
            now,
        )?
        // Only an application that waited has an entry to close.
        .applied();
        if applications::move_status(
            conn,
            &mut application,
            ApplicationStatus::Cancelled,
            Some("cancelled by the applicant"),
            now,
        )?
        .skipped()
        {
            return Err(anyhow::anyhow!("application {id} moved under its lock").into());
        }
        crate::webhooks::application_status_changed(conn, &id, now)?;
        tell_account(conn, &account, &notices::cancelled, now)?;
        load_view(conn, &reference, application.into_record(), today)
    })
}
