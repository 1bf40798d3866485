//! Booking a place for a draft: the session must be released, in the future, of the office
//! asked for, with a free place of the application's channel. Counting the places held and
//! taking one is atomic (the session is locked for the count), so a session never holds
//! more bookings than its capacity, whatever the number of requests or api processes.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::{Capacity, Session};
use paspor_domain::{ApplicationStatus, Channel, Service, payment_deadline};
use paspor_openapi::{BookingDto, BookingRequest, BookingStateDto};
use paspor_persistence::accounts::users;
use paspor_persistence::applications::ApplicationRecord;
use paspor_persistence::bookings::{self, ApplicationBooking};
use paspor_persistence::waitlist::{self, EntryStatus};
use paspor_persistence::{
    DbConnection, applications, offices, outbox, sessions, tariffs, write_transaction,
};
use rand::Rng as _;

use super::view::{quote_for, view_owned};
use super::waitlist::release_offer;
use super::{ApplicationError, notices};
use crate::auth::Principal;
use crate::idempotency::TransactionKey;
use crate::state::AppState;

/// How often a clash of random billing codes is retried (one in 10^15 per try).
const BILLING_CODE_TRIES: usize = 3;

/// A new 15-digit billing code.
pub(crate) fn new_billing_code() -> String {
    format!(
        "{:015}",
        rand::rngs::OsRng.gen_range(0..1_000_000_000_000_000u64)
    )
}

/// The quota a service books from.
pub(super) fn channel_of(service: Service) -> Channel {
    match service {
        Service::Regular => Channel::Regular,
        Service::SameDay => Channel::SameDay,
    }
}

/// The wire form of a booking, with its session.
pub(super) fn booking_dto(
    conn: &mut DbConnection,
    booking: &ApplicationBooking,
    channel: Channel,
) -> Result<BookingDto, ApplicationError> {
    let session = sessions::find(conn, &booking.session_id)?.ok_or_else(|| {
        anyhow::anyhow!(
            "session {} of booking {} is gone",
            booking.session_id,
            booking.id
        )
    })?;
    Ok(BookingDto {
        id: booking.id.clone(),
        office_id: session.office_id,
        session_id: session.id,
        date: session.date,
        starts: session.starts.format("%H:%M").to_string(),
        ends: session.ends.format("%H:%M").to_string(),
        channel: channel.into(),
        state: if booking.hold_deadline.is_some() {
            BookingStateDto::AwaitingPayment
        } else {
            BookingStateDto::Paid
        },
        billing_code: booking.billing_code.clone(),
        amount: booking.amount,
        currency: paspor_domain::CURRENCY.to_owned(),
        payment_deadline: booking.hold_deadline,
    })
}

/// The booking of one of the caller's drafts, as work for one call on a connection: run
/// by `idempotency::idempotent_in_transaction` once the request's key is known to be free.
/// Returns the application as booked, as JSON: the answer kept for the key.
///
/// First a look without a transaction ([`refuse_if_full`]) answers a full session without
/// a write. Then one write transaction holds the key, takes the place, issues the billing
/// code and keeps the answer: a refusal rolls it all back and leaves the key free. All on
/// the one connection: in a rush every call queues behind the whole crowd for a
/// connection, and an attempt that finds a place free does not queue twice.
pub fn booking(
    state: &AppState,
    principal: &Principal,
    id: String,
    request: BookingRequest,
) -> impl FnOnce(&mut DbConnection, TransactionKey) -> Result<Vec<u8>, ApplicationError> + Send + 'static
{
    let account = principal.account.clone();
    let (now, today) = (state.clock.now(), state.clock.today());
    let (metrics, outbox) = (state.metrics.clone(), state.outbox.clone());
    move |conn, key| {
        refuse_if_full(conn, &account, &id, &request, now)?;
        for attempt in 1..=BILLING_CODE_TRIES {
            let outcome = write_transaction(conn, |conn| {
                if !key.hold(conn)? {
                    return Err(ApplicationError::KeyInUse);
                }
                let written = write_booking(conn, &account, &id, &request, now, today)?;
                // The answer is read before the place is confirmed, so as not to hold the
                // session's lock for it: if the place was not free, it is rolled back with
                // the rest.
                let booked = view_owned(conn, &account, &id, today)?;
                let answer = serde_json::to_vec(&booked).map_err(anyhow::Error::from)?;
                key.keep_json(conn, &answer)?;
                confirm_booking(conn, &id, &written, now)?;
                Ok(answer)
            });
            match outcome {
                Err(ApplicationError::Store(paspor_persistence::StoreError::Database(error)))
                    if bookings::is_billing_code_taken(&error) && attempt < BILLING_CODE_TRIES => {}
                other => {
                    if other.is_ok() {
                        metrics.booking_made();
                        outbox.wake();
                    }
                    return other;
                }
            }
        }
        unreachable!("the last try returns")
    }
}

