//! Places held in sessions. A booking counts against its session's capacity while it is
//! not released and its payment deadline, if it has one, is still ahead, or its place is
//! still held after the deadline for the payment grace period (`held_until`).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{ApplicationStatus, Channel, PassportKind, counts_against_kind_limits};

use crate::applications::LockedApplication;
use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{applications, bookings};
use crate::time::to_db;

/// The SQL condition "this booking holds its place at `now`" (`now` already in storage form).
#[diesel::dsl::auto_type(no_type_alias)]
pub(crate) fn is_live(now: NaiveDateTime) -> _ {
    bookings::released_at.is_null().and(
        bookings::hold_deadline
            .is_null()
            .or(bookings::hold_deadline.gt(now))
            .or(bookings::held_until.gt(now)),
    )
}

/// How many places of a channel are held in a session at `now`.
pub fn count_live(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    now: DateTime<Utc>,
) -> StoreResult<u32> {
    let live: i64 = bookings::table
        .filter(bookings::session_id.eq(session_id))
        .filter(bookings::channel.eq(channel.as_str()))
        .filter(is_live(to_db(now)))
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(live).unwrap_or(u32::MAX))
}

/// How many app bookings (regular and same-day) of a passport kind are held in a session
/// at `now`: what a session's limit on that kind counts.
pub fn count_live_of_kind(
    conn: &mut DbConnection,
    session_id: &str,
    kind: PassportKind,
    now: DateTime<Utc>,
) -> StoreResult<u32> {
    let app_channels: Vec<&str> = Channel::ALL
        .into_iter()
        .filter(|channel| counts_against_kind_limits(*channel))
        .map(Channel::as_str)
        .collect();
    let live: i64 = bookings::table
        .inner_join(
            applications::table.on(bookings::application_id.eq(applications::id.nullable())),
        )
        .filter(bookings::session_id.eq(session_id))
        .filter(bookings::channel.eq_any(app_channels))
        .filter(applications::passport_kind.eq(kind.as_str()))
        .filter(is_live(to_db(now)))
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(live).unwrap_or(u32::MAX))
}

/// A booking made for an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationBooking {
    /// The booking's id.
    pub id: String,
    /// The session booked.
    pub session_id: String,
    /// The application it is for.
    pub application_id: String,
    /// The 15-digit code the applicant pays with.
    pub billing_code: String,
    /// What is due, in rupiah.
    pub amount: i64,
    /// Until when it waits for payment (none once paid).
    pub hold_deadline: Option<DateTime<Utc>>,
    /// When its place was given back.
    pub released_at: Option<DateTime<Utc>>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

pub(crate) type BookingRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    NaiveDateTime,
);

pub(crate) fn application_booking(row: BookingRow) -> StoreResult<ApplicationBooking> {
    let (id, session_id, application_id, billing_code, amount, deadline, released, created) = row;
    let (Some(application_id), Some(billing_code), Some(amount)) =
        (application_id, billing_code, amount)
    else {
        return Err(crate::error::StoreError::corrupt(format!(
            "booking {id} lacks its application, billing code or amount"
        )));
    };
    Ok(ApplicationBooking {
        id,
        session_id,
        application_id,
        billing_code,
        amount,
        hold_deadline: deadline.map(crate::time::from_db),
        released_at: released.map(crate::time::from_db),
        created_at: crate::time::from_db(created),
    })
}

/// The columns of [`BookingRow`], in its order.
pub(crate) const BOOKING_COLUMNS: (
    bookings::id,
    bookings::session_id,
    bookings::application_id,
    bookings::billing_code,
    bookings::amount,
    bookings::hold_deadline,
    bookings::released_at,
    bookings::created_at,
) = (
    bookings::id,
    bookings::session_id,
    bookings::application_id,
    bookings::billing_code,
    bookings::amount,
    bookings::hold_deadline,
    bookings::released_at,
    bookings::created_at,
);

