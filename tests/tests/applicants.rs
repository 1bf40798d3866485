//! The people an account applies for: adding, listing, reading, changing and removing
//! them; the NIK checks and warnings, the guardian of a child, the limit of 5 under
//! concurrency, and who may see what.
//!
//! The test server's date is Wednesday 25 November 2026 (WIB).

use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicantDto, ApplicantPage, MaritalStatusDto, NikWarningCodeDto, NikWarningDto, SexDto,
    TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

/// A man born 15 May 1990 in Jakarta (31 71 01).
const MAN: &str = "3171011505900001";
/// A woman born 15 May 1990: the day plus 40.
const WOMAN: &str = "3171015505900002";

/// An adult applicant whose data agrees with `nik` when it is [`MAN`].
fn person(nik: &str) -> Value {
    json!({
        "nik": nik,
        "full_name": "Budi Santoso",
        "place_of_birth": "Jakarta",
        "birth_date": "1990-05-15",
        "sex": "male",
        "address": "Jl. Merdeka No. 1, Gambir, Jakarta Pusat",
        "father_name": "Slamet Santoso",
        "mother_name": "Sri Wahyuni",
        "marital_status": "married",
        "dual_citizen_child": false
    })
}

/// `person(nik)` with some fields replaced.
fn with(nik: &str, changes: &Value) -> Value {
    let mut body = person(nik);
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

impl TestApp {
    /// Adds an applicant as `tokens`' account; asserts it was created.
    async fn add_applicant(&self, tokens: &TokenPairDto, body: &Value) -> ApplicantDto {
        let answer = self
            .post("/v1/applicants", body, Some(access(tokens)))
            .await;
        assert_eq!(answer.status, 201, "{:#}", answer.json);
        answer.parse()
    }
}

fn warning_codes(applicant: &ApplicantDto) -> Vec<NikWarningCodeDto> {
    applicant.warnings.iter().map(|w| w.code).collect()
}

/// Warnings as (code, message), to compare.
fn warnings(warnings: &[NikWarningDto]) -> Vec<(NikWarningCodeDto, &str)> {
    warnings
        .iter()
        .map(|w| (w.code, w.message.as_str()))
        .collect()
}

on_both_backends! {
    async fn an_applicant_is_added_listed_read_changed_and_removed(app) {
        let tokens = app.applicant("siti@example.com").await;
        let token = Some(access(&tokens));

        let created = app.post("/v1/applicants", &person(MAN), token).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let budi: ApplicantDto = created.parse();
        assert_eq!(created.header("location"), format!("/v1/applicants/{}", budi.id));
        assert_eq!(budi.nik, MAN);
        assert_eq!(budi.age, 36);
        assert_eq!(budi.sex, SexDto::Male);
        assert_eq!(budi.marital_status, MaritalStatusDto::Married);
        assert!(budi.warnings.is_empty());
        // Empty optional fields are sent as null, not left out.
        assert!(budi.previous_passport_number.is_none());
        assert!(created.json.as_object().unwrap().contains_key("guardian_nik"));

        let siti = app
            .add_applicant(&tokens, &with(WOMAN, &json!({"full_name": "  Siti Rahayu ", "sex": "female"})))
            .await;
        assert_eq!(siti.full_name, "Siti Rahayu", "trimmed");

        let listed = app.send(Method::GET, "/v1/applicants", None, token).await;
        assert_eq!(listed.status, 200, "{:#}", listed.json);
        let page: ApplicantPage = listed.parse();
        assert_eq!(page.total, 2);
        assert_eq!(page.page, 1);
        let ids: Vec<_> = page.items.iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids, [budi.id.clone(), siti.id.clone()], "oldest first");
        let second_page: ApplicantPage = app.send(Method::GET, "/v1/applicants?page=2&per_page=1", None, token).await.parse();
        assert_eq!(second_page.items[0].id, siti.id);
        assert_eq!(second_page.total, 2);
        app.send(Method::GET, "/v1/applicants?per_page=0", None, token).await.problem(400);

        let path = format!("/v1/applicants/{}", budi.id);
        let read = app.send(Method::GET, &path, None, token).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.json, created.json);

        let patched = app
            .send(Method::PATCH, &path, Some(&json!({"full_name": "Budi S.", "previous_passport_number": "C1234567", "marital_status": "divorced"})), token)
            .await;
        assert_eq!(patched.status, 200, "{:#}", patched.json);
        let patched: ApplicantDto = patched.parse();
        assert_eq!(patched.full_name, "Budi S.");
        assert_eq!(patched.previous_passport_number.as_deref(), Some("C1234567"));
        assert_eq!(patched.marital_status, MaritalStatusDto::Divorced);
        assert_eq!(patched.nik, MAN, "untouched fields stay");
        assert_eq!(patched.created_at, budi.created_at);
        // null clears a field that may be empty.
        let cleared = app.send(Method::PATCH, &path, Some(&json!({"previous_passport_number": null})), token).await;
        let applicant: ApplicantDto = cleared.parse();
        assert!(applicant.previous_passport_number.is_none(), "{:#}", cleared.json);
        assert_eq!(applicant.full_name, "Budi S.");
        let bad = app
            .send(Method::PATCH, &path, Some(&json!({"previous_passport_number": "c-123", "place_of_birth": " "})), token)
            .await;
        bad.problem(400);
        let mut fields = bad.error_fields();
        fields.sort();
        assert_eq!(fields, ["place_of_birth", "previous_passport_number"]);
        app.send(Method::PATCH, &path, Some(&json!({"destination": "JP"})), token).await.problem(400);

        let removed = app.send(Method::DELETE, &path, None, token).await;
        assert_eq!(removed.status, 204);
        app.send(Method::GET, &path, None, token).await.problem(404);
        app.send(Method::DELETE, &path, None, token).await.problem(404);
        let listed = app.send(Method::GET, "/v1/applicants", None, token).await;
        let listed: ApplicantPage = listed.parse();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.items[0].id, siti.id);
    }
}

