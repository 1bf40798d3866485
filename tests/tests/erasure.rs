//! Closing an account under UU PDP: what is erased, what the law keeps (`docs/PRIVACY.md`,
//! the registry `paspor_app::privacy::retention`), and nothing else anywhere in the
//! database, looked for in every table the database lists; closing twice and eight times at
//! once; the retention job erasing what was kept once its period ended.

mod scan;

use std::time::Duration;

use paspor_api::privacy::retention::rule_of;
use paspor_domain::account::Role;
use paspor_openapi::{
    AccountDto, ApplicantDto, ApplicationDto, ApplicationStatusDto as Status, TokenPairDto,
};
use paspor_persistence::DbConnection;
use serde_json::json;

use crate::office_issuance::{set_wib_midnight, wait_for_status};
use crate::support::{
    DATE, PASSWORD, SEED_OFFICE_ID, TestApp, TestDatabase, access, approve, at_once, draft,
    nth_nik, pay, seed_session_on_date, split, upload_document, upload_required_documents,
};

const EMAIL: &str = "kartikasari.wijayakusuma@example.com";
const ACCOUNT_NAME: &str = "Kartikasari Wijayakusuma";
/// The phone set on the account, as typed; stored as +62 81298765432.
const PHONE: &str = "081298765432";
const PHONE_DIGITS: &str = "81298765432";
const DEVICE_TOKEN: &str = "device-token-of-kartikasari-0042";
/// The contact abroad of every application here: erased at closing, kept nowhere.
const CONTACT_ABROAD: &str = "Takamatsu Yoshinaga";
const CONTACT_ABROAD_PHONE: &str = "+81 3 9876 5432";

/// A person on the account, with names found nowhere else in a test's database.
struct Person {
    nik: String,
    name: &'static str,
    father: &'static str,
    mother: &'static str,
    address: &'static str,
}

fn person(
    n: usize,
    name: &'static str,
    father: &'static str,
    mother: &'static str,
    address: &'static str,
) -> Person {
    Person {
        nik: nth_nik(n),
        name,
        father,
        mother,
        address,
    }
}

/// Adds `person` as an applicant of the account; its id.
async fn add_person(app: &TestApp, tokens: &TokenPairDto, person: &Person) -> String {
    let answer = app
        .post(
            "/v1/applicants",
            &json!({
                "nik": person.nik, "full_name": person.name, "place_of_birth": "Jakarta",
                "birth_date": "1990-05-15", "sex": "male", "address": person.address,
                "father_name": person.father, "mother_name": person.mother,
                "marital_status": "single", "dual_citizen_child": false,
                "previous_passport_number": null, "guardian_nik": null
            }),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.json);
    answer.parse::<ApplicantDto>().id
}

/// A draft for `applicant` with the contact abroad above; its id.
async fn draft_for(app: &TestApp, tokens: &TokenPairDto, applicant: &str) -> String {
    let mut body = draft(applicant);
    body["travel"]["contact_name"] = json!(CONTACT_ABROAD);
    body["travel"]["contact_phone"] = json!(CONTACT_ABROAD_PHONE);
    let created = app
        .post("/v1/applications", &body, Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    created.parse::<ApplicationDto>().id
}

/// Books draft `id` on [`DATE`] at the seed office; its billing code.
async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str) -> String {
    let session = seed_session_on_date(app).await;
    let booked = app
        .post(
            &format!("/v1/applications/{id}/booking"),
            &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);
    booked
        .parse::<ApplicationDto>()
        .booking
        .expect("a booking")
        .billing_code
}

async fn cancel(app: &TestApp, tokens: &TokenPairDto, id: &str) {
    let cancelled = app
        .post(
            &format!("/v1/applications/{id}/cancel"),
            &json!({}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
}

async fn close(app: &TestApp, tokens: &TokenPairDto) -> crate::support::Answer {
    app.send(
        reqwest::Method::DELETE,
        "/v1/me",
        None,
        Some(access(tokens)),
    )
    .await
}

/// The files in the server's document store.
fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.storage_dir()).map_or(0, |dir| dir.count())
}

/// What an account with everything leaves to look for.
struct Everything {
    tokens: TokenPairDto,
    /// Paid with documents, then cancelled: never decided.
    cancelled: (Person, String, String),
    /// Booked with documents, never paid: expired, never decided.
    expired: (Person, String),
    /// A draft with a document, cancelled: never decided.
    drafted: (Person, String),
    /// Issued and collected: decided, kept.
    decided: (Person, String),
    /// An applicant with no application.
    idle: (Person, String),
    /// The applicants' ids: cancelled, expired, drafted, decided, idle.
    applicants: [String; 5],
}

