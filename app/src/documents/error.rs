//! Why a document use case refused or failed, and how each is answered.

use paspor_domain::{ApplicationStatus, DocumentKind, MAX_DOCUMENT_BYTES};
use paspor_persistence::StoreError;

use super::store::{DocumentStoreError, StorageError};
use crate::locale::Message;
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;
use crate::said::status;

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

impl From<DocumentStoreError> for DocumentError {
    fn from(error: DocumentStoreError) -> Self {
        match error {
            DocumentStoreError::File(error) => DocumentError::Storage(error),
            DocumentStoreError::Internal(error) => DocumentError::Internal(error),
        }
    }
}

impl From<DocumentError> for Refusal {
    fn from(error: DocumentError) -> Self {
        match error {
            DocumentError::NotFound(None) => Refusal::not_found("application"),
            DocumentError::NotFound(Some(kind)) => Refusal::new(
                RefusalKind::NotFound,
                Message::new("document-none-of-kind")
                    .with("kind", Message::new(format!("kind-{}", kind.as_str()))),
            ),
            DocumentError::UnsupportedType => Refusal::new(
                RefusalKind::UnsupportedMediaType,
                Message::new("document-type").with("max", MAX_DOCUMENT_BYTES),
            ),
            DocumentError::Closed(now) => Refusal::new(
                RefusalKind::Conflict,
                Message::new("document-closed").with("status", status(now)),
            ),
            DocumentError::Storage(error) if error.is_full() => Refusal::new(
                RefusalKind::InsufficientStorage,
                Message::new("document-store-full"),
            )
            .with_cause(error),
            DocumentError::Storage(error) => Refusal::new(
                RefusalKind::Unavailable,
                Message::new("document-store-down"),
            )
            .with_cause(error),
            DocumentError::Store(error) => error.into(),
            DocumentError::Internal(error) => Refusal::internal(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::ErrorKind;

    use super::*;

    fn refusal_kind(error: DocumentError) -> RefusalKind {
        Refusal::from(error).kind()
    }

    #[test]
    fn a_full_store_is_out_of_storage_and_any_other_store_failure_unavailable() {
        for kind in [ErrorKind::StorageFull, ErrorKind::QuotaExceeded] {
            assert_eq!(
                refusal_kind(StorageError::of_kind(kind).into()),
                RefusalKind::InsufficientStorage,
                "{kind:?}"
            );
        }
        for kind in [
            ErrorKind::PermissionDenied,
            ErrorKind::NotADirectory,
            ErrorKind::ReadOnlyFilesystem,
        ] {
            assert_eq!(
                refusal_kind(StorageError::of_kind(kind).into()),
                RefusalKind::Unavailable,
                "{kind:?}"
            );
        }
        assert_eq!(
            refusal_kind(DocumentError::UnsupportedType),
            RefusalKind::UnsupportedMediaType
        );
        assert_eq!(
            refusal_kind(DocumentError::Closed(ApplicationStatus::Expired)),
            RefusalKind::Conflict
        );
        assert_eq!(
            refusal_kind(DocumentError::NotFound(Some(DocumentKind::Diploma))),
            RefusalKind::NotFound
        );
    }
}
