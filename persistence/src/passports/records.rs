//! The records of passports and their hand-overs as the rest of the server sees them, and
//! what issuing one reads and writes.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::issuance::{PassportNumber, PassportStatus, RecipientKind};
use paspor_domain::{ApplicationStatus, PassportKind};

/// A passport as stored, with its hand-over once collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassportRecord {
    pub id: String,
    pub number: PassportNumber,
    pub application_id: String,
    /// The office that issued it and hands it over.
    pub office_id: String,
    pub kind: PassportKind,
    /// Whether the book carries a chip.
    pub chip: bool,
    /// The holder's name and NIK as printed.
    pub holder_name: String,
    pub holder_nik: String,
    pub issue_date: NaiveDate,
    /// The last day it is valid.
    pub expiry_date: NaiveDate,
    /// From when it can be collected.
    pub ready_date: NaiveDate,
    /// The last day it can be collected.
    pub collect_by: NaiveDate,
    pub status: PassportStatus,
    /// The staff account that issued it.
    pub issued_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Who received it; `None` until collected.
    pub hand_over: Option<HandOverRecord>,
    /// Its hand-over to the courier, when it was sent by post instead.
    pub dispatch: Option<DispatchRecord>,
}

/// A passport handed to the courier for delivery by post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchRecord {
    /// The courier (`pos_indonesia`).
    pub courier: String,
    /// The courier's tracking number.
    pub tracking_number: String,
    /// The officer who handed it to the courier.
    pub officer_id: String,
    pub at: DateTime<Utc>,
}

/// A passport to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPassport<'a> {
    pub number: &'a PassportNumber,
    pub application_id: &'a str,
    pub office_id: &'a str,
    pub kind: PassportKind,
    pub holder_name: &'a str,
    pub holder_nik: &'a str,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub ready_date: NaiveDate,
    pub collect_by: NaiveDate,
    pub issued_by: &'a str,
}

/// Who received a passport and what the officer checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOverRecord {
    pub recipient: RecipientKind,
    pub recipient_name: String,
    /// The recipient's NIK (family members and proxies).
    pub recipient_nik: Option<String>,
    /// The family card checked (family members).
    pub family_card_number: Option<String>,
    /// The power of attorney shown (proxies).
    pub power_of_attorney_reference: Option<String>,
    /// The officer who handed it over.
    pub officer_id: String,
    pub at: DateTime<Utc>,
}

/// What issuing a passport needs to know of an application and the person it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuanceFacts {
    pub application_id: String,
    pub status: ApplicationStatus,
    pub passport_kind: PassportKind,
    /// The person's NIK and name.
    pub nik: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub dual_citizen_child: bool,
    /// Ever married (a married minor gets 10 years).
    pub married: bool,
}
