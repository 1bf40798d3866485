//! The caller's own data (UU PDP): the consents given and withdrawn, and copies of
//! everything the service holds about the account (exports). Consents belong to every
//! account holder; exports to applicant accounts (staff and integrators are refused).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use paspor_app::auth::{AccountHolder, Applicant};
use paspor_app::privacy::{consents, exports};
use paspor_app::state::AppState;
use paspor_openapi::{ConsentPage, ConsentPurposeDto, DataExportDto, PageQuery, Problem};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::idempotency::{self, Answer, KEY_REQUIRED};

/// The caller's consents, newest first: the privacy notice agreed to at registration and
/// each grant of WhatsApp notices, standing and withdrawn.
#[utoipa::path(
    operation_id = "list_consents",
    tag = "me",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of the account's consents", body = ConsentPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/consents")]
pub async fn list_consents(
    state: web::Data<AppState>,
    AdmittedWith(holder, QueryParams(paging)): AdmittedWith<AccountHolder, QueryParams<PageQuery>>,
) -> Result<web::Json<ConsentPage>, ApiError> {
    Ok(web::Json(
        consents::list_consents(&state, &holder, paging).await?,
    ))
}

/// Withdraws the caller's consent to `purpose`; nothing changes when none stands.
/// Withdrawing `whatsapp` stops WhatsApp notices (as `PUT /v1/me/whatsapp` with
/// `opted_in: false`). The consent to the privacy notice lasts as long as the account:
/// closing the account (`DELETE /v1/me`) is how it ends.
#[utoipa::path(
    operation_id = "withdraw_consent",
    tag = "me",
    security(("bearer" = [])),
    params(("purpose" = ConsentPurposeDto, Path, description = "What the consent is about")),
    responses(
        (status = 204, description = "No consent to this purpose stands any more"),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No consent purpose of this name", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The privacy notice's consent ends only with the account", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/consents/{purpose}")]
pub async fn withdraw_consent(
    state: web::Data<AppState>,
    Admitted(holder): Admitted<AccountHolder>,
    purpose: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    consents::withdraw_consent(&state, &holder, purpose.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a copy of everything the service holds about the account and the people on
/// it: the profile, consents, applicants and their corrections, applications with their
/// history and the office's records, bookings, payments, documents (the files too),
/// waitlist places, walk-ins, passports, notices sent, devices and the audit trail of
/// their applications. It is built in the background: follow `progress` at `Location`.
/// While one is in progress, asking again answers that one.
#[utoipa::path(
    operation_id = "request_export",
    tag = "me",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = String, Header, description = "Required: 1 to 255 visible ASCII characters, unique per attempt; a retry with the same key replays the first answer (24 hours)")
    ),
    responses(
        (status = 202, description = "The export, pending (or the one already in progress)", body = DataExportDto,
            headers(("Location" = String, description = "The export's address"))),
        (status = 400, description = "The Idempotency-Key is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicant accounts ask for exports", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is in flight, or the account was closed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/exports")]
pub async fn request_export(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let work = exports::request_export(&state, &applicant);
    // No body: the key alone names the attempt.
    idempotency::write(
        &state,
        &applicant,
        &request,
        &[],
        KEY_REQUIRED,
        work,
        |export| {
            Answer::json(StatusCode::ACCEPTED, export).at(format!("/v1/me/exports/{}", export.id))
        },
    )
    .await
}

/// One of the caller's exports: its state and progress, and once ready where to download
/// it (for 7 days).
#[utoipa::path(
    operation_id = "show_export",
    tag = "me",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The export's id")),
    responses(
        (status = 200, description = "The export", body = DataExportDto),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicant accounts have exports", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no export with this id", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/exports/{id}")]
pub async fn show_export(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<web::Json<DataExportDto>, ApiError> {
    Ok(web::Json(
        exports::show_export(&state, &applicant, id.into_inner()).await?,
    ))
}

/// The ready export's archive: a ZIP holding `data.json` (every section, with its
/// `format_version`) and the document files under `documents/<application id>/`.
#[utoipa::path(
    operation_id = "download_export",
    tag = "me",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The export's id")),
    responses(
        (status = 200, description = "The archive",
            content(("application/zip")),
            headers(("Content-Disposition" = String, description = "`attachment` with the archive's file name"))),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicant accounts have exports", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no export with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The export is not ready (still being built, failed or expired): the detail says which", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/exports/{id}/archive")]
pub async fn download_export(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let archive = exports::download_export(&state, &applicant, id.clone()).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(exports::archive_file_name(&id))],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(archive))
}
