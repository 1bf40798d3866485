//! Registration, email verification, sign-in, session renewal, sign-out and password
//! resets. Every route here is rate-limited per client address.

use actix_web::{HttpRequest, HttpResponse, post, web};
use paspor_openapi::{
    AcceptedDto, EmailRequest, LoginRequest, PasswordResetConfirmRequest, Problem, RefreshRequest,
    RegisterRequest, TokenPairDto, VerifyEmailRequest,
};

use crate::auth::client_address;
use crate::error::ApiError;
use crate::extract::Json;
use crate::language::AcceptLanguage;
use crate::security_headers::no_store;
use paspor_app::accounts::{self, SessionTokens};
use paspor_app::state::AppState;

const CODE_SENT: &str =
    "if the address can receive it, a 6-digit code is on its way; it is valid for 10 minutes";

fn accepted(message: &str) -> HttpResponse {
    HttpResponse::Accepted().json(AcceptedDto {
        message: message.to_owned(),
    })
}

/// A token pair, never to be kept by a cache.
fn token_pair(tokens: SessionTokens) -> HttpResponse {
    no_store(HttpResponse::Ok().json(TokenPairDto {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        token_type: "Bearer".to_owned(),
        expires_in: tokens.expires_in,
    }))
}

/// Registers an applicant account and emails a verification code. An address that
/// already has an account gets the same answer (its owner is told by email instead).
#[utoipa::path(
    operation_id = "register",
    tag = "auth",
    request_body = RegisterRequest,
    params(
        ("Accept-Language" = Option<String>, Header, description = "The language the account's emails, push notices and reminders are written in, this verification code first: `en` for English; Bahasa Indonesia (`id`) otherwise, whatever else it names. Changed later with `PATCH /v1/me`")
    ),
    responses(
        (status = 202, description = "Registered, or the address was taken: the answer is the same", body = AcceptedDto),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is one of the most common ones", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached right now, or the password checks queued ahead would keep this one waiting longer than allowed (a storm of sign-ins); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/register")]
pub async fn register(
    state: web::Data<AppState>,
    language: AcceptLanguage,
    body: Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::register(&state, body.into_inner(), language.0).await?;
    Ok(accepted(CODE_SENT))
}

/// Verifies the account's email address with the emailed code (5 tries, 10 minutes).
#[utoipa::path(
    operation_id = "verify_email",
    tag = "auth",
    request_body = VerifyEmailRequest,
    responses(
        (status = 204, description = "The address is verified: sign in"),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is wrong, expired or used up", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/verify-email")]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: Json<VerifyEmailRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::verify_email(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a new verification code (at most one a minute and five an hour per account).
#[utoipa::path(
    operation_id = "resend_code",
    tag = "auth",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "A code is sent if the address has an unverified account and the limits allow", body = AcceptedDto),
        (status = 400, description = "The email is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/resend-code")]
pub async fn resend_code(
    state: web::Data<AppState>,
    body: Json<EmailRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::resend_verification_code(&state, body.into_inner()).await?;
    Ok(accepted(CODE_SENT))
}

/// Signs in: an access token (15 minutes) and a refresh token (30 days, one use).
#[utoipa::path(
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPairDto,
            headers(("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret"))),
        (status = 400, description = "The email is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The email or password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The email address is not verified yet", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address, or too many failed sign-ins from it for this email address (from every address together, for an address that never signed in to the account); `Retry-After` says when to try again. Answered alike whether or not the email address has an account", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached right now, or the password checks queued ahead would keep this one waiting longer than allowed (a storm of sign-ins); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&request);
    Ok(token_pair(
        accounts::login(&state, body.into_inner(), address).await?,
    ))
}

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting a
/// spent one again signs the whole session out.
#[utoipa::path(
    operation_id = "refresh_tokens",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = TokenPairDto,
            headers(("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret"))),
        (status = 401, description = "The refresh token is unknown, expired, revoked or already used", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(token_pair(
        accounts::refresh(&state, body.into_inner()).await?,
    ))
}

/// Signs out the session of this refresh token (all its tokens stop working).
#[utoipa::path(
    operation_id = "logout",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out (also when the token was unknown)"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::logout(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Emails a password reset code to the account with this address, if any.
#[utoipa::path(
    operation_id = "request_password_reset",
    tag = "auth",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "A code is sent if the address has an account and the limits allow", body = AcceptedDto),
        (status = 400, description = "The email is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/password-reset")]
pub async fn password_reset(
    state: web::Data<AppState>,
    body: Json<EmailRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::request_password_reset(&state, body.into_inner()).await?;
    Ok(accepted(CODE_SENT))
}

/// Sets a new password with the emailed reset code; every session is signed out.
#[utoipa::path(
    operation_id = "confirm_password_reset",
    tag = "auth",
    request_body = PasswordResetConfirmRequest,
    responses(
        (status = 204, description = "The password is changed: sign in with it"),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is wrong, expired or used up, or the new password is a common one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached right now, or the password checks queued ahead would keep this one waiting longer than allowed (a storm of sign-ins); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/password-reset/confirm")]
pub async fn password_reset_confirm(
    state: web::Data<AppState>,
    body: Json<PasswordResetConfirmRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::confirm_password_reset(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
