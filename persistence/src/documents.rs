//! The documents of applications: one row per application and kind, naming the file in the
//! document store that holds its content.
//!
//! Replacing a kind updates its row (`MultiConnection` has no `ON CONFLICT`), so the caller
//! holds the application's lock ([`crate::applications::lock`]) for the look-and-write:
//! two uploads of one kind then take turns instead of racing for one insert.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{DocumentKind, MediaType};

use crate::applications::LockedApplication;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::application_documents;
use crate::time::{from_db, to_db};

/// A document as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    /// The application it belongs to.
    pub application_id: String,
    /// What it is.
    pub kind: DocumentKind,
    /// Its type, as recognised from its content.
    pub media_type: MediaType,
    /// Its length in bytes.
    pub size_bytes: u64,
    /// The SHA-256 of its content, lowercase hex.
    pub sha256: String,
    /// The name of its file in the document store, made up by the server.
    pub storage_key: String,
    /// When it was uploaded.
    pub uploaded_at: DateTime<Utc>,
}

type Row = (String, String, String, i64, String, String, NaiveDateTime);

macro_rules! columns {
    () => {
        (
            application_documents::application_id,
            application_documents::kind,
            application_documents::media_type,
            application_documents::size_bytes,
            application_documents::sha256,
            application_documents::storage_key,
            application_documents::uploaded_at,
        )
    };
}

fn record(row: Row) -> StoreResult<DocumentRecord> {
    let (application_id, kind, media_type, size, sha256, storage_key, uploaded_at) = row;
    Ok(DocumentRecord {
        kind: kind.parse().map_err(StoreError::corrupt)?,
        media_type: media_type.parse().map_err(StoreError::corrupt)?,
        size_bytes: u64::try_from(size).map_err(StoreError::corrupt)?,
        application_id,
        sha256,
        storage_key,
        uploaded_at: from_db(uploaded_at),
    })
}

/// The application's documents, in the order of [`DocumentKind::ALL`].
pub fn list(conn: &mut DbConnection, application_id: &str) -> StoreResult<Vec<DocumentRecord>> {
    let rows: Vec<Row> = application_documents::table
        .filter(application_documents::application_id.eq(application_id))
        .select(columns!())
        .load(conn)?;
    let mut records = rows
        .into_iter()
        .map(record)
        .collect::<StoreResult<Vec<_>>>()?;
    records.sort_by_key(|document| document.kind);
    Ok(records)
}

/// The application's document of this kind, if there is one.
pub fn find(
    conn: &mut DbConnection,
    application_id: &str,
    kind: DocumentKind,
) -> StoreResult<Option<DocumentRecord>> {
    application_documents::table
        .find((application_id, kind.as_str()))
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// Records a document of `application`, replacing the one of its kind; returns the storage
/// key of the file replaced, which the caller removes once this commits.
pub fn put(
    conn: &mut DbConnection,
    application: &LockedApplication,
    document: &DocumentRecord,
) -> StoreResult<Option<String>> {
    if document.application_id != application.id() {
        return Err(StoreError::corrupt(format!(
            "a document of {} put under the lock of {}",
            document.application_id,
            application.id()
        )));
    }
    let size = i64::try_from(document.size_bytes).map_err(StoreError::corrupt)?;
    let key = (document.application_id.as_str(), document.kind.as_str());
    let replaced: Option<String> = application_documents::table
        .find(key)
        .select(application_documents::storage_key)
        .first(conn)
        .optional()?;
    let content = (
        application_documents::media_type.eq(document.media_type.as_str()),
        application_documents::size_bytes.eq(size),
        application_documents::sha256.eq(&document.sha256),
        application_documents::storage_key.eq(&document.storage_key),
        application_documents::uploaded_at.eq(to_db(document.uploaded_at)),
    );
    if replaced.is_some() {
        diesel::update(application_documents::table.find(key))
            .set(content)
            .execute(conn)?;
    } else {
        diesel::insert_into(application_documents::table)
            .values((
                application_documents::application_id.eq(key.0),
                application_documents::kind.eq(key.1),
                content,
            ))
            .execute(conn)?;
    }
    Ok(replaced)
}

/// Forgets every document of an application; returns their storage keys, whose files the
/// caller removes once this commits.
pub fn delete_all(
    conn: &mut DbConnection,
    application: &LockedApplication,
) -> StoreResult<Vec<String>> {
    let of_application = application_documents::table
        .filter(application_documents::application_id.eq(application.id()));
    let keys = of_application
        .select(application_documents::storage_key)
        .load(conn)?;
    diesel::delete(of_application).execute(conn)?;
    Ok(keys)
}

/// The names of stored documents after `after` (all from the first when `None`), in name
/// order, at most `limit`: what re-encryption walks through, a batch at a time.
pub fn storage_keys_after(
    conn: &mut DbConnection,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<String>> {
    let mut query = application_documents::table
        .select(application_documents::storage_key)
        .order(application_documents::storage_key.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(application_documents::storage_key.gt(after));
    }
    Ok(query.load(conn)?)
}

/// How many documents are stored.
pub fn count_all(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(application_documents::table.count().get_result(conn)?)
}

/// Whether a row still names the stored document `key`.
pub fn names(conn: &mut DbConnection, key: &str) -> StoreResult<bool> {
    let found: i64 = application_documents::table
        .filter(application_documents::storage_key.eq(key))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}
