//! What tracking without signing in reads of an application: its status, when it last
//! changed, and the applicant's date of birth to compare with the one given. Nothing else
//! is read, so nothing else can leak.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::ApplicationStatus;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{applicants, application_history, applications};
use crate::time::from_db;

/// An application as tracking sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub status: ApplicationStatus,
    /// When it entered its status (its last history entry; its last change without one).
    pub status_since: DateTime<Utc>,
    pub birth_date: NaiveDate,
}

/// The application `id` with its applicant's date of birth, if both exist.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<Tracked>> {
    let row: Option<(String, NaiveDateTime, NaiveDate)> = applications::table
        .inner_join(applicants::table)
        .filter(applications::id.eq(id))
        .select((
            applications::status,
            applications::updated_at,
            applicants::birth_date,
        ))
        .first(conn)
        .optional()?;
    let Some((status, updated_at, birth_date)) = row else {
        return Ok(None);
    };
    let status: ApplicationStatus = status
        .parse()
        .map_err(|_| StoreError::corrupt(format!("application status {status:?}")))?;
    let entered: Option<NaiveDateTime> = application_history::table
        .filter(application_history::application_id.eq(id))
        .filter(application_history::status.eq(status.as_str()))
        .select(application_history::at)
        .order(application_history::at.desc())
        .first(conn)
        .optional()?;
    Ok(Some(Tracked {
        status,
        status_since: from_db(entered.unwrap_or(updated_at)),
        birth_date,
    }))
}
