//! Payment notices from the payment channel, each kept once by its event id whatever
//! became of it: applied to an application, unmatched (unknown code, or arrived after the
//! booking expired) for an admin to settle, or refused for a wrong amount.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::payments;
use crate::time::{from_db, to_db};

/// What became of a payment notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    /// It paid an application.
    Applied,
    /// It matched no payable booking: for an admin to settle, never dropped.
    Unmatched,
    /// The amount was not the one due.
    AmountMismatch,
}

impl PaymentStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Applied => "applied",
            PaymentStatus::Unmatched => "unmatched",
            PaymentStatus::AmountMismatch => "amount_mismatch",
        }
    }

    fn parse(value: &str) -> StoreResult<PaymentStatus> {
        match value {
            "applied" => Ok(PaymentStatus::Applied),
            "unmatched" => Ok(PaymentStatus::Unmatched),
            "amount_mismatch" => Ok(PaymentStatus::AmountMismatch),
            other => Err(StoreError::corrupt(format!("payment status {other:?}"))),
        }
    }
}

/// A payment notice as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentNotice {
    /// The channel's id of the event: a notice sent twice has the same one.
    pub event_id: String,
    /// The billing code paid.
    pub billing_code: String,
    /// The amount paid, in rupiah.
    pub amount: i64,
    /// When the payer paid.
    pub paid_at: DateTime<Utc>,
}

/// A stored payment notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    /// Its id.
    pub id: String,
    /// The notice.
    pub notice: PaymentNotice,
    /// What became of it.
    pub status: PaymentStatus,
    /// The application it paid or was meant for.
    pub application_id: Option<String>,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
}

/// The stored notice with this event id.
pub fn find_by_event(
    conn: &mut DbConnection,
    event_id: &str,
) -> StoreResult<Option<PaymentRecord>> {
    payments::table
        .filter(payments::event_id.eq(event_id))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// Keeps a notice with what became of it. Call inside the transaction that applied it.
pub fn insert(
    conn: &mut DbConnection,
    notice: &PaymentNotice,
    status: PaymentStatus,
    application_id: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(payments::table)
        .values((
            payments::id.eq(&id),
            payments::event_id.eq(&notice.event_id),
            payments::billing_code.eq(&notice.billing_code),
            payments::amount.eq(notice.amount),
            payments::paid_at.eq(to_db(notice.paid_at)),
            payments::status.eq(status.as_str()),
            payments::application_id.eq(application_id),
            payments::received_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Notices of one status, oldest first, one page, and how many in all.
pub fn list(
    conn: &mut DbConnection,
    status: PaymentStatus,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<PaymentRecord>, i64)> {
    let of_status = || payments::table.filter(payments::status.eq(status.as_str()));
    let total = of_status().count().get_result(conn)?;
    let rows: Vec<Row> = of_status()
        .order((payments::received_at.asc(), payments::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(COLUMNS)
        .load(conn)?;
    Ok((
        rows.into_iter().map(record).collect::<StoreResult<_>>()?,
        total,
    ))
}

type Row = (
    String,
    String,
    String,
    i64,
    NaiveDateTime,
    String,
    Option<String>,
    NaiveDateTime,
);

const COLUMNS: (
    payments::id,
    payments::event_id,
    payments::billing_code,
    payments::amount,
    payments::paid_at,
    payments::status,
    payments::application_id,
    payments::received_at,
) = (
    payments::id,
    payments::event_id,
    payments::billing_code,
    payments::amount,
    payments::paid_at,
    payments::status,
    payments::application_id,
    payments::received_at,
);

fn record(row: Row) -> StoreResult<PaymentRecord> {
    let (id, event_id, billing_code, amount, paid_at, status, application_id, received_at) = row;
    Ok(PaymentRecord {
        id,
        notice: PaymentNotice {
            event_id,
            billing_code,
            amount,
            paid_at: from_db(paid_at),
        },
        status: PaymentStatus::parse(&status)?,
        application_id,
        received_at: from_db(received_at),
    })
}
