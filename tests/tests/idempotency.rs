//! Idempotency keys in storage: held inside the transaction of their work and answered
//! there (committed with it or not at all), replayed, refused for another request, never
//! answered twice, expired and purged; a row left unanswered by an older version is free;
//! of many transactions holding one key at once exactly one takes it, the others waiting
//! for it and then reading its answer, on both backends.

use std::sync::{Arc, Barrier};

use chrono::{DateTime, TimeDelta, Utc};
use diesel::{ExpressionMethods, RunQueryDsl};
use paspor_persistence::idempotency::{self, Held, StoredResponse};
use paspor_persistence::{
    Conditional, DbConnection, PoolSettings, StoreError, connect_pool, schema, write_transaction,
};

use crate::support::*;

const DAY: TimeDelta = TimeDelta::hours(24);

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

/// Holds `key` of `account` for `hash` at `now` and keeps `kept`, in one transaction.
fn hold_and_keep(
    conn: &mut DbConnection,
    account: &str,
    key: &str,
    hash: &str,
    now: DateTime<Utc>,
    kept: &StoredResponse,
) -> Conditional {
    write_transaction(conn, |conn| {
        let held = idempotency::hold(conn, account, key, hash, now, DAY)?;
        if held.applied() {
            assert!(idempotency::keep(conn, account, key, now, kept)?.applied());
        }
        Ok::<_, StoreError>(held)
    })
    .unwrap()
}

on_both_backends! {
    async fn a_key_is_held_answered_and_replayed_and_refuses_other_requests(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let stored = answer();
        let look = |conn: &mut DbConnection, account: &str, hash: &str| {
            idempotency::look(conn, account, "k-1", hash, now).unwrap()
        };
        assert_eq!(look(&mut conn, "siti", "h1"), None);

        assert!(hold_and_keep(&mut conn, "siti", "k-1", "h1", now, &stored).applied());
        assert_eq!(look(&mut conn, "siti", "h1"), Some(Held::Replay(stored.clone())));
        assert_eq!(look(&mut conn, "siti", "h2"), Some(Held::Mismatch));
        assert_eq!(look(&mut conn, "budi", "h1"), None, "keys are per account");

        // An answer once kept is neither held again nor replaced.
        let other = StoredResponse { status: 200, headers: vec![], body: b"other".to_vec() };
        assert!(hold_and_keep(&mut conn, "siti", "k-1", "h1", now, &other).skipped());
        let replaced = write_transaction(&mut conn, |conn| idempotency::keep(conn, "siti", "k-1", now, &other));
        assert!(replaced.unwrap().skipped());
        assert_eq!(look(&mut conn, "siti", "h1"), Some(Held::Replay(stored)));
    }
}

on_both_backends! {
    async fn a_key_is_held_only_inside_a_transaction(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        // Outside one, the row would be committed before its work and answer: refused.
        let outside = idempotency::hold(&mut conn, "siti", "k-1", "h1", now, DAY);
        assert!(matches!(outside, Err(StoreError::OutsideTransaction(_))), "{outside:?}");
        assert_eq!(idempotency::look(&mut conn, "siti", "k-1", "h1", now).unwrap(), None);
    }
}

on_both_backends! {
    async fn a_key_held_in_a_transaction_commits_with_it_or_not_at_all(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let stored = answer();

        // Rolled back, the key is free again, as if never asked for.
        let refused: Result<(), StoreError> = write_transaction(&mut conn, |conn| {
            assert!(idempotency::hold(conn, "siti", "k-1", "h1", now, DAY)?.applied());
            assert!(idempotency::keep(conn, "siti", "k-1", now, &stored)?.applied());
            Err(StoreError::corrupt("the work refused"))
        });
        assert!(refused.is_err());
        assert_eq!(idempotency::look(&mut conn, "siti", "k-1", "h1", now).unwrap(), None);

        // Committed, it holds its answer.
        assert!(hold_and_keep(&mut conn, "siti", "k-1", "h1", now, &stored).applied());
        assert_eq!(
            idempotency::look(&mut conn, "siti", "k-1", "h1", now).unwrap(),
            Some(Held::Replay(stored)),
        );
    }
}

