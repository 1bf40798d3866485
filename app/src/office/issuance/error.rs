//! Why an issuance or hand-over was refused, and how each refusal is answered.

use paspor_persistence::StoreError;

use crate::locale::Text;
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;

/// A refused or failed issuance, hand-over or passport read.
#[derive(Debug, thiserror::Error)]
pub enum IssuanceError {
    /// Fields of the request are invalid: (field, reason) pairs.
    #[error("invalid fields")]
    Invalid(Vec<(String, Text)>),
    /// Fields conform to the published schema, but a rule refuses them (who must show
    /// what, a NIK's encoded date, the holder's own NIK).
    #[error("fields refused by a rule")]
    Rejected(Vec<(String, Text)>),
    /// No such application (or passport) for this caller: another office's or account's
    /// included.
    #[error("no {0} with this id exists")]
    NotFound(&'static str),
    /// The application's status does not allow this.
    #[error("{0}")]
    Conflict(Text),
    /// A rule refuses it as things stand (e.g. no e-passport books).
    #[error("{0}")]
    Unprocessable(Text),
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl IssuanceError {
    /// One schema-valid field a rule refuses.
    pub fn refused(field: &str, reason: impl Into<Text>) -> IssuanceError {
        IssuanceError::Rejected(vec![(field.to_owned(), reason.into())])
    }
}

impl From<IssuanceError> for Refusal {
    fn from(error: IssuanceError) -> Self {
        match error {
            IssuanceError::Invalid(fields) => Refusal::invalid_fields(fields),
            IssuanceError::Rejected(fields) => Refusal::refused_fields(fields),
            IssuanceError::NotFound(what) => Refusal::not_found(what),
            IssuanceError::Conflict(reason) => Refusal::new(RefusalKind::Conflict, reason),
            IssuanceError::Unprocessable(reason) => {
                Refusal::new(RefusalKind::Unprocessable, reason)
            }
            IssuanceError::Store(error) => error.into(),
            IssuanceError::Internal(error) => Refusal::internal(error),
        }
    }
}
