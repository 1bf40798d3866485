//! The place-taking protocol and the application lock against real databases, on both
//! backends: a session never holds more than its capacity, however many take a place at
//! once; one application holds one place, however many of its own requests race, and
//! even when a caller forgets the lock; a closed session refuses; a moved booking counts in
//! its new session; writes outside a transaction are refused.

use std::sync::{Arc, Barrier};

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::{ApplicationStatus, Channel};

use super::{NewBooking, PlaceError, book, confirm, move_booking};
use crate::applications;
use crate::bookings::count_live;
use crate::schema::office_sessions;
use crate::testing::{Fixture, on_postgres, on_sqlite, start};
use crate::{DbConnection, StoreError, write_transaction};
use diesel::prelude::*;

/// Books draft `id` in `session` the way the service does: the draft locked, refused unless
/// still a draft, the booking written, the status moved, and the place confirmed last.
/// Returns the booking's id; any refusal rolls the whole transaction back.
fn book_draft(
    conn: &mut DbConnection,
    id: &str,
    session: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<String, PlaceError> {
    write_transaction(conn, |conn| {
        let mut draft = applications::lock(conn, id)?.expect("the draft");
        if draft.status != ApplicationStatus::Draft {
            return Err(PlaceError::AlreadyHeld);
        }
        let pending = book(conn, &draft, &booking(session, code, now), now)?;
        let moved = applications::move_status(
            conn,
            &mut draft,
            ApplicationStatus::AwaitingPayment,
            None,
            now,
        )?;
        assert!(moved.applied(), "moved under its own lock");
        confirm(conn, pending, now)
    })
}

fn booking<'a>(session: &'a str, code: &'a str, now: DateTime<Utc>) -> NewBooking<'a> {
    NewBooking {
        session_id: session,
        channel: Channel::Regular,
        billing_code: code,
        amount: 650_000,
        deadline: now + TimeDelta::hours(2),
        held_until: None,
    }
}

fn live(fixture: &Fixture, session: &str) -> u32 {
    let mut conn = fixture.pool.get().expect("a connection");
    count_live(&mut conn, session, Channel::Regular, start()).expect("a count")
}

fn beyond_the_capacity_a_place_is_refused_and_nothing_stays(url: &str) {
    let mut fixture = Fixture::new(url, 4);
    fixture.set_regular_capacity(&fixture.session.clone(), 2);
    let drafts: Vec<String> = (0..3).map(|_| fixture.draft()).collect();
    let mut conn = fixture.pool.get().expect("a connection");
    let now = start();
    for (n, draft) in drafts.iter().enumerate().take(2) {
        book_draft(&mut conn, draft, &fixture.session, &format!("{n:015}"), now).expect("a place");
    }
    let refused = book_draft(
        &mut conn,
        &drafts[2],
        &fixture.session,
        "000000000000002",
        now,
    );
    assert!(matches!(refused, Err(PlaceError::Full)), "{refused:?}");
    drop(conn);
    assert_eq!(live(&fixture, &fixture.session), 2);
    let mut conn = fixture.pool.get().expect("a connection");
    let third = applications::find_by_id(&mut conn, &drafts[2])
        .unwrap()
        .unwrap();
    assert_eq!(third.status, ApplicationStatus::Draft, "rolled back whole");
}

#[test]
fn beyond_the_capacity_a_place_is_refused_and_nothing_stays_sqlite() {
    on_sqlite(beyond_the_capacity_a_place_is_refused_and_nothing_stays);
}

#[test]
fn beyond_the_capacity_a_place_is_refused_and_nothing_stays_postgres() {
    on_postgres(
        "the capacity",
        beyond_the_capacity_a_place_is_refused_and_nothing_stays,
    );
}

fn a_closed_session_refuses(url: &str) {
    let mut fixture = Fixture::new(url, 2);
    let draft = fixture.draft();
    let mut conn = fixture.pool.get().expect("a connection");
    diesel::update(office_sessions::table.find(&fixture.session))
        .set(office_sessions::closed.eq(true))
        .execute(&mut conn)
        .unwrap();
    let refused = book_draft(
        &mut conn,
        &draft,
        &fixture.session,
        "000000000000001",
        start(),
    );
    assert!(matches!(refused, Err(PlaceError::Closed)), "{refused:?}");
}

#[test]
fn a_closed_session_refuses_sqlite() {
    on_sqlite(a_closed_session_refuses);
}

#[test]
fn a_closed_session_refuses_postgres() {
    on_postgres("a closed session", a_closed_session_refuses);
}

fn one_application_holds_one_place_even_without_its_lock(url: &str) {
    let mut fixture = Fixture::new(url, 2);
    let draft = fixture.draft();
    let mut conn = fixture.pool.get().expect("a connection");
    let now = start();
    book_draft(&mut conn, &draft, &fixture.session, "000000000000001", now).expect("a place");
    // A caller that skipped the status check: the database's one-place index refuses.
    let second: Result<(), PlaceError> = write_transaction(&mut conn, |conn| {
        let draft = applications::lock(conn, &draft)?.expect("the application");
        let pending = book(
            conn,
            &draft,
            &booking(&fixture.other_session, "000000000000002", now),
            now,
        )?;
        confirm(conn, pending, now)?;
        Ok(())
    });
    assert!(matches!(second, Err(PlaceError::AlreadyHeld)), "{second:?}");
    drop(conn);
    assert_eq!(live(&fixture, &fixture.other_session), 0);
}

#[test]
fn one_application_holds_one_place_even_without_its_lock_sqlite() {
    on_sqlite(one_application_holds_one_place_even_without_its_lock);
}

#[test]
fn one_application_holds_one_place_even_without_its_lock_postgres() {
    on_postgres(
        "one place",
        one_application_holds_one_place_even_without_its_lock,
    );
}

fn outside_a_transaction_nothing_is_locked_or_taken(url: &str) {
    let mut fixture = Fixture::new(url, 2);
    let draft = fixture.draft();
    let mut conn = fixture.pool.get().expect("a connection");
    let locked = applications::lock(&mut conn, &draft);
    assert!(
        matches!(locked, Err(StoreError::OutsideTransaction(_))),
        "{locked:?}"
    );
    let owned = applications::lock_owned(&mut conn, &fixture.account, &draft);
    assert!(
        matches!(owned, Err(StoreError::OutsideTransaction(_))),
        "{owned:?}"
    );
    // A handle taken in one transaction and used after it: its place is refused.
    let handle = write_transaction(&mut conn, |conn| {
        Ok::<_, StoreError>(applications::lock(conn, &draft)?.expect("the draft"))
    })
    .unwrap();
    let now = start();
    let taken = book(
        &mut conn,
        &handle,
        &booking(&fixture.session, "000000000000001", now),
        now,
    );
    assert!(
        matches!(
            taken,
            Err(PlaceError::Store(StoreError::OutsideTransaction(_)))
        ),
        "{taken:?}"
    );
    drop(conn);
    assert_eq!(live(&fixture, &fixture.session), 0);
}

#[test]
fn outside_a_transaction_nothing_is_locked_or_taken_sqlite() {
    on_sqlite(outside_a_transaction_nothing_is_locked_or_taken);
}

#[test]
fn outside_a_transaction_nothing_is_locked_or_taken_postgres() {
    on_postgres(
        "outside a transaction",
        outside_a_transaction_nothing_is_locked_or_taken,
    );
}

/// `threads` threads at once, each with a connection of its own, run `work(n, conn)`.
fn at_once<T: Send + 'static>(
    fixture: &Fixture,
    threads: usize,
    work: impl Fn(usize, &mut DbConnection) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let start = Arc::new(Barrier::new(threads));
    let work = Arc::new(work);
    let racers: Vec<_> = (0..threads)
        .map(|n| {
            let mut conn = fixture.pool.get().expect("a connection");
            let (start, work) = (start.clone(), work.clone());
            std::thread::spawn(move || {
                start.wait();
                work(n, &mut conn)
            })
        })
        .collect();
    racers
        .into_iter()
        .map(|racer| racer.join().unwrap())
        .collect()
}

