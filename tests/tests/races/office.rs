//! An officer's own double scans and double clicks at the counter: check-in, the document
//! check, biometrics, the interview, the decision, issuance and hand-over of one
//! application, and walk-in registrations, each sent many times at once. Afterwards each
//! step that moves the application was recorded once (one history entry, one audit
//! record, one row), each recapture or re-interview left a chain of audit records with no
//! change made on a stale read, and no walk-in went past the priority quota.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use paspor_domain::Channel;
use paspor_domain::account::Role;
use paspor_persistence::schema::{
    application_biometrics, application_decisions, application_document_checks,
    application_interviews, applications, passport_hand_overs, passports,
};
use reqwest::Method;
use serde_json::{Value, json};

use super::invariants::{
    assert_audit_chain, assert_database_invariants, audit_of, connection, entries_entering,
    held_bookings,
};
use crate::support::{
    AT_ONCE, Answer, Clock as _, PASSWORD, ROUNDS, SEED_OFFICE_ID, TestApp, access, at_once,
    eventually, split,
};

/// The officer every race here acts as.
const OFFICER: &str = "loket@imigrasi.example";

/// Sends `bodies` at once to `path` as the officer, each with its own key.
async fn officer_at_once(
    app: &TestApp,
    officer: &str,
    path: &str,
    bodies: &[Value],
) -> Vec<Answer> {
    at_once(
        bodies
            .iter()
            .map(|body| app.post(path, body, Some(officer))),
    )
    .await
}

/// Asserts that `action` on application `id` was recorded once, in the history (as
/// entering `status`) and in the audit trail.
#[track_caller]
fn recorded_once(
    pool: &paspor_persistence::DbPool,
    what: &str,
    id: &str,
    action: &str,
    status: &str,
) {
    let mut conn = connection(pool);
    assert_eq!(
        entries_entering(&mut conn, id, status),
        1,
        "{what}: {status} entered more than once"
    );
    let records = audit_of(&mut conn, action, id);
    assert_eq!(
        records.len(),
        1,
        "{what}: {} {action} records: {records:#?}",
        records.len()
    );
}

/// How many rows of a table keyed by application hold `id`.
fn rows_of(pool: &paspor_persistence::DbPool, id: &str) -> [i64; 4] {
    let mut conn = connection(pool);
    let biometrics = application_biometrics::table
        .find(id)
        .count()
        .get_result(&mut conn)
        .unwrap();
    let interviews = application_interviews::table
        .find(id)
        .count()
        .get_result(&mut conn)
        .unwrap();
    let decisions = application_decisions::table
        .find(id)
        .count()
        .get_result(&mut conn)
        .unwrap();
    let checks = application_document_checks::table
        .find(id)
        .count()
        .get_result(&mut conn)
        .unwrap();
    [checks, biometrics, interviews, decisions]
}

