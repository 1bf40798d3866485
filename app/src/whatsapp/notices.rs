//! The WhatsApp notices of an application's changes, filled from what the change wrote;
//! each recorded only for a verified, opted-in number ([`super::enqueue_for_account`]).

use chrono::{DateTime, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::Session;
use paspor_persistence::{DbConnection, StoreError};

use super::{Template, enqueue_for_account};
use crate::locale::Language;
use crate::locale::clock::{instant_at, local_date_time};
use crate::locale::money::rupiah;

/// The booking that was just made, as the notice names it.
pub struct Booked<'a> {
    /// The office.
    pub office: &'a Office,
    /// The session booked.
    pub session: &'a Session,
    /// The fee due.
    pub amount: i64,
    /// The billing code to pay.
    pub billing_code: &'a str,
    /// The deadline to pay by.
    pub deadline: DateTime<Utc>,
}

// Until accounts keep a language of their own, notices are written in the default one.
const LANGUAGE: Language = Language::DEFAULT;

/// A place was booked: where, when, the billing code, the amount and the deadline, in the
/// office's time zone.
pub fn booked(
    conn: &mut DbConnection,
    account: &str,
    booked: &Booked<'_>,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let zone = booked.office.time_zone;
    let params = vec![
        booked.office.name.clone(),
        local_date_time(LANGUAGE, booked.session.date, booked.session.starts, zone),
        booked.billing_code.to_owned(),
        rupiah(booked.amount),
        instant_at(LANGUAGE, booked.deadline, zone),
    ];
    enqueue_for_account(conn, account, Template::Booked, LANGUAGE, params, now)
}

/// The fee of the booking with this billing code was paid.
pub fn paid(
    conn: &mut DbConnection,
    account: &str,
    billing_code: &str,
    amount: i64,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let params = vec![billing_code.to_owned(), rupiah(amount)];
    enqueue_for_account(conn, account, Template::Paid, LANGUAGE, params, now)
}