on_both_backends! {
    async fn an_expired_key_and_a_row_left_unanswered_are_free_and_purged(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let stored = answer();
        assert!(hold_and_keep(&mut conn, "siti", "answered", "h1", now, &stored).applied());
        assert!(hold_and_keep(&mut conn, "siti", "later", "h1", now + TimeDelta::hours(1), &stored).applied());
        // A row without an answer, as only a version before answers were kept with their
        // work could leave.
        diesel::insert_into(schema::idempotency_keys::table)
            .values((
                schema::idempotency_keys::account_id.eq("siti"),
                schema::idempotency_keys::key.eq("left"),
                schema::idempotency_keys::request_hash.eq("h1"),
                schema::idempotency_keys::created_at.eq(now.naive_utc()),
                schema::idempotency_keys::expires_at.eq((now + DAY).naive_utc()),
            ))
            .execute(&mut conn)
            .unwrap();
        assert_eq!(idempotency::look(&mut conn, "siti", "left", "h1", now).unwrap(), None);
        assert!(hold_and_keep(&mut conn, "siti", "left", "h2", now, &stored).applied(), "free again");

        let almost = now + DAY - TimeDelta::microseconds(1);
        assert_eq!(
            idempotency::look(&mut conn, "siti", "answered", "h1", almost).unwrap(),
            Some(Held::Replay(stored.clone())),
        );
        // Expired, it is free (and gone) for the look, whatever it held.
        let expired = now + DAY;
        assert_eq!(idempotency::look(&mut conn, "siti", "answered", "h2", expired).unwrap(), None);
        assert_eq!(idempotency::look(&mut conn, "siti", "answered", "h1", now).unwrap(), None, "deleted");
        assert!(hold_and_keep(&mut conn, "siti", "answered", "h2", expired, &stored).applied());

        // "left" was held at `now`, "later" an hour on; the new "answered" a day on.
        let purge_at = expired + TimeDelta::minutes(30);
        assert_eq!(idempotency::purge_expired(&mut conn, purge_at).unwrap(), 1);
        assert_eq!(idempotency::purge_expired(&mut conn, purge_at).unwrap(), 0);
        assert_eq!(idempotency::purge_expired(&mut conn, purge_at + DAY).unwrap(), 2);
    }
}

/// `THREADS` threads each hold `key` at the same instant in a transaction that keeps its
/// own answer (its thread's number); returns whether each took it, and what a look then
/// finds.
fn race(url: &str, key: &str, now: DateTime<Utc>) -> (Vec<bool>, Option<Held>) {
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
    // Connections are taken and the threads lined up first, so that they hold at once.
    let start = Arc::new(Barrier::new(THREADS));
    let racers: Vec<_> = (0..THREADS)
        .map(|n| {
            let mut conn = pool.get().expect("a connection");
            let (start, key) = (start.clone(), key.to_owned());
            std::thread::spawn(move || {
                start.wait();
                let kept = StoredResponse {
                    status: 200,
                    headers: vec![],
                    body: vec![n as u8],
                };
                hold_and_keep(&mut conn, "siti", &key, "h1", now, &kept).applied()
            })
        })
        .collect();
    let took = racers
        .into_iter()
        .map(|racer| racer.join().unwrap())
        .collect();
    let mut conn = pool.get().unwrap();
    (
        took,
        idempotency::look(&mut conn, "siti", key, "h1", now).unwrap(),
    )
}

on_both_backends! {
    async fn of_many_transactions_holding_one_key_at_once_exactly_one_takes_it(app) {
        let now = app.clock.now();
        let (took, held) = race(app.database_url(), "k-1", now);
        assert_eq!(took.iter().filter(|took| **took).count(), 1, "{took:?}");
        let winner = took.iter().position(|took| *took).unwrap();
        assert_eq!(
            held,
            Some(Held::Replay(StoredResponse { status: 200, headers: vec![], body: vec![winner as u8] })),
            "the answer kept is the winner's",
        );
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
                    let booked = StoredResponse { status: 200, headers: vec![], body: b"booked".to_vec() };
                    assert!(idempotency::keep(conn, "siti", "k-1", now, &booked)?.applied());
                    Ok::<_, StoreError>(took.applied())
                })
                .unwrap()
            })
        };
        held.wait();
        let second: Result<bool, StoreError> = write_transaction(&mut second_conn, |conn| {
            if idempotency::hold(conn, "siti", "k-1", "h1", now, DAY)?.applied() {
                return Ok(true);
            }
            // As the edge does: refused, it rolls back (PostgreSQL has aborted it) and
            // looks again.
            Err(StoreError::corrupt("taken"))
        });
        assert!(first.join().unwrap(), "the first holds it");
        assert!(second.is_err(), "the second is refused once the first commits");
        let mut conn = pool.get().unwrap();
        assert!(matches!(
            idempotency::look(&mut conn, "siti", "k-1", "h1", now).unwrap(),
            Some(Held::Replay(StoredResponse { status: 200, .. }))
        ));
    }
}
