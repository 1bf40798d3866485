//! The document checklist: what the person must bring for an application, what is uploaded
//! and what is missing, each document named and explained in the reader's language. The
//! owner reads it for their application; the office's staff read the same for one at their
//! office, and their document check is judged by the same rule (`office::processing`).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use paspor_domain::DocumentKind;
use paspor_domain::document::checklist::{Checklist, ChecklistItem};
use paspor_domain::document::requirements::{DocumentCase, Need, requirements};
use paspor_openapi::{DocumentChecklistDto, DocumentChecklistItemDto};
use paspor_persistence::applications::{self, ApplicantFacts, ApplicationRecord};
use paspor_persistence::{DbConnection, StoreResult, application_bookings, documents};

use super::DocumentError;
use crate::auth::Applicant;
use crate::locale::{Args, Language, text};
use crate::state::AppState;

/// Who applies for what, judged on `on`.
pub(crate) fn document_case(
    record: &ApplicationRecord,
    applicant: &ApplicantFacts,
    on: NaiveDate,
) -> DocumentCase {
    DocumentCase {
        birth_date: applicant.birth_date,
        on,
        married: applicant.married,
        dual_citizen_child: applicant.dual_citizen_child,
        application_kind: record.content.application_kind,
        purpose: record.content.travel_purpose,
    }
}

