//! The one mapping from failures to HTTP answers: every error becomes an RFC 9457
//! problem, and server-side causes go to the log (with the request id), never to clients.
//!
//! Policy, after crates.io's: handlers return `Result<_, ApiError>`; expected refusals
//! are built with the small constructors below; anything unexpected converts into
//! [`ApiError::internal`] with its cause, which is logged and answered with a bare 500.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use paspor_openapi::FieldError;
use paspor_persistence::StoreError;

use crate::problem::{ProblemKind, problem_response};

/// A failed request, as it will be answered.
#[derive(Debug)]
pub struct ApiError {
    kind: ProblemKind,
    detail: String,
    errors: Vec<FieldError>,
    headers: Vec<(HeaderName, String)>,
    cause: Option<anyhow::Error>,
}

impl ApiError {
    /// A refusal of the given kind, explained by `detail`.
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> ApiError {
        ApiError {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            headers: Vec::new(),
            cause: None,
        }
    }

    /// 400: one field of the request is invalid.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        let (field, message) = (field.into(), message.into());
        ApiError::new(ProblemKind::Validation, format!("`{field}` {message}"))
            .with_field_error(field, message)
    }

    /// 400: several fields are invalid, each with its reason.
    pub fn invalid_fields(fields: Vec<(String, String)>) -> ApiError {
        let detail = fields
            .iter()
            .map(|(field, reason)| format!("`{field}` {reason}"))
            .collect::<Vec<_>>()
            .join("; ");
        fields.into_iter().fold(
            ApiError::new(ProblemKind::Validation, detail),
            |problem, (field, reason)| problem.with_field_error(field, reason),
        )
    }

    /// 422: one field conforms to the published schema, but a rule the schema cannot state
    /// refuses it (a relation to another field or to today, a checksum, a common password,
    /// a code that does not match). 400 is for what breaks the schema itself.
    pub fn refused_field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::refused_fields(vec![(field.into(), message.into())])
    }

    /// 422: several fields conform to the schema but rules refuse them, each with its reason.
    pub fn refused_fields(fields: Vec<(String, String)>) -> ApiError {
        let mut problem = ApiError::invalid_fields(fields);
        problem.kind = ProblemKind::Unprocessable;
        problem
    }

    /// 404: the thing asked for does not exist (or is not the caller's to see).
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(
            ProblemKind::NotFound,
            format!("no {what} with this id exists"),
        )
    }

    /// 500: an unexpected failure. The cause is logged, never sent.
    pub fn internal(cause: impl Into<anyhow::Error>) -> ApiError {
        ApiError {
            cause: Some(cause.into()),
            ..ApiError::new(
                ProblemKind::Internal,
                "the server failed to answer; it has been logged",
            )
        }
    }

    /// 503: the database cannot be reached. The cause is logged.
    pub fn unavailable(cause: impl Into<anyhow::Error>) -> ApiError {
        ApiError {
            cause: Some(cause.into()),
            ..ApiError::new(
                ProblemKind::Unavailable,
                "the service cannot reach its database right now; try again shortly",
            )
        }
        .with_header(actix_web::http::header::RETRY_AFTER, "5")
    }

    /// Keeps the cause of a server-side failure for the log; it is never sent.
    pub fn with_cause(mut self, cause: impl Into<anyhow::Error>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// Adds a per-field reason.
    pub fn with_field_error(
        mut self,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
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
        f.write_str(&self.detail)?;
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
        // Refused without trying while the database is down, or given up on because it
        // does not answer: the outage is logged once where it began (api/src/db.rs), not
        // once per request.
        if let StoreError::BackingOff(_) | StoreError::NoAnswer(_) = error {
            return ApiError::new(
                ProblemKind::Unavailable,
                "the service cannot reach its database right now; try again shortly",
            )
            .with_header(actix_web::http::header::RETRY_AFTER, "1");
        }
        if error.is_unavailable() {
            ApiError::unavailable(error)
        } else {
            ApiError::internal(error)
        }
    }
}
