//! The documents supplied, measured against what the person must bring: the applicant's
//! checklist (what is required, what is uploaded, what is missing), and the officer's
//! document check judged by the same rule, so that an application cannot go to review while
//! a required document is neither uploaded nor shown at the counter.

use std::collections::BTreeSet;

use super::DocumentKind;
use super::requirements::Requirement;
use crate::examination::{DocumentCheck, FieldErrors};

/// One requirement and the document that meets it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChecklistItem {
    pub requirement: Requirement,
    /// The kind supplied that meets it: the first of its kinds (the usual one first) that
    /// was supplied; `None` while none was.
    pub supplied: Option<DocumentKind>,
}

impl ChecklistItem {
    /// Required, and nothing supplied meets it.
    #[must_use]
    pub fn is_missing(&self) -> bool {
        self.requirement.is_required() && self.supplied.is_none()
    }
}

/// What a person must bring, each requirement with what meets it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Checklist {
    /// In the order of the requirements.
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    /// The requirements measured against the kinds `supplied`.
    #[must_use]
    pub fn new(requirements: Vec<Requirement>, supplied: &BTreeSet<DocumentKind>) -> Checklist {
        let items = requirements
            .into_iter()
            .map(|requirement| ChecklistItem {
                requirement,
                supplied: requirement
                    .kinds()
                    .iter()
                    .copied()
                    .find(|kind| supplied.contains(kind)),
            })
            .collect();
        Checklist { items }
    }

    /// The items still missing, in order.
    pub fn missing(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.items.iter().filter(|item| item.is_missing())
    }

    /// Nothing required is missing.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.missing().next().is_none()
    }

    /// Whether a document of `kind` meets any of its requirements.
    #[must_use]
    pub fn asks_for(&self, kind: DocumentKind) -> bool {
        self.items.iter().any(|item| item.requirement.accepts(kind))
    }
}

/// A requirement in words for an officer: its usual kind, and what may stand in for it.
fn described(requirement: Requirement) -> String {
    match requirement.alternatives() {
        [] => requirement.usual_kind().to_string(),
        others => {
            let others: Vec<&str> = others.iter().map(|kind| kind.as_str()).collect();
            format!("{} (or {})", requirement.usual_kind(), others.join(", "))
        }
    }
}

/// Why a named kind is refused, if it is: one the application does not ask for.
fn unasked(field: &str, kinds: &[DocumentKind], checklist: &Checklist, errors: &mut FieldErrors) {
    for (index, kind) in kinds.iter().enumerate() {
        if !checklist.asks_for(*kind) {
            errors.push((
                format!("{field}[{index}]"),
                format!("{kind} is not among the documents this application asks for"),
            ));
        }
    }
}

