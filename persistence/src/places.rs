//! Taking a place in a session: the one protocol that booking, rescheduling, accepting a
//! waitlist offer, offering a freed place and registering a walk-in all follow, so that a
//! session never holds more places than its capacity, whatever the concurrency, on one api
//! process or many.
//!
//! A place is taken in two steps inside the caller's write transaction, which must already
//! hold the application's lock (`applications::lock`):
//!
//! 1. it is written ([`book`], [`move_booking`], [`offer`], [`accept_offer`]), giving a
//!    [`Pending`] place, which is `#[must_use]`;
//! 2. last, just before the commit, [`confirm`] locks the session (`FOR NO KEY UPDATE` on
//!    PostgreSQL, see `bookings::lock_session`), reads its capacity as it stands (a day
//!    closed for a holiday refuses), and counts the live places of the channel, this one
//!    included: more than the capacity refuses with [`PlaceError::Full`], and the caller's
//!    transaction must roll back (every caller propagates the error with `?`). Where the
//!    session limits app bookings per passport kind, the live app bookings of the taker's
//!    kind are counted the same way, under the same lock ([`PlaceError::KindFull`]).
//!
//! Counting last keeps the session's lock, which every taker of a place there queues for,
//! held only for that count and the commit. Counting after our own write is exact: under
//! the lock every place committed before is visible (each was counted under the same lock,
//! in turn) and ours is counted with them.
//!
//! On top of the protocol, a partial unique index allows one live booking per application
//! (not given back, not an offer) on both backends, whatever a caller forgets.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use paspor_domain::{Channel, PassportKind, counts_against_kind_limits};

use crate::applications::LockedApplication;
use crate::bookings::{count_live, count_live_of_kind, is_live};
use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::ids::new_id;
use crate::schema::bookings;
use crate::sessions::lock_open_capacity;
use crate::time::to_db;
use crate::transaction::require_transaction;

/// Why a place could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum PlaceError {
    /// Every place of the channel is held.
    #[error("the session has no free place of this channel")]
    Full,
    /// The session limits app bookings of the passport kind, and every place of the kind
    /// is held (though its channel may have places).
    #[error("the session has no free place for a {0} passport")]
    KindFull(PassportKind),
    /// The office closed the day (a holiday), or the session is gone.
    #[error("the session is closed")]
    Closed,
    /// The office serves walk-ins only that day: only a place taken at the counter is.
    #[error("the session's day is walk-in only")]
    WalkInOnly,
    /// The application already holds a place (the database's one-place index refused).
    #[error("the application already holds a place")]
    AlreadyHeld,
    /// The billing code drawn is another booking's: nothing was written and the
    /// transaction stands; draw again.
    #[error("the billing code is taken")]
    BillingCodeTaken,
    /// The offer accepted lapsed or was given back since it was looked at.
    #[error("the offer is no longer live")]
    OfferGone,
    /// The booking to move is not the application's live one.
    #[error("the booking is not the application's live booking")]
    NotHeld,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Error> for PlaceError {
    fn from(error: Error) -> Self {
        PlaceError::Store(StoreError::from(error))
    }
}

/// A place written in a session, not yet confirmed: pass it to [`confirm`] as the
/// transaction's last work.
#[must_use = "a place written is taken only once `places::confirm` has counted it"]
#[derive(Debug)]
pub struct Pending {
    booking_id: String,
    session_id: String,
    channel: Channel,
    /// The passport kind of the application taking it, counted against the session's
    /// limit on that kind.
    kind: PassportKind,
    /// Counted already: an offer accepted was counted when it was offered.
    counted: bool,
    /// Taken at the office's counter (a walk-in), which a walk-in-only day admits.
    at_counter: bool,
}

impl Pending {
    /// The booking that holds the place.
    pub fn booking_id(&self) -> &str {
        &self.booking_id
    }

