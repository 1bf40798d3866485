//! Offices, nearest first, and the places their sessions have left.

use actix_web::{get, web};
use paspor_domain::GeoPoint;
use paspor_openapi::{
    AvailabilityDto, AvailabilityQuery, OfficeDto, OfficeListQuery, OfficePage, PageQuery, Problem,
};
use paspor_persistence::{offices, sessions};

use crate::error::ApiError;
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
#[get("/offices")]
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
#[get("/offices/{id}")]
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
/// the places left per channel, and whether each is released for booking yet.
#[utoipa::path(
    operation_id = "show_availability",
    tag = "offices",
    params(("id" = String, Path, description = "The office's id"), AvailabilityQuery),
    responses(
        (status = 200, description = "Sessions and places per date", body = AvailabilityDto),
        (status = 400, description = "A parameter is missing or breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`, or the range is longer than 62 days", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/offices/{id}/availability")]
pub async fn availability(
    state: web::Data<AppState>,
    id: web::Path<String>,
    QueryParams(range): QueryParams<AvailabilityQuery>,
) -> Result<web::Json<AvailabilityDto>, ApiError> {
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
    let id = id.into_inner();
    let (office, places) = state
        .db
        .run(move |conn| {
            let Some(office) = offices::find(conn, &id)? else {
                return Ok::<_, ApiError>(None);
            };
            let places = sessions::availability(conn, &office.id, range.from, range.to, now)?;
            Ok(Some((office, places)))
        })
        .await?
        .ok_or_else(|| ApiError::not_found("office"))?;
    Ok(web::Json(AvailabilityDto::new(
        &office.id,
        office.time_zone,
        range.from,
        range.to,
        &places,
        now,
    )))
}
