//! Where a booking of a draft stands, read in two statements under the draft's lock (the
//! ids of the account's and the person's applications, then everything else): what
//! the limits judge (the person's lapses and cancellations, the account's holds awaiting
//! payment, its bookings of the session's release), and what the draft holds of the
//! waitlist (a live offer, an entry in line). Each part is a few rows at most: a person
//! lapses a few times, an account holds a few places, a draft one offer and one entry.
//! The places held in the session are not read here: the booking's look counted them a
//! moment before, and the count that decides is the one under the session's lock
//! (`crate::places`). Every part is found through an index on a key it is given (an id,
//! a list of ids, a release), never through a range or a partial index whose size the
//! planner may have guessed from a smaller table: its plans are kept for as long as a
//! pooled connection lives.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::case_when;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};
use paspor_domain::{ApplicationStatus, BookingRecord};

use crate::bookings::is_live;
use crate::connection::{DbConnection, load_natively};
use crate::error::{StoreError, StoreResult};
use crate::schema::{
    application_history, applications, bookings, office_sessions, waitlist_entries,
};
use crate::time::{from_db, to_db};
use crate::waitlist::EntryStatus;

/// Where a booking stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The person's lapses, the account's holds and its bookings of the release.
    pub record: BookingRecord,
    /// The live waitlist offer the draft holds: (offer id, session id).
    pub offer: Option<(String, String)>,
    /// Whether the draft has an entry waiting in line or offered a place.
    pub in_line: bool,
}

/// Who books, and the release of the session asked for.
#[derive(Debug, Clone, Copy)]
pub struct BookingOf<'a> {
    /// The account booking.
    pub account: &'a str,
    /// The draft.
    pub application_id: &'a str,
    /// The person's NIK.
    pub nik: &'a str,
    /// When the session's places were released.
    pub release_at: DateTime<Utc>,
}

/// What each row of the one statement tells.
const LAPSE: &str = "lapse";
const HOLD: &str = "hold";
const OF_RELEASE: &str = "of_release";
const OFFER: &str = "offer";
const IN_LINE: &str = "in_line";

type StandingRow = (
    String,
    Option<NaiveDateTime>,
    Option<String>,
    Option<String>,
);

/// Where `booking` stands at `now`, counting the person's lapses since `since`. Read it
/// under the draft's lock: the offer and the waitlist entry change only under it.
pub fn standing(
    conn: &mut DbConnection,
    booking: BookingOf<'_>,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<Standing> {
    let (own, person) = applications_of(conn, booking.account, booking.nik)?;
    let no_text = || None::<String>.into_sql::<Nullable<Text>>();
    let booked = bookings::table
        .filter(bookings::application_id.eq_any(&person))
        .filter(bookings::offer.eq(false))
        .select(bookings::application_id);
    let lapses = application_history::table
        .filter(application_history::application_id.eq_any(&person))
        .filter(
            application_history::application_id
                .nullable()
                .eq_any(booked),
        )
        .filter(application_history::status.eq_any([
            ApplicationStatus::Expired.as_str(),
            ApplicationStatus::Cancelled.as_str(),
        ]))
        .filter(application_history::at.gt(to_db(since)))
        .select((
            LAPSE.into_sql::<Text>(),
            application_history::at.nullable(),
            no_text(),
            no_text(),
        ));
    // Which of the account's bookings still wait for payment is told in the row (no
    // deadline: not a hold), not asked of the index: filtered on the deadline, a plan
    // made while the table was small read every hold of the country through
    // `bookings_holds_due` and kept doing so once there were thousands. The same for the
    // offer below, whose liveness would otherwise read `bookings_live_by_session` whole.
    let holds = bookings::table
        .filter(bookings::application_id.eq_any(&own))
        .filter(bookings::offer.eq(false))
        .select((
            HOLD.into_sql::<Text>(),
            case_when(
                bookings::released_at
                    .is_null()
                    .and(bookings::hold_deadline.gt(to_db(now))),
                bookings::hold_deadline,
            ),
            no_text(),
            no_text(),
        ));
    let of_release = office_sessions::table
        .filter(office_sessions::release_at.eq(to_db(booking.release_at)))
        .select(office_sessions::id);
    let made = bookings::table
        .filter(bookings::application_id.eq_any(&own))
        .filter(bookings::offer.eq(false))
        .filter(bookings::session_id.eq_any(of_release))
        .select((
            OF_RELEASE.into_sql::<Text>(),
            bookings::hold_deadline,
            no_text(),
            no_text(),
        ));
    let offer = bookings::table
        .filter(bookings::application_id.eq(booking.application_id))
        .filter(bookings::offer)
        .select((
            OFFER.into_sql::<Text>(),
            case_when(is_live(to_db(now)), bookings::hold_deadline),
            bookings::id.nullable(),
            bookings::session_id.nullable(),
        ));
    let in_line = waitlist_entries::table
        .filter(waitlist_entries::application_id.eq(booking.application_id))
        .filter(
            waitlist_entries::status
                .eq_any([EntryStatus::Waiting.as_str(), EntryStatus::Offered.as_str()]),
        )
        .select((
            IN_LINE.into_sql::<Text>(),
            None::<NaiveDateTime>.into_sql::<Nullable<Timestamp>>(),
            no_text(),
            no_text(),
        ));
    let query = lapses
        .union_all(holds)
        .union_all(made)
        .union_all(offer)
        .union_all(in_line);
    // Diesel's connection of either backend has no UNION; each backend's own has.
    let rows: Vec<StandingRow> = match conn {
        DbConnection::Postgresql(pg) => query.load(pg)?,
        DbConnection::Sqlite(sqlite) => query.load(sqlite)?,
    };
    let mut standing = Standing {
        record: BookingRecord {
            person_lapses: Vec::new(),
            account_holds: Vec::new(),
            account_bookings_of_release: 0,
        },
        offer: None,
        in_line: false,
    };
    for (kind, at, id, session) in rows {
        match (kind.as_str(), at, id, session) {
            (LAPSE, Some(at), _, _) => standing.record.person_lapses.push(from_db(at)),
            (HOLD, Some(deadline), _, _) => standing.record.account_holds.push(from_db(deadline)),
            // Given back, paid, or past its deadline.
            (HOLD, None, _, _) => {}
            (OF_RELEASE, _, _, _) => standing.record.account_bookings_of_release += 1,
            // An offer always has a deadline: one without is not live to accept (nor one
            // no longer live, whose deadline is not read).
            (OFFER, Some(_), Some(id), Some(session)) => standing.offer = Some((id, session)),
            (OFFER, None, _, _) => {}
            (IN_LINE, _, _, _) => standing.in_line = true,
            (kind, at, id, _) => {
                return Err(StoreError::corrupt(format!(
                    "a booking's standing read {kind:?} at {at:?} of {id:?}"
                )));
            }
        }
    }
    Ok(standing)
}

