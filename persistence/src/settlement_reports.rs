//! The payment channel's settlement reports and their lines: a report is kept once by the
//! SHA-256 of its content, with every line as read (outcome `pending`), then each line is
//! reconciled in a transaction of its own, which takes the line ([`take_pending_line`]) so
//! that of several imports of one report at once each line is reconciled once.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::settlement::LineOutcome;
use paspor_domain::settlement_report::SettledLine;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{settlement_lines, settlement_reports};
use crate::time::{from_db, to_db};

/// A report as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    pub id: String,
    pub content_sha256: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    /// When its last line was reconciled.
    pub finished_at: Option<DateTime<Utc>>,
    pub line_count: u32,
}

/// A line as kept, with what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRecord {
    pub id: String,
    pub report_id: String,
    pub line: SettledLine,
    pub outcome: LineOutcome,
    /// Why it is unmatched or to refund (a code such as `unknown_billing_code`).
    pub reason: Option<String>,
    /// The application it paid or names.
    pub application_id: Option<String>,
    /// The session it was booked in, when restored or moved.
    pub session_id: Option<String>,
    pub reconciled_at: Option<DateTime<Utc>>,
}

/// What became of a line once reconciled.
#[derive(Debug, Clone, Copy)]
pub struct Reconciled<'a> {
    pub outcome: LineOutcome,
    pub reason: Option<&'a str>,
    pub application_id: Option<&'a str>,
    pub session_id: Option<&'a str>,
}

type ReportRow = (
    String,
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    i32,
);

const REPORT_COLUMNS: (
    settlement_reports::id,
    settlement_reports::content_sha256,
    settlement_reports::imported_by,
    settlement_reports::imported_at,
    settlement_reports::finished_at,
    settlement_reports::line_count,
) = (
    settlement_reports::id,
    settlement_reports::content_sha256,
    settlement_reports::imported_by,
    settlement_reports::imported_at,
    settlement_reports::finished_at,
    settlement_reports::line_count,
);

fn report(row: ReportRow) -> ReportRecord {
    let (id, content_sha256, imported_by, imported_at, finished_at, line_count) = row;
    ReportRecord {
        id,
        content_sha256,
        imported_by,
        imported_at: from_db(imported_at),
        finished_at: finished_at.map(from_db),
        line_count: u32::try_from(line_count).unwrap_or(0),
    }
}

type LineRow = (
    (String, String, i32, String, i64, String, NaiveDateTime),
    (
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<NaiveDateTime>,
    ),
);

#[allow(
    clippy::type_complexity,
    reason = "the columns of LineRow, in its order"
)]
const LINE_COLUMNS: (
    (
        settlement_lines::id,
        settlement_lines::report_id,
        settlement_lines::line_number,
        settlement_lines::billing_code,
        settlement_lines::amount,
        settlement_lines::ntpn,
        settlement_lines::paid_at,
    ),
    (
        settlement_lines::channel,
        settlement_lines::outcome,
        settlement_lines::reason,
        settlement_lines::application_id,
        settlement_lines::session_id,
        settlement_lines::reconciled_at,
    ),
) = (
    (
        settlement_lines::id,
        settlement_lines::report_id,
        settlement_lines::line_number,
        settlement_lines::billing_code,
        settlement_lines::amount,
        settlement_lines::ntpn,
        settlement_lines::paid_at,
    ),
    (
        settlement_lines::channel,
        settlement_lines::outcome,
        settlement_lines::reason,
        settlement_lines::application_id,
        settlement_lines::session_id,
        settlement_lines::reconciled_at,
    ),
);

fn line(row: LineRow) -> StoreResult<LineRecord> {
    let (
        (id, report_id, line_number, billing_code, amount, ntpn, paid_at),
        (channel, outcome, reason, application_id, session_id, reconciled_at),
    ) = row;
    Ok(LineRecord {
        id,
        report_id,
        line: SettledLine {
            line_number: u32::try_from(line_number).unwrap_or(0),
            billing_code,
            amount,
            ntpn,
            paid_at: from_db(paid_at),
            channel,
        },
        outcome: outcome
            .parse()
            .map_err(|_| StoreError::corrupt(format!("settlement line outcome {outcome:?}")))?,
        reason,
        application_id,
        session_id,
        reconciled_at: reconciled_at.map(from_db),
    })
}

