//! The collection job's work: an issued passport becomes ready when its office's date
//! reaches the ready date (the holder is told the last day to collect it), and a ready one
//! is cancelled when its office's date is past that day.
//!
//! Safe with several api processes: each move is conditional on the application's status,
//! so exactly one process moves a passport, and only that one tells the holder.

use chrono::{DateTime, Utc};
use paspor_domain::issuance::PassportStatus;
use paspor_domain::{ApplicationEvent, ApplicationStatus, TimeZone, next_status};
use paspor_persistence::passports::{self, DuePassport};
use paspor_persistence::{DbConnection, StoreResult, applications, write_transaction};

use super::{IssuanceError, notices};
use crate::locale::Language;
use crate::office::notify::{Notice, notify_holder};

/// How many passports one query looks at.
const BATCH: i64 = 100;

/// What one pass moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CollectionPass {
    /// Issued passports now ready for collection.
    pub ready: usize,
    /// Ready passports cancelled as uncollected.
    pub cancelled: usize,
}

/// One kind of move the job makes.
struct Move {
    event: ApplicationEvent,
    from: ApplicationStatus,
    note: &'static str,
    find: fn(&mut DbConnection, TimeZone, chrono::NaiveDate, i64) -> StoreResult<Vec<DuePassport>>,
    notice: fn(Language, &DuePassport) -> Notice,
}

const MAKE_READY: Move = Move {
    event: ApplicationEvent::MarkReady,
    from: ApplicationStatus::Issued,
    note: "ready for collection",
    find: passports::issued_due,
    notice: |language, due| notices::ready(language, &due.number, due.collect_by),
};

const CANCEL_UNCOLLECTED: Move = Move {
    event: ApplicationEvent::CollectionDeadlinePassed,
    from: ApplicationStatus::Ready,
    note: "not collected within 30 days",
    find: passports::ready_overdue,
    notice: |language, due| notices::cancelled(language, &due.number, due.collect_by),
};

/// Makes every due passport ready and cancels every overdue one, as of `now`.
pub fn advance_collection(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
) -> Result<CollectionPass, IssuanceError> {
    Ok(CollectionPass {
        ready: apply(conn, &MAKE_READY, now)?,
        cancelled: apply(conn, &CANCEL_UNCOLLECTED, now)?,
    })
}

/// Makes `step` wherever it is due, zone by zone; returns how many moved.
fn apply(conn: &mut DbConnection, step: &Move, now: DateTime<Utc>) -> Result<usize, IssuanceError> {
    let to = next_status(step.from, step.event)
        .map_err(|error| anyhow::anyhow!("the collection job's own move is refused: {error}"))?;
    let (Some(book_from), Some(book_to)) = (
        PassportStatus::of_application(step.from),
        PassportStatus::of_application(to),
    ) else {
        return Err(anyhow::anyhow!("{} or {to} has no passport status", step.from).into());
    };
    let mut moved = 0;
    for zone in TimeZone::ALL {
        let today = zone.local_date(now);
        loop {
            let due = (step.find)(conn, zone, today, BATCH)?;
            let full_batch = due.len() as i64 == BATCH;
            let mut moved_here = 0;
            for passport in due {
                let outcome = write_transaction(conn, |conn| {
                    let Some(mut application) = applications::lock(conn, &passport.application_id)?
                    else {
                        return Ok(false);
                    };
                    // Moved on since it was found (collected, say): nothing to do.
                    if application.status != step.from {
                        return Ok(false);
                    }
                    let done = applications::move_status(
                        conn,
                        &mut application,
                        to,
                        Some(step.note),
                        now,
                    )?
                    .applied();
                    if done {
                        if passports::set_status(conn, &passport.id, book_from, book_to, now)?
                            .skipped()
                        {
                            return Err(IssuanceError::Internal(anyhow::anyhow!(
                                "its application moved to {to} but the book is not {book_from}"
                            )));
                        }
                        notify_holder(
                            conn,
                            &passport.application_id,
                            &|language| (step.notice)(language, &passport),
                            now,
                        )?;
                    }
                    Ok(done)
                });
                match outcome {
                    Ok(done) => moved_here += usize::from(done),
                    // One passport's bad data must not hold up the others; the store
                    // failing holds up the pass.
                    Err(IssuanceError::Internal(error)) => {
                        tracing::error!(passport = %passport.id, %error, "passport left as it was");
                    }
                    Err(error) => return Err(error),
                }
            }
            moved += moved_here;
            // A batch where nothing moved would come back the same: leave it for the next pass.
            if !full_batch || moved_here == 0 {
                break;
            }
        }
    }
    Ok(moved)
}
