//! The caller's devices: the phones push notices about their applications go to.

use actix_web::{HttpRequest, HttpResponse, delete, post, web};
use paspor_app::auth::AccountHolder;
use paspor_openapi::{DeviceDto, DeviceRequest, Problem};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::parse_json;
use crate::idempotency::{self, Answer, KEY_OPTIONAL};
use paspor_app::devices;
use paspor_app::state::AppState;

/// Registers the phone the app runs on for push notices, with the token its push service
/// (FCM or APNs) gave the app. Registering the same token again renews it (no duplicate);
/// a token another account registered moves to the caller. An account keeps at most 10
/// devices: registering an 11th drops the one registered longest ago.
#[utoipa::path(
    operation_id = "register_device",
    tag = "me",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional (registering is idempotent by token): 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours)")),
    request_body = DeviceRequest,
    responses(
        (status = 201, description = "Registered: the device, new to this account", body = DeviceDto,
            headers(("Location" = String, description = "The device's address, for removing it"))),
        (status = 200, description = "Renewed: this account had registered the token before", body = DeviceDto),
        (status = 400, description = "A field is invalid (e.g. an empty or too long token, an unknown platform)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/devices")]
pub async fn register_device(
    state: web::Data<AppState>,
    AdmittedWith(holder, body): AdmittedWith<AccountHolder, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let input: DeviceRequest = parse_json(&request, &body)?;
    let work = devices::register_device(&state, &holder, input)?;
    idempotency::write(
        &state,
        &holder,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        |registered| {
            if registered.created {
                Answer::created(&registered.device)
                    .at(format!("/v1/me/devices/{}", registered.device.id))
            } else {
                Answer::ok(&registered.device)
            }
        },
    )
    .await
}

/// Removes one of the caller's devices: no more push notices go to it (e.g. on sign-out).
#[utoipa::path(
    operation_id = "remove_device",
    tag = "me",
    security(("bearer" = [])),
    params(("token_id" = String, Path, description = "The device's id, as registering answered it")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no device with this id", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/devices/{token_id}")]
pub async fn remove_device(
    state: web::Data<AppState>,
    Admitted(holder): Admitted<AccountHolder>,
    token_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    devices::remove_device(&state, &holder, token_id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
