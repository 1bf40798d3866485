//! Conversions between the UTC instants of the domain and the naive timestamps stored.
//!
//! Both backends store `TIMESTAMP` without a zone; by rule every stored value is UTC,
//! truncated to microseconds (PostgreSQL's precision) so that a value read back equals
//! the value written.

use chrono::{DateTime, NaiveDateTime, NaiveTime, SubsecRound, Timelike, Utc};

use crate::error::StoreError;

pub(crate) fn to_db(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.naive_utc().trunc_subsecs(6)
}

pub(crate) fn from_db(stored: NaiveDateTime) -> DateTime<Utc> {
    stored.and_utc()
}

/// A time of day stored as minutes after midnight (1440 stands for the end of the day).
pub(crate) fn minute_to_time(minute: i32) -> Result<NaiveTime, StoreError> {
    let minute = u32::try_from(minute).map_err(StoreError::corrupt)?;
    match minute {
        1440 => NaiveTime::from_hms_opt(23, 59, 59),
        _ => NaiveTime::from_hms_opt(minute / 60, minute % 60, 0),
    }
    .ok_or_else(|| StoreError::corrupt(format!("minute of day {minute}")))
}

pub(crate) fn time_to_minute(time: NaiveTime) -> i32 {
    // Seconds are not part of any schedule; at most 1439.
    i32::try_from(time.hour() * 60 + time.minute()).unwrap_or(0)
}
