//! Payments: notices from the payment channel, verified by signature, applied once per
//! event, and kept whatever became of them.

mod notices;
mod signature;

pub use notices::{NoticeOutcome, PaymentError, amount_mismatch, credit_booking, receive_notice};
pub use signature::{SIGNATURE_HEADER, sign, verify};