on_both_backends! {
    async fn a_malformed_nik_is_refused_naming_the_field(app) {
        let tokens = app.applicant("siti@example.com").await;
        // 400: not 16 digits, as the schema says; 422: 16 digits that do not decode.
        for (nik, status) in [("317101150590000", 400), ("31710115059000011", 400), ("317101150590000a", 400), (" 317101150590001", 400), ("3171011505900000", 422), ("3171013205900001", 422), ("0071011505900001", 422)] {
            let answer = app.post("/v1/applicants", &person(nik), Some(access(&tokens))).await;
            answer.problem(status);
            assert_eq!(answer.error_fields(), ["nik"], "{nik}: {:#}", answer.json);
        }
        let bad_guardian = app
            .post("/v1/applicants", &with(MAN, &json!({"guardian_nik": "12345"})), Some(access(&tokens)))
            .await;
        assert_eq!(bad_guardian.error_fields(), ["guardian_nik"]);
        // A NIK that is not a string is not JSON of the expected shape.
        app.post("/v1/applicants", &with(MAN, &json!({"nik": 3_171_011_505_900_001_u64})), Some(access(&tokens)))
            .await
            .problem(400);
        let listed = app.send(Method::GET, "/v1/applicants", None, Some(access(&tokens))).await;
        assert_eq!(listed.parse::<ApplicantPage>().total, 0, "nothing was stored");
    }
}

on_both_backends! {
    async fn a_nik_that_disagrees_is_accepted_with_warnings(app) {
        let tokens = app.applicant("siti@example.com").await;
        // The NIK encodes a man born 15-05-90; a woman born 16 May 1991 is declared.
        let created = app
            .add_applicant(&tokens, &with(MAN, &json!({"sex": "female", "birth_date": "1991-05-16"})))
            .await;
        assert_eq!(warning_codes(&created), [NikWarningCodeDto::BirthDateMismatch, NikWarningCodeDto::SexMismatch]);
        assert!(created.warnings[1].message.contains("male"));
        let read = app.send(Method::GET, &format!("/v1/applicants/{}", created.id), None, Some(access(&tokens))).await;
        assert_eq!(warnings(&read.parse::<ApplicantDto>().warnings), warnings(&created.warnings));

        // Putting the data right clears them.
        let fixed = app
            .send(Method::PATCH, &format!("/v1/applicants/{}", created.id), Some(&json!({"sex": "male", "birth_date": "1990-05-15"})), Some(access(&tokens)))
            .await;
        assert!(fixed.parse::<ApplicantDto>().warnings.is_empty(), "{:#}", fixed.json);
        // Only the sex differs for a woman's NIK given as a man.
        let woman = app.add_applicant(&tokens, &person(WOMAN)).await;
        assert_eq!(warning_codes(&woman), [NikWarningCodeDto::SexMismatch]);
    }
}

