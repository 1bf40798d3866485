//! Booking a place for a draft: the session must be released, in the future, of the office
//! asked for, with a free place of the application's channel. The draft is locked first, so
//! that it is booked once however many requests its owner sends at once; the place is
//! taken as every place is (`paspor_persistence::places`), so a session never holds more
//! bookings than its capacity, whatever the number of requests or api processes.

use chrono::{DateTime, NaiveDate, SubsecRound as _, TimeDelta, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::Session;
use paspor_domain::{ApplicationStatus, Channel, payment_deadline, place_held_until};
use paspor_openapi::{ApplicationDto, BookingRequest};
use paspor_persistence::accounts::users;
use paspor_persistence::applications::{ApplicationRecord, BookingLook, LockedApplication};
use paspor_persistence::booking_standing::{self, BookingOf};
use paspor_persistence::bookings::{self, ApplicationBooking};
use paspor_persistence::places::{self, NewBooking, PaymentHold, Pending, PlaceError};
use paspor_persistence::waitlist::{self, EntryStatus};
use paspor_persistence::{DbConnection, applications, sessions};
use rand::Rng as _;

use super::choice::booking_offer;
use super::view::{application_dto, booking_in_session};
use super::{ApplicationError, notices};
use crate::auth::Applicant;
use crate::locale::Message;
use crate::notice::tell_account;
use crate::offer::Pricing;
use crate::reference_data::ReferenceData;
use crate::said::office_refuses;
use crate::state::AppState;
use crate::write::Write;

/// How often a clash of random billing codes is retried (one in 10^15 per try).
const BILLING_CODE_TRIES: usize = 3;

/// A new 15-digit billing code.
pub fn new_billing_code() -> String {
    format!(
        "{:015}",
        rand::rngs::OsRng.gen_range(0..1_000_000_000_000_000u64)
    )
}

/// A booking asked for: whose, of which draft, where, and when it arrived.
#[derive(Clone)]
struct Asked {
    account: String,
    id: String,
    request: BookingRequest,
    now: DateTime<Utc>,
    /// How long past its payment deadline an unpaid booking's place stays held.
    grace: TimeDelta,
}

/// The booking of one of the caller's drafts: one write transaction that locks the draft,
/// checks it all, writes the booking and what it changes, makes the answer, and confirms
/// the place last (see `paspor_persistence::places`). Run by the edge in the transaction
/// that holds the request's `Idempotency-Key`.
///
/// A look without a transaction first ([`refuse_if_full`]) answers a full session without
/// a write: in a rush nearly every attempt finds the session full and learns it from one
/// statement (`applications::booking_look`). Of concurrent bookings of one draft (a double
/// tap, a retry with a fresh key, a broker's script), the first to lock the draft books it;
/// the others then find it awaiting payment and are refused.
pub fn booking(
    state: &AppState,
    principal: &Applicant,
    id: String,
    request: BookingRequest,
) -> Write<ApplicationDto, ApplicationError> {
    let asked = Asked {
        account: principal.account.clone(),
        id,
        request,
        now: state.clock.now(),
        grace: state.late_payments.grace,
    };
    let today = state.clock.today();
    let metrics = state.metrics.clone();
    let reference = state.reference.clone();
    let (look_asked, look_reference) = (asked.clone(), reference.clone());
    Write::looking_first(
        move |conn| refuse_if_full(conn, &look_reference, &look_asked),
        move |conn, seen| write_booking(conn, &reference, &asked, seen, today),
    )
    .once_committed(move || metrics.booking_made())
}

/// The office and session a request names, if the application may take a place there now
/// (see [`check_place`]), read.
pub(super) fn bookable_session(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    request: &BookingRequest,
    application: &ApplicationRecord,
    now: DateTime<Utc>,
) -> Result<(Office, Session), ApplicationError> {
    let office = reference.office(conn, &request.office_id)?;
    let session = match office {
        Some(_) => sessions::find(conn, &request.session_id)?,
        None => None,
    };
    check_place(office, session, request, application, now)
}

/// Whether the application may take a place in the office and session a request names
/// (as found, if found): the session of that office and date, the office offering the
/// passport kind (an office out of e-passport books, or one that issues electronic
/// passports only, does not offer every kind), not on a day the office serves walk-ins
/// only, released, not started. Refusals come in
/// that order.
fn check_place(
    office: Option<Office>,
    session: Option<Session>,
    request: &BookingRequest,
    application: &ApplicationRecord,
    now: DateTime<Utc>,
) -> Result<(Office, Session), ApplicationError> {
    let office = office
        .ok_or_else(|| ApplicationError::field("office_id", Message::new("office-id-unknown")))?;
    let session = session
        .filter(|session| session.office_id == office.id && session.date == request.date)
        .ok_or_else(|| ApplicationError::field("session_id", Message::new("session-unknown")))?;
    if let Some(reason) = office_refuses(&office, application.content.passport_kind) {
        return Err(ApplicationError::field("passport_kind", reason));
    }
    if session.walk_in_only {
        return Err(ApplicationError::refused("session-walk-in-only"));
    }
    if !session.is_released(now) {
        return Err(ApplicationError::NotReleased(session.release_at));
    }
    if session.has_started(office.time_zone, now) {
        return Err(ApplicationError::field(
            "session_id",
            Message::new("session-started"),
        ));
    }
    Ok((office, session))
}

/// Refused unless the application is a draft.
fn check_draft(application: &ApplicationRecord) -> Result<(), ApplicationError> {
    if application.status == ApplicationStatus::Draft {
        Ok(())
    } else {
        Err(ApplicationError::Refused(
            Message::new("booking-only-draft")
                .with("status", application.status.as_str())
                .into(),
        ))
    }
}

/// What the look before the transaction saw of where the booking goes: the office and
/// the session, which no lock of the booking guards (the transaction would read them
/// unguarded just the same). The place itself is counted again under the session's lock.
struct Seen {
    office: Office,
    session: Session,
}

/// Outside any transaction: answers a request that would be refused as full the same way
/// the booking's write transaction would, so that it never opens one. Anything else
/// (another refusal, or a free place) is left to the transaction, which checks it all
/// again under the draft's lock. In a rush nearly every attempt finds the session full,
/// and learns it without a single write (on SQLite, without queuing for the database's
/// one writer).
fn refuse_if_full(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    asked: &Asked,
) -> Result<Option<Seen>, ApplicationError> {
    let found = applications::booking_look(
        conn,
        &asked.account,
        &asked.id,
        &asked.request.session_id,
        asked.now,
    )?;
    let Some(BookingLook {
        application,
        session,
    }) = found
    else {
        return Ok(None);
    };
    if check_draft(&application).is_err() {
        return Ok(None);
    }
    let Some(office) = reference.office(conn, &asked.request.office_id)? else {
        return Ok(None);
    };
    let (session, held, offered_here) = session.map_or((None, 0, false), |seen| {
        (Some(seen.session), seen.held, seen.offered_here)
    });
    let Ok((office, session)) = check_place(
        Some(office),
        session,
        &asked.request,
        &application,
        asked.now,
    ) else {
        return Ok(None);
    };
    // A waitlist offer the draft holds here is a place of its own.
    let channel = Channel::from(application.content.service);
    if held >= session.capacity.of(channel) && !offered_here {
        return Err(ApplicationError::Full);
    }
    Ok(Some(Seen { office, session }))
}

/// Inside a write transaction: the draft locked, every check, then the booking and
/// everything it changes, the answer made, and the place confirmed last.
///
/// The count that decides comes last so that the session's lock, which every booking of
/// the session queues for, is held only for that count and the commit, not for the dozen
/// statements a booking writes (nor the making of its answer): in a rush the bookings of
/// one session run one after another, and this is what each of them holds the others up
/// for. Locks are taken in the one order every transaction follows: the account, the
/// application, then the session. The waitlist's rows are the application's own, changed
/// under its lock.
fn write_booking(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    asked: &Asked,
    seen: Option<Seen>,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    let Asked {
        account,
        id,
        request,
        now,
        grace,
    } = asked;
    let now = *now;
    // The account first: its holds and bookings are counted against the limits under its
    // lock, so that bookings of its drafts at once are counted one after another.
    let Some(_) = users::lock_open_email(conn, account)? else {
        return Err(ApplicationError::refused("booking-account-closed"));
    };
    let mut application = applications::lock_owned(conn, account, id)?
        .ok_or(ApplicationError::NotFound("application"))?;
    check_draft(&application)?;
    // The draft may have changed since the look (its kind or service): checked again.
    let (office, session) = match seen {
        Some(Seen { office, session }) => {
            check_place(Some(office), Some(session), request, &application, now)?
        }
        None => bookable_session(conn, reference, request, &application, now)?,
    };
    let channel = Channel::from(application.content.service);
    let limits = reference.limits(conn)?;
    let standing = booking_standing::standing(
        conn,
        BookingOf {
            account,
            application_id: &application.id,
            nik: &application.nik,
            release_at: session.release_at,
        },
        now - limits.lapse_window,
        now,
    )?;
    let (offered_here, offered_elsewhere) = match standing.offer {
        Some((offer, offered_session)) if offered_session == session.id => (Some(offer), None),
        Some((offer, _)) => (None, Some(offer)),
        None => (None, None),
    };
    limits
        .check(&standing.record, now)
        .map_err(|refusal| ApplicationError::limited(refusal, now))?;
    // The places are not counted again here: the look counted them a moment before, on
    // this connection, and a session that filled since is refused by the count under its
    // lock (`places::confirm`), which rolls all of this back. Counted here too, each
    // booking read every live place of its session once more (see docs/PERFORMANCE.md).
    let applicant = applications::applicant_facts(conn, account, &application.applicant_id)?
        .ok_or_else(|| anyhow::anyhow!("applicant of {id} is gone"))?;
    // The draft's kind and validity, offered today at this office: what is paid for.
    let priced = Pricing::remembered(conn, reference)?;
    let offer = booking_offer(&priced, &application.content, &applicant, &office, today)?;
    let quote = &offer.quote;

    let deadline = payment_deadline(now);
    let hold = PaymentHold {
        deadline,
        held_until: place_held_until(deadline, *grace),
    };
    if let Some(offer) = &offered_elsewhere {
        // Another place offered to the draft elsewhere goes back to the line (under the
        // application's lock nothing else gives it back meanwhile).
        bookings::release(conn, &application, offer, now)?.applied();
    }
    let (pending, billing_code) = take_place(
        conn,
        &application,
        offered_here.as_deref(),
        &session.id,
        channel,
        quote.total,
        hold,
        now,
    )?;
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
    // Only a draft that waited has an entry to close.
    if standing.in_line {
        waitlist::set_status(
            conn,
            &application,
            &[EntryStatus::Waiting, EntryStatus::Offered],
            EntryStatus::Booked,
            now,
        )?
        .applied();
    }
    crate::webhooks::application_moved(conn, id, ApplicationStatus::AwaitingPayment, now)?;
    tell_account(
        conn,
        account,
        &|language| {
            let whatsapp = crate::whatsapp::notices::Booked {
                office: &office,
                session: &session,
                amount: quote.total,
                billing_code: &billing_code,
                deadline,
            };
            notices::booked(
                language,
                &office.name,
                office.time_zone,
                &session,
                quote.total,
                &billing_code,
                deadline,
            )
            .with_whatsapp(crate::whatsapp::notices::booked(language, &whatsapp))
        },
        now,
    )?;
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
        Some(&offer),
        Some(booking_in_session(&booking, &session, channel)),
        None,
    );
    places::confirm(conn, pending, now)?;
    Ok(booked)
}

