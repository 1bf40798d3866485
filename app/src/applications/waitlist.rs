//! The waitlist: a draft joins the line for an office and a date range; when a place frees
//! there (a cancellation, an expiry, a lapsed offer), the first in line is offered it, held
//! 15 minutes and notified; unanswered, the offer passes to the next. The applicant accepts
//! by booking the session offered.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::{ApplicationStatus, Channel};
use paspor_openapi::{OfferDto, WaitlistDto, WaitlistRequest, WaitlistStatusDto};
use paspor_persistence::applications::LockedApplication;
use paspor_persistence::places::{self, PlaceError};
use paspor_persistence::waitlist::{self, Entry, EntryStatus};
use paspor_persistence::{
    DbConnection, applications, bookings, offices, sessions, write_transaction,
};

use super::ApplicationError;
use super::notices;
use crate::auth::Applicant;
use crate::locale::Message;
use crate::notice::tell_account;
use crate::state::AppState;

/// How long an offered place is held for the applicant.
pub const OFFER_HOLD: TimeDelta = TimeDelta::minutes(15);
/// The widest date range one may wait for.
const MAX_RANGE_DAYS: i64 = 62;
/// How many entries one pass of the offer job looks at.
const BATCH: i64 = 100;

fn status_dto(status: EntryStatus) -> WaitlistStatusDto {
    match status {
        EntryStatus::Waiting => WaitlistStatusDto::Waiting,
        EntryStatus::Offered => WaitlistStatusDto::Offered,
        EntryStatus::Booked => WaitlistStatusDto::Booked,
        EntryStatus::Lapsed => WaitlistStatusDto::Lapsed,
        EntryStatus::Withdrawn => WaitlistStatusDto::Withdrawn,
    }
}

fn waitlist_dto(
    conn: &mut DbConnection,
    entry: Entry,
    now: DateTime<Utc>,
) -> Result<WaitlistDto, ApplicationError> {
    let ahead = waitlist::ahead_of(conn, &entry)?;
    let offer = match bookings::live_offer(conn, &entry.application_id, now)? {
        Some((_, session_id, until)) => {
            let session = sessions::find(conn, &session_id)?
                .ok_or_else(|| anyhow::anyhow!("offered session {session_id} is gone"))?;
            Some(OfferDto {
                session_id,
                date: session.date,
                starts: session.starts.format("%H:%M").to_string(),
                until: until.and_utc(),
            })
        }
        None => None,
    };
    Ok(WaitlistDto {
        id: entry.id,
        office_id: entry.office_id,
        from: entry.from,
        to: entry.to,
        status: status_dto(entry.status),
        ahead: u64::try_from(ahead).unwrap_or(0),
        offer,
    })
}

/// Puts a draft in line for a place at an office within a date range.
pub async fn join_waitlist(
    state: &AppState,
    principal: &Applicant,
    id: String,
    request: WaitlistRequest,
) -> Result<WaitlistDto, ApplicationError> {
    let today = state.clock.today();
    if request.to < request.from {
        return Err(ApplicationError::field(
            "to",
            Message::new("range-to-before-from"),
        ));
    }
    if request.from < today {
        return Err(ApplicationError::field(
            "from",
            Message::new("field-in-past"),
        ));
    }
    if (request.to - request.from).num_days() > MAX_RANGE_DAYS {
        return Err(ApplicationError::field(
            "to",
            Message::new("range-too-long").with("max", MAX_RANGE_DAYS),
        ));
    }
    let account = principal.account.clone();
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let application = applications::lock_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                if application.status != ApplicationStatus::Draft {
                    return Err(ApplicationError::Refused(
                        Message::new("waitlist-only-draft")
                            .with("status", application.status.as_str())
                            .into(),
                    ));
                }
                offices::find(conn, &request.office_id)?.ok_or_else(|| {
                    ApplicationError::field("office_id", Message::new("office-id-unknown"))
                })?;
                release_offer(conn, &application, now)?;
                let channel = Channel::from(application.content.service);
                waitlist::join(
                    conn,
                    &application,
                    &request.office_id,
                    (request.from, request.to),
                    channel,
                    now,
                )?;
                Ok::<_, ApplicationError>(())
            })?;
            let entry = waitlist::of_application(conn, &id)?
                .ok_or_else(|| anyhow::anyhow!("waitlist entry of {id} vanished"))?;
            waitlist_dto(conn, entry, now)
        })
        .await
}

