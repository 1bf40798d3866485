//! A draft's choice checked when it is written: the passport kind against the office the
//! draft names (an office out of e-passport books, or one that issues electronic passports
//! only), and the validity chosen against what the rules and tariff in force today offer
//! the applicant. The booking checks the same again at the office it names.

use chrono::NaiveDate;
use paspor_domain::QuoteError;
use paspor_domain::offer::Offer;
use paspor_persistence::DbConnection;
use paspor_persistence::applications::{ApplicantFacts, DraftContent};

use super::ApplicationError;
use super::view::{holder_of, offer_request};
use crate::locale::Message;
use crate::offer::{OfferRefusal, Pricing, checked_offer};
use crate::reference_data::ReferenceData;

/// An offer refused, as an application's refusal: the field it is about where there is
/// one; a validity chosen by the applicant is named whatever refused it.
pub(super) fn refused(refusal: OfferRefusal, chose_validity: bool) -> ApplicationError {
    if refusal.is_internal() {
        return anyhow::anyhow!("{refusal}").into();
    }
    match (refusal.field(), &refusal) {
        (Some((field, reason)), _) => ApplicationError::field(field, reason),
        (None, OfferRefusal::Quote(_, QuoteError::UnsupportedValidity(_))) => {
            ApplicationError::field("validity_years", refusal.said())
        }
        (None, _) if chose_validity => ApplicationError::field("validity_years", refusal.said()),
        (None, _) => ApplicationError::Unprocessable(refusal.said()),
    }
}

/// Whether the draft's kind and validity are offered to the applicant today at the office
/// it names. What cannot be told yet (no tariff or rules in force today, a person the
/// rules give no term) refuses only a validity chosen: the booking says the rest.
pub(super) fn check_choice(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    content: &DraftContent,
    applicant: Option<&ApplicantFacts>,
    today: NaiveDate,
) -> Result<(), ApplicationError> {
    let office = match &content.office_id {
        Some(id) => Some(
            reference
                .office(conn, id)?
                .ok_or_else(|| ApplicationError::field("office_id", "names no office"))?,
        ),
        None => None,
    };
    let priced = Pricing::remembered(conn, reference)?;
    match checked_offer(
        priced.on(today),
        &holder_of(applicant),
        office.as_ref(),
        &offer_request(content),
    ) {
        Ok(_) => Ok(()),
        Err(refusal) if refusal.field().is_some() || content.validity_years.is_some() => {
            Err(refused(refusal, content.validity_years.is_some()))
        }
        Err(_) => Ok(()),
    }
}

/// The offer a booking prices: the draft's kind and validity, which must be offered to
/// the applicant today at the booking's office.
pub(super) fn booking_offer(
    priced: &Pricing,
    content: &DraftContent,
    applicant: &ApplicantFacts,
    office: &paspor_domain::office::Office,
    today: NaiveDate,
) -> Result<Offer, ApplicationError> {
    checked_offer(
        priced.on(today),
        &holder_of(Some(applicant)),
        Some(office),
        &offer_request(content),
    )
    .map_err(|refusal| match refusal {
        OfferRefusal::NoSchedule(_) | OfferRefusal::NoRules(_) => ApplicationError::Unprocessable(
            Message::new("application-cannot-be-priced")
                .with("reason", refusal.said())
                .into(),
        ),
        other => refused(other, content.validity_years.is_some()),
    })
}
