//! The people an applicant account applies for: the holder and family members. Only
//! applicants use these routes; another account's applicant is 404 on every one of them.
//! Handlers are named for their operation: the names are the document's operation ids.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use paspor_app::auth::Applicant;
use paspor_openapi::{
    ApplicantCreateRequest, ApplicantDto, ApplicantPage, ApplicantPatch, CorrectionList, PageQuery,
    Problem,
};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::{Json, QueryParams};
use paspor_app::applicants;
use paspor_app::state::AppState;

/// Adds a person to apply for: the holder or a family member, at most 5 per account.
/// A birth date or sex that differs from what the NIK encodes is accepted with `warnings`.
#[utoipa::path(
    operation_id = "create_applicant",
    tag = "applicants",
    security(("bearer" = [])),
    request_body = ApplicantCreateRequest,
    responses(
        (status = 201, description = "The applicant, with any NIK warnings", body = ApplicantDto,
            headers(("Location" = String, description = "The applicant's URL"))),
        (status = 400, description = "A field breaks the schema (e.g. a NIK that is not 16 digits)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refuses a field: a NIK that does not decode (region codes, birth date, serial), a birth date in the future, no guardian for a child under 17, or the applicant as their own guardian", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an applicant", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account has 5 applicants already, or one with this NIK", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("")]
pub async fn create_applicant(
    state: web::Data<AppState>,
    AdmittedWith(applicant, Json(body)): AdmittedWith<Applicant, Json<ApplicantCreateRequest>>,
) -> Result<HttpResponse, ApiError> {
    let created = applicants::create_applicant(&state, &applicant, body).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/applicants/{}", created.id)))
        .json(created))
}

/// The caller's applicants, oldest first.
#[utoipa::path(
    operation_id = "list_applicants",
    tag = "applicants",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of the account's applicants", body = ApplicantPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an applicant", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn list_applicants(
    state: web::Data<AppState>,
    AdmittedWith(applicant, QueryParams(paging)): AdmittedWith<Applicant, QueryParams<PageQuery>>,
) -> Result<web::Json<ApplicantPage>, ApiError> {
    Ok(web::Json(
        applicants::list_applicants(&state, &applicant, paging).await?,
    ))
}

/// One of the caller's applicants.
#[utoipa::path(
    operation_id = "show_applicant",
    tag = "applicants",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The applicant's id")),
    responses(
        (status = 200, description = "The applicant", body = ApplicantDto),
        (status = 403, description = "The caller is not an applicant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no applicant with this id", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}")]
pub async fn show_applicant(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<web::Json<ApplicantDto>, ApiError> {
    Ok(web::Json(
        applicants::own_applicant(&state, &applicant, id.into_inner()).await?,
    ))
}

/// Changes some of an applicant's fields; the result is checked as on creation. Each
/// change is recorded as a correction (`GET /v1/applicants/{id}/corrections`). Identity
/// fields (NIK, full name, place and date of birth, sex, parents' names) are refused once
/// the office checked them against the original documents: an officer corrects them.
#[utoipa::path(
    operation_id = "update_applicant",
    tag = "applicants",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The applicant's id")),
    request_body = ApplicantPatch,
    responses(
        (status = 200, description = "The applicant as changed, with any NIK warnings", body = ApplicantDto),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refuses the result, as on creation", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an applicant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no applicant with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another of the account's applicants has this NIK, applications carry the old one, or identity fields were checked at the office (an officer corrects them now)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/{id}")]
pub async fn update_applicant(
    state: web::Data<AppState>,
    AdmittedWith(applicant, Json(patch)): AdmittedWith<Applicant, Json<ApplicantPatch>>,
    id: web::Path<String>,
) -> Result<web::Json<ApplicantDto>, ApiError> {
    Ok(web::Json(
        applicants::update_applicant(&state, &applicant, id.into_inner(), patch).await?,
    ))
}

/// The history of corrections of one of the caller's applicants, oldest first: which
/// fields changed, by the person or by an officer (with the office and the reason), and
/// when. Contact data (address, marital status, previous passport, guardian) the person
/// corrects with `PATCH`; identity data (NIK, name, place and date of birth, sex, parents'
/// names) too until the office checked it against the originals, then only an officer.
#[utoipa::path(
    operation_id = "list_applicant_corrections",
    tag = "applicants",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The applicant's id")),
    responses(
        (status = 200, description = "The corrections", body = CorrectionList),
        (status = 403, description = "The caller is not an applicant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no applicant with this id", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/corrections")]
pub async fn list_applicant_corrections(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<web::Json<CorrectionList>, ApiError> {
    Ok(web::Json(
        applicants::list_corrections(&state, &applicant, id.into_inner()).await?,
    ))
}

/// Removes an applicant that no application refers to.
#[utoipa::path(
    operation_id = "delete_applicant",
    tag = "applicants",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The applicant's id")),
    responses(
        (status = 204, description = "The applicant is removed"),
        (status = 403, description = "The caller is not an applicant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no applicant with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Applications refer to the applicant", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/{id}")]
pub async fn delete_applicant(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    applicants::delete_applicant(&state, &applicant, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