/// Keeps a report and its lines, each `pending`; returns its id. A report of the same
/// content kept before fails with [`StoreError::UniqueViolation`]. Call inside a write
/// transaction.
pub fn insert(
    conn: &mut DbConnection,
    content_sha256: &str,
    imported_by: &str,
    lines: &[SettledLine],
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    diesel::insert_into(settlement_reports::table)
        .values((
            settlement_reports::id.eq(&id),
            settlement_reports::content_sha256.eq(content_sha256),
            settlement_reports::imported_by.eq(imported_by),
            settlement_reports::imported_at.eq(to_db(now)),
            settlement_reports::line_count.eq(i32::try_from(lines.len()).unwrap_or(i32::MAX)),
        ))
        .execute(conn)?;
    // One statement a line: MultiConnection has no batch insert.
    for settled in lines {
        diesel::insert_into(settlement_lines::table)
            .values((
                settlement_lines::id.eq(new_id()),
                settlement_lines::report_id.eq(&id),
                settlement_lines::line_number
                    .eq(i32::try_from(settled.line_number).unwrap_or(i32::MAX)),
                settlement_lines::billing_code.eq(&settled.billing_code),
                settlement_lines::amount.eq(settled.amount),
                settlement_lines::ntpn.eq(&settled.ntpn),
                settlement_lines::paid_at.eq(to_db(settled.paid_at)),
                settlement_lines::channel.eq(settled.channel.as_deref()),
                settlement_lines::outcome.eq(LineOutcome::Pending.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The report with this content, if kept.
pub fn find_by_content(
    conn: &mut DbConnection,
    content_sha256: &str,
) -> StoreResult<Option<ReportRecord>> {
    Ok(settlement_reports::table
        .filter(settlement_reports::content_sha256.eq(content_sha256))
        .select(REPORT_COLUMNS)
        .first::<ReportRow>(conn)
        .optional()?
        .map(report))
}

/// The report with this id.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ReportRecord>> {
    Ok(settlement_reports::table
        .find(id)
        .select(REPORT_COLUMNS)
        .first::<ReportRow>(conn)
        .optional()?
        .map(report))
}

/// The ids of a report's lines still pending, in file order.
pub fn pending_lines(conn: &mut DbConnection, report_id: &str) -> StoreResult<Vec<String>> {
    Ok(settlement_lines::table
        .filter(settlement_lines::report_id.eq(report_id))
        .filter(settlement_lines::outcome.eq(LineOutcome::Pending.as_str()))
        .order(settlement_lines::line_number.asc())
        .select(settlement_lines::id)
        .load(conn)?)
}

/// Inside a write transaction: the line, if still pending, locked until the commit (on
/// PostgreSQL `FOR UPDATE`, which waits for another import reconciling it and then sees
/// what it wrote; SQLite's `BEGIN IMMEDIATE` has serialised the writers already).
pub fn take_pending_line(conn: &mut DbConnection, id: &str) -> StoreResult<Option<LineRecord>> {
    let pending = settlement_lines::table
        .find(id)
        .filter(settlement_lines::outcome.eq(LineOutcome::Pending.as_str()))
        .select(LINE_COLUMNS);
    let row: Option<LineRow> = match conn {
        DbConnection::Postgresql(pg) => pending.for_update().first(pg).optional()?,
        DbConnection::Sqlite(_) => pending.first(conn).optional()?,
    };
    row.map(line).transpose()
}

/// Records what became of a pending line.
pub fn record_outcome(
    conn: &mut DbConnection,
    id: &str,
    reconciled: &Reconciled<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let changed = diesel::update(
        settlement_lines::table
            .find(id)
            .filter(settlement_lines::outcome.eq(LineOutcome::Pending.as_str())),
    )
    .set((
        settlement_lines::outcome.eq(reconciled.outcome.as_str()),
        settlement_lines::reason.eq(reconciled.reason),
        settlement_lines::application_id.eq(reconciled.application_id),
        settlement_lines::session_id.eq(reconciled.session_id),
        settlement_lines::reconciled_at.eq(to_db(now)),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(changed))
}

/// Marks the report finished, once: whether this call did.
pub fn finish(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<Conditional> {
    let changed = diesel::update(
        settlement_reports::table
            .find(id)
            .filter(settlement_reports::finished_at.is_null()),
    )
    .set(settlement_reports::finished_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(changed))
}

/// How many lines of the report have each outcome.
pub fn counts(conn: &mut DbConnection, report_id: &str) -> StoreResult<Vec<(LineOutcome, u32)>> {
    let rows: Vec<(String, i64)> = settlement_lines::table
        .filter(settlement_lines::report_id.eq(report_id))
        .group_by(settlement_lines::outcome)
        .select((settlement_lines::outcome, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter()
        .map(|(outcome, count)| {
            let outcome = outcome
                .parse()
                .map_err(|_| StoreError::corrupt(format!("settlement line outcome {outcome:?}")))?;
            Ok((outcome, u32::try_from(count).unwrap_or(u32::MAX)))
        })
        .collect()
}

/// Lines of one report (in file order), or of every report with one outcome (oldest
/// report first), one page, and how many in all.
pub fn list_lines(
    conn: &mut DbConnection,
    report_id: Option<&str>,
    outcome: Option<LineOutcome>,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<LineRecord>, i64)> {
    let filtered = || {
        let mut query = settlement_lines::table.into_boxed();
        if let Some(report_id) = report_id {
            query = query.filter(settlement_lines::report_id.eq(report_id.to_owned()));
        }
        if let Some(outcome) = outcome {
            query = query.filter(settlement_lines::outcome.eq(outcome.as_str()));
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let rows: Vec<LineRow> = filtered()
        .order((
            settlement_lines::report_id.asc(),
            settlement_lines::line_number.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(LINE_COLUMNS)
        .load(conn)?;
    Ok((
        rows.into_iter().map(line).collect::<StoreResult<_>>()?,
        total,
    ))
}
