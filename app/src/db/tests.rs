//! The fail-fast and the bounds on waiting for the database: outcomes only (what is
//! answered, what the breaker says, what work is done), never how long anything took.

use std::sync::atomic::AtomicUsize;
use std::sync::mpsc;

use diesel::connection::SimpleConnection as _;
use paspor_persistence::{PoolSettings, connect_pool};

use super::breaker::{BACK_OFF, CHECK_AFTER_OUTAGE};
use super::*;

/// A pool on a fresh SQLite file (kept as long as the returned folder).
fn sqlite_pool(max_size: u32) -> (DbPool, Backend, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("paspor.db").display());
    let settings = PoolSettings {
        max_size,
        ..PoolSettings::default()
    };
    let (pool, backend) = connect_pool(&url, settings).expect("a pool");
    (pool, backend, dir)
}

/// Asserts `error` is the refusal the fail-fast answers: unavailable, try again in a second.
#[track_caller]
fn assert_refused(error: &Refusal) {
    assert_eq!(error.kind(), crate::RefusalKind::Unavailable, "{error}");
    assert_eq!(error.retry_after_seconds(), Some(1), "{error}");
}

/// Polls `done` on the runtime, for a bounded number of rounds.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..2_000 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{what}: not within the bound");
}

#[test]
fn after_a_failure_calls_are_refused_until_one_probe_is_let_through() {
    let breaker = Breaker::default();
    let start = Instant::now();
    assert!(breaker.admit(start).is_ok());
    breaker.failed(start, start, Failure::Lost);
    let refused = breaker.admit(start + BACK_OFF / 2).unwrap_err();
    assert!(matches!(refused, StoreError::BackingOff(_)), "{refused}");
    assert!(refused.is_unavailable());
    // Once the back-off has passed, one probe goes through and the others wait for it.
    let later = start + BACK_OFF;
    assert!(breaker.admit(later).is_ok());
    assert!(breaker.admit(later).is_err());
    // A failed probe starts another back-off...
    breaker.failed(later, later, Failure::Lost);
    assert!(breaker.admit(later + BACK_OFF / 2).is_err());
    assert!(breaker.admit(later + BACK_OFF).is_ok());
    // ...and a probe that reaches the database ends the outage for every call.
    breaker.reached(later + BACK_OFF, later + BACK_OFF);
    assert!(breaker.admit(later + BACK_OFF).is_ok());
    assert!(breaker.admit(later + BACK_OFF).is_ok());
    assert!(breaker.checking(later + BACK_OFF));
    assert!(!breaker.checking(later + BACK_OFF + CHECK_AFTER_OUTAGE));
}

#[test]
fn calls_admitted_before_an_outage_neither_end_it_nor_prolong_it() {
    let breaker = Breaker::default();
    let before = Instant::now();
    let stop = before + Duration::from_millis(10);
    breaker.failed(stop, stop, Failure::Lost);
    // One had its answer just before the database stopped, and reports it late.
    breaker.reached(stop + BACK_OFF / 2, before);
    assert!(breaker.is_failing());
    // Another gave up waiting for a connection long after: the back-off is not restarted.
    breaker.failed(stop + BACK_OFF / 2, before, Failure::Lost);
    assert!(breaker.admit(stop + BACK_OFF).is_ok(), "the probe is due");
}

#[test]
fn while_the_database_is_silent_its_unanswered_ping_is_the_only_probe() {
    let breaker = Breaker::default();
    let start = Instant::now();
    breaker.silent(start, Duration::from_secs(1));
    assert!(breaker.is_failing());
    // However long the silence lasts, no call is let through to wait on it.
    for later in [BACK_OFF, BACK_OFF * 5, BACK_OFF * 60] {
        assert!(breaker.admit(start + later).is_err());
    }
    // The ping ends unanswered (the connection died): calls probe again after a back-off.
    let failed = start + BACK_OFF * 61;
    breaker.ping_ended(failed, false);
    assert!(breaker.admit(failed).is_err());
    assert!(breaker.admit(failed + BACK_OFF).is_ok());

    // Silent again; this time the stuck ping is answered: the outage ends at once.
    let again = failed + BACK_OFF * 2;
    breaker.failed(again, again, Failure::Lost);
    breaker.silent(again, Duration::from_secs(1));
    assert!(breaker.admit(again + BACK_OFF * 3).is_err());
    breaker.ping_ended(again + BACK_OFF * 3, true);
    assert!(!breaker.is_failing());
    assert!(breaker.admit(again + BACK_OFF * 3).is_ok());
}

