//! Booking a place for an application, and what the applicant then pays.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::ChannelDto;

/// The session to book: from `GET /v1/offices/{id}/availability`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingRequest {
    /// The office.
    pub office_id: String,
    /// The session's date, in the office's calendar.
    #[schema(format = "date", example = "2026-12-01")]
    pub date: NaiveDate,
    /// The session.
    pub session_id: String,
}

/// Whether a booking waits for payment or is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BookingStateDto {
    /// Held until `payment_deadline`; unpaid by then, the place returns to the pool.
    AwaitingPayment,
    /// Paid: the place is the applicant's.
    Paid,
}

/// A place held for an application, and how to pay for it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BookingDto {
    /// The booking's id.
    pub id: String,
    /// The office.
    pub office_id: String,
    /// The session.
    pub session_id: String,
    /// The session's date, in the office's calendar.
    #[schema(format = "date")]
    pub date: NaiveDate,
    /// Start, local time at the office (`HH:MM`).
    #[schema(example = "08:00")]
    pub starts: String,
    /// End, local time at the office (`HH:MM`).
    #[schema(example = "09:00")]
    pub ends: String,
    /// The quota the place comes from: regular or same-day.
    pub channel: ChannelDto,
    /// Awaiting payment, or paid.
    pub state: BookingStateDto,
    /// The 15-digit code to pay with at a bank or payment channel.
    #[schema(pattern = "^[0-9]{15}$", example = "820261125000417")]
    pub billing_code: String,
    /// The amount due, in whole rupiah.
    #[schema(example = 650000)]
    pub amount: i64,
    /// Always `IDR`.
    #[schema(example = "IDR")]
    pub currency: String,
    /// Pay before this instant (2 hours after booking); null once paid.
    pub payment_deadline: Option<DateTime<Utc>>,
}

/// A payment notice from the payment channel, signed with `Paspor-Signature`. Every field
/// is checked before anything is applied or kept as a payment: a notice that breaks this
/// schema is refused with 400, one whose `paid_at` is out of bounds with 422 (each naming
/// the field), and either is kept for system admins as a rejected notice
/// (`GET /v1/admin/rejected-payment-notices`) without changing any application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentNoticeRequest {
    /// The channel's id of this event: a notice sent again carries the same id. 1 to 128
    /// visible ASCII characters.
    #[schema(min_length = 1, max_length = 128, pattern = "^[!-~]{1,128}$")]
    pub event_id: String,
    /// The billing code paid: 15 digits.
    #[schema(min_length = 15, max_length = 15, pattern = "^[0-9]{15}$")]
    pub billing_code: String,
    /// The amount paid, in whole rupiah: at least 1 and at most 100,000,000.
    #[serde(deserialize_with = "crate::integral::i64")]
    #[schema(minimum = 1, maximum = 100_000_000)]
    pub amount: i64,
    /// When the payer paid: not before 2024-01-01T00:00:00Z (before the service) and not
    /// more than 5 minutes after the server's clock (422 otherwise).
    pub paid_at: DateTime<Utc>,
    /// The NTPN (Nomor Transaksi Penerimaan Negara) the state's payment system issued for
    /// this payment: 16 capital letters or digits. Send it with every notice; a notice
    /// without it is still applied (the money was received), and its receipt shows none.
    /// A replayed notice keeps the NTPN first received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        min_length = 16,
        max_length = 16,
        pattern = "^[0-9A-Z]{16}$",
        example = "0A1B2C3D4E5F6G7H"
    )]
    pub ntpn: Option<String>,
    /// The bank or payment channel the payer paid through, as the receipt shows it
    /// (e.g. `Bank BRI`, `Kantor Pos`): 1 to 64 characters, not blank, without control
    /// characters or surrounding spaces. Optional like `ntpn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 64, example = "Bank BRI")]
    pub channel: Option<String>,
}

/// The length of an NTPN.
pub const NTPN_LENGTH: usize = 16;

/// The most characters a payment channel's name may have.
pub const PAYMENT_CHANNEL_MAX_CHARS: usize = 64;

/// The largest amount a payment notice may carry, in rupiah: far above any fee.
pub const PAYMENT_NOTICE_MAX_AMOUNT: i64 = 100_000_000;

/// A payment notice that was refused for breaking the contract, as kept for system admins.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RejectedPaymentNoticeDto {
    /// Its id.
    pub id: String,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// Who sent it: `signature` (signed with the payment channel's shared secret) or
    /// `integrator:<client id>` (an integrator's access token).
    pub sender: String,
    /// The status it was answered with: 400 (the schema) or 422 (`paid_at` out of bounds).
    #[schema(example = 400)]
    pub status: u16,
    /// The field at fault (several separated by `, `); null when the body as a whole was
    /// not a payment notice.
    pub field: Option<String>,
    /// Why it was refused.
    pub reason: String,
    /// What was received: the first 2,048 bytes of the body as text, control characters
    /// shown as escapes (`\u{0}`), bytes that are not UTF-8 as U+FFFD.
    pub body: String,
    /// How many bytes the body had.
    pub body_bytes: u64,
}

