//! The proof of work a booking may need (`crate::booking_proof`), as applicants meet it:
//! the challenge asked for before booking a draft, and the booking that checks the proof
//! before anything else is read.

use paspor_openapi::{ApplicationDto, BookingChallengeDto, BookingRequest};

use super::{ApplicationError, booking, show_application};
use crate::auth::Applicant;
use crate::refusal::{Refusal, RefusalKind};
use crate::said::Said as _;
use crate::state::AppState;
use crate::write::Write;

/// A challenge to solve before booking the caller's draft `id` (404 when the caller has no
/// such application).
pub async fn booking_challenge(
    state: &AppState,
    applicant: &Applicant,
    id: String,
) -> Result<BookingChallengeDto, ApplicationError> {
    show_application(state, applicant, id.clone()).await?;
    let issued = state
        .booking_proof
        .challenge(&applicant.account, &id, state.clock.now());
    Ok(BookingChallengeDto {
        challenge: issued.challenge,
        bits: issued.bits,
        expires_at: issued.expires_at,
    })
}

/// The booking of the caller's draft `id` (see [`booking`]), once `proof` (the
/// `Paspor-Proof` header's value) solves a challenge for it: 428 otherwise, while the
/// operator asks bookings for a proof of work.
pub fn book(
    state: &AppState,
    applicant: &Applicant,
    id: String,
    request: BookingRequest,
    proof: Option<&str>,
) -> Result<Write<ApplicationDto, ApplicationError>, Refusal> {
    state
        .booking_proof
        .check(proof, &applicant.account, &id, state.clock.now())
        .map_err(|refused| Refusal::new(RefusalKind::ProofRequired, refused.said()))?;
    Ok(booking(state, applicant, id, request))
}
