//! Applications still awaiting documents when their 30 days are over are refused. Safe
//! with several api processes: each application moves once (a conditional move), and only
//! the process that moved it tells the holder. A document check racing the job waits for
//! the application's row (PostgreSQL) or the write lock (SQLite), then finds it refused.

use chrono::{DateTime, Utc};
use paspor_domain::{ApplicationEvent, ApplicationStatus, next_status};
use paspor_persistence::processing::document_checks;
use paspor_persistence::{DbConnection, applications, write_transaction};

use super::ProcessingError;
use super::notices;
use crate::office::notify::notify_holder;

/// How many overdue applications one pass looks at.
const BATCH: i64 = 100;

/// Refuses every application whose documents were due by `now`; returns how many.
pub fn refuse_overdue(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
) -> Result<usize, ProcessingError> {
    let from = ApplicationStatus::AwaitingDocuments;
    let to = next_status(from, ApplicationEvent::DocumentsDeadlinePassed)?;
    let mut refused = 0;
    loop {
        let overdue = document_checks::overdue(conn, now, BATCH)?;
        let full_batch = overdue.len() as i64 == BATCH;
        for (id, deadline) in overdue {
            let note = format!("missing documents not supplied by {deadline}");
            let moved = write_transaction(conn, |conn| {
                let Some(mut application) = applications::lock(conn, &id)? else {
                    return Ok(false);
                };
                // Supplied and checked since it was found: it moved on.
                if application.status != from {
                    return Ok(false);
                }
                let moved =
                    applications::move_status(conn, &mut application, to, Some(&note), now)?
                        .applied();
                if moved {
                    notify_holder(
                        conn,
                        &id,
                        &|language| notices::documents_deadline_passed(language, deadline),
                        now,
                    )?;
                }
                Ok::<_, ProcessingError>(moved)
            })?;
            refused += usize::from(moved);
        }
        if !full_batch {
            return Ok(refused);
        }
    }
}
