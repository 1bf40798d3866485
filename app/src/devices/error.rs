//! Why a device use case refused, and how each refusal is answered.

use paspor_persistence::StoreError;

use crate::locale::Text;
use crate::refusal::Refusal;

/// A refused or failed device operation.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    /// A field of the request is invalid: (field, reason).
    #[error("invalid field")]
    Invalid(String, Text),
    /// The caller has no device with this id (it may be another account's).
    #[error("no such device")]
    NotFound,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<DeviceError> for Refusal {
    fn from(error: DeviceError) -> Self {
        match error {
            DeviceError::Invalid(field, reason) => Refusal::invalid_field(field, reason),
            DeviceError::NotFound => Refusal::not_found("device"),
            DeviceError::Store(error) => error.into(),
            DeviceError::Internal(error) => Refusal::internal(error),
        }
    }
}
