//! The WhatsApp messages of an application's changes that have a template of their own,
//! filled from what the change wrote; every other notice goes as [`Template::Notice`]. Each
//! is recorded only for a verified, opted-in number (`crate::notice::tell_account`).

/// A template and its parameters, in the order the template takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMessage {
    /// The registered template.
    pub template: Template,
    /// Its body's parameters.
    pub params: Vec<String>,
}

impl TemplateMessage {
    /// `template` filled with `params`.
    pub fn new(template: Template, params: Vec<String>) -> TemplateMessage {
        TemplateMessage { template, params }
    }
}

use chrono::{DateTime, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::Session;

use super::Template;
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

/// A place was booked: where, when, the billing code, the amount and the deadline, in the
/// office's time zone.
pub fn booked(language: Language, booked: &Booked<'_>) -> TemplateMessage {
    let zone = booked.office.time_zone;
    let params = vec![
        booked.office.name.clone(),
        local_date_time(language, booked.session.date, booked.session.starts, zone),
        booked.billing_code.to_owned(),
        rupiah(booked.amount),
        instant_at(language, booked.deadline, zone),
    ];
    TemplateMessage::new(Template::Booked, params)
}

/// The fee of the booking with this billing code was paid.
pub fn paid(billing_code: &str, amount: i64) -> TemplateMessage {
    TemplateMessage::new(
        Template::Paid,
        vec![billing_code.to_owned(), rupiah(amount)],
    )
}
