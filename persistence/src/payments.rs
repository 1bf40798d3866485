//! Payment notices from the payment channel, each kept once by its event id whatever
//! became of it: applied to an application, unmatched (unknown code, or arrived after the
//! booking expired) for an admin to settle, or refused for a wrong amount. An unmatched
//! notice, once settled by an admin (refunded, or credited to an application), is kept as
//! settled with who did it, when, how and why.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::{DbConnection, load_for_ids};
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::payments;
use crate::time::{from_db, to_db};
use paspor_domain::settlement::Resolution;

/// What became of a payment notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    /// It paid an application.
    Applied,
    /// It matched no payable booking: for an admin to settle, never dropped.
    Unmatched,
    /// The amount was not the one due.
    AmountMismatch,
    /// It was unmatched, and an admin settled it.
    Settled,
}

impl PaymentStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Applied => "applied",
            PaymentStatus::Unmatched => "unmatched",
            PaymentStatus::AmountMismatch => "amount_mismatch",
            PaymentStatus::Settled => "settled",
        }
    }

    fn parse(value: &str) -> StoreResult<PaymentStatus> {
        match value {
            "applied" => Ok(PaymentStatus::Applied),
            "unmatched" => Ok(PaymentStatus::Unmatched),
            "amount_mismatch" => Ok(PaymentStatus::AmountMismatch),
            "settled" => Ok(PaymentStatus::Settled),
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
    /// The NTPN the state's payment system issued, when the notice carried one.
    pub ntpn: Option<String>,
    /// The bank or payment channel paid through, when the notice named one.
    pub channel: Option<String>,
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
    /// How an admin settled it, once settled.
    pub settlement: Option<Settlement>,
}

/// How an admin settled an unmatched payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Refunded, or credited to an application.
    pub resolution: Resolution,
    /// Why, in the admin's words.
    pub note: String,
    /// The admin's account.
    pub settled_by: String,
    /// When.
    pub settled_at: DateTime<Utc>,
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

/// The payment kept of this billing code with this NTPN (the state's receipt number: one
/// payment), whatever became of it: the first received.
pub fn find_by_code_and_ntpn(
    conn: &mut DbConnection,
    billing_code: &str,
    ntpn: &str,
) -> StoreResult<Option<PaymentRecord>> {
    payments::table
        .filter(payments::billing_code.eq(billing_code))
        .filter(payments::ntpn.eq(ntpn))
        .order((payments::received_at.asc(), payments::id.asc()))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// The stored notice with this id.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<PaymentRecord>> {
    payments::table
        .find(id)
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// Whether a payment paid its application: applied when its notice came, or settled onto
/// it by an admin. One rule for every read of what paid an application.
macro_rules! paid_its_application {
    () => {
        $crate::schema::payments::status
            .eq($crate::payments::PaymentStatus::Applied.as_str())
            .or($crate::schema::payments::status
                .eq($crate::payments::PaymentStatus::Settled.as_str())
                .and(
                    $crate::schema::payments::settlement_resolution
                        .eq(paspor_domain::settlement::Resolution::Applied.as_str()),
                ))
    };
}
pub(crate) use paid_its_application;

/// The payment that paid each of these applications, by application id: the notice
/// applied on arrival, or an unmatched one an admin credited to it (`settled` as
/// `applied`). At most one pays an application; should there be more, the first received.
pub fn paid_for(
    conn: &mut DbConnection,
    application_ids: &[&str],
) -> StoreResult<HashMap<String, PaymentRecord>> {
    if application_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let paying = || {
        payments::table
            .filter(paid_its_application!())
            .order((payments::received_at.desc(), payments::id.desc()))
            .select(COLUMNS)
    };
    let rows: Vec<Row> = load_for_ids!(conn, paying(), payments::application_id, application_ids)?;
    let mut paid = HashMap::new();
    // Newest first, so that the first received is the one left in the map.
    for row in rows {
        let record = record(row)?;
        if let Some(application) = record.application_id.clone() {
            paid.insert(application, record);
        }
    }
    Ok(paid)
}

/// Settles an unmatched payment: it becomes `settled` with the settlement, and names the
/// application it was credited to (if any). Only a payment still unmatched is settled, so
/// of two concurrent settlements exactly one happens; returns whether this one did.
pub fn settle(
    conn: &mut DbConnection,
    id: &str,
    settlement: &Settlement,
    credited_to: Option<&str>,
) -> StoreResult<Conditional> {
    let unmatched = payments::table
        .find(id)
        .filter(payments::status.eq(PaymentStatus::Unmatched.as_str()));
    let settled = match credited_to {
        Some(application) => diesel::update(unmatched)
            .set((
                payments::status.eq(PaymentStatus::Settled.as_str()),
                payments::settlement_resolution.eq(settlement.resolution.as_str()),
                payments::settlement_note.eq(&settlement.note),
                payments::settled_by.eq(&settlement.settled_by),
                payments::settled_at.eq(to_db(settlement.settled_at)),
                payments::application_id.eq(application),
            ))
            .execute(conn)?,
        None => diesel::update(unmatched)
            .set((
                payments::status.eq(PaymentStatus::Settled.as_str()),
                payments::settlement_resolution.eq(settlement.resolution.as_str()),
                payments::settlement_note.eq(&settlement.note),
                payments::settled_by.eq(&settlement.settled_by),
                payments::settled_at.eq(to_db(settlement.settled_at)),
            ))
            .execute(conn)?,
    };
    Ok(Conditional::of_rows(settled))
}

/// Keeps a notice with what became of it. Call inside the transaction that applied it.
pub fn insert(
    conn: &mut DbConnection,
    notice: &PaymentNotice,
    status: PaymentStatus,
    application_id: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<String> {
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
            payments::ntpn.eq(notice.ntpn.as_deref()),
            payments::channel.eq(notice.channel.as_deref()),
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

pub(crate) type Row = (
    (
        String,
        String,
        String,
        i64,
        NaiveDateTime,
        String,
        Option<String>,
        NaiveDateTime,
    ),
    (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<NaiveDateTime>,
    ),
    (Option<String>, Option<String>),
);

pub(crate) type Columns = (
    (
        payments::id,
        payments::event_id,
        payments::billing_code,
        payments::amount,
        payments::paid_at,
        payments::status,
        payments::application_id,
        payments::received_at,
    ),
    (
        payments::settlement_resolution,
        payments::settlement_note,
        payments::settled_by,
        payments::settled_at,
    ),
    (payments::ntpn, payments::channel),
);

pub(crate) const COLUMNS: Columns = (
    (
        payments::id,
        payments::event_id,
        payments::billing_code,
        payments::amount,
        payments::paid_at,
        payments::status,
        payments::application_id,
        payments::received_at,
    ),
    (
        payments::settlement_resolution,
        payments::settlement_note,
        payments::settled_by,
        payments::settled_at,
    ),
    (payments::ntpn, payments::channel),
);

fn settlement(
    (resolution, note, settled_by, settled_at): (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<NaiveDateTime>,
    ),
) -> StoreResult<Option<Settlement>> {
    let (Some(resolution), Some(settled_by), Some(settled_at)) =
        (resolution, settled_by, settled_at)
    else {
        return Ok(None);
    };
    Ok(Some(Settlement {
        resolution: resolution.parse().map_err(StoreError::corrupt)?,
        note: note.unwrap_or_default(),
        settled_by,
        settled_at: from_db(settled_at),
    }))
}

pub(crate) fn record((head, settled, (ntpn, channel)): Row) -> StoreResult<PaymentRecord> {
    let (id, event_id, billing_code, amount, paid_at, status, application_id, received_at) = head;
    Ok(PaymentRecord {
        id,
        notice: PaymentNotice {
            event_id,
            billing_code,
            amount,
            paid_at: from_db(paid_at),
            ntpn,
            channel,
        },
        status: PaymentStatus::parse(&status)?,
        application_id,
        received_at: from_db(received_at),
        settlement: settlement(settled)?,
    })
}
