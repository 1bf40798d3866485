//! What officers record at the office before deciding: the document check (which documents
//! are missing), the biometrics captured (references to them, never the raw data) and the
//! interview. Each is checked here into a value that cannot hold an invalid record.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::application::ApplicationEvent;
use crate::document::DocumentKind;

/// The longest biometric reference or station id.
pub const MAX_BIOMETRIC_REFERENCE_CHARS: usize = 100;
/// The most question-and-answer pairs an interview records.
pub const MAX_INTERVIEW_ANSWERS: usize = 50;
/// The longest question, answer or notes of an interview.
pub const MAX_INTERVIEW_TEXT_CHARS: usize = 2000;

/// Invalid fields: (field, reason) pairs, for the edge to answer.
pub type FieldErrors = Vec<(String, String)>;

/// The outcome of checking an application's documents at the office. Made by
/// [`crate::document::checklist::judge_document_check`], which holds it to the rule of what
/// the person must bring.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentCheck {
    /// The kinds missing, each once, in the order of [`DocumentKind::ALL`].
    pub missing: BTreeSet<DocumentKind>,
    /// The kinds shown at the counter without an upload, each once.
    pub presented: BTreeSet<DocumentKind>,
}

impl DocumentCheck {
    /// The check from the kinds missing and those presented (repeats count once).
    pub fn new(
        missing: impl IntoIterator<Item = DocumentKind>,
        presented: impl IntoIterator<Item = DocumentKind>,
    ) -> DocumentCheck {
        DocumentCheck {
            missing: missing.into_iter().collect(),
            presented: presented.into_iter().collect(),
        }
    }

    /// Nothing is missing.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// The event the check is: complete, or documents missing.
    #[must_use]
    pub fn event(&self) -> ApplicationEvent {
        if self.is_complete() {
            ApplicationEvent::DocumentsComplete
        } else {
            ApplicationEvent::DocumentsMissing
        }
    }
}

/// `value` trimmed, or why it cannot be one of the biometric references.
fn reference(field: &str, value: &str, errors: &mut FieldErrors) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push((field.to_owned(), "must not be blank".to_owned()));
    } else if value.chars().count() > MAX_BIOMETRIC_REFERENCE_CHARS {
        errors.push((
            field.to_owned(),
            format!("must be at most {MAX_BIOMETRIC_REFERENCE_CHARS} characters"),
        ));
    }
    value.to_owned()
}

/// Photo and fingerprints as captured at a station: the references under which the
/// biometric system keeps them. The service stores no raw biometrics.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BiometricCapture {
    pub photo_reference: String,
    pub fingerprints_reference: String,
    /// The capture station.
    pub station_id: String,
}

impl BiometricCapture {
    /// Checks the references: each non-blank (trimmed) and at most 100 characters.
    pub fn parse(
        photo_reference: &str,
        fingerprints_reference: &str,
        station_id: &str,
    ) -> Result<BiometricCapture, FieldErrors> {
        let mut errors = Vec::new();
        let capture = BiometricCapture {
            photo_reference: reference("photo_reference", photo_reference, &mut errors),
            fingerprints_reference: reference(
                "fingerprints_reference",
                fingerprints_reference,
                &mut errors,
            ),
            station_id: reference("station_id", station_id, &mut errors),
        };
        if errors.is_empty() {
            Ok(capture)
        } else {
            Err(errors)
        }
    }
}

/// One question the officer asked and the answer given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InterviewAnswer {
    pub question: String,
    pub answer: String,
}

/// The interview as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interview {
    /// In the order asked.
    pub answers: Vec<InterviewAnswer>,
    /// The officer's notes; `None` when there are none.
    pub notes: Option<String>,
}

/// Why an interview of no answers and blank notes is refused: a rule, not the request's
/// form (an empty list and blank notes are each well-formed).
pub const NOTHING_RECORDED: &str = "an interview records answers or notes; both are empty";

fn long(text: &str) -> bool {
    text.chars().count() > MAX_INTERVIEW_TEXT_CHARS
}

