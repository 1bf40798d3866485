//! Why an integrator use case refused, and how each refusal is answered.

use paspor_persistence::StoreError;

use crate::locale::Text;
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;

/// A refused or failed integrator operation.
#[derive(Debug, thiserror::Error)]
pub enum IntegratorError {
    /// Fields of the request are invalid: (field, reason) pairs.
    #[error("invalid fields")]
    Invalid(Vec<(String, Text)>),
    /// No such object of the caller's (404).
    #[error("no {0} with this id")]
    NotFound(&'static str),
    /// The request conflicts with what exists (409).
    #[error("{0}")]
    Conflict(Text),
    /// A rule refuses a field's value (422).
    #[error("{1}")]
    Refused(&'static str, Text),
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl IntegratorError {
    /// One invalid field.
    pub fn field(field: &str, reason: impl Into<Text>) -> IntegratorError {
        IntegratorError::Invalid(vec![(field.to_owned(), reason.into())])
    }
}

impl From<IntegratorError> for Refusal {
    fn from(error: IntegratorError) -> Self {
        match error {
            IntegratorError::Invalid(fields) => Refusal::invalid_fields(fields),
            IntegratorError::NotFound(what) => Refusal::not_found(what),
            IntegratorError::Conflict(reason) => Refusal::new(RefusalKind::Conflict, reason),
            IntegratorError::Refused(field, reason) => Refusal::refused_field(field, reason),
            IntegratorError::Store(error) => error.into(),
            IntegratorError::Internal(error) => Refusal::internal(error),
        }
    }
}

/// Whether a failed statement was a unique index refusing a duplicate.
pub fn is_unique_violation(error: &IntegratorError) -> bool {
    matches!(
        error,
        IntegratorError::Store(StoreError::UniqueViolation(_))
    )
}
