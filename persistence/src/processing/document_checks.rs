//! The document check of an application: which kinds were missing, which were shown at the
//! counter without an upload, and by when the missing ones may be supplied.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{ApplicationStatus, DocumentKind};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{application_document_checks as checks, applications};
use crate::time::{from_db, to_db};

/// A document check as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCheckRecord {
    pub application_id: String,
    /// The kinds missing, in the order of [`DocumentKind::ALL`]; empty when complete.
    pub missing: Vec<DocumentKind>,
    /// The kinds shown at the counter without an upload, in the order of
    /// [`DocumentKind::ALL`].
    pub presented: Vec<DocumentKind>,
    /// The last day the missing documents may be supplied.
    pub deadline: Option<NaiveDate>,
    /// When that deadline passes (the office's midnight after it).
    pub due_at: Option<DateTime<Utc>>,
    pub checked_at: DateTime<Utc>,
    /// The staff account that checked.
    pub checked_by: String,
}

type Row = (
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDateTime>,
    NaiveDateTime,
    String,
    String,
);

macro_rules! columns {
    () => {
        (
            checks::application_id,
            checks::missing,
            checks::deadline,
            checks::due_at,
            checks::checked_at,
            checks::checked_by,
            checks::presented,
        )
    };
}

/// Kinds stored as comma-separated codes, in the order of [`DocumentKind::ALL`].
fn kinds_of(codes: &str) -> StoreResult<Vec<DocumentKind>> {
    let mut kinds = codes
        .split(',')
        .filter(|code| !code.is_empty())
        .map(|code| code.parse().map_err(StoreError::corrupt))
        .collect::<StoreResult<Vec<DocumentKind>>>()?;
    kinds.sort();
    Ok(kinds)
}

/// Kinds as stored: comma-separated codes.
fn codes_of(kinds: &[DocumentKind]) -> String {
    kinds
        .iter()
        .map(|kind| kind.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn record(row: Row) -> StoreResult<DocumentCheckRecord> {
    let (application_id, missing, deadline, due_at, checked_at, checked_by, presented) = row;
    Ok(DocumentCheckRecord {
        application_id,
        missing: kinds_of(&missing)?,
        presented: kinds_of(&presented)?,
        deadline,
        due_at: due_at.map(from_db),
        checked_at: from_db(checked_at),
        checked_by,
    })
}

/// The application's document check, if it had one.
pub fn find(
    conn: &mut DbConnection,
    application_id: &str,
) -> StoreResult<Option<DocumentCheckRecord>> {
    checks::table
        .find(application_id)
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// Records a check, replacing the application's earlier one; returns that one. Call inside
/// a write transaction holding the application's lock.
pub fn put(
    conn: &mut DbConnection,
    check: &DocumentCheckRecord,
) -> StoreResult<Option<DocumentCheckRecord>> {
    let earlier = find(conn, &check.application_id)?;
    let values = (
        checks::missing.eq(codes_of(&check.missing)),
        checks::presented.eq(codes_of(&check.presented)),
        checks::deadline.eq(check.deadline),
        checks::due_at.eq(check.due_at.map(to_db)),
        checks::checked_at.eq(to_db(check.checked_at)),
        checks::checked_by.eq(&check.checked_by),
    );
    if earlier.is_some() {
        diesel::update(checks::table.find(&check.application_id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(checks::table)
            .values((checks::application_id.eq(&check.application_id), values))
            .execute(conn)?;
    }
    Ok(earlier)
}

/// Applications still awaiting documents whose deadline passed by `now`, the earliest due
/// first: (application, deadline).
pub fn overdue(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<(String, NaiveDate)>> {
    let rows: Vec<(String, Option<NaiveDate>)> = checks::table
        .inner_join(applications::table)
        .filter(applications::status.eq(ApplicationStatus::AwaitingDocuments.as_str()))
        .filter(checks::due_at.le(to_db(now)))
        .order((checks::due_at.asc(), checks::application_id.asc()))
        .limit(limit)
        .select((checks::application_id, checks::deadline))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, deadline)| Some((id, deadline?)))
        .collect())
}