/// A page of rejected payment notices, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RejectedPaymentNoticePage {
    /// The notices of this page.
    pub items: Vec<RejectedPaymentNoticeDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many there are in all.
    pub total: u64,
}

/// What became of a payment notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentResultDto {
    /// The application is paid.
    Applied,
    /// No payable booking has this code (unknown, or the booking expired first): the
    /// payment is kept for an admin to settle.
    Unmatched,
    /// This event was received before; nothing changed.
    Duplicate,
}

/// The answer to a payment notice.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentAckDto {
    /// The event acknowledged.
    pub event_id: String,
    /// What became of it.
    pub result: PaymentResultDto,
}

/// What became of a stored payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatusDto {
    /// It paid an application.
    Applied,
    /// It matched no payable booking: to settle by hand.
    Unmatched,
    /// The amount was not the one due.
    AmountMismatch,
    /// It was unmatched and an admin settled it (refunded, or applied to an application).
    Settled,
}

/// Which stored payments to list.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentListQuery {
    /// Only payments of this status.
    pub status: PaymentStatusDto,
}

/// A payment notice as kept.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentDto {
    /// Its id.
    pub id: String,
    /// The channel's event id.
    pub event_id: String,
    /// The billing code paid.
    pub billing_code: String,
    /// The amount paid, in whole rupiah.
    pub amount: i64,
    /// When the payer paid.
    pub paid_at: DateTime<Utc>,
    /// What became of it.
    pub status: PaymentStatusDto,
    /// The application it paid or was meant for (once settled as `applied`, the one it was
    /// credited to); null when the code is unknown.
    pub application_id: Option<String>,
    /// When the notice arrived.
    pub received_at: DateTime<Utc>,
    /// How an admin settled it; null unless `settled`.
    pub settlement: Option<crate::office_admin::SettlementDto>,
    /// The NTPN the notice carried; null when it carried none.
    pub ntpn: Option<String>,
    /// The bank or payment channel the notice named; null when it named none.
    pub channel: Option<String>,
}

/// A page of stored payments, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentPage {
    /// The payments of this page.
    pub items: Vec<PaymentDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many there are in all.
    pub total: u64,
}

/// Where and when an application would take a place that frees.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitlistRequest {
    /// The office.
    pub office_id: String,
    /// The first acceptable date.
    #[schema(format = "date", example = "2026-12-01")]
    pub from: NaiveDate,
    /// The last acceptable date (at most 62 days after `from`).
    #[schema(format = "date", example = "2026-12-31")]
    pub to: NaiveDate,
}

/// Where a waitlist entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaitlistStatusDto {
    /// In line.
    Waiting,
    /// A place is offered: book that session before `offer.until`.
    Offered,
    /// The application booked a place.
    Booked,
    /// An offer passed unanswered and went to the next in line.
    Lapsed,
    /// Left the line.
    Withdrawn,
}

/// A place offered from the waitlist, held until `until`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfferDto {
    /// The session offered: book it with `POST /v1/applications/{id}/booking`.
    pub session_id: String,
    /// Its date.
    #[schema(format = "date")]
    pub date: NaiveDate,
    /// Its start, local time at the office (`HH:MM`).
    pub starts: String,
    /// The offer lapses then and passes to the next in line.
    pub until: DateTime<Utc>,
}

/// An application's place in the waitlist.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WaitlistDto {
    /// The entry's id.
    pub id: String,
    /// The office.
    pub office_id: String,
    /// The first acceptable date.
    #[schema(format = "date")]
    pub from: NaiveDate,
    /// The last acceptable date.
    #[schema(format = "date")]
    pub to: NaiveDate,
    /// Where it stands.
    pub status: WaitlistStatusDto,
    /// How many entries for the office are ahead in line.
    pub ahead: u64,
    /// The place offered, while one is.
    pub offer: Option<OfferDto>,
}

/// A proof-of-work challenge for booking one draft (see `book_application`'s
/// `Paspor-Proof` header).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BookingChallengeDto {
    /// The text to hash, as `<challenge>:<nonce>`.
    pub challenge: String,
    /// How many leading zero bits SHA-256 of it must have; 0: no proof is asked.
    #[schema(minimum = 0, maximum = 24)]
    pub bits: u8,
    /// Until when the challenge is accepted.
    pub expires_at: DateTime<Utc>,
}
