//! Fee quotes from the tariff schedule and validity rules in force, with the kinds and
//! terms offered; and passport validity.

use actix_web::{get, web};
use paspor_app::fees;
use paspor_app::state::AppState;
use paspor_openapi::{Problem, QuoteDto, QuoteQuery, ValidityDto, ValidityQuery};

use crate::error::ApiError;
use crate::extract::QueryParams;

/// Prices an application under the tariff schedule and validity rules in force on the date
/// asked about, for an adult or the person described, at any office or the one named: the
/// validity priced and the terms the person may choose, and every kind and term offered
/// priced, with what each kind brings.
#[utoipa::path(
    operation_id = "show_quote",
    tag = "fees",
    params(QuoteQuery),
    responses(
        (status = 200, description = "The quote, line by line", body = QuoteDto),
        (status = 400, description = "A parameter is missing or breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The replacement reason does not fit the kind, the validity asked for is not offered to the person (`validity_years`), the office is unknown or does not offer the kind (`passport_kind`), the birth date is after the date priced or missing for a dual-citizen child or married minor, or no tariff schedule or validity rules are in force on that date", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/quote")]
pub async fn quote(
    state: web::Data<AppState>,
    QueryParams(query): QueryParams<QuoteQuery>,
) -> Result<web::Json<QuoteDto>, ApiError> {
    Ok(web::Json(fees::show_quote(&state, query).await?))
}

/// How long a passport issued on `issue_date` (default today) to this holder is valid,
/// under the validity rule set in force that day.
#[utoipa::path(
    operation_id = "show_validity",
    tag = "fees",
    params(ValidityQuery),
    responses(
        (status = 200, description = "The validity", body = ValidityDto),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The issue date is before the birth date or before any validity rules, a dual-citizen child is 21 or more on the issue date, or the term asked for is not one the holder may have", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/validity")]
pub async fn validity(
    state: web::Data<AppState>,
    QueryParams(query): QueryParams<ValidityQuery>,
) -> Result<web::Json<ValidityDto>, ApiError> {
    Ok(web::Json(fees::show_validity(&state, query).await?))
}
