//! Offices, nearest first, and the places their sessions have left.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header::HeaderValue;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use paspor_domain::GeoPoint;
use paspor_openapi::{
    AvailabilityDto, AvailabilityQuery, OfficeDto, OfficeListQuery, OfficePage, PageQuery, Problem,
};
use paspor_persistence::{committed_writes, offices, sessions};

use crate::availability_cache::{AvailabilityKey, CachedAnswer};
use crate::error::ApiError;
use crate::etag::{json_or_not_modified, strong_tag};
use crate::extract::QueryParams;
use crate::state::AppState;

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
    let origin = match (position.lat, position.lng) {
        (Some(lat), Some(lng)) => Some(GeoPoint::new(lat, lng).map_err(|e| {
            let field = if matches!(e, paspor_domain::GeoPointError::LongitudeOutOfRange(_)) {
                "lng"
            } else {
                "lat"
            };
            ApiError::invalid_field(field, e.to_string())
        })?),
        (None, None) => None,
        (Some(_), None) => return Err(ApiError::refused_field("lng", "is required with `lat`")),
        (None, Some(_)) => return Err(ApiError::refused_field("lat", "is required with `lng`")),
    };
    let (page, per_page) = paging
        .resolve()
        .map_err(|field| ApiError::invalid_field(field, "is out of range"))?;

    let all = state.db.run(offices::list).await?;
    let mut ranked: Vec<(f64, OfficeDto)> = all
        .iter()
        .map(|office| {
            let distance = origin.as_ref().map(|point| office.distance_km(point));
            (distance.unwrap_or(0.0), OfficeDto::new(office, distance))
        })
        .collect();
    // Stable: equal distances (or no position) keep the name order from storage.
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total = ranked.len() as u64;
    let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let items = ranked
        .into_iter()
        .skip(skip)
        .take(per_page as usize)
        .map(|(_, office)| office)
        .collect();
    Ok(web::Json(OfficePage {
        items,
        page,
        per_page,
        total,
    }))
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
    let id = id.into_inner();
    let office = state
        .db
        .run(move |conn| offices::find(conn, &id))
        .await?
        .ok_or_else(|| ApiError::not_found("office"))?;
    Ok(web::Json(OfficeDto::new(&office, None)))
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
    if range.to < range.from {
        return Err(ApiError::refused_field("to", "must not be before `from`"));
    }
    let days = (range.to - range.from).num_days() + 1;
    if days > AvailabilityQuery::MAX_DAYS {
        return Err(ApiError::refused_field(
            "to",
            format!(
                "is {days} days from `from`: at most {} days are answered at once",
                AvailabilityQuery::MAX_DAYS
            ),
        ));
    }
    let now = state.clock.now();
    let key = AvailabilityKey {
        office_id: id.into_inner(),
        from: range.from,
        to: range.to,
    };
    // Noted on arrival: an answer whose queries began after these commits is fresh for us.
    let writes = committed_writes();
    let answer = match state.availability.get(&key, now, writes) {
        Some(cached) => {
            state.metrics.availability_answer(true);
            cached
        }
        None => fresh_answer(&state, key, now, writes).await?,
    };
    Ok(json_or_not_modified(
        &request,
        &answer.etag,
        answer.body.clone(),
        cache_control(state.availability.ttl()),
    ))
}

/// The answer for a request that found none fresh in the cache: counted by the request whose
/// turn came before ours, or by us.
async fn fresh_answer(
    state: &AppState,
    key: AvailabilityKey,
    now: DateTime<Utc>,
    writes: u64,
) -> Result<Arc<CachedAnswer>, ApiError> {
    let cache = &state.availability;
    let _turn = cache.turn(&key).await;
    if let Some(cached) = cache.get(&key, now, writes) {
        state.metrics.availability_answer(true);
        return Ok(cached);
    }
    state.metrics.availability_answer(false);
    let answer = Arc::new(count_availability(state, &key, now).await?);
    cache.put(key, Arc::clone(&answer));
    Ok(answer)
}

/// The answer for `key`, counted from the database at `now`.
async fn count_availability(
    state: &AppState,
    key: &AvailabilityKey,
    now: DateTime<Utc>,
) -> Result<CachedAnswer, ApiError> {
    // Noted before the queries: a write committed while they run makes the entry stale.
    let writes = committed_writes();
    let (id, from, to) = (key.office_id.clone(), key.from, key.to);
    let (office, places) = state
        .db
        .run(move |conn| {
            let Some(office) = offices::find(conn, &id)? else {
                return Ok::<_, ApiError>(None);
            };
            let places = sessions::availability(conn, &office.id, from, to, now)?;
            Ok(Some((office, places)))
        })
        .await?
        .ok_or_else(|| ApiError::not_found("office"))?;
    let dto = AvailabilityDto::new(&office.id, office.time_zone, from, to, &places, now);
    let body = serde_json::to_vec(&dto).map_err(ApiError::internal)?;
    let etag = strong_tag(&body);
    Ok(CachedAnswer::new(
        Bytes::from(body),
        etag,
        writes,
        now,
        state.availability.ttl(),
        places.iter().flat_map(|place| {
            [
                place.session.release_at,
                place.session.starts_at(office.time_zone),
            ]
        }),
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
