//! The days an office serves walk-ins only: the day's row (with its reason in each
//! language), the mark on the day's sessions that availability and booking read with the
//! session, and the app bookings held that day, whose holders are told.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::bookings::is_live;
use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{applications, bookings, office_sessions, office_walk_in_only_days};
use crate::time::{from_db, minute_to_time, to_db};
use crate::transaction::{Turn, take_turns};

/// A day an office serves walk-ins only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkInOnlyDay {
    /// The office's local date.
    pub date: NaiveDate,
    /// Why, in Bahasa Indonesia.
    pub reason_id: String,
    /// Why, in English.
    pub reason_en: String,
    /// The account that set it.
    pub set_by: String,
    /// When it was set (or its reason last changed).
    pub set_at: DateTime<Utc>,
}

type DayRow = (NaiveDate, String, String, String, chrono::NaiveDateTime);

fn day_of((date, reason_id, reason_en, set_by, set_at): DayRow) -> WalkInOnlyDay {
    WalkInOnlyDay {
        date,
        reason_id,
        reason_en,
        set_by,
        set_at: from_db(set_at),
    }
}

/// The office's walk-in-only days from `from` to `to` inclusive, in date order.
pub fn between(
    conn: &mut DbConnection,
    office_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<WalkInOnlyDay>> {
    let rows: Vec<DayRow> = office_walk_in_only_days::table
        .filter(office_walk_in_only_days::office_id.eq(office_id))
        .filter(office_walk_in_only_days::walk_in_date.between(from, to))
        .order(office_walk_in_only_days::walk_in_date)
        .select((
            office_walk_in_only_days::walk_in_date,
            office_walk_in_only_days::reason_id,
            office_walk_in_only_days::reason_en,
            office_walk_in_only_days::set_by,
            office_walk_in_only_days::set_at,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(day_of).collect())
}

/// Every office's walk-in-only days from `from` to `to` inclusive, with the office's id, in
/// date and office order.
pub fn of_every_office_between(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(String, WalkInOnlyDay)>> {
    let rows: Vec<(String, DayRow)> = office_walk_in_only_days::table
        .filter(office_walk_in_only_days::walk_in_date.between(from, to))
        .order((
            office_walk_in_only_days::walk_in_date,
            office_walk_in_only_days::office_id,
        ))
        .select((
            office_walk_in_only_days::office_id,
            (
                office_walk_in_only_days::walk_in_date,
                office_walk_in_only_days::reason_id,
                office_walk_in_only_days::reason_en,
                office_walk_in_only_days::set_by,
                office_walk_in_only_days::set_at,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(office, row)| (office, day_of(row)))
        .collect())
}

/// The office's walk-in-only day on `date`, if it is one.
pub fn find(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
) -> StoreResult<Option<WalkInOnlyDay>> {
    Ok(between(conn, office_id, date, date)?.into_iter().next())
}

/// Adds the day; fails with a unique violation when it is one already (set meanwhile by
/// another request: that one tells the booked applicants).
pub fn insert(conn: &mut DbConnection, office_id: &str, day: &WalkInOnlyDay) -> StoreResult<()> {
    diesel::insert_into(office_walk_in_only_days::table)
        .values((
            office_walk_in_only_days::office_id.eq(office_id),
            office_walk_in_only_days::walk_in_date.eq(day.date),
            office_walk_in_only_days::reason_id.eq(&day.reason_id),
            office_walk_in_only_days::reason_en.eq(&day.reason_en),
            office_walk_in_only_days::set_by.eq(&day.set_by),
            office_walk_in_only_days::set_at.eq(to_db(day.set_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Changes the reason of a day that is walk-in only already.
pub fn update_reason(
    conn: &mut DbConnection,
    office_id: &str,
    day: &WalkInOnlyDay,
) -> StoreResult<Conditional> {
    let changed = diesel::update(
        office_walk_in_only_days::table
            .filter(office_walk_in_only_days::office_id.eq(office_id))
            .filter(office_walk_in_only_days::walk_in_date.eq(day.date)),
    )
    .set((
        office_walk_in_only_days::reason_id.eq(&day.reason_id),
        office_walk_in_only_days::reason_en.eq(&day.reason_en),
        office_walk_in_only_days::set_by.eq(&day.set_by),
        office_walk_in_only_days::set_at.eq(to_db(day.set_at)),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(changed))
}

/// Removes the day; skipped when it was not one.
pub fn delete(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
) -> StoreResult<Conditional> {
    let removed = diesel::delete(
        office_walk_in_only_days::table
            .filter(office_walk_in_only_days::office_id.eq(office_id))
            .filter(office_walk_in_only_days::walk_in_date.eq(date)),
    )
    .execute(conn)?;
    Ok(Conditional::of_rows(removed))
}

/// Marks (or unmarks) the sessions of the office's `date` as walk-in only; returns how
/// many. Inside a write transaction: the materialisation turn keeps the date from getting
/// sessions meanwhile, and the update takes each session's row lock, so a booking of one
/// of them that counted its place first has committed before the holders are listed, and
/// one that comes later reads the mark under the same lock and is refused.
pub fn mark_sessions(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
    walk_in_only: bool,
) -> StoreResult<usize> {
    take_turns(conn, Turn::Materialise)?;
    Ok(diesel::update(
        office_sessions::table
            .filter(office_sessions::office_id.eq(office_id))
            .filter(office_sessions::session_date.eq(date)),
    )
    .set(office_sessions::walk_in_only.eq(walk_in_only))
    .execute(conn)?)
}

/// An app booking held on a walk-in-only day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedThatDay {
    /// The application booked.
    pub application_id: String,
    /// Its holder's account.
    pub account_id: String,
    /// When its session starts, local time.
    pub starts: chrono::NaiveTime,
}

/// The live app bookings (not offers, not walk-ins) of the office's sessions on `date` at
/// `now`, by session start and application.
pub fn booked_that_day(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<Vec<BookedThatDay>> {
    let rows: Vec<(String, Option<String>, i32)> = bookings::table
        .inner_join(office_sessions::table)
        .inner_join(
            applications::table.on(bookings::application_id.eq(applications::id.nullable())),
        )
        .filter(office_sessions::office_id.eq(office_id))
        .filter(office_sessions::session_date.eq(date))
        .filter(bookings::offer.eq(false))
        .filter(is_live(to_db(now)))
        .filter(applications::account_id.is_not_null())
        .order((office_sessions::starts_minute.asc(), applications::id.asc()))
        .select((
            applications::id,
            applications::account_id,
            office_sessions::starts_minute,
        ))
        .load(conn)?;
    rows.into_iter()
        .filter_map(|(application_id, account, minute)| {
            account.map(|account_id| {
                Ok(BookedThatDay {
                    application_id,
                    account_id,
                    starts: minute_to_time(minute)?,
                })
            })
        })
        .collect()
}
