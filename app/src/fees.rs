//! Fee quotes from the tariff schedule and validity rules in force, with the kinds and
//! terms offered; and passport validity under the rules in force on the issue date.

use paspor_domain::offer::{Holder, OfferRequest};
use paspor_domain::validity::{MAX_YEARS, terms, validity_in_force};
use paspor_domain::{ApplicationKind, QuoteError, ValidityError, ValidityRequest};
use paspor_openapi::{QuoteDto, QuoteQuery, ValidityDto, ValidityQuery};

use crate::locale::Message;
use crate::offer::{OfferRefusal, Pricing, checked_offer};
use crate::refusal::{Refusal, RefusalKind};
use crate::state::AppState;

/// A term outside what any rule set may hold breaks the published schema.
fn check_years(years: Option<u32>) -> Result<(), Refusal> {
    match years {
        Some(years) if !(1..=MAX_YEARS).contains(&years) => Err(Refusal::invalid_field(
            "validity_years",
            Message::new("field-range").with("max", MAX_YEARS),
        )),
        _ => Ok(()),
    }
}

/// Whose passport a quote is for: the person described, or any adult.
fn quoted_holder(query: &QuoteQuery) -> Result<Holder, Refusal> {
    match query.birth_date {
        Some(birth_date) => Ok(Holder::Person {
            birth_date,
            dual_citizen_child: query.dual_citizen_child.unwrap_or(false),
            married: query.married.unwrap_or(false),
        }),
        None if query.dual_citizen_child == Some(true) || query.married == Some(true) => Err(
            Refusal::refused_field("birth_date", Message::new("quote-needs-birth-date")),
        ),
        None => Ok(Holder::Adult),
    }
}

/// Prices an application under the tariff schedule and validity rules in force on the
/// date asked about (default today), for the person and office asked about (default an
/// adult, any office), with every kind and term offered priced.
pub async fn show_quote(state: &AppState, query: QuoteQuery) -> Result<QuoteDto, Refusal> {
    let application_kind = ApplicationKind::from_parts(
        query.application_kind.into(),
        query.replacement_reason.map(Into::into),
    )
    .map_err(|e| Refusal::refused_field("replacement_reason", e))?;
    check_years(query.validity_years)?;
    let holder = quoted_holder(&query)?;
    let on = query.on.unwrap_or_else(|| state.clock.today());
    let request = OfferRequest {
        passport_kind: query.passport_kind.into(),
        service: query.service.into(),
        application_kind,
        disaster: query.disaster.unwrap_or(false),
        validity_years: query.validity_years,
    };
    let reference = state.reference.clone();
    let office_id = query.office_id.clone();
    let (pricing, office) = state
        .db
        .run(move |conn| {
            let office = match &office_id {
                Some(id) => Some(reference.office(conn, id)?),
                None => None,
            };
            Ok::<_, Refusal>((Pricing::remembered(conn, &reference)?, office))
        })
        .await?;
    let office = match office {
        Some(None) => {
            return Err(Refusal::refused_field(
                "office_id",
                Message::new("office-id-unknown"),
            ));
        }
        Some(Some(office)) => Some(office),
        None => None,
    };
    let delivery = query.delivery.unwrap_or(false);
    if let Some(office) = office
        .as_ref()
        .filter(|office| delivery && !office.delivers_by_post)
    {
        return Err(Refusal::refused_field(
            "delivery",
            Message::new("delivery-office-does-not").with("office", office.name.clone()),
        ));
    }
    let mut offer =
        checked_offer(pricing.on(on), &holder, office.as_ref(), &request).map_err(|refusal| {
            match refusal {
                OfferRefusal::Validity(error @ ValidityError::IssueBeforeBirth { .. }) => {
                    Refusal::refused_field("birth_date", error)
                }
                OfferRefusal::Quote(_, error @ QuoteError::UnsupportedValidity(_)) => {
                    Refusal::refused_field("validity_years", error)
                }
                other => other.into(),
            }
        })?;
    if delivery {
        let schedule = pricing
            .schedules
            .iter()
            .find(|schedule| schedule.code == offer.quote.schedule_code)
            .ok_or_else(|| Refusal::internal(anyhow::anyhow!("the quote's schedule is gone")))?;
        offer.quote = offer
            .quote
            .clone()
            .with_delivery(schedule)
            .map_err(|error| {
                Refusal::new(RefusalKind::Conflict, Message::new("delivery-not-priced"))
                    .with_cause(anyhow::anyhow!("{error}"))
            })?;
    }
    Ok(QuoteDto::from(&offer))
}

/// How long a passport issued on the date asked about (default today) to this holder is
/// valid, under the validity rules in force that day.
pub async fn show_validity(state: &AppState, query: ValidityQuery) -> Result<ValidityDto, Refusal> {
    check_years(query.validity_years)?;
    let request = ValidityRequest {
        birth_date: query.birth_date,
        issue_date: query.issue_date.unwrap_or_else(|| state.clock.today()),
        dual_citizen_child: query.dual_citizen_child.unwrap_or(false),
        married: query.married.unwrap_or(false),
        years: query.validity_years,
    };
    let reference = state.reference.clone();
    let enabled = state
        .db
        .run(move |conn| reference.validity_rules(conn))
        .await?;
    let refused = |error: ValidityError| match error {
        ValidityError::IssueBeforeBirth { .. } | ValidityError::NoRulesInForce { .. } => {
            Refusal::refused_field("issue_date", error)
        }
        ValidityError::TermNotAllowed { .. } => Refusal::refused_field("validity_years", error),
        ValidityError::DualCitizenOver21 { .. } => Refusal::new(RefusalKind::Unprocessable, error),
    };
    let (validity, rules) = validity_in_force(&enabled, &request).map_err(refused)?;
    let choices = terms(rules, &request).map_err(refused)?;
    Ok(ValidityDto::new(&validity, &rules.code, &choices.years))
}
