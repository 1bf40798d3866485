//! The retention job's pass: erases the decided applications whose hold ended (with
//! everything the registry kept with them, and their applicants once nothing else is
//! theirs), deletes the rows kept for so many years once those years passed (payments, the
//! audit trail), and deletes from the store the document files recorded for deletion.
//! Safe in several processes at once: a hold is released by one of them only, and the
//! other deletions are single statements.

use chrono::{DateTime, Months, Utc};
use paspor_persistence::{DbConnection, StoreError, StoreResult, write_transaction};
use paspor_persistence::{erasure, idempotency};

use super::registry_work::{Tied, apply_registry};
use super::retention::{Period, REGISTRY, Rule};
use crate::config::RetentionSettings;
use crate::db::Db;
use crate::documents::DocumentStore;
use crate::refusal::Refusal;

/// How many held applications one transaction erases at most, and how many files a pass
/// tries to delete.
const BATCH: i64 = 100;

/// What one pass of the retention job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionPass {
    /// Held applications erased, their hold having ended.
    pub applications: usize,
    /// Rows deleted because the years they are kept for passed.
    pub aged: usize,
    /// Document files deleted from the store.
    pub files: usize,
}

impl RetentionPass {
    /// Whether the pass did nothing.
    pub fn is_empty(&self) -> bool {
        *self == RetentionPass::default()
    }
}

/// Erases application `application` and what is kept with it, its hold having been
/// released by this caller; its applicant too once it has no application left.
fn erase_held(conn: &mut DbConnection, application: &str, now: DateTime<Utc>) -> StoreResult<()> {
    let applications = vec![application.to_owned()];
    let applicant = erasure::applicant_of(conn, application)?;
    let files = erasure::document_keys(conn, &applications)?;
    for file in &files {
        erasure::record_file_deletion(conn, file, now)?;
    }
    let passports = erasure::passports_of(conn, &applications)?
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    apply_registry(
        conn,
        &Tied {
            erased_applications: applications,
            erased_passports: passports,
            ..Tied::default()
        },
    )?;
    if let Some(applicant) = applicant
        && !erasure::applicant_has_applications(conn, &applicant)?
    {
        apply_registry(
            conn,
            &Tied {
                erased_applicants: vec![applicant],
                ..Tied::default()
            },
        )?;
    }
    Ok(())
}

/// The holds ended by `now`, each application erased in a transaction of its own (its
/// files recorded for deletion); how many were erased.
fn erase_ended_holds(conn: &mut DbConnection, now: DateTime<Utc>) -> StoreResult<usize> {
    let mut erased = 0;
    for application in erasure::holds_ended(conn, now, BATCH)? {
        let done = write_transaction(conn, |conn| {
            // Released by one process only: another that found it too skips it.
            if erasure::release_hold(conn, &application, now)?.skipped() {
                return Ok::<_, StoreError>(None);
            }
            erase_held(conn, &application, now).map(Some)
        })?;
        erased += usize::from(done.is_some());
    }
    Ok(erased)
}

/// Deletes the rows kept for so many years after an instant once those years passed.
fn delete_aged(
    conn: &mut DbConnection,
    settings: &RetentionSettings,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    // Replayable answers name whom they were about (an officer's issuing names the holder);
    // expired ones are deleted hourly anyway, and here too, so that nothing outlives
    // the period of what they named.
    let mut deleted = idempotency::purge_expired(conn, now)?;
    for line in REGISTRY {
        if let Rule::Keep {
            period: Period::YearsAfter { column, years },
            ..
        } = line.rule
        {
            let years = settings.years(years);
            // The instant `years` before now: a row older than that has served its time.
            let cutoff = now
                .checked_sub_months(Months::new(years.saturating_mul(12)))
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
            deleted += erasure::delete_older_than(conn, line.table, column, cutoff)?;
        }
    }
    Ok(deleted)
}

/// Deletes from the store the files recorded for deletion, forgetting each once deleted;
/// one that fails stays recorded for the next pass. Returns how many were deleted.
pub async fn delete_files(db: &Db, store: &DocumentStore) -> Result<usize, Refusal> {
    let pending = db.run(|conn| erasure::files_to_delete(conn, BATCH)).await?;
    let mut deleted = 0;
    for key in pending {
        match store.delete(key.clone()).await {
            Ok(()) => {
                db.run(move |conn| erasure::file_deleted(conn, &key))
                    .await?;
                deleted += 1;
            }
            Err(error) => {
                tracing::warn!(%error, "a document file to erase could not be deleted; retrying later");
                db.run(move |conn| erasure::file_deletion_failed(conn, &key))
                    .await?;
            }
        }
    }
    Ok(deleted)
}

/// One pass of the retention job at `now`.
pub async fn run_retention(
    db: &Db,
    store: &DocumentStore,
    settings: RetentionSettings,
    now: DateTime<Utc>,
) -> Result<RetentionPass, Refusal> {
    let applications = db.run(move |conn| erase_ended_holds(conn, now)).await?;
    let aged = db
        .run(move |conn| write_transaction(conn, |conn| delete_aged(conn, &settings, now)))
        .await?;
    let files = delete_files(db, store).await?;
    Ok(RetentionPass {
        applications,
        aged,
        files,
    })
}
