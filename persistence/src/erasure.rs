//! Erasure and retention's storage: what a closing account leaves behind, deleting or
//! blanking the rows tied to it table by table, the holds that say until when a decided
//! application is kept, and the document files still to be deleted from the store.
//!
//! The statements that delete or blank take the table and column names from the retention
//! registry (`paspor_app::privacy::retention`), constants of the program, never input; the
//! ids are bound. `$1` is a parameter on both backends (SQLite reads it as a named one, the
//! same each time it appears).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{
    applicants, application_decisions, application_documents, applications, devices,
    erasure_permits, passports, pending_file_deletions, retention_holds,
};
use crate::time::{from_db, to_db};
use crate::transaction::require_transaction;
use paspor_domain::ApplicationStatus;

/// The text a personal column that cannot be null holds once erased.
pub const ERASED: &str = "[erased]";

/// What a personal column becomes when its row is anonymised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// `NULL` (the column is nullable).
    Null,
    /// The empty text.
    Empty,
    /// [`ERASED`].
    Marker,
    /// `closed-<id>@closed.invalid`: an email address unique to the row (the column is
    /// unique), so that the address erased can register again.
    ClosedAddress,
}

impl Blank {
    fn sql(self) -> &'static str {
        match self {
            Blank::Null => "NULL",
            Blank::Empty => "''",
            Blank::Marker => "'[erased]'",
            Blank::ClosedAddress => "'closed-' || id || '@closed.invalid'",
        }
    }
}