#[test]
fn a_probe_given_up_on_lets_the_next_one_through_after_a_back_off() {
    let breaker = Breaker::default();
    let start = Instant::now();
    breaker.failed(start, start, Failure::Lost);
    let probe = start + BACK_OFF;
    assert!(breaker.admit(probe).is_ok());
    assert!(breaker.admit(probe).is_err(), "one probe at a time");
    // Its blocking task may wait on for a connection and never report: giving up on it
    // frees the probe's place, after a back-off.
    let given_up = probe + BACK_OFF / 4;
    breaker.gave_up(given_up, probe);
    assert!(breaker.admit(given_up).is_err());
    assert!(breaker.admit(given_up + BACK_OFF).is_ok());

    // Outside an outage, a readiness check out of time starts none.
    let healthy = Breaker::default();
    healthy.gave_up(start, start);
    assert!(!healthy.is_failing());
}

#[tokio::test]
async fn one_ping_serves_every_caller_and_its_silence_opens_the_breaker() {
    let breaker = Arc::new(Breaker::default());
    let pings = Arc::new(AtomicUsize::new(0));
    let (answer, answers) = mpsc::channel::<bool>();
    let counted = Arc::clone(&pings);
    let watchdog = Watchdog::start(
        move || {
            counted.fetch_add(1, Ordering::SeqCst);
            answers.recv().unwrap_or(true)
        },
        Duration::from_millis(200),
        Arc::clone(&breaker),
    )
    .expect("the watchdog's thread");

    answer.send(true).unwrap();
    let (first, second) = tokio::join!(watchdog.verdict(), watchdog.verdict());
    assert_eq!((first, second), (Verdict::Answers, Verdict::Answers));
    assert!(!breaker.is_failing());

    // Nothing answers the next ping: every caller hears the silence.
    // Past the while in which an answer speaks for now (a quarter of the hang timeout).
    tokio::time::sleep(Duration::from_millis(60)).await;
    let (first, second) = tokio::join!(watchdog.verdict(), watchdog.verdict());
    assert!(matches!(first, Verdict::Silent(_)), "{first:?}");
    assert!(matches!(second, Verdict::Silent(_)), "{second:?}");
    assert!(breaker.is_failing());
    assert!(breaker.admit(Instant::now() + BACK_OFF * 10).is_err());
    assert_eq!(pings.load(Ordering::SeqCst), 2, "one ping per question");

    // The stuck ping is answered: the database is back.
    answer.send(true).unwrap();
    until("the outage ends", || !breaker.is_failing()).await;
}

#[tokio::test]
async fn while_backing_off_a_call_is_answered_503_with_retry_after_without_the_pool() {
    let (pool, backend, _dir) = sqlite_pool(10);
    let db = Db::new(pool, backend);
    let answered: Result<i32, Refusal> = db.run(|_| Ok::<_, StoreError>(1)).await;
    assert_eq!(answered.ok(), Some(1));

    let now = Instant::now();
    db.breaker.failed(now, now, Failure::Lost);
    let ran = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&ran);
    let refused = db
        .run(move |_| {
            flag.store(true, Ordering::SeqCst);
            Ok::<_, StoreError>(1)
        })
        .await
        .unwrap_err();
    assert!(!ran.load(Ordering::SeqCst));
    assert_refused(&refused);

    // The probe after the back-off reaches the (healthy) database and ends the outage.
    std::thread::sleep(BACK_OFF);
    let probed: Result<i32, Refusal> = db.run(|_| Ok::<_, StoreError>(2)).await;
    assert_eq!(probed.ok(), Some(2));
    let after: Result<i32, Refusal> = db.run(|_| Ok::<_, StoreError>(3)).await;
    assert_eq!(after.ok(), Some(3));
}

