//! Integrators' routes: system admins register, list and revoke clients; clients get
//! access tokens at the OAuth 2.0 token endpoint and read an application's status.
//! Webhook subscriptions are in `routes::webhooks`.

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, delete, get, post, web};
use paspor_app::auth::SystemAdmin;
use paspor_openapi::{
    IntegratorApplicationDto, IntegratorCreateRequest, IntegratorCreatedDto, IntegratorPage,
    OAuthProblem, PageQuery, Problem, TokenDto, TokenRequest,
};

use crate::auth::{Admitted, AdmittedWith, Bearer};
use crate::error::ApiError;
use crate::extract::{Json, QueryParams};
use crate::oauth::GrantProblem;
use crate::security_headers::no_store;
use paspor_app::integrators;
use paspor_app::state::AppState;

/// Registers an integrator client with its scopes (system admins only). The answer holds
/// the client secret, shown this once and stored only as a hash. No `Idempotency-Key`:
/// a stored answer would keep the secret; a retry is refused (409) by the name instead.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = IntegratorCreateRequest,
    responses(
        (status = 201, description = "The client, with its secret (shown once)", body = IntegratorCreatedDto,
            headers(("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret"))),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An active client has this name", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/integrators")]
pub async fn create_integrator_client(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(body)): AdmittedWith<
        SystemAdmin,
        Json<IntegratorCreateRequest>,
    >,
) -> Result<HttpResponse, ApiError> {
    let created = integrators::create_client(&state, &system_admin, body).await?;
    Ok(no_store(HttpResponse::Created().json(created)))
}

/// Integrator clients, oldest first, revoked ones included (system admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of clients", body = IntegratorPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/integrators")]
pub async fn list_integrator_clients(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, QueryParams(paging)): AdmittedWith<
        SystemAdmin,
        QueryParams<PageQuery>,
    >,
) -> Result<web::Json<IntegratorPage>, ApiError> {
    Ok(web::Json(
        integrators::list_clients(&state, &system_admin, paging).await?,
    ))
}

/// Revokes an integrator client (system admins only): its access tokens stop working at
/// once, its webhook subscriptions are deleted and their undelivered deliveries
/// cancelled. Revoking a revoked client changes nothing.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The client id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/integrators/{id}")]
pub async fn revoke_integrator_client(
    state: web::Data<AppState>,
    Admitted(system_admin): Admitted<SystemAdmin>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    integrators::revoke_client(&state, &system_admin, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The token endpoint (RFC 6749 §4.4): `grant_type=client_credentials`, the client
/// authenticated with HTTP Basic or with `client_id` and `client_secret` in the form, and
/// optionally the scopes wanted. Refusals carry RFC 6749 §5.2's `error` and
/// `error_description` members inside an `application/problem+json` body. Rate-limited
/// per client address like the sign-in endpoints.
#[utoipa::path(
    tag = "integrators",
    security((), ("client_basic" = [])),
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "An access token for the scopes granted", body = TokenDto,
            headers(("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret"))),
        (status = 400, description = "`invalid_request` (a parameter missing, repeated or malformed; not form-encoded), `unsupported_grant_type`, or `invalid_scope` (unknown, or not granted to the client)", body = OAuthProblem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_client`: unknown or revoked client, wrong secret, or no client authentication (`WWW-Authenticate: Basic`)", body = OAuthProblem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/token")]
pub async fn issue_integrator_token(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, GrantProblem> {
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or_default());
    let form_encoded = request
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|mime| mime.essence_str() == "application/x-www-form-urlencoded");
    let token = integrators::grant_token(&state, authorization, form_encoded, &body).await?;
    // `Pragma` too, as RFC 6749 §5.1 asks of the token endpoint.
    Ok(no_store(
        HttpResponse::Ok()
            .insert_header((header::PRAGMA, "no-cache"))
            .json(token),
    ))
}

/// An application's status and the statuses it went through (scope `applications:read`):
/// nothing about the person.
#[utoipa::path(
    tag = "integrators",
    security(("integrator" = ["applications:read"])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The application's status and history", body = IntegratorApplicationDto),
        (status = 401, description = "No valid access token, or its client has been revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an integrator token, or it lacks the scope `applications:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/applications/{id}")]
pub async fn show_integrator_application(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<web::Json<IntegratorApplicationDto>, ApiError> {
    Ok(web::Json(
        integrators::application_status(&state, &principal, id.into_inner()).await?,
    ))
}
