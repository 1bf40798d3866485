//! Places held in sessions. A booking counts against its session's capacity while it is
//! not released and its payment deadline, if it has one, is still ahead.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::Channel;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::bookings;
use crate::time::to_db;

/// The SQL condition "this booking holds its place at `now`" (`now` already in storage form).
#[diesel::dsl::auto_type(no_type_alias)]
pub(crate) fn is_live(now: NaiveDateTime) -> _ {
    bookings::released_at.is_null().and(
        bookings::hold_deadline
            .is_null()
            .or(bookings::hold_deadline.gt(now)),
    )
}

/// Records a place held in a session; `hold_deadline` is `None` for a place that no
/// longer waits for payment. Returns the booking's id. The capacity check belongs to the
/// caller's transaction.
pub fn insert(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    hold_deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::session_id.eq(session_id),
            bookings::channel.eq(channel.as_str()),
            bookings::hold_deadline.eq(hold_deadline.map(to_db)),
            bookings::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
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

type BookingRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    NaiveDateTime,
);

fn application_booking(row: BookingRow) -> StoreResult<ApplicationBooking> {
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

macro_rules! booking_columns {
    () => {
        (
            bookings::id,
            bookings::session_id,
            bookings::application_id,
            bookings::billing_code,
            bookings::amount,
            bookings::hold_deadline,
            bookings::released_at,
            bookings::created_at,
        )
    };
}

/// Inside a write transaction, makes concurrent bookings of one session take turns, in
/// this process and any other on the same database, so that counting the places held and
/// adding one is atomic. SQLite's `BEGIN IMMEDIATE` has already serialised every writer.
///
/// `FOR NO KEY UPDATE`, not `FOR UPDATE`: it excludes itself just the same, but not the
/// `FOR KEY SHARE` lock that inserting a booking takes on its session (the foreign key's
/// check). A booking inserts its row before it takes this lock (see the api's booking), so
/// with `FOR UPDATE` two of them would each hold the key share the other's lock waits for:
/// a deadlock, which PostgreSQL breaks by failing one of them.
pub fn lock_session(conn: &mut DbConnection, session_id: &str) -> QueryResult<()> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM office_sessions WHERE id = $1 FOR NO KEY UPDATE")
            .bind::<diesel::sql_types::Text, _>(session_id)
            .execute(pg)?;
    }
    Ok(())
}

/// Whether a failed insert was refused because the billing code is taken.
pub fn is_billing_code_taken(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Holds a place of `channel` in a session for an application until `deadline`. The
/// capacity check belongs to the caller's transaction (see [`lock_session`]).
#[expect(clippy::too_many_arguments, reason = "one row's worth of columns")]
pub fn insert_for_application(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    application_id: &str,
    billing_code: &str,
    amount: i64,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::session_id.eq(session_id),
            bookings::channel.eq(channel.as_str()),
            bookings::hold_deadline.eq(Some(to_db(deadline))),
            bookings::created_at.eq(to_db(now)),
            bookings::application_id.eq(application_id),
            bookings::billing_code.eq(billing_code),
            bookings::amount.eq(amount),
        ))
        .execute(conn)?;
    Ok(id)
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
        .select(booking_columns!())
        .first::<BookingRow>(conn)
        .optional()?
        .map(application_booking)
        .transpose()
}

/// The office where the application holds a place (its booking not given back), if any.
pub fn booked_office(conn: &mut DbConnection, application_id: &str) -> QueryResult<Option<String>> {
    use crate::schema::office_sessions;
    bookings::table
        .inner_join(office_sessions::table)
        .filter(bookings::application_id.eq(application_id))
        .filter(bookings::released_at.is_null())
        .order(bookings::created_at.desc())
        .select(office_sessions::office_id)
        .first(conn)
        .optional()
}

/// The booking with this billing code.
pub fn find_by_billing_code(
    conn: &mut DbConnection,
    billing_code: &str,
) -> StoreResult<Option<ApplicationBooking>> {
    bookings::table
        .filter(bookings::billing_code.eq(billing_code))
        .select(booking_columns!())
        .first::<BookingRow>(conn)
        .optional()?
        .map(application_booking)
        .transpose()
}

