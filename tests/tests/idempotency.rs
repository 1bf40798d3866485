//! Idempotency keys in storage: reserving, answering, replaying, refusing another request,
//! giving back, expiry and purging, taking over a key left in flight by a dead request, and
//! many requests racing for one key (exactly one wins, on both backends); keys held inside
//! the transaction of their work (committed with it or not at all; a second holder waits).

use std::sync::{Arc, Barrier};

use chrono::TimeDelta;
use paspor_persistence::idempotency::{self, Begin, StoredResponse};
use paspor_persistence::{DbConnection, PoolSettings, connect_pool, write_transaction};

use crate::support::*;

const DAY: TimeDelta = TimeDelta::hours(24);

/// How long a key may stay in flight before a retry takes it over (the api's
/// `IN_FLIGHT_BOUND`).
const BOUND: TimeDelta = TimeDelta::minutes(5);

fn answer() -> StoredResponse {
    StoredResponse {
        status: 201,
        headers: vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("location".to_owned(), "/v1/applications/1".to_owned()),
        ],
        // Not UTF-8: bodies are kept as bytes.
        body: vec![b'{', 0, 0xff, b'}'],
    }
}

on_both_backends! {
    async fn a_key_is_begun_answered_and_replayed_and_refuses_other_requests(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let stored = answer();
        let begin = |conn: &mut DbConnection, account: &str, hash: &str| {
            idempotency::begin(conn, account, "k-1", hash, now, DAY, BOUND).unwrap()
        };

        assert_eq!(begin(&mut conn, "siti", "h1"), Begin::Started);
        assert_eq!(begin(&mut conn, "siti", "h1"), Begin::InFlight);
        assert_eq!(begin(&mut conn, "siti", "h2"), Begin::Mismatch, "another request, even in flight");
        assert_eq!(begin(&mut conn, "budi", "h2"), Begin::Started, "keys are per account");

        let finished = idempotency::finish(&mut conn, "siti", "k-1", now, stored.status, &stored.headers, &stored.body);
        assert!(finished.unwrap());
        assert_eq!(begin(&mut conn, "siti", "h1"), Begin::Replay(stored.clone()));
        assert_eq!(begin(&mut conn, "siti", "h2"), Begin::Mismatch);

        // An answer once kept is neither replaced nor given back.
        assert!(!idempotency::finish(&mut conn, "siti", "k-1", now, 200, &[], b"other").unwrap());
        assert!(!idempotency::abandon(&mut conn, "siti", "k-1", now).unwrap());
        assert_eq!(begin(&mut conn, "siti", "h1"), Begin::Replay(stored));
    }
}

on_both_backends! {
    async fn a_key_given_back_can_be_begun_again(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        assert_eq!(idempotency::begin(&mut conn, "siti", "k-1", "h1", now, DAY, BOUND).unwrap(), Begin::Started);
        assert!(idempotency::abandon(&mut conn, "siti", "k-1", now).unwrap());
        assert!(!idempotency::abandon(&mut conn, "siti", "k-1", now).unwrap(), "already given back");
        assert_eq!(idempotency::begin(&mut conn, "siti", "k-1", "h2", now, DAY, BOUND).unwrap(), Begin::Started);
    }
}

on_both_backends! {
    async fn an_expired_key_is_taken_over_and_purged(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let stored = answer();
        idempotency::begin(&mut conn, "siti", "answered", "h1", now, DAY, BOUND).unwrap();
        idempotency::finish(&mut conn, "siti", "answered", now, stored.status, &stored.headers, &stored.body).unwrap();
        idempotency::begin(&mut conn, "siti", "stuck", "h1", now, DAY, BOUND).unwrap();
        idempotency::begin(&mut conn, "siti", "later", "h1", now + TimeDelta::hours(1), DAY, BOUND).unwrap();

        let almost = now + DAY - TimeDelta::microseconds(1);
        assert_eq!(
            idempotency::begin(&mut conn, "siti", "answered", "h1", almost, DAY, BOUND).unwrap(),
            Begin::Replay(stored),
        );
        let expired = now + DAY;
        for key in ["answered", "stuck"] {
            assert_eq!(
                idempotency::begin(&mut conn, "siti", key, "h2", expired, DAY, BOUND).unwrap(),
                Begin::Started,
                "{key}: an expired key is a new key, whatever it held",
            );
            assert_eq!(idempotency::begin(&mut conn, "siti", key, "h2", expired, DAY, BOUND).unwrap(), Begin::InFlight);
        }

        // Only "later" was begun more than a day before its purge; the two taken over are new.
        let purge_at = expired + TimeDelta::hours(1);
        assert_eq!(idempotency::purge_expired(&mut conn, purge_at).unwrap(), 1);
        assert_eq!(idempotency::purge_expired(&mut conn, purge_at).unwrap(), 0);
        assert_eq!(
            idempotency::begin(&mut conn, "siti", "later", "h2", purge_at, DAY, BOUND).unwrap(),
            Begin::Started,
        );
        assert_eq!(idempotency::purge_expired(&mut conn, purge_at + DAY).unwrap(), 3);
    }
}