/// The office and session a request names, if the application may take a place there now:
/// the session of that office and date, released, not started, and the office able to
/// make the passport kind.
pub(super) fn bookable_session(
    conn: &mut DbConnection,
    request: &BookingRequest,
    application: &ApplicationRecord,
    now: DateTime<Utc>,
) -> Result<(Office, Session), ApplicationError> {
    let office = offices::find(conn, &request.office_id)?
        .ok_or_else(|| ApplicationError::field("office_id", "names no office"))?;
    let session = sessions::find(conn, &request.session_id)?
        .filter(|session| session.office_id == office.id && session.date == request.date)
        .ok_or_else(|| {
            ApplicationError::field("session_id", "names no session of that office on that date")
        })?;
    if application.content.passport_kind == paspor_domain::PassportKind::Electronic
        && !office.e_passport_available
    {
        return Err(ApplicationError::Unprocessable(format!(
            "{} has no e-passport books at the moment: choose a non-electronic passport or \
             another office",
            office.name
        )));
    }
    if !session.is_released(now) {
        return Err(ApplicationError::NotReleased(session.release_at));
    }
    if session.has_started(office.time_zone, now) {
        return Err(ApplicationError::field("session_id", "has already started"));
    }
    Ok((office, session))
}

/// Inside a write transaction: makes sure a place of `channel` is free in `session`, with
/// the session locked so that no concurrent booking takes it before the caller does.
pub(crate) fn claim_place(
    conn: &mut DbConnection,
    session: &Session,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<(), ApplicationError> {
    let capacity = session.capacity.of(channel);
    // A first count without the lock answers a full session at once: in a rush most
    // attempts find it full, and they need not queue for the lock to learn it. It can only
    // err towards "full" (a place freed a moment ago), never towards overselling.
    if bookings::count_live(conn, &session.id, channel, now)? >= capacity {
        return Err(ApplicationError::Full);
    }
    // The count that decides, with concurrent bookings of the session held back. The
    // capacity is read again under the lock: an office admin lowers it (or a holiday closes
    // the session) under the same lock, and a value read before it may be stale.
    let capacity = lock_open_capacity(conn, session)?.of(channel);
    if bookings::count_live(conn, &session.id, channel, now)? >= capacity {
        return Err(ApplicationError::Full);
    }
    Ok(())
}

/// What a booking request was checked against: the draft, where it asks to go, the
/// channel it books from, and the waitlist offer it holds there (if any).
struct Checked {
    application: ApplicationRecord,
    office: Office,
    session: Session,
    channel: Channel,
    offered_here: Option<String>,
}

/// Every check of a booking request that comes before counting places, in the order its
/// refusals take: the caller's draft, the office and session asked for, and whether a
/// waitlist offer already holds a place there.
fn check_request(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
) -> Result<Checked, ApplicationError> {
    let application = applications::find_owned(conn, account, id)?
        .ok_or(ApplicationError::NotFound("application"))?;
    if application.status != ApplicationStatus::Draft {
        return Err(ApplicationError::Refused(format!(
            "only a draft can be booked; this application is {}",
            application.status.as_str()
        )));
    }
    let (office, session) = bookable_session(conn, request, &application, now)?;
    let channel = channel_of(application.content.service);
    let offered_here = bookings::live_offer(conn, id, now)?
        .filter(|(_, offered_session, _)| *offered_session == session.id)
        .map(|(offer, _, _)| offer);
    Ok(Checked {
        application,
        office,
        session,
        channel,
        offered_here,
    })
}

/// Outside any transaction: answers a request that would be refused as full the same way
/// the booking's write transaction would, so that it never opens one. Anything else
/// (another refusal, or a free place) is left to the transaction, which checks it all
/// again. In a rush nearly every attempt finds the session full, and learns it without a
/// single write (on SQLite, without queuing for the database's one writer).
fn refuse_if_full(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
) -> Result<(), ApplicationError> {
    let Ok(checked) = check_request(conn, account, id, request, now) else {
        return Ok(());
    };
    let capacity = checked.session.capacity.of(checked.channel);
    if checked.offered_here.is_none()
        && bookings::count_live(conn, &checked.session.id, checked.channel, now)? >= capacity
    {
        return Err(ApplicationError::Full);
    }
    Ok(())
}

/// Inside a write transaction: every check, then the booking and everything it changes;
/// the place is confirmed after, by [`confirm_booking`], as the transaction's last work.
///
/// The count that decides comes last so that the session's lock, which every booking of
/// the session queues for, is held only for that count and the commit, not for the dozen
/// statements a booking writes (nor the reading of its answer): in a rush the bookings of
/// one session run one after another, and this is what each of them holds the others up
/// for. Counting after our own insert is exact: under the lock, every booking committed
/// before is visible (each was counted under the same lock, in turn) and ours is counted
/// with them. The rows touched before the lock are this application's own and new rows,
/// which no holder of a session's lock waits for; the waitlist's rows, which the waitlist
/// job changes under a session's lock, are touched after it, so the two never wait for
/// each other in a circle.
fn write_booking(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Written, ApplicationError> {
    let Checked {
        application,
        office,
        session,
        channel,
        offered_here,
    } = check_request(conn, account, id, request, now)?;
    // A first count, without the lock: a full session is answered before anything is
    // written. It can only err towards "full" (a place freed a moment ago), never towards
    // overselling: the deciding count is the one under the lock.
    if offered_here.is_none()
        && bookings::count_live(conn, &session.id, channel, now)? >= session.capacity.of(channel)
    {
        return Err(ApplicationError::Full);
    }
    let applicant = applications::applicant_facts(conn, account, &application.applicant_id)?
        .ok_or_else(|| anyhow::anyhow!("applicant of {id} is gone"))?;
    let schedules = tariffs::enabled(conn)?;
    let quote = quote_for(&application, Some(&applicant), &schedules, today).ok_or_else(|| {
        ApplicationError::Unprocessable(
            "no tariff schedule in force can price this application".into(),
        )
    })?;

    let deadline = payment_deadline(now);
    let billing_code = new_billing_code();
    match &offered_here {
        Some(offer) => {
            if !bookings::accept_offer(conn, offer, &billing_code, quote.total, deadline, now)? {
                return Err(ApplicationError::Refused(
                    "the place offered from the waitlist lapsed a moment ago; book again"
                        .to_owned(),
                ));
            }
        }
        None => {
            bookings::insert_for_application(
                conn,
                &session.id,
                channel,
                id,
                &billing_code,
                quote.total,
                deadline,
                now,
            )?;
        }
    }
    applications::move_status(
        conn,
        id,
        ApplicationStatus::Draft,
        ApplicationStatus::AwaitingPayment,
        None,
        now,
    )?;
    crate::webhooks::application_status_changed(conn, id, now)?;
    if let Some(user) = users::find(conn, account)? {
        outbox::enqueue(
            conn,
            &notices::booked(
                &user.email,
                &office.name,
                &session,
                quote.total,
                &billing_code,
                deadline,
            ),
            now,
        )?;
    }
    let push = notices::booked_push(&office.name, &session, quote.total);
    notices::push_to_devices(conn, account, &push, now)?;
    Ok(Written {
        session,
        channel,
        from_offer: offered_here.is_some(),
    })
}

/// A booking [`write_booking`] wrote, its place not yet confirmed.
struct Written {
    session: Session,
    channel: Channel,
    /// It took the place a waitlist offer held for it: that place was counted when offered.
    from_offer: bool,
}

/// Inside the write transaction of [`write_booking`], last: the count that decides whether
/// the place was free (unless a waitlist offer held it), and the waitlist's rows, touched
/// under the session's lock (see [`write_booking`]).
fn confirm_booking(
    conn: &mut DbConnection,
    id: &str,
    written: &Written,
    now: DateTime<Utc>,
) -> Result<(), ApplicationError> {
    if !written.from_offer {
        confirm_place(conn, &written.session, written.channel, now)?;
        release_offer(conn, id, now)?;
    }
    waitlist::set_status(
        conn,
        id,
        &[EntryStatus::Waiting, EntryStatus::Offered],
        EntryStatus::Booked,
        now,
    )?;
    Ok(())
}

/// Inside a write transaction that has just inserted a booking of `channel` in `session`:
/// whether the place it took was free, with the session locked until the commit so that no
/// concurrent booking is counted or committed in between; `Full` (rolling it all back) if
/// not. The capacity is read under the lock too: an office admin lowers it (or a holiday
/// closes the session) under the same lock, and a value read before it may be stale.
fn confirm_place(
    conn: &mut DbConnection,
    session: &Session,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<(), ApplicationError> {
    let capacity = lock_open_capacity(conn, session)?.of(channel);
    // Ours is among those counted.
    if bookings::count_live(conn, &session.id, channel, now)? > capacity {
        return Err(ApplicationError::Full);
    }
    Ok(())
}

/// Locks the session and reads its capacity as it stands; refused if the day was closed.
fn lock_open_capacity(
    conn: &mut DbConnection,
    session: &Session,
) -> Result<Capacity, ApplicationError> {
    sessions::lock_open_capacity(conn, &session.id)?.ok_or_else(|| {
        ApplicationError::Refused(
            "this session is closed: the office declared the day a holiday".to_owned(),
        )
    })
}
