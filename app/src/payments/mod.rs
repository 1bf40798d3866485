//! Payments: notices from the payment channel, verified by signature, checked against the
//! contract (refused and kept apart when they break it), applied once per event, and kept
//! whatever became of them.

mod contract;
mod intake;
mod late;
mod listing;
mod notices;
mod rejected;

pub use contract::read_notice;
pub use intake::{simulate_payment, take_integrator_notice, take_signed_notice};
pub use listing::{list_payments, payment_dto};
pub use rejected::{Sender, list as list_rejected, reject};

pub use late::{Placed, Search, credit_late};
pub use notices::{NoticeOutcome, PaymentError, amount_mismatch, credit_booking, receive_notice};
