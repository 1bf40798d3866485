//! Why an office-side operation on an application refused or failed, and how each refusal
//! is answered.

use paspor_domain::ApplicationStatus;
use paspor_domain::TransitionError;
use paspor_domain::decision::{ApprovalMissing, DecisionError};
use paspor_persistence::StoreError;

use crate::check_in::CheckInError;
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;

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
        let unprocessable = |detail: String| Refusal::new(RefusalKind::Unprocessable, detail);
        match error {
            ProcessingError::Invalid(fields) => Refusal::invalid_fields(fields),
            ProcessingError::Rejected(fields) => Refusal::refused_fields(fields),
            ProcessingError::NotFound => Refusal::new(
                RefusalKind::NotFound,
                "no application with this id exists at your office",
            ),
            ProcessingError::ScreeningNotFound => Refusal::not_found("screening"),
            ProcessingError::Transition(error) => Refusal::new(
                RefusalKind::Conflict,
                format!("{error} (status {})", error.from.as_str()),
            ),
            ProcessingError::NotInReview { action, status } => Refusal::new(
                RefusalKind::Conflict,
                format!(
                    "{action} needs an application in review (documents complete); this one \
                     is {} (status {})",
                    status.description(),
                    status.as_str()
                ),
            ),
            ProcessingError::Moved => Refusal::new(
                RefusalKind::Conflict,
                "the application changed while this request was answered: read it again",
            ),
            ProcessingError::CheckIn(CheckInError::Invalid) => unprocessable(
                "this is not a valid check-in code: it was not issued by this service, or it \
                 was altered"
                    .to_owned(),
            ),
            ProcessingError::CheckIn(CheckInError::OtherOffice { office_id }) => {
                unprocessable(format!(
                    "this check-in code is for an appointment at another office ({office_id}), \
                     not yours"
                ))
            }
            ProcessingError::CheckIn(CheckInError::OtherDay { date }) => unprocessable(format!(
                "this check-in code is for another day: it is valid on {date} only"
            )),
            ProcessingError::NotHereToday(detail) => unprocessable(detail),
            // The schema cannot state how outcome, reason and hold go together: every
            // decision rule refuses a well-formed request.
            ProcessingError::Decision(error) => {
                Refusal::refused_field(error.field(), error.to_string())
            }
            ProcessingError::Approval(missing) => unprocessable(missing.to_string()),
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
