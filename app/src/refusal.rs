//! The shared core of every use case's failure: what kind of refusal it is, why, which
//! fields, and what a caller needs to try again. Each feature's error enum turns into a
//! [`Refusal`]; the HTTP edge (`paspor_api`) turns a refusal into an answer in one place,
//! so nothing here knows a status code or a header.
//!
//! Policy, after crates.io's: expected refusals are built with the small constructors
//! below; anything unexpected converts into [`Refusal::internal`] with its cause, which
//! the edge logs and answers without it.

use std::fmt;

use paspor_domain::integrator::Scope;
use paspor_persistence::StoreError;

use crate::locale::{Message, Text};

/// What kind of refusal: the edge gives each its problem type and status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// A parameter or field breaks the published schema.
    Invalid,
    /// The body is not of the shape expected.
    MalformedBody,
    /// No valid credentials.
    Unauthorized,
    /// The caller is known but may not do this.
    Forbidden,
    /// No such thing (or not the caller's to see).
    NotFound,
    /// The request conflicts with the current state.
    Conflict,
    /// Well-formed, but a rule refuses it.
    Unprocessable,
    /// The request needs a proof of work it did not carry (see `booking_proof`).
    ProofRequired,
    /// A conditional change (`If-Match`) names a version that is no longer current.
    PreconditionFailed,
    /// A change that must be conditional came without `If-Match`.
    PreconditionRequired,
    /// Too many requests from this client or for this account.
    TooManyRequests,
    /// The body is larger than accepted.
    PayloadTooLarge,
    /// The body's media type is not accepted.
    UnsupportedMediaType,
    /// Unexpected failure.
    Internal,
    /// A dependency (the database, the document store) is unreachable.
    Unavailable,
    /// The document store is full.
    InsufficientStorage,
}

/// How a refusal of credentials tells the caller what to do (RFC 6750's challenge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    /// Credentials are needed.
    Bearer,
    /// The token sent is not valid; the refusal's detail says why.
    InvalidToken,
    /// The token is valid but lacks this scope.
    InsufficientScope(Scope),
}

/// One field refused, and why, to be written in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldReason {
    /// The field's name (or path) in the request, as the contract spells it.
    pub field: String,
    /// Why it is refused.
    pub reason: Text,
}

/// A use case's refusal or failure, as the edge will answer it. Its words are messages
/// ([`Text`]), written in the reader's language at the edge.
#[derive(Debug)]
pub struct Refusal {
    kind: RefusalKind,
    detail: Text,
    errors: Vec<FieldReason>,
    retry_after: Option<u64>,
    challenge: Option<Challenge>,
    cause: Option<anyhow::Error>,
}

impl Refusal {
    /// A refusal of the given kind, explained by `detail`.
    pub fn new(kind: RefusalKind, detail: impl Into<Text>) -> Refusal {
        Refusal {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            challenge: None,
            cause: None,
        }
    }

