//! The check every integrator route makes: an integrator token, of a client that is still
//! active, carrying the route's scope.

use paspor_domain::account::Role;
use paspor_domain::integrator::Scope;
use paspor_persistence::integrators;

use crate::auth::{Principal, unauthorized};
use crate::refusal::Refusal;
use crate::state::AppState;

/// The caller's client id, once it is known to be an active integrator client whose token
/// has `scope`: 403 for accounts and for a token without the scope, 401 for a revoked
/// client (its tokens are no longer valid, however young).
pub async fn authorize(
    state: &AppState,
    principal: &Principal,
    scope: Scope,
) -> Result<String, Refusal> {
    if principal.role != Role::Integrator {
        // Names the scope, so that the answer says what would be needed.
        principal.require_scope(scope)?;
    }
    let client = principal.account.clone();
    let active = state
        .db
        .run(move |conn| integrators::is_active(conn, &client))
        .await?;
    if !active {
        return Err(unauthorized(
            "the access token's client has been revoked",
            true,
        ));
    }
    principal.require_scope(scope)?;
    Ok(principal.account.clone())
}
