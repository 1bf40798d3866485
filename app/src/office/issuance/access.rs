//! Which applications an office's staff may act on: those whose current booking is at
//! their office. Anything else reads as absent (404), never as forbidden.

use paspor_domain::{ApplicationEvent, ApplicationStatus, next_status};
use paspor_persistence::applications::LockedApplication;
use paspor_persistence::passports::{self, IssuanceFacts};
use paspor_persistence::{DbConnection, applications, bookings};

use super::IssuanceError;
use crate::said::Said as _;

/// Inside a write transaction: takes the application's lock, then reads it if it belongs
/// to `office` (404 otherwise).
pub(super) fn lock_at_office(
    conn: &mut DbConnection,
    id: &str,
    office: &str,
) -> Result<(LockedApplication, IssuanceFacts), IssuanceError> {
    let application =
        applications::lock(conn, id)?.ok_or(IssuanceError::NotFound("application"))?;
    let facts =
        passports::issuance_facts(conn, id)?.ok_or(IssuanceError::NotFound("application"))?;
    if bookings::booked_office(conn, id)?.as_deref() != Some(office) {
        return Err(IssuanceError::NotFound("application"));
    }
    Ok((application, facts))
}

/// The status `event` moves an application in `from` to; 409 naming the status otherwise.
pub(super) fn next(
    from: ApplicationStatus,
    event: ApplicationEvent,
) -> Result<ApplicationStatus, IssuanceError> {
    next_status(from, event).map_err(|refused| IssuanceError::Conflict(refused.said().into()))
}
