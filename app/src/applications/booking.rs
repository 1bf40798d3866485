//! Booking a place for a draft: the session must be released, in the future, of the office
//! asked for, with a free place of the application's channel. The draft is locked first, so
//! that it is booked once however many requests its owner sends at once; the place is
//! taken as every place is (`paspor_persistence::places`), so a session never holds more
//! bookings than its capacity, whatever the number of requests or api processes.

use chrono::{DateTime, NaiveDate, SubsecRound as _, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::Session;
use paspor_domain::{ApplicationStatus, Channel, payment_deadline};
use paspor_openapi::{ApplicationDto, BookingRequest, QuoteDto};
use paspor_persistence::accounts::users;
use paspor_persistence::applications::ApplicationRecord;
use paspor_persistence::booking_limits;
use paspor_persistence::bookings::{self, ApplicationBooking};
use paspor_persistence::places::{self, NewBooking};
use paspor_persistence::waitlist::{self, EntryStatus};
use paspor_persistence::{
    DbConnection, applications, offices, outbox, sessions, tariffs, write_transaction,
};
use rand::Rng as _;

use super::view::{application_dto, booking_in_session, quote_for};
use super::{ApplicationError, notices};
use crate::auth::Applicant;
use crate::state::AppState;
use crate::write::{Rollback, Write};

/// How often a clash of random billing codes is retried (one in 10^15 per try).
const BILLING_CODE_TRIES: usize = 3;

/// A new 15-digit billing code.
pub fn new_billing_code() -> String {
    format!(
        "{:015}",
        rand::rngs::OsRng.gen_range(0..1_000_000_000_000_000u64)
    )
}

/// The booking of one of the caller's drafts: one write transaction that locks the draft,
/// checks it all, writes the booking and what it changes, reads the answer, and confirms
/// the place last (see `paspor_persistence::places`). Run by the edge in the transaction
/// that holds the request's `Idempotency-Key`.
///
/// A look without a transaction first ([`refuse_if_full`]) answers a full session without
/// a write: in a rush nearly every attempt finds the session full and learns it from one
/// read. Of concurrent bookings of one draft (a double tap, a retry with a fresh key, a
/// broker's script), the first to lock the draft books it; the others then find it
/// awaiting payment and are refused.
pub fn booking(
    state: &AppState,
    principal: &Applicant,
    id: String,
    request: BookingRequest,
) -> Write<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let (now, today) = (state.clock.now(), state.clock.today());
    let metrics = state.metrics.clone();
    let (look_account, look_id, look_request) = (account.clone(), id.clone(), request.clone());
    Write::new(move |conn| {
        // A billing code drawn twice (one in 10^15) is drawn again, in a savepoint so
        // that the rest of the booking stands.
        for attempt in 1..=BILLING_CODE_TRIES {
            match write_transaction(conn, |conn| {
                write_booking(conn, &account, &id, &request, now, today).map_err(Rollback)
            }) {
                Err(Rollback(ApplicationError::BillingCodeTaken))
                    if attempt < BILLING_CODE_TRIES => {}
                other => return other.map_err(|Rollback(error)| error),
            }
        }
        unreachable!("the last try returns")
    })
    .looking_first(move |conn| refuse_if_full(conn, &look_account, &look_id, &look_request, now))
    .once_committed(move || metrics.booking_made())
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

/// Where a booking request asks to go, checked against the draft: the office, the session,
/// the channel it books from, and the waitlist offer the draft holds there (if any).
struct Checked {
    office: Office,
    session: Session,
    channel: Channel,
    offered_here: Option<String>,
    /// A live offer the draft holds at another session, to give back when it books here.
    offered_elsewhere: Option<String>,
}

/// Every check of a booking request that comes before counting places, in the order its
/// refusals take: the draft, the office and session asked for, and whether a waitlist
/// offer already holds a place there.
fn check_request(
    conn: &mut DbConnection,
    application: &ApplicationRecord,
    request: &BookingRequest,
    now: DateTime<Utc>,
) -> Result<Checked, ApplicationError> {
    if application.status != ApplicationStatus::Draft {
        return Err(ApplicationError::Refused(format!(
            "only a draft can be booked; this application is {}",
            application.status.as_str()
        )));
    }
    let (office, session) = bookable_session(conn, request, application, now)?;
    let channel = Channel::from(application.content.service);
    let (offered_here, offered_elsewhere) = match bookings::live_offer(conn, &application.id, now)?
    {
        Some((offer, offered_session, _)) if offered_session == session.id => (Some(offer), None),
        Some((offer, _, _)) => (None, Some(offer)),
        None => (None, None),
    };
    Ok(Checked {
        office,
        session,
        channel,
        offered_here,
        offered_elsewhere,
    })
}

/// Outside any transaction: answers a request that would be refused as full the same way
/// the booking's write transaction would, so that it never opens one. Anything else
/// (another refusal, or a free place) is left to the transaction, which checks it all
/// again under the draft's lock. In a rush nearly every attempt finds the session full,
/// and learns it without a single write (on SQLite, without queuing for the database's
/// one writer).
fn refuse_if_full(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
) -> Result<(), ApplicationError> {
    let Some(application) = applications::find_owned(conn, account, id)? else {
        return Ok(());
    };
    let Ok(checked) = check_request(conn, &application, request, now) else {
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

/// Inside a write transaction: the draft locked, every check, then the booking and
/// everything it changes, the answer read, and the place confirmed last.
///
/// The count that decides comes last so that the session's lock, which every booking of
/// the session queues for, is held only for that count and the commit, not for the dozen
/// statements a booking writes (nor the reading of its answer): in a rush the bookings of
/// one session run one after another, and this is what each of them holds the others up
/// for. Locks are taken in the one order every transaction follows: the application, then
/// the session. The waitlist's rows are the application's own, changed under its lock.
fn write_booking(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    // The account first: its holds and bookings are counted against the limits under its
    // lock, so that bookings of its drafts at once are counted one after another.
    let Some(email) = users::lock_open_email(conn, account)? else {
        return Err(ApplicationError::Refused(
            "this account is closed: it can book no more".to_owned(),
        ));
    };
    let mut application = applications::lock_owned(conn, account, id)?
        .ok_or(ApplicationError::NotFound("application"))?;
    let Checked {
        office,
        session,
        channel,
        offered_here,
        offered_elsewhere,
    } = check_request(conn, &application, request, now)?;
    let limits = booking_limits::get(conn)?;
    let record = booking_limits::record_of(
        conn,
        account,
        &application.nik,
        session.release_at,
        now - limits.lapse_window,
        now,
    )?;
    limits
        .check(&record, now)
        .map_err(|refusal| ApplicationError::limited(refusal, now))?;
    // A first count, without the session's lock: a full session is answered before
    // anything is written. It can only err towards "full" (a place freed a moment ago),
    // never towards overselling: the deciding count is the one under the lock.
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
    let pending = match &offered_here {
        Some(offer) => places::accept_offer(
            conn,
            &application,
            offer,
            &billing_code,
            quote.total,
            deadline,
            now,
        )?,
        None => {
            // Another place offered to the draft elsewhere goes back to the line (under
            // the application's lock nothing else gives it back meanwhile).
            if let Some(offer) = &offered_elsewhere {
                bookings::release(conn, &application, offer, now)?.applied();
            }
            places::book(
                conn,
                &application,
                &NewBooking {
                    session_id: &session.id,
                    channel,
                    billing_code: &billing_code,
                    amount: quote.total,
                    deadline,
                },
                now,
            )?
        }
    };
    if applications::move_status(
        conn,
        &mut application,
        ApplicationStatus::AwaitingPayment,
        None,
        now,
    )?
    .skipped()
    {
        return Err(anyhow::anyhow!("draft {id} moved under its lock").into());
    }
    waitlist::set_status(
        conn,
        &application,
        &[EntryStatus::Waiting, EntryStatus::Offered],
        EntryStatus::Booked,
        now,
    )?
    // Only a draft that waited has an entry to close.
    .applied();
    crate::webhooks::application_moved(conn, id, ApplicationStatus::AwaitingPayment, now)?;
    outbox::enqueue(
        conn,
        &notices::booked(
            &email,
            &office.name,
            &session,
            quote.total,
            &billing_code,
            deadline,
        ),
        now,
    )?;
    let push = notices::booked_push(&office.name, &session, quote.total);
    notices::push_to_devices(conn, account, &push, now)?;
    // The answer is made before the place is confirmed, so as not to hold the session's
    // lock for it (if the place was not free, it is rolled back with the rest), and from
    // what the booking read and wrote: only the history is read again.
    let record = application.into_record();
    let history = applications::history(conn, &record.id)?;
    let booking = ApplicationBooking {
        id: pending.booking_id().to_owned(),
        session_id: session.id.clone(),
        application_id: record.id.clone(),
        billing_code,
        amount: quote.total,
        // As stored: to the microsecond.
        hold_deadline: Some(deadline.trunc_subsecs(6)),
        released_at: None,
        created_at: now,
    };
    let booked = application_dto(
        record,
        history,
        Some(QuoteDto::from(&quote)),
        Some(booking_in_session(&booking, &session, channel)),
    );
    places::confirm(conn, pending, now)?;
    Ok(booked)
}
