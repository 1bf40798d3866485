//! An office admin's own double clicks: one session's capacities, the week of session
//! templates and the office's settings changed many times at once, and one holiday
//! declared and removed many times at once. Afterwards the stored values are those of one
//! request (never a mix), never below the bookings held, each change is one audit record
//! and the records chain (no change made on a stale read), and a holiday exists once.

use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_persistence::schema::{office_holidays, office_sessions, offices, session_templates};
use reqwest::Method;
use serde_json::{Value, json};

use super::flows::sessions_on;
use super::invariants::{
    assert_audit_chain, assert_database_invariants, audit_count, audit_of, connection,
};
use crate::support::{
    AT_ONCE, Answer, DATE, ROUNDS, SEED_OFFICE_ID, TestApp, access, at_once, split,
};

/// The seed office's admin: an access token.
async fn office_admin(app: &TestApp) -> String {
    access(
        &app.staff(
            "kepala@imigrasi.example",
            Role::OfficeAdmin,
            Some(SEED_OFFICE_ID),
        )
        .await,
    )
    .to_owned()
}

/// Sends each body at once to `path` with `method`, as `token`.
async fn all_at_once(
    app: &TestApp,
    method: Method,
    path: &str,
    bodies: &[Value],
    token: &str,
) -> Vec<Answer> {
    at_once(
        bodies
            .iter()
            .map(|body| app.send(method.clone(), path, Some(body), Some(token))),
    )
    .await
}

