//! The limits a booking must pass besides a free place: one row a system admin changes.
//! The record they judge is read with the rest of a booking's standing
//! ([`crate::booking_standing`]).

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use paspor_domain::BookingLimits;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::booking_limits;
use crate::time::to_db;

type Row = (i32, i32, i32, i32, i32);

fn count(value: i32) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("booking limit {value}")))
}

/// The limits in force (the service's defaults if the row is missing).
pub fn get(conn: &mut DbConnection) -> StoreResult<BookingLimits> {
    let row: Option<Row> = booking_limits::table
        .find(1)
        .select((
            booking_limits::lapses_before_cooldown,
            booking_limits::lapse_window_days,
            booking_limits::cooldown_days,
            booking_limits::holds_per_account,
            booking_limits::bookings_per_release,
        ))
        .first(conn)
        .optional()?;
    let Some((lapses, window, cooldown, holds, per_release)) = row else {
        return Ok(BookingLimits::default());
    };
    Ok(BookingLimits {
        lapses_before_cooldown: count(lapses)?,
        lapse_window: TimeDelta::days(i64::from(window)),
        cooldown: TimeDelta::days(i64::from(cooldown)),
        holds_per_account: count(holds)?,
        bookings_per_release: count(per_release)?,
    })
}

/// Replaces the limits (whole days; the caller checked the bounds).
pub fn set(conn: &mut DbConnection, limits: &BookingLimits, now: DateTime<Utc>) -> StoreResult<()> {
    let days = |delta: TimeDelta| i32::try_from(delta.num_days()).unwrap_or(i32::MAX);
    let number = |value: u32| i32::try_from(value).unwrap_or(i32::MAX);
    let values = (
        booking_limits::lapses_before_cooldown.eq(number(limits.lapses_before_cooldown)),
        booking_limits::lapse_window_days.eq(days(limits.lapse_window)),
        booking_limits::cooldown_days.eq(days(limits.cooldown)),
        booking_limits::holds_per_account.eq(number(limits.holds_per_account)),
        booking_limits::bookings_per_release.eq(number(limits.bookings_per_release)),
        booking_limits::updated_at.eq(Some(to_db(now))),
    );
    let updated = diesel::update(booking_limits::table.find(1))
        .set(values)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(booking_limits::table)
            .values((booking_limits::id.eq(1), values))
            .execute(conn)?;
    }
    Ok(())
}
