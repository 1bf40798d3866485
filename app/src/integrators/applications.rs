//! What an integrator may read of an application: its status and the statuses it went
//! through, by its id.
//!
//! The boundary is deliberate: no personal data (name, NIK, birth date, address, travel
//! answers, documents) and no officers' notes (which may give a postponement's reasons).
//! An application id is a random UUID that only the applicant and the systems the
//! applicant gave it to (a partner app, the payment channel through the booking) know;
//! what it reveals to them is where the application stands.

use paspor_openapi::{IntegratorApplicationDto, StatusEntryDto};
use paspor_persistence::{applications, integrators};

use super::IntegratorError;
use crate::state::AppState;

/// The status and status history of application `id`.
pub async fn application_status(
    state: &AppState,
    id: String,
) -> Result<IntegratorApplicationDto, IntegratorError> {
    state
        .db
        .call(move |conn| {
            let (status, updated_at) = integrators::application_status(conn, &id)?
                .ok_or(IntegratorError::NotFound("application"))?;
            let history = applications::history(conn, &id)?
                .into_iter()
                .map(|entry| StatusEntryDto {
                    status: entry.status.into(),
                    at: entry.at,
                })
                .collect();
            Ok(IntegratorApplicationDto {
                id,
                status: status.into(),
                updated_at,
                history,
            })
        })
        .await
}
