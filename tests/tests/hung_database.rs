//! A database that stops answering without closing its connections, as when its processes
//! are stopped (SIGSTOP) or its machine paused: requests are answered 503 problem+json
//! instead of waiting for it, readiness fails, and the server serves again by itself once
//! it answers; what was accepted is kept, and a write cut off is all there or not at all.
//!
//! PostgreSQL only: SQLite runs inside the server's process and cannot stop apart from it.
//! The stop is a relay between the server and PostgreSQL that stops relaying
//! (`support::stall`); the shared server itself is never stopped.

use std::time::Duration;

use diesel::RunQueryDsl as _;
use paspor_persistence::DbConnection;
use serde_json::{Value, json};

use crate::support::stall::Stall;
use crate::support::{Answer, PASSWORD, TestApp, TestDatabase};

const REGISTER: &str = "/v1/auth/register";

/// While the database is stopped nothing it would answer ever comes, so a request that
/// waits for it would wait as long as the test keeps it stopped. Past this the request
/// counts as never answered and the test fails instead of hanging: a bound on waiting,
/// far above anything measured, not a measure of speed.
const NEVER: Duration = Duration::from_secs(60);

async fn answered(what: &str, request: impl Future<Output = Answer>) -> Answer {
    actix_web::rt::time::timeout(NEVER, request)
        .await
        .unwrap_or_else(|_| panic!("{what}: never answered while the database was stopped"))
}

fn account(name: &str) -> Value {
    json!({"email": format!("{name}@example.com"), "phone": "081234567890", "full_name": "Tertunda", "password": PASSWORD})
}

/// Rows of `sql` (a `count(*)`), read directly, not through the relay.
fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.pool().get().expect("a connection of the test's own");
    let DbConnection::Postgresql(pg) = &mut *conn else {
        unreachable!("a PostgreSQL test")
    };
    diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
        "({sql})"
    )))
    .get_result(pg)
    .expect("the count")
}

#[actix_web::test]
async fn a_database_that_stops_answering_gets_503s_and_the_server_recovers_by_itself() {
    let Some(database) = TestDatabase::postgres("hung_database") else {
        return;
    };
    let stall = Stall::to_server_of(database.url());
    let relayed = stall.url_for(database.url());
    let app = TestApp::start_with(database, |config| {
        config.database_url = relayed;
        // Out of the picture: what answers here is the server noticing the silence.
        config.limits.db_call_timeout = Duration::from_secs(3600);
    })
    .await;

    let before = app.post(REGISTER, &account("sebelum"), None).await;
    assert_eq!(before.status, 202, "{:#}", before.json);
    assert_eq!(app.get("/health/ready").await.status, 200);

    stall.stop();
    // Requests arriving after the stop, at once: each one is answered.
    let reads =
        futures::future::join_all((0..6).map(|_| answered("a read", app.get("/v1/offices"))));
    let cut_off = account("tertunda");
    let write = answered("a registration", app.post(REGISTER, &cut_off, None));
    let ready = answered("a readiness check", app.get("/health/ready"));
    let (reads, write, ready) = futures::join!(reads, write, ready);
    for answer in reads.iter().chain([&write, &ready]) {
        answer.problem(503);
        assert!(
            !answer.header("retry-after").is_empty(),
            "{:#}",
            answer.json
        );
    }
    // Known to be silent now: later requests are refused without waiting on it.
    let refused = answered("a later read", app.get("/v1/offices")).await;
    refused.problem(503);
    assert_eq!(refused.header("retry-after"), "1");
    answered("a later readiness check", app.get("/health/ready"))
        .await
        .problem(503);

    stall.resume();
    let mut served = false;
    for _ in 0..400 {
        if app.get("/v1/offices").await.status == 200 {
            served = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        served,
        "served again, with no restart, once the database answers"
    );
    assert_eq!(app.get("/health/ready").await.status, 200);

    // The account accepted before the stop is kept. The registration cut off by it was
    // answered 503, and whether its transaction committed once the database resumed or
    // not, its account and its verification email are both there or both absent.
    let users = |name: &str| {
        count(
            &app,
            &format!("SELECT count(*) FROM users WHERE email = '{name}@example.com'"),
        )
    };
    let emails = |name: &str| {
        count(
            &app,
            &format!("SELECT count(*) FROM outbox_messages WHERE recipient = '{name}@example.com'"),
        )
    };
    assert_eq!(users("sebelum"), 1);
    crate::support::eventually("the cut-off registration settled", || {
        let (stored, mailed) = (users("tertunda"), emails("tertunda"));
        (stored == mailed).then_some(())
    })
    .await;
}
