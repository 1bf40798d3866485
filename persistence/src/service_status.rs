//! The service's status: one row a system admin changes and every api process reads, so
//! that all of them answer the same.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use paspor_domain::ServiceState;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::service_status;
use crate::time::{from_db, to_db};

/// The status as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceStatus {
    pub state: ServiceState,
    /// The message in Bahasa Indonesia (empty for none).
    pub message_id: String,
    /// The message in English (empty for none).
    pub message_en: String,
    /// When an admin last set it; `None` if never.
    pub since: Option<DateTime<Utc>>,
}

impl Default for ServiceStatus {
    fn default() -> Self {
        ServiceStatus {
            state: ServiceState::Normal,
            message_id: String::new(),
            message_en: String::new(),
            since: None,
        }
    }
}

/// The status now (normal and silent if the row is missing).
pub fn get(conn: &mut DbConnection) -> StoreResult<ServiceStatus> {
    let row: Option<(String, String, String, Option<chrono::NaiveDateTime>)> =
        service_status::table
            .find(1)
            .select((
                service_status::state,
                service_status::message_id,
                service_status::message_en,
                service_status::since,
            ))
            .first(conn)
            .optional()?;
    let Some((state, message_id, message_en, since)) = row else {
        return Ok(ServiceStatus::default());
    };
    Ok(ServiceStatus {
        state: state
            .parse()
            .map_err(|_| StoreError::corrupt(format!("service state {state:?}")))?,
        message_id,
        message_en,
        since: since.map(from_db),
    })
}

/// Replaces the status, taking the row's lock until the transaction ends, so that two
/// admins setting it at once are applied one after the other.
pub fn set(conn: &mut DbConnection, status: &ServiceStatus, at: DateTime<Utc>) -> StoreResult<()> {
    let values = (
        service_status::state.eq(status.state.as_str()),
        service_status::message_id.eq(&status.message_id),
        service_status::message_en.eq(&status.message_en),
        service_status::since.eq(Some(to_db(at))),
    );
    let updated = diesel::update(service_status::table.find(1))
        .set(values)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(service_status::table)
            .values((service_status::id.eq(1), values))
            .execute(conn)?;
    }
    Ok(())
}
