//! Fee quotes from the tariff schedule in force, and passport validity.

use actix_web::{get, web};
use paspor_domain::{
    ApplicationKind, QuoteError, QuoteRequest, ValidityError, ValidityRequest, quote as price,
    schedule_in_force, validity as validity_of,
};
use paspor_openapi::{Problem, QuoteDto, QuoteQuery, ValidityDto, ValidityQuery};
use paspor_persistence::tariffs;

use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::problem::ProblemKind;
use crate::state::AppState;

/// Prices an application under the tariff schedule in force on the date asked about.
#[utoipa::path(
    operation_id = "show_quote",
    tag = "fees",
    params(QuoteQuery),
    responses(
        (status = 200, description = "The quote, line by line", body = QuoteDto),
        (status = 400, description = "A parameter is missing or breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The replacement reason does not fit the kind, the validity asked for is not offered (or is missing), or no tariff schedule is in force on that date", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/quote")]
pub async fn quote(
    state: web::Data<AppState>,
    QueryParams(query): QueryParams<QuoteQuery>,
) -> Result<web::Json<QuoteDto>, ApiError> {
    let application_kind = ApplicationKind::from_parts(
        query.application_kind.into(),
        query.replacement_reason.map(Into::into),
    )
    .map_err(|e| ApiError::refused_field("replacement_reason", e.to_string()))?;
    let on = query.on.unwrap_or_else(|| state.clock.today());
    let schedules = state.db.run(tariffs::enabled).await?;
    let schedule = schedule_in_force(&schedules, on).ok_or_else(|| {
        ApiError::new(
            ProblemKind::Unprocessable,
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
            ApiError::refused_field("validity_years", error.to_string())
        }
        // A schedule without a price it needs, or a sum that overflows, is bad stored data.
        other => ApiError::internal(anyhow::anyhow!("schedule {}: {other}", schedule.code)),
    })?;
    Ok(web::Json(QuoteDto::from(&quote)))
}

/// How long a passport issued on `issue_date` (default today) to this holder is valid.
#[utoipa::path(
    operation_id = "show_validity",
    tag = "fees",
    params(ValidityQuery),
    responses(
        (status = 200, description = "The validity", body = ValidityDto),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The issue date is before the birth date, or a dual-citizen child is 21 or more on the issue date", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/validity")]
pub async fn validity(
    state: web::Data<AppState>,
    QueryParams(query): QueryParams<ValidityQuery>,
) -> Result<web::Json<ValidityDto>, ApiError> {
    let request = ValidityRequest {
        birth_date: query.birth_date,
        issue_date: query.issue_date.unwrap_or_else(|| state.clock.today()),
        dual_citizen_child: query.dual_citizen_child.unwrap_or(false),
        married: query.married.unwrap_or(false),
    };
    let validity = validity_of(&request).map_err(|error| match error {
        ValidityError::IssueBeforeBirth { .. } => {
            ApiError::refused_field("issue_date", error.to_string())
        }
        ValidityError::DualCitizenOver21 { .. } => {
            ApiError::new(ProblemKind::Unprocessable, error.to_string())
        }
    })?;
    Ok(web::Json(ValidityDto::from(&validity)))
}
