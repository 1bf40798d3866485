//! What the holder is told as the office moves the application on, in the holder's
//! language (`app/locales/*/office_notices.ftl`).

use chrono::NaiveDate;
use paspor_domain::DocumentKind;
use paspor_domain::decision::Decision;

use crate::locale::clock::long_date;
use crate::locale::{Args, Language, text};
use crate::office::notify::Notice;

/// The kinds in words (the checklist's names), comma-separated.
pub(super) fn document_names(language: Language, kinds: &[DocumentKind]) -> String {
    kinds
        .iter()
        .map(|kind| text(language, &format!("kind-{kind}"), None))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checked in at the office.
pub(super) fn checked_in(language: Language, office: &str) -> Notice {
    let mut args = Args::new();
    args.set("office", office.to_owned());
    Notice::of(language, "office-checked-in", &args)
}

/// Documents are missing: supply them by the deadline.
pub(super) fn documents_missing(
    language: Language,
    missing: &[DocumentKind],
    deadline: NaiveDate,
) -> Notice {
    let mut args = Args::new();
    args.set("documents", document_names(language, missing));
    args.set("deadline", long_date(language, deadline));
    Notice::of(language, "office-documents-missing", &args)
}

/// The documents are complete: the application is in review.
pub(super) fn documents_complete(language: Language) -> Notice {
    Notice::of(language, "office-documents-complete", &Args::new())
}

/// The missing documents never came: refused.
pub(super) fn documents_deadline_passed(language: Language, deadline: NaiveDate) -> Notice {
    let mut args = Args::new();
    args.set("deadline", long_date(language, deadline));
    Notice::of(language, "office-documents-deadline", &args)
}

/// The decision.
pub(super) fn decided(language: Language, decision: &Decision) -> Notice {
    match decision {
        Decision::Approved => Notice::of(language, "office-approved", &Args::new()),
        Decision::Postponed { reason, hold_until } => {
            let mut args = Args::new();
            args.set("hold_until", long_date(language, *hold_until));
            args.set(
                "reason",
                text(
                    language,
                    &format!("postponement-reason-{}", reason.as_str()),
                    None,
                ),
            );
            Notice::of(language, "office-postponed", &args)
        }
        Decision::Refused { reason } => {
            let mut args = Args::new();
            args.set(
                "reason",
                text(
                    language,
                    &format!("refusal-reason-{}", reason.as_str()),
                    None,
                ),
            );
            Notice::of(language, "office-refused", &args)
        }
    }
}

#[cfg(test)]
mod tests {
    use paspor_domain::decision::{PostponementReason, RefusalReason};

    use super::*;
    use crate::locale::has_message;

    #[test]
    fn every_reason_is_worded_in_every_language() {
        for language in Language::ALL {
            for reason in PostponementReason::ALL {
                assert!(has_message(
                    language,
                    &format!("postponement-reason-{}", reason.as_str())
                ));
            }
            for reason in RefusalReason::ALL {
                assert!(has_message(
                    language,
                    &format!("refusal-reason-{}", reason.as_str())
                ));
            }
        }
    }
}
