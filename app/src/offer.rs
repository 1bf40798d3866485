//! The passport offered to a person on a date: the kinds the office offers (both where no
//! office is named), the validity terms the rule set in force gives the person and the
//! tariff schedule in force lets them choose, the quote of what they chose, and every
//! option priced. The quote route, every view of an application, the draft's writes and
//! the booking all go through here, so they answer alike.

use std::sync::Arc;

use chrono::NaiveDate;
use paspor_domain::offer::{ChoiceError, Choices, Holder, Offer, OfferRequest, choices, offer};
use paspor_domain::office::Office;
use paspor_domain::{
    PassportKind, QuoteError, TariffSchedule, ValidityError, ValidityRules, rules_in_force,
    schedule_in_force,
};
use paspor_persistence::applications::ApplicantFacts;
use paspor_persistence::{DbConnection, StoreResult, tariffs, validity_rules};

use crate::locale::{Message, Text};
use crate::reference_data::ReferenceData;
use crate::refusal::{Refusal, RefusalKind};
use crate::said::{Said as _, office_refuses};

/// What offers are priced with: the tariff schedules and validity rule sets switched on.
pub struct Pricing {
    pub schedules: Arc<[TariffSchedule]>,
    pub rules: Arc<[ValidityRules]>,
}

impl Pricing {
    /// As this process remembers them (see `ReferenceData`).
    pub fn remembered(conn: &mut DbConnection, reference: &ReferenceData) -> StoreResult<Pricing> {
        Ok(Pricing {
            schedules: reference.tariffs(conn)?,
            rules: reference.validity_rules(conn)?,
        })
    }

    /// As stored, read now.
    pub fn stored(conn: &mut DbConnection) -> StoreResult<Pricing> {
        Ok(Pricing {
            schedules: tariffs::enabled(conn)?.into(),
            rules: validity_rules::enabled(conn)?.into(),
        })
    }

    /// The basis of an offer made on `on`.
    #[must_use]
    pub fn on(&self, on: NaiveDate) -> Basis<'_> {
        Basis {
            schedules: &self.schedules,
            rules: &self.rules,
            on,
        }
    }
}

/// What an offer is made from: the tariff schedules and validity rule sets switched on,
/// and the date.
#[derive(Clone, Copy)]
pub struct Basis<'a> {
    pub schedules: &'a [TariffSchedule],
    pub rules: &'a [ValidityRules],
    pub on: NaiveDate,
}

/// Why no offer can be made, or the choice asked for is not offered.
#[derive(Debug, thiserror::Error)]
pub enum OfferRefusal {
    /// No tariff schedule switched on is in force on the date.
    #[error("no tariff schedule is in force on {0}")]
    NoSchedule(NaiveDate),
    /// No validity rule set switched on is in force on the date.
    #[error("no validity rules are in force on {0}")]
    NoRules(NaiveDate),
    /// The person can be given no term (a dual-citizen child of 21, a birth date after
    /// the date).
    #[error(transparent)]
    Validity(ValidityError),
    /// The kind or the term asked for is not offered, and why in words (the office's own
    /// reason for a kind it does not offer).
    #[error("{1}")]
    Choice(ChoiceError, Message),
    /// The schedule cannot price what the rules offer (stored data that do not fit).
    #[error("schedule {0}: {1}")]
    Quote(String, QuoteError),
}

/// Why a choice is not offered, in words: for a kind, as the office says it.
fn choice_reason(error: &ChoiceError, office: Option<&Office>) -> Message {
    match (error, office) {
        (ChoiceError::KindNotOffered(kind), Some(office)) => {
            office_refuses(office, *kind).unwrap_or_else(|| error.said())
        }
        _ => error.said(),
    }
}

impl OfferRefusal {
    /// The field of the request the refusal is about, with its reason, where it is one.
    #[must_use]
    pub fn field(&self) -> Option<(&'static str, Text)> {
        match self {
            OfferRefusal::Choice(ChoiceError::KindNotOffered(_), _) => {
                Some(("passport_kind", self.said()))
            }
            OfferRefusal::Choice(ChoiceError::TermNotOffered { .. }, _) => {
                Some(("validity_years", self.said()))
            }
            _ => None,
        }
    }