    /// One field of the request breaks the published schema.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<Text>) -> Refusal {
        Refusal::invalid_fields(vec![(field.into(), message.into())])
    }

    /// Several fields break the schema, each with its reason.
    pub fn invalid_fields<T: Into<Text>>(fields: Vec<(String, T)>) -> Refusal {
        let fields: Vec<FieldReason> = fields
            .into_iter()
            .map(|(field, reason)| FieldReason {
                field,
                reason: reason.into(),
            })
            .collect();
        let detail = Text::Joined(fields.iter().map(field_sentence).collect());
        Refusal {
            errors: fields,
            ..Refusal::new(RefusalKind::Invalid, detail)
        }
    }

    /// One field conforms to the published schema, but a rule the schema cannot state
    /// refuses it (a relation to another field or to today, a checksum, a common password,
    /// a code that does not match).
    pub fn refused_field(field: impl Into<String>, message: impl Into<Text>) -> Refusal {
        Refusal::refused_fields(vec![(field.into(), message.into())])
    }

    /// Several fields conform to the schema but rules refuse them, each with its reason.
    pub fn refused_fields<T: Into<Text>>(fields: Vec<(String, T)>) -> Refusal {
        let mut refusal = Refusal::invalid_fields(fields);
        refusal.kind = RefusalKind::Unprocessable;
        refusal
    }

    /// The thing asked for does not exist (or is not the caller's to see). `what` is the
    /// thing's name in English (`"waitlist entry"`); its words are the message
    /// `thing-<what, spaces as _>` of `problems.ftl`.
    pub fn not_found(what: &str) -> Refusal {
        Refusal::new(
            RefusalKind::NotFound,
            Message::new("problem-not-found").with("what", thing(what)),
        )
    }

    /// An unexpected failure. The cause is logged, never sent.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Refusal {
        Refusal::new(RefusalKind::Internal, Message::new("problem-internal")).with_cause(cause)
    }

    /// The database cannot be reached. The cause is logged.
    pub fn unavailable(cause: impl Into<anyhow::Error>) -> Refusal {
        Refusal::new(
            RefusalKind::Unavailable,
            Message::new("problem-database-down"),
        )
        .with_cause(cause)
        .retry_after(5)
    }

    /// No valid credentials, with the challenge that tells the caller what to send.
    pub fn unauthorized(detail: impl Into<Text>, challenge: Challenge) -> Refusal {
        Refusal::new(RefusalKind::Unauthorized, detail).with_challenge(challenge)
    }

    /// Keeps the cause of a server-side failure for the log; it is never sent.
    pub fn with_cause(mut self, cause: impl Into<anyhow::Error>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// Adds a per-field reason.
    pub fn with_field_error(mut self, field: impl Into<String>, reason: impl Into<Text>) -> Self {
        self.errors.push(FieldReason {
            field: field.into(),
            reason: reason.into(),
        });
        self
    }

    /// Says when trying again may succeed: in `seconds` (at least one).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }

    /// Says what credentials to send.
    pub fn with_challenge(mut self, challenge: Challenge) -> Self {
        self.challenge = Some(challenge);
        self
    }

    /// What kind of refusal it is.
    pub fn kind(&self) -> RefusalKind {
        self.kind
    }

    /// Why, in words for the caller (written in their language at the edge).
    pub fn detail(&self) -> &Text {
        &self.detail
    }

    /// The fields refused, each with its reason.
    pub fn field_errors(&self) -> &[FieldReason] {
        &self.errors
    }

    /// Seconds until trying again may succeed, where known.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        self.retry_after
    }

    /// The credentials challenge, for a refusal of credentials.
    pub fn challenge(&self) -> Option<&Challenge> {
        self.challenge.as_ref()
    }

    /// The server-side cause, for the log.
    pub fn cause(&self) -> Option<&anyhow::Error> {
        self.cause.as_ref()
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause:#}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Refusal {}

impl From<anyhow::Error> for Refusal {
    fn from(error: anyhow::Error) -> Self {
        Refusal::internal(error)
    }
}

impl From<StoreError> for Refusal {
    fn from(error: StoreError) -> Self {
        // Refused without trying while the database is down, or given up on because it
        // does not answer: the outage is logged once where it began (`crate::db`), not
        // once per request.
        if let StoreError::BackingOff(_) | StoreError::NoAnswer(_) = error {
            return Refusal::new(
                RefusalKind::Unavailable,
                Message::new("problem-database-down"),
            )
            .retry_after(1);
        }
        if error.is_unavailable() {
            Refusal::unavailable(error)
        } else {
            Refusal::internal(error)
        }
    }
}

/// "`field` reason", the sentence a field's refusal adds to the detail.
pub fn field_sentence(field: &FieldReason) -> Text {
    Text::Said(
        Message::new("problem-field")
            .with("field", field.field.as_str())
            .with("reason", field.reason.clone()),
    )
}

/// The name of a thing, for [`Refusal::not_found`].
pub fn thing(what: &str) -> Message {
    Message::new(format!("thing-{}", what.replace(' ', "_")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_field_is_unprocessable_and_names_the_field() {
        let refusal = Refusal::refused_field("date_of_birth", "is in the future");
        assert_eq!(refusal.kind(), RefusalKind::Unprocessable);
        assert_eq!(
            refusal.detail().to_string(),
            "`date_of_birth` is in the future"
        );
        assert_eq!(refusal.field_errors()[0].field, "date_of_birth");
    }

    #[test]
    fn an_internal_failure_keeps_its_cause_out_of_the_detail() {
        let refusal = Refusal::internal(anyhow::anyhow!("disk on fire"));
        assert_eq!(refusal.kind(), RefusalKind::Internal);
        assert!(!refusal.detail().to_string().contains("disk"));
        assert!(refusal.to_string().contains("disk on fire"));
    }

    #[test]
    fn a_retry_is_never_asked_for_sooner_than_a_second() {
        assert_eq!(
            Refusal::new(RefusalKind::TooManyRequests, "slow down")
                .retry_after(0)
                .retry_after_seconds(),
            Some(1)
        );
    }
}
