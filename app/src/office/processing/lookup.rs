//! Who acts at which office, finding the office's application, and moving it on.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::office::Office;
use paspor_domain::{ApplicationEvent, ApplicationStatus, next_status};
use paspor_persistence::applications::{self, ApplicationRecord, LockedApplication};
use paspor_persistence::processing::appointments::application_at_office;
use paspor_persistence::{DbConnection, offices};

use super::ProcessingError;
use crate::audit::Actor;
use crate::office::OfficeStaff;

/// An officer or office admin, acting at their office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtOffice {
    /// Who acts, for the audit trail.
    pub actor: Actor,
    /// The office acted at.
    pub office: String,
}

impl AtOffice {
    /// The caller at their office.
    pub fn of(staff: &OfficeStaff) -> AtOffice {
        let office = staff.office().to_owned();
        AtOffice {
            actor: Actor::of(staff).for_office(office.clone()),
            office,
        }
    }
}

/// The office, and the date at `now` in its calendar.
pub(super) fn office_today(
    conn: &mut DbConnection,
    office_id: &str,
    now: DateTime<Utc>,
) -> Result<(Office, NaiveDate), ProcessingError> {
    let office = offices::find(conn, office_id)?
        .ok_or_else(|| anyhow::anyhow!("the caller's office {office_id} is gone"))?;
    let today = now.with_timezone(&office.time_zone.offset()).date_naive();
    Ok((office, today))
}

/// The office's application `id`; not found when it is another office's.
pub(super) fn application_at(
    conn: &mut DbConnection,
    office_id: &str,
    id: &str,
) -> Result<ApplicationRecord, ProcessingError> {
    application_at_office(conn, office_id, id)?.ok_or(ProcessingError::NotFound)
}

/// Inside a write transaction: the office's application `id`, locked until the transaction
/// ends, so that its state and the writes that depend on it are atomic.
pub(super) fn locked_application_at(
    conn: &mut DbConnection,
    office_id: &str,
    id: &str,
) -> Result<LockedApplication, ProcessingError> {
    let application = applications::lock(conn, id)?.ok_or(ProcessingError::NotFound)?;
    // Read again the office's way: another office's application is not found.
    application_at(conn, office_id, id)?;
    Ok(application)
}

/// Moves `record` on by `event` (with a history note), if its status allows it; returns
/// the new status.
pub(super) fn advance(
    conn: &mut DbConnection,
    application: &mut LockedApplication,
    event: ApplicationEvent,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationStatus, ProcessingError> {
    let to = next_status(application.status, event)?;
    // Under the lock nothing moves it meanwhile; the condition still guards the write.
    if applications::move_status(conn, application, to, note, now)?.skipped() {
        return Err(ProcessingError::Moved);
    }
    Ok(to)
}

/// Refuses unless `record` is in review.
pub(super) fn require_review(
    record: &ApplicationRecord,
    action: &'static str,
) -> Result<(), ProcessingError> {
    if record.status == ApplicationStatus::InReview {
        Ok(())
    } else {
        Err(ProcessingError::NotInReview {
            action,
            status: record.status,
        })
    }
}