    /// Why, in words for people.
    #[must_use]
    pub fn said(&self) -> Text {
        match self {
            OfferRefusal::NoSchedule(on) => {
                Message::new("offer-no-schedule").with("on", on.to_string())
            }
            OfferRefusal::NoRules(on) => {
                Message::new("validity-no-rules").with("on", on.to_string())
            }
            OfferRefusal::Validity(error) => error.said(),
            OfferRefusal::Choice(_, reason) => reason.clone(),
            OfferRefusal::Quote(schedule, error) => Message::new("offer-quote")
                .with("schedule", schedule.as_str())
                .with("reason", error.said()),
        }
        .into()
    }

    /// Whether it says the stored reference data do not fit (nothing a caller can change).
    #[must_use]
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            OfferRefusal::Quote(_, QuoteError::MissingPrice(_) | QuoteError::Overflow)
        )
    }
}

impl From<OfferRefusal> for Refusal {
    fn from(refusal: OfferRefusal) -> Self {
        if refusal.is_internal() {
            return Refusal::internal(anyhow::anyhow!("{refusal}"));
        }
        match refusal.field() {
            Some((field, reason)) => Refusal::refused_field(field, reason),
            None => Refusal::new(RefusalKind::Unprocessable, refusal.said()),
        }
    }
}

/// Whom an applicant's facts describe.
#[must_use]
pub fn holder(facts: &ApplicantFacts) -> Holder {
    Holder::Person {
        birth_date: facts.birth_date,
        dual_citizen_child: facts.dual_citizen_child,
        married: facts.married,
    }
}

/// The kinds `office` offers now; both where no office is named.
#[must_use]
pub fn kinds_of(office: Option<&Office>) -> Vec<PassportKind> {
    office.map_or_else(|| PassportKind::ALL.to_vec(), Office::passport_kinds)
}

/// What `holder` may choose on `basis.on` at `office` (any office where none is named),
/// with the schedule in force.
pub fn choices_at<'a>(
    basis: Basis<'a>,
    holder: &Holder,
    office: Option<&Office>,
) -> Result<(Choices, &'a TariffSchedule), OfferRefusal> {
    let schedule =
        schedule_in_force(basis.schedules, basis.on).ok_or(OfferRefusal::NoSchedule(basis.on))?;
    let rules = rules_in_force(basis.rules, basis.on).ok_or(OfferRefusal::NoRules(basis.on))?;
    let choices = choices(rules, schedule, holder, basis.on, kinds_of(office))
        .map_err(OfferRefusal::Validity)?;
    Ok((choices, schedule))
}

/// The offer of `request` to `holder` at `office`; refused when the kind or the term
/// asked for is not offered. For what is being written: a quote asked for, a draft, a
/// booking.
pub fn checked_offer(
    basis: Basis<'_>,
    holder: &Holder,
    office: Option<&Office>,
    request: &OfferRequest,
) -> Result<Offer, OfferRefusal> {
    let (choices, schedule) = choices_at(basis, holder, office)?;
    choices
        .check(request.passport_kind, request.validity_years)
        .map_err(|error| {
            let reason = choice_reason(&error, office);
            OfferRefusal::Choice(error, reason)
        })?;
    offer(schedule, choices, request)
        .map_err(|error| OfferRefusal::Quote(schedule.code.clone(), error))
}

/// The offer of what is stored, as it stands: priced even if its kind or term is no longer
/// offered (the office changed, or the rules), so that an application is always shown
/// with its price; `None` when nothing can price it.
#[must_use]
pub fn stored_offer(
    basis: Basis<'_>,
    holder: &Holder,
    office: Option<&Office>,
    request: &OfferRequest,
) -> Option<Offer> {
    let (choices, schedule) = choices_at(basis, holder, office).ok()?;
    offer(schedule, choices, request).ok()
}
