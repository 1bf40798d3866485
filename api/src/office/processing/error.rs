//! Why an office-side operation on an application refused or failed, and how each refusal
//! is answered.

use paspor_domain::ApplicationStatus;
use paspor_domain::TransitionError;
use paspor_domain::decision::{ApprovalMissing, DecisionError};
use paspor_persistence::{QueryError, StoreError};

use crate::check_in::CheckInError;
use crate::error::ApiError;
use crate::problem::ProblemKind;

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

impl From<QueryError> for ProcessingError {
    fn from(error: QueryError) -> Self {
        ProcessingError::Store(StoreError::Database(error))
    }
}

impl From<ProcessingError> for ApiError {
    fn from(error: ProcessingError) -> Self {
        let unprocessable = |detail: String| ApiError::new(ProblemKind::Unprocessable, detail);
        match error {
            ProcessingError::Invalid(fields) => ApiError::invalid_fields(fields),
            ProcessingError::Rejected(fields) => ApiError::refused_fields(fields),
            ProcessingError::NotFound => ApiError::new(
                ProblemKind::NotFound,
                "no application with this id exists at your office",
            ),
            ProcessingError::Transition(error) => ApiError::new(
                ProblemKind::Conflict,
                format!("{error} (status {})", error.from.as_str()),
            ),
            ProcessingError::NotInReview { action, status } => ApiError::new(
                ProblemKind::Conflict,
                format!(
                    "{action} needs an application in review (documents complete); this one \
                     is {} (status {})",
                    status.description(),
                    status.as_str()
                ),
            ),
            ProcessingError::Moved => ApiError::new(
                ProblemKind::Conflict,
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
                ApiError::refused_field(error.field(), error.to_string())
            }
            ProcessingError::Approval(missing) => unprocessable(missing.to_string()),
            ProcessingError::Store(error) => error.into(),
            ProcessingError::Internal(error) => ApiError::internal(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError as _;
    use paspor_domain::ApplicationEvent;
    use paspor_domain::decision::{DecisionOutcome, HoldError};

    use super::*;

    fn status(error: ProcessingError) -> u16 {
        ApiError::from(error).status_code().as_u16()
    }

    #[test]
    fn each_refusal_has_its_status() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(status(ProcessingError::NotFound), 404);
        assert_eq!(status(ProcessingError::Invalid(Vec::new())), 400);
        assert_eq!(status(ProcessingError::Rejected(Vec::new())), 422);
        assert_eq!(
            status(
                TransitionError {
                    from: ApplicationStatus::Cancelled,
                    event: ApplicationEvent::CheckIn
                }
                .into()
            ),
            409
        );
        assert_eq!(status(CheckInError::Invalid.into()), 422);
        assert_eq!(status(CheckInError::OtherDay { date }.into()), 422);
        assert_eq!(
            status(
                DecisionError::ReasonRequired {
                    outcome: DecisionOutcome::Refused
                }
                .into()
            ),
            422
        );
        assert_eq!(
            status(DecisionError::Hold(HoldError::NotAfterToday { today: date }).into()),
            422
        );
        assert_eq!(
            status(
                ApprovalMissing {
                    biometrics: true,
                    interview: false
                }
                .into()
            ),
            422
        );
    }
}
