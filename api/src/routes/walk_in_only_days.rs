//! Days an office serves walk-ins only: set and undone by the office's admin (under
//! `/office`) or a system admin (under `/admin/offices/{id}`), read by anyone (under
//! `/offices/{id}`). The reason comes in the language `Accept-Language` asks for and in both.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, put, web};
use paspor_app::auth::SystemAdmin;
use paspor_app::office::{OfficeAdmin, admin};
use paspor_app::state::AppState;
use paspor_openapi::{Problem, WalkInOnlyDayDto, WalkInOnlyDayList, WalkInOnlyDayRequest};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::Json;
use crate::language::{AcceptLanguage, json_in};

/// The answer to a day set: 201 when it became walk-in only (its booked applicants told),
/// 200 when only its reason changed.
fn answer(set: admin::SetDay, language: paspor_app::locale::Language) -> HttpResponse {
    let mut response = json_in(language, &set.day);
    if set.created {
        *response.status_mut() = StatusCode::CREATED;
    }
    response
}

/// The caller's office's walk-in-only days from today on (office admins).
#[utoipa::path(
    operation_id = "list_own_walk_in_only_days",
    tag = "office",
    security(("bearer" = [])),
    params(("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")),
    responses(
        (status = 200, description = "The days, in date order", body = WalkInOnlyDayList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/walk-in-only-days")]
pub async fn list_own_walk_in_only_days(
    state: web::Data<AppState>,
    AcceptLanguage(language): AcceptLanguage,
    Admitted(office_admin): Admitted<OfficeAdmin>,
) -> Result<HttpResponse, ApiError> {
    let office = office_admin.office().to_owned();
    let days = admin::list_walk_in_only_days(&state, office, language).await?;
    Ok(json_in(language, &days))
}

/// Makes a day (today or later) of the caller's office walk-in only, with the reason in
/// each language: none of its sessions can be booked in the app from now on, walk-ins are
/// registered as usual, and every applicant booked that day is told (once, whatever the
/// retries) that their booking stays valid as a walk-in or may be rescheduled. Setting a
/// day that is walk-in only already changes its reason only (200). Audited.
#[utoipa::path(
    operation_id = "set_own_walk_in_only_day",
    tag = "office",
    security(("bearer" = [])),
    params(
        ("date" = String, Path, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "The day, YYYY-MM-DD, in the office's calendar"),
        ("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")
    ),
    request_body = WalkInOnlyDayRequest,
    responses(
        (status = 200, description = "The day was walk-in only already: its reason changed", body = WalkInOnlyDayDto),
        (status = 201, description = "The day is walk-in only now; its booked applicants were told", body = WalkInOnlyDayDto),
        (status = 400, description = "The date is not a date, or a reason is empty, longer than 500 characters or holds control characters", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The day is a holiday of the office", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The date is in the past", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/walk-in-only-days/{date}")]
pub async fn set_own_walk_in_only_day(
    state: web::Data<AppState>,
    AcceptLanguage(language): AcceptLanguage,
    AdmittedWith(office_admin, Json(body)): AdmittedWith<OfficeAdmin, Json<WalkInOnlyDayRequest>>,
    date: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let set = admin::set_own_walk_in_only_day(&state, &office_admin, &date, body, language).await?;
    Ok(answer(set, language))
}

/// Undoes a walk-in-only day of the caller's office: its sessions can be booked in the app
/// again. Its booked applicants are not told again (their bookings were valid all along).
#[utoipa::path(
    operation_id = "remove_own_walk_in_only_day",
    tag = "office",
    security(("bearer" = [])),
    params(("date" = String, Path, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "The day, YYYY-MM-DD")),
    responses(
        (status = 204, description = "Undone"),
        (status = 400, description = "The date is not a date", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The day is not walk-in only", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/walk-in-only-days/{date}")]
pub async fn remove_own_walk_in_only_day(
    state: web::Data<AppState>,
    Admitted(office_admin): Admitted<OfficeAdmin>,
    date: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    admin::remove_own_walk_in_only_day(&state, &office_admin, &date).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Makes a day of any office walk-in only (system admins), as an office admin does for
/// their own office.
#[utoipa::path(
    operation_id = "set_walk_in_only_day",
    tag = "admin",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The office's id"),
        ("date" = String, Path, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "The day, YYYY-MM-DD, in the office's calendar"),
        ("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")
    ),
    request_body = WalkInOnlyDayRequest,
    responses(
        (status = 200, description = "The day was walk-in only already: its reason changed", body = WalkInOnlyDayDto),
        (status = 201, description = "The day is walk-in only now; its booked applicants were told", body = WalkInOnlyDayDto),
        (status = 400, description = "The date is not a date, or a reason is empty, longer than 500 characters or holds control characters", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The day is a holiday of the office", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The date is in the past", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/offices/{id}/walk-in-only-days/{date}")]
pub async fn set_walk_in_only_day(
    state: web::Data<AppState>,
    AcceptLanguage(language): AcceptLanguage,
    AdmittedWith(system_admin, Json(body)): AdmittedWith<SystemAdmin, Json<WalkInOnlyDayRequest>>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (office, date) = path.into_inner();
    let set =
        admin::set_walk_in_only_day(&state, &system_admin, office, &date, body, language).await?;
    Ok(answer(set, language))
}

/// Undoes a walk-in-only day of any office (system admins).
#[utoipa::path(
    operation_id = "remove_walk_in_only_day",
    tag = "admin",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The office's id"),
        ("date" = String, Path, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "The day, YYYY-MM-DD")
    ),
    responses(
        (status = 204, description = "Undone"),
        (status = 400, description = "The date is not a date", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office, or the day is not walk-in only", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/offices/{id}/walk-in-only-days/{date}")]
pub async fn remove_walk_in_only_day(
    state: web::Data<AppState>,
    Admitted(system_admin): Admitted<SystemAdmin>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (office, date) = path.into_inner();
    admin::remove_walk_in_only_day(&state, &system_admin, office, &date).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The office's walk-in-only days from today on, for anyone (the app shows them): on each,
/// the office cannot be booked in the app and serves walk-ins at the counter.
#[utoipa::path(
    operation_id = "list_walk_in_only_days",
    tag = "offices",
    params(
        ("id" = String, Path, description = "The office's id"),
        ("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")
    ),
    responses(
        (status = 200, description = "The days, in date order", body = WalkInOnlyDayList,
            headers(
                ("Content-Language" = String, description = "The language of each `reason`: `id` or `en`"),
                ("Vary" = String, description = "`Accept-Language`")
            )),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/walk-in-only-days")]
pub async fn list_walk_in_only_days(
    state: web::Data<AppState>,
    AcceptLanguage(language): AcceptLanguage,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let days = admin::list_walk_in_only_days(&state, id.into_inner(), language).await?;
    Ok(json_in(language, &days))
}