fn many_drafts_at_once_never_exceed_the_capacity(url: &str) {
    const THREADS: usize = 8;
    let mut fixture = Fixture::new(url, THREADS as u32);
    fixture.set_regular_capacity(&fixture.session.clone(), 3);
    let drafts: Arc<Vec<String>> = Arc::new((0..THREADS).map(|_| fixture.draft()).collect());
    let session = fixture.session.clone();
    let outcomes = at_once(&fixture, THREADS, move |n, conn| {
        book_draft(conn, &drafts[n], &session, &format!("{n:015}"), start())
    });
    let booked = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
    assert_eq!(booked, 3, "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Ok(_) | Err(PlaceError::Full))),
        "{outcomes:?}"
    );
    assert_eq!(live(&fixture, &fixture.session), 3);
}

#[test]
fn many_drafts_at_once_never_exceed_the_capacity_sqlite() {
    on_sqlite(many_drafts_at_once_never_exceed_the_capacity);
}

#[test]
fn many_drafts_at_once_never_exceed_the_capacity_postgres() {
    on_postgres(
        "many drafts at once",
        many_drafts_at_once_never_exceed_the_capacity,
    );
}

fn one_draft_booked_many_times_at_once_takes_one_place(url: &str) {
    const THREADS: usize = 8;
    let mut fixture = Fixture::new(url, THREADS as u32);
    let draft = Arc::new(fixture.draft());
    let sessions = [fixture.session.clone(), fixture.other_session.clone()];
    let outcomes = at_once(&fixture, THREADS, move |n, conn| {
        book_draft(conn, &draft, &sessions[n % 2], &format!("{n:015}"), start())
    });
    let booked = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
    assert_eq!(booked, 1, "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Ok(_) | Err(PlaceError::AlreadyHeld))),
        "{outcomes:?}"
    );
    assert_eq!(
        live(&fixture, &fixture.session) + live(&fixture, &fixture.other_session),
        1
    );
}

