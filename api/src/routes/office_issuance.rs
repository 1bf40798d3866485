//! The office's routes after the decision: issuing the passport of an approved application,
//! and handing a ready one over. Officers and office admins act on their own office's
//! applications only; another office's read as absent (404).

use actix_web::{HttpRequest, HttpResponse, post, web};
use paspor_openapi::{HandOverRequest, IssuanceRequest, PassportDto, Problem};

use crate::auth::AdmittedWith;
use crate::error::ApiError;
use crate::extract::parse_json;
use crate::idempotency::{self, Answer, KEY_OPTIONAL};
use paspor_app::office::OfficeStaff;
use paspor_app::office::issuance;
use paspor_app::state::AppState;

/// Issues the passport of an approved application: a unique number (`E` or `X` and 7
/// digits), the issue date (the office's today), the expiry from the validity rules, and the
/// ready date 4 of the office's working days on (weekends and the office's holidays skipped),
/// to be collected within 30 days of it. The application becomes `issued` and its holder is
/// told the ready date. A second request is refused: a passport is issued once.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours) instead of being refused as already issued")
    ),
    request_body = IssuanceRequest,
    responses(
        (status = 201, description = "Issued: the passport", body = PassportDto),
        (status = 400, description = "The body is not an empty JSON object, or the Idempotency-Key is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an officer or office admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not approved (the detail names its status: a second issuance finds it issued), or a request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The passport cannot be issued as things stand: the office has no e-passport books, no validity can be given (a dual-citizen child of 21), or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/issuance")]
pub async fn issue_passport(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let IssuanceRequest {} = parse_json(&request, &body)?;
    let work = issuance::issue(&state, &staff, id.into_inner())?;
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::created,
    )
    .await
}

/// Hands a ready passport over, recording who received it, what the officer checked, the
/// officer and the time: the `holder`; a `family_member` on the holder's family card (their
/// NIK and the family card number checked); or a `proxy` (their NIK and the power of
/// attorney's reference). The application becomes `collected` and its holder is told.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours)")
    ),
    request_body = HandOverRequest,
    responses(
        (status = 200, description = "Handed over: the passport, now collected", body = PassportDto),
        (status = 400, description = "A name or reference holds control characters, the body is malformed, or the Idempotency-Key is (each field named in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an officer or office admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The passport is not ready for collection (the detail names the application's status), or a request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or does not apply for this recipient, a NIK or family card number that cannot be one, the holder's own NIK for someone else or another's for the holder (each named in `errors`), or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/hand-over")]
pub async fn hand_over_passport(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: HandOverRequest = parse_json(&request, &body)?;
    let work = issuance::hand_over(&state, &staff, id.into_inner(), input)?;
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::ok,
    )
    .await
}
