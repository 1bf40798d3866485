//! Each office's holidays: the days besides weekends on which it is closed, which the
//! working-day count (ready dates) skips.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::office_holidays;

/// A day an office is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    /// What it is (e.g. "Idul Fitri").
    pub name: String,
}

/// The office's holidays from `from` to `to` inclusive, in date order.
pub fn between(
    conn: &mut DbConnection,
    office_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<Holiday>> {
    let rows = office_holidays::table
        .filter(office_holidays::office_id.eq(office_id))
        .filter(office_holidays::holiday_date.between(from, to))
        .order(office_holidays::holiday_date)
        .select((office_holidays::holiday_date, office_holidays::name))
        .load::<(NaiveDate, String)>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(date, name)| Holiday { date, name })
        .collect())
}

/// The office's holiday on `date`, if any.
pub fn find(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
) -> StoreResult<Option<Holiday>> {
    Ok(between(conn, office_id, date, date)?.into_iter().next())
}

/// Adds a holiday; fails with a unique violation when the date is one already.
pub fn insert(conn: &mut DbConnection, office_id: &str, holiday: &Holiday) -> StoreResult<()> {
    diesel::insert_into(office_holidays::table)
        .values((
            office_holidays::office_id.eq(office_id),
            office_holidays::holiday_date.eq(holiday.date),
            office_holidays::name.eq(&holiday.name),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes a holiday; false when there was none on that date.
pub fn delete(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
) -> StoreResult<Conditional> {
    let removed = diesel::delete(
        office_holidays::table
            .filter(office_holidays::office_id.eq(office_id))
            .filter(office_holidays::holiday_date.eq(date)),
    )
    .execute(conn)?;
    Ok(Conditional::of(removed > 0))
}
