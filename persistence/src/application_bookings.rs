//! The bookings of applications with their sessions, for reading applications: what the
//! owner's view of an application shows of its place, for one application or a page.

use std::collections::HashMap;

use diesel::prelude::*;
use paspor_domain::quota::Session;

use crate::bookings::{ApplicationBooking, BOOKING_COLUMNS, BookingRow, application_booking};
use crate::connection::{DbConnection, load_for_ids};
use crate::error::StoreResult;
use crate::schema::{bookings, office_sessions};
use crate::sessions::SessionRow;

/// The current booking of each of `application_ids` that has one (as
/// [`crate::bookings::current_of_application`]), with its session: one statement for a page
/// of applications.
pub fn current_with_sessions(
    conn: &mut DbConnection,
    application_ids: &[&str],
) -> StoreResult<HashMap<String, (ApplicationBooking, Session)>> {
    let current = || {
        bookings::table
            .inner_join(office_sessions::table)
            .filter(bookings::released_at.is_null())
            .filter(bookings::offer.eq(false))
            .order(bookings::created_at.desc())
            .select((BOOKING_COLUMNS, SessionRow::as_select()))
    };
    let rows: Vec<(BookingRow, SessionRow)> =
        load_for_ids!(conn, current(), bookings::application_id, application_ids)?;
    let mut found = HashMap::new();
    for (booking, session) in rows {
        let booking = application_booking(booking)?;
        // Newest first: an application's first row is its current booking.
        if !found.contains_key(&booking.application_id) {
            found.insert(
                booking.application_id.clone(),
                (booking, session.into_domain()?),
            );
        }
    }
    Ok(found)
}
