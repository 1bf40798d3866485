//! Office sessions (time slots) and the places left in them.
//!
//! Offices keep weekly session templates; dated sessions are materialised from them over a
//! rolling horizon, each with its release instant computed by the domain from the office's
//! release rules. The places left are the capacity minus the live bookings, counted at the
//! instant asked about, so an unpaid hold past its deadline never counts.
//!
//! A date is materialised once, whole: templates changed later apply to dates not yet
//! materialised, and existing dated sessions keep their capacities (an office admin edits
//! those one by one). Holidays are skipped; the sessions of a date declared a holiday later
//! are closed: kept for the bookings that point at them, but neither shown nor bookable.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use diesel::prelude::*;
use paspor_domain::office::Office;
use paspor_domain::quota::{Occupancy, Session, SessionAvailability, SessionTemplate};
use paspor_domain::{Capacity, Channel, KindLimits, PassportKind, counts_against_kind_limits};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{
    applications, bookings, office_holidays, office_sessions, office_walk_in_only_days,
    session_templates,
};
use crate::time::{from_db, minute_to_time, time_to_minute, to_db};
use crate::transaction::{Turn, take_turns, write_transaction};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = office_sessions)]
pub(crate) struct SessionRow {
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
    kind_limit_electronic: Option<i32>,
    kind_limit_non_electronic: Option<i32>,
    walk_in_only: bool,
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
    kind_limit_electronic: Option<i32>,
    kind_limit_non_electronic: Option<i32>,
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
        kind_limit_electronic: template.capacity.by_kind.electronic.map(count),
        kind_limit_non_electronic: template.capacity.by_kind.non_electronic.map(count),
    };
    diesel::insert_into(session_templates::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The office's weekly templates, Monday first, by start time.
pub fn templates_of(conn: &mut DbConnection, office_id: &str) -> StoreResult<Vec<SessionTemplate>> {
    session_templates::table
        .filter(session_templates::office_id.eq(office_id))
        .order((
            session_templates::weekday.asc(),
            session_templates::starts_minute.asc(),
        ))
        .select(TemplateRow::as_select())
        .load(conn)?
        .into_iter()
        .map(TemplateRow::into_domain)
        .collect()
}

/// Replaces every weekly template of an office (inside the caller's transaction). Dated
/// sessions already materialised are left as they are.
pub fn replace_templates(
    conn: &mut DbConnection,
    office_id: &str,
    templates: &[SessionTemplate],
) -> StoreResult<()> {
    diesel::delete(session_templates::table.filter(session_templates::office_id.eq(office_id)))
        .execute(conn)?;
    for template in templates {
        insert_template(conn, template)?;
    }
    Ok(())
}

/// Creates the dated sessions that an office's templates call for between `from` and `to`
/// (inclusive) on dates that have none yet and are not holidays; returns how many were
/// created. Safe to run from several processes at once: creation is serialised per
/// database, and the office's release rules are read again inside that turn, so rules
/// changed meanwhile are the ones applied.
pub fn materialise(
    conn: &mut DbConnection,
    office: &Office,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    write_transaction(conn, |conn| {
        take_turns(conn, Turn::Materialise)?;
        let Some(office) = crate::offices::find(conn, &office.id)? else {
            return Ok(0);
        };
        let templates: Vec<TemplateRow> = session_templates::table
            .filter(session_templates::office_id.eq(&office.id))
            .select(TemplateRow::as_select())
            .load(conn)?;
        let materialised: HashSet<NaiveDate> = office_sessions::table
            .filter(office_sessions::office_id.eq(&office.id))
            .filter(office_sessions::session_date.between(from, to))
            .select(office_sessions::session_date)
            .distinct()
            .load(conn)?
            .into_iter()
            .collect();
        let holidays: HashSet<NaiveDate> = office_holidays::table
            .filter(office_holidays::office_id.eq(&office.id))
            .filter(office_holidays::holiday_date.between(from, to))
            .select(office_holidays::holiday_date)
            .load(conn)?
            .into_iter()
            .collect();
        let walk_in_only: HashSet<NaiveDate> = office_walk_in_only_days::table
            .filter(office_walk_in_only_days::office_id.eq(&office.id))
            .filter(office_walk_in_only_days::walk_in_date.between(from, to))
            .select(office_walk_in_only_days::walk_in_date)
            .load(conn)?
            .into_iter()
            .collect();
        let mut created = 0;
        for date in from.iter_days().take_while(|d| *d <= to) {
            if materialised.contains(&date) || holidays.contains(&date) {
                continue;
            }
            let weekday = count(date.weekday().number_from_monday());
            for template in templates.iter().filter(|t| t.weekday == weekday) {
                let row = SessionRow {
                    id: new_id(),
                    office_id: office.id.clone(),
                    session_date: date,
                    starts_minute: template.starts_minute,
                    ends_minute: template.ends_minute,
                    capacity_regular: template.capacity_regular,
                    capacity_same_day: template.capacity_same_day,
                    capacity_priority: template.capacity_priority,
                    release_at: to_db(office.release_rules.release_at(date, office.time_zone)),
                    created_at: to_db(now),
                    kind_limit_electronic: template.kind_limit_electronic,
                    kind_limit_non_electronic: template.kind_limit_non_electronic,
                    // A day declared walk-in only ahead of time gets its sessions marked.
                    walk_in_only: walk_in_only.contains(&date),
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

/// The open sessions of an office between two dates (inclusive), each with the places
/// held at `now`, ordered by date and start time.
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
        .filter(office_sessions::closed.eq(false))
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
    // Per passport kind only where some session of the range limits a kind: most offices
    // set none, and pay nothing for it.
    if sessions
        .iter()
        .any(|row| row.kind_limit_electronic.is_some() || row.kind_limit_non_electronic.is_some())
    {
        for (session_id, kind, places) in held_by_kind(conn, office_id, from, to, now)? {
            held.entry(session_id).or_default().set_kind(kind, places);
        }
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

/// The live app bookings of each passport kind in the office's sessions between two dates.
fn held_by_kind(
    conn: &mut DbConnection,
    office_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<Vec<(String, PassportKind, u32)>> {
    let app_channels: Vec<&str> = Channel::ALL
        .into_iter()
        .filter(|channel| counts_against_kind_limits(*channel))
        .map(Channel::as_str)
        .collect();
    let rows: Vec<(String, String, i64)> = bookings::table
        .inner_join(office_sessions::table)
        .inner_join(
            applications::table.on(bookings::application_id.eq(applications::id.nullable())),
        )
        .filter(office_sessions::office_id.eq(office_id))
        .filter(office_sessions::session_date.between(from, to))
        .filter(bookings::channel.eq_any(app_channels))
        .filter(crate::bookings::is_live(to_db(now)))
        .group_by((bookings::session_id, applications::passport_kind))
        .select((
            bookings::session_id,
            applications::passport_kind,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(session_id, kind, places)| {
            let kind: PassportKind = kind.parse().map_err(StoreError::corrupt)?;
            let places = u32::try_from(places).map_err(StoreError::corrupt)?;
            Ok((session_id, kind, places))
        })
        .collect()
}

/// One session, if it exists (closed or not: a booking's session is always found).
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<Session>> {
    office_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .map(SessionRow::into_domain)
        .transpose()
}

/// Whether a session is closed for a holiday (false when there is no such session).
pub fn is_closed(conn: &mut DbConnection, id: &str) -> StoreResult<bool> {
    Ok(office_sessions::table
        .find(id)
        .select(office_sessions::closed)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// The capacity of a session that is open for booking, and whether its day is walk-in only;
/// `None` when it is closed or gone.
fn open_capacity(conn: &mut DbConnection, id: &str) -> StoreResult<Option<(Capacity, bool)>> {
    let row: Option<(CapacityColumns, bool)> = office_sessions::table
        .find(id)
        .filter(office_sessions::closed.eq(false))
        .select((
            (
                office_sessions::capacity_regular,
                office_sessions::capacity_same_day,
                office_sessions::capacity_priority,
                office_sessions::kind_limit_electronic,
                office_sessions::kind_limit_non_electronic,
            ),
            office_sessions::walk_in_only,
        ))
        .first(conn)
        .optional()?;
    row.map(|(columns, walk_in_only)| Ok((capacity_of(columns)?, walk_in_only)))
        .transpose()
}

/// A session's capacity columns: per channel, then the limits per passport kind.
type CapacityColumns = (i32, i32, i32, Option<i32>, Option<i32>);

/// A capacity as its columns hold it.
fn capacity_of(
    (regular, same_day, priority, electronic, non_electronic): CapacityColumns,
) -> StoreResult<Capacity> {
    Ok(Capacity {
        regular: places(regular)?,
        same_day: places(same_day)?,
        priority: places(priority)?,
        by_kind: kind_limits(electronic, non_electronic)?,
    })
}

/// The limits per passport kind as their nullable columns hold them (NULL: no limit).
fn kind_limits(electronic: Option<i32>, non_electronic: Option<i32>) -> StoreResult<KindLimits> {
    Ok(KindLimits {
        electronic: electronic.map(places).transpose()?,
        non_electronic: non_electronic.map(places).transpose()?,
    })
}

/// Inside a write transaction: takes the session's lock ([`crate::bookings::lock_session`])
/// and reads its capacity as it stands once the lock is ours, in one statement; `None` when
/// it is closed or gone (and then nothing is locked: the caller refuses and rolls back).
/// With it, whether the session's day is walk-in only (no app booking may take a place).
/// On PostgreSQL a row locked after waiting is read again at its latest version, so a
/// capacity lowered, or a day closed, by the transaction waited for is what this returns.
/// Count the places held in a statement after this one: a statement's snapshot is taken
/// when it starts, before any wait for the lock, and would miss bookings committed during it.
pub fn lock_open_capacity(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<Option<(Capacity, bool)>> {
    let DbConnection::Postgresql(pg) = conn else {
        // SQLite's `BEGIN IMMEDIATE` has already serialised every writer.
        return open_capacity(conn, id);
    };
    let row: Option<(CapacityColumns, bool)> = office_sessions::table
        .find(id)
        .filter(office_sessions::closed.eq(false))
        .select((
            (
                office_sessions::capacity_regular,
                office_sessions::capacity_same_day,
                office_sessions::capacity_priority,
                office_sessions::kind_limit_electronic,
                office_sessions::kind_limit_non_electronic,
            ),
            office_sessions::walk_in_only,
        ))
        .for_no_key_update()
        .first(pg)
        .optional()?;
    row.map(|(columns, walk_in_only)| Ok((capacity_of(columns)?, walk_in_only)))
        .transpose()
}

/// The places held in a session at `now`, per channel and per passport kind.
pub fn held(
    conn: &mut DbConnection,
    session_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Occupancy> {
    let mut held = Occupancy::default();
    for channel in Channel::ALL {
        held.set(
            channel,
            crate::bookings::count_live(conn, session_id, channel, now)?,
        );
    }
    for kind in PassportKind::ALL {
        held.set_kind(
            kind,
            crate::bookings::count_live_of_kind(conn, session_id, kind, now)?,
        );
    }
    Ok(held)
}

/// Sets every channel's places of a session.
pub fn set_capacities(
    conn: &mut DbConnection,
    session_id: &str,
    capacity: &Capacity,
) -> StoreResult<()> {
    diesel::update(office_sessions::table.find(session_id))
        .set((
            office_sessions::capacity_regular.eq(count(capacity.regular)),
            office_sessions::capacity_same_day.eq(count(capacity.same_day)),
            office_sessions::capacity_priority.eq(count(capacity.priority)),
            office_sessions::kind_limit_electronic.eq(capacity.by_kind.electronic.map(count)),
            office_sessions::kind_limit_non_electronic
                .eq(capacity.by_kind.non_electronic.map(count)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Inside the caller's write transaction, after the office's new release rules or time zone
/// are stored: moves the release instant of every session of the office that is not
/// released at `now` to what the office's rules now say (sessions already released stay
/// released). Returns how many moved. Takes the materialisation turn, so that sessions
/// being created meanwhile are either seen here or created under the new rules.
pub fn reschedule_releases(
    conn: &mut DbConnection,
    office: &Office,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    take_turns(conn, Turn::Materialise)?;
    let pending: Vec<(String, NaiveDate, chrono::NaiveDateTime)> = office_sessions::table
        .filter(office_sessions::office_id.eq(&office.id))
        .filter(office_sessions::release_at.gt(to_db(now)))
        .select((
            office_sessions::id,
            office_sessions::session_date,
            office_sessions::release_at,
        ))
        .load(conn)?;
    let mut moved = 0;
    for (id, date, current) in pending {
        let release = to_db(office.release_rules.release_at(date, office.time_zone));
        if release != current {
            diesel::update(office_sessions::table.find(&id))
                .set(office_sessions::release_at.eq(release))
                .execute(conn)?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// What closing an office's date for a holiday came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateClosing {
    /// The date's sessions are closed (none was holding a place).
    Closed {
        /// How many sessions were closed.
        sessions: usize,
    },
    /// Nothing changed: the date's sessions hold this many places.
    Held {
        /// Live bookings (paid, awaiting payment, or offered from the waitlist).
        places: u32,
    },
}

/// Inside the caller's write transaction: closes every open session of an office on `date`
/// unless one of them holds a place at `now`. The sessions are locked as bookings lock
/// them, so no booking slips in between the count and the closing; the materialisation
/// turn keeps the date from being materialised meanwhile.
pub fn close_date(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<DateClosing> {
    take_turns(conn, Turn::Materialise)?;
    let ids: Vec<String> = office_sessions::table
        .filter(office_sessions::office_id.eq(office_id))
        .filter(office_sessions::session_date.eq(date))
        .filter(office_sessions::closed.eq(false))
        // The order walk-in registration tries them in, so that the two never hold one
        // session each while waiting for the other's.
        .order((
            office_sessions::starts_minute.asc(),
            office_sessions::id.asc(),
        ))
        .select(office_sessions::id)
        .load(conn)?;
    for id in &ids {
        crate::bookings::lock_session(conn, id)?;
    }
    let places: i64 = bookings::table
        .filter(bookings::session_id.eq_any(&ids))
        .filter(crate::bookings::is_live(to_db(now)))
        .count()
        .get_result(conn)?;
    if places > 0 {
        return Ok(DateClosing::Held {
            places: u32::try_from(places).unwrap_or(u32::MAX),
        });
    }
    let sessions = diesel::update(office_sessions::table.filter(office_sessions::id.eq_any(&ids)))
        .set(office_sessions::closed.eq(true))
        .execute(conn)?;
    Ok(DateClosing::Closed { sessions })
}

/// Reopens the closed sessions of an office on `date` (its holiday was removed); returns
/// how many.
pub fn reopen_date(
    conn: &mut DbConnection,
    office_id: &str,
    date: NaiveDate,
) -> StoreResult<usize> {
    Ok(diesel::update(
        office_sessions::table
            .filter(office_sessions::office_id.eq(office_id))
            .filter(office_sessions::session_date.eq(date))
            .filter(office_sessions::closed.eq(true)),
    )
    .set(office_sessions::closed.eq(false))
    .execute(conn)?)
}

fn count(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

fn places(value: i32) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("capacity {value}")))
}

fn weekday(number_from_monday: i32) -> StoreResult<Weekday> {
    number_from_monday
        .checked_sub(1)
        .and_then(|n| u8::try_from(n).ok())
        .and_then(|n| Weekday::try_from(n).ok())
        .ok_or_else(|| StoreError::corrupt(format!("weekday {number_from_monday}")))
}

impl SessionRow {
    pub(crate) fn into_domain(self) -> StoreResult<Session> {
        Ok(Session {
            starts: minute_to_time(self.starts_minute)?,
            ends: minute_to_time(self.ends_minute)?,
            capacity: Capacity {
                regular: places(self.capacity_regular)?,
                same_day: places(self.capacity_same_day)?,
                priority: places(self.capacity_priority)?,
                by_kind: kind_limits(self.kind_limit_electronic, self.kind_limit_non_electronic)?,
            },
            release_at: from_db(self.release_at),
            id: self.id,
            office_id: self.office_id,
            date: self.session_date,
            walk_in_only: self.walk_in_only,
        })
    }
}

impl TemplateRow {
    fn into_domain(self) -> StoreResult<SessionTemplate> {
        Ok(SessionTemplate {
            weekday: weekday(self.weekday)?,
            starts: minute_to_time(self.starts_minute)?,
            ends: minute_to_time(self.ends_minute)?,
            capacity: Capacity {
                regular: places(self.capacity_regular)?,
                same_day: places(self.capacity_same_day)?,
                priority: places(self.capacity_priority)?,
                by_kind: kind_limits(self.kind_limit_electronic, self.kind_limit_non_electronic)?,
            },
            office_id: self.office_id,
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
    // A write transaction of its own, as every change is: in-process caches of what is
    // stored (the availability answers) count commits to know when to let go.
    write_transaction(conn, |conn| {
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
    })
}
