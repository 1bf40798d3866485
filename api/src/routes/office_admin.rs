//! Office administration by an office admin, for their own office (the one in their token):
//! dated sessions and their capacities, weekly session templates, settings (e-passport
//! books, priority policy, release rule) and holidays. Officers and applicants are refused
//! (403); a session of another office is answered 404.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use paspor_openapi::{
    AvailabilityQuery, HolidayDto, HolidayList, HolidayQuery, OfficeSessionDto, OfficeSessionList,
    OfficeSettingsDto, OfficeSettingsPatch, Problem, SessionCapacityPatch, SessionTemplateList,
};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::{Json, QueryParams, parse_json};
use crate::idempotency::{self, Answer, KEY_OPTIONAL};
use paspor_app::office::{OfficeAdmin, admin};
use paspor_app::state::AppState;

/// The office's sessions from `from` to `to` (at most 62 days), with their capacities, the
/// places held per channel (counted as availability counts them) and their release time.
/// Days closed for a holiday have none.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(AvailabilityQuery),
    responses(
        (status = 200, description = "The office's sessions", body = OfficeSessionList),
        (status = 400, description = "A date is missing or not a date", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`, or the range is longer than 62 days", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/sessions")]
pub async fn list_office_sessions(
    state: web::Data<AppState>,
    AdmittedWith(office_admin, QueryParams(range)): AdmittedWith<
        OfficeAdmin,
        QueryParams<AvailabilityQuery>,
    >,
) -> Result<web::Json<OfficeSessionList>, ApiError> {
    Ok(web::Json(
        admin::list_sessions(&state, &office_admin, range).await?,
    ))
}

/// Changes a session's capacity per channel (any subset, 0 to 10000 each). A channel never
/// goes below the live bookings it holds: that is refused (409) naming the channel and the
/// count, and a capacity exactly at that count is accepted. Concurrent bookings and changes
/// take turns on the session, so the count is exact.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The session's id")),
    request_body = SessionCapacityPatch,
    responses(
        (status = 200, description = "The session with its new capacities", body = OfficeSessionDto),
        (status = 400, description = "A capacity is out of range, or the body is not such a change", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A capacity would go below the bookings held, or the session is closed for a holiday", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/sessions/{id}")]
pub async fn update_office_session(
    state: web::Data<AppState>,
    AdmittedWith(office_admin, Json(patch)): AdmittedWith<OfficeAdmin, Json<SessionCapacityPatch>>,
    id: web::Path<String>,
) -> Result<web::Json<OfficeSessionDto>, ApiError> {
    Ok(web::Json(
        admin::update_session(&state, &office_admin, id.into_inner(), patch).await?,
    ))
}

/// The office's weekly session templates, from which its dated sessions are made.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The weekly templates", body = SessionTemplateList),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/session-templates")]
pub async fn show_office_session_templates(
    state: web::Data<AppState>,
    Admitted(office_admin): Admitted<OfficeAdmin>,
) -> Result<web::Json<SessionTemplateList>, ApiError> {
    Ok(web::Json(
        admin::show_templates(&state, &office_admin).await?,
    ))
}

/// Replaces the office's weekly session templates. Each session starts before it ends,
/// lies within the opening hours, and overlaps no other of its weekday. The templates
/// apply to the dates whose sessions are created from now on: sessions that already exist
/// keep their times and capacities (change those with `PATCH /v1/office/sessions/{id}`).
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = SessionTemplateList,
    responses(
        (status = 200, description = "The templates as stored", body = SessionTemplateList),
        (status = 400, description = "A template breaks the schema (each problem is named by its position)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Templates overlap, lie outside the opening hours, or end before they start (each named by its position)", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/session-templates")]
pub async fn replace_office_session_templates(
    state: web::Data<AppState>,
    AdmittedWith(office_admin, Json(list)): AdmittedWith<OfficeAdmin, Json<SessionTemplateList>>,
) -> Result<web::Json<SessionTemplateList>, ApiError> {
    Ok(web::Json(
        admin::replace_templates(&state, &office_admin, list).await?,
    ))
}

/// The office's settings: e-passport books, priority policy and quota release rule.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = OfficeSettingsDto),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/settings")]
pub async fn show_office_settings(
    state: web::Data<AppState>,
    Admitted(office_admin): Admitted<OfficeAdmin>,
) -> Result<web::Json<OfficeSettingsDto>, ApiError> {
    Ok(web::Json(
        admin::show_settings(&state, &office_admin).await?,
    ))
}

/// Changes any of the office's settings. Without e-passport books an electronic passport
/// cannot be booked at the office. A new release rule moves the release time of every
/// session not yet released; sessions already released stay released.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = OfficeSettingsPatch,
    responses(
        (status = 200, description = "The settings as they now stand", body = OfficeSettingsDto),
        (status = 400, description = "A setting is invalid (e.g. a monthly day past 28, an elderly age under 50)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The release rules leave a day of the month out or release one twice, or both `release_rule` and `release_rules` were given", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/settings")]
pub async fn update_office_settings(
    state: web::Data<AppState>,
    AdmittedWith(office_admin, Json(patch)): AdmittedWith<OfficeAdmin, Json<OfficeSettingsPatch>>,
) -> Result<web::Json<OfficeSettingsDto>, ApiError> {
    Ok(web::Json(
        admin::update_settings(&state, &office_admin, patch).await?,
    ))
}

/// The office's holidays of one year, in date order.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(HolidayQuery),
    responses(
        (status = 200, description = "The holidays", body = HolidayList),
        (status = 400, description = "The year is missing or out of range", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/holidays")]
pub async fn list_office_holidays(
    state: web::Data<AppState>,
    AdmittedWith(office_admin, QueryParams(query)): AdmittedWith<
        OfficeAdmin,
        QueryParams<HolidayQuery>,
    >,
) -> Result<web::Json<HolidayList>, ApiError> {
    Ok(web::Json(
        admin::list_holidays(&state, &office_admin, query.year).await?,
    ))
}

/// Declares a holiday (today or later): that date's sessions close, so nothing can be
/// booked on it. Refused while the date's sessions hold bookings (the answer says how
/// many). An `Idempotency-Key` is optional: a retry with the same key replays the answer.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours)")),
    request_body = HolidayDto,
    responses(
        (status = 201, description = "The holiday", body = HolidayDto,
            headers(("Location" = String, description = "The holiday's address"))),
        (status = 400, description = "The name is empty, or the body is not a holiday", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The date is a holiday already, its sessions hold bookings, or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The date is in the past, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/holidays")]
pub async fn create_office_holiday(
    state: web::Data<AppState>,
    AdmittedWith(office_admin, body): AdmittedWith<OfficeAdmin, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let input: HolidayDto = parse_json(&request, &body)?;
    let work = admin::create_holiday(&state, &office_admin, input)?;
    idempotency::write(
        &state,
        &office_admin,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        |holiday| Answer::created(holiday).at(format!("/v1/office/holidays/{}", holiday.date)),
    )
    .await
}

/// Removes a holiday: the date's sessions reopen, and any the weekly templates call for
/// are created.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(("date" = String, Path, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "The holiday's date, YYYY-MM-DD")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "The date is not a date", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The office has no holiday on that date", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/holidays/{date}")]
pub async fn delete_office_holiday(
    state: web::Data<AppState>,
    Admitted(office_admin): Admitted<OfficeAdmin>,
    date: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    admin::delete_holiday(&state, &office_admin, &date).await?;
    Ok(HttpResponse::NoContent().finish())
}
