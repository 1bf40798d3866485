//! Reminders: what is due for one (an unpaid booking near its deadline, a paid appointment
//! near its start, a ready passport near its last collection day) and the record of each
//! one sent.
//!
//! A reminder is sent once because its row's key (kind, application, occasion) is unique
//! and is inserted in the transaction that enqueues its messages: of several api processes
//! that find the same reminder due, one inserts and commits, the others fail on the key and
//! roll their copy of the messages back. The scans leave out what was sent already.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use paspor_domain::issuance::PassportStatus;
use paspor_domain::{ApplicationStatus, TimeZone};

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{applications, bookings, office_sessions, offices, passports, reminders_sent};
use crate::time::{from_db, to_db};

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    /// An unpaid booking's deadline is near; the occasion is the booking.
    PaymentDeadline,
    /// The appointment is near; the occasion is its session (a rescheduled one is new).
    Appointment,
    /// A ready passport's last collection day is near; the occasion is the passport.
    CollectionDeadline,
}

impl ReminderKind {
    /// Its stored code.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReminderKind::PaymentDeadline => "payment_deadline",
            ReminderKind::Appointment => "appointment",
            ReminderKind::CollectionDeadline => "collection_deadline",
        }
    }
}

/// Records that the reminder of `kind` for `application_id` and `occasion` is sent. Inside
/// the transaction that enqueues it, before its messages: a unique violation means another
/// process sent it, and the transaction must roll back.
pub fn record_sent(
    conn: &mut DbConnection,
    kind: ReminderKind,
    application_id: &str,
    occasion: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(reminders_sent::table)
        .values((
            reminders_sent::kind.eq(kind.as_str()),
            reminders_sent::application_id.eq(application_id),
            reminders_sent::occasion.eq(occasion),
            reminders_sent::sent_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many reminders of `kind` were sent for `application_id`, whatever the occasion.
pub fn count_sent(
    conn: &mut DbConnection,
    kind: ReminderKind,
    application_id: &str,
) -> StoreResult<i64> {
    Ok(reminders_sent::table
        .filter(reminders_sent::kind.eq(kind.as_str()))
        .filter(reminders_sent::application_id.eq(application_id))
        .count()
        .get_result(conn)?)
}

/// An unpaid booking whose deadline is near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePayment {
    /// The booking (the reminder's occasion).
    pub booking_id: String,
    /// Its application.
    pub application_id: String,
    /// When the hold lapses.
    pub deadline: DateTime<Utc>,
}

/// Unpaid, live bookings whose deadline falls after `now` and no later than `until`, with
/// no payment reminder sent yet; the nearest deadline first.
pub fn payments_due(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<DuePayment>> {
    let rows: Vec<(String, Option<String>, Option<NaiveDateTime>)> = bookings::table
        .filter(bookings::offer.eq(false))
        .filter(bookings::released_at.is_null())
        .filter(bookings::hold_deadline.gt(to_db(now)))
        .filter(bookings::hold_deadline.le(to_db(until)))
        .filter(
            bookings::application_id.eq_any(
                applications::table
                    .filter(applications::status.eq(ApplicationStatus::AwaitingPayment.as_str()))
                    .select(applications::id.nullable()),
            ),
        )
        .filter(not(exists(
            reminders_sent::table
                .filter(reminders_sent::kind.eq(ReminderKind::PaymentDeadline.as_str()))
                .filter(
                    reminders_sent::application_id
                        .nullable()
                        .eq(bookings::application_id),
                )
                .filter(reminders_sent::occasion.eq(bookings::id)),
        )))
        .order((bookings::hold_deadline.asc(), bookings::id.asc()))
        .limit(limit)
        .select((
            bookings::id,
            bookings::application_id,
            bookings::hold_deadline,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(booking_id, application, deadline)| {
            Some(DuePayment {
                booking_id,
                application_id: application?,
                deadline: from_db(deadline?),
            })
        })
        .collect())
}

/// A paid appointment on a date near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueAppointment {
    /// The application.
    pub application_id: String,
    /// Its session (the reminder's occasion).
    pub session_id: String,
    /// The session's date in its office's calendar.
    pub date: NaiveDate,
    /// The session's start, minutes after the office's midnight.
    pub starts_minute: i32,
}

/// Paid appointments at offices in `zone` on a date from `first` to `last` (that zone's
/// dates), with no appointment reminder for their session yet; the earliest first. The
/// caller checks the exact time.
pub fn appointments_due(
    conn: &mut DbConnection,
    zone: TimeZone,
    first: NaiveDate,
    last: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<DueAppointment>> {
    let rows: Vec<(Option<String>, String, NaiveDate, i32)> = bookings::table
        .inner_join(office_sessions::table.inner_join(offices::table))
        .filter(offices::time_zone.eq(zone.as_str()))
        .filter(office_sessions::session_date.ge(first))
        .filter(office_sessions::session_date.le(last))
        .filter(bookings::offer.eq(false))
        .filter(bookings::released_at.is_null())
        .filter(bookings::hold_deadline.is_null())
        .filter(
            bookings::application_id.eq_any(
                applications::table
                    .filter(applications::status.eq(ApplicationStatus::Paid.as_str()))
                    .select(applications::id.nullable()),
            ),
        )
        .filter(not(exists(
            reminders_sent::table
                .filter(reminders_sent::kind.eq(ReminderKind::Appointment.as_str()))
                .filter(
                    reminders_sent::application_id
                        .nullable()
                        .eq(bookings::application_id),
                )
                .filter(reminders_sent::occasion.eq(bookings::session_id)),
        )))
        .order((
            office_sessions::session_date.asc(),
            office_sessions::starts_minute.asc(),
            bookings::id.asc(),
        ))
        .limit(limit)
        .select((
            bookings::application_id,
            bookings::session_id,
            office_sessions::session_date,
            office_sessions::starts_minute,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(application, session_id, date, starts_minute)| {
            Some(DueAppointment {
                application_id: application?,
                session_id,
                date,
                starts_minute,
            })
        })
        .collect())
}

/// A ready passport whose last collection day is near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCollection {
    /// The passport (the reminder's occasion).
    pub passport_id: String,
    /// Its application.
    pub application_id: String,
    /// Its number.
    pub number: String,
    /// The last day it may be collected.
    pub collect_by: NaiveDate,
}

/// Ready passports of offices in `zone` whose last collection day is from `today` to
/// `last` (that zone's dates), with no collection reminder yet; the nearest first.
pub fn collections_due(
    conn: &mut DbConnection,
    zone: TimeZone,
    today: NaiveDate,
    last: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<DueCollection>> {
    let rows: Vec<(String, String, String, NaiveDate)> = passports::table
        .inner_join(offices::table)
        .filter(offices::time_zone.eq(zone.as_str()))
        .filter(passports::status.eq(PassportStatus::Ready.as_str()))
        .filter(passports::collect_by.ge(today))
        .filter(passports::collect_by.le(last))
        .filter(not(exists(
            reminders_sent::table
                .filter(reminders_sent::kind.eq(ReminderKind::CollectionDeadline.as_str()))
                .filter(reminders_sent::application_id.eq(passports::application_id))
                .filter(reminders_sent::occasion.eq(passports::id)),
        )))
        .order((passports::collect_by.asc(), passports::id.asc()))
        .limit(limit)
        .select((
            passports::id,
            passports::application_id,
            passports::number,
            passports::collect_by,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(passport_id, application_id, number, collect_by)| DueCollection {
                passport_id,
                application_id,
                number,
                collect_by,
            },
        )
        .collect())
}
