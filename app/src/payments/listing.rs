//! The payments kept, whatever became of them, as system admins list them.

use paspor_openapi::{
    PageQuery, PaymentDto, PaymentListQuery, PaymentPage, PaymentStatusDto, SettlementDto,
};
use paspor_persistence::payments::{self, PaymentRecord, PaymentStatus};

use crate::auth::SystemAdmin;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// A page of the stored payments of one status, oldest first.
pub async fn list_payments(
    state: &AppState,
    _admin: &SystemAdmin,
    filter: PaymentListQuery,
    paging: PageQuery,
) -> Result<PaymentPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let status = match filter.status {
        PaymentStatusDto::Applied => PaymentStatus::Applied,
        PaymentStatusDto::Unmatched => PaymentStatus::Unmatched,
        PaymentStatusDto::AmountMismatch => PaymentStatus::AmountMismatch,
        PaymentStatusDto::Settled => PaymentStatus::Settled,
    };
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .run(move |conn| payments::list(conn, status, offset, i64::from(per_page)))
        .await?;
    Ok(PaymentPage {
        items: records.into_iter().map(payment_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// A stored payment as the contract shows it.
pub fn payment_dto(record: PaymentRecord) -> PaymentDto {
    PaymentDto {
        id: record.id,
        event_id: record.notice.event_id,
        billing_code: record.notice.billing_code,
        amount: record.notice.amount,
        paid_at: record.notice.paid_at,
        status: match record.status {
            PaymentStatus::Applied => PaymentStatusDto::Applied,
            PaymentStatus::Unmatched => PaymentStatusDto::Unmatched,
            PaymentStatus::AmountMismatch => PaymentStatusDto::AmountMismatch,
            PaymentStatus::Settled => PaymentStatusDto::Settled,
        },
        application_id: record.application_id,
        received_at: record.received_at,
        settlement: record.settlement.map(|settlement| SettlementDto {
            resolution: settlement.resolution.into(),
            note: settlement.note,
            settled_by: settlement.settled_by,
            settled_at: settlement.settled_at,
        }),
        ntpn: record.notice.ntpn,
        channel: record.notice.channel,
    }
}
