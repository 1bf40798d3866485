//! Building exports, in the background: claim one (a checked compare-and-set, so that
//! several api processes share the work), read each section and each document file,
//! counting the steps as they are done so that the person sees the progress, write the
//! archive into the export's row, and mark it ready for 7 days. A builder that dies leaves
//! its claim to lapse; the next pass takes the export again from the start.
//!
//! Each section is read as it stands when its step runs (not one snapshot of all): a change
//! made during the build shows in the sections read after it.

use chrono::TimeDelta;
use paspor_persistence::exports;
use paspor_persistence::exports::records::{self, DocumentFile};
use serde_json::{Map, Value};

use super::archive::{Archive, FORMAT_VERSION, document_path};
use super::sections::SECTIONS;
use crate::clock::Clock;
use crate::db::Db;
use crate::documents::DocumentStore;
use crate::privacy::PrivacyError;

/// How long a claim holds before another builder may take the export again.
const LEASE: TimeDelta = TimeDelta::minutes(10);

/// What a pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildPass {
    /// No export was waiting.
    Idle,
    /// One export was built and is ready.
    Built,
    /// One export failed; it is marked failed.
    Failed,
}

/// Builds the oldest waiting export, if any.
pub async fn build_next(
    db: &Db,
    store: &DocumentStore,
    clock: &dyn Clock,
    ttl: TimeDelta,
) -> Result<BuildPass, PrivacyError> {
    let now = clock.now();
    let Some(export) = db
        .call(move |conn| {
            paspor_persistence::write_transaction(conn, |conn| {
                exports::claim_next(conn, now, LEASE).map_err(PrivacyError::from)
            })
        })
        .await?
    else {
        return Ok(BuildPass::Idle);
    };
    let id = export.id.clone();
    match build(db, store, &export.account_id, &id).await {
        // Another builder took the export over (this one outlived its lease): its work.
        Ok(None) => Ok(BuildPass::Idle),
        Ok(Some(archive)) => {
            let ready_at = clock.now();
            let expires_at = ready_at + ttl;
            let finished = db
                .call(move |conn| {
                    exports::finish(conn, &id, &archive, ready_at, expires_at)
                        .map_err(PrivacyError::from)
                })
                .await?;
            Ok(if finished.applied() {
                BuildPass::Built
            } else {
                BuildPass::Idle
            })
        }
        Err(error) => {
            tracing::error!(export = %id, error = %error, "building an export failed");
            // Skipped when another builder took it over meanwhile: then it is theirs.
            let _failed = db
                .call(move |conn| exports::fail(conn, &id).map_err(PrivacyError::from))
                .await?;
            Ok(BuildPass::Failed)
        }
    }
}

/// Deletes the archives whose time is up; returns how many.
pub async fn expire_archives(db: &Db, clock: &dyn Clock) -> Result<usize, PrivacyError> {
    let now = clock.now();
    db.call(move |conn| exports::expire_due(conn, now).map_err(PrivacyError::from))
        .await
}

/// Reads everything about `account` into an archive, counting each step done; `None` when
/// the export stopped being this builder's (its lease lapsed and another took it).
async fn build(
    db: &Db,
    store: &DocumentStore,
    account: &str,
    id: &str,
) -> anyhow::Result<Option<Vec<u8>>> {
    let (account, id) = (account.to_owned(), id.to_owned());
    let (subject, files) = {
        let account = account.clone();
        db.call(move |conn| {
            let subject = records::subject(conn, &account)?;
            let files = records::document_files(conn, &subject)?;
            Ok::<_, PrivacyError>((subject, files))
        })
        .await?
    };
    let total = i32::try_from(SECTIONS.len() + files.len())?;
    let mut done = 0;
    let mut data = Map::new();
    data.insert("format_version".to_owned(), Value::from(FORMAT_VERSION));
    for (key, read) in SECTIONS {
        done += 1;
        let (subject, id) = (subject.clone(), id.clone());
        let (section, progress) = db
            .call(move |conn| {
                let section = read(conn, &subject)?;
                let progress = exports::set_progress(conn, &id, done, total)?;
                Ok::<_, PrivacyError>((section, progress))
            })
            .await?;
        if progress.skipped() {
            return Ok(None);
        }
        data.insert((*key).to_owned(), Value::Array(section));
    }
    let mut archive = Archive::new();
    for file in files {
        let content = read_document(store, &file).await?;
        archive.add(
            &document_path(&file.application_id, &file.kind, &file.media_type),
            &content,
        )?;
        done += 1;
        let id = id.clone();
        let progress = db
            .call(move |conn| {
                exports::set_progress(conn, &id, done, total).map_err(PrivacyError::from)
            })
            .await?;
        if progress.skipped() {
            return Ok(None);
        }
    }
    archive.add_data(&Value::Object(data))?;
    Ok(Some(archive.finish()?))
}

/// A document's content: the one place exports read the document store.
async fn read_document(store: &DocumentStore, file: &DocumentFile) -> anyhow::Result<Vec<u8>> {
    store
        .read(file.storage_key.clone())
        .await
        .map_err(|error| anyhow::anyhow!("reading a document for an export: {error}"))
}