on_both_backends! {
    async fn a_key_in_flight_past_the_bound_is_taken_over_once_and_the_first_cannot_answer_it(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let first_at = app.clock.now();
        let stored = answer();
        let begin = |conn: &mut DbConnection, hash: &str, at| {
            idempotency::begin(conn, "siti", "k-1", hash, at, DAY, BOUND).unwrap()
        };
        assert_eq!(begin(&mut conn, "h1", first_at), Begin::Started);

        // Still within the bound: the first request may yet answer, so a retry waits.
        let almost = first_at + BOUND - TimeDelta::microseconds(1);
        assert_eq!(begin(&mut conn, "h1", almost), Begin::InFlight);
        assert_eq!(begin(&mut conn, "h2", almost), Begin::Mismatch);

        // Past it the first request is taken for dead: the retry takes the key over, once.
        let retry_at = first_at + BOUND;
        assert_eq!(begin(&mut conn, "h1", retry_at), Begin::Started);
        assert_eq!(begin(&mut conn, "h1", retry_at), Begin::InFlight, "the retry's now, and fresh");

        // The first request, only slow, cannot answer nor give back the retry's reservation.
        assert!(!idempotency::finish(&mut conn, "siti", "k-1", first_at, 200, &[], b"late").unwrap());
        assert!(!idempotency::abandon(&mut conn, "siti", "k-1", first_at).unwrap());
        assert_eq!(begin(&mut conn, "h1", retry_at), Begin::InFlight);

        // The retry's answer is kept, and is the one replayed, for a day from the retry; an
        // answered key is never taken over, however long ago it was reserved.
        assert!(idempotency::finish(&mut conn, "siti", "k-1", retry_at, stored.status, &stored.headers, &stored.body).unwrap());
        assert!(!idempotency::finish(&mut conn, "siti", "k-1", first_at, 200, &[], b"late").unwrap());
        let later = retry_at + DAY - TimeDelta::microseconds(1);
        assert_eq!(begin(&mut conn, "h1", later), Begin::Replay(stored));

        // Another request's content may take over a key whose request died, as it may one
        // given back.
        assert_eq!(idempotency::begin(&mut conn, "siti", "k-2", "h1", first_at, DAY, BOUND).unwrap(), Begin::Started);
        assert_eq!(idempotency::begin(&mut conn, "siti", "k-2", "h2", retry_at, DAY, BOUND).unwrap(), Begin::Started);
    }
}

/// `THREADS` threads begin `key` at `now` at the same instant; returns what each found.
fn race(url: &str, key: &str, hash: &str, now: chrono::DateTime<chrono::Utc>) -> Vec<Begin> {
    const THREADS: usize = 8;
    let pool = connect_pool(
        url,
        PoolSettings {
            max_size: THREADS as u32,
            ..PoolSettings::default()
        },
    )
    .unwrap()
    .0;
    // Connections are taken and the threads lined up first, so that they insert at once.
    let start = Arc::new(Barrier::new(THREADS));
    let racers: Vec<_> = (0..THREADS)
        .map(|_| {
            let mut conn = pool.get().expect("a connection");
            let (start, key, hash) = (start.clone(), key.to_owned(), hash.to_owned());
            std::thread::spawn(move || {
                start.wait();
                idempotency::begin(&mut conn, "siti", &key, &hash, now, DAY, BOUND).expect("begin")
            })
        })
        .collect();
    racers
        .into_iter()
        .map(|racer| racer.join().unwrap())
        .collect()
}

on_both_backends! {
    async fn of_many_requests_beginning_one_key_at_once_exactly_one_starts(app) {
        let now = app.clock.now();
        let found = race(app.database_url(), "k-1", "h1", now);
        let started = found.iter().filter(|begun| **begun == Begin::Started).count();
        assert_eq!(started, 1, "{found:?}");
        assert!(found.iter().all(|begun| matches!(begun, Begin::Started | Begin::InFlight)), "{found:?}");

        // Taking over a key in flight too long is a race with one winner too.
        let found = race(app.database_url(), "k-1", "h1", now + BOUND);
        let started = found.iter().filter(|begun| **begun == Begin::Started).count();
        assert_eq!(started, 1, "{found:?}");
        assert!(found.iter().all(|begun| matches!(begun, Begin::Started | Begin::InFlight)), "{found:?}");

        // Taking over an expired key (a day after the takeover renewed it) is a race with one
        // winner too.
        let found = race(app.database_url(), "k-1", "h2", now + BOUND + DAY);
        let started = found.iter().filter(|begun| **begun == Begin::Started).count();
        assert_eq!(started, 1, "{found:?}");
        assert!(found.iter().all(|begun| matches!(begun, Begin::Started | Begin::InFlight)), "{found:?}");
    }
}

