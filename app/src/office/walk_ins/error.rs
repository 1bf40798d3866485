//! Why registering or listing walk-ins refused, and how each refusal is answered.

use paspor_domain::Channel;
use paspor_persistence::StoreError;
use paspor_persistence::places::PlaceError;

use crate::applicants::ApplicantError;
use crate::locale::{Message, Text};
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;

/// A refused or failed walk-in operation.
#[derive(Debug, thiserror::Error)]
pub enum WalkInError {
    /// Fields of the request are invalid: (field, reason) pairs.
    #[error("invalid fields")]
    Invalid(Vec<(String, Text)>),
    /// Fields conform to the published schema, but a rule refuses them (a birth date after
    /// the visit, a NIK's encoded date, a replacement reason on another kind of walk-in).
    #[error("fields refused by a rule")]
    Rejected(Vec<(String, Text)>),
    /// The person meets no priority ground on the visit date: the domain's reason.
    #[error("{0}")]
    NotEligible(Text),
    /// A rule refuses the request as it stands (the session, the passport kind, the fee).
    #[error("{0}")]
    Unprocessable(Text),
    /// No session of today has a place left in the walk-in's quota.
    #[error("no place left today in the {0} quota")]
    NoPlaceToday(Channel),
    /// The session asked for has no place left in the walk-in's quota.
    #[error("no place left in this session's {0} quota")]
    SessionFull(Channel),
    /// The person already has an active application.
    #[error("the person already has an active application")]
    PersonHasActive,
    /// The random billing code was taken: the registration is retried with another.
    #[error("billing code taken")]
    BillingCodeTaken,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl WalkInError {
    /// One schema-valid field a rule refuses.
    pub fn refused(field: &str, reason: impl Into<Text>) -> WalkInError {
        WalkInError::Rejected(vec![(field.to_owned(), reason.into())])
    }
}

impl From<PlaceError> for WalkInError {
    /// A place's refusals other than a full or closed session, which the caller names.
    fn from(error: PlaceError) -> Self {
        match error {
            PlaceError::BillingCodeTaken => WalkInError::BillingCodeTaken,
            PlaceError::Store(error) => WalkInError::Store(error),
            other => WalkInError::Internal(anyhow::anyhow!("unexpected refusal: {other}")),
        }
    }
}

impl From<ApplicantError> for WalkInError {
    /// The person's problems, named as fields of `person`.
    fn from(error: ApplicantError) -> Self {
        let person = |fields: Vec<(String, Text)>| {
            fields
                .into_iter()
                .map(|(field, reason)| (format!("person.{field}"), reason))
                .collect()
        };
        match error {
            ApplicantError::Invalid(fields) => WalkInError::Invalid(person(fields)),
            ApplicantError::Rejected(fields) => WalkInError::Rejected(person(fields)),
            ApplicantError::Store(error) => WalkInError::Store(error),
            other => WalkInError::Internal(anyhow::anyhow!("unexpected refusal: {other}")),
        }
    }
}

impl From<paspor_domain::WalkInError> for WalkInError {
    fn from(error: paspor_domain::WalkInError) -> Self {
        use paspor_domain::WalkInError as Domain;
        match &error {
            Domain::NotEligible(_) => WalkInError::NotEligible(error.to_string().into()),
            Domain::ReplacementRequired => {
                WalkInError::refused("replacement", Message::new("walk-in-replacement-required"))
            }
            Domain::ReplacementNotExpected => WalkInError::refused(
                "replacement",
                Message::new("walk-in-replacement-not-expected"),
            ),
            Domain::GroundsNotExpected => {
                WalkInError::refused("priority", Message::new("walk-in-grounds-not-expected"))
            }
        }
    }
}

impl From<WalkInError> for Refusal {
    fn from(error: WalkInError) -> Self {
        let conflict = |detail: Message| Refusal::new(RefusalKind::Conflict, detail);
        match error {
            WalkInError::Invalid(fields) => Refusal::invalid_fields(fields),
            WalkInError::Rejected(fields) => Refusal::refused_fields(fields),
            WalkInError::NotEligible(reason) => Refusal::new(RefusalKind::Unprocessable, reason)
                .with_field_error("kind", Message::new("walk-in-not-eligible")),
            WalkInError::Unprocessable(reason) => Refusal::new(RefusalKind::Unprocessable, reason),
            WalkInError::NoPlaceToday(channel) => conflict(
                Message::new("walk-in-no-place-today").with("channel", channel.to_string()),
            ),
            WalkInError::SessionFull(channel) => {
                conflict(Message::new("walk-in-session-full").with("channel", channel.to_string()))
            }
            WalkInError::PersonHasActive => conflict(Message::new("walk-in-person-has-active")),
            WalkInError::BillingCodeTaken => {
                Refusal::internal(anyhow::anyhow!("random billing codes clashed on every try"))
            }
            WalkInError::Store(error) => error.into(),
            WalkInError::Internal(error) => Refusal::internal(error),
        }
    }
}