/// Takes the place, by the offer the draft holds in the session or as a new booking,
/// with a billing code of its own: a code drawn twice (one in 10^15) is drawn again
/// without undoing anything (see `places::PlaceError::BillingCodeTaken`).
#[allow(clippy::too_many_arguments, reason = "the place and what it waits for")]
fn take_place(
    conn: &mut DbConnection,
    application: &LockedApplication,
    offered_here: Option<&str>,
    session_id: &str,
    channel: Channel,
    amount: i64,
    hold: PaymentHold,
    now: DateTime<Utc>,
) -> Result<(Pending, String), ApplicationError> {
    for _ in 0..BILLING_CODE_TRIES {
        let billing_code = new_billing_code();
        let taken = match offered_here {
            Some(offer) => {
                places::accept_offer(conn, application, offer, &billing_code, amount, hold, now)
            }
            None => places::book(
                conn,
                application,
                &NewBooking {
                    session_id,
                    channel,
                    billing_code: &billing_code,
                    amount,
                    deadline: hold.deadline,
                    held_until: hold.held_until,
                },
                now,
            ),
        };
        match taken {
            Err(PlaceError::BillingCodeTaken) => {}
            taken => return Ok((taken?, billing_code)),
        }
    }
    Err(ApplicationError::BillingCodeTaken)
}
