//! What the holder is told as the office moves the application on.

use chrono::NaiveDate;
use paspor_domain::DocumentKind;
use paspor_domain::decision::Decision;

use crate::office::notify::Notice;

/// A document kind in words, as on the paper.
fn document_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::IdentityCard => "identity card (KTP)",
        DocumentKind::FamilyCard => "family card (Kartu Keluarga)",
        DocumentKind::BirthCertificate => "birth certificate",
        DocumentKind::Diploma => "diploma (ijazah)",
        DocumentKind::MarriageBook => "marriage book (buku nikah)",
        DocumentKind::OldPassport => "old passport",
        DocumentKind::ParentIdentityCard => "a parent's identity card (KTP)",
        DocumentKind::GuardianConsentLetter => "the parents' or guardian's consent letter",
        DocumentKind::LabourRecommendationLetter => {
            "the labour office's recommendation letter (Dinas Tenaga Kerja)"
        }
        DocumentKind::CourtDecree => "court decree or official letter",
        DocumentKind::PoliceReport => "police report of the loss",
    }
}

/// The kinds in words, comma-separated.
pub(super) fn document_names(kinds: &[DocumentKind]) -> String {
    kinds
        .iter()
        .map(|kind| document_name(*kind))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checked in at the office.
pub(super) fn checked_in(office: &str) -> Notice {
    Notice {
        subject: "You are checked in for your passport appointment".to_owned(),
        body: format!(
            "You were checked in at {office}. The officers will now check your documents, \
             take your photo and fingerprints, and interview you."
        ),
        push_title: "Checked in",
        push_body: format!("You are checked in at {office}."),
    }
}

/// Documents are missing: supply them by the deadline.
pub(super) fn documents_missing(missing: &[DocumentKind], deadline: NaiveDate) -> Notice {
    let names = document_names(missing);
    Notice {
        subject: "Documents missing from your passport application".to_owned(),
        body: format!(
            "The office found these documents missing: {names}.\n\nUpload them in the app by \
             {deadline} (within 30 days). If they have not been supplied by then, the \
             application is refused."
        ),
        push_title: "Documents missing",
        push_body: format!("Upload the missing documents by {deadline}."),
    }
}

/// The documents are complete: the application is in review.
pub(super) fn documents_complete() -> Notice {
    Notice {
        subject: "Your documents are complete".to_owned(),
        body: "The office checked your documents and found them complete. Your application \
               is now in review: photo, fingerprints, interview and decision."
            .to_owned(),
        push_title: "Documents complete",
        push_body: "Your application is in review.".to_owned(),
    }
}

/// The missing documents never came: refused.
pub(super) fn documents_deadline_passed(deadline: NaiveDate) -> Notice {
    Notice {
        subject: "Your passport application was refused: documents missing".to_owned(),
        body: format!(
            "The documents the office asked for were not supplied by {deadline}, so the \
             application was refused. Fees are not refunded; you may apply again."
        ),
        push_title: "Application refused",
        push_body: "Missing documents were not supplied in time.".to_owned(),
    }
}

/// The decision.
pub(super) fn decided(decision: &Decision) -> Notice {
    match decision {
        Decision::Approved => Notice {
            subject: "Your passport application is approved".to_owned(),
            body: "Your passport application was approved. We will tell you when the passport \
                   is ready for collection."
                .to_owned(),
            push_title: "Application approved",
            push_body: "Your passport will be issued.".to_owned(),
        },
        Decision::Postponed { reason, hold_until } => Notice {
            subject: "Your passport application is postponed".to_owned(),
            body: format!(
                "Your passport application was postponed for {}. You cannot apply again \
                 until {hold_until}.",
                reason.description()
            ),
            push_title: "Application postponed",
            push_body: format!("You may apply again from {hold_until}."),
        },
        Decision::Refused { reason } => Notice {
            subject: "Your passport application is refused".to_owned(),
            body: format!(
                "Your passport application was refused: {}. Fees are not refunded.",
                reason.description()
            ),
            push_title: "Application refused",
            push_body: "See your email for the reason.".to_owned(),
        },
    }
}
