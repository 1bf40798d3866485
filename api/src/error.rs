//! The one mapping from failures to HTTP answers: every use case's [`Refusal`] (and every
//! feature error, through it) and every refusal of the edge itself becomes an RFC 9457
//! problem, and server-side causes go to the log (with the request id), never to clients.
//!
//! Policy, after crates.io's: handlers return `Result<_, ApiError>`; the edge's own
//! refusals (a malformed header, a missing key) are built with the small constructors
//! below; anything unexpected converts into [`ApiError::internal`] with its cause, which is
//! logged and answered with a bare 500.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use actix_web::{HttpResponse, ResponseError};
use paspor_app::accounts::AccountError;
use paspor_app::applicants::ApplicantError;
use paspor_app::applications::ApplicationError;
use paspor_app::devices::DeviceError;
use paspor_app::documents::DocumentError;
use paspor_app::integrators::IntegratorError;
use paspor_app::locale::{Language, Message, Text};
use paspor_app::office::admin::AdminError;
use paspor_app::office::issuance::IssuanceError;
use paspor_app::office::processing::ProcessingError;
use paspor_app::office::walk_ins::WalkInError;
use paspor_app::payments::PaymentError;
use paspor_app::privacy::PrivacyError;
use paspor_app::{Challenge, FieldReason, Refusal, RefusalKind};
use paspor_persistence::StoreError;

use crate::problem::{ProblemKind, problem_response};

/// A failed request, as it will be answered (its words written in the request's language
/// when it is).
#[derive(Debug)]
pub struct ApiError {
    kind: ProblemKind,
    detail: Text,
    errors: Vec<FieldReason>,
    headers: Vec<(HeaderName, String)>,
    cause: Option<anyhow::Error>,
}

impl ApiError {
    /// A refusal of the given kind, explained by `detail`.
    pub fn new(kind: ProblemKind, detail: impl Into<Text>) -> ApiError {
        ApiError {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            headers: Vec::new(),
            cause: None,
        }
    }

    /// 400: one field of the request is invalid.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<Text>) -> ApiError {
        Refusal::invalid_field(field, message).into()
    }

    /// 500: an unexpected failure. The cause is logged, never sent.
    pub fn internal(cause: impl Into<anyhow::Error>) -> ApiError {
        ApiError {
            cause: Some(cause.into()),
            ..ApiError::new(ProblemKind::Internal, Message::new("problem-internal"))
        }
    }

    /// Adds a per-field reason.
    pub fn with_field_error(mut self, field: impl Into<String>, reason: impl Into<Text>) -> Self {
        self.errors.push(FieldReason {
            field: field.into(),
            reason: reason.into(),
        });
        self
    }

    /// Adds a header to the answer (e.g. `Allow`, `Retry-After`).
    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause:#}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.kind.status()
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            tracing::error!(
                problem = self.kind.slug(),
                cause = format!("{cause:#}"),
                "request failed"
            );
        }
        let mut response = problem_response(self.kind, &self.detail, &self.errors);
        for (name, value) in &self.headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                response.headers_mut().insert(name.clone(), value);
            }
        }
        response
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        ApiError::internal(error)
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        Refusal::from(error).into()
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        let mut error = ApiError::new(problem_kind(refusal.kind()), refusal.detail().clone());
        error.errors = refusal.field_errors().to_vec();
        if let Some(seconds) = refusal.retry_after_seconds() {
            error = error.with_header(RETRY_AFTER, seconds.to_string());
        }
        if let Some(challenge) = refusal.challenge() {
            error = error.with_header(
                WWW_AUTHENTICATE,
                // A header is read by programs: always English, and only visible ASCII.
                challenge_header(challenge, &refusal.detail().render(Language::English)),
            );
        }
        if let Some(cause) = refusal.cause() {
            error.cause = Some(anyhow::anyhow!("{cause:#}"));
        }
        error
    }
}

