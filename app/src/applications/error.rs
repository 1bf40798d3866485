//! Why an application use case refused, and how each refusal is answered.

use paspor_domain::{LimitRefusal, PassportKind};
use paspor_persistence::StoreError;
use paspor_persistence::places::PlaceError;

use crate::locale::{Message, Text};
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;
use crate::said::{Said as _, passport_kind};

/// A refused or failed application operation.
#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    /// Fields of the request break the published schema: (field, reason) pairs, with
    /// those a rule refuses after them.
    #[error("invalid fields")]
    Invalid(Vec<(String, Text)>),
    /// Fields conform to the schema, but rules it cannot state refuse them (a relation
    /// between fields or to today, an id that names nothing usable).
    #[error("fields refused by a rule")]
    Rejected(Vec<(String, Text)>),
    /// No such application or applicant for this account (another account's included).
    #[error("no {0} with this id exists")]
    NotFound(&'static str),
    /// The person already has an active application: its id when it is this account's.
    #[error("the person already has an active application")]
    PersonHasActive(Option<String>),
    /// Lost and damaged passports are replaced at the office after an examination.
    #[error("needs the office")]
    NeedsOffice,
    /// The application is no longer a draft.
    #[error("not a draft")]
    NotADraft,
    /// The session has no free place of the application's channel.
    #[error("the session is full")]
    Full,
    /// The session limits app bookings of the application's passport kind, and has no
    /// place of that kind left.
    #[error("the session is full for this passport kind")]
    KindFull(PassportKind),
    /// The session's quota is not released yet: from then on.
    #[error("not released before {0}")]
    NotReleased(chrono::DateTime<chrono::Utc>),
    /// The application's state does not allow this.
    #[error("{0}")]
    Refused(Text),
    /// A rule refuses the request as it stands.
    #[error("{0}")]
    Unprocessable(Text),
    /// A limit that holds brokers back refuses the booking (see
    /// `paspor_domain::booking_limits`).
    #[error("{refusal}")]
    Limited {
        /// The limit's refusal.
        refusal: LimitRefusal,
        /// Seconds until it lapses, where it lapses at a known time.
        retry_after: Option<i64>,
    },
    /// The billing code drawn is another booking's (one in 10^15): draw again.
    #[error("the billing code drawn is taken")]
    BillingCodeTaken,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApplicationError {
    /// A conflict with the application's state, said by the message `id`.
    pub fn refused(id: &'static str) -> ApplicationError {
        ApplicationError::Refused(Message::new(id).into())
    }

    /// One field refused by a rule (every caller checks what the schema cannot state).
    pub fn field(field: &str, reason: impl Into<Text>) -> ApplicationError {
        ApplicationError::Rejected(vec![(field.to_owned(), reason.into())])
    }
}

impl From<PlaceError> for ApplicationError {
    fn from(error: PlaceError) -> Self {
        match error {
            PlaceError::Full => ApplicationError::Full,
            PlaceError::KindFull(kind) => ApplicationError::KindFull(kind),
            PlaceError::Closed => ApplicationError::refused("session-closed"),
            PlaceError::WalkInOnly => ApplicationError::refused("session-walk-in-only"),
            PlaceError::AlreadyHeld => ApplicationError::refused("booking-already-held"),
            PlaceError::OfferGone => ApplicationError::refused("booking-offer-gone"),
            PlaceError::NotHeld => ApplicationError::refused("booking-not-held"),
            PlaceError::BillingCodeTaken => ApplicationError::BillingCodeTaken,
            PlaceError::Store(error) => ApplicationError::Store(error),
        }
    }
}

impl From<ApplicationError> for Refusal {
    fn from(error: ApplicationError) -> Self {
        match error {
            ApplicationError::Invalid(fields) => Refusal::invalid_fields(fields),
            ApplicationError::Rejected(fields) => Refusal::refused_fields(fields),
            ApplicationError::NotFound(what) => Refusal::not_found(what),
            ApplicationError::PersonHasActive(Some(id)) => Refusal::new(
                RefusalKind::Conflict,
                Message::new("application-person-has-active").with("id", id),
            ),
            ApplicationError::PersonHasActive(None) => Refusal::new(
                RefusalKind::Conflict,
                Message::new("application-person-has-active-elsewhere"),
            ),
            ApplicationError::NeedsOffice => Refusal::new(
                RefusalKind::Unprocessable,
                Message::new("application-needs-office"),
            )
            .with_field_error("replacement_reason", Message::new("replacement-at-office")),
            ApplicationError::NotADraft => Refusal::new(
                RefusalKind::Conflict,
                Message::new("application-not-a-draft"),
            ),
            ApplicationError::KindFull(kind) => Refusal::new(
                RefusalKind::Conflict,
                Message::new("session-kind-full").with("kind", passport_kind(kind)),
            ),
            ApplicationError::Full => {
                Refusal::new(RefusalKind::Conflict, Message::new("session-full"))
            }
            ApplicationError::NotReleased(at) => Refusal::new(
                RefusalKind::Conflict,
                Message::new("session-not-released").with("at", at.to_rfc3339()),
            ),
            ApplicationError::Refused(reason) => Refusal::new(RefusalKind::Conflict, reason),
            ApplicationError::Unprocessable(reason) => {
                Refusal::new(RefusalKind::Unprocessable, reason)
            }
            ApplicationError::Limited {
                refusal,
                retry_after,
            } => limited(&refusal, retry_after),
            ApplicationError::BillingCodeTaken => Refusal::internal(anyhow::anyhow!(
                "billing codes drawn clashed with others' every time"
            )),
            ApplicationError::Store(error) => error.into(),
            ApplicationError::Internal(error) => Refusal::internal(error),
        }
    }
}

/// A booking a limit refuses: 429 with `Retry-After` where the limit lapses at a known
/// time (the person's cooldown, the account's first hold), 422 where it does not.
fn limited(refusal: &LimitRefusal, retry_after: Option<i64>) -> Refusal {
    let detail = refusal.said();
    match retry_after {
        Some(seconds) => Refusal::new(RefusalKind::TooManyRequests, detail)
            .retry_after(u64::try_from(seconds).unwrap_or(1)),
        None => Refusal::new(RefusalKind::Unprocessable, detail),
    }
}

impl ApplicationError {
    /// A limit's refusal of a booking at `now`.
    pub fn limited(refusal: LimitRefusal, now: chrono::DateTime<chrono::Utc>) -> Self {
        let retry_after = refusal.retry_at().map(|at| (at - now).num_seconds());
        ApplicationError::Limited {
            refusal,
            retry_after,
        }
    }
}
