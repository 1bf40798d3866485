//! What the holder is told as the passport moves: issued (with the ready date), ready
//! (with the last day to collect), collected, and cancelled when uncollected.

use chrono::NaiveDate;
use paspor_domain::issuance::RecipientKind;

use crate::office::notify::Notice;

/// The passport was printed.
pub(super) fn issued(number: &str, office: &str, ready: NaiveDate) -> Notice {
    Notice {
        subject: "Your passport has been issued".to_owned(),
        body: format!(
            "Your passport {number} has been issued at {office}. It will be ready for \
             collection from {ready}; bring your identity card."
        ),
        push_title: "Passport issued",
        push_body: format!("Ready for collection from {ready}"),
    }
}

/// The passport is at the counter.
pub(super) fn ready(number: &str, collect_by: NaiveDate) -> Notice {
    Notice {
        subject: "Your passport is ready for collection".to_owned(),
        body: format!(
            "Your passport {number} is ready for collection. Collect it by {collect_by}, in \
             person with your identity card, or send a family member on the same family card \
             or someone with your power of attorney. Not collected by then, it is cancelled."
        ),
        push_title: "Passport ready for collection",
        push_body: format!("Collect by {collect_by}"),
    }
}

/// The passport was handed over to `recipient` (of `kind`: the push line names only the
/// kind, as a lock screen may show it).
pub(super) fn collected(number: &str, kind: RecipientKind, recipient: &str) -> Notice {
    let (whom, push_body) = match kind {
        RecipientKind::Holder => (format!("you ({recipient})"), "Handed over to you"),
        RecipientKind::FamilyMember => (
            format!("{recipient}, a family member on your family card"),
            "Handed over to a family member",
        ),
        RecipientKind::Proxy => (
            format!("{recipient}, with your power of attorney"),
            "Handed over to your proxy",
        ),
    };
    Notice {
        subject: "Your passport has been collected".to_owned(),
        body: format!(
            "Your passport {number} was handed over to {whom}. If you did not expect this, \
             contact the office at once."
        ),
        push_title: "Passport collected",
        push_body: push_body.to_owned(),
    }
}

/// The passport was not collected in time.
pub(super) fn cancelled(number: &str, collect_by: NaiveDate) -> Notice {
    Notice {
        subject: "Your passport was cancelled: not collected".to_owned(),
        body: format!(
            "Your passport {number} was not collected by {collect_by}, so it has been \
             cancelled. To get a passport, apply again."
        ),
        push_title: "Passport cancelled",
        push_body: "Not collected within 30 days".to_owned(),
    }
}
