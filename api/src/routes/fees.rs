//! Fee quotes from the tariff schedule in force, and passport validity.

use actix_web::{get, web};
use paspor_app::fees;
use paspor_app::state::AppState;
use paspor_openapi::{Problem, QuoteDto, QuoteQuery, ValidityDto, ValidityQuery};

use crate::error::ApiError;
use crate::extract::QueryParams;

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
    Ok(web::Json(fees::show_quote(&state, query).await?))
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
    Ok(web::Json(fees::show_validity(&state, query)?))
}
