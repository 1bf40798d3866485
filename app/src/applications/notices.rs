//! The notices an application's holder receives as it moves, written to the outbox in the
//! transaction that moves it: an email, and a push notice (a title and one line) to each
//! device the account has registered.

use chrono::{DateTime, Utc};
use paspor_domain::quota::Session;
use paspor_persistence::outbox::{self, Channel, NewMessage};
use paspor_persistence::{DbConnection, StoreError, devices};

use crate::locale::money::rupiah;

fn email(to: &str, subject: &str, body: String) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        recipient: to.to_owned(),
        subject: subject.to_owned(),
        body,
        code: None,
    }
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

/// A push notice, before it is addressed to the account's devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushNotice {
    /// The title line.
    pub title: &'static str,
    /// One line under it.
    pub body: String,
}

/// Enqueues `notice` once for each device of `account`; returns how many. Call it in the
/// transaction of the change, like the email.
pub fn push_to_devices(
    conn: &mut DbConnection,
    account: &str,
    notice: &PushNotice,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let tokens = devices::tokens_of(conn, account)?;
    for token in &tokens {
        let message = NewMessage {
            channel: Channel::Push,
            recipient: token.clone(),
            subject: notice.title.to_owned(),
            body: notice.body.clone(),
            code: None,
        };
        outbox::enqueue(conn, &message, now)?;
    }
    Ok(tokens.len())
}

/// A place was booked: pay within 2 hours. No billing code: a lock screen shows it to
/// anyone, and the app has it.
pub fn booked_push(office: &str, session: &Session, amount: i64) -> PushNotice {
    PushNotice {
        title: "Appointment booked",
        body: format!(
            "{office}, {} {}: pay {} within 2 hours to keep it.",
            session.date,
            session.starts.format("%H:%M"),
            rupiah(amount),
        ),
    }
}

/// The payment arrived.
pub fn paid_push() -> PushNotice {
    PushNotice {
        title: "Payment received",
        body: "Your appointment is confirmed; show the check-in code at the office.".to_owned(),
    }
}

/// The applicant cancelled.
pub fn cancelled_push() -> PushNotice {
    PushNotice {
        title: "Application cancelled",
        body: "Your application was cancelled and its appointment released.".to_owned(),
    }
}

/// The booking expired unpaid.
pub fn expired_push() -> PushNotice {
    PushNotice {
        title: "Booking expired",
        body: "It was not paid within 2 hours and its place was released.".to_owned(),
    }
}