on_both_backends! {
    async fn a_child_under_17_needs_a_guardian(app) {
        let tokens = app.applicant("siti@example.com").await;
        let token = Some(access(&tokens));
        // 17 tomorrow: still a child today.
        let child = with("3171012611090001", &json!({"birth_date": "2009-11-26", "marital_status": "single"}));
        let refused = app.post("/v1/applicants", &child, token).await;
        refused.problem(422);
        assert_eq!(refused.error_fields(), ["guardian_nik"]);
        let bad_guardian = app.post("/v1/applicants", &with("3171012611090001", &json!({"birth_date": "2009-11-26", "guardian_nik": "3171015505900000"})), token).await;
        assert_eq!(bad_guardian.error_fields(), ["guardian_nik"]);

        let mut guarded = child.clone();
        guarded["guardian_nik"] = json!(WOMAN);
        let created = app.add_applicant(&tokens, &guarded).await;
        assert_eq!(created.age, 16);
        assert_eq!(created.guardian_nik.as_deref(), Some(WOMAN));
        assert!(created.warnings.is_empty());
        // The guardian cannot be taken away while the child is under 17.
        let path = format!("/v1/applicants/{}", created.id);
        let cleared = app.send(Method::PATCH, &path, Some(&json!({"guardian_nik": null})), token).await;
        assert_eq!(cleared.error_fields(), ["guardian_nik"]);

        // 17 today: no guardian needed.
        let seventeen = app
            .add_applicant(&tokens, &with("3171012511090001", &json!({"birth_date": "2009-11-25"})))
            .await;
        assert_eq!(seventeen.age, 17);
        assert!(seventeen.guardian_nik.is_none());
        // Changing an adult's birth date to a child's needs a guardian too.
        let younger = app
            .send(Method::PATCH, &format!("/v1/applicants/{}", seventeen.id), Some(&json!({"birth_date": "2015-01-01"})), token)
            .await;
        assert_eq!(younger.error_fields(), ["guardian_nik"]);

        let unborn = app.post("/v1/applicants", &with("3171012611260001", &json!({"birth_date": "2026-11-26", "guardian_nik": WOMAN})), token).await;
        assert_eq!(unborn.error_fields(), ["birth_date"]);
    }
}

on_both_backends! {
    async fn an_account_holds_at_most_5_applicants_and_each_nik_once(app) {
        let tokens = app.applicant("siti@example.com").await;
        let token = Some(access(&tokens));
        let first = app.add_applicant(&tokens, &person(&nth_nik(1))).await;
        app.post("/v1/applicants", &person(&nth_nik(1)), token).await.problem(409);
        for serial in 2..=5 {
            app.add_applicant(&tokens, &person(&nth_nik(serial))).await;
        }
        let sixth = app.post("/v1/applicants", &person(&nth_nik(6)), token).await;
        assert!(sixth.problem(409).detail.contains('5'), "{:#}", sixth.json);

        // Changing one's NIK to another's is the same conflict.
        let path = format!("/v1/applicants/{}", first.id);
        app.send(Method::PATCH, &path, Some(&json!({"nik": nth_nik(2)})), token).await.problem(409);
        // Removing one makes room again.
        assert_eq!(app.send(Method::DELETE, &path, None, token).await.status, 204);
        app.add_applicant(&tokens, &person(&nth_nik(6))).await;

        // Another account may hold the same person.
        let other = app.applicant("rina@example.com").await;
        app.add_applicant(&other, &person(&nth_nik(2))).await;
    }
}

on_both_backends! {
    async fn the_limit_holds_under_concurrent_creates(app) {
        let tokens = app.applicant("siti@example.com").await;
        let bodies: Vec<Value> = (1..=10).map(|serial| person(&nth_nik(serial))).collect();
        let answers = futures::future::join_all(
            bodies.iter().map(|body| app.post("/v1/applicants", body, Some(access(&tokens)))),
        )
        .await;
        let mut created = 0;
        for answer in &answers {
            match answer.status.as_u16() {
                201 => created += 1,
                409 => {
                    answer.problem(409);
                }
                other => panic!("{other}: {:#}", answer.json),
            }
        }
        assert_eq!(created, 5);
        let listed = app.send(Method::GET, "/v1/applicants", None, Some(access(&tokens))).await;
        assert_eq!(listed.parse::<ApplicantPage>().total, 5);
    }
}

on_both_backends! {
    async fn another_accounts_applicant_is_not_found(app) {
        let owner = app.applicant("siti@example.com").await;
        let stranger = app.applicant("rina@example.com").await;
        let applicant = app.add_applicant(&owner, &person(MAN)).await;
        let path = format!("/v1/applicants/{}", applicant.id);
        let mine = app.send(Method::GET, &path, None, Some(access(&owner))).await;
        assert_eq!(mine.status, 200);

        let unknown = app
            .send(Method::GET, "/v1/applicants/0193a000-0000-7000-8000-00000000ffff", None, Some(access(&stranger)))
            .await;
        let unknown = unknown.problem(404);
        let answers = [
            app.send(Method::GET, &path, None, Some(access(&stranger))).await,
            app.send(Method::PATCH, &path, Some(&json!({"full_name": "Pencuri"})), Some(access(&stranger))).await,
            app.send(Method::DELETE, &path, None, Some(access(&stranger))).await,
        ];
        for answer in &answers {
            // The same answer as for an id that exists nowhere, and nothing of the data.
            assert_eq!(answer.problem(404).detail, unknown.detail);
            assert!(!answer.json.to_string().contains(MAN));
        }
        let theirs = app.send(Method::GET, "/v1/applicants", None, Some(access(&stranger))).await;
        assert_eq!(theirs.parse::<ApplicantPage>().total, 0);
        // Untouched.
        let after = app.send(Method::GET, &path, None, Some(access(&owner))).await;
        assert_eq!(after.json, mine.json);
    }
}

