//! An office admin's dated sessions: listed with their capacities and the places held per
//! channel, and their capacities changed. A capacity never goes below the live bookings it
//! holds: the change takes the session's lock, the one bookings take to count and add a
//! place, so a booking and a lowering cannot interleave, on one process or many. The same
//! holds for a session's limits per passport kind.

use chrono::{DateTime, Utc};
use paspor_domain::quota::{Occupancy, SessionAvailability, check_capacity_change};
use paspor_domain::{Capacity, Channel, PassportKind};
use paspor_openapi::{
    AvailabilityQuery, OfficeSessionDto, OfficeSessionList, SessionCapacityPatch,
};
use paspor_persistence::{DbConnection, bookings, offices, sessions, write_transaction};

use super::AdminError;
use super::input::Fields;
use super::view::{CapacityState, session_dto};
use crate::audit::{self, Actor, Change};
use crate::locale::{Message, Text};
use crate::office::OfficeAdmin;
use crate::refusal::Refusal;
use crate::said::passport_kind;
use crate::state::AppState;

/// The office's open sessions from `from` to `to` (at most 62 days).
pub async fn list_sessions(
    state: &AppState,
    principal: &OfficeAdmin,
    range: AvailabilityQuery,
) -> Result<OfficeSessionList, Refusal> {
    let office_id = principal.office().to_owned();
    if range.to < range.from {
        return Err(Refusal::refused_field("to", "must not be before `from`"));
    }
    let days = (range.to - range.from).num_days() + 1;
    if days > AvailabilityQuery::MAX_DAYS {
        return Err(Refusal::refused_field(
            "to",
            format!(
                "is {days} days from `from`: at most {} days are answered at once",
                AvailabilityQuery::MAX_DAYS
            ),
        ));
    }
    let now = state.clock.now();
    let (office, places) = state
        .db
        .call(move |conn| {
            let office = offices::find(conn, &office_id)?
                .ok_or_else(|| anyhow::anyhow!("office {office_id} of a staff token is gone"))?;
            let places = sessions::availability(conn, &office.id, range.from, range.to, now)?;
            Ok::<_, AdminError>((office, places))
        })
        .await?;
    Ok(OfficeSessionList {
        office_id: office.id,
        time_zone: office.time_zone.into(),
        from: range.from,
        to: range.to,
        items: places.iter().map(|place| session_dto(place, now)).collect(),
    })
}

/// What a patch changes: channels with their new places, passport kinds with their new
/// limits (each checked against the bound).
struct Requested {
    channels: Vec<(Channel, u32)>,
    kinds: Vec<(PassportKind, u32)>,
}

/// The channels a patch changes, with their new places (checked against the bound).
fn requested(patch: &SessionCapacityPatch) -> Result<Requested, AdminError> {
    let mut fields = Fields::default();
    let changes: Vec<(Channel, u32)> = [
        (Channel::Regular, "capacity_regular", patch.capacity_regular),
        (
            Channel::SameDay,
            "capacity_same_day",
            patch.capacity_same_day,
        ),
        (
            Channel::Priority,
            "capacity_priority",
            patch.capacity_priority,
        ),
    ]
    .into_iter()
    .filter_map(|(channel, field, places)| Some((channel, fields.places(field, places?))))
    .collect();
    let kinds: Vec<(PassportKind, u32)> = [
        (
            PassportKind::Electronic,
            "kind_limit_electronic",
            patch.kind_limit_electronic,
        ),
        (
            PassportKind::NonElectronic,
            "kind_limit_non_electronic",
            patch.kind_limit_non_electronic,
        ),
    ]
    .into_iter()
    .filter_map(|(kind, field, limit)| Some((kind, fields.places(field, limit?))))
    .collect();
    fields.finish()?;
    Ok(Requested {
        channels: changes,
        kinds,
    })
}

/// Changes the capacities of one of the office's sessions.
pub async fn update_session(
    state: &AppState,
    principal: &OfficeAdmin,
    id: String,
    patch: SessionCapacityPatch,
) -> Result<OfficeSessionDto, Refusal> {
    let office_id = principal.office().to_owned();
    let changes = requested(&patch)?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let place = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                change_capacity(conn, &actor, &office_id, &id, &changes, now)
            })
        })
        .await?;
    Ok(session_dto(&place, now))
}

/// Inside a write transaction: the lock, the count, the check, the change and its record.
fn change_capacity(
    conn: &mut DbConnection,
    actor: &Actor,
    office_id: &str,
    id: &str,
    changes: &Requested,
    now: DateTime<Utc>,
) -> Result<SessionAvailability, AdminError> {
    let belongs = sessions::find(conn, id)?.is_some_and(|s| s.office_id == office_id);
    if !belongs {
        return Err(AdminError::NotFound("session"));
    }
    bookings::lock_session(conn, id)?;
    // Read again under the lock: another admin's change may have committed meanwhile.
    let mut session = sessions::find(conn, id)?
        .ok_or_else(|| anyhow::anyhow!("session {id} vanished under its lock"))?;
    if sessions::is_closed(conn, id)? {
        return Err(AdminError::Conflict(
            Message::new("session-holiday")
                .with("date", session.date.to_string())
                .into(),
        ));
    }
    let held = sessions::held(conn, id, now)?;
    let before = session.capacity;
    let mut after = before;
    // Only the channels changed are held to their bookings: one already over capacity
    // (it cannot happen through the API) does not block a change of another.
    let mut checked = Occupancy::default();
    for &(channel, places) in &changes.channels {
        set(&mut after, channel, places);
        checked.set(channel, held.of(channel));
    }
    check_capacity_change(&after, &checked).map_err(|refused| {
        AdminError::Conflict(
            Message::new("session-capacity-below-held")
                .with("reason", Text::Untranslated(refused.to_string()))
                .with("held", refused.held)
                .into(),
        )
    })?;
    // A kind's limit, like a channel's capacity, never goes below the bookings it holds.
    for &(kind, limit) in &changes.kinds {
        let held_of_kind = held.of_kind(kind);
        if limit < held_of_kind {
            return Err(AdminError::Conflict(
                Message::new("session-kind-limit-below-held")
                    .with("kind", passport_kind(kind))
                    .with("limit", limit)
                    .with("held", held_of_kind)
                    .into(),
            ));
        }
        set_kind(&mut after, kind, limit);
    }
    sessions::set_capacities(conn, id, &after)?;
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "session.update",
            object_type: "session",
            object_id: id,
            before: Some(&CapacityState::from(before)),
            after: Some(&CapacityState::from(after)),
        },
    )?;
    session.capacity = after;
    Ok(SessionAvailability { session, held })
}

fn set_kind(capacity: &mut Capacity, kind: PassportKind, limit: u32) {
    match kind {
        PassportKind::Electronic => capacity.by_kind.electronic = Some(limit),
        PassportKind::NonElectronic => capacity.by_kind.non_electronic = Some(limit),
    }
}

fn set(capacity: &mut Capacity, channel: Channel, places: u32) {
    match channel {
        Channel::Regular => capacity.regular = places,
        Channel::SameDay => capacity.same_day = places,
        Channel::Priority => capacity.priority = places,
    }
}