#[test]
fn one_draft_booked_many_times_at_once_takes_one_place_sqlite() {
    on_sqlite(one_draft_booked_many_times_at_once_takes_one_place);
}

#[test]
fn one_draft_booked_many_times_at_once_takes_one_place_postgres() {
    on_postgres(
        "one draft at once",
        one_draft_booked_many_times_at_once_takes_one_place,
    );
}

fn a_moved_booking_counts_in_its_new_session(url: &str) {
    let mut fixture = Fixture::new(url, 2);
    fixture.set_regular_capacity(&fixture.other_session.clone(), 1);
    let (mover, holder) = (fixture.draft(), fixture.draft());
    let mut conn = fixture.pool.get().expect("a connection");
    let now = start();
    let moving = book_draft(&mut conn, &mover, &fixture.session, "000000000000001", now).unwrap();
    book_draft(
        &mut conn,
        &holder,
        &fixture.other_session,
        "000000000000002",
        now,
    )
    .unwrap();
    // The other session's one place is held: the move is refused and the booking stays.
    let full: Result<String, PlaceError> = write_transaction(&mut conn, |conn| {
        let mover = applications::lock(conn, &mover)?.expect("the application");
        let pending = move_booking(
            conn,
            &mover,
            &moving,
            &fixture.other_session,
            Channel::Regular,
        )?;
        confirm(conn, pending, now)
    });
    assert!(matches!(full, Err(PlaceError::Full)), "{full:?}");
    drop(conn);
    assert_eq!(live(&fixture, &fixture.session), 1);
    fixture.set_regular_capacity(&fixture.other_session.clone(), 2);
    let mut conn = fixture.pool.get().expect("a connection");
    write_transaction(&mut conn, |conn| {
        let mover = applications::lock(conn, &mover)?.expect("the application");
        let pending = move_booking(
            conn,
            &mover,
            &moving,
            &fixture.other_session,
            Channel::Regular,
        )?;
        confirm(conn, pending, now)
    })
    .expect("moved");
    drop(conn);
    assert_eq!(live(&fixture, &fixture.session), 0, "freed at once");
    assert_eq!(live(&fixture, &fixture.other_session), 2);
}

#[test]
fn a_moved_booking_counts_in_its_new_session_sqlite() {
    on_sqlite(a_moved_booking_counts_in_its_new_session);
}

#[test]
fn a_moved_booking_counts_in_its_new_session_postgres() {
    on_postgres("a moved booking", a_moved_booking_counts_in_its_new_session);
}

fn a_billing_code_drawn_twice_is_told_and_the_transaction_stands(url: &str) {
    let mut fixture = Fixture::new(url, 2);
    let (first, second) = (fixture.draft(), fixture.draft());
    let mut conn = fixture.pool.get().expect("a connection");
    let now = start();
    book_draft(&mut conn, &first, &fixture.session, "000000000000001", now).expect("a place");
    let booked = write_transaction(&mut conn, |conn| {
        let draft = applications::lock(conn, &second)?.expect("the draft");
        let drawn_twice = book(
            conn,
            &draft,
            &booking(&fixture.session, "000000000000001", now),
            now,
        );
        assert!(
            matches!(drawn_twice, Err(PlaceError::BillingCodeTaken)),
            "{drawn_twice:?}"
        );
        // On PostgreSQL an error would have aborted the transaction: this would fail.
        let pending = book(
            conn,
            &draft,
            &booking(&fixture.session, "000000000000002", now),
            now,
        )?;
        confirm(conn, pending, now)
    });
    assert!(booked.is_ok(), "{booked:?}");
    drop(conn);
    assert_eq!(live(&fixture, &fixture.session), 2);
}