on_both_backends! {
    async fn only_signed_in_applicants_use_the_routes(app) {
        let owner = app.applicant("siti@example.com").await;
        let added = app.post("/v1/applicants", &person(MAN), Some(access(&owner))).await;
        assert_eq!(added.status, 201, "{:#}", added.json);
        let path = format!("/v1/applicants/{}", added.parse::<ApplicantDto>().id);
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let body = person(WOMAN);
        let patch = json!({"full_name": "X"});
        let calls: [(Method, &str, Option<&Value>); 5] = [
            (Method::POST, "/v1/applicants", Some(&body)),
            (Method::GET, "/v1/applicants", None),
            (Method::GET, &path, None),
            (Method::PATCH, &path, Some(&patch)),
            (Method::DELETE, &path, None),
        ];
        for (method, target, body) in &calls {
            for staff in [&officer, &admin] {
                app.send(method.clone(), target, *body, Some(access(staff))).await.problem(403);
            }
            let anonymous = app.send(method.clone(), target, *body, None).await;
            anonymous.problem(401);
            assert!(anonymous.header("www-authenticate").starts_with("Bearer"));
            app.send(method.clone(), target, *body, Some("not.a.token")).await.problem(401);
        }
        let after = app.send(Method::GET, &path, None, Some(access(&owner))).await;
        assert_eq!(after.json, added.json, "nothing changed");
    }
}

on_both_backends! {
    async fn an_applicant_with_an_application_keeps_its_nik_and_is_not_removed(app) {
        let tokens = app.applicant("siti@example.com").await;
        let token = Some(access(&tokens));
        let applicant = app.add_applicant(&tokens, &person(MAN)).await;
        let drafted = app.post("/v1/applications", &draft(&applicant.id), token).await;
        assert_eq!(drafted.status, 201, "{:#}", drafted.json);

        let path = format!("/v1/applicants/{}", applicant.id);
        let refused = app.send(Method::DELETE, &path, None, token).await;
        refused.problem(409);
        app.send(Method::PATCH, &path, Some(&json!({"nik": nth_nik(7)})), token).await.problem(409);
        // Other fields may change.
        let moved = app.send(Method::PATCH, &path, Some(&json!({"address": "Jl. Sudirman No. 2"})), token).await;
        assert_eq!(moved.status, 200, "{:#}", moved.json);
        assert_eq!(app.send(Method::GET, &path, None, token).await.status, 200, "still there");
    }
}

on_both_backends! {
    async fn refusals_come_in_the_order_they_always_did(app) {
        let applicant = app.applicant("siti@example.com").await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let empty = json!({});
        // No token: 401 before anything in the request is looked at.
        app.send(Method::POST, "/v1/applicants", Some(&empty), None).await.problem(401);
        app.send(Method::GET, "/v1/applicants?page=x", None, None).await.problem(401);
        // A typed body or query is refused before the role...
        app.send(Method::POST, "/v1/applicants", Some(&empty), Some(access(&officer))).await.problem(400);
        let bearer = format!("Bearer {}", access(&officer));
        let plain = [("authorization", bearer.as_str()), ("content-type", "text/plain")];
        app.request_body(Method::POST, "/v1/applicants", "x", &plain).await.problem(415);
        app.send(Method::GET, "/v1/applicants?page=x", None, Some(access(&officer))).await.problem(400);
        // ...the page's range after it...
        app.send(Method::GET, "/v1/applicants?per_page=0", None, Some(access(&officer))).await.problem(403);
        let out_of_range = app.send(Method::GET, "/v1/applicants?per_page=0", None, Some(access(&applicant))).await;
        assert_eq!(out_of_range.problem(400).detail, "`per_page` is out of range");
        // ...and a body kept whole for its Idempotency-Key is read only by the right role.
        app.send(Method::POST, "/v1/applications", Some(&empty), Some(access(&officer))).await.problem(403);
        app.send(Method::POST, "/v1/applications", Some(&empty), Some(access(&applicant))).await.problem(400);
        // Passports check their page before the role, as they did.
        app.send(Method::GET, "/v1/passports?per_page=0", None, Some(access(&officer))).await.problem(400);
        app.send(Method::GET, "/v1/passports", None, Some(access(&officer))).await.problem(403);
    }
}