/// The kinds of the documents uploaded to application `id`.
pub(crate) fn uploaded_kinds(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<BTreeSet<DocumentKind>> {
    Ok(documents::list(conn, id)?
        .into_iter()
        .map(|document| document.kind)
        .collect())
}

/// The day the applicant's age is taken on for application `id`: its appointment's date
/// once booked (the day the office checks the documents, and the same for the applicant and
/// the office, however late either reads), else `today`.
pub(crate) fn judged_on(
    conn: &mut DbConnection,
    id: &str,
    today: NaiveDate,
) -> StoreResult<NaiveDate> {
    Ok(application_bookings::current_with_sessions(conn, &[id])?
        .remove(id)
        .map_or(today, |(_, session)| session.date))
}

/// The applicant's facts, which every application keeps (its applicant cannot be deleted
/// while it refers to them).
pub(crate) fn facts_of(
    conn: &mut DbConnection,
    record: &ApplicationRecord,
) -> Result<ApplicantFacts, anyhow::Error> {
    applications::facts_of_applicant(conn, &record.applicant_id)?.ok_or_else(|| {
        anyhow::anyhow!(
            "the applicant {} of {} is gone",
            record.applicant_id,
            record.id
        )
    })
}

/// A kind's name in `language`.
fn label(kind: DocumentKind, language: Language) -> String {
    text(language, &format!("kind-{kind}"), None)
}

/// Why the item is asked for, what may stand in for it, and whether it may be left out.
fn hint(item: &ChecklistItem, language: Language) -> String {
    let requirement = item.requirement;
    let mut hint = text(language, &format!("purpose-{}", requirement.purpose), None);
    if !requirement.alternatives().is_empty() {
        let names: Vec<String> = requirement
            .alternatives()
            .iter()
            .map(|kind| label(*kind, language))
            .collect();
        let mut args = Args::new();
        args.set("documents", names.join(", "));
        hint.push(' ');
        hint.push_str(&text(language, "checklist-alternatives", Some(&args)));
    }
    if requirement.need == Need::Optional {
        hint.push(' ');
        hint.push_str(&text(language, "checklist-optional", None));
    }
    hint
}

fn item_dto(item: &ChecklistItem, language: Language) -> DocumentChecklistItemDto {
    let requirement = item.requirement;
    DocumentChecklistItemDto {
        purpose: requirement.purpose.into(),
        requirement: requirement.need.into(),
        kind: requirement.usual_kind().into(),
        alternatives: requirement
            .alternatives()
            .iter()
            .map(|kind| (*kind).into())
            .collect(),
        uploaded: item.supplied.is_some(),
        uploaded_kind: item.supplied.map(Into::into),
        missing: item.is_missing(),
        label: label(requirement.usual_kind(), language),
        hint: hint(item, language),
    }
}

/// The checklist of application `application_id` for `case`, given what is uploaded.
pub(crate) fn checklist_dto(
    application_id: String,
    case: &DocumentCase,
    uploaded: &BTreeSet<DocumentKind>,
    language: Language,
) -> DocumentChecklistDto {
    let checklist = Checklist::new(requirements(case), uploaded);
    let missing: Vec<_> = checklist
        .missing()
        .map(|item| item.requirement.usual_kind().into())
        .collect();
    let mut args = Args::new();
    args.set("missing", missing.len());
    DocumentChecklistDto {
        application_id,
        applicant_group: case.group().into(),
        as_of: case.on,
        complete: missing.is_empty(),
        missing,
        language: language.into(),
        summary: text(language, "checklist-summary", Some(&args)),
        items: checklist
            .items
            .iter()
            .map(|item| item_dto(item, language))
            .collect(),
    }
}

/// The checklist of one of the caller's applications, in `language`, the applicant's age
/// taken on the day [`judged_on`] gives.
pub async fn show_checklist(
    state: &AppState,
    applicant: &Applicant,
    id: String,
    language: Language,
) -> Result<DocumentChecklistDto, DocumentError> {
    let account = applicant.account.clone();
    let today = state.clock.today();
    state
        .db
        .call(move |conn| {
            let (record, facts) = applications::find_owned_with_facts(conn, &account, &id)?
                .ok_or(DocumentError::NotFound(None))?;
            let facts = facts
                .ok_or_else(|| anyhow::anyhow!("the applicant of application {id} is gone"))?;
            let on = judged_on(conn, &id, today)?;
            let uploaded = uploaded_kinds(conn, &id)?;
            let case = document_case(&record, &facts, on);
            Ok(checklist_dto(id, &case, &uploaded, language))
        })
        .await
}

#[cfg(test)]
mod tests {
    use paspor_domain::document::requirements::DocumentPurpose;
    use paspor_domain::passport::{ApplicationKind, ReplacementReason};
    use paspor_domain::screening::TravelPurpose;
    use paspor_openapi::{DocumentKindDto, LanguageDto};

    use super::*;
    use crate::locale::has_message;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn lost(birth_date: NaiveDate) -> DocumentCase {
        DocumentCase {
            birth_date,
            on: d(2026, 11, 26),
            married: false,
            dual_citizen_child: false,
            application_kind: ApplicationKind::Replacement(ReplacementReason::Lost),
            purpose: TravelPurpose::Tourism,
        }
    }

    #[test]
    fn every_kind_and_purpose_is_named_in_every_language() {
        for language in Language::ALL {
            for kind in DocumentKind::ALL {
                assert!(
                    has_message(language, &format!("kind-{kind}")),
                    "{kind} in {language:?}"
                );
            }
            for purpose in DocumentPurpose::ALL {
                let id = format!("purpose-{purpose}");
                assert!(has_message(language, &id), "{purpose} in {language:?}");
            }
        }
    }

    #[test]
    fn the_checklist_names_and_explains_each_item_in_the_language_asked() {
        let uploaded: BTreeSet<_> = [DocumentKind::IdentityCard, DocumentKind::Diploma].into();
        let case = lost(d(1990, 5, 15));
        let indonesian = checklist_dto("a1".to_owned(), &case, &uploaded, Language::Indonesian);
        assert_eq!(indonesian.language, LanguageDto::Id);
        assert!(!indonesian.complete);
        assert_eq!(
            indonesian.missing,
            [DocumentKindDto::FamilyCard, DocumentKindDto::PoliceReport]
        );
        assert_eq!(indonesian.summary, "2 dokumen wajib belum diunggah.");
        let birth = &indonesian.items[2];
        assert_eq!(birth.label, "Akta Kelahiran");
        assert_eq!(birth.kind, DocumentKindDto::BirthCertificate);
        assert_eq!(birth.uploaded_kind, Some(DocumentKindDto::Diploma));
        assert!(birth.uploaded && !birth.missing);
        assert!(
            birth
                .hint
                .ends_with("Dapat diganti dengan: Ijazah, Buku Nikah."),
            "{}",
            birth.hint
        );
        assert_eq!(
            indonesian.items[3].label,
            "Surat Keterangan Hilang dari Kepolisian"
        );

        let english = checklist_dto("a1".to_owned(), &case, &uploaded, Language::English);
        assert_eq!(english.language, LanguageDto::En);
        assert_eq!(
            english.summary,
            "2 required documents are not uploaded yet."
        );
        assert_eq!(english.items[2].label, "Birth certificate (Akta Kelahiran)");
        // The machine fields do not change with the language.
        let codes = |dto: &DocumentChecklistDto| {
            let mut value = serde_json::to_value(dto).unwrap();
            for item in value["items"].as_array_mut().unwrap() {
                item["label"] = serde_json::Value::Null;
                item["hint"] = serde_json::Value::Null;
            }
            value["summary"] = serde_json::Value::Null;
            value["language"] = serde_json::Value::Null;
            value
        };
        assert_eq!(codes(&indonesian), codes(&english));
    }

    #[test]
    fn an_optional_item_says_so() {
        let expired = DocumentCase {
            application_kind: ApplicationKind::Replacement(ReplacementReason::Expired),
            ..lost(d(1990, 5, 15))
        };
        let uploaded: BTreeSet<_> = [DocumentKind::IdentityCard, DocumentKind::OldPassport].into();
        let checklist = checklist_dto("a1".to_owned(), &expired, &uploaded, Language::English);
        assert!(checklist.complete);
        assert_eq!(checklist.summary, "Every required document is uploaded.");
        assert!(
            checklist.items[1]
                .hint
                .ends_with("Not required, but the officer may ask for it.")
        );
        assert!(!checklist.items[0].hint.contains("Not required"));
    }
}