/// Inside a write transaction, makes concurrent bookings of one session take turns, in
/// this process and any other on the same database, so that counting the places held and
/// adding one is atomic. SQLite's `BEGIN IMMEDIATE` has already serialised every writer.
///
/// `FOR NO KEY UPDATE`, not `FOR UPDATE`: it excludes itself just the same, but not the
/// `FOR KEY SHARE` lock that inserting a booking takes on its session (the foreign key's
/// check). A booking inserts its row before it takes this lock (see the api's booking), so
/// with `FOR UPDATE` two of them would each hold the key share the other's lock waits for:
/// a deadlock, which PostgreSQL breaks by failing one of them.
pub fn lock_session(conn: &mut DbConnection, session_id: &str) -> StoreResult<()> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM office_sessions WHERE id = $1 FOR NO KEY UPDATE")
            .bind::<diesel::sql_types::Text, _>(session_id)
            .execute(pg)?;
    }
    Ok(())
}

/// The application's booking that has not been given back, if any.
pub fn current_of_application(
    conn: &mut DbConnection,
    application_id: &str,
) -> StoreResult<Option<ApplicationBooking>> {
    bookings::table
        .filter(bookings::application_id.eq(application_id))
        .filter(bookings::released_at.is_null())
        .filter(bookings::offer.eq(false))
        .order(bookings::created_at.desc())
        .select(BOOKING_COLUMNS)
        .first::<BookingRow>(conn)
        .optional()?
        .map(application_booking)
        .transpose()
}

/// The application's latest booking that was given back (not an offer), if any: the place
/// a payment reconciled late could not keep, which the applicant then places again.
pub fn last_given_back(
    conn: &mut DbConnection,
    application_id: &str,
) -> StoreResult<Option<ApplicationBooking>> {
    bookings::table
        .filter(bookings::application_id.eq(application_id))
        .filter(bookings::released_at.is_not_null())
        .filter(bookings::offer.eq(false))
        .order(bookings::created_at.desc())
        .select(BOOKING_COLUMNS)
        .first::<BookingRow>(conn)
        .optional()?
        .map(application_booking)
        .transpose()
}

/// The office where the application holds a place (its booking not given back), if any.
pub fn booked_office(conn: &mut DbConnection, application_id: &str) -> StoreResult<Option<String>> {
    use crate::schema::office_sessions;
    Ok(bookings::table
        .inner_join(office_sessions::table)
        .filter(bookings::application_id.eq(application_id))
        .filter(bookings::released_at.is_null())
        .order(bookings::created_at.desc())
        .select(office_sessions::office_id)
        .first(conn)
        .optional()?)
}

/// The booking with this billing code.
pub fn find_by_billing_code(
    conn: &mut DbConnection,
    billing_code: &str,
) -> StoreResult<Option<ApplicationBooking>> {
    bookings::table
        .filter(bookings::billing_code.eq(billing_code))
        .select(BOOKING_COLUMNS)
        .first::<BookingRow>(conn)
        .optional()?
        .map(application_booking)
        .transpose()
}

