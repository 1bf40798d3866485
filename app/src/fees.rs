//! Fee quotes from the tariff schedule in force, and passport validity.

use paspor_domain::{
    ApplicationKind, QuoteError, QuoteRequest, ValidityError, ValidityRequest, quote as price,
    schedule_in_force, validity as validity_of,
};
use paspor_openapi::{QuoteDto, QuoteQuery, ValidityDto, ValidityQuery};

use crate::refusal::{Refusal, RefusalKind};
use crate::state::AppState;

/// Prices an application under the tariff schedule in force on the date asked about
/// (default today).
pub async fn show_quote(state: &AppState, query: QuoteQuery) -> Result<QuoteDto, Refusal> {
    let application_kind = ApplicationKind::from_parts(
        query.application_kind.into(),
        query.replacement_reason.map(Into::into),
    )
    .map_err(|e| Refusal::refused_field("replacement_reason", e.to_string()))?;
    let on = query.on.unwrap_or_else(|| state.clock.today());
    let reference = state.reference.clone();
    let schedules = state.db.run(move |conn| reference.tariffs(conn)).await?;
    let schedule = schedule_in_force(&schedules, on).ok_or_else(|| {
        Refusal::new(
            RefusalKind::Unprocessable,
            format!("no tariff schedule is in force on {on}"),
        )
    })?;
    let request = QuoteRequest {
        passport_kind: query.passport_kind.into(),
        service: query.service.into(),
        application_kind,
        disaster: query.disaster.unwrap_or(false),
        validity_years: query.validity_years,
    };
    let quote = price(schedule, &request).map_err(|error| match error {
        QuoteError::ValidityRequired | QuoteError::UnsupportedValidity(_) => {
            Refusal::refused_field("validity_years", error.to_string())
        }
        // A schedule without a price it needs, or a sum that overflows, is bad stored data.
        other => Refusal::internal(anyhow::anyhow!("schedule {}: {other}", schedule.code)),
    })?;
    Ok(QuoteDto::from(&quote))
}

/// How long a passport issued on the date asked about (default today) to this holder is
/// valid.
pub fn show_validity(state: &AppState, query: ValidityQuery) -> Result<ValidityDto, Refusal> {
    let request = ValidityRequest {
        birth_date: query.birth_date,
        issue_date: query.issue_date.unwrap_or_else(|| state.clock.today()),
        dual_citizen_child: query.dual_citizen_child.unwrap_or(false),
        married: query.married.unwrap_or(false),
    };
    let validity = validity_of(&request).map_err(|error| match error {
        ValidityError::IssueBeforeBirth { .. } => {
            Refusal::refused_field("issue_date", error.to_string())
        }
        ValidityError::DualCitizenOver21 { .. } => {
            Refusal::new(RefusalKind::Unprocessable, error.to_string())
        }
    })?;
    Ok(ValidityDto::from(&validity))
}