    /// The place as taken at the office's counter: a day that is walk-in only admits it.
    pub fn at_counter(self) -> Pending {
        Pending {
            at_counter: true,
            ..self
        }
    }
}

/// A new booking of an application: the place and what it waits for.
#[derive(Debug, Clone, Copy)]
pub struct NewBooking<'a> {
    /// The session booked.
    pub session_id: &'a str,
    /// The quota it books from.
    pub channel: Channel,
    /// The 15-digit code the applicant pays with.
    pub billing_code: &'a str,
    /// What is due, in rupiah.
    pub amount: i64,
    /// Until when it waits for payment.
    pub deadline: DateTime<Utc>,
    /// Until when its place stays held if it is not paid by the deadline (the payment
    /// grace period), if past the deadline at all.
    pub held_until: Option<DateTime<Utc>>,
}

/// What a booking accepted from an offer waits for: its payment deadline, and until when
/// its place stays held unpaid (the grace period), if past the deadline at all.
#[derive(Debug, Clone, Copy)]
pub struct PaymentHold {
    /// Until when it waits for payment.
    pub deadline: DateTime<Utc>,
    /// Until when its place stays held unpaid.
    pub held_until: Option<DateTime<Utc>>,
}

/// Writes a new booking of `application`; confirm it last.
pub fn book(
    conn: &mut DbConnection,
    application: &LockedApplication,
    new: &NewBooking<'_>,
    now: DateTime<Utc>,
) -> Result<Pending, PlaceError> {
    require_transaction(conn, "taking a place")?;
    let id = new_id();
    // A code drawn twice is told by no row written rather than by an error, which on
    // PostgreSQL would abort the whole transaction.
    let insert = diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::session_id.eq(new.session_id),
            bookings::channel.eq(new.channel.as_str()),
            bookings::hold_deadline.eq(Some(to_db(new.deadline))),
            bookings::held_until.eq(new.held_until.map(to_db)),
            bookings::created_at.eq(to_db(now)),
            bookings::application_id.eq(application.id()),
            bookings::billing_code.eq(new.billing_code),
            bookings::amount.eq(new.amount),
        ))
        .on_conflict(bookings::billing_code)
        .do_nothing();
    // Diesel's connection of either backend has no ON CONFLICT; each backend's own has.
    let written = match conn {
        DbConnection::Postgresql(pg) => insert.execute(pg),
        DbConnection::Sqlite(sqlite) => insert.execute(sqlite),
    }
    .map_err(refusal_of_insert)?;
    if written == 0 {
        return Err(PlaceError::BillingCodeTaken);
    }
    Ok(Pending {
        booking_id: id,
        session_id: new.session_id.to_owned(),
        channel: new.channel,
        kind: application.passport_kind(),
        counted: false,
        at_counter: false,
    })
}

/// Moves `application`'s live booking `booking_id` to `session_id` (its place in the old
/// session is free at once); confirm it last.
pub fn move_booking(
    conn: &mut DbConnection,
    application: &LockedApplication,
    booking_id: &str,
    session_id: &str,
    channel: Channel,
) -> Result<Pending, PlaceError> {
    require_transaction(conn, "moving a place")?;
    let moved = diesel::update(
        bookings::table
            .find(booking_id)
            .filter(bookings::application_id.eq(application.id()))
            .filter(bookings::released_at.is_null())
            .filter(bookings::offer.eq(false)),
    )
    .set(bookings::session_id.eq(session_id))
    .execute(conn)?;
    if moved != 1 {
        return Err(PlaceError::NotHeld);
    }
    Ok(Pending {
        booking_id: booking_id.to_owned(),
        session_id: session_id.to_owned(),
        channel,
        kind: application.passport_kind(),
        counted: false,
        at_counter: false,
    })
}