on_both_backends! {
    async fn every_step_at_the_counter_sent_at_once_is_recorded_once(app) {
        let mut applications = Vec::new();
        for round in 0..ROUNDS {
            // An account per application: an account applies for 5 people at most.
            let tokens = app.applicant(&format!("loket{round}@example.com")).await;
            let id = paid_application(&app, &tokens, &nth_nik(300 + round)).await;
            upload_required_documents(&app, &tokens, &id).await;
            let code = app.send(Method::GET, &format!("/v1/applications/{id}/check-in-code"), None, Some(access(&tokens))).await;
            assert_eq!(code.status, 200, "{:#}", code.json);
            applications.push((id, code.json["code"].as_str().unwrap().to_owned()));
        }
        // The appointment day, 10:00 at the office.
        app.clock.advance(TimeDelta::days(1));
        let officer = access(&app.staff(OFFICER, Role::Officer, Some(SEED_OFFICE_ID)).await).to_owned();
        let pool = app.pool();
        for (round, (id, code)) in applications.iter().enumerate() {
            let steps = |rest: &str| format!("/v1/office/applications/{id}{rest}");

            let scans = vec![json!({"code": code}); AT_ONCE];
            let answers = officer_at_once(&app, &officer, "/v1/office/check-ins", &scans).await;
            let what = format!("round {round}: one code scanned {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            recorded_once(&pool, &what, id, "application.check_in", "checked_in");

            let checks = vec![json!({"missing": []}); AT_ONCE];
            let answers = officer_at_once(&app, &officer, &steps("/document-check"), &checks).await;
            let what = format!("round {round}: one document check sent {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            recorded_once(&pool, &what, id, "application.document_check", "in_review");

            // A recapture replaces the earlier one: every capture may be done, each on the
            // one before it.
            let captures: Vec<Value> = (0..AT_ONCE).map(|n| json!({"photo_reference": format!("PHOTO-{round}-{n}"), "fingerprints_reference": format!("FP-{round}-{n}"), "station_id": "PKP-1"})).collect();
            let answers = officer_at_once(&app, &officer, &steps("/biometrics"), &captures).await;
            let what = format!("round {round}: {AT_ONCE} biometric captures at once");
            let answered = split(&what, &answers, &[200]);
            let records = audit_of(&mut connection(&pool), "application.biometrics", id);
            assert_eq!(records.len(), answered.done.len(), "{what}: one record per capture answered");
            let last = assert_audit_chain(&what, &records).flatten().expect("a capture");
            let stored: String = application_biometrics::table.find(id).select(application_biometrics::photo_reference).first(&mut connection(&pool)).unwrap();
            assert_eq!(last["photo_reference"], stored.as_str(), "{what}: the last change recorded is not the one stored");

            let interviews: Vec<Value> = (0..AT_ONCE).map(|n| json!({"answers": [{"question": "Why Japan?", "answer": format!("Holiday number {n}")}], "notes": format!("note {round}-{n}")})).collect();
            let answers = officer_at_once(&app, &officer, &steps("/interview"), &interviews).await;
            let what = format!("round {round}: {AT_ONCE} interviews recorded at once");
            let answered = split(&what, &answers, &[200]);
            let records = audit_of(&mut connection(&pool), "application.interview", id);
            assert_eq!(records.len(), answered.done.len(), "{what}: one record per interview answered");
            let last = assert_audit_chain(&what, &records).flatten().expect("an interview");
            let stored: Option<String> = application_interviews::table.find(id).select(application_interviews::notes).first(&mut connection(&pool)).unwrap();
            assert_eq!(last["notes"], json!(stored), "{what}: the last change recorded is not the one stored");

            // Half approve, half refuse: one decision is made.
            let decisions: Vec<Value> = (0..AT_ONCE).map(|n| if n % 2 == 0 { json!({"outcome": "approved"}) } else { json!({"outcome": "refused", "reason_code": "forged_documents"}) }).collect();
            let answers = officer_at_once(&app, &officer, &steps("/decision"), &decisions).await;
            let what = format!("round {round}: {AT_ONCE} decisions at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let decided = answered.done[0].json["status"].as_str().unwrap().to_owned();
            recorded_once(&pool, &what, id, "application.decision", &decided);
            let outcome: String = application_decisions::table.find(id).select(application_decisions::outcome).first(&mut connection(&pool)).unwrap();
            assert_eq!(answered.done[0].json["decision"]["outcome"], outcome.as_str(), "{what}");
            assert_eq!(rows_of(&pool, id), [1, 1, 1, 1], "{what}: one row per step");
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// Sets the test clock to local midnight WIB (UTC+7) at the start of `date`.
fn set_wib_midnight(app: &TestApp, date: &str) {
    let day: NaiveDate = date.parse().unwrap();
    let midnight = day.and_hms_opt(0, 0, 0).unwrap() - TimeDelta::hours(7);
    app.clock.set(midnight.and_utc());
}

on_both_backends! {
    async fn a_passport_issued_and_handed_over_at_once_is_issued_and_handed_over_once(app) {
        let mut approved = Vec::new();
        for round in 0..ROUNDS {
            let tokens = app.applicant(&format!("paspor{round}@example.com")).await;
            approved.push(approved_application(&app, &tokens, &nth_nik(400 + round)).await);
        }
        let officer = access(&app.staff(OFFICER, Role::Officer, Some(SEED_OFFICE_ID)).await).to_owned();
        let pool = app.pool();
        let empty = vec![json!({}); AT_ONCE];
        for (round, id) in approved.iter().enumerate() {
            let path = format!("/v1/office/applications/{id}/issuance");
            let answers = officer_at_once(&app, &officer, &path, &empty).await;
            let what = format!("round {round}: one passport issued {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let numbers: Vec<String> = passports::table.filter(passports::application_id.eq(id)).select(passports::number).load(&mut connection(&pool)).unwrap();
            assert_eq!(numbers.len(), 1, "{what}: {numbers:?}");
            assert_eq!(answered.done[0].json["number"], numbers[0].as_str(), "{what}: the number answered is not the one stored");
            recorded_once(&pool, &what, id, "application.issue", "issued");
            assert_database_invariants(&app, &pool, &what);
        }

        // The ready date (4 working days on), when the job makes them ready.
        set_wib_midnight(&app, "2026-12-01");
        eventually("every passport ready", || {
            let ready: i64 = passports::table.filter(passports::status.eq("ready")).count().get_result(&mut connection(&pool)).unwrap();
            (ready == i64::try_from(ROUNDS).unwrap()).then_some(())
        })
        .await;
        let officer = access(&app.login(OFFICER, PASSWORD).await).to_owned();
        let to_holder = vec![json!({"recipient": "holder"}); AT_ONCE];
        for (round, id) in approved.iter().enumerate() {
            let path = format!("/v1/office/applications/{id}/hand-over");
            let answers = officer_at_once(&app, &officer, &path, &to_holder).await;
            let what = format!("round {round}: one passport handed over {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let handed: i64 = passport_hand_overs::table
                .inner_join(passports::table)
                .filter(passports::application_id.eq(id))
                .count()
                .get_result(&mut connection(&pool))
                .unwrap();
            assert_eq!(handed, 1, "{what}");
            recorded_once(&pool, &what, id, "application.hand_over", "collected");
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// The visit date: the test clock's first day.
const TODAY: &str = "2026-11-25";

/// A man aged over 60 at the visit date with a NIK of Pangkalpinang (serial `serial`).
fn elderly(serial: usize) -> Value {
    json!({
        "nik": format!("197101010150{serial:04}"),
        "full_name": "Ahmad Yani", "place_of_birth": "Pangkalpinang", "birth_date": "1950-01-01",
        "sex": "male", "address": "Jl. Mentok 5, Pangkalpinang", "father_name": "Hasan",
        "mother_name": "Aisyah", "marital_status": "married", "dual_citizen_child": false,
        "previous_passport_number": null, "guardian_nik": null
    })
}

/// A walk-in of `kind` for `person`: an electronic passport for a trip to Saudi Arabia.
fn walk_in(kind: &str, person: Value) -> Value {
    json!({
        "kind": kind,
        "person": person,
        "passport_kind": "electronic",
        "travel": {
            "purpose": "umrah", "destination_country": "SA", "planned_departure": "2027-01-10",
            "address_abroad": "Makkah", "length_of_stay_days": 12, "contact_name": "Travel Amanah",
            "contact_phone": "+62 717 123456", "has_return_ticket": true, "accommodation": "Hotel Makkah"
        }
    })
}

/// Leaves exactly `places` priority places today, all in the last session.
async fn priority_places_left(app: &TestApp, pool: &paspor_persistence::DbPool, places: u32) {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={TODAY}&to={TODAY}"
        ))
        .await;
    let today: Vec<String> = days.json["days"][0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let mut conn = connection(pool);
    let now = app.clock.now().naive_utc();
    let mut held: BTreeMap<String, u32> = BTreeMap::new();
    for booking in held_bookings(&mut conn)
        .into_iter()
        .filter(|b| b.channel == "priority" && b.is_live(now))
    {
        *held.entry(booking.session_id).or_default() += 1;
    }
    for (index, session) in today.iter().enumerate() {
        let taken = held.get(session).copied().unwrap_or(0);
        let extra = if index + 1 == today.len() { places } else { 0 };
        paspor_persistence::sessions::set_capacity(
            &mut conn,
            session,
            Channel::Priority,
            taken + extra,
        )
        .unwrap();
    }
}

on_both_backends! {
    async fn walk_ins_registered_at_once_keep_one_application_per_person_and_the_quota(app) {
        let officer = access(&app.staff(OFFICER, Role::Officer, Some(SEED_OFFICE_ID)).await).to_owned();
        let pool = app.pool();
        for round in 0..ROUNDS {
            // One person registered many times at once (a double click at the counter).
            let same = vec![walk_in("same_day", elderly(round * 100 + 50)); AT_ONCE];
            let answers = officer_at_once(&app, &officer, "/v1/office/walk-ins", &same).await;
            let what = format!("round {round}: one person registered {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let id = answered.done[0].json["application_id"].as_str().unwrap().to_owned();
            let nik = same[0]["person"]["nik"].as_str().unwrap();
            let of_person: Vec<String> = applications::table.filter(applications::nik.eq(nik)).select(applications::id).load(&mut connection(&pool)).unwrap();
            assert_eq!(of_person, std::slice::from_ref(&id), "{what}");
            assert_eq!(audit_of(&mut connection(&pool), "walk_in.register", &id).len(), 1, "{what}");
            assert_database_invariants(&app, &pool, &what);

            // Eight people for two priority places.
            priority_places_left(&app, &pool, 2).await;
            let people: Vec<Value> = (1..=AT_ONCE).map(|n| walk_in("priority", elderly(round * 100 + n))).collect();
            let answers = officer_at_once(&app, &officer, "/v1/office/walk-ins", &people).await;
            let what = format!("round {round}: {AT_ONCE} priority walk-ins at once for 2 places");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 2, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            for refused in &answered.refused {
                assert_eq!(refused.status, 409, "{what}: {:#}", refused.json);
            }
            assert_database_invariants(&app, &pool, &what);
        }
    }
}
