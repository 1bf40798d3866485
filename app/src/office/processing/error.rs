//! Why an office-side operation on an application refused or failed, and how each refusal
//! is answered.

use paspor_domain::ApplicationStatus;
use paspor_domain::TransitionError;
use paspor_domain::decision::{ApprovalMissing, DecisionError};
use paspor_persistence::StoreError;

use crate::check_in::CheckInError;
use crate::locale::{Message, Text};
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;
use crate::said::{Said as _, status};

/// A refused or failed office-side operation.
#[derive(Debug, thiserror::Error)]
pub enum ProcessingError {
    /// Fields of the request are invalid: (field, reason) pairs.
    #[error("invalid fields")]
    Invalid(Vec<(String, String)>),
    /// Fields conform to the published schema, but a rule refuses them.
    #[error("fields refused by a rule")]
    Rejected(Vec<(String, String)>),
    /// No application with this id at the caller's office (another office's included).
    #[error("no application with this id at this office")]
    NotFound,
    /// No screening with this id of this application.
    #[error("no screening with this id")]
    ScreeningNotFound,
    /// The application's status does not allow the move.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The action needs an application in review.
    #[error("{action} needs an application in review")]
    NotInReview {
        /// What was asked, as a noun phrase.
        action: &'static str,
        status: ApplicationStatus,
    },
    /// The application moved on while this request was being answered.
    #[error("the application changed meanwhile")]
    Moved,
    /// The scanned code is refused.
    #[error(transparent)]
    CheckIn(#[from] CheckInError),
    /// A genuine code whose application is not booked here today (anymore).
    #[error("{0}")]
    NotHereToday(String),
    /// The decision as asked breaks a rule.
    #[error(transparent)]
    Decision(#[from] DecisionError),
    /// An approval lacks what it needs.
    #[error(transparent)]
    Approval(#[from] ApprovalMissing),
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<ProcessingError> for Refusal {
    fn from(error: ProcessingError) -> Self {
        let unprocessable = |detail: Text| Refusal::new(RefusalKind::Unprocessable, detail);
        match error {
            ProcessingError::Invalid(fields) => Refusal::invalid_fields(fields),
            ProcessingError::Rejected(fields) => Refusal::refused_fields(fields),
            ProcessingError::NotFound => Refusal::new(
                RefusalKind::NotFound,
                Message::new("office-application-not-found"),
            ),
            ProcessingError::ScreeningNotFound => Refusal::not_found("screening"),
            ProcessingError::Transition(error) => Refusal::new(RefusalKind::Conflict, error.said()),
            ProcessingError::NotInReview {
                action,
                status: now,
            } => Refusal::new(
                RefusalKind::Conflict,
                Message::new("office-not-in-review")
                    .with("action", action)
                    .with("status", status(now))
                    .with("code", now.as_str()),
            ),
            ProcessingError::Moved => Refusal::new(
                RefusalKind::Conflict,
                Message::new("office-application-moved"),
            ),
            ProcessingError::CheckIn(CheckInError::Invalid) => {
                unprocessable(Message::new("check-in-code-invalid").into())
            }
            ProcessingError::CheckIn(CheckInError::OtherOffice { office_id }) => unprocessable(
                Message::new("check-in-code-other-office")
                    .with("office", office_id)
                    .into(),
            ),
            ProcessingError::CheckIn(CheckInError::OtherDay { date }) => unprocessable(
                Message::new("check-in-code-other-day")
                    .with("date", date.to_string())
                    .into(),
            ),
            ProcessingError::NotHereToday(detail) => unprocessable(detail.into()),
            // The schema cannot state how outcome, reason and hold go together: every
            // decision rule refuses a well-formed request.
            ProcessingError::Decision(error) => Refusal::refused_field(error.field(), error.said()),
            ProcessingError::Approval(missing) => unprocessable(missing.said().into()),
            ProcessingError::Store(error) => error.into(),
            ProcessingError::Internal(error) => Refusal::internal(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use paspor_domain::ApplicationEvent;
    use paspor_domain::decision::{DecisionOutcome, HoldError};

    use super::*;

    fn kind(error: ProcessingError) -> RefusalKind {
        Refusal::from(error).kind()
    }

    #[test]
    fn each_refusal_has_its_kind() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(kind(ProcessingError::NotFound), RefusalKind::NotFound);
        assert_eq!(
            kind(ProcessingError::Invalid(Vec::new())),
            RefusalKind::Invalid
        );
        assert_eq!(
            kind(ProcessingError::Rejected(Vec::new())),
            RefusalKind::Unprocessable
        );
        assert_eq!(
            kind(
                TransitionError {
                    from: ApplicationStatus::Cancelled,
                    event: ApplicationEvent::CheckIn
                }
                .into()
            ),
            RefusalKind::Conflict
        );
        assert_eq!(
            kind(CheckInError::Invalid.into()),
            RefusalKind::Unprocessable
        );
        assert_eq!(
            kind(CheckInError::OtherDay { date }.into()),
            RefusalKind::Unprocessable
        );
        assert_eq!(
            kind(
                DecisionError::ReasonRequired {
                    outcome: DecisionOutcome::Refused
                }
                .into()
            ),
            RefusalKind::Unprocessable
        );
        assert_eq!(
            kind(DecisionError::Hold(HoldError::NotAfterToday { today: date }).into()),
            RefusalKind::Unprocessable
        );
        assert_eq!(
            kind(
                ApprovalMissing {
                    biometrics: true,
                    interview: false
                }
                .into()
            ),
            RefusalKind::Unprocessable
        );
    }
}
