//! Checking a walk-in registration as a whole, collecting every problem so that the
//! officer learns all of them from one answer: the person as `POST /v1/applicants` checks
//! one, the trip as a draft's, and the examination report's number.

use chrono::NaiveDate;
use paspor_domain::{ApplicationKindCode, PriorityClaim, WalkInKind, WalkInRequest};
use paspor_openapi::{ApplicationKindCodeDto, ServiceDto, WalkInCreateRequest};
use paspor_persistence::applicants::NewApplicant;
use paspor_persistence::applications::DraftContent;

use super::WalkInError;
use crate::applicants;
use crate::applications::{ApplicationError, draft_content};
use crate::locale::Text;
use crate::said::field;

/// The longest examination report number accepted.
const MAX_REFERENCE_CHARS: usize = 64;

/// A registration whose fields are all valid (its eligibility is judged later, on the
/// office's policy).
#[derive(Debug, Clone)]
pub(super) struct Registration {
    /// The person, checked.
    pub person: NewApplicant,
    /// The trip and passport; its kind and service are the walk-in plan's to set.
    pub content: DraftContent,
    /// What the domain judges.
    pub request: WalkInRequest,
    /// The loss or damage came from a disaster.
    pub disaster: bool,
    /// The examination report's number, trimmed.
    pub examination_reference: Option<String>,
    /// The session asked for, if any.
    pub session_id: Option<String>,
}

/// Checks every field of `request`, counting ages on `visit_date`.
pub(super) fn check(
    request: WalkInCreateRequest,
    visit_date: NaiveDate,
) -> Result<Registration, WalkInError> {
    let (mut problems, mut refusals) = (Vec::new(), Vec::new());
    let person = match applicants::check(applicants::Draft::from(request.person), visit_date) {
        Ok(person) => Some(person),
        Err(error) => {
            absorb(&mut problems, &mut refusals, WalkInError::from(error))?;
            None
        }
    };
    // The trip is checked as a new passport's at regular service: the walk-in's own kind
    // (which may be a lost or damaged replacement, refused in a draft) and service follow
    // from the walk-in plan.
    let content = match draft_content(
        request.passport_kind,
        ApplicationKindCodeDto::New,
        None,
        ServiceDto::Regular,
        &request.travel,
    ) {
        Ok(content) => Some(content),
        Err(ApplicationError::Invalid(fields)) => {
            problems.extend(fields);
            None
        }
        Err(ApplicationError::Rejected(fields)) => {
            refusals.extend(fields);
            None
        }
        Err(ApplicationError::Unprocessable(reason)) => {
            return Err(WalkInError::Unprocessable(reason));
        }
        Err(ApplicationError::Store(error)) => return Err(WalkInError::Store(error)),
        Err(error) => {
            return Err(WalkInError::Internal(anyhow::anyhow!(
                "a draft check refused unexpectedly: {error}"
            )));
        }
    };
    let examination_reference = request.replacement.as_ref().and_then(|replacement| {
        reference(&replacement.examination_reference)
            .map_err(|reason| {
                problems.push((
                    "replacement.examination_reference".to_owned(),
                    reason.into(),
                ));
            })
            .ok()
    });
    let session_id = request.session_id.map(|id| id.trim().to_owned());
    if session_id.as_deref() == Some("") {
        problems.push(("session_id".to_owned(), field::empty().into()));
    }
    // A request that breaks the schema is 400 (with the rules' refusals after its
    // problems, so that one answer tells all); one a rule refuses is 422.
    if !problems.is_empty() {
        problems.extend(refusals);
        return Err(WalkInError::Invalid(problems));
    }
    if !refusals.is_empty() {
        return Err(WalkInError::Rejected(refusals));
    }
    let (Some(person), Some(content)) = (person, content) else {
        return Err(WalkInError::Internal(anyhow::anyhow!(
            "a check failed without saying why"
        )));
    };
    debug_assert_eq!(content.application_kind.code(), ApplicationKindCode::New);
    let claim = request.priority.unwrap_or_default();
    Ok(Registration {
        request: WalkInRequest {
            kind: WalkInKind::from(request.kind),
            claim: PriorityClaim {
                birth_date: person.birth_date,
                pregnant: claim.pregnant,
                breastfeeding: claim.breastfeeding,
                disability: claim.disability,
            },
            grounds_declared: request.priority.is_some(),
            replacement: request.replacement.as_ref().map(|r| r.reason.into()),
        },
        disaster: request.replacement.as_ref().is_some_and(|r| r.disaster),
        person,
        content,
        examination_reference,
        session_id,
    })
}

/// Adds the field problems of `error` to `problems` (schema) or `refusals` (rules); any
/// other error ends the check.
fn absorb(
    problems: &mut Vec<(String, Text)>,
    refusals: &mut Vec<(String, Text)>,
    error: WalkInError,
) -> Result<(), WalkInError> {
    match error {
        WalkInError::Invalid(fields) => {
            problems.extend(fields);
            Ok(())
        }
        WalkInError::Rejected(fields) => {
            refusals.extend(fields);
            Ok(())
        }
        other => Err(other),
    }
}

/// An examination report number: trimmed, 1 to 64 characters, no control characters.
fn reference(value: &str) -> Result<String, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        Err("must not be empty: the number of the examination report (BAP)")
    } else if value.chars().count() > MAX_REFERENCE_CHARS {
        Err("must be at most 64 characters")
    } else if value.chars().any(char::is_control) {
        Err("must not contain control characters")
    } else {
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examination_references_have_a_form() {
        assert_eq!(reference("  BAP/1/2026 ").as_deref(), Ok("BAP/1/2026"));
        assert!(reference(" ").is_err());
        assert!(reference(&"x".repeat(64)).is_ok());
        assert!(reference(&"x".repeat(65)).is_err());
        assert!(reference("BAP\u{7}1").is_err());
    }
}
