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

/// Books a place for one of the caller's drafts and issues its billing code.
pub async fn book(
    state: &AppState,
    principal: &Principal,
    id: String,
    request: BookingRequest,
) -> Result<paspor_openapi::ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    for attempt in 1..=BILLING_CODE_TRIES {
        let (account, id, request) = (account.clone(), id.clone(), request.clone());
        let outcome = state
            .db
            .call(move |conn| {
                write_transaction(conn, |conn| {
                    take_place(conn, &account, &id, &request, now, today)
                })?;
                view_owned(conn, &account, &id, today)
            })
            .await;
        match outcome {
            Err(ApplicationError::Store(paspor_persistence::StoreError::Database(error)))
                if bookings::is_billing_code_taken(&error) && attempt < BILLING_CODE_TRIES => {}
            other => {
                if other.is_ok() {
                    state.metrics.booking_made();
                }
                state.outbox.wake();
                return other;
            }
        }
    }
    unreachable!("the last try returns")
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
    let starts = office
        .time_zone
        .to_utc(session.date.and_time(session.starts));
    if starts <= now {
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
    bookings::lock_session(conn, &session.id)?;
    let capacity = open_capacity(conn, session)?.of(channel);
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
/// [`book`]'s write transaction would, so that it never opens one. Anything else (another
/// refusal, or a free place) is left to [`book`], which checks it all again. Run before
/// the request's idempotency key is reserved (`idempotent_unless_refused`): in a rush
/// nearly every attempt finds the session full, and learns it without a single write
/// (on SQLite, without queuing for the database's one writer).
pub fn refuse_if_full(
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

/// Inside a write transaction: every check, the booking and everything it changes, and
/// last the count that decides whether the place was free.
///
/// The count that decides comes last so that the session's lock, which every booking of
/// the session queues for, is held only for that count and the commit, not for the dozen
/// statements a booking writes: in a rush the bookings of one session run one after
/// another, and this is what each of them holds the others up for. Counting after our own
/// insert is exact: under the lock, every booking committed before is visible (each was
/// counted under the same lock, in turn) and ours is counted with them. The rows touched
/// before the lock are this application's own and new rows, which no holder of a session's
/// lock waits for; the waitlist's rows, which the waitlist job changes under a session's
/// lock, are touched after it, so the two never wait for each other in a circle.
fn take_place(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(), ApplicationError> {
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
    if offered_here.is_none() {
        confirm_place(conn, &session, channel, now)?;
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
    bookings::lock_session(conn, &session.id)?;
    let capacity = open_capacity(conn, session)?.of(channel);
    // Ours is among those counted.
    if bookings::count_live(conn, &session.id, channel, now)? > capacity {
        return Err(ApplicationError::Full);
    }
    Ok(())
}

/// The session's capacity as it stands, read under its lock; refused if the day was closed.
fn open_capacity(conn: &mut DbConnection, session: &Session) -> Result<Capacity, ApplicationError> {
    sessions::open_capacity(conn, &session.id)?.ok_or_else(|| {
        ApplicationError::Refused(
            "this session is closed: the office declared the day a holiday".to_owned(),
        )
    })
}