impl Interview {
    /// Checks an interview: at most 50 answers, each question and answer non-blank and at
    /// most 2000 characters, notes at most 2000 characters (blank notes are none), and
    /// something recorded at all.
    pub fn parse(
        answers: Vec<InterviewAnswer>,
        notes: Option<String>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = Vec::new();
        if answers.len() > MAX_INTERVIEW_ANSWERS {
            errors.push((
                "answers".to_owned(),
                format!("must hold at most {MAX_INTERVIEW_ANSWERS} answers"),
            ));
        }
        let too_long = format!("must be at most {MAX_INTERVIEW_TEXT_CHARS} characters");
        let answers: Vec<InterviewAnswer> = answers
            .into_iter()
            .enumerate()
            .map(|(index, pair)| {
                for (name, text) in [("question", &pair.question), ("answer", &pair.answer)] {
                    let field = format!("answers[{index}].{name}");
                    if text.trim().is_empty() {
                        errors.push((field, "must not be blank".to_owned()));
                    } else if long(text) {
                        errors.push((field, too_long.clone()));
                    }
                }
                InterviewAnswer {
                    question: pair.question.trim().to_owned(),
                    answer: pair.answer.trim().to_owned(),
                }
            })
            .collect();
        let notes = notes
            .map(|notes| notes.trim().to_owned())
            .filter(|notes| !notes.is_empty());
        if notes.as_deref().is_some_and(long) {
            errors.push(("notes".to_owned(), too_long));
        }
        if answers.is_empty() && notes.is_none() {
            errors.push(("answers".to_owned(), NOTHING_RECORDED.to_owned()));
        }
        if errors.is_empty() {
            Ok(Interview { answers, notes })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.iter().map(|(field, _)| field.as_str()).collect()
    }

    #[test]
    fn a_document_check_is_complete_or_names_each_missing_kind_once() {
        let complete = DocumentCheck::new([], [DocumentKind::IdentityCard]);
        assert!(complete.is_complete());
        assert_eq!(complete.event(), ApplicationEvent::DocumentsComplete);
        let missing = DocumentCheck::new(
            [
                DocumentKind::BirthCertificate,
                DocumentKind::FamilyCard,
                DocumentKind::BirthCertificate,
            ],
            [],
        );
        assert_eq!(missing.event(), ApplicationEvent::DocumentsMissing);
        assert_eq!(
            missing.missing.into_iter().collect::<Vec<_>>(),
            [DocumentKind::FamilyCard, DocumentKind::BirthCertificate]
        );
    }

    #[test]
    fn biometric_references_at_their_edges() {
        let longest = "r".repeat(MAX_BIOMETRIC_REFERENCE_CHARS);
        let captured = BiometricCapture::parse(&format!(" {longest} "), "FP-1", "ST-1").unwrap();
        assert_eq!(captured.photo_reference, longest);
        let too_long = "r".repeat(MAX_BIOMETRIC_REFERENCE_CHARS + 1);
        let errors = BiometricCapture::parse(&too_long, " ", "").unwrap_err();
        assert_eq!(
            fields(&errors),
            ["photo_reference", "fingerprints_reference", "station_id"]
        );
        // Characters, not bytes: 100 letters of a non-ASCII script fit.
        assert!(BiometricCapture::parse(&"é".repeat(100), "f", "s").is_ok());
    }

    #[test]
    fn interview_limits() {
        let pair = |q: &str, a: &str| InterviewAnswer {
            question: q.to_owned(),
            answer: a.to_owned(),
        };
        let fifty = vec![pair("Purpose?", "Holiday"); MAX_INTERVIEW_ANSWERS];
        assert!(Interview::parse(fifty.clone(), None).is_ok());
        let mut fifty_one = fifty;
        fifty_one.push(pair("Who pays?", "Me"));
        assert_eq!(
            fields(&Interview::parse(fifty_one, None).unwrap_err()),
            ["answers"]
        );

        let longest = "a".repeat(MAX_INTERVIEW_TEXT_CHARS);
        let too_long = "a".repeat(MAX_INTERVIEW_TEXT_CHARS + 1);
        assert!(Interview::parse(vec![pair(&longest, &longest)], Some(longest.clone())).is_ok());
        let errors =
            Interview::parse(vec![pair(" ", &too_long)], Some(too_long.clone())).unwrap_err();
        assert_eq!(
            fields(&errors),
            ["answers[0].question", "answers[0].answer", "notes"]
        );

        // Notes alone are an interview; nothing at all is not.
        let notes_only = Interview::parse(vec![], Some(" Calm, consistent. ".to_owned())).unwrap();
        assert_eq!(notes_only.notes.as_deref(), Some("Calm, consistent."));
        assert_eq!(
            fields(&Interview::parse(vec![], Some("  ".to_owned())).unwrap_err()),
            ["answers"]
        );
    }
}
