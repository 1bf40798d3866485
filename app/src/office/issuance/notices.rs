//! What the holder is told as the passport moves, in the holder's language
//! (`app/locales/*/office_notices.ftl`): issued (with the ready date), ready (with the last
//! day to collect), collected, and cancelled when uncollected.

use chrono::NaiveDate;
use paspor_domain::issuance::RecipientKind;

use crate::locale::clock::long_date;
use crate::locale::{Args, Language};
use crate::office::notify::Notice;

/// The passport was printed.
pub(super) fn issued(language: Language, number: &str, office: &str, ready: NaiveDate) -> Notice {
    let mut args = Args::new();
    args.set("ready", long_date(language, ready));
    args.set("number", number.to_owned());
    args.set("office", office.to_owned());
    Notice::of(language, "office-issued", &args)
}

/// The passport is at the counter.
pub(crate) fn ready(language: Language, number: &str, collect_by: NaiveDate) -> Notice {
    let mut args = Args::new();
    args.set("collect_by", long_date(language, collect_by));
    args.set("number", number.to_owned());
    Notice::of(language, "office-ready", &args)
}

/// The passport was handed over to `recipient` (of `kind`: the push line names only the
/// kind, as a lock screen may show it).
pub(super) fn collected(
    language: Language,
    number: &str,
    kind: RecipientKind,
    recipient: &str,
) -> Notice {
    let mut args = Args::new();
    args.set("kind", kind.as_str());
    args.set("number", number.to_owned());
    args.set("recipient", recipient.to_owned());
    Notice::of(language, "office-collected", &args)
}

/// The passport was not collected in time.
pub(super) fn cancelled(language: Language, number: &str, collect_by: NaiveDate) -> Notice {
    let mut args = Args::new();
    args.set("number", number.to_owned());
    args.set("collect_by", long_date(language, collect_by));
    Notice::of(language, "office-uncollected", &args)
}

/// The passport was handed to the courier (PT Pos Indonesia) at `at`, for `city`.
pub(super) fn dispatched(
    language: Language,
    number: &str,
    tracking: &str,
    city: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Notice {
    let mut args = Args::new();
    args.set("number", number.to_owned());
    args.set("tracking", tracking.to_owned());
    args.set("city", city.to_owned());
    args.set("date", long_date(language, at.date_naive()));
    Notice::of(language, "office-dispatched", &args)
}
