//! Offices, nearest first, and the places their sessions have left (counted afresh or
//! taken from the availability cache).

use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use paspor_domain::GeoPoint;
use paspor_openapi::{
    AvailabilityDto, AvailabilityQuery, OfficeDto, OfficeListQuery, OfficePage, PageQuery,
    WalkInOnlyReasons,
};
use paspor_persistence::{committed_writes, offices, sessions, walk_in_only_days};

use crate::availability_cache::{AvailabilityKey, CachedAnswer, Lookup};
use crate::entity_tag::strong_tag;
use crate::locale::Message;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// Lists offices: nearest first when `lat` and `lng` are given, else by name.
pub async fn list_offices(
    state: &AppState,
    position: OfficeListQuery,
    paging: PageQuery,
) -> Result<OfficePage, Refusal> {
    let origin = match (position.lat, position.lng) {
        (Some(lat), Some(lng)) => Some(GeoPoint::new(lat, lng).map_err(|e| {
            let field = if matches!(e, paspor_domain::GeoPointError::LongitudeOutOfRange(_)) {
                "lng"
            } else {
                "lat"
            };
            Refusal::invalid_field(field, e)
        })?),
        (None, None) => None,
        (Some(_), None) => {
            return Err(Refusal::refused_field(
                "lng",
                Message::new("geo-lng-with-lat"),
            ));
        }
        (None, Some(_)) => {
            return Err(Refusal::refused_field(
                "lat",
                Message::new("geo-lat-with-lng"),
            ));
        }
    };
    let (page, per_page) = page_of(paging)?;

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
    Ok(OfficePage {
        items,
        page,
        per_page,
        total,
    })
}

/// One office.
pub async fn show_office(state: &AppState, id: String) -> Result<OfficeDto, Refusal> {
    let reference = state.reference.clone();
    let office = state
        .db
        .run(move |conn| reference.office(conn, &id))
        .await?
        .ok_or_else(|| Refusal::not_found("office"))?;
    Ok(OfficeDto::new(&office, None))
}

/// The office's sessions from `range.from` to `range.to` (at most
/// `AvailabilityQuery::MAX_DAYS`), as a JSON body with its entity tag: taken from the
/// cache while fresh, else counted.
pub async fn show_availability(
    state: &AppState,
    id: String,
    range: AvailabilityQuery,
) -> Result<Arc<CachedAnswer>, Refusal> {
    if range.to < range.from {
        return Err(Refusal::refused_field(
            "to",
            Message::new("range-to-before-from"),
        ));
    }
    let days = (range.to - range.from).num_days() + 1;
    if days > AvailabilityQuery::MAX_DAYS {
        return Err(Refusal::refused_field(
            "to",
            Message::new("range-days-too-many")
                .with("days", days)
                .with("max", AvailabilityQuery::MAX_DAYS),
        ));
    }
    let now = state.clock.now();
    let key = AvailabilityKey {
        office_id: id,
        from: range.from,
        to: range.to,
    };
    // Noted on arrival: an answer whose queries began after these commits is fresh for us.
    let writes = committed_writes();
    let cache = &state.availability;
    match cache.lookup(&key, now, writes) {
        Lookup::Fresh(cached) => {
            state.metrics.availability_answer(true);
            Ok(cached)
        }
        // One request counts again; meanwhile the others are answered as another process
        // would answer them.
        Lookup::Behind(cached) => match cache.try_turn(&key) {
            Some(_turn) => counted_in_turn(state, key, now, writes).await,
            None => {
                state.metrics.availability_answer(true);
                Ok(cached)
            }
        },
        Lookup::Missing => fresh_answer(state, key, now, writes).await,
    }
}

/// The answer for a request that found none that may be served: counted by the request
/// whose turn came before ours, or by us.
async fn fresh_answer(
    state: &AppState,
    key: AvailabilityKey,
    now: DateTime<Utc>,
    writes: u64,
) -> Result<Arc<CachedAnswer>, Refusal> {
    let _turn = state.availability.turn(&key).await;
    counted_in_turn(state, key, now, writes).await
}

/// The answer for `key`, for a request holding its turn: the one counted by the request
/// whose turn just ended, if fresh for us, else counted now and kept.
async fn counted_in_turn(
    state: &AppState,
    key: AvailabilityKey,
    now: DateTime<Utc>,
    writes: u64,
) -> Result<Arc<CachedAnswer>, Refusal> {
    if let Some(cached) = state.availability.get(&key, now, writes) {
        state.metrics.availability_answer(true);
        return Ok(cached);
    }
    state.metrics.availability_answer(false);
    let answer = Arc::new(count_availability(state, &key, now).await?);
    state.availability.put(key, Arc::clone(&answer));
    Ok(answer)
}

/// The answer for `key`, counted from the database at `now`.
async fn count_availability(
    state: &AppState,
    key: &AvailabilityKey,
    now: DateTime<Utc>,
) -> Result<CachedAnswer, Refusal> {
    // Noted before the queries: a write committed while they run makes the entry stale.
    let writes = committed_writes();
    let (id, from, to) = (key.office_id.clone(), key.from, key.to);
    let reference = state.reference.clone();
    // Apart from the bookings: a rush holding every pooled connection must not hold up the
    // count every client's read waits for.
    let (office, places, walk_in_only) = state
        .db
        .reads()
        .run(move |conn| {
            let Some(office) = reference.office(conn, &id)? else {
                return Ok::<_, Refusal>(None);
            };
            let places = sessions::availability(conn, &office.id, from, to, now)?;
            let walk_in_only = walk_in_only_days::between(conn, &office.id, from, to)?;
            Ok(Some((office, places, walk_in_only)))
        })
        .await?
        .ok_or_else(|| Refusal::not_found("office"))?;
    let walk_in_only: Vec<_> = walk_in_only
        .into_iter()
        .map(|day| {
            let reasons = WalkInOnlyReasons {
                id: day.reason_id,
                en: day.reason_en,
            };
            (day.date, reasons)
        })
        .collect();
    let next_release_at = office
        .release_rules
        .next_release_after(office.time_zone, now);
    let dto = AvailabilityDto::new(
        &office,
        from,
        to,
        &places,
        &walk_in_only,
        next_release_at,
        now,
    );
    let body = serde_json::to_vec(&dto).map_err(Refusal::internal)?;
    let etag = strong_tag(&body);
    Ok(CachedAnswer::new(
        Bytes::from(body),
        etag,
        writes,
        now,
        state.availability.ttl(),
        // The answer names the next release: it must not outlive it.
        places
            .iter()
            .flat_map(|place| {
                [
                    place.session.release_at,
                    place.session.starts_at(office.time_zone),
                ]
            })
            .chain(next_release_at),
    ))
}
