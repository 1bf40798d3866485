//! Offices, nearest first, and the places their sessions have left.

use std::time::Duration;

use actix_web::http::header::HeaderValue;
use actix_web::{HttpRequest, HttpResponse, get, web};
use paspor_app::offices;
use paspor_app::state::AppState;
use paspor_openapi::{
    AvailabilityDto, AvailabilityQuery, OfficeDto, OfficeListQuery, OfficePage, PageQuery, Problem,
};

use crate::error::ApiError;
use crate::etag::json_or_not_modified;
use crate::extract::QueryParams;

/// Lists offices: nearest first when `lat` and `lng` are given, else by name.
#[utoipa::path(
    operation_id = "list_offices",
    tag = "offices",
    params(OfficeListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of offices", body = OfficePage),
        (status = 400, description = "A parameter breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`lat` without `lng`, or `lng` without `lat`", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    QueryParams(position): QueryParams<OfficeListQuery>,
    QueryParams(paging): QueryParams<PageQuery>,
) -> Result<web::Json<OfficePage>, ApiError> {
    Ok(web::Json(
        offices::list_offices(&state, position, paging).await?,
    ))
}

/// One office.
#[utoipa::path(
    operation_id = "show_office",
    tag = "offices",
    params(("id" = String, Path, description = "The office's id")),
    responses(
        (status = 200, description = "The office", body = OfficeDto),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<OfficeDto>, ApiError> {
    Ok(web::Json(
        offices::show_office(&state, id.into_inner()).await?,
    ))
}

/// The office's sessions from `from` to `to` (at most 62 days), with the capacity and
/// the places left per channel, whether each is released yet and whether it can be booked
/// now (released, not begun, a place left). The answer may be up to `max-age` seconds old
/// (see `Cache-Control`; a day is never shown unreleased past its release time, nor a
/// session bookable once it has begun); booking always counts the places afresh. Send the
/// `ETag` back in `If-None-Match` to get a 304 while nothing changed.
#[utoipa::path(
    operation_id = "show_availability",
    tag = "offices",
    params(
        ("id" = String, Path, description = "The office's id"),
        AvailabilityQuery,
        ("If-None-Match" = Option<String>, Header, description = "The ETag of the copy the client holds")
    ),
    responses(
        (status = 200, description = "Sessions and places per date", body = AvailabilityDto,
            headers(
                ("ETag" = String, description = "Changes whenever the body would"),
                ("Cache-Control" = String, description = "`public, max-age=N`: how many seconds the answer may be reused (`no-cache` when the server keeps none)")
            )),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "A parameter is missing or breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`, or the range is longer than 62 days", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/availability")]
pub async fn availability(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<String>,
    QueryParams(range): QueryParams<AvailabilityQuery>,
) -> Result<HttpResponse, ApiError> {
    let answer = offices::show_availability(&state, id.into_inner(), range).await?;
    Ok(json_or_not_modified(
        &request,
        &answer.etag,
        answer.body.clone(),
        cache_control(state.availability.ttl()),
    ))
}

/// What shared caches and the app may do with an answer: reuse it as long as this server
/// would (whole seconds), or revalidate each time.
fn cache_control(ttl: Duration) -> HeaderValue {
    match ttl.as_secs() {
        0 => HeaderValue::from_static("public, no-cache"),
        seconds => HeaderValue::from_str(&format!("public, max-age={seconds}"))
            .unwrap_or_else(|_| HeaderValue::from_static("public, no-cache")),
    }
}
