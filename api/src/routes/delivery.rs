//! Delivery of the passport by post (PT Pos Indonesia): the applicant chooses it (or goes
//! back to collection) under `/applications/{id}/delivery`, and an officer of the booked
//! office hands the ready passport to the courier with its tracking number under
//! `/office/applications/{id}/dispatch`.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use paspor_app::applications;
use paspor_app::auth::Applicant;
use paspor_app::office::OfficeStaff;
use paspor_app::office::issuance;
use paspor_app::state::AppState;
use paspor_openapi::{DeliveryDto, DeliveryRequest, DispatchRequest, PassportDto, Problem};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::{Json, parse_json};
use crate::idempotency::{self, Answer, KEY_OPTIONAL};

/// The delivery chosen for the application: the address, the fee and how it is paid, what
/// is due now, and its hand-over to the courier once sent.
#[utoipa::path(
    operation_id = "show_delivery",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The delivery", body = DeliveryDto),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account, or it has no delivery", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/delivery")]
pub async fn show_delivery(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<web::Json<DeliveryDto>, ApiError> {
    Ok(web::Json(
        applications::show_delivery(&state, &applicant, id.into_inner()).await?,
    ))
}

/// Chooses delivery of the passport by post to an address in Indonesia instead of
/// collection at the office (or changes the address), from the booking until the passport
/// is handed over: the office booked must deliver. Before payment the fee (tariff item
/// `postal_delivery`) is added to the amount due of the booking's billing code; after
/// payment it is paid to the courier on delivery. A change of address keeps the fee as
/// first chosen.
#[utoipa::path(
    operation_id = "choose_delivery",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    request_body = DeliveryRequest,
    responses(
        (status = 200, description = "The delivery chosen", body = DeliveryDto),
        (status = 400, description = "A field is missing, too long, holds control characters, or is not a phone number, one of the 38 provinces or a 5-digit postal code (each named in `errors`); nothing is stored", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not booked yet or its passport was handed over, the office does not deliver by post, or no fee is in force", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/{id}/delivery")]
pub async fn choose_delivery(
    state: web::Data<AppState>,
    AdmittedWith(applicant, Json(body)): AdmittedWith<Applicant, Json<DeliveryRequest>>,
    id: web::Path<String>,
) -> Result<web::Json<DeliveryDto>, ApiError> {
    Ok(web::Json(
        applications::choose_delivery(&state, &applicant, id.into_inner(), body).await?,
    ))
}

/// Goes back to collection at the office: before payment the fee comes off the amount
/// due; once it was paid with the application, this is refused.
#[utoipa::path(
    operation_id = "drop_delivery",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 204, description = "Collected at the office again"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account, or it has no delivery", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The delivery fee was paid, or the passport was handed over", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/{id}/delivery")]
pub async fn drop_delivery(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    applications::drop_delivery(&state, &applicant, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Hands the ready passport of an application whose applicant chose delivery by post to
/// the courier (`pos_indonesia`), with its tracking number: the passport and the
/// application become `collected`, the holder is told the tracking number, and the act is
/// audited (`passport.dispatch`). Once only: a second is refused by the status.
#[utoipa::path(
    operation_id = "dispatch_passport",
    tag = "office",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours)")
    ),
    request_body = DispatchRequest,
    responses(
        (status = 200, description = "Handed to the courier: the passport, now collected, with its dispatch", body = PassportDto),
        (status = 400, description = "The tracking number is not 6 to 40 letters, digits or dashes, the courier is unknown, or the body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an officer or office admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The passport is not ready (or was handed over already), or the applicant did not choose delivery", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/dispatch")]
pub async fn dispatch_passport(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: DispatchRequest = parse_json(&request, &body)?;
    let work = issuance::dispatch(&state, &staff, id.into_inner(), input)?;
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
