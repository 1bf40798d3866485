//! Exports: an account with two applicants, an application with documents booked and
//! paid, a device, a WhatsApp consent and notices sent, exported; the progress followed
//! until ready; the ZIP opened and every kind of data found in it, the document bytes
//! included, and nothing secret. One export in progress per account however many requests
//! race; another account's export is not found; staff and integrators are refused; the
//! archive goes after 7 days.

use std::io::{Cursor, Read as _};
use std::time::Duration;

use chrono::TimeDelta;
use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_openapi::{ApplicationDto, DataExportDto, ExportStateDto, TokenPairDto};
use paspor_persistence::schema::{data_exports, users};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

/// Asks for an export; returns it as first answered.
async fn request_export(app: &TestApp, tokens: &TokenPairDto) -> DataExportDto {
    let answer = app
        .post("/v1/me/exports", &json!({}), Some(access(tokens)))
        .await;
    assert_eq!(answer.status, 202, "{:#}", answer.json);
    let export: DataExportDto = answer.parse();
    assert_eq!(
        answer.header("location"),
        format!("/v1/me/exports/{}", export.id)
    );
    export
}

/// Reads the export until it is ready (the builder runs on its own), checking on the way
/// that the progress never goes back and never passes its total.
async fn ready_export(app: &TestApp, tokens: &TokenPairDto, id: &str) -> DataExportDto {
    let mut last_done = 0;
    for _ in 0..800 {
        let read = app
            .send(
                Method::GET,
                &format!("/v1/me/exports/{id}"),
                None,
                Some(access(tokens)),
            )
            .await;
        assert_eq!(read.status, 200, "{:#}", read.json);
        let export: DataExportDto = read.parse();
        assert!(export.progress.done >= last_done, "{export:?}");
        assert!(
            export.progress.total == 0 || export.progress.done <= export.progress.total,
            "{export:?}"
        );
        last_done = export.progress.done;
        match export.state {
            ExportStateDto::Ready => return export,
            ExportStateDto::Pending | ExportStateDto::Building => {}
            other => panic!("the export ended {other:?}"),
        }
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the export was not ready within 20 s");
}

/// The archive's files: (name, content).
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().expect("a UTF-8 name").to_string(), content)
        })
        .collect()
}

/// What `upload_document` uploads: a PNG's signature and a 1x1 header.
fn uploaded_png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
    bytes
}

fn section<'a>(data: &'a Value, name: &str) -> &'a Vec<Value> {
    data[name]
        .as_array()
        .unwrap_or_else(|| panic!("no section {name} in {data:#}"))
}

