//! A system admin's own double clicks: one staff account created, offices created and one
//! changed, the tariff schedules in force switched, one unmatched payment settled, and one
//! integrator client registered and revoked, each many times at once. Afterwards: one
//! account per address and one client per name, one settlement per payment (and the
//! application it paid moved once), stored values of one request, and one audit record per
//! change, chained.

use std::collections::BTreeSet;

use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_persistence::schema::{
    integrator_clients, office_sessions, offices, payments, tariff_schedules, users,
};
use reqwest::Method;
use serde_json::{Value, json};

use super::flows::{Citizen, notice, sessions_on};
use super::invariants::{
    assert_audit_chain, assert_database_invariants, audit_of, connection, entries_entering,
};
use crate::support::{
    AT_ONCE, DATE, ROUNDS, SEED_OFFICE_ID, TestApp, access, at_once, notify, split,
};

/// A system admin's access token.
async fn system_admin(app: &TestApp) -> String {
    access(
        &app.staff("admin@imigrasi.example", Role::SystemAdmin, None)
            .await,
    )
    .to_owned()
}

on_both_backends! {
    async fn one_staff_account_and_one_integrator_created_at_once_exist_once(app) {
        let admin = system_admin(&app).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let email = format!("petugas{round}@imigrasi.example");
            let body = json!({"email": email, "full_name": "Petugas Baru", "password": "sebuah kata sandi panjang", "role": "officer", "office_id": SEED_OFFICE_ID});
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/admin/users", &body, Some(&admin)))).await;
            let what = format!("round {round}: one staff account created {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let mut conn = connection(&pool);
            let ids: Vec<String> = users::table.filter(users::email.eq(&email)).select(users::id).load(&mut conn).unwrap();
            assert_eq!(ids.len(), 1, "{what}");
            assert_eq!(answered.done[0].json["id"], ids[0].as_str(), "{what}");
            assert_eq!(audit_of(&mut conn, "staff.create", &ids[0]).len(), 1, "{what}");
            drop(conn);

            let name = format!("Mitra {round}");
            let body = json!({"name": name, "scopes": ["webhooks:manage"]});
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/admin/integrators", &body, Some(&admin)))).await;
            let what = format!("round {round}: one integrator registered {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let client = answered.done[0].json["client_id"].as_str().unwrap().to_owned();
            let mut conn = connection(&pool);
            let active: Vec<String> = integrator_clients::table.filter(integrator_clients::name.eq(&name)).filter(integrator_clients::revoked_at.is_null()).select(integrator_clients::id).load(&mut conn).unwrap();
            assert_eq!(active, std::slice::from_ref(&client), "{what}");
            assert_eq!(audit_of(&mut conn, "integrator.create", &client).len(), 1, "{what}");
            drop(conn);

            let path = format!("/v1/admin/integrators/{client}");
            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::DELETE, &path, None, Some(&admin)))).await;
            let what = format!("round {round}: one integrator revoked {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert!(!answered.done.is_empty(), "{what}: {:?}", answered.details());
            let mut conn = connection(&pool);
            let revoked: Option<chrono::NaiveDateTime> = integrator_clients::table.find(&client).select(integrator_clients::revoked_at).first(&mut conn).unwrap();
            assert!(revoked.is_some(), "{what}");
            assert_eq!(audit_of(&mut conn, "integrator.revoke", &client).len(), 1, "{what}: revoked once, recorded once");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// A new office in Batam with sessions on weekdays.
fn new_office(name: &str) -> Value {
    let weekdays: Vec<Value> = (1..=5)
        .map(|weekday| json!({"weekday": weekday, "starts": "08:00", "ends": "12:00", "capacity_regular": 10, "capacity_same_day": 2, "capacity_priority": 3}))
        .collect();
    json!({
        "name": name, "kind": "immigration_office", "class": "I Khusus TPI",
        "address": "Jl. Engku Putri No. 3, Batam Centre", "city": "Batam", "province": "Kepulauan Riau",
        "latitude": 1.1302, "longitude": 104.0530, "time_zone": "wib",
        "opening_hours": {"opens": "08:00", "closes": "16:00"}, "e_passport_available": true,
        "release_rule": {"kind": "days_ahead", "days": 30, "time": "08:00"},
        "session_templates": weekdays
    })
}

on_both_backends! {
    async fn offices_created_and_changed_and_tariffs_switched_at_once(app) {
        let admin = system_admin(&app).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            // Distinct keys: each request is a creation of its own, all made.
            let name = format!("Kantor Imigrasi Batam {round}");
            let body = new_office(&name);
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/admin/offices", &body, Some(&admin)))).await;
            let what = format!("round {round}: {AT_ONCE} offices created at once");
            let answered = split(&what, &answers, &[201]);
            let mut conn = connection(&pool);
            let created: BTreeSet<String> = offices::table.filter(offices::name.eq(&name)).select(offices::id).load::<String>(&mut conn).unwrap().into_iter().collect();
            let answered_ids: BTreeSet<String> = answered.done.iter().map(|a| a.json["id"].as_str().unwrap().to_owned()).collect();
            assert_eq!(created, answered_ids, "{what}: the offices stored are not those answered");
            let mut sessions_each = BTreeSet::new();
            for id in &created {
                assert_eq!(audit_of(&mut conn, "office.create", id).len(), 1, "{what}");
                let count: i64 = office_sessions::table.filter(office_sessions::office_id.eq(id)).count().get_result(&mut conn).unwrap();
                sessions_each.insert(count);
            }
            assert_eq!(sessions_each.len(), 1, "{what}: the offices got different sessions: {sessions_each:?}");
            drop(conn);

            // One office renamed many times at once.
            let office = answered_ids.iter().next().expect("an office").clone();
            let names: Vec<String> = (0..AT_ONCE).map(|n| format!("Kanim Batam {round}-{n}")).collect();
            let bodies: Vec<Value> = names.iter().map(|name| json!({"name": name})).collect();
            let path = format!("/v1/admin/offices/{office}");
            let answers = at_once(bodies.iter().map(|body| app.send(Method::PATCH, &path, Some(body), Some(&admin)))).await;
            let what = format!("round {round}: one office renamed {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let mut conn = connection(&pool);
            let stored: String = offices::table.find(&office).select(offices::name).first(&mut conn).unwrap();
            assert!(names.contains(&stored), "{what}: {stored}");
            let records = audit_of(&mut conn, "office.update", &office);
            assert_eq!(records.len(), AT_ONCE, "{what}");
            let last = assert_audit_chain(&what, &records).flatten().expect("a last name");
            assert_eq!(last["name"], stored.as_str(), "{what}: the last change recorded is not what is stored");
            drop(conn);

            // The schedules in force switched at once: the stored set is one request's.
            let sets = [vec!["launch"], vec!["validity_2024"], vec!["launch", "validity_2024"]];
            let bodies: Vec<Value> = (0..AT_ONCE).map(|n| json!({"codes": sets[(n + round) % sets.len()]})).collect();
            let answers = at_once(bodies.iter().map(|body| app.send(Method::PUT, "/v1/admin/tariff-schedules/in-force", Some(body), Some(&admin)))).await;
            let what = format!("round {round}: {AT_ONCE} tariff switches at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let mut conn = connection(&pool);
            let mut enabled: Vec<String> = tariff_schedules::table.filter(tariff_schedules::enabled.eq(true)).select(tariff_schedules::code).load(&mut conn).unwrap();
            enabled.sort();
            assert!(sets.iter().any(|set| *set == enabled), "{what}: the schedules in force are no request's: {enabled:?}");
            let records = audit_of(&mut conn, "tariff.in_force", "in_force");
            assert_eq!(records.len(), AT_ONCE * (round + 1), "{what}");
            if let Some(Some(last)) = assert_audit_chain(&what, &records) {
                assert_eq!(last["codes"], json!(enabled), "{what}: the last change recorded is not what is stored");
            }
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// The id of the payment with this event id.
fn payment_id(pool: &paspor_persistence::DbPool, event_id: &str) -> String {
    payments::table
        .filter(payments::event_id.eq(event_id))
        .select(payments::id)
        .first(&mut connection(pool))
        .expect("the payment is recorded")
}

on_both_backends! {
    async fn one_unmatched_payment_settled_at_once_is_settled_once(app) {
        let admin = system_admin(&app).await;
        let citizen = Citizen::new(&app, "selesai@example.com", &nth_nik(21)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            // Paid with a mistyped code: kept for an admin.
            let (id, code) = citizen.booked(&app, &sessions[0], DATE).await;
            let typo: String = code.chars().rev().collect();
            let event = format!("salah-{round}");
            let kept = notify(&app, &notice(&event, &typo, 650_000)).await;
            assert_eq!(kept.json["result"], "unmatched", "{:#}", kept.json);
            let payment = payment_id(&pool, &event);
            let apply = round % 2 == 0;
            let bodies: Vec<Value> = (0..AT_ONCE)
                .map(|n| if apply {
                    json!({"resolution": "applied", "application_id": id, "note": format!("typo {n}")})
                } else {
                    json!({"resolution": "refunded", "note": format!("refund {n}")})
                })
                .collect();
            let path = format!("/v1/admin/payments/{payment}/settlement");
            let answers = at_once(bodies.iter().map(|body| app.post(&path, body, Some(&admin)))).await;
            let what = format!("round {round}: one payment settled {AT_ONCE} times at once (applied: {apply})");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let mut conn = connection(&pool);
            let (status, note): (String, Option<String>) = payments::table.find(&payment).select((payments::status, payments::settlement_note)).first(&mut conn).unwrap();
            assert_eq!(status, "settled", "{what}");
            assert_eq!(answered.done[0].json["settlement"]["note"], json!(note), "{what}: the settlement answered is not the one stored");
            assert_eq!(audit_of(&mut conn, "payment.settle", &payment).len(), 1, "{what}");
            if apply {
                assert_eq!(entries_entering(&mut conn, &id, "paid"), 1, "{what}");
            }
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}
