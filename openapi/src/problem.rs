//! The error body of every 4xx and 5xx answer: RFC 9457 problem details.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The media type of every error answer.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// Problem details (RFC 9457). `type` is a stable URI naming the kind of problem; `title`
/// is its short human summary; `detail` explains this occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:paspor:problem:validation",
    "title": "Invalid request",
    "status": 400,
    "detail": "`to` must not be before `from`",
    "request_id": "0193a1c2-7a3e-7c51-9d2a-5f0e8b7c6d21",
    "errors": [{"field": "to", "message": "must not be before `from`"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem; stable, for programs to branch on.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    /// What went wrong this time, for a person.
    pub detail: String,
    /// The id of the request, as in the `X-Request-Id` header: quote it to support.
    pub request_id: String,
    /// Per-field reasons, present on validation problems only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub errors: Option<Vec<FieldError>>,
}

/// Why one field of the request was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field, as named in the request: a query parameter, a JSON property, or a header by
    /// its lower-case name (`idempotency-key`).
    pub field: String,
    /// Why it was refused.
    pub message: String,
}