/// Offers a freed place of `session_id` to the waitlisted `application` until `until`: a
/// hold that counts against the capacity like any other; confirm it last.
pub fn offer(
    conn: &mut DbConnection,
    application: &LockedApplication,
    session_id: &str,
    channel: Channel,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Pending, PlaceError> {
    require_transaction(conn, "offering a place")?;
    let id = new_id();
    diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::session_id.eq(session_id),
            bookings::channel.eq(channel.as_str()),
            bookings::hold_deadline.eq(Some(to_db(until))),
            bookings::created_at.eq(to_db(now)),
            bookings::application_id.eq(application.id()),
            bookings::offer.eq(true),
        ))
        .execute(conn)?;
    Ok(Pending {
        booking_id: id,
        session_id: session_id.to_owned(),
        channel,
        kind: application.passport_kind(),
        counted: false,
        at_counter: false,
    })
}

/// Turns `application`'s offer `offer_id`, if still live at `now`, into an ordinary booking
/// awaiting payment as `hold` says. Its place was counted when it was offered; confirm
/// it all the same, as every place is.
pub fn accept_offer(
    conn: &mut DbConnection,
    application: &LockedApplication,
    offer_id: &str,
    billing_code: &str,
    amount: i64,
    hold: PaymentHold,
    now: DateTime<Utc>,
) -> Result<Pending, PlaceError> {
    require_transaction(conn, "accepting an offer")?;
    let offers = bookings::table
        .find(offer_id)
        .filter(bookings::application_id.eq(application.id()))
        .filter(bookings::offer.eq(true))
        .filter(is_live(to_db(now)));
    let session: Option<(String, String)> = offers
        .select((bookings::session_id, bookings::channel))
        .first(conn)
        .optional()?;
    let Some((session_id, channel)) = session else {
        return Err(PlaceError::OfferGone);
    };
    // A code drawn twice leaves the offer as it is rather than failing on the unique
    // index, which on PostgreSQL would abort the whole transaction.
    let bookings_with_code = diesel::alias!(bookings as bookings_with_code);
    let code_taken = diesel::dsl::exists(
        bookings_with_code.filter(
            bookings_with_code
                .field(bookings::billing_code)
                .eq(billing_code),
        ),
    );
    let accepted = diesel::update(offers.filter(diesel::dsl::not(code_taken)))
        .set((
            bookings::offer.eq(false),
            bookings::billing_code.eq(billing_code),
            bookings::amount.eq(amount),
            bookings::hold_deadline.eq(Some(to_db(hold.deadline))),
            bookings::held_until.eq(hold.held_until.map(to_db)),
        ))
        .execute(conn)
        .map_err(refusal_of_insert)?;
    if accepted != 1 {
        // The offer was found live above, under the application's lock.
        return Err(PlaceError::BillingCodeTaken);
    }
    Ok(Pending {
        booking_id: offer_id.to_owned(),
        session_id,
        channel: channel
            .parse()
            .map_err(|_| StoreError::corrupt(format!("booking channel {channel:?}")))?,
        kind: application.passport_kind(),
        counted: true,
        at_counter: false,
    })
}

/// The transaction's last work: the count that decides whether the place was free. Returns
/// the booking's id; refused (and the caller's transaction must roll back) when the session
/// is full or closed. The session stays locked until the commit.
pub fn confirm(
    conn: &mut DbConnection,
    pending: Pending,
    now: DateTime<Utc>,
) -> Result<String, PlaceError> {
    if !pending.counted {
        let (capacity, walk_in_only) =
            lock_open_capacity(conn, &pending.session_id)?.ok_or(PlaceError::Closed)?;
        // Read under the session's lock, which marking the day takes too: a booking either
        // counted before the day was marked (and its holder is told) or is refused.
        if walk_in_only && !pending.at_counter {
            return Err(PlaceError::WalkInOnly);
        }
        // Ours is among those counted.
        if count_live(conn, &pending.session_id, pending.channel, now)?
            > capacity.of(pending.channel)
        {
            return Err(PlaceError::Full);
        }
        // The kind's limit is counted under the same lock, and only where the office set
        // one: a session without limits costs no more than it did.
        let kind = pending.kind;
        if counts_against_kind_limits(pending.channel)
            && capacity.by_kind.of(kind).is_some()
            && !capacity.by_kind.admits(
                kind,
                count_live_of_kind(conn, &pending.session_id, kind, now)?,
            )
        {
            return Err(PlaceError::KindFull(kind));
        }
    }
    Ok(pending.booking_id)
}