/// Keeps a paid booking's place for good (it no longer waits for payment). Returns false
/// when the hold had already lapsed or been given back.
pub fn confirm_paid(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> QueryResult<bool> {
    let kept = diesel::update(bookings::table.find(id).filter(is_live(to_db(now))))
        .set(bookings::hold_deadline.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(kept == 1)
}

/// Gives a booking's place back.
pub fn release(conn: &mut DbConnection, id: &str, at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(
        bookings::table
            .find(id)
            .filter(bookings::released_at.is_null()),
    )
    .set(bookings::released_at.eq(to_db(at)))
    .execute(conn)?;
    Ok(())
}

/// Gives back a booking's place only if its hold is still lapsed at `now`: not given back
/// already, and not kept meanwhile (paid, or an offer accepted, both of which move the
/// deadline). The jobs find lapsed holds before their transaction; a payment or an
/// acceptance that commits in between must win. Returns whether it was given back.
pub fn release_lapsed(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> QueryResult<bool> {
    let released = diesel::update(
        bookings::table
            .find(id)
            .filter(bookings::released_at.is_null())
            .filter(bookings::hold_deadline.le(to_db(now))),
    )
    .set(bookings::released_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(released == 1)
}

/// Cuts the application's bookings (released ones: offers it was made while a draft in
/// line) loose from it, so that the draft can be deleted; they stay as the sessions'
/// history. The caller releases a live one first.
pub fn detach_application(conn: &mut DbConnection, application_id: &str) -> QueryResult<usize> {
    diesel::update(bookings::table.filter(bookings::application_id.eq(application_id)))
        .set(bookings::application_id.eq(None::<String>))
        .execute(conn)
}

/// Unpaid bookings of applications whose deadline has passed and that are not given back
/// yet, oldest first: (booking, application, deadline).
pub fn lapsed_unpaid(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    let rows: Vec<(String, Option<String>, Option<NaiveDateTime>)> = bookings::table
        .filter(bookings::application_id.is_not_null())
        .filter(bookings::offer.eq(false))
        .filter(bookings::released_at.is_null())
        .filter(bookings::hold_deadline.le(to_db(now)))
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

/// The billing code of a booking.
pub fn billing_code_of(conn: &mut DbConnection, id: &str) -> QueryResult<Option<String>> {
    Ok(bookings::table
        .find(id)
        .select(bookings::billing_code)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// Moves a booking to another session (its place in the old one is free at once).
pub fn move_to_session(conn: &mut DbConnection, id: &str, session_id: &str) -> QueryResult<()> {
    diesel::update(bookings::table.find(id))
        .set(bookings::session_id.eq(session_id))
        .execute(conn)?;
    Ok(())
}

/// Holds a place of `channel` in a session for a waitlisted application until `until`: an
/// offer, which counts against the capacity like any hold. The capacity check belongs to
/// the caller's transaction (see [`lock_session`]).
pub fn insert_offer(
    conn: &mut DbConnection,
    session_id: &str,
    channel: Channel,
    application_id: &str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::session_id.eq(session_id),
            bookings::channel.eq(channel.as_str()),
            bookings::hold_deadline.eq(Some(to_db(until))),
            bookings::created_at.eq(to_db(now)),
            bookings::application_id.eq(application_id),
            bookings::offer.eq(true),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The live offer of a session to an application: (offer id, until).
pub fn live_offer(
    conn: &mut DbConnection,
    application_id: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<(String, String, NaiveDateTime)>> {
    let row: Option<(String, String, Option<NaiveDateTime>)> = bookings::table
        .filter(bookings::application_id.eq(application_id))
        .filter(bookings::offer.eq(true))
        .filter(is_live(to_db(now)))
        .select((bookings::id, bookings::session_id, bookings::hold_deadline))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(id, session, until)| Some((id, session, until?))))
}

/// Turns an offer still live at `now` into an ordinary booking awaiting payment; returns
/// false when the offer lapsed or was given back since it was looked at (the waitlist job
/// may give it back between the caller's look and this write).
pub fn accept_offer(
    conn: &mut DbConnection,
    id: &str,
    billing_code: &str,
    amount: i64,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let accepted = diesel::update(
        bookings::table
            .find(id)
            .filter(bookings::offer.eq(true))
            .filter(is_live(to_db(now))),
    )
    .set((
        bookings::offer.eq(false),
        bookings::billing_code.eq(billing_code),
        bookings::amount.eq(amount),
        bookings::hold_deadline.eq(Some(to_db(deadline))),
    ))
    .execute(conn)?;
    Ok(accepted == 1)
}

/// Offers whose 15 minutes passed unanswered and that are not given back yet:
/// (offer, application).
pub fn lapsed_offers(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<(String, String)>> {
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

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use paspor_domain::builtin_schedules;

    use super::*;
    use crate::schema::office_sessions;
    use crate::{PoolSettings, connect_pool, run_migrations, seed};

    #[test]
    fn a_lapsed_hold_is_given_back_once_and_a_paid_one_never() {
        let dir = std::env::temp_dir().join(format!(
            "paspor-bookings-{}-{}",
            std::process::id(),
            Utc::now().timestamp_nanos_opt().unwrap_or_default()
        ));
        let url = format!("sqlite://{}", dir.join("paspor.db").display());
        run_migrations(&url).unwrap();
        let (pool, _) = connect_pool(&url, PoolSettings::default()).unwrap();
        let mut conn = pool.get().unwrap();
        let now = Utc::now();
        seed::seed(&mut conn, &builtin_schedules(), &["launch".to_owned()], now).unwrap();
        let office = crate::offices::list(&mut conn).unwrap().remove(0);
        let today = office.time_zone.local_date(now);
        crate::sessions::materialise(&mut conn, &office, today, today + TimeDelta::days(7), now)
            .unwrap();
        let session: String = office_sessions::table
            .select(office_sessions::id)
            .first(&mut conn)
            .unwrap();
        let deadline = now + TimeDelta::hours(2);
        let later = deadline + TimeDelta::seconds(1);

        let unpaid = insert(&mut conn, &session, Channel::Regular, Some(deadline), now).unwrap();
        assert!(
            !release_lapsed(&mut conn, &unpaid, now).unwrap(),
            "not lapsed yet"
        );
        assert!(release_lapsed(&mut conn, &unpaid, later).unwrap());
        assert!(
            !release_lapsed(&mut conn, &unpaid, later).unwrap(),
            "given back once"
        );

        // Paid a moment before its deadline, after the expiry job found it lapsed-to-be.
        let paid = insert(&mut conn, &session, Channel::Regular, Some(deadline), now).unwrap();
        assert!(confirm_paid(&mut conn, &paid, deadline - TimeDelta::seconds(1)).unwrap());
        assert!(!release_lapsed(&mut conn, &paid, later).unwrap());
        assert_eq!(
            count_live(&mut conn, &session, Channel::Regular, later).unwrap(),
            1
        );
        drop((conn, pool));
        let _ = std::fs::remove_dir_all(dir);
    }
}
