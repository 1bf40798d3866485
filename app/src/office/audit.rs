//! Reading the audit trail that staff changes write (see [`crate::audit`]): an office admin
//! reads their own office's, a system admin any office's.

use paspor_domain::account::Role;
use paspor_openapi::{AuditPage, AuditQuery, AuditRecordDto, PageQuery};
use paspor_persistence::audit::{self, AuditFilter, AuditRecord};

use crate::auth::Principal;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

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
    paging: PageQuery,
) -> Result<AuditPage, Refusal> {
    // The page is checked before the role, as it always was.
    let (page, per_page) = page_of(paging)?;
    principal.require(&[Role::OfficeAdmin, Role::SystemAdmin])?;
    let office_id = match principal.role {
        Role::SystemAdmin => query.office_id,
        _ => Some(super::staff_office(principal, &[Role::OfficeAdmin])?),
    };
    if let (Some(from), Some(until)) = (query.from, query.until)
        && until < from
    {
        return Err(Refusal::refused_field("until", "is before `from`"));
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
