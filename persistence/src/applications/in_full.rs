//! One application as its owner reads it, in one statement: the application with its
//! applicant's facts, its history, its current booking with the session, and the payment
//! that paid it. The app polls this read while a payment is awaited, so it is the read made
//! most after availability; a statement for each part was the larger part of its cost.
//!
//! The statement gives a row per history entry (and per paying payment, of which there is
//! one unless a channel paid twice); the parts that repeat are read from the first row.

use diesel::prelude::*;
use paspor_domain::quota::Session;

use super::{
    ApplicantFacts, ApplicationRecord, FACTS_COLUMNS, FactsRow, HistoryEntry, Row, facts, parse,
    record,
};
use crate::bookings::{ApplicationBooking, BOOKING_COLUMNS, BookingRow, application_booking};
use crate::connection::{DbConnection, load_natively};
use crate::error::StoreResult;
use crate::payments::{self, PaymentRecord, paid_its_application};
use crate::schema::{
    applicants, application_history, applications, bookings, office_sessions,
    payments as payments_table,
};
use crate::sessions::SessionRow;
use crate::time::from_db;

/// An application with everything its owner's view shows.
#[derive(Debug)]
pub struct InFull {
    /// The application.
    pub record: ApplicationRecord,
    /// Its applicant's facts (none if the applicant is gone).
    pub applicant: Option<ApplicantFacts>,
    /// Its history, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The place it holds (not given back, not a waitlist offer), with its session.
    pub booking: Option<(ApplicationBooking, Session)>,
    /// The payment that paid it: the first received, should a channel have paid twice.
    pub payment: Option<PaymentRecord>,
}

type HistoryRow = (String, String, Option<String>, chrono::NaiveDateTime);

type FullRow = (
    Row,
    Option<FactsRow>,
    Option<HistoryRow>,
    Option<BookingRow>,
    Option<SessionRow>,
    Option<payments::Row>,
);

/// The statement, without its filter and order: applications with their applicants,
/// history, current booking and session, and paying payments, joined.
macro_rules! joined_in_full {
    () => {
        applications::table
            .left_join(applicants::table)
            .left_join(
                application_history::table
                    .on(application_history::application_id.eq(applications::id)),
            )
            .left_join(
                bookings::table.on(bookings::application_id
                    .eq(applications::id.nullable())
                    .and(bookings::released_at.is_null())
                    .and(bookings::offer.eq(false))),
            )
            .left_join(office_sessions::table.on(office_sessions::id.eq(bookings::session_id)))
            .left_join(
                payments_table::table.on(payments_table::application_id
                    .eq(applications::id.nullable())
                    .and(paid_its_application!())),
            )
            .select((
                columns!(),
                FACTS_COLUMNS.nullable(),
                (
                    application_history::id,
                    application_history::status,
                    application_history::note,
                    application_history::at,
                )
                    .nullable(),
                BOOKING_COLUMNS.nullable(),
                Option::<SessionRow>::as_select(),
                payments::COLUMNS.nullable(),
            ))
    };
}

/// Within an application, its history oldest first, then its payments first received first.
macro_rules! entries_then_payments {
    () => {
        (
            application_history::at.asc(),
            application_history::id.asc(),
            payments_table::received_at.asc(),
            payments_table::id.asc(),
        )
    };
}

