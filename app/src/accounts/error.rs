//! Why an account use case refused, and how each refusal is answered.

use chrono::{DateTime, Utc};
use paspor_persistence::StoreError;

use crate::auth::{HashingError, unauthorized};
use crate::locale::{Message, Text};
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;

/// A refused or failed account operation.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Fields of the request break the published schema: (field, reason) pairs.
    #[error("invalid fields")]
    Invalid(Vec<(String, Text)>),
    /// Fields conform to the schema but a rule it cannot state refuses them (a common
    /// password, a wrong current password, a relation between fields).
    #[error("fields refused by a rule")]
    Rejected(Vec<(String, Text)>),
    /// The email and password do not match an account (or the account does not exist:
    /// the answer is the same).
    #[error("the email or password is wrong")]
    BadCredentials,
    /// The password is right but the email address is not verified yet.
    #[error("the email address is not verified")]
    Unverified,
    /// Too many failed sign-ins from this address for this email address (or from every
    /// address, for an address that never signed in to it): tries wait until then, which
    /// is this many seconds away.
    #[error("sign-in waits until {until}")]
    Throttled {
        /// When sign-in is possible again.
        until: DateTime<Utc>,
        /// Seconds from now until then.
        retry_after: i64,
    },
    /// The password checks queued ahead would keep this one longer than a sign-in may
    /// wait (a storm of sign-ins): try again in this many seconds.
    #[error("password checks are busy")]
    Busy {
        /// Seconds until trying again is likely to be admitted.
        retry_after: u64,
    },
    /// A one-time code that is wrong, expired, used up or unknown.
    #[error("the code is not valid")]
    BadCode,
    /// A refresh token that is unknown, expired, revoked or already used.
    #[error("the refresh token is not valid")]
    BadRefreshToken,
    /// The account is closed or gone.
    #[error("the account is closed")]
    Closed,
    /// A rule of the service refuses the request.
    #[error("{0}")]
    Refused(Text),
    /// No such (staff) account.
    #[error("no such account")]
    NotFound,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed (hashing, signing).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AccountError {
    /// One invalid field.
    pub fn field(field: &str, reason: impl Into<Text>) -> AccountError {
        AccountError::Invalid(vec![(field.to_owned(), reason.into())])
    }

    /// One field refused by a rule.
    pub fn rejected(field: &str, reason: impl Into<Text>) -> AccountError {
        AccountError::Rejected(vec![(field.to_owned(), reason.into())])
    }
}

impl From<HashingError> for AccountError {
    fn from(error: HashingError) -> Self {
        match error {
            HashingError::Busy { retry_after } => AccountError::Busy {
                retry_after: retry_after.as_secs().max(1),
            },
            HashingError::Failed(error) => AccountError::Internal(error),
        }
    }
}

impl From<AccountError> for Refusal {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::Invalid(fields) => Refusal::invalid_fields(fields),
            AccountError::Rejected(fields) => Refusal::refused_fields(fields),
            AccountError::BadCredentials => Refusal::new(
                RefusalKind::Unauthorized,
                Message::new("account-bad-credentials"),
            ),
            AccountError::Unverified => {
                Refusal::new(RefusalKind::Forbidden, Message::new("account-unverified"))
            }
            AccountError::Throttled { until, retry_after } => {
                let seconds = u64::try_from(retry_after).unwrap_or(1);
                Refusal::new(
                    RefusalKind::TooManyRequests,
                    Message::new("account-sign-in-throttled").with("until", until.to_rfc3339()),
                )
                .retry_after(seconds)
            }
            AccountError::Busy { retry_after } => Refusal::new(
                RefusalKind::Unavailable,
                Message::new("account-checks-busy").with("seconds", retry_after),
            )
            .retry_after(retry_after),
            AccountError::BadCode => {
                Refusal::new(RefusalKind::Unprocessable, Message::new("account-bad-code"))
                    .with_field_error("code", Message::new("code-wrong"))
            }
            AccountError::BadRefreshToken => {
                unauthorized(Message::new("account-bad-refresh-token"), false)
            }
            AccountError::Closed => unauthorized(Message::new("account-closed"), false),
            AccountError::Refused(reason) => Refusal::new(RefusalKind::Conflict, reason),
            AccountError::NotFound => Refusal::not_found("account"),
            AccountError::Store(error) => error.into(),
            AccountError::Internal(error) => Refusal::internal(error),
        }
    }
}
