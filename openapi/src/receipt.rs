//! The payment of an application as its owner sees it, and the receipt of a paid
//! application: what was paid for, how much, the NTPN and channel the state's payment
//! system reported, the appointment and the check-in code, with texts in the reader's
//! language (`language`) and amounts both as integers and as people read them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{LanguageDto, TariffItemDto, TimeZoneDto};

/// The payment that paid an application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationPaymentDto {
    /// The amount paid, in whole rupiah.
    pub amount: i64,
    /// Always `IDR`.
    pub currency: String,
    /// When the payer paid.
    pub paid_at: DateTime<Utc>,
    /// The NTPN (Nomor Transaksi Penerimaan Negara) of the payment; null when the payment
    /// channel's notice carried none.
    pub ntpn: Option<String>,
    /// The bank or payment channel paid through; null when the notice named none.
    pub channel: Option<String>,
}

/// One line of what was paid for.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReceiptItemDto {
    /// The tariff item; null for a single line of the amount paid, when the booking's
    /// price can no longer be broken down (the tariff in force then is switched off).
    pub code: Option<TariffItemDto>,
    /// Its label in the receipt's language.
    pub label: String,
    /// Its amount in whole rupiah.
    pub amount: i64,
    /// The amount as people read it (`Rp650.000`).
    pub amount_text: String,
}

/// The payment as the receipt shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReceiptPaymentDto {
    /// The amount paid, in whole rupiah: the sum of the items.
    pub amount: i64,
    /// The amount as people read it (`Rp650.000`).
    pub amount_text: String,
    /// Always `IDR`.
    pub currency: String,
    /// The billing code paid (15 digits).
    pub billing_code: String,
    /// The NTPN; null when the payment channel's notice carried none.
    pub ntpn: Option<String>,
    /// The bank or payment channel; null when the notice named none.
    pub channel: Option<String>,
    /// When the payer paid.
    pub paid_at: DateTime<Utc>,
    /// When the payer paid, on the office's clock in the receipt's language
    /// (`Senin, 7 Desember 2026 pukul 08.00 WIB`).
    pub paid_at_text: String,
}

/// Where and when the applicant is expected.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReceiptAppointmentDto {
    /// The office's id.
    pub office_id: String,
    /// The office's name.
    pub office_name: String,
    /// The office's address and city.
    pub office_address: String,
    /// The office's time zone.
    pub time_zone: TimeZoneDto,
    /// The day, in the office's calendar.
    #[schema(format = "date", example = "2026-12-07")]
    pub date: NaiveDate,
    /// The session's start, local time (`HH:MM`).
    #[schema(example = "08:00")]
    pub starts: String,
    /// The session's end, local time (`HH:MM`).
    #[schema(example = "09:00")]
    pub ends: String,
    /// The day and time as the receipt's language writes them, with the zone's label
    /// (`Senin, 7 Desember 2026 pukul 08.00 WIB`).
    pub text: String,
}

/// The receipt of a paid application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReceiptDto {
    /// The language of its texts.
    pub language: LanguageDto,
    /// Its title in that language.
    pub title: String,
    /// The application.
    pub application_id: String,
    /// The applicant's full name.
    pub applicant_name: String,
    /// What was paid for, line by line.
    pub items: Vec<ReceiptItemDto>,
    /// The payment; its amount is the items' total.
    pub payment: ReceiptPaymentDto,
    /// The appointment; null when the application no longer holds one (cancelled).
    pub appointment: Option<ReceiptAppointmentDto>,
    /// The check-in code the office scans (shown as a QR code in the PDF), while the
    /// application is paid and awaits its appointment; null after check-in or once
    /// cancelled. The same as `GET /v1/applications/{id}/check-in-code` gives.
    pub check_in_code: Option<String>,
}