/// The ids of the applications of `account`, and of those of the person with `nik` (of
/// any account), read by their indexes first, so that the statement of [`standing`] is
/// given them as lists. Given as subqueries instead, its plan rested on the planner's
/// guess of how many applications an account or a person has and of how many bookings
/// there are: on a database whose statistics were counted before a rush (a new one, or
/// the first release day after a quiet spell), it hashed every booking and scanned every
/// history row for each booking, about 30,000 buffers a statement on release day (see
/// docs/PERFORMANCE.md).
fn applications_of(
    conn: &mut DbConnection,
    account: &str,
    nik: &str,
) -> StoreResult<(Vec<String>, Vec<String>)> {
    let query = applications::table
        .filter(
            applications::account_id
                .eq(account)
                .or(applications::nik.eq(nik)),
        )
        .select((
            applications::id,
            applications::account_id,
            applications::nik,
        ));
    let rows: Vec<(String, Option<String>, String)> = load_natively!(conn, query)?;
    let (mut own, mut person) = (Vec::new(), Vec::new());
    for (id, of_account, of_nik) in rows {
        if of_nik == nik {
            person.push(id.clone());
        }
        if of_account.as_deref() == Some(account) {
            own.push(id);
        }
    }
    Ok((own, person))
}

#[cfg(test)]
mod tests {
    //! The standing's statements on both backends: each part counted from its own rows, and
    //! nothing of another draft taken for this one's.

    use chrono::TimeDelta;

    use paspor_domain::Channel;

    use super::*;
    use crate::sessions;
    use crate::testing::{Fixture, on_postgres, on_sqlite, start};

    fn booking_of<'a>(
        fixture: &'a Fixture,
        application_id: &'a str,
        release_at: DateTime<Utc>,
    ) -> BookingOf<'a> {
        BookingOf {
            account: &fixture.account,
            application_id,
            nik: "not the person of any draft",
            release_at,
        }
    }

    fn each_part_is_read_from_its_own_rows(url: &str) {
        let mut fixture = Fixture::new(url, 2);
        let (booked, offered, other) = (fixture.draft(), fixture.draft(), fixture.draft());
        let mut conn = fixture.pool.get().expect("a connection");
        let now = start();
        let session = sessions::find(&mut conn, &fixture.session)
            .unwrap()
            .expect("the session");
        let deadline = now + TimeDelta::hours(2);
        let regular = (fixture.session.as_str(), Channel::Regular);
        fixture.book(&mut conn, &booked, regular, "000000000000001", deadline);
        let until = now + TimeDelta::minutes(15);
        fixture.offer(&mut conn, &offered, &fixture.other_session, until, now);

        let since = now - TimeDelta::days(30);
        let of_other = standing(
            &mut conn,
            booking_of(&fixture, &other, session.release_at),
            since,
            now,
        )
        .expect("the standing");
        assert_eq!(
            of_other.record.account_holds.len(),
            1,
            "an offer is no hold"
        );
        assert_eq!(of_other.record.account_bookings_of_release, 1);
        assert!(of_other.record.person_lapses.is_empty());
        assert_eq!(
            of_other.offer, None,
            "another draft's offer is not this one's"
        );
        assert!(!of_other.in_line);

        let of_offered = standing(
            &mut conn,
            booking_of(&fixture, &offered, session.release_at),
            since,
            now,
        )
        .expect("the standing");
        let (_, offered_session) = of_offered.offer.expect("the live offer");
        assert_eq!(offered_session, fixture.other_session);
        assert!(of_offered.in_line);

        let after_the_offer = standing(
            &mut conn,
            booking_of(&fixture, &offered, session.release_at),
            since,
            now + TimeDelta::minutes(16),
        )
        .expect("the standing");
        assert_eq!(after_the_offer.offer, None, "a lapsed offer holds nothing");
    }

    #[test]
    fn each_part_is_read_from_its_own_rows_sqlite() {
        on_sqlite(each_part_is_read_from_its_own_rows);
    }

    #[test]
    fn each_part_is_read_from_its_own_rows_postgres() {
        on_postgres("a booking's standing", each_part_is_read_from_its_own_rows);
    }
}
