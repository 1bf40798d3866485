//! The emails an application's holder receives as it moves, written to the outbox in the
//! transaction that moves it.

use chrono::{DateTime, Utc};
use paspor_domain::quota::Session;
use paspor_persistence::outbox::{Channel, NewMessage};

fn email(to: &str, subject: &str, body: String) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        recipient: to.to_owned(),
        subject: subject.to_owned(),
        body,
        code: None,
    }
}

/// Rupiah with thousands separators, as Indonesians write them (Rp650.000).
fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("Rp{grouped}")
}

/// A place was booked: pay before the deadline.
pub fn booked(
    to: &str,
    office: &str,
    session: &Session,
    amount: i64,
    billing_code: &str,
    deadline: DateTime<Utc>,
) -> NewMessage {
    email(
        to,
        "Your passport appointment is booked: pay within 2 hours",
        format!(
            "Your appointment at {office} on {} from {} is held for you.\n\n\
             Pay {} with billing code {billing_code} before {} (UTC). Unpaid by then, the \
             booking expires and the place goes to someone else.",
            session.date,
            session.starts.format("%H:%M"),
            rupiah(amount),
            deadline.format("%Y-%m-%d %H:%M"),
        ),
    )
}

/// The payment arrived.
pub fn paid(to: &str, billing_code: &str) -> NewMessage {
    email(
        to,
        "Payment received",
        format!(
            "We received the payment for billing code {billing_code}. Your appointment is \
             confirmed; the app shows the check-in code on the day."
        ),
    )
}

/// The booking expired unpaid.
pub fn expired(to: &str, billing_code: &str) -> NewMessage {
    email(
        to,
        "Your booking expired",
        format!(
            "Billing code {billing_code} was not paid within 2 hours, so the booking expired and \
             its place returned to the pool. You can start a new application."
        ),
    )
}

/// A place freed and is offered from the waitlist.
pub fn place_offered(
    to: &str,
    office: &str,
    session: &Session,
    until: DateTime<Utc>,
) -> NewMessage {
    email(
        to,
        "A place is free for your passport appointment",
        format!(
            "A place freed at {office} on {} from {}. It is held for you until {} (UTC): book it \
             in the app before then, or it passes to the next in line.",
            session.date,
            session.starts.format("%H:%M"),
            until.format("%Y-%m-%d %H:%M"),
        ),
    )
}

/// The applicant cancelled.
pub fn cancelled(to: &str) -> NewMessage {
    email(
        to,
        "Your passport application was cancelled",
        "Your application was cancelled as you asked, and its appointment released. Fees \
         already paid are not refunded."
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::rupiah;

    #[test]
    fn rupiah_is_grouped_by_thousands() {
        assert_eq!(rupiah(650_000), "Rp650.000");
        assert_eq!(rupiah(1_650_000), "Rp1.650.000");
        assert_eq!(rupiah(500), "Rp500");
        assert_eq!(rupiah(0), "Rp0");
    }
}
