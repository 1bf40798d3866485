//! The waitlist: applications waiting, first come first served, for a place at an office
//! within a date range. Offers themselves are booking rows (see `bookings::insert_offer`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::Channel;

use crate::applications::LockedApplication;
use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::waitlist_entries;
use crate::time::{from_db, to_db};

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    /// In line.
    Waiting,
    /// A place is offered and held for 15 minutes.
    Offered,
    /// The application booked a place: the entry is done.
    Booked,
    /// An offer passed unanswered: the place went to the next in line.
    Lapsed,
    /// The applicant left the line (or the application moved on without it).
    Withdrawn,
}

impl EntryStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Waiting => "waiting",
            EntryStatus::Offered => "offered",
            EntryStatus::Booked => "booked",
            EntryStatus::Lapsed => "lapsed",
            EntryStatus::Withdrawn => "withdrawn",
        }
    }

    fn parse(value: &str) -> StoreResult<EntryStatus> {
        [
            EntryStatus::Waiting,
            EntryStatus::Offered,
            EntryStatus::Booked,
            EntryStatus::Lapsed,
            EntryStatus::Withdrawn,
        ]
        .into_iter()
        .find(|status| status.as_str() == value)
        .ok_or_else(|| StoreError::corrupt(format!("waitlist status {value:?}")))
    }
}

/// An entry of the waitlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its id.
    pub id: String,
    /// The application waiting.
    pub application_id: String,
    /// The office wanted.
    pub office_id: String,
    /// The first acceptable date.
    pub from: NaiveDate,
    /// The last acceptable date.
    pub to: NaiveDate,
    /// The quota it waits for.
    pub channel: Channel,
    /// Where it stands.
    pub status: EntryStatus,
    /// When it joined the line.
    pub created_at: DateTime<Utc>,
}

type Row = (
    String,
    String,
    String,
    NaiveDate,
    NaiveDate,
    String,
    String,
    NaiveDateTime,
);

const COLUMNS: (
    waitlist_entries::id,
    waitlist_entries::application_id,
    waitlist_entries::office_id,
    waitlist_entries::from_date,
    waitlist_entries::to_date,
    waitlist_entries::channel,
    waitlist_entries::status,
    waitlist_entries::created_at,
) = (
    waitlist_entries::id,
    waitlist_entries::application_id,
    waitlist_entries::office_id,
    waitlist_entries::from_date,
    waitlist_entries::to_date,
    waitlist_entries::channel,
    waitlist_entries::status,
    waitlist_entries::created_at,
);

fn entry(row: Row) -> StoreResult<Entry> {
    let (id, application_id, office_id, from, to, channel, status, created_at) = row;
    Ok(Entry {
        channel: channel.parse().map_err(StoreError::corrupt)?,
        status: EntryStatus::parse(&status)?,
        id,
        application_id,
        office_id,
        from,
        to,
        created_at: from_db(created_at),
    })
}

/// Puts an application in line (again: a former entry of it is replaced).
pub fn join(
    conn: &mut DbConnection,
    application: &LockedApplication,
    office_id: &str,
    (from, to): (NaiveDate, NaiveDate),
    channel: Channel,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let application_id = application.id();
    diesel::delete(
        waitlist_entries::table.filter(waitlist_entries::application_id.eq(application_id)),
    )
    .execute(conn)?;
    let id = new_id();
    diesel::insert_into(waitlist_entries::table)
        .values((
            waitlist_entries::id.eq(&id),
            waitlist_entries::application_id.eq(application_id),
            waitlist_entries::office_id.eq(office_id),
            waitlist_entries::from_date.eq(from),
            waitlist_entries::to_date.eq(to),
            waitlist_entries::channel.eq(channel.as_str()),
            waitlist_entries::status.eq(EntryStatus::Waiting.as_str()),
            waitlist_entries::created_at.eq(to_db(now)),
            waitlist_entries::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The entry of an application, if it ever joined.
pub fn of_application(conn: &mut DbConnection, application_id: &str) -> StoreResult<Option<Entry>> {
    waitlist_entries::table
        .filter(waitlist_entries::application_id.eq(application_id))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(entry)
        .transpose()
}

/// The entries waiting, first in line first.
pub fn waiting(conn: &mut DbConnection, limit: i64) -> StoreResult<Vec<Entry>> {
    let rows: Vec<Row> = waitlist_entries::table
        .filter(waitlist_entries::status.eq(EntryStatus::Waiting.as_str()))
        .order((
            waitlist_entries::created_at.asc(),
            waitlist_entries::id.asc(),
        ))
        .limit(limit)
        .select(COLUMNS)
        .load(conn)?;
    rows.into_iter().map(entry).collect()
}

/// How many entries for the same office are ahead of this one in line: the line's order
/// is the time of joining, then the id (time-ordered too) for entries of the same instant.
pub fn ahead_of(conn: &mut DbConnection, entry: &Entry) -> StoreResult<i64> {
    let joined = to_db(entry.created_at);
    Ok(waitlist_entries::table
        .filter(waitlist_entries::office_id.eq(&entry.office_id))
        .filter(
            waitlist_entries::status
                .eq_any([EntryStatus::Waiting.as_str(), EntryStatus::Offered.as_str()]),
        )
        .filter(
            waitlist_entries::created_at
                .lt(joined)
                .or(waitlist_entries::created_at
                    .eq(joined)
                    .and(waitlist_entries::id.lt(&entry.id))),
        )
        .count()
        .get_result(conn)?)
}

/// Moves an application's entry from `from` to `to`; skipped when it is in none of them
/// (or the application never joined).
pub fn set_status(
    conn: &mut DbConnection,
    application: &LockedApplication,
    from: &[EntryStatus],
    to: EntryStatus,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let application_id = application.id();
    let from: Vec<&str> = from.iter().map(|status| status.as_str()).collect();
    let moved = diesel::update(
        waitlist_entries::table
            .filter(waitlist_entries::application_id.eq(application_id))
            .filter(waitlist_entries::status.eq_any(from)),
    )
    .set((
        waitlist_entries::status.eq(to.as_str()),
        waitlist_entries::updated_at.eq(to_db(now)),
    ))
    .execute(conn)?;
    Ok(Conditional::of(moved > 0))
}