/// Keeps `application`'s unpaid booking `booking_id` for good in `session_id` (its own
/// session or another of the same channel), paid: for a payment made before its deadline
/// whose notice came late, once the grace period may have let its place go. Given back or
/// not, lapsed or not, it takes a place as every place is taken, but checked *before* it is
/// written, so that a full or closed session leaves the transaction as it was and the
/// caller may try another: the session is locked, its capacity read, and the live places
/// counted, ours among them only if it is still live there; only if they leave room is
/// the booking written (moved, no longer given back, no deadline). The session's lock is
/// taken before the write, which changes no key the session's row is locked for by others
/// (a booking's insert takes `FOR KEY SHARE`, compatible with ours).
pub fn reclaim(
    conn: &mut DbConnection,
    application: &LockedApplication,
    booking_id: &str,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<(), PlaceError> {
    require_transaction(conn, "reclaiming a place")?;
    let found: Option<(String, String)> = bookings::table
        .find(booking_id)
        .filter(bookings::application_id.eq(application.id()))
        .filter(bookings::offer.eq(false))
        .select((bookings::session_id, bookings::channel))
        .first(conn)
        .optional()?;
    let Some((held_in, channel)) = found else {
        return Err(PlaceError::NotHeld);
    };
    let channel: Channel = channel
        .parse()
        .map_err(|_| StoreError::corrupt(format!("booking channel {channel:?}")))?;
    let still_live_here = held_in == session_id
        && bookings::table
            .find(booking_id)
            .filter(is_live(to_db(now)))
            .count()
            .get_result::<i64>(conn)?
            == 1;
    let ours = u32::from(!still_live_here);
    let (capacity, walk_in_only) =
        lock_open_capacity(conn, session_id)?.ok_or(PlaceError::Closed)?;
    // A place still held here stays (its holder was told the day became walk-in only, and
    // is served as a walk-in); a place elsewhere is not taken on such a day.
    if walk_in_only && !still_live_here {
        return Err(PlaceError::WalkInOnly);
    }
    if count_live(conn, session_id, channel, now)? + ours > capacity.of(channel) {
        return Err(PlaceError::Full);
    }
    let kind = application.passport_kind();
    if counts_against_kind_limits(channel)
        && capacity.by_kind.of(kind).is_some()
        && !capacity.by_kind.admits(
            kind,
            count_live_of_kind(conn, session_id, kind, now)? + ours,
        )
    {
        return Err(PlaceError::KindFull(kind));
    }
    diesel::update(bookings::table.find(booking_id))
        .set((
            bookings::session_id.eq(session_id),
            bookings::released_at.eq(None::<chrono::NaiveDateTime>),
            bookings::hold_deadline.eq(None::<chrono::NaiveDateTime>),
            bookings::held_until.eq(None::<chrono::NaiveDateTime>),
        ))
        .execute(conn)
        .map_err(refusal_of_insert)?;
    Ok(())
}

/// A refused insert or update of a booking, told apart: the application's one place (the
/// partial unique index), or a billing code drawn twice.
fn refusal_of_insert(error: Error) -> PlaceError {
    match &error {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            // PostgreSQL names the index; SQLite names the columns in its message.
            let named = info.constraint_name().unwrap_or(info.message());
            if named.contains("billing_code") {
                PlaceError::BillingCodeTaken
            } else {
                PlaceError::AlreadyHeld
            }
        }
        _ => PlaceError::Store(StoreError::from(error)),
    }
}

#[cfg(test)]
mod tests;
