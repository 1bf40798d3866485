//! Why an administration use case refused, and how each refusal is answered.

use paspor_persistence::StoreError;

use crate::locale::Text;
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;

/// A refused or failed administration change.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Fields of the request are invalid: (field, reason) pairs.
    #[error("invalid fields")]
    Invalid(Vec<(String, Text)>),
    /// Fields conform to the schema, but rules it cannot state refuse them (a date in the
    /// past, overlapping sessions, closing before opening).
    #[error("fields refused by a rule")]
    Refused(Vec<(String, Text)>),
    /// No such object (or not of the caller's office).
    #[error("no {0} with this id exists")]
    NotFound(&'static str),
    /// The change conflicts with the object's current state.
    #[error("{0}")]
    Conflict(Text),
    /// A rule refuses the change as it stands.
    #[error("{0}")]
    Unprocessable(Text),
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AdminError {
    /// One field a rule refuses.
    pub fn refused(field: impl Into<String>, reason: impl Into<Text>) -> AdminError {
        AdminError::Refused(vec![(field.into(), reason.into())])
    }

    /// Whether this is the database refusing a duplicate key.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, AdminError::Store(StoreError::UniqueViolation(_)))
    }
}

impl From<AdminError> for Refusal {
    fn from(error: AdminError) -> Self {
        match error {
            AdminError::Invalid(fields) => Refusal::invalid_fields(fields),
            AdminError::Refused(fields) => Refusal::refused_fields(fields),
            AdminError::NotFound(what) => Refusal::not_found(what),
            AdminError::Conflict(reason) => Refusal::new(RefusalKind::Conflict, reason),
            AdminError::Unprocessable(reason) => Refusal::new(RefusalKind::Unprocessable, reason),
            AdminError::Store(error) => error.into(),
            AdminError::Internal(error) => Refusal::internal(error),
        }
    }
}
