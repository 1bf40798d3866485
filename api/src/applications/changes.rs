//! Moving a paid appointment (once, no later than the day before it) and cancelling an
//! application (any time before its appointment; fees are not refunded). Either way the
//! place held is given back in the same transaction, so it is free at once.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::{ApplicationStatus, check_cancel, check_reschedule};
use paspor_openapi::{ApplicationDto, BookingRequest};
use paspor_persistence::accounts::users;
use paspor_persistence::bookings::{self, ApplicationBooking};
use paspor_persistence::waitlist::{self, EntryStatus};
use paspor_persistence::{
    DbConnection, applications, offices, outbox, sessions, write_transaction,
};

use super::ApplicationError;
use super::booking::{bookable_session, channel_of, claim_place};
use super::notices;
use super::view::view_owned;
use super::waitlist::release_offer;
use crate::auth::Principal;
use crate::state::AppState;

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

/// Moves a paid application's appointment to another session.
pub async fn reschedule(
    state: &AppState,
    principal: &Principal,
    id: String,
    request: BookingRequest,
) -> Result<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let application = applications::find_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                let booking = bookings::current_of_application(conn, &id)?
                    .filter(|booking| booking.hold_deadline.is_none())
                    .ok_or_else(|| {
                        ApplicationError::Refused(format!(
                            "only a paid application can be rescheduled; this one is {}",
                            application.status.as_str()
                        ))
                    })?;
                let (appointment, office_today, _) = appointment_of(conn, &booking, now)?;
                let done = applications::reschedules_of(conn, &id)?;
                check_reschedule(application.status, done, appointment, office_today)
                    .map_err(|error| ApplicationError::Refused(error.to_string()))?;
                let (_, session) = bookable_session(conn, &request, &application, now)?;
                if session.id == booking.session_id {
                    return Err(ApplicationError::field(
                        "session_id",
                        "is the session already booked",
                    ));
                }
                claim_place(conn, &session, channel_of(application.content.service), now)?;
                bookings::move_to_session(conn, &booking.id, &session.id)?;
                let note = format!(
                    "rescheduled from {appointment} to {} {}",
                    session.date,
                    session.starts.format("%H:%M")
                );
                applications::record_reschedule(conn, &id, application.status, &note, now)?;
                Ok::<_, ApplicationError>(())
            })?;
            view_owned(conn, &account, &id, today)
        })
        .await
}

/// Cancels an application before its appointment; its place returns to the pool at once.
pub async fn cancel(
    state: &AppState,
    principal: &Principal,
    id: String,
) -> Result<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    let view = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let application = applications::find_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                let booking = bookings::current_of_application(conn, &id)?;
                let appointment = match &booking {
                    Some(booking) => {
                        let (date, office_today, _) = appointment_of(conn, booking, now)?;
                        check_cancel(application.status, Some(date), office_today)
                    }
                    None => check_cancel(application.status, None, today),
                };
                appointment.map_err(|error| ApplicationError::Refused(error.to_string()))?;
                if let Some(booking) = &booking {
                    bookings::release(conn, &booking.id, now)?;
                }
                release_offer(conn, &id, now)?;
                waitlist::set_status(
                    conn,
                    &id,
                    &[EntryStatus::Waiting, EntryStatus::Offered],
                    EntryStatus::Withdrawn,
                    now,
                )?;
                let moved = applications::move_status(
                    conn,
                    &id,
                    application.status,
                    ApplicationStatus::Cancelled,
                    Some("cancelled by the applicant"),
                    now,
                )?;
                if !moved {
                    return Err(ApplicationError::Refused(
                        "the application changed meanwhile: read it again".to_owned(),
                    ));
                }
                crate::webhooks::application_status_changed(conn, &id, now)?;
                if let Some(user) = users::find(conn, &account)? {
                    outbox::enqueue(conn, &notices::cancelled(&user.email), now)?;
                }
                notices::push_to_devices(conn, &account, &notices::cancelled_push(), now)?;
                Ok::<_, ApplicationError>(())
            })?;
            view_owned(conn, &account, &id, today)
        })
        .await?;
    state.outbox.wake();
    Ok(view)
}