#[test]
fn a_billing_code_drawn_twice_is_told_and_the_transaction_stands_sqlite() {
    on_sqlite(a_billing_code_drawn_twice_is_told_and_the_transaction_stands);
}

#[test]
fn a_billing_code_drawn_twice_is_told_and_the_transaction_stands_postgres() {
    on_postgres(
        "a billing code drawn twice",
        a_billing_code_drawn_twice_is_told_and_the_transaction_stands,
    );
}

/// Sets a session's limits per passport kind as an office admin does.
fn limit_kinds(fixture: &Fixture, session: &str, limits: paspor_domain::KindLimits) {
    let mut conn = fixture.pool.get().expect("a connection");
    let mut session_now = crate::sessions::find(&mut conn, session)
        .unwrap()
        .expect("the session");
    session_now.capacity.by_kind = limits;
    crate::sessions::set_capacities(&mut conn, session, &session_now.capacity).unwrap();
}

fn beyond_the_limit_of_a_kind_a_place_is_refused_though_the_channel_has_places(url: &str) {
    let mut fixture = Fixture::new(url, 4);
    let session = fixture.session.clone();
    limit_kinds(
        &fixture,
        &session,
        paspor_domain::KindLimits {
            electronic: Some(1),
            non_electronic: None,
        },
    );
    // The fixture's drafts are for electronic passports.
    let drafts: Vec<String> = (0..2).map(|_| fixture.draft()).collect();
    let mut conn = fixture.pool.get().expect("a connection");
    let now = start();
    book_draft(&mut conn, &drafts[0], &session, "000000000000001", now).expect("a place");
    let refused = book_draft(&mut conn, &drafts[1], &session, "000000000000002", now);
    assert!(
        matches!(
            refused,
            Err(PlaceError::KindFull(
                paspor_domain::PassportKind::Electronic
            ))
        ),
        "{refused:?}"
    );
    // Another session without limits takes it.
    let other = fixture.other_session.clone();
    book_draft(&mut conn, &drafts[1], &other, "000000000000003", now).expect("a place");
    drop(conn);
    assert_eq!(live(&fixture, &session), 1);
    let mut conn = fixture.pool.get().expect("a connection");
    let kinds = crate::sessions::find(&mut conn, &session)
        .unwrap()
        .expect("the session")
        .capacity
        .by_kind;
    assert_eq!(kinds.electronic, Some(1));
    assert_eq!(kinds.non_electronic, None);
}

#[test]
fn beyond_the_limit_of_a_kind_a_place_is_refused_sqlite() {
    on_sqlite(beyond_the_limit_of_a_kind_a_place_is_refused_though_the_channel_has_places);
}

#[test]
fn beyond_the_limit_of_a_kind_a_place_is_refused_postgres() {
    on_postgres(
        "the limit of a kind",
        beyond_the_limit_of_a_kind_a_place_is_refused_though_the_channel_has_places,
    );
}

fn templates_carry_their_kind_limits_into_the_sessions_they_make(url: &str) {
    let fixture = Fixture::new(url, 2);
    let mut conn = fixture.pool.get().expect("a connection");
    let office = crate::offices::find(&mut conn, crate::seed::PANGKALPINANG)
        .unwrap()
        .expect("the seed office");
    let mut templates = crate::sessions::templates_of(&mut conn, &office.id).unwrap();
    for template in &mut templates {
        template.capacity.by_kind = paspor_domain::KindLimits {
            electronic: Some(12),
            non_electronic: Some(3),
        };
    }
    crate::sessions::replace_templates(&mut conn, &office.id, &templates).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    crate::sessions::materialise(&mut conn, &office, day, day, start()).unwrap();
    let made = crate::sessions::availability(&mut conn, &office.id, day, day, start()).unwrap();
    assert!(!made.is_empty());
    for place in made {
        assert_eq!(place.session.capacity.by_kind.electronic, Some(12));
        assert_eq!(place.session.capacity.by_kind.non_electronic, Some(3));
    }
}

#[test]
fn templates_carry_their_kind_limits_sqlite() {
    on_sqlite(templates_carry_their_kind_limits_into_the_sessions_they_make);
}

#[test]
fn templates_carry_their_kind_limits_postgres() {
    on_postgres(
        "kind limits of templates",
        templates_carry_their_kind_limits_into_the_sessions_they_make,
    );
}
