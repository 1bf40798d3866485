//! Who looked: each time an officer or office admin reads a document of an application, a
//! row (the application, the kind, the office, the staff account, when). The applicant
//! reads which office looked and when; the staff account stays here for the audit.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::DocumentKind;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{document_reads, offices};
use crate::time::{from_db, to_db};

/// A read of a document by office staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRead {
    /// The application whose document was read.
    pub application_id: String,
    /// Which document.
    pub kind: DocumentKind,
    /// The office the reader works at.
    pub office_id: String,
    /// The staff account that read it.
    pub staff_account_id: String,
    /// When.
    pub read_at: DateTime<Utc>,
}

/// A read as the applicant sees it: the office, not the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRead {
    /// Which document.
    pub kind: DocumentKind,
    /// The office whose staff read it.
    pub office_id: String,
    /// Its name.
    pub office_name: String,
    /// When.
    pub read_at: DateTime<Utc>,
}

/// Records a read.
pub fn record(conn: &mut DbConnection, read: &DocumentRead) -> StoreResult<()> {
    diesel::insert_into(document_reads::table)
        .values((
            document_reads::id.eq(new_id()),
            document_reads::application_id.eq(&read.application_id),
            document_reads::kind.eq(read.kind.as_str()),
            document_reads::office_id.eq(&read.office_id),
            document_reads::staff_account_id.eq(&read.staff_account_id),
            document_reads::read_at.eq(to_db(read.read_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many reads the application's documents have had.
pub fn count_of(conn: &mut DbConnection, application_id: &str) -> StoreResult<i64> {
    Ok(document_reads::table
        .filter(document_reads::application_id.eq(application_id))
        .count()
        .get_result(conn)?)
}

/// A page of the reads of the application's documents, oldest first (ids, which grow
/// with time, break ties).
pub fn list_of(
    conn: &mut DbConnection,
    application_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<OfficeRead>> {
    let rows: Vec<(String, String, String, NaiveDateTime)> = document_reads::table
        .inner_join(offices::table.on(offices::id.eq(document_reads::office_id)))
        .filter(document_reads::application_id.eq(application_id))
        .order((document_reads::read_at.asc(), document_reads::id.asc()))
        .offset(offset)
        .limit(limit)
        .select((
            document_reads::kind,
            document_reads::office_id,
            offices::name,
            document_reads::read_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(kind, office_id, office_name, read_at)| {
            Ok(OfficeRead {
                kind: kind.parse().map_err(StoreError::corrupt)?,
                office_id,
                office_name,
                read_at: from_db(read_at),
            })
        })
        .collect()
}
