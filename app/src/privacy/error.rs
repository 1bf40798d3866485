//! Why a data-rights use case refused, and how each refusal is answered.

use paspor_persistence::StoreError;

use crate::locale::Message;
use crate::refusal::{Refusal, RefusalKind};

/// A refused or failed data-rights operation.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    /// No consent purpose of this name.
    #[error("no such consent purpose")]
    UnknownPurpose,
    /// The privacy notice is what the account rests on: closing the account ends it.
    #[error("the privacy notice consent lasts as long as the account")]
    PrivacyNoticeWhileOpen,
    /// The account has no export with this id (it may be another account's).
    #[error("no such export")]
    ExportNotFound,
    /// The export's archive is not (or no longer) there to download.
    #[error("the export is not ready")]
    ExportNotReady(&'static str),
    /// The account was closed meanwhile.
    #[error("the account is closed")]
    AccountClosed,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<PrivacyError> for Refusal {
    fn from(error: PrivacyError) -> Self {
        match error {
            PrivacyError::UnknownPurpose => Refusal::not_found("consent_purpose"),
            PrivacyError::PrivacyNoticeWhileOpen => Refusal::new(
                RefusalKind::Conflict,
                Message::new("consent-privacy-notice-while-open"),
            ),
            PrivacyError::ExportNotFound => Refusal::not_found("data_export"),
            PrivacyError::ExportNotReady(state) => Refusal::new(
                RefusalKind::Conflict,
                Message::new("export-not-ready")
                    .with("state", Message::new(format!("export-state-{state}"))),
            ),
            PrivacyError::AccountClosed => Refusal::new(
                RefusalKind::Conflict,
                Message::new("privacy-account-closed"),
            ),
            PrivacyError::Store(error) => error.into(),
            PrivacyError::Internal(error) => Refusal::internal(error),
        }
    }
}
