//! What a booking looks at before its transaction, in one statement: the caller's draft,
//! the session asked for, the places of the draft's channel held in it, and whether the
//! draft holds a live waitlist offer there. In a rush nearly every booking attempt is
//! refused as full by this look alone, on a pooled connection that the bookings queue for;
//! a statement for each part was most of the time that connection was held
//! (docs/PERFORMANCE.md).
//!
//! The channel counted is chosen in the statement from the draft's `service`: a service is
//! stored under the code of the channel its bookings take (`Channel::from(Service)`, held
//! by the domain's tests), so the count needs no answer from the database first.

use chrono::{DateTime, Utc};
use diesel::dsl::exists;
use diesel::prelude::*;
use paspor_domain::quota::Session;

use super::{ApplicationRecord, Row, record};
use crate::bookings::is_live;
use crate::connection::{DbConnection, load_natively};
use crate::error::StoreResult;
use crate::schema::{applications, bookings, office_sessions};
use crate::sessions::SessionRow;
use crate::time::to_db;

/// The draft and the session a booking names, as its look finds them.
#[derive(Debug)]
pub struct BookingLook {
    /// The account's application.
    pub application: ApplicationRecord,
    /// The session named, if there is one by that id (closed or not).
    pub session: Option<SessionSeen>,
}

/// A session as a booking's look finds it.
#[derive(Debug)]
pub struct SessionSeen {
    /// The session.
    pub session: Session,
    /// The live places of the draft's channel held in it.
    pub held: u32,
    /// Whether the draft holds a live waitlist offer of a place in it.
    pub offered_here: bool,
}

/// The account's application `id` with session `session_id` as a booking of it would find
/// them at `now`; `None` when there is no such application of the account's.
pub fn booking_look(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
    session_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<BookingLook>> {
    let now = to_db(now);
    let draft = diesel::alias!(applications as draft);
    let channel = draft
        .filter(draft.field(applications::id).eq(id))
        .select(draft.field(applications::service));
    let held = bookings::table
        .filter(bookings::session_id.eq(session_id))
        .filter(bookings::channel.eq_any(channel))
        .filter(is_live(now))
        .count()
        .single_value();
    // `offer` as it stands: the predicate of the offers' own index (`bookings_offers`).
    let offered_here = exists(
        bookings::table
            .filter(bookings::application_id.eq(id))
            .filter(bookings::offer)
            .filter(bookings::session_id.eq(session_id))
            .filter(is_live(now)),
    );
    let rows: Vec<(Row, Option<SessionRow>, Option<i64>, bool)> = load_natively!(
        conn,
        applications::table
            .left_join(office_sessions::table.on(office_sessions::id.eq(session_id)))
            .filter(applications::id.eq(id))
            .filter(applications::account_id.eq(account_id))
            .select((
                columns!(),
                Option::<SessionRow>::as_select(),
                held,
                offered_here,
            ))
    )?;
    let Some((row, session, held, offered_here)) = rows.into_iter().next() else {
        return Ok(None);
    };
    let session = session
        .map(|session| {
            Ok::<_, crate::StoreError>(SessionSeen {
                session: session.into_domain()?,
                held: u32::try_from(held.unwrap_or(0)).unwrap_or(u32::MAX),
                offered_here,
            })
        })
        .transpose()?;
    Ok(Some(BookingLook {
        application: record(row)?,
        session,
    }))
}

#[cfg(test)]
mod tests {
    //! The look's one statement on both backends: the draft's own channel counted, live
    //! places only, an offer told only in its own session, and nothing of another account.

    use chrono::TimeDelta;
    use paspor_domain::Channel;

    use super::*;
    use crate::testing::{Fixture, on_postgres, on_sqlite, start};

    fn the_look_reads_each_part_from_its_own_rows(url: &str) {
        let mut fixture = Fixture::new(url, 2);
        let drafts: Vec<String> = (0..5).map(|_| fixture.draft()).collect();
        let mut conn = fixture.pool.get().expect("a connection");
        let now = start();
        let soon = now + TimeDelta::minutes(30);
        let later = now + TimeDelta::hours(2);
        // Two regular places held, one lapsing before `now + 1 h`; one same-day place.
        let (regular, same_day) = (
            (fixture.session.as_str(), Channel::Regular),
            (fixture.session.as_str(), Channel::SameDay),
        );
        fixture.book(&mut conn, &drafts[0], regular, "000000000000001", later);
        fixture.book(&mut conn, &drafts[1], regular, "000000000000002", soon);
        fixture.book(&mut conn, &drafts[2], same_day, "000000000000003", later);
        // Draft 3 is offered a place in the other session.
        let until = now + TimeDelta::minutes(15);
        fixture.offer(&mut conn, &drafts[3], &fixture.other_session, until, now);

        let look = |conn: &mut DbConnection, draft: &str, session: &str, at| {
            booking_look(conn, &fixture.account, draft, session, at).expect("the look")
        };
        let found = look(&mut conn, &drafts[4], &fixture.session, now).expect("the draft");
        assert_eq!(found.application.id, drafts[4]);
        let seen = found.session.expect("the session");
        assert_eq!(seen.session.id, fixture.session);
        assert_eq!(
            seen.held, 2,
            "the regular places held, not the same-day one"
        );
        assert!(!seen.offered_here);

        let an_hour_on = look(
            &mut conn,
            &drafts[4],
            &fixture.session,
            now + TimeDelta::hours(1),
        );
        let seen = an_hour_on.expect("the draft").session.expect("the session");
        assert_eq!(seen.held, 1, "a hold past its deadline holds nothing");

        let offered = look(&mut conn, &drafts[3], &fixture.other_session, now).expect("the draft");
        let seen = offered.session.expect("the session");
        assert!(seen.offered_here, "the draft's offer in its own session");
        assert_eq!(seen.held, 1, "the offer's place is held");
        let elsewhere = look(&mut conn, &drafts[3], &fixture.session, now).expect("the draft");
        assert!(!elsewhere.session.expect("the session").offered_here);
        let lapsed = look(
            &mut conn,
            &drafts[3],
            &fixture.other_session,
            now + TimeDelta::minutes(16),
        );
        let seen = lapsed.expect("the draft").session.expect("the session");
        assert!(!seen.offered_here, "a lapsed offer holds nothing");

        let no_session = look(&mut conn, &drafts[4], "no such session", now).expect("the draft");
        assert!(no_session.session.is_none());
        assert!(
            booking_look(
                &mut conn,
                "another account",
                &drafts[4],
                &fixture.session,
                now
            )
            .expect("the look")
            .is_none(),
            "another account's draft is not found"
        );
        assert!(look(&mut conn, "no such draft", &fixture.session, now).is_none());
    }

    #[test]
    fn the_look_reads_each_part_from_its_own_rows_sqlite() {
        on_sqlite(the_look_reads_each_part_from_its_own_rows);
    }

    #[test]
    fn the_look_reads_each_part_from_its_own_rows_postgres() {
        on_postgres(
            "a booking's look",
            the_look_reads_each_part_from_its_own_rows,
        );
    }
}