/// The officer's document check judged by the rule: `missing` are the kinds the officer
/// found missing (or unusable, even if uploaded), `presented` those shown at the counter
/// without an upload (a walk-in's, say). Every kind named must be one the application asks
/// for, and none both missing and presented.
///
/// With nothing named missing the documents are complete only if every requirement is met
/// by an upload or a presented document; otherwise the check is refused, naming what is
/// missing. With something named missing, the requirements left unmet are added (by their
/// usual kind) to what the applicant is told to supply.
pub fn judge_document_check(
    requirements: Vec<Requirement>,
    uploaded: &BTreeSet<DocumentKind>,
    missing: &[DocumentKind],
    presented: &[DocumentKind],
) -> Result<DocumentCheck, FieldErrors> {
    let named_missing: BTreeSet<DocumentKind> = missing.iter().copied().collect();
    let shown: BTreeSet<DocumentKind> = presented.iter().copied().collect();
    let supplied: BTreeSet<DocumentKind> = uploaded
        .union(&shown)
        .filter(|kind| !named_missing.contains(kind))
        .copied()
        .collect();
    let checklist = Checklist::new(requirements, &supplied);

    let mut errors = FieldErrors::new();
    unasked("missing", missing, &checklist, &mut errors);
    unasked("presented", presented, &checklist, &mut errors);
    for (index, kind) in presented.iter().enumerate() {
        if named_missing.contains(kind) {
            errors.push((
                format!("presented[{index}]"),
                format!("{kind} is named both missing and presented"),
            ));
        }
    }
    let unmet: Vec<Requirement> = checklist.missing().map(|item| item.requirement).collect();
    if named_missing.is_empty() && !unmet.is_empty() {
        let names: Vec<String> = unmet.iter().copied().map(described).collect();
        errors.push((
            "missing".to_owned(),
            format!(
                "the documents are not complete: required but neither uploaded nor presented: \
                 {}; name them missing, or list those shown at the counter in `presented`",
                names.join("; ")
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // An unmet requirement already named by one of its kinds is not named twice.
    let added = unmet.into_iter().filter(|requirement| {
        !requirement
            .kinds()
            .iter()
            .any(|kind| named_missing.contains(kind))
    });
    let all_missing = named_missing
        .iter()
        .copied()
        .chain(added.map(Requirement::usual_kind));
    Ok(DocumentCheck::new(all_missing, shown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::requirements::{DocumentCase, DocumentPurpose, Need, requirements};
    use crate::passport::{ApplicationKind, ReplacementReason};
    use crate::screening::TravelPurpose;
    use chrono::NaiveDate;

    use DocumentKind as K;

    fn adult(application_kind: ApplicationKind) -> Vec<Requirement> {
        requirements(&DocumentCase {
            birth_date: NaiveDate::from_ymd_opt(1990, 5, 15).unwrap(),
            on: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            married: false,
            dual_citizen_child: false,
            application_kind,
            purpose: TravelPurpose::Tourism,
        })
    }

    fn set(kinds: &[DocumentKind]) -> BTreeSet<DocumentKind> {
        kinds.iter().copied().collect()
    }

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.iter().map(|(field, _)| field.as_str()).collect()
    }

    #[test]
    fn a_checklist_shows_what_meets_each_requirement_and_what_is_missing() {
        let empty = Checklist::new(adult(ApplicationKind::New), &set(&[]));
        assert!(!empty.is_complete());
        assert_eq!(empty.missing().count(), 3);
        assert!(empty.items.iter().all(|item| item.supplied.is_none()));

        // A diploma stands in for the birth certificate; an unasked upload counts for nothing.
        let some = Checklist::new(
            adult(ApplicationKind::New),
            &set(&[K::IdentityCard, K::Diploma, K::PoliceReport]),
        );
        let supplied: Vec<_> = some.items.iter().map(|item| item.supplied).collect();
        assert_eq!(supplied, [Some(K::IdentityCard), None, Some(K::Diploma)]);
        let missing: Vec<_> = some
            .missing()
            .map(|item| item.requirement.purpose)
            .collect();
        assert_eq!(missing, [DocumentPurpose::FamilyRecord]);
        assert!(!some.asks_for(K::PoliceReport));
        assert!(some.asks_for(K::MarriageBook));

        // The usual kind is the one shown when several are uploaded.
        let all = Checklist::new(
            adult(ApplicationKind::New),
            &set(&[
                K::IdentityCard,
                K::FamilyCard,
                K::MarriageBook,
                K::BirthCertificate,
            ]),
        );
        assert!(all.is_complete());
        assert_eq!(all.items[2].supplied, Some(K::BirthCertificate));
    }

    #[test]
    fn optional_documents_never_make_a_checklist_incomplete() {
        let expired = adult(ApplicationKind::Replacement(ReplacementReason::Expired));
        let checklist = Checklist::new(expired, &set(&[K::IdentityCard, K::OldPassport]));
        assert!(checklist.is_complete());
        let optional: Vec<_> = checklist
            .items
            .iter()
            .filter(|item| item.requirement.need == Need::Optional)
            .map(|item| item.is_missing())
            .collect();
        assert_eq!(optional, [false, false]);
    }

    #[test]
    fn complete_is_refused_while_a_required_document_is_neither_uploaded_nor_presented() {
        let new = || adult(ApplicationKind::New);
        let errors = judge_document_check(new(), &set(&[K::IdentityCard]), &[], &[]).unwrap_err();
        assert_eq!(fields(&errors), ["missing"]);
        assert!(
            errors[0]
                .1
                .contains("family_card; birth_certificate (or diploma, marriage_book)"),
            "{}",
            errors[0].1
        );
        assert!(!errors[0].1.contains("identity_card"), "{}", errors[0].1);

        // Uploads and documents shown at the counter count alike.
        let check = judge_document_check(
            new(),
            &set(&[K::IdentityCard]),
            &[],
            &[K::FamilyCard, K::MarriageBook],
        )
        .unwrap();
        assert!(check.is_complete());
        assert_eq!(check.presented, set(&[K::FamilyCard, K::MarriageBook]));

        let uploaded = set(&[K::IdentityCard, K::FamilyCard, K::BirthCertificate]);
        assert!(
            judge_document_check(new(), &uploaded, &[], &[])
                .unwrap()
                .is_complete()
        );
    }

    #[test]
    fn missing_documents_are_the_officers_and_the_rules_together() {
        let lost = adult(ApplicationKind::Replacement(ReplacementReason::Lost));
        // The officer found the family card unusable; the police report never came.
        let uploaded = set(&[K::IdentityCard, K::FamilyCard, K::Diploma]);
        let check = judge_document_check(lost.clone(), &uploaded, &[K::FamilyCard], &[]).unwrap();
        assert_eq!(check.missing, set(&[K::FamilyCard, K::PoliceReport]));

        // An unmet requirement named by an alternative is not named again.
        let check =
            judge_document_check(lost, &set(&[K::IdentityCard]), &[K::Diploma], &[]).unwrap();
        assert_eq!(
            check.missing,
            set(&[K::FamilyCard, K::Diploma, K::PoliceReport])
        );
    }

    #[test]
    fn only_the_documents_the_application_asks_for_may_be_named() {
        let errors = judge_document_check(
            adult(ApplicationKind::New),
            &set(&[]),
            &[K::FamilyCard, K::PoliceReport],
            &[K::IdentityCard, K::OldPassport, K::FamilyCard],
        )
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            ["missing[1]", "presented[1]", "presented[2]"]
        );
        assert!(
            errors[0].1.contains("police_report is not among"),
            "{}",
            errors[0].1
        );
        assert!(
            errors[2].1.contains("both missing and presented"),
            "{}",
            errors[2].1
        );
    }

    #[test]
    fn repeats_count_once() {
        let check = judge_document_check(
            adult(ApplicationKind::New),
            &set(&[]),
            &[K::FamilyCard, K::FamilyCard],
            &[K::IdentityCard, K::IdentityCard, K::BirthCertificate],
        )
        .unwrap();
        assert_eq!(check.missing, set(&[K::FamilyCard]));
        assert_eq!(
            check.presented,
            set(&[K::IdentityCard, K::BirthCertificate])
        );
    }
}
