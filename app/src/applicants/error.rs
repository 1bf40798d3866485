//! Why an applicant use case refused, and how each refusal is answered.

use paspor_domain::MAX_APPLICANTS_PER_ACCOUNT;
use paspor_persistence::StoreError;

use crate::locale::{Message, Text};
use crate::refusal::Refusal;
use crate::refusal::RefusalKind;

/// A refused or failed applicant operation.
#[derive(Debug, thiserror::Error)]
pub enum ApplicantError {
    /// Fields of the request break the published schema: (field, reason) pairs, with
    /// those a rule refuses after them.
    #[error("invalid fields")]
    Invalid(Vec<(String, Text)>),
    /// Fields conform to the schema, but rules it cannot state refuse them (a NIK's
    /// encoded date, a birth date in the future, a child without a guardian).
    #[error("fields refused by a rule")]
    Rejected(Vec<(String, Text)>),
    /// The caller has no applicant with this id (it may be another account's).
    #[error("no such applicant")]
    NotFound,
    /// The account already holds the most applicants it may.
    #[error("the account has {MAX_APPLICANTS_PER_ACCOUNT} applicants already")]
    LimitReached,
    /// The account already has an applicant with this NIK.
    #[error("the NIK is another applicant's of this account")]
    DuplicateNik,
    /// Applications refer to the applicant, so it cannot be removed.
    #[error("applications refer to the applicant")]
    HasApplications,
    /// Applications carry the applicant's NIK, so it cannot change under them.
    #[error("applications carry the applicant's NIK")]
    NikInUse,
    /// Identity fields the office already checked: only an officer of that office may
    /// correct them now.
    #[error("identity fields checked at the office: an officer corrects them")]
    OfficerMustCorrect(Vec<&'static str>),
    /// The account was closed (by another request of its own, meanwhile).
    #[error("the account is closed")]
    AccountClosed,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<ApplicantError> for Refusal {
    fn from(error: ApplicantError) -> Self {
        let conflict = |id: &'static str| Refusal::new(RefusalKind::Conflict, Message::new(id));
        match error {
            ApplicantError::Invalid(fields) => Refusal::invalid_fields(fields),
            ApplicantError::Rejected(fields) => Refusal::refused_fields(fields),
            ApplicantError::NotFound => Refusal::not_found("applicant"),
            ApplicantError::LimitReached => Refusal::new(
                RefusalKind::Conflict,
                Message::new("applicant-limit").with("max", MAX_APPLICANTS_PER_ACCOUNT),
            ),
            ApplicantError::DuplicateNik => conflict("applicant-duplicate-nik"),
            ApplicantError::HasApplications => conflict("applicant-has-applications"),
            ApplicantError::NikInUse => conflict("applicant-nik-in-use"),
            ApplicantError::AccountClosed => conflict("applicant-account-closed"),
            ApplicantError::OfficerMustCorrect(fields) => Refusal::new(
                RefusalKind::Conflict,
                Message::new("correction-officer-only").with("fields", fields.join(", ")),
            ),
            ApplicantError::Store(error) => error.into(),
            ApplicantError::Internal(error) => Refusal::internal(error),
        }
    }
}
