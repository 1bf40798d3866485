//! The caller behind a bearer token, as use cases receive it. The HTTP edge makes one from
//! the request's token (`paspor_api`'s `Bearer` extractor); roles are then checked with
//! [`Principal::require`], a 403 refusal, mostly through the role types of
//! [`super::RoleGuard`] that use cases take instead of a bare principal.
//!
//! An account's token is accepted only while the sign-in it names is live (see
//! [`super::LiveSessions`]): a session that ended (signed out, a reused refresh token, a
//! password changed or reset, the account closed, disabled or given another role) is 401.
//!
//! Integrator clients' tokens give a principal too, with role `integrator` and the token's
//! scopes: they pass no role list of the account routes (403), and integrator routes check
//! their scope with [`Principal::require_scope`]. Whether the client is still active is a
//! database question, asked by the integrator use cases on every request.

use paspor_domain::account::Role;
use paspor_domain::integrator::{Scope, ScopeSet};

use super::SessionClaim;
use super::tokens::TokenError;
use crate::locale::Message;
use crate::locale::Text;
use crate::refusal::{Challenge, Refusal, RefusalKind};
use crate::state::AppState;

/// A caller with a valid access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The account's id.
    pub account: String,
    /// The account's role.
    pub role: Role,
    /// The office of an officer or office admin.
    pub office: Option<String>,
    /// The sign-in (refresh-token family) the token belongs to; for an integrator, the
    /// token's own id.
    pub session: String,
    /// An integrator's scopes (none for accounts).
    pub scopes: ScopeSet,
}

impl Principal {
    /// 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), Refusal> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(Refusal::new(
                RefusalKind::Forbidden,
                Message::new("auth-role-needed")
                    .with(
                        "roles",
                        roles
                            .iter()
                            .map(|role| role.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                    .with("role", self.role.as_str()),
            ))
        }
    }

    /// 403 unless the caller holds an account (integrator clients do not): for the routes
    /// of the caller's own account, which take no role list.
    pub fn require_account_holder(&self) -> Result<(), Refusal> {
        if self.role.holds_account() {
            Ok(())
        } else {
            Err(Refusal::new(
                RefusalKind::Forbidden,
                Message::new("auth-integrator-no-account"),
            ))
        }
    }

    /// 403 unless the caller is an integrator whose token carries `scope` (RFC 6750's
    /// `insufficient_scope`, naming the scope needed).
    pub fn require_scope(&self, scope: Scope) -> Result<(), Refusal> {
        if self.role == Role::Integrator && self.scopes.contains(scope) {
            return Ok(());
        }
        let detail = if self.role == Role::Integrator {
            Message::new("auth-scope-needed")
                .with("scope", scope.to_string())
                .with("scopes", self.scopes.to_string())
        } else {
            Message::new("auth-integrator-scope-needed")
                .with("scope", scope.to_string())
                .with("role", self.role.as_str())
        };
        Err(Refusal::new(RefusalKind::Forbidden, detail)
            .with_challenge(Challenge::InsufficientScope(scope)))
    }
}

/// 401: no valid credentials; `token_error` when a token was sent but is not valid (the
/// challenge then says so).
pub fn unauthorized(detail: impl Into<Text>, token_error: bool) -> Refusal {
    let challenge = if token_error {
        Challenge::InvalidToken
    } else {
        Challenge::Bearer
    };
    Refusal::unauthorized(detail, challenge)
}

/// The caller whose `Authorization` header this is (`None` when the request has none):
/// the token's claims and scopes are checked without the database, then an account's
/// sign-in is checked to be live.
pub async fn authenticate(
    state: &AppState,
    authorization: Option<&[u8]>,
) -> Result<Principal, Refusal> {
    let (principal, token) = claimed_principal(state, authorization)?;
    if principal.role == Role::Integrator {
        return Ok(principal);
    }
    let claim = SessionClaim {
        token,
        account: principal.account.clone(),
        session: principal.session.clone(),
        role: principal.role,
        office: principal.office.clone(),
    };
    if state.sessions.is_live(&state.db, claim).await? {
        Ok(principal)
    } else {
        Err(unauthorized(Message::new("auth-session-ended"), true))
    }
}

/// The token's principal and id, checked without the database.
fn claimed_principal(
    state: &AppState,
    authorization: Option<&[u8]>,
) -> Result<(Principal, String), Refusal> {
    let Some(value) = authorization else {
        return Err(unauthorized(Message::new("auth-token-needed"), false));
    };
    let token = header_text(value)
        .and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .ok_or_else(|| unauthorized(Message::new("auth-bearer-form"), true))?;
    let claims = state
        .tokens
        .verify(token, state.clock.now())
        .map_err(|error| match error {
            TokenError::Expired => unauthorized(Message::new("auth-token-expired"), true),
            TokenError::Invalid => unauthorized(Message::new("auth-token-invalid"), true),
        })?;
    // Only integrators' tokens carry scopes; one that cannot be read is not a valid token.
    let scopes = match claims.role {
        Role::Integrator => ScopeSet::parse(claims.scope.as_deref().unwrap_or_default())
            .map_err(|_| unauthorized(Message::new("auth-token-invalid"), true))?,
        _ => ScopeSet::empty(),
    };
    let principal = Principal {
        account: claims.sub,
        role: claims.role,
        office: claims.office,
        session: claims.sid,
        scopes,
    };
    Ok((principal, claims.jti))
}

/// A header value as text, where it is visible ASCII (and tabs), as HTTP's header values
/// are read.
fn header_text(value: &[u8]) -> Option<&str> {
    value
        .iter()
        .all(|&byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
        .then(|| std::str::from_utf8(value).ok())
        .flatten()
}
