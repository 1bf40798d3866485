//! Reading settlement reports (system admins): a report's summary with a page of its lines,
//! and the lines of one outcome across reports (those `unmatched` are for an admin).

use paspor_domain::settlement::LineOutcome;
use paspor_openapi::{
    PageQuery, SettlementCountsDto, SettlementLineDto, SettlementLineListQuery, SettlementLinePage,
    SettlementReportDetailDto, SettlementReportDto,
};
use paspor_persistence::DbConnection;
use paspor_persistence::settlement_reports::{self, LineRecord, ReportRecord};

use super::SettlementError;
use crate::auth::SystemAdmin;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// A report and one page of its lines, in file order.
pub async fn show_report(
    state: &AppState,
    _admin: &SystemAdmin,
    id: String,
    paging: PageQuery,
) -> Result<SettlementReportDetailDto, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    Ok(state
        .db
        .call(move |conn| {
            let record = settlement_reports::find(conn, &id)?.ok_or(SettlementError::NotFound)?;
            let counts = counts_of(conn, &id)?;
            let (lines, total) =
                settlement_reports::list_lines(conn, Some(&id), None, offset, i64::from(per_page))?;
            Ok::<_, SettlementError>(SettlementReportDetailDto {
                report: report_dto(record, counts),
                lines: SettlementLinePage {
                    items: lines.into_iter().map(line_dto).collect(),
                    page,
                    per_page,
                    total: u64::try_from(total).unwrap_or(0),
                },
            })
        })
        .await?)
}

/// The lines of every report with one outcome, oldest report first.
pub async fn list_lines(
    state: &AppState,
    _admin: &SystemAdmin,
    filter: SettlementLineListQuery,
    paging: PageQuery,
) -> Result<SettlementLinePage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let outcome = LineOutcome::from(filter.outcome);
    let (lines, total) = state
        .db
        .run(move |conn| {
            settlement_reports::list_lines(conn, None, Some(outcome), offset, i64::from(per_page))
        })
        .await?;
    Ok(SettlementLinePage {
        items: lines.into_iter().map(line_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// How many lines of the report came to each outcome.
pub(super) fn counts_of(
    conn: &mut DbConnection,
    id: &str,
) -> Result<SettlementCountsDto, SettlementError> {
    let mut counts = SettlementCountsDto::default();
    for (outcome, count) in settlement_reports::counts(conn, id)? {
        let slot = match outcome {
            LineOutcome::Pending => &mut counts.pending,
            LineOutcome::Restored => &mut counts.restored,
            LineOutcome::Moved => &mut counts.moved,
            LineOutcome::PaidWithoutPlace => &mut counts.paid_without_place,
            LineOutcome::AlreadyApplied => &mut counts.already_applied,
            LineOutcome::Refund => &mut counts.refund,
            LineOutcome::Unmatched => &mut counts.unmatched,
        };
        *slot = count;
    }
    Ok(counts)
}

pub(super) fn report_dto(record: ReportRecord, counts: SettlementCountsDto) -> SettlementReportDto {
    SettlementReportDto {
        id: record.id,
        content_sha256: record.content_sha256,
        imported_by: record.imported_by,
        imported_at: record.imported_at,
        finished_at: record.finished_at,
        line_count: record.line_count,
        counts,
    }
}

fn line_dto(record: LineRecord) -> SettlementLineDto {
    SettlementLineDto {
        id: record.id,
        report_id: record.report_id,
        line_number: record.line.line_number,
        billing_code: record.line.billing_code,
        amount: record.line.amount,
        ntpn: record.line.ntpn,
        paid_at: record.line.paid_at,
        channel: record.line.channel,
        outcome: record.outcome.into(),
        reason: record.reason,
        application_id: record.application_id,
        session_id: record.session_id,
        reconciled_at: record.reconciled_at,
    }
}
