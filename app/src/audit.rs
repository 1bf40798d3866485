//! Writing the audit trail: who did what to which object, before and after.
//!
//! [`record`] is called inside the transaction that makes a staff change, so the change and
//! its record commit together. Action codes are dotted, object first: `application.check_in`,
//! `application.document_check`, `application.biometrics`, `application.interview`,
//! `application.decision`, `application.issue`, `application.hand_over`, `walk_in.register`,
//! `session.update`, `office.update`, `holiday.create`, `holiday.delete`, `tariff.activate`,
//! `payment.settle`, ... Records are never changed or removed (the database refuses it).
//! Offices read the trail through `office::audit`.

use chrono::{DateTime, Utc};
use paspor_domain::account::Role;
use paspor_persistence::audit::{self, NewAuditRecord};
use paspor_persistence::{DbConnection, StoreError, StoreResult};
use serde::Serialize;

use crate::auth::Principal;

/// The staff member an audit record names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account: String,
    pub role: Role,
    /// The office the action belongs to; `None` for system-wide changes.
    pub office: Option<String>,
}

impl Actor {
    /// The caller as the actor, acting for their own office (if they have one).
    pub fn of(principal: &Principal) -> Actor {
        Actor {
            account: principal.account.clone(),
            role: principal.role,
            office: principal.office.clone(),
        }
    }

    /// The same actor acting on `office`'s behalf (a system admin changing an office).
    pub fn for_office(mut self, office: impl Into<String>) -> Actor {
        self.office = Some(office.into());
        self
    }
}

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