/// Keeps `application`'s booking `id` for good (it no longer waits for payment); skipped
/// when its hold had already lapsed or been given back.
pub fn confirm_paid(
    conn: &mut DbConnection,
    application: &LockedApplication,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let kept = diesel::update(
        bookings::table
            .find(id)
            .filter(bookings::application_id.eq(application.id()))
            .filter(is_live(to_db(now))),
    )
    .set((
        bookings::hold_deadline.eq(None::<NaiveDateTime>),
        bookings::held_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(kept))
}

/// Gives `application`'s booking (or offer) `id` back, its place free at once; skipped when
/// it was given back already.
pub fn release(
    conn: &mut DbConnection,
    application: &LockedApplication,
    id: &str,
    at: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let released = diesel::update(
        bookings::table
            .find(id)
            .filter(bookings::application_id.eq(application.id()))
            .filter(bookings::released_at.is_null()),
    )
    .set(bookings::released_at.eq(to_db(at)))
    .execute(conn)?;
    Ok(Conditional::of_rows(released))
}

/// Gives back `application`'s booking (or offer) `id` only if its hold is still lapsed at
/// `now`: not given back already, not kept meanwhile (paid, or an offer accepted, both
/// of which move the deadline), and past its grace period if it has one. The jobs find
/// lapsed holds before their transaction; a payment or an acceptance that commits in
/// between must win.
pub fn release_lapsed(
    conn: &mut DbConnection,
    application: &LockedApplication,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let released = diesel::update(
        bookings::table
            .find(id)
            .filter(bookings::application_id.eq(application.id()))
            .filter(bookings::released_at.is_null())
            .filter(bookings::hold_deadline.le(to_db(now)))
            .filter(
                bookings::held_until
                    .is_null()
                    .or(bookings::held_until.le(to_db(now))),
            ),
    )
    .set(bookings::released_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(released))
}

/// Cuts the application's bookings (released ones: offers it was made while a draft in
/// line) loose from it, so that the draft can be deleted; they stay as the sessions'
/// history. The caller releases a live one first.
pub fn detach_application(
    conn: &mut DbConnection,
    application: &LockedApplication,
) -> StoreResult<usize> {
    Ok(
        diesel::update(bookings::table.filter(bookings::application_id.eq(application.id())))
            .set(bookings::application_id.eq(None::<String>))
            .execute(conn)?,
    )
}

/// Unpaid bookings of applications whose deadline has passed and that are not given back
/// yet, oldest first: (booking, application, deadline). One whose application has expired
/// already and whose place is still held for the grace period is left out until the
/// grace ends (there is nothing to do with it before).
pub fn lapsed_unpaid(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<(String, String, NaiveDateTime)>> {
    let now = to_db(now);
    let rows: Vec<(String, Option<String>, Option<NaiveDateTime>)> = bookings::table
        .inner_join(
            applications::table.on(bookings::application_id.eq(applications::id.nullable())),
        )
        .filter(bookings::offer.eq(false))
        .filter(bookings::released_at.is_null())
        .filter(bookings::hold_deadline.le(now))
        .filter(
            bookings::held_until
                .is_null()
                .or(bookings::held_until.le(now))
                .or(applications::status.eq(ApplicationStatus::AwaitingPayment.as_str())),
        )
        .order(bookings::hold_deadline.asc())
        .limit(limit)
        .select((
            bookings::id,
            bookings::application_id,
            bookings::hold_deadline,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, application, deadline)| Some((id, application?, deadline?)))
        .collect())
}

/// Until when the place of booking `id` is held past its payment deadline (the grace
/// period), if it is.
pub fn held_until(conn: &mut DbConnection, id: &str) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(bookings::table
        .find(id)
        .select(bookings::held_until)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()?
        .flatten()
        .map(crate::time::from_db))
}

/// The billing code of a booking.
pub fn billing_code_of(conn: &mut DbConnection, id: &str) -> StoreResult<Option<String>> {
    Ok(bookings::table
        .find(id)
        .select(bookings::billing_code)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// The live offer of a session to an application: (offer id, until).
pub fn live_offer(
    conn: &mut DbConnection,
    application_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<(String, String, NaiveDateTime)>> {
    // `offer` as it stands, not compared with a bound `true`: the predicate of the offers'
    // index (`bookings_offers`), which a cached plan may use only if it can prove it.
    let row: Option<(String, String, Option<NaiveDateTime>)> = bookings::table
        .filter(bookings::application_id.eq(application_id))
        .filter(bookings::offer)
        .filter(is_live(to_db(now)))
        .select((bookings::id, bookings::session_id, bookings::hold_deadline))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(id, session, until)| Some((id, session, until?))))
}

/// Offers whose 15 minutes passed unanswered and that are not given back yet:
/// (offer, application).
pub fn lapsed_offers(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<(String, String)>> {
    let rows: Vec<(String, Option<String>)> = bookings::table
        .filter(bookings::offer.eq(true))
        .filter(bookings::released_at.is_null())
        .filter(bookings::hold_deadline.le(to_db(now)))
        .limit(limit)
        .select((bookings::id, bookings::application_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, application)| Some((id, application?)))
        .collect())
}

/// Changes what is due on booking `id` while it still waits for payment (the fee of a
/// delivery chosen or dropped before paying); skipped once paid or given back. Under the
/// application's lock, which a payment of the booking takes too.
pub fn set_amount_due(conn: &mut DbConnection, id: &str, amount: i64) -> StoreResult<Conditional> {
    let changed = diesel::update(
        bookings::table
            .find(id)
            .filter(bookings::released_at.is_null())
            .filter(bookings::hold_deadline.is_not_null()),
    )
    .set(bookings::amount.eq(amount))
    .execute(conn)?;
    Ok(Conditional::of_rows(changed))
}
