//! Office sessions (time slots) and the places left in them.
//!
//! Offices keep weekly session templates; dated sessions are materialised from them over a
//! rolling horizon, each with its release instant computed by the domain from the office's
//! release rule. The places left are the capacity minus the live bookings, counted at the
//! instant asked about, so an unpaid hold past its deadline never counts.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use paspor_domain::office::Office;
use paspor_domain::quota::{Occupancy, Session, SessionAvailability, SessionTemplate};
use paspor_domain::{Capacity, Channel, release_at};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{bookings, office_sessions, session_templates};
use crate::time::{from_db, minute_to_time, time_to_minute, to_db};
use crate::transaction::{Turn, take_turns, write_transaction};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = office_sessions)]
struct SessionRow {
    id: String,
    office_id: String,
    session_date: NaiveDate,
    starts_minute: i32,
    ends_minute: i32,
    capacity_regular: i32,
    capacity_same_day: i32,
    capacity_priority: i32,
    release_at: chrono::NaiveDateTime,
    created_at: chrono::NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = session_templates)]
struct TemplateRow {
    id: String,
    office_id: String,
    weekday: i32,
    starts_minute: i32,
    ends_minute: i32,
    capacity_regular: i32,
    capacity_same_day: i32,
    capacity_priority: i32,
}

/// Adds a weekly template to an office.
pub fn insert_template(conn: &mut DbConnection, template: &SessionTemplate) -> StoreResult<()> {
    let row = TemplateRow {
        id: new_id(),
        office_id: template.office_id.clone(),
        weekday: count(template.weekday.number_from_monday()),
        starts_minute: time_to_minute(template.starts),
        ends_minute: time_to_minute(template.ends),
        capacity_regular: count(template.capacity.regular),
        capacity_same_day: count(template.capacity.same_day),
        capacity_priority: count(template.capacity.priority),
    };
    diesel::insert_into(session_templates::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Creates the dated sessions that an office's templates call for between `from` and `to`
/// (inclusive) and that do not exist yet; returns how many were created. Safe to run from
/// several processes at once: creation is serialised per database.
pub fn materialise(
    conn: &mut DbConnection,
    office: &Office,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    write_transaction(conn, |conn| {
        take_turns(conn, Turn::Materialise)?;
        let templates: Vec<TemplateRow> = session_templates::table
            .filter(session_templates::office_id.eq(&office.id))
            .select(TemplateRow::as_select())
            .load(conn)?;
        let existing: HashSet<(NaiveDate, i32)> = office_sessions::table
            .filter(office_sessions::office_id.eq(&office.id))
            .filter(office_sessions::session_date.between(from, to))
            .select((
                office_sessions::session_date,
                office_sessions::starts_minute,
            ))
            .load(conn)?
            .into_iter()
            .collect();
        let mut created = 0;
        for date in from.iter_days().take_while(|d| *d <= to) {
            let weekday = count(date.weekday().number_from_monday());
            for template in templates.iter().filter(|t| t.weekday == weekday) {
                if existing.contains(&(date, template.starts_minute)) {
                    continue;
                }
                let row = SessionRow {
                    id: new_id(),
                    office_id: office.id.clone(),
                    session_date: date,
                    starts_minute: template.starts_minute,
                    ends_minute: template.ends_minute,
                    capacity_regular: template.capacity_regular,
                    capacity_same_day: template.capacity_same_day,
                    capacity_priority: template.capacity_priority,
                    release_at: to_db(release_at(&office.release_rule, date, office.time_zone)),
                    created_at: to_db(now),
                };
                diesel::insert_into(office_sessions::table)
                    .values(row)
                    .execute(conn)?;
                created += 1;
            }
        }
        Ok(created)
    })
}

/// The sessions of an office between two dates (inclusive), each with the places held
/// at `now`, ordered by date and start time.
pub fn availability(
    conn: &mut DbConnection,
    office_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<Vec<SessionAvailability>> {
    let sessions: Vec<SessionRow> = office_sessions::table
        .filter(office_sessions::office_id.eq(office_id))
        .filter(office_sessions::session_date.between(from, to))
        .order((
            office_sessions::session_date.asc(),
            office_sessions::starts_minute.asc(),
        ))
        .select(SessionRow::as_select())
        .load(conn)?;
    let held_rows: Vec<(String, String, i64)> = bookings::table
        .inner_join(office_sessions::table)
        .filter(office_sessions::office_id.eq(office_id))
        .filter(office_sessions::session_date.between(from, to))
        .filter(crate::bookings::is_live(to_db(now)))
        .group_by((bookings::session_id, bookings::channel))
        .select((
            bookings::session_id,
            bookings::channel,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut held: HashMap<String, Occupancy> = HashMap::new();
    for (session_id, channel, places) in held_rows {
        let channel: Channel = channel.parse().map_err(StoreError::corrupt)?;
        let places = u32::try_from(places).map_err(StoreError::corrupt)?;
        held.entry(session_id).or_default().set(channel, places);
    }
    sessions
        .into_iter()
        .map(|row| {
            let held = held.remove(&row.id).unwrap_or_default();
            Ok(SessionAvailability {
                session: row.into_domain()?,
                held,
            })
        })
        .collect()
}

/// One session, if it exists.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<Session>> {
    office_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .map(SessionRow::into_domain)
        .transpose()
}

fn count(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

fn places(value: i32) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("capacity {value}")))
}

impl SessionRow {
    fn into_domain(self) -> StoreResult<Session> {
        Ok(Session {
            starts: minute_to_time(self.starts_minute)?,
            ends: minute_to_time(self.ends_minute)?,
            capacity: Capacity {
                regular: places(self.capacity_regular)?,
                same_day: places(self.capacity_same_day)?,
                priority: places(self.capacity_priority)?,
            },
            release_at: from_db(self.release_at),
            id: self.id,
            office_id: self.office_id,
            date: self.session_date,
        })
    }
}

/// Sets the places of one channel of a session.
pub fn set_capacity(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    places: u32,
) -> StoreResult<()> {
    let places = count(places);
    let target = office_sessions::table.find(session_id);
    match channel {
        Channel::Regular => diesel::update(target)
            .set(office_sessions::capacity_regular.eq(places))
            .execute(conn)?,
        Channel::SameDay => diesel::update(target)
            .set(office_sessions::capacity_same_day.eq(places))
            .execute(conn)?,
        Channel::Priority => diesel::update(target)
            .set(office_sessions::capacity_priority.eq(places))
            .execute(conn)?,
    };
    Ok(())
}
