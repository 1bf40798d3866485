//! Offices as a system admin manages them: created with their policies and weekly sessions
//! (whose dated sessions are created at once, so the office can be booked when its quota
//! is released), and changed field by field.

use chrono::{DateTime, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::validate_week;
use paspor_domain::{GeoPoint, GeoPointError, PriorityPolicy, ReleaseRules};
use paspor_openapi::{OfficeCreateRequest, OfficeDto, OfficePatch};
use paspor_persistence::{DbConnection, new_id, offices, sessions, write_transaction};

use super::AdminError;
use super::input::Fields;
use super::view::changed_fields;
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::Message;
use crate::refusal::Refusal;
use crate::startup::extend_office_sessions;
use crate::state::AppState;
use crate::write::Write;

/// A position, with the out-of-range coordinate named.
fn position(fields: &mut Fields, latitude: f64, longitude: f64) -> Option<GeoPoint> {
    match GeoPoint::new(latitude, longitude) {
        Ok(point) => Some(point),
        Err(error) => {
            let field = match error {
                GeoPointError::LongitudeOutOfRange(_) => "longitude",
                _ => "latitude",
            };
            fields.invalid(field, error.to_string());
            None
        }
    }
}

/// Creates an office (system admins); returns it as `GET /v1/offices/{id}` shows it.
pub fn create_office(
    state: &AppState,
    principal: &SystemAdmin,
    request: OfficeCreateRequest,
) -> Result<Write<OfficeDto, AdminError>, Refusal> {
    let id = new_id();
    let mut fields = Fields::default();
    let name = fields.text("name", &request.name);
    let class = fields.text("class", &request.class);
    let address = fields.text("address", &request.address);
    let city = fields.text("city", &request.city);
    let province = fields.text("province", &request.province);
    let position = position(&mut fields, request.latitude, request.longitude);
    let hours = fields.opening_hours("opening_hours", &request.opening_hours);
    let release_rules = fields
        .release_rules(
            request.release_rule.as_ref(),
            request.release_rules.as_deref(),
        )
        .unwrap_or_else(|| Some(ReleaseRules::default()));
    let priority_policy = match &request.priority_policy {
        Some(policy) => fields.priority_policy("priority_policy", policy),
        None => Some(PriorityPolicy::default()),
    };
    let templates = match (&request.session_templates, &hours) {
        (Some(list), Some(hours)) => fields.templates("session_templates", &id, list, hours),
        _ => Some(Vec::new()),
    };
    fields.finish()?;
    let (
        Some(position),
        Some(opening_hours),
        Some(release_rules),
        Some(priority_policy),
        Some(templates),
    ) = (position, hours, release_rules, priority_policy, templates)
    else {
        return Err(Refusal::internal(anyhow::anyhow!(
            "a checked office field is missing"
        )));
    };
    let office = Office {
        id,
        name,
        kind: request.kind.into(),
        class,
        address,
        city,
        province,
        position,
        time_zone: request.time_zone.into(),
        opening_hours,
        e_passport_available: request.e_passport_available,
        release_rules,
        electronic_only: request.electronic_only.unwrap_or(false),
        priority_policy,
        delivers_by_post: false,
    };
    let actor = Actor::of(principal).for_office(office.id.clone());
    let now = state.clock.now();
    let horizon = state.session_horizon_days;
    Ok(Write::new(move |conn| {
        let dto = OfficeDto::new(&office, None);
        write_transaction(conn, |conn| {
            offices::insert(conn, &office, now)?;
            for template in &templates {
                sessions::insert_template(conn, template)?;
            }
            audit::record(
                conn,
                &actor,
                now,
                Change::<(), _> {
                    action: "office.create",
                    object_type: "office",
                    object_id: &office.id,
                    before: None,
                    after: Some(&dto),
                },
            )?;
            Ok::<_, AdminError>(())
        })?;
        // Its sessions now, not at the next hourly pass, in a savepoint: should this
        // fail, the office stands and that pass creates them.
        if let Err(error) = extend_office_sessions(conn, &office, horizon, now) {
            tracing::warn!(%error, office = office.id, "creating a new office's sessions failed");
        }
        Ok::<_, AdminError>(dto)
    }))
}

/// Changes any descriptive field or policy of an office (system admins).
pub async fn update_office(
    state: &AppState,
    principal: &SystemAdmin,
    id: String,
    patch: OfficePatch,
) -> Result<OfficeDto, Refusal> {
    let actor = Actor::of(principal).for_office(id.clone());
    let now = state.clock.now();
    let office = state
        .db
        .call(move |conn| write_transaction(conn, |conn| change(conn, &actor, &id, &patch, now)))
        .await?;
    state.reference.offices_changed();
    Ok(OfficeDto::new(&office, None))
}

/// The office with the patch applied, every field checked.
fn patched(office: &Office, patch: &OfficePatch) -> Result<Office, AdminError> {
    let mut fields = Fields::default();
    let mut next = office.clone();
    let texts = [
        ("name", &patch.name, &mut next.name),
        ("class", &patch.class, &mut next.class),
        ("address", &patch.address, &mut next.address),
        ("city", &patch.city, &mut next.city),
        ("province", &patch.province, &mut next.province),
    ];
    for (field, given, target) in texts {
        if let Some(value) = given {
            *target = fields.text(field, value);
        }
    }
    if let Some(kind) = patch.kind {
        next.kind = kind.into();
    }
    if patch.latitude.is_some() || patch.longitude.is_some() {
        let latitude = patch.latitude.unwrap_or(office.position.latitude);
        let longitude = patch.longitude.unwrap_or(office.position.longitude);
        if let Some(point) = position(&mut fields, latitude, longitude) {
            next.position = point;
        }
    }
    if let Some(zone) = patch.time_zone {
        next.time_zone = zone.into();
    }
    if let Some(hours) = &patch.opening_hours
        && let Some(hours) = fields.opening_hours("opening_hours", hours)
    {
        next.opening_hours = hours;
    }
    if let Some(available) = patch.e_passport_available {
        next.e_passport_available = available;
    }
    if let Some(only) = patch.electronic_only {
        next.electronic_only = only;
    }
    if let Some(Some(rules)) =
        fields.release_rules(patch.release_rule.as_ref(), patch.release_rules.as_deref())
    {
        next.release_rules = rules;
    }
    if let Some(policy) = &patch.priority_policy
        && let Some(policy) = fields.priority_policy("priority_policy", policy)
    {
        next.priority_policy = policy;
    }
    fields.finish()?;
    Ok(next)
}

/// Inside a write transaction: the change, its consequences, and its record.
fn change(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    patch: &OfficePatch,
    now: DateTime<Utc>,
) -> Result<Office, AdminError> {
    offices::lock(conn, id)?;
    let before = offices::find(conn, id)?.ok_or(AdminError::NotFound("office"))?;
    let office = patched(&before, patch)?;
    if office.opening_hours != before.opening_hours {
        let week = sessions::templates_of(conn, id)?;
        if validate_week(&week, &office.opening_hours).is_err() {
            return Err(AdminError::Conflict(
                Message::new("office-hours-exclude-sessions").into(),
            ));
        }
    }
    if offices::update(conn, &office, now)?.skipped() {
        return Err(AdminError::NotFound("office"));
    }
    if office.release_rules != before.release_rules || office.time_zone != before.time_zone {
        sessions::reschedule_releases(conn, &office, now)?;
    }
    let (was, is) = changed_fields(
        &OfficeDto::new(&before, None),
        &OfficeDto::new(&office, None),
    );
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "office.update",
            object_type: "office",
            object_id: id,
            before: Some(&was),
            after: Some(&is),
        },
    )?;
    Ok(office)
}