on_both_backends! {
    async fn one_session_s_capacities_changed_at_once_stay_one_request_s_and_above_the_bookings(app) {
        let admin = office_admin(&app).await;
        let tokens = app.applicant("warga@example.com").await;
        // Two places held in the session.
        paid_application(&app, &tokens, &nth_nik(1)).await;
        paid_application(&app, &tokens, &nth_nik(2)).await;
        let session = sessions_on(&app, DATE).await[0].clone();
        let path = format!("/v1/office/sessions/{session}");
        let pool = app.pool();
        for round in 0..ROUNDS {
            // Regular places (one of them below the two held) and same-day places.
            let base = u32::try_from(10 * round).unwrap();
            let bodies: Vec<Value> = (0..AT_ONCE)
                .map(|n| match n {
                    0 => json!({"capacity_regular": 1}),
                    n if n % 2 == 1 => json!({"capacity_regular": 20 + base + u32::try_from(n).unwrap()}),
                    n => json!({"capacity_same_day": base + u32::try_from(n).unwrap()}),
                })
                .collect();
            let answers = all_at_once(&app, Method::PATCH, &path, &bodies, &admin).await;
            let what = format!("round {round}: {AT_ONCE} capacity changes of one session at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE - 1, "{what}: only the one below the bookings is refused: {:?}", answered.details());
            assert_eq!(answers[0].status, 409, "{what}: {:#}", answers[0].json);

            let mut conn = connection(&pool);
            let (regular, same_day): (i32, i32) = office_sessions::table.find(&session).select((office_sessions::capacity_regular, office_sessions::capacity_same_day)).first(&mut conn).unwrap();
            let records = audit_of(&mut conn, "session.update", &session);
            assert_eq!(records.len(), (AT_ONCE - 1) * (round + 1), "{what}: one record per change answered");
            let last = assert_audit_chain(&what, &records).flatten().expect("a last state");
            assert_eq!((last["capacity_regular"].as_i64(), last["capacity_same_day"].as_i64()), (Some(i64::from(regular)), Some(i64::from(same_day))), "{what}: the last change recorded is not what is stored");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// A week of one session a weekday with `places` regular places.
fn week(places: u32) -> Value {
    let templates: Vec<Value> = (1..=5)
        .map(|weekday| json!({"weekday": weekday, "starts": "08:00", "ends": "12:00", "capacity_regular": places, "capacity_same_day": 1, "capacity_priority": 2}))
        .collect();
    json!({"templates": templates})
}

on_both_backends! {
    async fn the_week_and_the_settings_changed_at_once_are_one_request_s(app) {
        let admin = office_admin(&app).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let places: Vec<u32> = (0..AT_ONCE).map(|n| u32::try_from(10 * round + n + 1).unwrap()).collect();
            let bodies: Vec<Value> = places.iter().map(|p| week(*p)).collect();
            let answers = all_at_once(&app, Method::PUT, "/v1/office/session-templates", &bodies, &admin).await;
            let what = format!("round {round}: {AT_ONCE} weeks of templates at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let mut conn = connection(&pool);
            let stored: Vec<(i32, i32)> = session_templates::table
                .filter(session_templates::office_id.eq(SEED_OFFICE_ID))
                .select((session_templates::weekday, session_templates::capacity_regular))
                .load(&mut conn)
                .unwrap();
            assert_eq!(stored.len(), 5, "{what}: the week is one request's: {stored:?}");
            let first = stored[0].1;
            assert!(stored.iter().all(|(_, p)| *p == first), "{what}: the stored week mixes requests: {stored:?}");
            assert!(places.iter().any(|p| i64::from(*p) == i64::from(first)), "{what}");
            let records = audit_of(&mut conn, "session_templates.replace", SEED_OFFICE_ID);
            assert_eq!(records.len(), AT_ONCE * (round + 1), "{what}");
            let last = assert_audit_chain(&what, &records).flatten().expect("a last week");
            assert_eq!(last["templates"][0]["capacity_regular"], first, "{what}: the last change recorded is not what is stored");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);

            // Every state left is new: the disability ground (on in the seed, whose default
            // policy has it) is off in all of them, and the ages differ from request to request
            // and round to round; a state equal to the seed's would close the chain in a circle.
            let ages: Vec<u32> = (0..AT_ONCE).map(|n| u32::try_from(55 + n).unwrap()).collect();
            let child_under = u32::try_from(3 + round).unwrap();
            let bodies: Vec<Value> = ages
                .iter()
                .map(|age| json!({"priority_policy": {"child_under_age": child_under, "elderly_from_age": age, "pregnant": true, "breastfeeding": true, "disability": false}}))
                .collect();
            let answers = all_at_once(&app, Method::PATCH, "/v1/office/settings", &bodies, &admin).await;
            let what = format!("round {round}: {AT_ONCE} settings changes at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let mut conn = connection(&pool);
            let age: i32 = offices::table.find(SEED_OFFICE_ID).select(offices::priority_elderly_from_age).first(&mut conn).unwrap();
            assert!(ages.iter().any(|a| i64::from(*a) == i64::from(age)), "{what}: {age}");
            let records = audit_of(&mut conn, "office.update", SEED_OFFICE_ID);
            assert_eq!(records.len(), AT_ONCE * (round + 1), "{what}: one record per change answered");
            let last = assert_audit_chain(&what, &records).flatten().expect("a last state");
            assert_eq!(last["priority_policy"]["elderly_from_age"], age, "{what}: the last change recorded is not what is stored");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

on_both_backends! {
    async fn one_holiday_declared_and_removed_at_once_exists_once(app) {
        let admin = office_admin(&app).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let date = format!("2026-12-{:02}", round + 1);
            let bodies: Vec<Value> = (0..AT_ONCE).map(|n| json!({"date": date, "name": format!("Libur {n}")})).collect();
            let answers = at_once(bodies.iter().map(|body| app.post("/v1/office/holidays", body, Some(&admin)))).await;
            let what = format!("round {round}: holiday {date} declared {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let day: chrono::NaiveDate = date.parse().unwrap();
            let mut conn = connection(&pool);
            let names: Vec<String> = office_holidays::table
                .filter(office_holidays::office_id.eq(SEED_OFFICE_ID))
                .filter(office_holidays::holiday_date.eq(day))
                .select(office_holidays::name)
                .load(&mut conn)
                .unwrap();
            assert_eq!(names.len(), 1, "{what}");
            assert_eq!(answered.done[0].json["name"], names[0].as_str(), "{what}: the holiday answered is not the one stored");
            assert_eq!(audit_of(&mut conn, "holiday.create", &date).len(), 1, "{what}");
            let open: i64 = office_sessions::table
                .filter(office_sessions::office_id.eq(SEED_OFFICE_ID))
                .filter(office_sessions::session_date.eq(day))
                .filter(office_sessions::closed.eq(false))
                .count()
                .get_result(&mut conn)
                .unwrap();
            assert_eq!(open, 0, "{what}: a session of the holiday is open");
            drop(conn);

            let path = format!("/v1/office/holidays/{date}");
            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::DELETE, &path, None, Some(&admin)))).await;
            let what = format!("round {round}: holiday {date} removed {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let mut conn = connection(&pool);
            assert_eq!(audit_of(&mut conn, "holiday.delete", &date).len(), 1, "{what}");
            assert_eq!(audit_count(&mut conn, "holiday.delete"), round + 1, "{what}");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}
