//! What anyone may read without signing in: the service's status (set by system admins)
//! and where an application stands, by its number and the applicant's date of birth.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use paspor_app::auth::SystemAdmin;
use paspor_app::state::AppState;
use paspor_app::{service_status, tracking};
use paspor_openapi::{
    Problem, ServiceStatusDto, ServiceStatusRequest, TrackingDto, TrackingRequest,
};

use crate::auth::{AdmittedWith, client_address};
use crate::error::ApiError;
use crate::extract::Json;
use crate::language::{AcceptLanguage, json_in};
use crate::security_headers::no_store;

/// The service's status, for the app to show on every screen, signed in or not: `normal`,
/// `degraded` or `maintenance`, the system admins' message in the language
/// `Accept-Language` asks for (Bahasa Indonesia unless `en`) and in both, and since when.
/// Every api process answers the same: the status is kept in the database.
#[utoipa::path(
    operation_id = "show_service_status",
    tag = "status",
    params(("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")),
    responses(
        (status = 200, description = "The status", body = ServiceStatusDto,
            headers(
                ("Content-Language" = String, description = "The language of `message`: `id` or `en`"),
                ("Vary" = String, description = "`Accept-Language`")
            ))
    )
)]
#[get("/status")]
pub async fn show_service_status(
    state: web::Data<AppState>,
    AcceptLanguage(language): AcceptLanguage,
) -> Result<HttpResponse, ApiError> {
    let status = service_status::show_status(&state, language).await?;
    Ok(json_in(language, &status))
}

/// Sets the service's status and its message in each language (system admins only); every
/// api process answers it from the next request. Recorded in the audit trail as
/// `service_status.update`.
#[utoipa::path(
    operation_id = "set_service_status",
    tag = "admin",
    security(("bearer" = [])),
    request_body = ServiceStatusRequest,
    params(("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")),
    responses(
        (status = 200, description = "The status now in force", body = ServiceStatusDto,
            headers(
                ("Content-Language" = String, description = "The language of `message`: `id` or `en`"),
                ("Vary" = String, description = "`Accept-Language`")
            )),
        (status = 400, description = "A field is missing, unknown, or a message is longer than 500 characters or holds control characters", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/status")]
pub async fn set_service_status(
    state: web::Data<AppState>,
    AcceptLanguage(language): AcceptLanguage,
    AdmittedWith(system_admin, Json(body)): AdmittedWith<SystemAdmin, Json<ServiceStatusRequest>>,
) -> Result<HttpResponse, ApiError> {
    let status = service_status::set_status(&state, &system_admin, body, language).await?;
    Ok(json_in(language, &status))
}

/// Where an application stands, without signing in: its number (the application's id) and
/// the applicant's date of birth give its status and next step in the language
/// `Accept-Language` asks for, and nothing personal. A POST, so that the date of birth is
/// in no URL or access log. An unknown number and a wrong date of birth are the same 404.
/// Limited per client address and per application number (whatever the address), every
/// request counted, found or not.
#[utoipa::path(
    operation_id = "track_application",
    tag = "status",
    request_body = TrackingRequest,
    params(("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")),
    responses(
        (status = 200, description = "The application's status and next step", body = TrackingDto,
            headers(
                ("Content-Language" = String, description = "The language of the texts: `id` or `en`"),
                ("Vary" = String, description = "`Accept-Language`"),
                ("Cache-Control" = String, description = "Always `no-store`")
            )),
        (status = 400, description = "A field is missing or breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No application has this number and date of birth (the same answer for an unknown number and a wrong date)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address, or for this application number from all addresses together; `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = String, description = "Seconds to wait")))
    )
)]
#[post("/tracking")]
pub async fn track_application(
    state: web::Data<AppState>,
    request: HttpRequest,
    AcceptLanguage(language): AcceptLanguage,
    body: Json<TrackingRequest>,
) -> Result<HttpResponse, ApiError> {
    let address = client_address(&request);
    let tracked = tracking::track(&state, &address, body.into_inner(), language).await?;
    Ok(no_store(json_in(language, &tracked)))
}
