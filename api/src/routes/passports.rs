//! The applicant's passports: every passport issued for the account's applications, with
//! its number, kind, dates, status and (for electronic passports) what the chip allows.

use actix_web::{get, web};
use paspor_openapi::{PageQuery, PassportDto, PassportPage, Problem};

use crate::auth::Bearer;
use crate::error::ApiError;
use crate::extract::QueryParams;
use paspor_app::office::issuance;
use paspor_app::state::AppState;

/// The passports of the account's applications, newest first.
#[utoipa::path(
    tag = "passports",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of passports", body = PassportPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants hold passports here", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn list_passports(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    QueryParams(paging): QueryParams<PageQuery>,
) -> Result<web::Json<PassportPage>, ApiError> {
    Ok(web::Json(
        issuance::list_passports(&state, &principal, paging).await?,
    ))
}

/// One of the account's passports.
#[utoipa::path(
    tag = "passports",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The passport's id")),
    responses(
        (status = 200, description = "The passport", body = PassportDto),
        (status = 403, description = "Only applicants hold passports here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such passport of this account", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}")]
pub async fn show_passport(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<web::Json<PassportDto>, ApiError> {
    Ok(web::Json(
        issuance::show_passport(&state, &principal, id.into_inner()).await?,
    ))
}
