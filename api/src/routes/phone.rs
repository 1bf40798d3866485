//! The caller's phone number as a WhatsApp recipient: send it a code, verify it with the
//! code, and opt in to (or withdraw from) WhatsApp notices.

use actix_web::{HttpResponse, post, put, web};
use paspor_app::accounts;
use paspor_app::auth::AccountHolder;
use paspor_app::state::AppState;
use paspor_openapi::{AcceptedDto, AccountDto, PhoneCodeRequest, Problem, WhatsAppConsentRequest};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::Json;
use crate::language::AcceptLanguage;

/// Sends a 6-digit code by WhatsApp to the caller's phone number, in the caller's
/// language; the code is valid for 10 minutes.
#[utoipa::path(
    operation_id = "send_phone_code",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A code is on its way to the phone number by WhatsApp", body = AcceptedDto),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account has no phone number, or it is verified already", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A code was sent less than a minute ago, or 5 this hour; `Retry-After` says when to ask again", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/phone/send-code")]
pub async fn send_phone_code(
    state: web::Data<AppState>,
    Admitted(holder): Admitted<AccountHolder>,
    AcceptLanguage(language): AcceptLanguage,
) -> Result<HttpResponse, ApiError> {
    accounts::send_phone_code(&state, &holder, language).await?;
    Ok(HttpResponse::Accepted().json(AcceptedDto {
        message: "a 6-digit code is on its way to your phone number by WhatsApp; it is valid \
                  for 10 minutes"
            .to_owned(),
    }))
}

/// Verifies the caller's phone number with the code sent to it. A code works 5 times
/// at most, and only for the number it was sent to.
#[utoipa::path(
    operation_id = "verify_phone",
    tag = "me",
    security(("bearer" = [])),
    request_body = PhoneCodeRequest,
    responses(
        (status = 200, description = "The phone number is verified; the account as it now is", body = AccountDto),
        (status = 400, description = "The code is not 6 digits", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is wrong, expired, used up, or was sent to another number", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/phone/verify")]
pub async fn verify_phone(
    state: web::Data<AppState>,
    AdmittedWith(holder, Json(request)): AdmittedWith<AccountHolder, Json<PhoneCodeRequest>>,
) -> Result<web::Json<AccountDto>, ApiError> {
    Ok(web::Json(
        accounts::verify_phone(&state, &holder, request).await?,
    ))
}

/// Opts in to notices by WhatsApp, or withdraws. The time of the opt-in is kept (and
/// shown as `whatsapp_opted_in_at`); notices go only to a verified phone number.
#[utoipa::path(
    operation_id = "set_whatsapp_consent",
    tag = "me",
    security(("bearer" = [])),
    request_body = WhatsAppConsentRequest,
    responses(
        (status = 200, description = "The choice is recorded; the account as it now is", body = AccountDto),
        (status = 400, description = "The body breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/whatsapp")]
pub async fn set_whatsapp_consent(
    state: web::Data<AppState>,
    AdmittedWith(holder, Json(request)): AdmittedWith<AccountHolder, Json<WhatsAppConsentRequest>>,
) -> Result<web::Json<AccountDto>, ApiError> {
    Ok(web::Json(
        accounts::set_whatsapp_consent(&state, &holder, request).await?,
    ))
}
