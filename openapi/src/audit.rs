//! The audit trail as office admins read it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One staff action.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditRecordDto {
    /// Its id.
    pub id: String,
    /// When it was done.
    pub at: DateTime<Utc>,
    /// The staff account that did it.
    pub actor_id: String,
    /// That account's role at the time.
    #[schema(example = "officer")]
    pub actor_role: String,
    /// The office it belongs to; null for system-wide changes.
    pub office_id: Option<String>,
    /// What was done, as a dotted code.
    #[schema(example = "application.check_in")]
    pub action: String,
    /// The kind of object acted on.
    #[schema(example = "application")]
    pub object_type: String,
    /// The object's id.
    pub object_id: String,
    /// The object's state before; null when the action created it.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The object's state after; null when the action removed it.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

/// A page of audit records, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    /// The records of this page.
    pub items: Vec<AuditRecordDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many records match in all.
    pub total: u64,
}

/// Which audit records to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this action code.
    pub action: Option<String>,
    /// Only actions on this object.
    pub object_id: Option<String>,
    /// Only actions by this staff account.
    pub actor_id: Option<String>,
    /// From this instant, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant, exclusive.
    pub until: Option<DateTime<Utc>>,
    /// Only this office's records (system admins; an office admin always reads their own).
    pub office_id: Option<String>,
}
