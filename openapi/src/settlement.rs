//! The payment channel's settlement reports as system admins import and read them: the
//! report's summary, its lines with what became of each, and the lines left unmatched.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire_enum! {
    /// What became of a line of a settlement report: `pending` (not reconciled yet; the
    /// same file sent again finishes it), `restored` (paid in time, its notice never
    /// came: applied, its place kept or taken back), `moved` (applied, its place was
    /// taken: booked in the nearest free session of the same office, the person told),
    /// `paid_without_place` (applied, no place free near: the person books one),
    /// `already_applied` (its notice came), `refund` (paid after its deadline, or due
    /// nothing: kept as an unmatched payment to refund), `unmatched` (an unknown billing
    /// code or another amount than the one due: for an admin).
    SettlementOutcomeDto => paspor_domain::settlement::LineOutcome {
        Pending, Restored, Moved, PaidWithoutPlace, AlreadyApplied, Refund, Unmatched
    }
}

/// How many lines of a report came to each outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SettlementCountsDto {
    pub pending: u32,
    pub restored: u32,
    pub moved: u32,
    pub paid_without_place: u32,
    pub already_applied: u32,
    pub refund: u32,
    pub unmatched: u32,
}

/// A settlement report as imported.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SettlementReportDto {
    /// Its id.
    pub id: String,
    /// The SHA-256 of the file, hex: the same file is imported once.
    pub content_sha256: String,
    /// The system admin who imported it.
    pub imported_by: String,
    /// When.
    pub imported_at: DateTime<Utc>,
    /// When its last line was reconciled; null while lines are pending.
    pub finished_at: Option<DateTime<Utc>>,
    /// How many payment lines it has (the header not counted).
    pub line_count: u32,
    /// How many came to each outcome.
    pub counts: SettlementCountsDto,
}

/// A line of a settlement report and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SettlementLineDto {
    /// Its id.
    pub id: String,
    /// The report it is in.
    pub report_id: String,
    /// Its line number in the file (the header is 1).
    pub line_number: u32,
    /// The 15-digit billing code paid.
    pub billing_code: String,
    /// The amount paid, in whole rupiah.
    pub amount: i64,
    /// The NTPN of the payment.
    pub ntpn: String,
    /// When the payer paid.
    pub paid_at: DateTime<Utc>,
    /// The bank or channel paid through, if the report named one.
    pub channel: Option<String>,
    /// What became of it.
    pub outcome: SettlementOutcomeDto,
    /// Why it is unmatched or to refund: `unknown_billing_code`, `amount_mismatch`,
    /// `paid_after_deadline`, `nothing_due`, `paid_twice`, `started_again`, `place_gone`.
    pub reason: Option<String>,
    /// The application whose booking has the billing code, if any.
    pub application_id: Option<String>,
    /// The session it is booked in, when restored or moved.
    pub session_id: Option<String>,
    /// When it was reconciled.
    pub reconciled_at: Option<DateTime<Utc>>,
}

/// A page of settlement lines.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SettlementLinePage {
    /// The lines of this page.
    pub items: Vec<SettlementLineDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many there are in all.
    pub total: u64,
}

/// A report with one page of its lines, in file order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SettlementReportDetailDto {
    /// The report.
    pub report: SettlementReportDto,
    /// A page of its lines.
    pub lines: SettlementLinePage,
}

/// Which settlement lines to list.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SettlementLineListQuery {
    /// Only lines with this outcome.
    pub outcome: SettlementOutcomeDto,
}
