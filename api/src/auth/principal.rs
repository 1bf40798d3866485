//! The caller behind a bearer token, as handlers receive it.
//!
//! Taking a [`Principal`] argument makes a route require a valid access token; anything
//! else is answered 401 with `WWW-Authenticate` (RFC 6750). Roles are then checked with
//! [`Principal::require`], which answers 403.
//!
//! An account's token is accepted only while the sign-in it names is live (see
//! [`super::LiveSessions`]): a session that ended (signed out, a reused refresh token, a
//! password changed or reset, the account closed, disabled or given another role) is 401.
//!
//! Integrator clients' tokens give a principal too, with role `integrator` and the token's
//! scopes: they pass no role list of the account routes (403), and integrator routes check
//! their scope with [`Principal::require_scope`]. Whether the client is still active is a
//! database question, asked by the integrator use cases on every request.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use paspor_domain::account::Role;
use paspor_domain::integrator::{Scope, ScopeSet};

use super::SessionClaim;
use super::tokens::TokenError;
use crate::error::ApiError;
use crate::problem::ProblemKind;
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
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::new(
                ProblemKind::Forbidden,
                format!(
                    "this needs the role {}; you are signed in as {}",
                    roles
                        .iter()
                        .map(|role| role.as_str())
                        .collect::<Vec<_>>()
                        .join(" or "),
                    self.role.as_str()
                ),
            ))
        }
    }

    /// 403 unless the caller holds an account (integrator clients do not): for the routes
    /// of the caller's own account, which take no role list.
    pub fn require_account_holder(&self) -> Result<(), ApiError> {
        if self.role.holds_account() {
            Ok(())
        } else {
            Err(ApiError::new(
                ProblemKind::Forbidden,
                "integrator clients have no account: this route is for signed-in accounts",
            ))
        }
    }

    /// 403 unless the caller is an integrator whose token carries `scope` (RFC 6750's
    /// `insufficient_scope`, naming the scope needed).
    pub fn require_scope(&self, scope: Scope) -> Result<(), ApiError> {
        if self.role == Role::Integrator && self.scopes.contains(scope) {
            return Ok(());
        }
        let detail = if self.role == Role::Integrator {
            format!(
                "this needs the scope {scope}; the token has {}",
                if self.scopes.is_empty() {
                    "none".to_owned()
                } else {
                    self.scopes.to_string()
                }
            )
        } else {
            format!(
                "this needs an integrator token with the scope {scope}; you are signed in as {}",
                self.role.as_str()
            )
        };
        Err(ApiError::new(ProblemKind::Forbidden, detail).with_header(
            header::WWW_AUTHENTICATE,
            format!("Bearer realm=\"paspor\", error=\"insufficient_scope\", scope=\"{scope}\""),
        ))
    }
}

/// 401 with the challenge a client needs to know what to do.
pub fn unauthorized(detail: &str, token_error: bool) -> ApiError {
    let challenge = if token_error {
        format!("Bearer realm=\"paspor\", error=\"invalid_token\", error_description=\"{detail}\"")
    } else {
        "Bearer realm=\"paspor\"".to_owned()
    };
    ApiError::new(ProblemKind::Unauthorized, detail)
        .with_header(header::WWW_AUTHENTICATE, challenge)
}

/// The token's claims and scopes, checked without the database.
fn principal(request: &HttpRequest) -> Result<(Principal, String), ApiError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no application state")))?;
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return Err(unauthorized(
            "this needs an access token: send `Authorization: Bearer <token>`",
            false,
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .ok_or_else(|| unauthorized("the Authorization header must be `Bearer <token>`", true))?;
    let claims = state
        .tokens
        .verify(token, state.clock.now())
        .map_err(|error| match error {
            TokenError::Expired => unauthorized("the access token has expired: refresh it", true),
            TokenError::Invalid => unauthorized("the access token is not valid", true),
        })?;
    // Only integrators' tokens carry scopes; one that cannot be read is not a valid token.
    let scopes = match claims.role {
        Role::Integrator => ScopeSet::parse(claims.scope.as_deref().unwrap_or_default())
            .map_err(|_| unauthorized("the access token is not valid", true))?,
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

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Principal, ApiError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let checked = principal(request);
        let state = request.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (principal, token) = checked?;
            if principal.role == Role::Integrator {
                return Ok(principal);
            }
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no application state")))?;
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
                Err(unauthorized(
                    "this session has ended (signed out, or the account changed): sign in again",
                    true,
                ))
            }
        })
    }
}
