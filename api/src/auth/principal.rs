//! The caller behind a bearer token, as handlers receive it.
//!
//! Taking a [`Principal`] argument makes a route require a valid access token; anything
//! else is answered 401 with `WWW-Authenticate` (RFC 6750). Roles are then checked with
//! [`Principal::require`], which answers 403.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use paspor_domain::account::Role;

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
    /// The sign-in (refresh-token family) the token belongs to.
    pub session: String,
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

fn principal(request: &HttpRequest) -> Result<Principal, ApiError> {
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
    Ok(Principal {
        account: claims.sub,
        role: claims.role,
        office: claims.office,
        session: claims.sid,
    })
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Ready<Result<Principal, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(principal(request))
    }
}
