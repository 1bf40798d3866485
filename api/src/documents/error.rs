//! Why a document use case refused or failed, and how each is answered.

use paspor_domain::{ApplicationStatus, DocumentKind, MAX_DOCUMENT_BYTES};
use paspor_persistence::{QueryError, StoreError};

use super::store::{DocumentStoreError, StorageError};
use crate::error::ApiError;
use crate::problem::ProblemKind;

/// A refused or failed document operation.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// No such application for this caller (another account's included), or no document
    /// of this kind.
    #[error("not found")]
    NotFound(Option<DocumentKind>),
    /// The content is none of the accepted types.
    #[error("unsupported media type")]
    UnsupportedType,
    /// The application's state no longer takes documents.
    #[error("the application is {}", .0.description())]
    Closed(ApplicationStatus),
    /// The document store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<QueryError> for DocumentError {
    fn from(error: QueryError) -> Self {
        DocumentError::Store(StoreError::Database(error))
    }
}

impl From<DocumentStoreError> for DocumentError {
    fn from(error: DocumentStoreError) -> Self {
        match error {
            DocumentStoreError::File(error) => DocumentError::Storage(error),
            DocumentStoreError::Internal(error) => DocumentError::Internal(error),
        }
    }
}

impl From<DocumentError> for ApiError {
    fn from(error: DocumentError) -> Self {
        match error {
            DocumentError::NotFound(None) => ApiError::not_found("application"),
            DocumentError::NotFound(Some(kind)) => ApiError::new(
                ProblemKind::NotFound,
                format!("this application has no {kind} document"),
            ),
            DocumentError::UnsupportedType => ApiError::new(
                ProblemKind::UnsupportedMediaType,
                format!(
                    "a document must be a JPEG, PNG or PDF file (recognised from its content, \
                     whatever the Content-Type says) of at most {MAX_DOCUMENT_BYTES} bytes"
                ),
            ),
            DocumentError::Closed(status) => ApiError::new(
                ProblemKind::Conflict,
                format!(
                    "documents are uploaded until the appointment (draft, awaiting payment or \
                     paid), or while the office awaits missing ones; this application is {}",
                    status.description()
                ),
            ),
            DocumentError::Storage(error) if error.is_full() => ApiError::new(
                ProblemKind::InsufficientStorage,
                "the document store is full: no document was recorded or changed; try again \
                 later",
            )
            .with_cause(error),
            DocumentError::Storage(error) => ApiError::new(
                ProblemKind::Unavailable,
                "the document store cannot be used right now: no document was recorded or \
                 changed; try again shortly",
            )
            .with_cause(error),
            DocumentError::Store(error) => error.into(),
            DocumentError::Internal(error) => ApiError::internal(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError as _;
    use std::io::ErrorKind;

    use super::*;

    fn status(error: DocumentError) -> u16 {
        ApiError::from(error).status_code().as_u16()
    }

    #[test]
    fn a_full_store_is_507_and_any_other_store_failure_503() {
        for kind in [ErrorKind::StorageFull, ErrorKind::QuotaExceeded] {
            assert_eq!(status(StorageError::of_kind(kind).into()), 507, "{kind:?}");
        }
        for kind in [
            ErrorKind::PermissionDenied,
            ErrorKind::NotADirectory,
            ErrorKind::ReadOnlyFilesystem,
        ] {
            assert_eq!(status(StorageError::of_kind(kind).into()), 503, "{kind:?}");
        }
        assert_eq!(status(DocumentError::UnsupportedType), 415);
        assert_eq!(
            status(DocumentError::Closed(ApplicationStatus::Expired)),
            409
        );
        assert_eq!(
            status(DocumentError::NotFound(Some(DocumentKind::Diploma))),
            404
        );
    }
}