/// The problem each kind of refusal is answered as.
fn problem_kind(kind: RefusalKind) -> ProblemKind {
    match kind {
        RefusalKind::Invalid => ProblemKind::Validation,
        RefusalKind::MalformedBody => ProblemKind::MalformedBody,
        RefusalKind::Unauthorized => ProblemKind::Unauthorized,
        RefusalKind::Forbidden => ProblemKind::Forbidden,
        RefusalKind::NotFound => ProblemKind::NotFound,
        RefusalKind::Conflict => ProblemKind::Conflict,
        RefusalKind::Unprocessable => ProblemKind::Unprocessable,
        RefusalKind::ProofRequired => ProblemKind::ProofRequired,
        RefusalKind::PreconditionFailed => ProblemKind::PreconditionFailed,
        RefusalKind::PreconditionRequired => ProblemKind::PreconditionRequired,
        RefusalKind::TooManyRequests => ProblemKind::TooManyRequests,
        RefusalKind::PayloadTooLarge => ProblemKind::PayloadTooLarge,
        RefusalKind::UnsupportedMediaType => ProblemKind::UnsupportedMediaType,
        RefusalKind::Internal => ProblemKind::Internal,
        RefusalKind::Unavailable => ProblemKind::Unavailable,
        RefusalKind::InsufficientStorage => ProblemKind::InsufficientStorage,
    }
}

/// RFC 6750's `WWW-Authenticate` for a refusal of credentials.
fn challenge_header(challenge: &Challenge, detail: &str) -> String {
    match challenge {
        Challenge::Bearer => "Bearer realm=\"paspor\"".to_owned(),
        Challenge::InvalidToken => format!(
            "Bearer realm=\"paspor\", error=\"invalid_token\", error_description=\"{}\"",
            detail.replace(['"', '\\'], "'")
        ),
        Challenge::InsufficientScope(scope) => {
            format!("Bearer realm=\"paspor\", error=\"insufficient_scope\", scope=\"{scope}\"")
        }
    }
}

/// Each feature's error is answered as the refusal it turns into.
macro_rules! answered_as_refusals {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for ApiError {
            fn from(error: $error) -> Self {
                Refusal::from(error).into()
            }
        }
    )*};
}

answered_as_refusals!(
    AccountError,
    AdminError,
    ApplicantError,
    ApplicationError,
    DeviceError,
    DocumentError,
    IntegratorError,
    IssuanceError,
    PaymentError,
    PrivacyError,
    ProcessingError,
    WalkInError,
);

#[cfg(test)]
mod tests {
    use paspor_app::payments::read_notice;

    use super::*;

    #[test]
    fn every_kind_of_refusal_has_its_status() {
        for (kind, status) in [
            (RefusalKind::Invalid, 400),
            (RefusalKind::MalformedBody, 400),
            (RefusalKind::Unauthorized, 401),
            (RefusalKind::Forbidden, 403),
            (RefusalKind::NotFound, 404),
            (RefusalKind::Conflict, 409),
            (RefusalKind::PayloadTooLarge, 413),
            (RefusalKind::UnsupportedMediaType, 415),
            (RefusalKind::Unprocessable, 422),
            (RefusalKind::PreconditionFailed, 412),
            (RefusalKind::ProofRequired, 428),
            (RefusalKind::PreconditionRequired, 428),
            (RefusalKind::TooManyRequests, 429),
            (RefusalKind::Internal, 500),
            (RefusalKind::Unavailable, 503),
            (RefusalKind::InsufficientStorage, 507),
        ] {
            let error = ApiError::from(Refusal::new(kind, "why"));
            assert_eq!(error.status_code().as_u16(), status, "{kind:?}");
        }
    }

    #[test]
    fn a_refusal_keeps_its_fields_retry_and_challenge() {
        let response = ApiError::from(
            Refusal::refused_field("code", "is wrong")
                .retry_after(7)
                .with_challenge(Challenge::InvalidToken),
        )
        .error_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers().get(RETRY_AFTER).unwrap(), "7");
        assert_eq!(
            response.headers().get(WWW_AUTHENTICATE).unwrap(),
            "Bearer realm=\"paspor\", error=\"invalid_token\", error_description=\"`code` is wrong\""
        );
    }

    #[test]
    fn a_rejected_payment_notice_is_kept_with_the_status_it_was_answered() {
        let now = chrono::Utc::now();
        for body in [&b"not json"[..], br#"{"billing_code":"1"}"#] {
            let breach = read_notice(body, now).unwrap_err();
            let answered = ApiError::from(breach.problem()).status_code().as_u16();
            assert_eq!(breach.answered_status(), answered);
        }
    }
}
