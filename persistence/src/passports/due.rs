//! What the collection job looks for: issued passports whose ready date has come, and
//! ready ones whose collection deadline has passed, by the office's local date.
//!
//! Each query looks at the offices of one time zone, with that zone's date, so that every
//! passport it returns is due.

use chrono::NaiveDate;
use diesel::prelude::*;
use paspor_domain::TimeZone;
use paspor_domain::issuance::PassportStatus;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{offices, passports};

/// A passport due for a move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePassport {
    pub id: String,
    pub application_id: String,
    pub number: String,
    pub ready_date: NaiveDate,
    pub collect_by: NaiveDate,
}

type Row = (String, String, String, NaiveDate, NaiveDate);

fn due(row: Row) -> DuePassport {
    let (id, application_id, number, ready_date, collect_by) = row;
    DuePassport {
        id,
        application_id,
        number,
        ready_date,
        collect_by,
    }
}

macro_rules! due_columns {
    () => {
        (
            passports::id,
            passports::application_id,
            passports::number,
            passports::ready_date,
            passports::collect_by,
        )
    };
}

/// Issued passports of offices in `time_zone` whose ready date is on or before `today`
/// (that zone's date), oldest ready date first.
pub fn issued_due(
    conn: &mut DbConnection,
    time_zone: TimeZone,
    today: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<DuePassport>> {
    Ok(passports::table
        .inner_join(offices::table)
        .filter(offices::time_zone.eq(time_zone.as_str()))
        .filter(passports::status.eq(PassportStatus::Issued.as_str()))
        .filter(passports::ready_date.le(today))
        .order((passports::ready_date.asc(), passports::id.asc()))
        .limit(limit)
        .select(due_columns!())
        .load::<Row>(conn)?
        .into_iter()
        .map(due)
        .collect())
}

/// Ready passports of offices in `time_zone` whose last collection day is before `today`
/// (that zone's date), oldest first.
pub fn ready_overdue(
    conn: &mut DbConnection,
    time_zone: TimeZone,
    today: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<DuePassport>> {
    Ok(passports::table
        .inner_join(offices::table)
        .filter(offices::time_zone.eq(time_zone.as_str()))
        .filter(passports::status.eq(PassportStatus::Ready.as_str()))
        .filter(passports::collect_by.lt(today))
        .order((passports::collect_by.asc(), passports::id.asc()))
        .limit(limit)
        .select(due_columns!())
        .load::<Row>(conn)?
        .into_iter()
        .map(due)
        .collect())
}
