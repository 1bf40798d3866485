//! The token endpoint's refusals as RFC 6749 §5.2 asks: a problem body (the service's one
//! error format) with the RFC's `error` and `error_description` at its top level, where
//! OAuth libraries read them, and `Cache-Control: no-store`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use paspor_app::integrators::{GrantError, OAuthError};
use paspor_openapi::{FieldError, OAuthErrorCode, OAuthProblem, PROBLEM_CONTENT_TYPE, Problem};

use crate::error::ApiError;
use crate::request_id::current_request_id;

/// A failed token request, as it is answered.
#[derive(Debug)]
pub enum GrantProblem {
    /// Refused as OAuth says.
    OAuth(OAuthError),
    /// The server failed (database unreachable, signing failed): an ordinary problem.
    Api(ApiError),
}

impl From<GrantError> for GrantProblem {
    fn from(error: GrantError) -> Self {
        match error {
            GrantError::OAuth(error) => GrantProblem::OAuth(error),
            GrantError::Api(refusal) => GrantProblem::Api(refusal.into()),
        }
    }
}

impl std::fmt::Display for GrantProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrantProblem::OAuth(error) => error.fmt(f),
            GrantProblem::Api(error) => error.fmt(f),
        }
    }
}

impl ResponseError for GrantProblem {
    fn status_code(&self) -> StatusCode {
        match self {
            GrantProblem::OAuth(error) => oauth_status(error),
            GrantProblem::Api(error) => error.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            GrantProblem::OAuth(error) => oauth_response(error),
            GrantProblem::Api(error) => error.error_response(),
        }
    }
}

fn oauth_status(error: &OAuthError) -> StatusCode {
    match error.code() {
        OAuthErrorCode::InvalidClient => StatusCode::UNAUTHORIZED,
        _ => StatusCode::BAD_REQUEST,
    }
}

fn slug_and_title(code: OAuthErrorCode) -> (&'static str, &'static str) {
    match code {
        OAuthErrorCode::InvalidRequest => ("oauth-invalid-request", "Invalid token request"),
        OAuthErrorCode::InvalidClient => ("oauth-invalid-client", "Client authentication failed"),
        OAuthErrorCode::UnsupportedGrantType => {
            ("oauth-unsupported-grant-type", "Unsupported grant type")
        }
        OAuthErrorCode::InvalidScope => ("oauth-invalid-scope", "Invalid scope"),
    }
}

fn oauth_response(error: &OAuthError) -> HttpResponse {
    let status = oauth_status(error);
    let (slug, title) = slug_and_title(error.code());
    let body = OAuthProblem {
        problem: Problem {
            problem_type: format!("urn:paspor:problem:{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: error.detail().to_owned(),
            request_id: current_request_id(),
            errors: error.field().map(|field| {
                vec![FieldError {
                    field: field.to_owned(),
                    message: paspor_app::text_input::PARAMETER_REASON.to_owned(),
                }]
            }),
        },
        error: error.code(),
        error_description: error.detail().to_owned(),
    };
    let mut response = HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .body(serde_json::to_vec(&body).unwrap_or_default());
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"paspor\""),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_problems_with_the_oauth_members() {
        let response = oauth_response(&OAuthError::invalid_client("wrong secret"));
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.headers().get(header::WWW_AUTHENTICATE).unwrap(),
            "Basic realm=\"paspor\""
        );
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_CONTENT_TYPE
        );
        let response = oauth_response(&OAuthError::invalid_scope("no"));
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.headers().get(header::WWW_AUTHENTICATE).is_none());
    }

    #[test]
    fn a_refused_parameter_is_a_bad_request_naming_it() {
        let response = oauth_response(&OAuthError::invalid_request("`scope` is repeated"));
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
}
