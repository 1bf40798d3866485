//! Why an import of a settlement report, or a read of one, refused.

use paspor_domain::settlement_report::{LineFault, ReportError};
use paspor_persistence::StoreError;

use crate::locale::{Arg, Message, Text};
use crate::payments::PaymentError;
use crate::refusal::{Refusal, RefusalKind};

/// A refused or failed import or read.
#[derive(Debug, thiserror::Error)]
pub enum SettlementError {
    /// The file breaks the format: nothing was imported.
    #[error("the settlement report is malformed: {0:?}")]
    Report(ReportError),
    /// No such report.
    #[error("no settlement report with this id exists")]
    NotFound,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<PaymentError> for SettlementError {
    fn from(error: PaymentError) -> Self {
        match error {
            PaymentError::Store(error) => SettlementError::Store(error),
            PaymentError::Internal(error) => SettlementError::Internal(error),
        }
    }
}

/// The message saying what is wrong with a line.
fn fault_message(fault: LineFault) -> Message {
    match fault {
        LineFault::Header => Message::new("settlement-reason-header"),
        LineFault::Columns { count } => {
            Message::new("settlement-reason-columns").with("count", count)
        }
        LineFault::BillingCode => Message::new("settlement-reason-billing-code"),
        LineFault::Amount => Message::new("settlement-reason-amount"),
        LineFault::Ntpn => Message::new("settlement-reason-ntpn"),
        LineFault::PaidAt => Message::new("settlement-reason-paid-at"),
        LineFault::Channel => Message::new("settlement-reason-channel"),
        LineFault::Duplicate => Message::new("settlement-reason-duplicate"),
    }
}

/// The refusal of a malformed report: 422, naming the line (in the detail, and as the
/// field `line <n>` with why).
pub fn report_refusal(error: ReportError) -> Refusal {
    match error {
        ReportError::NotUtf8 { line } => Refusal::new(
            RefusalKind::Unprocessable,
            Message::new("settlement-report-not-utf8"),
        )
        .with_field_error(
            format!("line {line}"),
            Message::new("settlement-report-not-utf8"),
        ),
        ReportError::Empty => Refusal::new(
            RefusalKind::Unprocessable,
            Message::new("settlement-report-empty"),
        ),
        ReportError::TooManyLines => Refusal::new(
            RefusalKind::Unprocessable,
            Message::new("settlement-report-too-many-lines")
                .with("max", paspor_domain::settlement_report::MAX_LINES),
        ),
        ReportError::Malformed { line, reason } => Refusal::new(
            RefusalKind::Unprocessable,
            Message::new("settlement-report-malformed")
                .with("line", i64::from(line))
                .with(
                    "reason",
                    Arg::Said(Box::new(Text::from(fault_message(reason)))),
                ),
        )
        .with_field_error(format!("line {line}"), fault_message(reason)),
    }
}

impl From<SettlementError> for Refusal {
    fn from(error: SettlementError) -> Self {
        match error {
            SettlementError::Report(error) => report_refusal(error),
            SettlementError::NotFound => Refusal::not_found("settlement report"),
            SettlementError::Store(error) => error.into(),
            SettlementError::Internal(error) => Refusal::internal(error),
        }
    }
}
