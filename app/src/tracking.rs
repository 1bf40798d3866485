//! Tracking an application without signing in, as the UK's passport tracker does: its
//! number (the application's id) and the applicant's date of birth answer its status and
//! next step, nothing personal. A wrong date of birth and an unknown number are the same
//! refusal, so the answer tells nothing of which numbers exist.
//!
//! Two limits, both kept in the database so that every api process counts together: one
//! per client address (no one address walks through numbers) and one per application
//! number (an attacker rotating addresses on one number, to guess its birth date, is stopped
//! after a few tries whatever the address). Every request counts, found or not, so the
//! second limit says nothing about whether a number exists either.

use chrono::TimeDelta;
use paspor_domain::ApplicationStatus;
use paspor_openapi::{TrackingDto, TrackingRequest};
use paspor_persistence::rate_limits::{self, Verdict};
use paspor_persistence::tracking;

use crate::locale::{Language, Message};
use crate::refusal::{Refusal, RefusalKind};
use crate::state::AppState;

/// Requests one client address may make: one every 3 s (20 a minute), in bursts of 10.
const PER_ADDRESS: (TimeDelta, u32) = (TimeDelta::seconds(3), 10);

/// Requests for one application number, from anywhere: one every 6 minutes (10 an hour),
/// in bursts of 5. An applicant checks a few times a day; a birth date guessed from a
/// lifetime of days takes thousands of tries.
const PER_NUMBER: (TimeDelta, u32) = (TimeDelta::minutes(6), 5);

/// The longest application number looked at (an id is 36 characters).
pub const MAX_NUMBER_CHARS: usize = 64;

/// The status and next step of the application `request` names, counted against the
/// limits of `address` and of the number; in `language`.
pub async fn track(
    state: &AppState,
    address: &str,
    request: TrackingRequest,
    language: Language,
) -> Result<TrackingDto, Refusal> {
    admit(
        state,
        format!("tracking-address:{address}"),
        PER_ADDRESS,
        "tracking-rate-address",
    )
    .await?;
    // Ids are written in lowercase; the same number in other case or with blanks around is
    // the same number, for the limit as for the look-up.
    let number = request.application_number.trim().to_ascii_lowercase();
    if number.is_empty() || number.chars().count() > MAX_NUMBER_CHARS {
        return Err(Refusal::invalid_field(
            "application_number",
            Message::new("tracking-number-length").with("max", MAX_NUMBER_CHARS),
        ));
    }
    admit(
        state,
        format!("tracking-number:{number}"),
        PER_NUMBER,
        "tracking-rate-number",
    )
    .await?;
    let lookup = number.clone();
    let found = state
        .db
        .run(move |conn| tracking::find(conn, &lookup))
        .await?
        .filter(|tracked| tracked.birth_date == request.date_of_birth)
        .ok_or_else(|| Refusal::new(RefusalKind::NotFound, Message::new("tracking-not-found")))?;
    Ok(TrackingDto {
        application_number: number,
        status: found.status.into(),
        language: language.into(),
        status_text: status_text(found.status, language),
        next_step: Message::new(format!("tracking-next-{}", found.status.as_str()))
            .render(language),
        status_since: found.status_since,
    })
}

fn status_text(status: ApplicationStatus, language: Language) -> String {
    Message::new(format!("status-{}", status.as_str())).render(language)
}

/// Counts one request of `key` against `(interval, burst)`: a 429 with the seconds to wait
/// past it.
async fn admit(
    state: &AppState,
    key: String,
    (interval, burst): (TimeDelta, u32),
    refusal: &'static str,
) -> Result<(), Refusal> {
    let now = state.clock.now();
    let verdict = state
        .db
        .run(move |conn| rate_limits::take(conn, &key, interval, burst, now))
        .await?;
    match verdict {
        Verdict::Pass => Ok(()),
        Verdict::Wait(wait) => {
            let seconds = (wait.num_milliseconds().max(0) + 999) / 1000;
            Err(Refusal::new(
                RefusalKind::TooManyRequests,
                Message::new(refusal).with("seconds", seconds),
            )
            .retry_after(u64::try_from(seconds).unwrap_or(1)))
        }
    }
}
