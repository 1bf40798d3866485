//! A citizen's own double taps on the people the account applies for: many added at once
//! (never more than 5 for the account, one NIK once), one changed field by field at once
//! (every change answered is kept) and one removed many times at once (removed once).

use diesel::prelude::*;
use paspor_openapi::TokenPairDto;
use paspor_persistence::schema::applicants;
use reqwest::Method;
use serde_json::{Value, json};

use super::invariants::{MAX_APPLICANTS, assert_database_invariants, connection};
use crate::support::{AT_ONCE, ROUNDS, TestApp, access, add_applicant, at_once, split};

/// A person with this NIK, as the app adds one.
fn person(nik: &str) -> Value {
    json!({
        "nik": nik, "full_name": "Budi Santoso", "place_of_birth": "Jakarta",
        "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1, Pangkalpinang",
        "father_name": "Santoso", "mother_name": "Sri", "marital_status": "single",
        "dual_citizen_child": false, "previous_passport_number": null, "guardian_nik": null
    })
}

/// The account's applicants: (id, nik).
fn applicants_of(pool: &paspor_persistence::DbPool, account: &str) -> Vec<(String, String)> {
    applicants::table
        .filter(applicants::account_id.eq(account))
        .select((applicants::id, applicants::nik))
        .load(&mut connection(pool))
        .unwrap()
}

/// The signed-in account's id.
async fn account_of(app: &TestApp, tokens: &TokenPairDto) -> String {
    let me = app
        .send(Method::GET, "/v1/me", None, Some(access(tokens)))
        .await;
    me.json["id"].as_str().unwrap().to_owned()
}

/// Removes every applicant of the account through the API (none has applications).
async fn remove_all(
    app: &TestApp,
    tokens: &TokenPairDto,
    pool: &paspor_persistence::DbPool,
    account: &str,
) {
    for (id, _) in applicants_of(pool, account) {
        let removed = app
            .send(
                Method::DELETE,
                &format!("/v1/applicants/{id}"),
                None,
                Some(access(tokens)),
            )
            .await;
        assert_eq!(removed.status, 204, "{:#}", removed.json);
    }
}

on_both_backends! {
    async fn people_added_at_once_stop_at_five_each_nik_once(app) {
        let tokens = app.applicant("keluarga@example.com").await;
        let account = account_of(&app, &tokens).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let first = 100 * (round + 1);
            for n in 0..3 {
                add_applicant(&app, &tokens, &nth_nik(first + n)).await;
            }
            // Eight new people, two of them sent twice: room for two more.
            let bodies: Vec<Value> = (0..AT_ONCE).map(|n| person(&nth_nik(first + 10 + n % 6))).collect();
            let answers = at_once(bodies.iter().map(|body| app.post("/v1/applicants", body, Some(access(&tokens))))).await;
            let what = format!("round {round}: {AT_ONCE} people added at once to an account of 3");
            let answered = split(&what, &answers, &[201]);
            let held = applicants_of(&pool, &account);
            assert_eq!(held.len(), MAX_APPLICANTS, "{what}: {} answered 201: {held:?}", answered.done.len());
            assert_eq!(answered.done.len(), MAX_APPLICANTS - 3, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            for refused in &answered.refused {
                assert_eq!(refused.status, 409, "{what}: {:#}", refused.json);
            }
            for added in &answered.done {
                let nik = added.json["nik"].as_str().unwrap();
                assert!(held.iter().any(|(id, held_nik)| added.json["id"] == id.as_str() && held_nik == nik), "{what}: {:#}", added.json);
            }
            assert_database_invariants(&app, &pool, &what);

            // One NIK sent many times at once to an account with room for it.
            remove_all(&app, &tokens, &pool, &account).await;
            let same = person(&nth_nik(first + 50));
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/applicants", &same, Some(access(&tokens))))).await;
            let what = format!("round {round}: one NIK added {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            assert_eq!(applicants_of(&pool, &account).len(), 1, "{what}");
            assert_database_invariants(&app, &pool, &what);
            remove_all(&app, &tokens, &pool, &account).await;
        }
    }
}

/// Eight changes of a person, each to another field.
fn changes() -> Vec<(Value, &'static str, &'static str)> {
    vec![
        (
            json!({"full_name": "Budi Santoso Putra"}),
            "full_name",
            "Budi Santoso Putra",
        ),
        (
            json!({"place_of_birth": "Bandung"}),
            "place_of_birth",
            "Bandung",
        ),
        (
            json!({"address": "Jl. Sudirman 9, Pangkalpinang"}),
            "address",
            "Jl. Sudirman 9, Pangkalpinang",
        ),
        (json!({"father_name": "Slamet"}), "father_name", "Slamet"),
        (json!({"mother_name": "Wahyuni"}), "mother_name", "Wahyuni"),
        (
            json!({"marital_status": "married"}),
            "marital_status",
            "married",
        ),
        (
            json!({"previous_passport_number": "A1234567"}),
            "previous_passport_number",
            "A1234567",
        ),
        (
            json!({"full_name": "Budi Santoso Putra"}),
            "full_name",
            "Budi Santoso Putra",
        ),
    ]
}

on_both_backends! {
    async fn one_person_changed_at_once_keeps_every_change_and_is_removed_once(app) {
        let tokens = app.applicant("data@example.com").await;
        let pool = app.pool();
        let changes = changes();
        for round in 0..ROUNDS {
            let id = add_applicant(&app, &tokens, &nth_nik(200 + round)).await;
            let path = format!("/v1/applicants/{id}");
            let answers = at_once(changes.iter().map(|(body, _, _)| app.send(Method::PATCH, &path, Some(body), Some(access(&tokens))))).await;
            let what = format!("round {round}: {AT_ONCE} changes of person {id}, each of another field");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let shown = app.send(Method::GET, &path, None, Some(access(&tokens))).await;
            let stored: (String, String, String, String, String, String, Option<String>) = applicants::table
                .find(&id)
                .select((
                    applicants::full_name,
                    applicants::place_of_birth,
                    applicants::address,
                    applicants::father_name,
                    applicants::mother_name,
                    applicants::marital_status,
                    applicants::previous_passport_number,
                ))
                .first(&mut connection(&pool))
                .unwrap();
            for (_, field, value) in &changes {
                assert_eq!(shown.json[*field], *value, "{what}: the change of {field} answered 200 is lost (stored: {stored:?})");
            }

            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::DELETE, &path, None, Some(access(&tokens))))).await;
            let what = format!("round {round}: {AT_ONCE} removals of person {id}");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let left: i64 = applicants::table.find(&id).count().get_result(&mut connection(&pool)).unwrap();
            assert_eq!(left, 0, "{what}");
            assert_database_invariants(&app, &pool, &what);
        }
    }
}