/// An account with a phone, a device, notices, sessions, five people and their
/// applications in every end state a closing account may have.
async fn account_with_everything(app: &TestApp) -> Everything {
    let tokens = app.applicant(EMAIL).await;
    let me = app
        .send(
            reqwest::Method::PATCH,
            "/v1/me",
            Some(&json!({"full_name": ACCOUNT_NAME, "phone": PHONE})),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(me.status, 200, "{:#}", me.json);
    assert!(
        me.parse::<AccountDto>()
            .phone
            .is_some_and(|phone| phone.ends_with(PHONE_DIGITS))
    );
    let device = app
        .post(
            "/v1/me/devices",
            &json!({"platform": "android", "token": DEVICE_TOKEN}),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(device.status, 201, "{:#}", device.json);

    let cancelled = person(
        41,
        "Wiryawan Kusumadewanto",
        "Hartono Prawirosastro",
        "Sulastri Wahyuningsih",
        "Jl. Kenanga Rahasia 77",
    );
    let expired = person(
        42,
        "Anindyaswari Puspitaloka",
        "Joyoadikusumo Hadinegoro",
        "Kusumawardhani Larasati",
        "Jl. Cempaka Sunyi 5",
    );
    let drafted = person(
        43,
        "Bramantyo Wicaksana",
        "Suryodiningrat Atmaja",
        "Sekarwangi Purbasari",
        "Jl. Flamboyan Senyap 9",
    );
    let decided = person(
        44,
        "Pramudita Sasmitaloka",
        "Gunadarma Wicaksono",
        "Retnaningsih Kartasasmita",
        "Jl. Melati Tersembunyi 12",
    );
    let idle = person(
        45,
        "Cahyaningrum Adiwilaga",
        "Sastrowardoyo Mangkunegoro",
        "Prameswari Gayatri",
        "Jl. Bougenvil Sepi 3",
    );
    let applicants = [
        add_person(app, &tokens, &cancelled).await,
        add_person(app, &tokens, &expired).await,
        add_person(app, &tokens, &drafted).await,
        add_person(app, &tokens, &decided).await,
        add_person(app, &tokens, &idle).await,
    ];

    let paid_then_cancelled = draft_for(app, &tokens, &applicants[0]).await;
    let billing_code = book(app, &tokens, &paid_then_cancelled).await;
    pay(app, &billing_code).await;
    upload_required_documents(app, &tokens, &paid_then_cancelled).await;
    cancel(app, &tokens, &paid_then_cancelled).await;

    let lapsing = draft_for(app, &tokens, &applicants[1]).await;
    book(app, &tokens, &lapsing).await;
    upload_required_documents(app, &tokens, &lapsing).await;

    let abandoned = draft_for(app, &tokens, &applicants[2]).await;
    let uploaded = upload_document(app, &tokens, &abandoned, "identity_card").await;
    assert!(uploaded.status.is_success(), "{:#}", uploaded.json);
    cancel(app, &tokens, &abandoned).await;

    let issued = draft_for(app, &tokens, &applicants[3]).await;
    let code = book(app, &tokens, &issued).await;
    pay(app, &code).await;
    upload_required_documents(app, &tokens, &issued).await;
    approve(app, &issued);
    let officer = app
        .staff(
            "petugas.erasure@imigrasi.example",
            Role::Officer,
            Some(SEED_OFFICE_ID),
        )
        .await;
    let passport = app
        .post(
            &format!("/v1/office/applications/{issued}/issuance"),
            &json!({}),
            Some(access(&officer)),
        )
        .await;
    assert_eq!(passport.status, 201, "{:#}", passport.json);

    // An application in progress (the issued passport not collected yet) holds the
    // account open, as before.
    let early = close(app, &tokens).await;
    assert_eq!(early.status, 409, "{:#}", early.json);

    // Ready on 1 December; the unpaid booking lapsed long before.
    set_wib_midnight(app, "2026-12-01");
    wait_for_status(app, EMAIL, &issued, Status::Ready).await;
    wait_for_status(app, EMAIL, &lapsing, Status::Expired).await;
    let officer = app
        .login("petugas.erasure@imigrasi.example", PASSWORD)
        .await;
    let handed = app
        .post(
            &format!("/v1/office/applications/{issued}/hand-over"),
            &json!({"recipient": "holder"}),
            Some(access(&officer)),
        )
        .await;
    assert_eq!(handed.status, 200, "{:#}", handed.json);

    Everything {
        tokens: app.login(EMAIL, PASSWORD).await,
        cancelled: (cancelled, paid_then_cancelled, billing_code),
        expired: (expired, lapsing),
        drafted: (drafted, abandoned),
        decided: (decided, issued),
        idle: (idle, applicants[4].clone()),
        applicants,
    }
}

fn connection(app: &TestApp) -> paspor_persistence::PooledConnection {
    app.pool().get().expect("a connection")
}

/// Every table of the database has its line in the registry.
fn every_table_is_classified(conn: &mut DbConnection) {
    let unclassified: Vec<String> = scan::tables(conn)
        .into_iter()
        .filter(|table| rule_of(table).is_none())
        .collect();
    assert!(
        unclassified.is_empty(),
        "tables the retention registry (app/src/privacy/retention.rs) and docs/PRIVACY.md do not classify: {unclassified:?}"
    );
}

/// Panics naming each place one of `needles` was found, unless `allowed` allows it.
fn assert_found_only_where(
    conn: &mut DbConnection,
    what: &str,
    needles: &[&str],
    allowed: impl Fn(&str, &str) -> bool,
) {
    let misplaced: Vec<_> = scan::places_of(conn, needles)
        .into_iter()
        .filter(|(_, table, column)| !allowed(table, column))
        .collect();
    assert!(
        misplaced.is_empty(),
        "{what} left where the registry keeps none (needle, table, column): {misplaced:#?}"
    );
}

/// A place the registry keeps a person's identity in (a kept row, a column not blanked);
/// or an officer's own replayable answer (issuing, handing over), which names the holder
/// kept and is purged within a day like every idempotency key (`docs/PRIVACY.md`).
fn kept_by_registry(table: &str, column: &str) -> bool {
    rule_of(table).is_some_and(|line| line.keeps_personal(column))
        || (table, column) == ("idempotency_keys", "response_body")
}

on_both_backends! {
    async fn after_closing_nothing_outside_the_retention_table_remains(app) {
        let everything = account_with_everything(&app).await;
        let account = app.get_me(&everything.tokens).await;
        assert_eq!(stored_files(&app), 10, "three documents each, one for the draft");
        // A failed sign-in, counted under the hash of the email.
        let wrong = app.post("/v1/auth/login", &json!({"email": EMAIL, "password": "not the password"}), None).await;
        assert_eq!(wrong.status, 401, "{:#}", wrong.json);
        let subject = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(EMAIL.as_bytes()));
        assert_eq!(scan::rows_holding(&mut connection(&app), "sign_in_failures", "subject", &subject), 2, "counted per address and for every address");

        let closed = close(&app, &everything.tokens).await;
        assert_eq!(closed.status, 204, "{:#}", closed.json);

        let mut conn = connection(&app);
        every_table_is_classified(&mut conn);

        // What nothing keeps: the account's own data and the people never decided on, their
        // applications and everything about them, the contact abroad of every application,
        // and the decided person's address and parents.
        let (cancelled, cancelled_id, billing_code) = &everything.cancelled;
        let (expired, expired_id) = &everything.expired;
        let (drafted, drafted_id) = &everything.drafted;
        let (idle, _) = &everything.idle;
        let (decided, decided_id) = &everything.decided;
        let mut erased: Vec<&str> = vec![
            EMAIL, &subject, ACCOUNT_NAME, PHONE_DIGITS, DEVICE_TOKEN, CONTACT_ABROAD, CONTACT_ABROAD_PHONE,
            cancelled_id, expired_id, drafted_id,
            &everything.applicants[0], &everything.applicants[1], &everything.applicants[2], &everything.applicants[4],
            decided.address, decided.father, decided.mother,
        ];
        for person in [cancelled, expired, drafted, idle] {
            erased.extend([person.nik.as_str(), person.name, person.father, person.mother, person.address]);
        }
        assert_found_only_where(&mut conn, "erased data", &erased, |_, _| false);

        // What the law keeps: the decided person's identity, only where the registry keeps it.
        let kept = [decided.nik.as_str(), decided.name, decided_id.as_str(), everything.applicants[3].as_str()];
        assert_found_only_where(&mut conn, "kept identity", &kept, kept_by_registry);
        for (table, column) in [("applicants", "nik"), ("passports", "holder_nik"), ("applications", "nik")] {
            assert_eq!(scan::rows_holding(&mut conn, table, column, &decided.nik), 1, "{table}.{column} keeps the holder's NIK");
        }
        // The payment of the cancelled application is state revenue: kept, tied to no one.
        assert_eq!(scan::rows_holding(&mut conn, "payments", "billing_code", billing_code), 1);
        assert_eq!(scan::rows_holding(&mut conn, "applications", "account_id", &account.id), 1, "only the decided application");
        assert_eq!(scan::rows_holding(&mut conn, "applicants", "account_id", &account.id), 1, "only its applicant");
        assert_eq!(scan::rows_holding(&mut conn, "retention_holds", "application_id", decided_id), 1, "held until its period ends");
        assert_eq!(scan::rows(&mut conn, "pending_file_deletions"), 0, "every erased file deleted");
        assert_eq!(scan::rows_holding(&mut conn, "users", "email", &format!("closed-{}@closed.invalid", account.id)), 1);
        drop(conn);
        assert_eq!(stored_files(&app), 3, "only the decided application's documents are left in the store");

        // Closed: the old session and the old password open nothing.
        assert_eq!(close(&app, &everything.tokens).await.status, 401);
        let signed_in = app.post("/v1/auth/login", &json!({"email": EMAIL, "password": PASSWORD}), None).await;
        assert_eq!(signed_in.status, 401, "{:#}", signed_in.json);
    }
}

on_both_backends! {
    async fn eight_closings_at_once_close_once(app) {
        let tokens = app.applicant("delapan.tutup@example.com").await;
        let person = person(51, "Dharmawangsa Kertanegara", "Wisnuwardhana Rajasa", "Gayatri Rajapatni", "Jl. Majapahit Lengang 8");
        let applicant = add_person(&app, &tokens, &person).await;
        let id = draft_for(&app, &tokens, &applicant).await;
        upload_required_documents(&app, &tokens, &id).await;
        cancel(&app, &tokens, &id).await;
        let account = app.get_me(&tokens).await;

        let answers = at_once((0..8).map(|_| close(&app, &tokens))).await;
        let split = split("closing the account", &answers, &[204]);
        assert_eq!(split.done.len(), 1, "{:?}", split.statuses());
        assert!(split.refused.iter().all(|answer| [401, 409].contains(&answer.status.as_u16())), "{:?}", split.statuses());

        let mut conn = connection(&app);
        every_table_is_classified(&mut conn);
        assert_found_only_where(&mut conn, "erased data", &[&person.nik, person.name, person.address, &id, &applicant, "delapan.tutup@example.com"], |_, _| false);
        assert_eq!(scan::rows_holding(&mut conn, "users", "email", &format!("closed-{}@closed.invalid", account.id)), 1);
        assert_eq!(scan::rows(&mut conn, "pending_file_deletions"), 0);
        drop(conn);
        assert_eq!(stored_files(&app), 0);
    }
}

/// The retention job's test on one backend: starts a server looking every 50 ms.
async fn kept_data_is_erased_when_its_period_ends(database: TestDatabase) {
    let app = TestApp::start_with(database, |config| {
        config.retention.interval = Duration::from_millis(50);
    })
    .await;
    let everything = account_with_everything(&app).await;
    let closed = close(&app, &everything.tokens).await;
    assert_eq!(closed.status, 204, "{:#}", closed.json);
    let (decided, decided_id) = &everything.decided;
    let (_, _, billing_code) = &everything.cancelled;
    let held = |app: &TestApp| {
        let mut conn = connection(app);
        (
            scan::rows_holding(&mut conn, "applications", "id", decided_id),
            scan::rows_holding(&mut conn, "payments", "billing_code", billing_code),
        )
    };

    // A day before the payment's ten years: everything kept is still there.
    app.clock
        .set(crate::support::instant("2036-11-24T00:00:00Z"));
    app.job_has_run("retention").await;
    assert_eq!(held(&app), (1, 1));

    // Past ten years from the payment (25 November 2026): the payment goes, the passport
    // (valid to 24 November 2036) stays five years past its expiry.
    app.clock
        .set(crate::support::instant("2036-11-26T00:00:00Z"));
    app.job_has_run("retention").await;
    assert_eq!(held(&app), (1, 0));

    // Five years past the passport's expiry: the decided application goes, with everything
    // kept with it, its applicant, its files and the audit trail of the officers' acts.
    app.clock
        .set(crate::support::instant("2041-11-25T00:00:00Z"));
    app.job_has_run("retention").await;
    let mut conn = connection(&app);
    assert_found_only_where(
        &mut conn,
        "data kept past its period",
        &[
            &decided.nik,
            decided.name,
            decided_id,
            &everything.applicants[3],
        ],
        |_, _| false,
    );
    for table in [
        "retention_holds",
        "pending_file_deletions",
        "passports",
        "passport_hand_overs",
        "application_documents",
        "audit_records",
    ] {
        assert_eq!(scan::rows(&mut conn, table), 0, "{table} is empty");
    }
    every_table_is_classified(&mut conn);
    drop(conn);
    assert_eq!(stored_files(&app), 0);
}

#[actix_web::test]
async fn kept_data_is_erased_when_its_period_ends_sqlite() {
    kept_data_is_erased_when_its_period_ends(TestDatabase::sqlite()).await;
}

#[actix_web::test]
async fn kept_data_is_erased_when_its_period_ends_postgres() {
    if let Some(database) = TestDatabase::postgres("kept_data_is_erased_when_its_period_ends") {
        kept_data_is_erased_when_its_period_ends(database).await;
    }
}

impl TestApp {
    /// The signed-in account, as it reads itself.
    async fn get_me(&self, tokens: &TokenPairDto) -> AccountDto {
        let me = self
            .send(reqwest::Method::GET, "/v1/me", None, Some(access(tokens)))
            .await;
        assert_eq!(me.status, 200, "{:#}", me.json);
        me.parse()
    }
}

/// A document file that cannot be deleted when the account closes stays recorded, and the
/// retention job deletes it once it can: on one backend, with a server looking every 50 ms.
async fn a_file_not_deleted_at_closing_is_deleted_by_the_job(database: TestDatabase) {
    let app = TestApp::start_with(database, |config| {
        config.retention.interval = Duration::from_millis(50);
    })
    .await;
    let tokens = app.applicant("berkas.tertahan@example.com").await;
    let person = person(
        61,
        "Wirasena Adikara",
        "Purwadi Sastrawinata",
        "Lestari Handayani",
        "Jl. Teratai Diam 6",
    );
    let applicant = add_person(&app, &tokens, &person).await;
    let id = draft_for(&app, &tokens, &applicant).await;
    let uploaded = upload_document(&app, &tokens, &id, "identity_card").await;
    assert!(uploaded.status.is_success(), "{:#}", uploaded.json);
    cancel(&app, &tokens, &id).await;
    let key = {
        let mut conn = connection(&app);
        let found = scan::places_of(&mut conn, &[&id]);
        assert!(
            found
                .iter()
                .any(|(_, table, _)| table == "application_documents")
        );
        std::fs::read_dir(app.storage_dir())
            .expect("the store's folder")
            .next()
            .expect("the uploaded file")
            .expect("an entry")
            .path()
    };
    // A folder where the file was: deleting it fails until the folder is gone.
    std::fs::remove_file(&key).expect("the file is removed");
    std::fs::create_dir(&key).expect("a folder in its place");
    std::fs::write(key.join("stuck"), b"x").expect("something inside");

    let closed = close(&app, &tokens).await;
    assert_eq!(closed.status, 204, "{:#}", closed.json);
    app.job_has_run("retention").await;
    let pending = |app: &TestApp| scan::rows(&mut connection(app), "pending_file_deletions");
    assert_eq!(
        pending(&app),
        1,
        "the file that could not be deleted stays recorded"
    );
    assert!(key.exists());

    std::fs::remove_dir_all(&key).expect("the folder is removed");
    std::fs::write(&key, b"the scan again").expect("the file back");
    app.job_has_run("retention").await;
    assert_eq!(pending(&app), 0, "deleted by the job, then forgotten");
    assert!(!key.exists(), "the job deleted the file");
}

#[actix_web::test]
async fn a_file_not_deleted_at_closing_is_deleted_by_the_job_sqlite() {
    a_file_not_deleted_at_closing_is_deleted_by_the_job(TestDatabase::sqlite()).await;
}

#[actix_web::test]
async fn a_file_not_deleted_at_closing_is_deleted_by_the_job_postgres() {
    if let Some(database) =
        TestDatabase::postgres("a_file_not_deleted_at_closing_is_deleted_by_the_job")
    {
        a_file_not_deleted_at_closing_is_deleted_by_the_job(database).await;
    }
}
