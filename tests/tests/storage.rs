//! The storage layer under concurrency: many writers at once, several processes starting
//! (and migrating) on one database at once.

use chrono::TimeDelta;
use paspor_domain::Channel;
use paspor_openapi::{AvailabilityDto, OfficePage};
use paspor_persistence::{bookings, run_migrations, write_transaction};

use crate::support::*;

on_both_backends! {
    async fn many_concurrent_writers_all_succeed(app) {
        let date = "2026-11-26";
        let answer = app.get(&format!("/v1/offices/0193a000-0000-7000-8000-000000000001/availability?from={date}&to={date}")).await;
        let session_id = answer.parse::<AvailabilityDto>().days[0].sessions[0].id.clone();
        let pool = app.pool();
        let now = app.clock.now();
        // 40 threads each read the count and write a place in one transaction: on SQLite
        // that is the pattern that fails with "database is locked" without BEGIN IMMEDIATE.
        let writers: Vec<_> = (0..40)
            .map(|_| {
                let pool = pool.clone();
                let session_id = session_id.clone();
                std::thread::spawn(move || {
                    let mut conn = pool.get().expect("a connection");
                    write_transaction(&mut conn, |conn| {
                        let before = bookings::count_live(conn, &session_id, Channel::Priority, now)?;
                        insert_hold(conn, &session_id, Channel::Priority, Some(now + TimeDelta::hours(2)), now)?;
                        Ok::<_, paspor_persistence::StoreError>(before)
                    })
                })
            })
            .collect();
        let mut seen: Vec<u32> = writers.into_iter().map(|w| w.join().unwrap().expect("the write succeeds")).collect();
        seen.sort_unstable();
        let mut conn = pool.get().unwrap();
        assert_eq!(bookings::count_live(&mut conn, &session_id, Channel::Priority, now).unwrap(), 40);
        if app.database_url().starts_with("sqlite") {
            // SQLite serialises writers, so each saw the count the one before it left.
            assert_eq!(seen, (0..40).collect::<Vec<u32>>());
        }
    }
}

on_both_backends! {
    async fn servers_starting_together_migrate_and_seed_once(app) {
        let url = app.database_url().to_owned();
        assert!(run_migrations(&url).unwrap().applied.is_empty(), "already migrated at start");
        // Two more servers start at once on the same database.
        let (a, b) = futures::join!(
            TestApp::start_sharing(&url),
            TestApp::start_sharing(&url),
        );
        for server in [&app, &a, &b] {
            let offices = server.get("/v1/offices").await;
            assert_eq!(offices.parse::<OfficePage>().total, 4, "seeded once");
        }
        let days = app.get("/v1/offices/0193a000-0000-7000-8000-000000000001/availability?from=2026-11-30&to=2026-11-30").await;
        assert_eq!(days.parse::<AvailabilityDto>().days[0].sessions.len(), 4, "sessions created once");
    }
}
