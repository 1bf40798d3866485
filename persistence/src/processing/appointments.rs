//! The appointments of an office's day, as officers work through them: every booking of
//! the day's sessions that still holds its place (not given back, not a waitlist offer),
//! with the application and the person it is for; and whether an application is the
//! office's at all (its current booking is in one of the office's sessions).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{ApplicationStatus, Channel};

use crate::applications::{ApplicationRecord, find_by_id};
use crate::bookings::current_of_application;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{applicants, applications, bookings, office_sessions};
use crate::time::from_db;

/// One booking of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayBooking {
    pub session_id: String,
    pub application_id: String,
    pub channel: Channel,
    pub billing_code: Option<String>,
    /// Paid: the booking no longer waits for payment.
    pub paid: bool,
    /// When the place was booked.
    pub booked_at: DateTime<Utc>,
    pub status: ApplicationStatus,
    pub nik: String,
    /// The applicant's full name.
    pub full_name: String,
}

type BookingRow = (
    String,
    Option<String>,
    String,
    Option<String>,
    Option<NaiveDateTime>,
    NaiveDateTime,
);

/// The bookings of `office_id`'s sessions on `date`, by session start, then booking time.
pub fn of_day(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
) -> StoreResult<Vec<DayBooking>> {
    let rows: Vec<BookingRow> = bookings::table
        .inner_join(office_sessions::table)
        .filter(office_sessions::office_id.eq(office_id))
        .filter(office_sessions::session_date.eq(date))
        .filter(bookings::released_at.is_null())
        .filter(bookings::offer.eq(false))
        .filter(bookings::application_id.is_not_null())
        .order((
            office_sessions::starts_minute.asc(),
            bookings::created_at.asc(),
            bookings::id.asc(),
        ))
        .select((
            bookings::session_id,
            bookings::application_id,
            bookings::channel,
            bookings::billing_code,
            bookings::hold_deadline,
            bookings::created_at,
        ))
        .load(conn)?;
    let ids: Vec<String> = rows.iter().filter_map(|row| row.1.clone()).collect();
    // Two queries for the whole day rather than two per booking.
    let people: HashMap<String, (String, String, String)> = applications::table
        .inner_join(applicants::table)
        .filter(applications::id.eq_any(&ids))
        .select((
            applications::id,
            applications::status,
            applications::nik,
            applicants::full_name,
        ))
        .load::<(String, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, status, nik, name)| (id, (status, nik, name)))
        .collect();
    rows.into_iter()
        .filter_map(
            |(session_id, application, channel, code, deadline, created)| {
                let application = application?;
                Some((session_id, application, channel, code, deadline, created))
            },
        )
        .map(
            |(session_id, application_id, channel, billing_code, deadline, created)| {
                let (status, nik, full_name) =
                    people.get(&application_id).cloned().ok_or_else(|| {
                        StoreError::corrupt(format!("booked application {application_id} is gone"))
                    })?;
                Ok(DayBooking {
                    channel: channel.parse().map_err(StoreError::corrupt)?,
                    status: status.parse().map_err(StoreError::corrupt)?,
                    paid: deadline.is_none(),
                    booked_at: from_db(created),
                    session_id,
                    application_id,
                    billing_code,
                    nik,
                    full_name,
                })
            },
        )
        .collect()
}

/// The channel a booking's place comes from.
pub fn channel_of_booking(
    conn: &mut DbConnection,
    booking_id: &str,
) -> StoreResult<Option<Channel>> {
    let channel: Option<String> = bookings::table
        .find(booking_id)
        .select(bookings::channel)
        .first(conn)
        .optional()?;
    channel
        .map(|channel| channel.parse().map_err(StoreError::corrupt))
        .transpose()
}

/// The application with this id if it belongs to `office_id`: its current booking (not
/// given back, not an offer) is in a session of that office. `None` for another office's
/// application, one without a booking, or no application at all, alike.
pub fn application_at_office(
    conn: &mut DbConnection,
    office_id: &str,
    id: &str,
) -> StoreResult<Option<ApplicationRecord>> {
    let Some(booking) = current_of_application(conn, id)? else {
        return Ok(None);
    };
    let office: Option<String> = office_sessions::table
        .find(&booking.session_id)
        .select(office_sessions::office_id)
        .first(conn)
        .optional()?;
    if office.as_deref() != Some(office_id) {
        return Ok(None);
    }
    find_by_id(conn, id)
}
