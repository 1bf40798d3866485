//! The office's appointments of a day: every session with its capacities and the bookings
//! holding a place in it, for the officers to work through.

use std::collections::HashMap;

use chrono::NaiveDate;
use paspor_openapi::{
    AppointmentSessionDto, OfficeAppointmentsDto, OfficeBookingDto, SessionCapacityDto,
};
use paspor_persistence::processing::appointments;
use paspor_persistence::sessions;

use super::ProcessingError;
use super::lookup::AtOffice;
use crate::office::OfficeStaff;
use crate::state::AppState;

/// The sessions of `date` at the caller's office with their bookings, by start time, each
/// session's bookings in the order they were made.
pub async fn list_appointments(
    state: &AppState,
    staff: &OfficeStaff,
    date: NaiveDate,
) -> Result<OfficeAppointmentsDto, ProcessingError> {
    let at = AtOffice::of(staff);
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            let days = sessions::availability(conn, &at.office, date, date, now)?;
            let mut booked: HashMap<String, Vec<OfficeBookingDto>> = HashMap::new();
            for booking in appointments::of_day(conn, &at.office, date)? {
                booked
                    .entry(booking.session_id)
                    .or_default()
                    .push(OfficeBookingDto {
                        application_id: booking.application_id,
                        full_name: booking.full_name,
                        nik: booking.nik,
                        channel: booking.channel.into(),
                        status: booking.status.into(),
                        billing_code: booking.billing_code,
                        paid: booking.paid,
                        booked_at: booking.booked_at,
                    });
            }
            let sessions = days
                .into_iter()
                .map(|day| {
                    let session = day.session;
                    AppointmentSessionDto {
                        bookings: booked.remove(&session.id).unwrap_or_default(),
                        starts: session.starts.format("%H:%M").to_string(),
                        ends: session.ends.format("%H:%M").to_string(),
                        capacity: SessionCapacityDto {
                            regular: session.capacity.regular,
                            same_day: session.capacity.same_day,
                            priority: session.capacity.priority,
                        },
                        session_id: session.id,
                    }
                })
                .collect();
            Ok(OfficeAppointmentsDto {
                office_id: at.office,
                date,
                sessions,
            })
        })
        .await
}
