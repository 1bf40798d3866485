//! The signed-in caller's own account.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use paspor_app::auth::AccountHolder;
use paspor_openapi::{AccountDto, AccountPatch, PasswordChangeRequest, Problem};

use crate::auth::{Admitted, AdmittedWith, client_address};
use crate::error::ApiError;
use crate::extract::Json;
use paspor_app::accounts;
use paspor_app::state::AppState;

/// The caller's account.
#[utoipa::path(
    operation_id = "show_me",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = AccountDto),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn show(
    state: web::Data<AppState>,
    Admitted(holder): Admitted<AccountHolder>,
) -> Result<web::Json<AccountDto>, ApiError> {
    Ok(web::Json(accounts::own_account(&state, &holder).await?))
}

/// Changes the caller's name or phone number.
#[utoipa::path(
    operation_id = "update_me",
    tag = "me",
    security(("bearer" = [])),
    request_body = AccountPatch,
    responses(
        (status = 200, description = "The account as changed", body = AccountDto),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or the account is closed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("")]
pub async fn update(
    state: web::Data<AppState>,
    AdmittedWith(holder, Json(patch)): AdmittedWith<AccountHolder, Json<AccountPatch>>,
) -> Result<web::Json<AccountDto>, ApiError> {
    Ok(web::Json(
        accounts::update_own_account(&state, &holder, patch).await?,
    ))
}

/// Closes the caller's account: sessions end, sign-in is disabled, and what no law obliges
/// immigration to keep is erased at once — the account's data, devices and notices, and
/// the people and applications never decided, with their documents. A decided application,
/// its passport and the holder's identity, payments (tied to no one) and the audit trail
/// are kept for their retention period, then erased (`docs/PRIVACY.md`).
#[utoipa::path(
    operation_id = "close_account",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The account is closed"),
        (status = 401, description = "No valid access token, or the account is closed already", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account cannot be closed now (e.g. an application is in progress)", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("")]
pub async fn close(
    state: web::Data<AppState>,
    Admitted(holder): Admitted<AccountHolder>,
) -> Result<HttpResponse, ApiError> {
    accounts::close_account(&state, &holder).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Changes the caller's password; every other session is signed out.
#[utoipa::path(
    operation_id = "change_password",
    tag = "me",
    security(("bearer" = [])),
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "The password is changed"),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong, or the new one is a common one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integrator token: integrators have no account", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address, or the account is locked", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached right now, or the password checks queued ahead would keep this one waiting longer than allowed (a storm of sign-ins); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("")]
pub async fn change_password(
    state: web::Data<AppState>,
    AdmittedWith(holder, Json(change)): AdmittedWith<AccountHolder, Json<PasswordChangeRequest>>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&request);
    accounts::change_password(&state, &holder, change, address).await?;
    Ok(HttpResponse::NoContent().finish())
}