on_both_backends! {
    async fn an_export_holds_everything_about_the_account_and_its_people(app) {
        let email = "salinan@example.com";
        let tokens = app.applicant(email).await;
        let holder = add_applicant(&app, &tokens, &nth_nik(1)).await;
        let child = add_applicant(&app, &tokens, &nth_nik(2)).await;
        // An application with its documents, booked and paid.
        let created = app.post("/v1/applications", &draft(&holder), Some(access(&tokens))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let id = created.parse::<ApplicationDto>().id;
        upload_required_documents(&app, &tokens, &id).await;
        let session = seed_session_on_date(&app).await;
        let booked = app
            .post(&format!("/v1/applications/{id}/booking"), &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}), Some(access(&tokens)))
            .await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        let billing_code = booked.parse::<ApplicationDto>().booking.unwrap().billing_code;
        pay(&app, &billing_code).await;
        // A device, a WhatsApp consent, and the notices the booking and payment sent.
        let device = app.post("/v1/me/devices", &json!({"platform": "android", "token": "fcm-token-rahasia-123456"}), Some(access(&tokens))).await;
        assert!(device.status.is_success(), "{:#}", device.json);
        let opted = app.send(Method::PUT, "/v1/me/whatsapp", Some(&json!({"opted_in": true})), Some(access(&tokens))).await;
        assert_eq!(opted.status, 200);
        app.wait_for_emails(email, 2).await;

        // An officer of the office read one of the documents: who looked is theirs to see.
        let reader = app.staff("pembaca@imigrasi.go.id", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let read = app.send(Method::GET, &format!("/v1/applications/{id}/documents/identity_card"), None, Some(access(&reader))).await;
        assert_eq!(read.status, 200, "{:#}", read.json);

        let export = request_export(&app, &tokens).await;
        assert!(matches!(export.state, ExportStateDto::Pending | ExportStateDto::Building), "{export:?}");
        let ready = ready_export(&app, &tokens, &export.id).await;
        assert_eq!(ready.progress.done, ready.progress.total);
        assert!(ready.progress.total >= 3 + 10, "a step per section and per file: {ready:?}");
        assert_eq!(ready.archive_url.as_deref(), Some(format!("/v1/me/exports/{}/archive", export.id).as_str()));
        let expires = ready.expires_at.unwrap() - ready.ready_at.unwrap();
        assert_eq!(expires, TimeDelta::days(7));

        let download = app
            .send(Method::GET, ready.archive_url.as_deref().unwrap(), None, Some(access(&tokens)))
            .await;
        assert_eq!(download.status, 200);
        assert_eq!(download.header("content-type"), "application/zip");
        assert!(download.header("content-disposition").starts_with("attachment"));
        assert_eq!(Some(download.bytes.len() as u64), ready.archive_bytes);
        let files = unzip(&download.bytes);
        let (_, json_bytes) = files.iter().find(|(name, _)| name == "data.json").expect("data.json");
        let text = String::from_utf8(json_bytes.clone()).unwrap();
        let data: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(data["format_version"], 1);

        let profile = section(&data, "profile");
        assert_eq!(profile.len(), 1);
        assert_eq!(profile[0]["email"], email);
        assert!(!text.contains("password_hash") && !text.contains("$argon2"), "no password hash");
        assert!(!text.contains("fcm-token-rahasia"), "no push token");
        let consents = section(&data, "consents");
        assert!(consents.iter().any(|c| c["purpose"] == "privacy_notice"));
        assert!(consents.iter().any(|c| c["purpose"] == "whatsapp"));
        let applicants = section(&data, "applicants");
        let ids: Vec<&str> = applicants.iter().filter_map(|a| a["id"].as_str()).collect();
        assert_eq!(applicants.len(), 2);
        assert!(ids.contains(&holder.as_str()) && ids.contains(&child.as_str()));
        assert!(applicants.iter().all(|a| a["nik"].is_string() && a["mother_name"] == "Sri"));
        let applications = section(&data, "applications");
        assert_eq!(applications.len(), 1);
        assert_eq!(applications[0]["id"], id.as_str());
        assert_eq!(applications[0]["destination_country"], "JP");
        let history = section(&data, "application_history");
        assert!(history.iter().any(|h| h["status"] == "paid"), "{history:#?}");
        let bookings = section(&data, "bookings");
        assert_eq!(bookings.len(), 1);
        assert_eq!(bookings[0]["billing_code"], billing_code.as_str());
        assert_eq!(bookings[0]["session"]["session_date"], DATE);
        let payments = section(&data, "payments");
        assert_eq!(payments.len(), 1);
        assert!(payments[0]["amount"].as_i64().unwrap() > 0);
        assert_eq!(payments[0]["billing_code"], billing_code.as_str());
        assert!(payments[0].get("ntpn").is_some());
        let documents = section(&data, "documents");
        assert_eq!(documents.len(), 3);
        assert!(documents.iter().all(|d| d.get("storage_key").is_none()));
        for kind in ["identity_card", "family_card", "birth_certificate"] {
            let path = format!("documents/{id}/{kind}.png");
            let (_, content) = files.iter().find(|(name, _)| *name == path).unwrap_or_else(|| panic!("{path} in the archive"));
            assert_eq!(content, &uploaded_png(), "{path}");
        }
        let notices = section(&data, "notices");
        assert!(notices.iter().any(|n| n["channel"] == "email" && n["recipient"] == email), "{notices:#?}");
        let devices = section(&data, "devices");
        assert_eq!(devices.len(), 1);
        assert_eq!(devices[0]["platform"], "android");
        let reads = section(&data, "document_reads");
        assert_eq!(reads.len(), 1, "{reads:#?}");
        assert_eq!((reads[0]["kind"].as_str(), reads[0]["office_id"].as_str()), (Some("identity_card"), Some(SEED_OFFICE_ID)));
        assert!(reads[0].get("staff_account_id").is_none(), "the officer's account is the audit's");
        for name in ["applicant_corrections", "office_records", "waitlist_entries", "walk_ins", "passports", "deliveries", "passport_dispatches", "audit", "exports"] {
            section(&data, name);
        }
        assert!(data.get("screenings").is_none(), "screenings stay with the office");

        // Another account sees none of it; staff and integrators have no exports.
        let other = app.applicant("lain@example.com").await;
        for path in [format!("/v1/me/exports/{}", export.id), format!("/v1/me/exports/{}/archive", export.id)] {
            app.send(Method::GET, &path, None, Some(access(&other))).await.problem(404);
        }
        app.send(Method::GET, "/v1/me/exports/tidak-ada", None, Some(access(&tokens))).await.problem(404);
        let officer = app.staff("petugas@imigrasi.go.id", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.post("/v1/me/exports", &json!({}), Some(access(&officer))).await.problem(403);
        app.send(Method::GET, &format!("/v1/me/exports/{}", export.id), None, Some(access(&officer))).await.problem(403);
        let client = app.integrator("Mitra Aplikasi", &["webhooks:manage"]).await;
        let integrator = app.integrator_token(&client, None).await;
        app.post("/v1/me/exports", &json!({}), Some(&integrator)).await.problem(403);
        assert_eq!(app.post("/v1/me/exports", &json!({}), None).await.status, 401);
        let no_key = app.request(Method::POST, "/v1/me/exports", &[("authorization", &format!("Bearer {}", access(&tokens)))]).await;
        no_key.problem(400);

        // Seven days on, the archive is gone; the export says so.
        app.clock.advance(TimeDelta::days(7) + TimeDelta::seconds(1));
        app.job_has_run("exports").await;
        let tokens = app.login(email, PASSWORD).await;
        let read: DataExportDto = app
            .send(Method::GET, &format!("/v1/me/exports/{}", export.id), None, Some(access(&tokens)))
            .await
            .parse();
        assert_eq!(read.state, ExportStateDto::Expired);
        assert!(read.archive_url.is_none());
        let gone = app
            .send(Method::GET, &format!("/v1/me/exports/{}/archive", export.id), None, Some(access(&tokens)))
            .await;
        gone.problem(409);
        let mut conn = app.pool().get().unwrap();
        let kept: Option<Vec<u8>> = data_exports::table
            .find(&export.id)
            .select(data_exports::archive)
            .first(&mut conn)
            .unwrap();
        assert!(kept.is_none(), "the bytes are deleted");
        // A new export may be asked for.
        let again = request_export(&app, &tokens).await;
        assert_ne!(again.id, export.id);
    }
}

/// Starts a server whose export builder looks for work only once a minute, so that an
/// export stays pending while a test races requests for it.
async fn start_with_idle_builder(database: TestDatabase) -> TestApp {
    TestApp::start_with(database, |config| {
        config.privacy.export_poll = Duration::from_secs(60);
    })
    .await
}

async fn one_export_in_progress_per_account(app: TestApp) {
    let email = "dobel@example.com";
    let tokens = app.applicant(email).await;
    let account: String = users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut app.pool().get().unwrap())
        .unwrap();
    let empty = json!({});
    let answers =
        at_once((0..AT_ONCE).map(|_| app.post("/v1/me/exports", &empty, Some(access(&tokens)))))
            .await;
    let what = format!("{AT_ONCE} exports asked for at once");
    let answered = split(&what, &answers, &[202]);
    assert_eq!(
        answered.done.len(),
        AT_ONCE,
        "{what}: {:?}",
        answered.details()
    );
    let ids: std::collections::BTreeSet<String> = answered
        .done
        .iter()
        .map(|answer| answer.parse::<DataExportDto>().id)
        .collect();
    assert_eq!(ids.len(), 1, "{what}: every answer names the one export");
    let rows: i64 = data_exports::table
        .filter(data_exports::account_id.eq(&account))
        .count()
        .get_result(&mut app.pool().get().unwrap())
        .unwrap();
    assert_eq!(rows, 1, "{what}: one export row");
    let id = ids.into_iter().next().unwrap();
    // Not built yet: nothing to download.
    let early = app
        .send(
            Method::GET,
            &format!("/v1/me/exports/{id}/archive"),
            None,
            Some(access(&tokens)),
        )
        .await;
    let problem = early.problem(409);
    assert!(problem.detail.contains("waiting"), "{problem:?}");
}

mod one_export_in_progress_per_account_at_once {
    use super::*;

    #[actix_web::test]
    async fn sqlite() {
        one_export_in_progress_per_account(start_with_idle_builder(TestDatabase::sqlite()).await)
            .await;
    }

    #[actix_web::test]
    async fn postgres() {
        if let Some(database) = TestDatabase::postgres("one_export_in_progress_per_account") {
            one_export_in_progress_per_account(start_with_idle_builder(database).await).await;
        }
    }
}
