//! The audit trail: one append-only record per staff action, with who did it, where, to
//! what, and the object's state before and after (as JSON text chosen by the caller).
//!
//! There is deliberately no update or delete here, and the database refuses both (triggers):
//! the trail is evidence, for trafficking decisions above all.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::audit_records;
use crate::time::{from_db, to_db};

/// A record to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditRecord<'a> {
    pub at: DateTime<Utc>,
    /// The staff account that acted.
    pub actor_id: &'a str,
    /// Its role at the time, as a code.
    pub actor_role: &'a str,
    /// The office the action belongs to (none for system-wide changes).
    pub office_id: Option<&'a str>,
    /// What was done, as a dotted code (e.g. `application.check_in`).
    pub action: &'a str,
    /// The kind of object acted on (e.g. `application`, `session`).
    pub object_type: &'a str,
    pub object_id: &'a str,
    /// The object's state before, as JSON text; none when it was created.
    pub before: Option<&'a str>,
    /// The object's state after, as JSON text; none when it was removed.
    pub after: Option<&'a str>,
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: String,
    pub at: DateTime<Utc>,
    pub actor_id: String,
    pub actor_role: String,
    pub office_id: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which records to list; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this office's records; `None` lists every office (system admins).
    pub office_id: Option<String>,
    pub action: Option<String>,
    pub object_id: Option<String>,
    pub actor_id: Option<String>,
    /// From this instant, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant, exclusive.
    pub until: Option<DateTime<Utc>>,
}

type Row = (
    String,
    NaiveDateTime,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

macro_rules! audit_columns {
    () => {
        (
            audit_records::id,
            audit_records::at,
            audit_records::actor_id,
            audit_records::actor_role,
            audit_records::office_id,
            audit_records::action,
            audit_records::object_type,
            audit_records::object_id,
            audit_records::before_state,
            audit_records::after_state,
        )
    };
}

fn record(row: Row) -> AuditRecord {
    let (id, at, actor_id, actor_role, office_id, action, object_type, object_id, before, after) =
        row;
    AuditRecord {
        id,
        at: from_db(at),
        actor_id,
        actor_role,
        office_id,
        action,
        object_type,
        object_id,
        before,
        after,
    }
}

/// Appends a record; call it inside the transaction that makes the change, so that the
/// change and its record commit together or not at all.
pub fn append(conn: &mut DbConnection, new: &NewAuditRecord<'_>) -> StoreResult<String> {
    let id = new_id();
    diesel::insert_into(audit_records::table)
        .values((
            audit_records::id.eq(&id),
            audit_records::at.eq(to_db(new.at)),
            audit_records::actor_id.eq(new.actor_id),
            audit_records::actor_role.eq(new.actor_role),
            audit_records::office_id.eq(new.office_id),
            audit_records::action.eq(new.action),
            audit_records::object_type.eq(new.object_type),
            audit_records::object_id.eq(new.object_id),
            audit_records::before_state.eq(new.before),
            audit_records::after_state.eq(new.after),
        ))
        .execute(conn)?;
    Ok(id)
}

fn filtered(
    filter: &AuditFilter,
) -> audit_records::BoxedQuery<'static, crate::connection::MultiBackend> {
    let mut query = audit_records::table.into_boxed();
    if let Some(office) = &filter.office_id {
        query = query.filter(audit_records::office_id.eq(office.clone()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_records::action.eq(action.clone()));
    }
    if let Some(object) = &filter.object_id {
        query = query.filter(audit_records::object_id.eq(object.clone()));
    }
    if let Some(actor) = &filter.actor_id {
        query = query.filter(audit_records::actor_id.eq(actor.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_records::at.ge(to_db(from)));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_records::at.lt(to_db(until)));
    }
    query
}

/// A page of matching records, newest first, and how many match in all.
pub fn list(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    page: u32,
    per_page: u32,
) -> StoreResult<(Vec<AuditRecord>, i64)> {
    let total = filtered(filter).count().get_result::<i64>(conn)?;
    let rows = filtered(filter)
        .order((audit_records::at.desc(), audit_records::id.desc()))
        .limit(i64::from(per_page))
        .offset(i64::from(page.saturating_sub(1)) * i64::from(per_page))
        .select(audit_columns!())
        .load::<Row>(conn)?;
    Ok((rows.into_iter().map(record).collect(), total))
}
