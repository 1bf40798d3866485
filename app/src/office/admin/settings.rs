//! An office's own settings, set by its admin: whether it has e-passport books, its priority
//! policy, and its quota release rules. New release rules move the release instant of
//! every session not yet released at that moment; sessions already released stay released
//! (places may have been booked in them).

use chrono::{DateTime, Utc};
use paspor_domain::office::Office;
use paspor_openapi::{OfficeSettingsDto, OfficeSettingsPatch};
use paspor_persistence::{DbConnection, offices, sessions, write_transaction};

use super::AdminError;
use super::input::Fields;
use super::view::{changed_fields, settings_dto};
use crate::audit::{self, Actor, Change};
use crate::office::OfficeAdmin;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The office's settings.
pub async fn show_settings(
    state: &AppState,
    principal: &OfficeAdmin,
) -> Result<OfficeSettingsDto, Refusal> {
    let office_id = principal.office().to_owned();
    let office = state
        .db
        .call(move |conn| {
            offices::find(conn, &office_id)?.ok_or_else(|| {
                AdminError::Internal(anyhow::anyhow!(
                    "office {office_id} of a staff token is gone"
                ))
            })
        })
        .await?;
    Ok(settings_dto(&office))
}

/// Changes any of the office's settings.
pub async fn update_settings(
    state: &AppState,
    principal: &OfficeAdmin,
    patch: OfficeSettingsPatch,
) -> Result<OfficeSettingsDto, Refusal> {
    let office_id = principal.office().to_owned();
    let mut fields = Fields::default();
    let release_rules =
        fields.release_rules(patch.release_rule.as_ref(), patch.release_rules.as_deref());
    let priority_policy = patch
        .priority_policy
        .as_ref()
        .map(|policy| fields.priority_policy("priority_policy", policy));
    fields.finish()?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let office = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                change(conn, &actor, &office_id, now, |office| {
                    if let Some(available) = patch.e_passport_available {
                        office.e_passport_available = available;
                    }
                    if let Some(only) = patch.electronic_only {
                        office.electronic_only = only;
                    }
                    if let Some(Some(rules)) = release_rules {
                        office.release_rules = rules;
                    }
                    if let Some(Some(policy)) = priority_policy {
                        office.priority_policy = policy;
                    }
                })
            })
        })
        .await?;
    state.reference.offices_changed();
    Ok(settings_dto(&office))
}

/// Inside a write transaction: changes the office's settings with `apply`, moves its
/// unreleased sessions to changed rules, and records what changed.
fn change(
    conn: &mut DbConnection,
    actor: &Actor,
    office_id: &str,
    now: DateTime<Utc>,
    apply: impl FnOnce(&mut Office),
) -> Result<Office, AdminError> {
    offices::lock(conn, office_id)?;
    let before = offices::find(conn, office_id)?
        .ok_or_else(|| anyhow::anyhow!("office {office_id} of a staff token is gone"))?;
    let mut office = before.clone();
    apply(&mut office);
    if offices::update(conn, &office, now)?.skipped() {
        return Err(anyhow::anyhow!("office {office_id} vanished under its lock").into());
    }
    if office.release_rules != before.release_rules {
        sessions::reschedule_releases(conn, &office, now)?;
    }
    let (was, is) = changed_fields(&settings_dto(&before), &settings_dto(&office));
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "office.update",
            object_type: "office",
            object_id: office_id,
            before: Some(&was),
            after: Some(&is),
        },
    )?;
    Ok(office)
}
