//! Writing and reading the audit trail.
//!
//! [`record`] is called inside the transaction that makes a staff change, so the change and
//! its record commit together. Action codes are dotted, object first: `application.check_in`,
//! `application.document_check`, `application.biometrics`, `application.interview`,
//! `application.decision`, `application.issue`, `application.hand_over`, `walk_in.register`,
//! `session.update`, `office.update`, `holiday.create`, `holiday.delete`, `tariff.activate`,
//! `payment.settle`, ... Records are never changed or removed (the database refuses it).

use chrono::{DateTime, Utc};
use paspor_domain::account::Role;
use paspor_openapi::{AuditPage, AuditQuery, AuditRecordDto};
use paspor_persistence::audit::{self, AuditFilter, AuditRecord, NewAuditRecord};
use paspor_persistence::{DbConnection, StoreError, StoreResult};
use serde::Serialize;

use super::Actor;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// What a change did to one object.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a, B: Serialize, A: Serialize> {
    /// The action code.
    pub action: &'a str,
    /// The kind of object changed.
    pub object_type: &'a str,
    pub object_id: &'a str,
    /// Its state before; `None` when it was created.
    pub before: Option<&'a B>,
    /// Its state after; `None` when it was removed.
    pub after: Option<&'a A>,
}

fn json<T: Serialize>(value: Option<&T>) -> StoreResult<Option<String>> {
    value
        .map(|value| {
            serde_json::to_string(value)
                .map_err(|e| StoreError::corrupt(format!("audit state not serialisable: {e}")))
        })
        .transpose()
}

/// Appends the audit record of `change` by `actor` at `at`.
pub fn record<B: Serialize, A: Serialize>(
    conn: &mut DbConnection,
    actor: &Actor,
    at: DateTime<Utc>,
    change: Change<'_, B, A>,
) -> StoreResult<()> {
    let before = json(change.before)?;
    let after = json(change.after)?;
    audit::append(
        conn,
        &NewAuditRecord {
            at,
            actor_id: &actor.account,
            actor_role: actor.role.as_str(),
            office_id: actor.office.as_deref(),
            action: change.action,
            object_type: change.object_type,
            object_id: change.object_id,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    )?;
    Ok(())
}

fn parse_state(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|text| serde_json::from_str(&text).ok())
}

fn dto(record: AuditRecord) -> AuditRecordDto {
    AuditRecordDto {
        id: record.id,
        at: record.at,
        actor_id: record.actor_id,
        actor_role: record.actor_role,
        office_id: record.office_id,
        action: record.action,
        object_type: record.object_type,
        object_id: record.object_id,
        before: parse_state(record.before),
        after: parse_state(record.after),
    }
}

/// A page of the trail: an office admin reads their own office's, a system admin any
/// office's (or all).
pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: AuditQuery,
    page: u32,
    per_page: u32,
) -> Result<AuditPage, ApiError> {
    principal.require(&[Role::OfficeAdmin, Role::SystemAdmin])?;
    let office_id = match principal.role {
        Role::SystemAdmin => query.office_id,
        _ => Some(super::staff_office(principal, &[Role::OfficeAdmin])?),
    };
    if let (Some(from), Some(until)) = (query.from, query.until)
        && until < from
    {
        return Err(ApiError::refused_field("until", "is before `from`"));
    }
    let filter = AuditFilter {
        office_id,
        action: query.action,
        object_id: query.object_id,
        actor_id: query.actor_id,
        from: query.from,
        until: query.until,
    };
    let (records, total) = state
        .db
        .run(move |conn| audit::list(conn, &filter, page, per_page))
        .await?;
    Ok(AuditPage {
        items: records.into_iter().map(dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}
