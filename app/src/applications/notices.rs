//! The notices an application's holder receives as it moves, written to the outbox in the
//! transaction that moves it (through [`crate::notice::tell_account`], in the account's
//! language): an email, and a push notice (a title and one line) to each device the
//! account has registered. Times are the office's, with its zone's label.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use paspor_domain::TimeZone;
use paspor_domain::quota::Session;
use paspor_persistence::outbox::{self, Channel, NewMessage};
use paspor_persistence::{DbConnection, StoreError, devices};

use crate::locale::clock::{instant_at, local_date_time};
use crate::locale::money::rupiah;
use crate::locale::{Args, Language};
use crate::notice::Notice;

/// A session's date and start as the office's clock reads them.
pub fn appointment(language: Language, session: &Session, zone: TimeZone) -> String {
    local_date_time(language, session.date, session.starts, zone)
}

/// A place was booked: pay before the deadline. The billing code is in the email only.
pub fn booked(
    language: Language,
    office: &str,
    zone: TimeZone,
    session: &Session,
    amount: i64,
    billing_code: &str,
    deadline: DateTime<Utc>,
) -> Notice {
    let mut args = Args::new();
    args.set("office", office.to_owned());
    args.set("appointment", appointment(language, session, zone));
    args.set("amount", rupiah(amount));
    args.set("billing_code", billing_code.to_owned());
    args.set("deadline", instant_at(language, deadline, zone));
    Notice::of(language, "notice-booked", &args)
}

/// The payment arrived.
pub fn paid(language: Language, billing_code: &str) -> Notice {
    let mut args = Args::new();
    args.set("billing_code", billing_code.to_owned());
    Notice::of(language, "notice-paid", &args)
}

/// The booking expired unpaid.
pub fn expired(language: Language, billing_code: &str) -> Notice {
    let mut args = Args::new();
    args.set("billing_code", billing_code.to_owned());
    Notice::of(language, "notice-expired", &args)
}

/// A place freed and is offered from the waitlist until `until`.
pub fn place_offered(
    language: Language,
    office: &str,
    zone: TimeZone,
    session: &Session,
    until: DateTime<Utc>,
) -> Notice {
    let mut args = Args::new();
    args.set("office", office.to_owned());
    args.set("appointment", appointment(language, session, zone));
    args.set("until", instant_at(language, until, zone));
    Notice::of(language, "notice-offered", &args)
}

/// The applicant cancelled.
pub fn cancelled(language: Language) -> Notice {
    Notice::of(language, "notice-cancelled", &Args::new())
}

/// The appointment moved from `previous` (date, start and its office's zone) to `session`
/// at `office` in `zone`.
pub fn rescheduled(
    language: Language,
    office: &str,
    zone: TimeZone,
    previous: (NaiveDate, NaiveTime, TimeZone),
    session: &Session,
) -> Notice {
    let mut args = Args::new();
    args.set("office", office.to_owned());
    args.set(
        "previous",
        local_date_time(language, previous.0, previous.1, previous.2),
    );
    args.set("appointment", appointment(language, session, zone));
    Notice::of(language, "notice-rescheduled", &args)
}

/// A push notice, before it is addressed to the account's devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushNotice {
    /// The title line.
    pub title: String,
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
            subject: notice.title.clone(),
            body: notice.body.clone(),
            code: None,
        };
        outbox::enqueue(conn, &message, now)?;
    }
    Ok(tokens.len())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    fn session() -> Session {
        Session {
            id: "s".to_owned(),
            office_id: "o".to_owned(),
            date: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            starts: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            ends: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            capacity: paspor_domain::quota::Capacity::default(),
            release_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
            walk_in_only: false,
        }
    }

    #[test]
    fn the_booking_notice_reads_in_the_offices_clock_and_keeps_the_code_off_the_push() {
        let deadline = Utc.with_ymd_and_hms(2026, 12, 7, 3, 0, 0).unwrap();
        let english = booked(
            Language::English,
            "Kantor Imigrasi Makassar",
            TimeZone::Wita,
            &session(),
            650_000,
            "820261207000001",
            deadline,
        );
        assert!(
            english
                .body
                .contains("on Tuesday, 8 December 2026 at 08:00 WITA"),
            "{english:?}"
        );
        assert!(
            english
                .body
                .contains("Pay Rp650.000 with billing code 820261207000001 before Monday, 7 December 2026 at 11:00 WITA."),
            "{english:?}"
        );
        assert!(!english.push_body.contains("820261207000001"));
        let indonesian = booked(
            Language::Indonesian,
            "Kantor Imigrasi Makassar",
            TimeZone::Wita,
            &session(),
            650_000,
            "820261207000001",
            deadline,
        );
        assert!(
            indonesian
                .body
                .contains("pada Selasa, 8 Desember 2026 pukul 08.00 WITA"),
            "{indonesian:?}"
        );
        assert!(indonesian.body.contains("kode billing 820261207000001"));
        assert!(!indonesian.body.contains("UTC"));
    }
}