fn tied_to(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|column| format!("{column} = $1"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The tables whose rows triggers keep from being changed or deleted, but for the rows an
/// erasure permits (`erasure_permits`, by the row's `id`).
const APPEND_ONLY: &[&str] = &["audit_records", "screenings"];

/// A value bound to `$1`.
#[derive(Clone, Copy)]
enum Bound<'a> {
    Text(&'a str),
    Instant(NaiveDateTime),
}

fn execute(conn: &mut DbConnection, sql: &str, bound: Bound<'_>) -> StoreResult<usize> {
    match bound {
        Bound::Text(value) => {
            let query = diesel::sql_query(sql).bind::<Text, _>(value);
            Ok(match conn {
                DbConnection::Postgresql(pg) => query.execute(pg)?,
                DbConnection::Sqlite(sqlite) => query.execute(sqlite)?,
            })
        }
        Bound::Instant(value) => {
            let query = diesel::sql_query(sql).bind::<Timestamp, _>(value);
            Ok(match conn {
                DbConnection::Postgresql(pg) => query.execute(pg)?,
                DbConnection::Sqlite(sqlite) => query.execute(sqlite)?,
            })
        }
    }
}

/// Deletes the rows of `table` that `condition` (with `$1` bound) selects; an append-only
/// table's rows are permitted first and the permits removed after, inside the caller's
/// transaction.
fn delete_where(
    conn: &mut DbConnection,
    table: &str,
    condition: &str,
    bound: Bound<'_>,
) -> StoreResult<usize> {
    let append_only = APPEND_ONLY.contains(&table);
    if append_only {
        require_transaction(conn, "permitting an erasure")?;
        execute(
            conn,
            &format!(
                "INSERT INTO erasure_permits (table_name, row_key) \
                 SELECT '{table}', id FROM {table} WHERE {condition}"
            ),
            bound,
        )?;
    }
    let deleted = execute(
        conn,
        &format!("DELETE FROM {table} WHERE {condition}"),
        bound,
    )?;
    if append_only {
        diesel::delete(erasure_permits::table.filter(erasure_permits::table_name.eq(table)))
            .execute(conn)?;
    }
    Ok(deleted)
}

/// Deletes the rows of `table` where any of `columns` holds one of `ids`; how many.
pub fn delete_tied(
    conn: &mut DbConnection,
    table: &str,
    columns: &[&str],
    ids: &[String],
) -> StoreResult<usize> {
    let condition = tied_to(columns);
    let mut deleted = 0;
    for id in ids {
        deleted += delete_where(conn, table, &condition, Bound::Text(id))?;
    }
    Ok(deleted)
}

/// Blanks `blanks` in the rows of `table` where any of `columns` holds one of `ids`.
pub fn blank_tied(
    conn: &mut DbConnection,
    table: &str,
    columns: &[&str],
    blanks: &[(&str, Blank)],
    ids: &[String],
) -> StoreResult<usize> {
    if blanks.is_empty() {
        return Ok(0);
    }
    let set = blanks
        .iter()
        .map(|(column, blank)| format!("{column} = {}", blank.sql()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("UPDATE {table} SET {set} WHERE {}", tied_to(columns));
    let mut blanked = 0;
    for id in ids {
        blanked += execute(conn, &sql, Bound::Text(id))?;
    }
    Ok(blanked)
}

/// Deletes the rows of `table` whose `column` (a timestamp) is before `cutoff`; how many.
pub fn delete_older_than(
    conn: &mut DbConnection,
    table: &str,
    column: &str,
    cutoff: DateTime<Utc>,
) -> StoreResult<usize> {
    delete_where(
        conn,
        table,
        &format!("{column} < $1"),
        Bound::Instant(to_db(cutoff)),
    )
}

/// One application of a closing account: its id, its applicant, and whether it was decided
/// (see `ApplicationStatus::is_decided`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountApplication {
    pub id: String,
    pub applicant_id: String,
    pub decided: bool,
}

/// The applications of account `account`'s own and of its applicants.
pub fn applications_of_account(
    conn: &mut DbConnection,
    account: &str,
) -> StoreResult<Vec<AccountApplication>> {
    let own_applicants = applicants::table
        .filter(applicants::account_id.eq(account))
        .select(applicants::id);
    let found: Vec<(String, String, String)> = applications::table
        .filter(
            applications::account_id
                .eq(account)
                .or(applications::applicant_id.eq_any(own_applicants)),
        )
        .select((
            applications::id,
            applications::applicant_id,
            applications::status,
        ))
        .order(applications::id)
        .load(conn)?;
    found
        .into_iter()
        .map(|(id, applicant_id, status)| {
            let status: ApplicationStatus = status.parse().map_err(StoreError::corrupt)?;
            Ok(AccountApplication {
                id,
                applicant_id,
                decided: status.is_decided(),
            })
        })
        .collect()
}

/// The ids of account `account`'s applicants.
pub fn applicants_of_account(conn: &mut DbConnection, account: &str) -> StoreResult<Vec<String>> {
    Ok(applicants::table
        .filter(applicants::account_id.eq(account))
        .select(applicants::id)
        .order(applicants::id)
        .load(conn)?)
}

/// The applicant of application `application`, if it exists.
pub fn applicant_of(conn: &mut DbConnection, application: &str) -> StoreResult<Option<String>> {
    Ok(applications::table
        .find(application)
        .select(applications::applicant_id)
        .first(conn)
        .optional()?)
}

/// Whether applicant `applicant` still has an application.
pub fn applicant_has_applications(conn: &mut DbConnection, applicant: &str) -> StoreResult<bool> {
    let count: i64 = applications::table
        .filter(applications::applicant_id.eq(applicant))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// The tokens of account `account`'s devices (what push notices were addressed to).
pub fn device_tokens(conn: &mut DbConnection, account: &str) -> StoreResult<Vec<String>> {
    Ok(devices::table
        .filter(devices::account_id.eq(account))
        .select(devices::token)
        .load(conn)?)
}

/// The passports issued on `applications`: (passport id, application id, expiry date).
pub fn passports_of(
    conn: &mut DbConnection,
    applications: &[String],
) -> StoreResult<Vec<(String, String, NaiveDate)>> {
    Ok(passports::table
        .filter(passports::application_id.eq_any(applications))
        .select((
            passports::id,
            passports::application_id,
            passports::expiry_date,
        ))
        .load(conn)?)
}

/// When application `application` was decided, if it was.
pub fn decided_at(
    conn: &mut DbConnection,
    application: &str,
) -> StoreResult<Option<DateTime<Utc>>> {
    let at: Option<NaiveDateTime> = application_decisions::table
        .find(application)
        .select(application_decisions::decided_at)
        .first(conn)
        .optional()?;
    Ok(at.map(from_db))
}

/// The storage keys of the documents of `applications`.
pub fn document_keys(conn: &mut DbConnection, applications: &[String]) -> StoreResult<Vec<String>> {
    Ok(application_documents::table
        .filter(application_documents::application_id.eq_any(applications))
        .select(application_documents::storage_key)
        .load(conn)?)
}

/// Holds application `application` (decided, of a closed account) until `kept_until`.
pub fn hold(
    conn: &mut DbConnection,
    application: &str,
    kept_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(retention_holds::table)
        .values((
            retention_holds::application_id.eq(application),
            retention_holds::kept_until.eq(to_db(kept_until)),
            retention_holds::held_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` held applications whose hold ended by `now`, oldest first.
pub fn holds_ended(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<String>> {
    Ok(retention_holds::table
        .filter(retention_holds::kept_until.le(to_db(now)))
        .order((retention_holds::kept_until, retention_holds::application_id))
        .select(retention_holds::application_id)
        .limit(limit)
        .load(conn)?)
}

/// Ends the hold of `application` if it ended by `now` and is still there: applied for one
/// caller only, so that of several processes one erases what it held.
pub fn release_hold(
    conn: &mut DbConnection,
    application: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let deleted = diesel::delete(
        retention_holds::table
            .find(application)
            .filter(retention_holds::kept_until.le(to_db(now))),
    )
    .execute(conn)?;
    Ok(Conditional::of_rows(deleted))
}

/// Records that the document file `key` is to be deleted from the store (its row is gone
/// in the same transaction), so that a failed deletion is tried again, not forgotten.
pub fn record_file_deletion(
    conn: &mut DbConnection,
    key: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(pending_file_deletions::table)
        .values((
            pending_file_deletions::storage_key.eq(key),
            pending_file_deletions::since.eq(to_db(now)),
            pending_file_deletions::attempts.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` files still to be deleted, those tried least first.
pub fn files_to_delete(conn: &mut DbConnection, limit: i64) -> StoreResult<Vec<String>> {
    Ok(pending_file_deletions::table
        .order((
            pending_file_deletions::attempts,
            pending_file_deletions::since,
        ))
        .select(pending_file_deletions::storage_key)
        .limit(limit)
        .load(conn)?)
}

/// The file `key` is deleted from the store: nothing is left to do for it.
pub fn file_deleted(conn: &mut DbConnection, key: &str) -> StoreResult<()> {
    diesel::delete(pending_file_deletions::table.find(key)).execute(conn)?;
    Ok(())
}

/// Deleting the file `key` failed once more; it is tried again later.
pub fn file_deletion_failed(conn: &mut DbConnection, key: &str) -> StoreResult<()> {
    diesel::update(pending_file_deletions::table.find(key))
        .set(pending_file_deletions::attempts.eq(pending_file_deletions::attempts + 1))
        .execute(conn)?;
    Ok(())
}
