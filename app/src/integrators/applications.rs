//! What an integrator may read of an application: its status and the statuses it went
//! through, by its id.
//!
//! The boundary is deliberate: no personal data (name, NIK, birth date, address, travel
//! answers, documents) and no officers' notes (which may give a postponement's reasons).
//! An application id is a random UUID that only the applicant and the systems the
//! applicant gave it to (a partner app, the payment channel through the booking) know;
//! what it reveals to them is where the application stands.

use paspor_domain::integrator::Scope;
use paspor_openapi::{IntegratorApplicationDto, StatusEntryDto};
use paspor_persistence::{applications, integrators};

use super::{IntegratorError, authorize};
use crate::auth::Principal;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The status and status history of application `id`, for an integrator client with the
/// scope `applications:read` (see [`authorize`]).
pub async fn application_status(
    state: &AppState,
    principal: &Principal,
    id: String,
) -> Result<IntegratorApplicationDto, Refusal> {
    authorize(state, principal, Scope::ApplicationsRead).await?;
    let answer = state
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
            Ok::<_, IntegratorError>(IntegratorApplicationDto {
                id,
                status: status.into(),
                updated_at,
                history,
            })
        })
        .await?;
    Ok(answer)
}