/// The account's application `id` with all its owner's view shows; `None` when there is no
/// such application of the account's.
pub fn find_owned_in_full(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<InFull>> {
    let rows: Vec<FullRow> = load_natively!(
        conn,
        joined_in_full!()
            .filter(applications::id.eq(id))
            .filter(applications::account_id.eq(account_id))
            .order(entries_then_payments!())
    )?;
    Ok(in_full(rows)?.pop())
}

/// A page of the account's applications, newest first, each with all its owner's view
/// shows, and how many the account has in all: one statement whatever the page's size, and
/// a second to count them when the page is full or past the end.
pub fn list_owned_in_full(
    conn: &mut DbConnection,
    account_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<InFull>, i64)> {
    // The page is chosen in a subquery of the same table, which must go by another name.
    let page_of = diesel::alias!(applications as page_of);
    let page = page_of
        .filter(page_of.field(applications::account_id).eq(account_id))
        .order((
            page_of.field(applications::created_at).desc(),
            page_of.field(applications::id).desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(page_of.field(applications::id));
    let rows: Vec<FullRow> = load_natively!(
        conn,
        joined_in_full!()
            .filter(applications::id.eq_any(page))
            .order((
                applications::created_at.desc(),
                applications::id.desc(),
                entries_then_payments!(),
            ))
    )?;
    let found = in_full(rows)?;
    // A page that is not full, and is not past the end, is the last: it tells how many
    // there are without counting them (most accounts have a page of a few).
    let listed = i64::try_from(found.len()).unwrap_or(i64::MAX);
    let total = if listed < limit && (listed > 0 || offset == 0) {
        offset + listed
    } else {
        applications::table
            .filter(applications::account_id.eq(account_id))
            .count()
            .get_result(conn)?
    };
    Ok((found, total))
}

/// Folds the statement's rows into the applications they describe, in their order: each
/// application's rows follow one another.
fn in_full(rows: Vec<FullRow>) -> StoreResult<Vec<InFull>> {
    let mut found: Vec<InFull> = vec![];
    // The application and history entry of the row before: an entry repeats once per
    // paying payment.
    let mut last: Option<(String, Option<String>)> = None;
    for (application, applicant, entry, booking, session, payment) in rows {
        let application_id = application.0.0.clone();
        let entry_id = entry.as_ref().map(|entry| entry.0.clone());
        let same_application = last
            .as_ref()
            .is_some_and(|(last_application, _)| *last_application == application_id);
        if !same_application {
            let booking = match (booking, session) {
                (Some(booking), Some(session)) => {
                    Some((application_booking(booking)?, session.into_domain()?))
                }
                _ => None,
            };
            found.push(InFull {
                record: record(application)?,
                applicant: applicant.map(facts),
                history: vec![],
                booking,
                payment: payment.map(payments::record).transpose()?,
            });
        } else if last
            .as_ref()
            .is_some_and(|(_, last_entry)| *last_entry == entry_id)
        {
            continue;
        }
        last = Some((application_id, entry_id));
        if let (Some((_, status, note, at)), Some(current)) = (entry, found.last_mut()) {
            current.history.push(HistoryEntry {
                status: parse("status", &status)?,
                note,
                at: from_db(at),
            });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    //! The one statement on both backends: the rows it multiplies (history entries times
    //! paying payments) fold back into each application once, and a page keeps its order.

    use chrono::TimeDelta;
    use paspor_domain::{ApplicationStatus, Channel};

    use super::*;
    use crate::applications::{self, find_owned_with_facts, histories};
    use crate::payments::PaymentStatus;
    use crate::places::{self, NewBooking};
    use crate::testing::{Fixture, on_postgres, on_sqlite, start};
    use crate::write_transaction;

    fn paid_twice(conn: &mut DbConnection, application: &str, billing_code: &str, seconds: i64) {
        for (n, status) in [(1, PaymentStatus::Applied), (2, PaymentStatus::Applied)] {
            let notice = payments::PaymentNotice {
                event_id: format!("{application}-{n}"),
                billing_code: billing_code.to_owned(),
                amount: 650_000,
                paid_at: start(),
                ntpn: Some(format!("NTPN{n}")),
                channel: None,
            };
            let received = start() + TimeDelta::seconds(seconds * n);
            payments::insert(conn, &notice, status, Some(application), received)
                .expect("a payment");
        }
    }

    fn each_application_is_folded_once(url: &str) {
        let mut fixture = Fixture::new(url, 2);
        let (booked, plain, other_draft) = (fixture.draft(), fixture.draft(), fixture.draft());
        let mut conn = fixture.pool.get().expect("a connection");
        let now = start();
        write_transaction(&mut conn, |conn| {
            let mut draft = applications::lock(conn, &booked)?.expect("the draft");
            let new = NewBooking {
                session_id: &fixture.session,
                channel: Channel::Regular,
                billing_code: "000000000000001",
                amount: 650_000,
                deadline: now + TimeDelta::hours(2),
                held_until: None,
            };
            let pending = places::book(conn, &draft, &new, now)?;
            places::confirm(conn, pending, now)?;
            for (status, minutes) in [
                (ApplicationStatus::AwaitingPayment, 1),
                (ApplicationStatus::Paid, 2),
            ] {
                let moved = applications::move_status(
                    conn,
                    &mut draft,
                    status,
                    None,
                    now + TimeDelta::minutes(minutes),
                )?;
                assert!(matches!(moved, crate::Conditional::Applied), "{status:?}");
            }
            Ok::<_, places::PlaceError>(())
        })
        .expect("booked and paid");
        paid_twice(&mut conn, &booked, "000000000000001", 10);
        let expected_history =
            histories(&mut conn, &[booked.as_str()]).expect("the history")[&booked].clone();
        assert_eq!(expected_history.len(), 3, "{expected_history:?}");

        let full = find_owned_in_full(&mut conn, &fixture.account, &booked)
            .expect("the read")
            .expect("the application");
        assert_eq!(full.history, expected_history);
        let (booking, session) = full.booking.expect("the place held");
        assert_eq!(booking.billing_code, "000000000000001");
        assert_eq!(session.id, fixture.session);
        let payment = full.payment.expect("the payment");
        assert_eq!(
            payment.notice.ntpn.as_deref(),
            Some("NTPN1"),
            "the first received"
        );
        let (record, facts) = find_owned_with_facts(&mut conn, &fixture.account, &booked)
            .expect("the read")
            .expect("the application");
        assert_eq!(full.record, record);
        assert_eq!(full.applicant, facts);

        let plain_full = find_owned_in_full(&mut conn, &fixture.account, &plain)
            .expect("the read")
            .expect("the draft");
        assert!(plain_full.booking.is_none() && plain_full.payment.is_none());
        assert_eq!(plain_full.history.len(), 1, "{:?}", plain_full.history);

        // Another account's application is not read, nor listed.
        assert!(
            find_owned_in_full(&mut conn, "another account", &booked)
                .expect("the read")
                .is_none()
        );
        let (page, total) =
            list_owned_in_full(&mut conn, "another account", 0, 10).expect("the list");
        assert!(page.is_empty() && total == 0);

        // Newest first, each folded once, and the page is a window of the same order.
        let (page, total) = list_owned_in_full(&mut conn, &fixture.account, 0, 10).expect("list");
        assert_eq!(total, 3);
        let ids: Vec<&str> = page.iter().map(|full| full.record.id.as_str()).collect();
        assert_eq!(ids, [other_draft.as_str(), plain.as_str(), booked.as_str()]);
        assert_eq!(page[2].history, expected_history);
        assert_eq!(
            page[2].payment.as_ref().map(|paid| paid.id.clone()),
            Some(payment.id)
        );
        let (second_page, total) =
            list_owned_in_full(&mut conn, &fixture.account, 1, 1).expect("list");
        let ids: Vec<&str> = second_page
            .iter()
            .map(|full| full.record.id.as_str())
            .collect();
        assert_eq!(ids, [plain.as_str()]);
        assert_eq!(total, 3, "a full page is counted");

        // The total whether it is counted or told by a last page.
        for (offset, limit, listed) in [
            (0, 3, 3),
            (0, 2, 2),
            (2, 2, 1),
            (1, 5, 2),
            (3, 2, 0),
            (9, 2, 0),
        ] {
            let (page, total) =
                list_owned_in_full(&mut conn, &fixture.account, offset, limit).expect("list");
            assert_eq!(
                (page.len(), total),
                (listed, 3),
                "offset {offset}, limit {limit}"
            );
        }
    }

    #[test]
    fn each_application_is_folded_once_sqlite() {
        on_sqlite(each_application_is_folded_once);
    }

    #[test]
    fn each_application_is_folded_once_postgres() {
        on_postgres("in_full", each_application_is_folded_once);
    }
}