/// The database stops answering under two calls: one whose work had begun (it never
/// returns while the database is stopped) and one queued behind it. Both are answered 503
/// with `Retry-After`, the breaker opens, and later calls are refused without waiting.
/// When the database answers again the outage ends by itself; the work that had not begun
/// is never done, and the connection of the one that had is closed, not reused.
#[test]
fn calls_on_a_database_that_stopped_answering_are_answered_503_and_left_clean() {
    // One blocking thread, so that the second call waits behind the first as it would
    // behind a full pool, and runs (or not) before anything queued after it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(1)
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let (pool, backend, _dir) = sqlite_pool(1);
        // The watchdog's pings wait for the test: none is answered until it says so.
        let (answer, answers) = mpsc::channel::<bool>();
        let db = Db {
            bounds: Bounds {
                call: Duration::from_secs(3600),
                hang: Duration::from_millis(400),
            },
            ..Db::new(pool, backend)
        }
        .watched_by(move || answers.recv().unwrap_or(true));

        let (release, stuck) = mpsc::channel::<()>();
        let begun = db.run(move |conn| {
            // A temporary table lives as long as its connection: it names this one.
            conn.batch_execute("CREATE TEMP TABLE mine (x INTEGER)")?;
            let _ = stuck.recv();
            Ok::<_, StoreError>(1)
        });
        let queued_ran = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&queued_ran);
        let queued = db.run(move |_| {
            flag.store(true, Ordering::SeqCst);
            Ok::<_, StoreError>(2)
        });
        let (begun, queued) = tokio::join!(begun, queued);
        assert_refused(&begun.unwrap_err());
        assert_refused(&queued.unwrap_err());
        assert!(db.breaker.is_failing());

        let later_ran = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&later_ran);
        let refused = db
            .run(move |_| {
                flag.store(true, Ordering::SeqCst);
                Ok::<_, StoreError>(3)
            })
            .await
            .unwrap_err();
        assert_refused(&refused);
        assert!(!later_ran.load(Ordering::SeqCst), "refused without running");

        // The database resumes: the stuck work returns, the stuck ping is answered (and
        // every later one at once).
        release.send(()).unwrap();
        drop(answer);
        until("the outage ends by itself", || !db.breaker.is_failing()).await;

        let fresh = db
            .run(|conn| Ok::<_, StoreError>(conn.batch_execute("SELECT x FROM temp.mine").is_err()))
            .await
            .unwrap();
        assert!(
            fresh,
            "the given-up call's connection was closed, not handed out again"
        );
        assert!(
            !queued_ran.load(Ordering::SeqCst),
            "work whose request was answered 503 before it began is never done"
        );
    });
}

#[tokio::test]
async fn a_call_past_its_bound_is_a_503_and_opens_the_breaker() {
    let (pool, backend, _dir) = sqlite_pool(1);
    let db = Db {
        bounds: Bounds {
            call: Duration::from_millis(100),
            hang: Duration::from_millis(100),
        },
        ..Db::new(pool.clone(), backend)
    };
    // The only connection is held elsewhere: the call cannot even begin.
    let held = pool.get().unwrap();
    let error = db.run(|_| Ok::<_, StoreError>(1)).await.unwrap_err();
    assert_refused(&error);
    assert!(db.breaker.is_failing());
    drop(held);
}

#[tokio::test]
async fn a_readiness_check_out_of_time_fails_itself_not_every_call() {
    let (pool, backend, _dir) = sqlite_pool(1);
    let db = Db {
        bounds: Bounds {
            call: Duration::from_secs(3600),
            hang: Duration::from_millis(100),
        },
        ..Db::new(pool.clone(), backend)
    };
    let held = pool.get().unwrap();
    assert_refused(&db.ready().await.unwrap_err());
    assert!(
        !db.breaker.is_failing(),
        "a busy pool is not a failing database"
    );
    drop(held);
    let mut ready = false;
    for _ in 0..50 {
        if db.ready().await.is_ok() {
            ready = true;
            break;
        }
    }
    assert!(ready, "ready once a connection is free");
}
