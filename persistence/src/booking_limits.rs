//! The limits a booking must pass besides a free place (one row a system admin changes),
//! and the record a booking is judged by: the person's lapses and cancellations, the
//! account's holds awaiting payment, and its bookings of the session's release.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use paspor_domain::{ApplicationStatus, BookingLimits, BookingRecord};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{application_history, applications, booking_limits, bookings, office_sessions};
use crate::time::{from_db, to_db};

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

/// What a booking of `account` for the person `nik`, in a session released at
/// `release_at`, is judged by at `now`: the person's lapses and cancellations of booked
/// applications since `since`, the account's holds awaiting payment, and its bookings of
/// that release (lapsed and cancelled ones included).
pub fn record_of(
    conn: &mut DbConnection,
    account: &str,
    nik: &str,
    release_at: DateTime<Utc>,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<BookingRecord> {
    let booked = bookings::table
        .filter(bookings::offer.eq(false))
        .select(bookings::application_id);
    let person = applications::table
        .filter(applications::nik.eq(nik))
        .filter(applications::id.nullable().eq_any(booked))
        .select(applications::id);
    let lapses: Vec<NaiveDateTime> = application_history::table
        .filter(application_history::application_id.eq_any(person))
        .filter(application_history::status.eq_any([
            ApplicationStatus::Expired.as_str(),
            ApplicationStatus::Cancelled.as_str(),
        ]))
        .filter(application_history::at.gt(to_db(since)))
        .select(application_history::at)
        .load(conn)?;
    let own = || {
        applications::table
            .filter(applications::account_id.eq(account))
            .select(applications::id.nullable())
    };
    let holds: Vec<Option<NaiveDateTime>> = bookings::table
        .filter(bookings::application_id.eq_any(own()))
        .filter(bookings::offer.eq(false))
        .filter(bookings::released_at.is_null())
        .filter(bookings::hold_deadline.gt(to_db(now)))
        .select(bookings::hold_deadline)
        .load(conn)?;
    let of_release = office_sessions::table
        .filter(office_sessions::release_at.eq(to_db(release_at)))
        .select(office_sessions::id);
    let made: i64 = bookings::table
        .filter(bookings::application_id.eq_any(own()))
        .filter(bookings::offer.eq(false))
        .filter(bookings::session_id.eq_any(of_release))
        .count()
        .get_result(conn)?;
    Ok(BookingRecord {
        person_lapses: lapses.into_iter().map(from_db).collect(),
        account_holds: holds.into_iter().flatten().map(from_db).collect(),
        account_bookings_of_release: u32::try_from(made).unwrap_or(u32::MAX),
    })
}