on_both_backends! {
    async fn a_key_held_in_a_transaction_commits_with_it_or_not_at_all(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let stored = answer();
        let look = |conn: &mut DbConnection, hash: &str, at| {
            idempotency::look(conn, "siti", "k-1", hash, at, BOUND).unwrap()
        };
        assert_eq!(look(&mut conn, "h1", now), None);

        // Rolled back, the key is free again, as if never asked for.
        let refused: Result<(), diesel::result::Error> = write_transaction(&mut conn, |conn| {
            assert!(idempotency::hold(conn, "siti", "k-1", "h1", now, DAY).unwrap());
            assert!(idempotency::finish(conn, "siti", "k-1", now, 409, &[], b"full").unwrap());
            Err(diesel::result::Error::RollbackTransaction)
        });
        assert!(refused.is_err());
        assert_eq!(look(&mut conn, "h1", now), None);

        // Committed, it holds its answer: replayed for the request, refused for another.
        write_transaction(&mut conn, |conn| {
            assert!(idempotency::hold(conn, "siti", "k-1", "h1", now, DAY)?);
            assert!(idempotency::finish(conn, "siti", "k-1", now, stored.status, &stored.headers, &stored.body)?);
            Ok::<_, paspor_persistence::StoreError>(())
        })
        .unwrap();
        assert_eq!(look(&mut conn, "h1", now), Some(Begin::Replay(stored.clone())));
        assert_eq!(look(&mut conn, "h2", now), Some(Begin::Mismatch));
        assert_eq!(idempotency::begin(&mut conn, "siti", "k-1", "h1", now, DAY, BOUND).unwrap(), Begin::Replay(stored));
        let taken = write_transaction(&mut conn, |conn| idempotency::hold(conn, "siti", "k-1", "h1", now, DAY));
        assert!(!taken.unwrap(), "a key answered is not held again");

        // Expired, it is free (and gone) for the look, whatever it held.
        assert_eq!(look(&mut conn, "h2", now + DAY), None);
        assert_eq!(look(&mut conn, "h1", now), None, "deleted by the look");
    }
}

on_both_backends! {
    async fn a_look_sees_a_key_reserved_elsewhere_and_frees_one_whose_request_died(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        // Reserved by `begin` (another route's key, or an older process's), not answered.
        assert_eq!(idempotency::begin(&mut conn, "siti", "k-1", "h1", now, DAY, BOUND).unwrap(), Begin::Started);
        let look = |conn: &mut DbConnection, hash: &str, at| {
            idempotency::look(conn, "siti", "k-1", hash, at, BOUND).unwrap()
        };
        assert_eq!(look(&mut conn, "h1", now), Some(Begin::InFlight));
        assert_eq!(look(&mut conn, "h2", now), Some(Begin::Mismatch));
        let almost = now + BOUND - TimeDelta::microseconds(1);
        assert_eq!(look(&mut conn, "h1", almost), Some(Begin::InFlight));
        // In flight for the bound: its request died; the key is free for whoever asks.
        assert_eq!(look(&mut conn, "h2", now + BOUND), None);
        assert!(!idempotency::abandon(&mut conn, "siti", "k-1", now).unwrap(), "already gone");
    }
}

on_both_backends! {
    async fn of_two_transactions_holding_one_key_the_second_waits_and_is_refused(app) {
        let pool = connect_pool(app.database_url(), PoolSettings { max_size: 2, ..PoolSettings::default() }).unwrap().0;
        let now = app.clock.now();
        let held = Arc::new(Barrier::new(2));
        let (mut first_conn, mut second_conn) = (pool.get().unwrap(), pool.get().unwrap());
        let first = {
            let held = held.clone();
            std::thread::spawn(move || {
                write_transaction(&mut first_conn, |conn| {
                    let took = idempotency::hold(conn, "siti", "k-1", "h1", now, DAY)?;
                    held.wait();
                    // The second is now waiting for this transaction (PostgreSQL: on the
                    // key; SQLite: to begin writing).
                    std::thread::sleep(std::time::Duration::from_millis(300));
                    idempotency::finish(conn, "siti", "k-1", now, 200, &[], b"booked")?;
                    Ok::<_, paspor_persistence::StoreError>(took)
                })
                .unwrap()
            })
        };
        held.wait();
        let second: Result<bool, paspor_persistence::StoreError> = write_transaction(&mut second_conn, |conn| {
            let took = idempotency::hold(conn, "siti", "k-1", "h1", now, DAY)?;
            if took {
                return Ok(true);
            }
            // As a use case does: refused, it rolls back (PostgreSQL has aborted it).
            Err(paspor_persistence::StoreError::corrupt("taken"))
        });
        assert!(first.join().unwrap(), "the first holds it");
        assert!(second.is_err(), "the second is refused once the first commits");
        let mut conn = pool.get().unwrap();
        assert!(matches!(
            idempotency::look(&mut conn, "siti", "k-1", "h1", now, BOUND).unwrap(),
            Some(Begin::Replay(StoredResponse { status: 200, .. }))
        ));
    }
}