/// The application's place in the waitlist.
pub async fn show_waitlist(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<WaitlistDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            applications::find_owned(conn, &account, &id)?
                .ok_or(ApplicationError::NotFound("application"))?;
            let entry = waitlist::of_application(conn, &id)?
                .ok_or(ApplicationError::NotFound("waitlist entry"))?;
            waitlist_dto(conn, entry, now)
        })
        .await
}

/// Gives back an application's offered place, if it holds one.
pub(super) fn release_offer(
    conn: &mut DbConnection,
    application: &LockedApplication,
    now: DateTime<Utc>,
) -> Result<(), ApplicationError> {
    if let Some((offer, _, _)) = bookings::live_offer(conn, application.id(), now)? {
        // Under the application's lock nothing else gives it back meanwhile.
        bookings::release(conn, application, &offer, now)?.applied();
    }
    Ok(())
}

/// One pass of the waitlist: lapsed offers pass on, then each entry in line (first come,
/// first served) is offered the first free place in its range. Returns the offers made.
pub fn offer_freed_places(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
) -> Result<usize, ApplicationError> {
    for (offer, application) in bookings::lapsed_offers(conn, now, BATCH)? {
        write_transaction(conn, |conn| {
            let Some(application) = applications::lock(conn, &application)? else {
                return Ok(());
            };
            // Accepted since it was found: the booking it became is not given back.
            if bookings::release_lapsed(conn, &application, &offer, now)?.skipped() {
                return Ok(());
            }
            waitlist::set_status(
                conn,
                &application,
                &[EntryStatus::Offered],
                EntryStatus::Lapsed,
                now,
            )?
            // The entry may have moved on meanwhile (withdrawn, joined again).
            .applied();
            Ok::<_, ApplicationError>(())
        })?;
    }
    let mut offered = 0;
    for entry in waitlist::waiting(conn, BATCH)? {
        let made = write_transaction(conn, |conn| offer_to(conn, &entry, now));
        match made {
            Ok(true) => offered += 1,
            Ok(false) => {}
            // Taken meanwhile (the count under the session's lock said so), or closed.
            Err(ApplicationError::Full | ApplicationError::KindFull(_)) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(offered)
}

/// Offers `entry` the first free place in its range, if any; returns whether it did. The
/// application is locked first (the order every transaction follows: the application,
/// then a session), and must still be a draft waiting in line; the place is taken as every
/// place is, and a session found full under its lock refuses (`Full`: roll back).
fn offer_to(
    conn: &mut DbConnection,
    entry: &Entry,
    now: DateTime<Utc>,
) -> Result<bool, ApplicationError> {
    let Some(office) = offices::find(conn, &entry.office_id)? else {
        return Ok(false);
    };
    let Some(application) = applications::lock(conn, &entry.application_id)? else {
        return Ok(false);
    };
    if application.status != ApplicationStatus::Draft {
        return Ok(false);
    }
    // Looked for under the application's lock, which holds its passport kind still: a
    // session that limits that kind must have a place of it too.
    let kind = application.passport_kind();
    let free = sessions::availability(conn, &entry.office_id, entry.from, entry.to, now)?
        .into_iter()
        .find(|day| {
            !day.session.walk_in_only
                && day.session.is_open_for_booking(office.time_zone, now)
                && day.remaining(entry.channel) > 0
                && day.remaining_of_kind(kind).is_none_or(|left| left > 0)
        });
    let Some(free) = free else {
        return Ok(false);
    };
    // Still in line under the lock: it may have been booked, withdrawn or offered since.
    if waitlist::set_status(
        conn,
        &application,
        &[EntryStatus::Waiting],
        EntryStatus::Offered,
        now,
    )?
    .skipped()
    {
        return Ok(false);
    }
    let until = now + OFFER_HOLD;
    let pending = places::offer(
        conn,
        &application,
        &free.session.id,
        entry.channel,
        until,
        now,
    )?;
    if let Some(owner) = &application.account_id {
        tell_account(
            conn,
            owner,
            &|language| {
                notices::place_offered(
                    language,
                    &office.name,
                    office.time_zone,
                    &free.session,
                    until,
                )
            },
            now,
        )?;
    }
    places::confirm(conn, pending, now).map_err(|error| match error {
        PlaceError::Closed | PlaceError::WalkInOnly => ApplicationError::Full,
        other => other.into(),
    })?;
    Ok(true)
}
