//! Documents of an application: uploaded as raw files (recognised from their content, at
//! most 5 MiB), listed, fetched back byte for byte, replaced; seen only by the owner and the
//! staff of the office where the application is booked; never recorded when the store
//! cannot be written.

use chrono::TimeDelta;
use paspor_domain::MAX_DOCUMENT_BYTES;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, AvailabilityDto, DocumentDto, DocumentKindDto,
    DocumentList, DocumentMediaTypeDto, OfficePage, PaymentAckDto, PaymentResultDto, TokenPairDto,
};
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::{
    Answer, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, draft, instant, nth_nik,
};

/// The start of a PNG: its signature and an IHDR chunk of a 1x1 image (the server looks
/// only at the signature).
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
    bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    bytes
}

/// A JFIF header and the end-of-image marker.
fn jpeg() -> Vec<u8> {
    let mut bytes =
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    bytes.extend_from_slice(b"\xff\xd9");
    bytes
}

/// The smallest shape of a PDF.
fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `PUT` a document with a bearer token and the given (ignored) content type.
async fn put(
    app: &TestApp,
    tokens: &TokenPairDto,
    application: &str,
    kind: &str,
    body: Vec<u8>,
    content_type: &str,
) -> Answer {
    let bearer = format!("Bearer {}", access(tokens));
    app.request_body(
        Method::PUT,
        &format!("/v1/applications/{application}/documents/{kind}"),
        body,
        &[("authorization", &bearer), ("content-type", content_type)],
    )
    .await
}

/// `GET` with a bearer token and extra headers.
async fn get(app: &TestApp, tokens: &TokenPairDto, path: &str, headers: &[(&str, &str)]) -> Answer {
    let bearer = format!("Bearer {}", access(tokens));
    let mut all = vec![("authorization", bearer.as_str())];
    all.extend_from_slice(headers);
    app.request(Method::GET, path, &all).await
}

/// A signed-in applicant with a draft for the `n`th NIK; returns (tokens, application id).
async fn drafted(app: &TestApp, email: &str, n: usize) -> (TokenPairDto, String) {
    let tokens = app.applicant(email).await;
    let id = draft_for(app, &tokens, n).await;
    (tokens, id)
}

/// Another draft of the same account, for the `n`th NIK.
async fn draft_for(app: &TestApp, tokens: &TokenPairDto, n: usize) -> String {
    let applicant = add_applicant(app, tokens, &nth_nik(n)).await;
    let created = app
        .post("/v1/applications", &draft(&applicant), Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    created.parse::<ApplicationDto>().id
}

/// Books the application in the first session of [`DATE`] at the seed office; returns its
/// billing code.
async fn book(app: &TestApp, tokens: &TokenPairDto, application: &str) -> String {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    let session = days.parse::<AvailabilityDto>().days[0].sessions[0]
        .id
        .clone();
    let booked = app
        .post(
            &format!("/v1/applications/{application}/booking"),
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

/// The files in the server's document store.
fn stored_files(app: &TestApp) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(app.storage_dir()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

on_both_backends! {
    async fn documents_are_uploaded_listed_fetched_replaced_and_deleted_with_the_draft(app) {
        let (tokens, id) = drafted(&app, "dokumen@example.com", 1).await;
        let base = format!("/v1/applications/{id}/documents");
        let empty = get(&app, &tokens, &base, &[]).await;
        assert_eq!(empty.status, 200, "{:#}", empty.json);
        assert_eq!(empty.json, json!({"items": []}));

        // The Content-Type sent says nothing: the content does.
        let card = png();
        let uploaded = put(&app, &tokens, &id, "identity_card", card.clone(), "text/plain").await;
        assert_eq!(uploaded.status, 201, "{:#}", uploaded.json);
        assert_eq!(uploaded.header("location"), format!("{base}/identity_card"));
        assert_eq!(uploaded.header("etag"), format!("\"{}\"", sha256(&card)));
        let document: DocumentDto = uploaded.parse();
        assert_eq!(document.kind, DocumentKindDto::IdentityCard);
        assert_eq!(document.media_type, DocumentMediaTypeDto::Png);
        assert_eq!(document.size_bytes, card.len() as u64);
        assert_eq!(document.sha256, sha256(&card));
        assert_eq!(document.uploaded_at, instant("2026-11-25T03:00:00Z"));
        let family = pdf();
        let second = put(&app, &tokens, &id, "family_card", family.clone(), "application/octet-stream").await;
        assert_eq!(second.status, 201, "{:#}", second.json);
        assert_eq!(second.parse::<DocumentDto>().media_type, DocumentMediaTypeDto::Pdf);
        let birth = jpeg();
        let third = put(&app, &tokens, &id, "birth_certificate", birth.clone(), "image/png").await;
        assert_eq!(third.parse::<DocumentDto>().media_type, DocumentMediaTypeDto::Jpeg, "{:#}", third.json);

        let listed = get(&app, &tokens, &base, &[]).await;
        let listed: DocumentList = listed.parse();
        let kinds: Vec<_> = listed.items.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [DocumentKindDto::IdentityCard, DocumentKindDto::FamilyCard, DocumentKindDto::BirthCertificate]);
        assert_eq!(listed.items[1].sha256, sha256(&family));
        assert_eq!(listed.items[1].size_bytes, family.len() as u64);

        for (kind, bytes, media_type) in [
            ("identity_card", &card, "image/png"),
            ("family_card", &family, "application/pdf"),
            ("birth_certificate", &birth, "image/jpeg"),
        ] {
            let fetched = get(&app, &tokens, &format!("{base}/{kind}"), &[]).await;
            assert_eq!(fetched.status, 200, "{kind}");
            assert_eq!(&fetched.bytes, bytes, "{kind}");
            assert_eq!(fetched.header("content-type"), media_type);
            assert_eq!(fetched.header("content-length"), bytes.len().to_string());
            assert_eq!(fetched.header("etag"), format!("\"{}\"", sha256(bytes)));
            assert_eq!(fetched.header("x-content-type-options"), "nosniff");
        }
        let etag = format!("\"{}\"", sha256(&card));
        let unchanged = get(&app, &tokens, &format!("{base}/identity_card"), &[("if-none-match", &etag)]).await;
        assert_eq!(unchanged.status, 304);
        assert!(unchanged.bytes.is_empty());
        assert_eq!(stored_files(&app).len(), 3, "{:?}", stored_files(&app));

        // A replacement takes the place of the file, which is gone from the store.
        app.clock.advance(TimeDelta::minutes(5));
        let photo = jpeg();
        let replaced = put(&app, &tokens, &id, "identity_card", photo.clone(), "image/png").await;
        assert_eq!(replaced.status, 200, "{:#}", replaced.json);
        assert_eq!(replaced.header("location"), "");
        let document: DocumentDto = replaced.parse();
        assert_eq!(document.media_type, DocumentMediaTypeDto::Jpeg);
        assert_eq!(document.uploaded_at, instant("2026-11-25T03:05:00Z"));
        let fetched = get(&app, &tokens, &format!("{base}/identity_card"), &[("if-none-match", &etag)]).await;
        assert_eq!(fetched.status, 200);
        assert_eq!(fetched.bytes, photo);
        assert_eq!(fetched.header("content-type"), "image/jpeg");
        let listed = get(&app, &tokens, &base, &[]).await;
        let listed: DocumentList = listed.parse();
        assert_eq!(listed.items.len(), 3);
        assert_eq!(listed.items[0].sha256, sha256(&photo));
        let files = stored_files(&app);
        assert_eq!(files.len(), 3, "one file per kind, nothing half-written: {files:?}");
        assert!(files.iter().all(|name| !name.starts_with('.')), "{files:?}");

        // A draft goes with its documents.
        let deleted = app.send(Method::DELETE, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        assert_eq!(deleted.status, 204, "{:#}", deleted.json);
        get(&app, &tokens, &base, &[]).await.problem(404);
        assert_eq!(stored_files(&app), Vec::<String>::new());
    }
}

on_both_backends! {
    async fn what_is_not_an_accepted_document_is_refused(app) {
        let (tokens, id) = drafted(&app, "salah@example.com", 2).await;
        let text = put(&app, &tokens, &id, "identity_card", b"just some text".to_vec(), "image/png").await;
        assert!(text.problem(415).detail.contains("JPEG, PNG or PDF"));
        put(&app, &tokens, &id, "identity_card", Vec::new(), "image/png").await.problem(415);

        let mut largest = b"%PDF-1.7\n".to_vec();
        largest.resize(MAX_DOCUMENT_BYTES, b' ');
        let accepted = put(&app, &tokens, &id, "diploma", largest.clone(), "application/pdf").await;
        assert_eq!(accepted.status, 201, "{:#}", accepted.json);
        assert_eq!(accepted.parse::<DocumentDto>().size_bytes, MAX_DOCUMENT_BYTES as u64);
        largest.push(b' ');
        let too_large = put(&app, &tokens, &id, "marriage_book", largest, "application/pdf").await;
        too_large.problem(413);

        let bearer = format!("Bearer {}", access(&tokens));
        put(&app, &tokens, &id, "passport", png(), "image/png").await.problem(400);
        app.request(Method::GET, &format!("/v1/applications/{id}/documents/passport"), &[("authorization", &bearer)])
            .await
            .problem(400);
        get(&app, &tokens, &format!("/v1/applications/{id}/documents/identity_card"), &[]).await.problem(404);
        let listed = get(&app, &tokens, &format!("/v1/applications/{id}/documents"), &[]).await;
        let kinds: Vec<_> = listed.parse::<DocumentList>().items.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [DocumentKindDto::Diploma]);
        // Without a token: 401, whatever the body.
        app.request_body(Method::PUT, &format!("/v1/applications/{id}/documents/diploma"), pdf(), &[])
            .await
            .problem(401);
    }
}

on_both_backends! {
    async fn only_the_owner_and_the_staff_of_the_booked_office_see_documents(app) {
        let (tokens, id) = drafted(&app, "pemilik@example.com", 3).await;
        let card = pdf();
        assert_eq!(put(&app, &tokens, &id, "identity_card", card.clone(), "application/pdf").await.status, 201);
        let list = format!("/v1/applications/{id}/documents");
        let one = format!("{list}/identity_card");

        // Another applicant: as if it did not exist, on every route.
        let other = app.applicant("lain@example.com").await;
        put(&app, &other, &id, "identity_card", png(), "image/png").await.problem(404);
        put(&app, &other, &id, "family_card", png(), "image/png").await.problem(404);
        get(&app, &other, &list, &[]).await.problem(404);
        get(&app, &other, &one, &[]).await.problem(404);

        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        // Not booked anywhere yet: no office's business.
        get(&app, &officer, &list, &[]).await.problem(404);
        book(&app, &tokens, &id).await;

        let seen = get(&app, &officer, &list, &[]).await;
        assert_eq!(seen.status, 200, "{:#}", seen.json);
        assert_eq!(seen.parse::<DocumentList>().items[0].sha256, sha256(&card));
        let fetched = get(&app, &officer, &one, &[]).await;
        assert_eq!(fetched.status, 200);
        assert_eq!(fetched.bytes, card);
        assert_eq!(fetched.header("content-type"), "application/pdf");
        let office_admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        assert_eq!(get(&app, &office_admin, &one, &[]).await.status, 200);
        // Staff read; only the applicant uploads.
        put(&app, &officer, &id, "family_card", png(), "image/png").await.problem(403);

        let offices = app.get("/v1/offices").await;
        let elsewhere = offices
            .parse::<OfficePage>()
            .items
            .into_iter()
            .map(|office| office.id)
            .find(|office| office != SEED_OFFICE_ID)
            .expect("a second seed office");
        let stranger = app.staff("petugas@lain.example", Role::Officer, Some(&elsewhere)).await;
        get(&app, &stranger, &list, &[]).await.problem(404);
        get(&app, &stranger, &one, &[]).await.problem(404);
        let system_admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        get(&app, &system_admin, &one, &[]).await.problem(404);
        // The other applicant still sees nothing now that it is booked.
        get(&app, &other, &one, &[]).await.problem(404);
    }
}

on_both_backends! {
    async fn documents_are_taken_until_payment_and_refused_afterwards(app) {
        let (tokens, paid) = drafted(&app, "bayar@example.com", 4).await;
        let code = book(&app, &tokens, &paid).await;
        let booked = put(&app, &tokens, &paid, "identity_card", png(), "image/png").await;
        assert_eq!(booked.status, 201, "awaiting payment: {:#}", booked.json);
        let settled = app.post(&format!("/v1/dev/payments/{code}"), &json!({}), None).await;
        assert_eq!(settled.parse::<PaymentAckDto>().result, PaymentResultDto::Applied, "{:#}", settled.json);
        let after = put(&app, &tokens, &paid, "identity_card", jpeg(), "image/jpeg").await;
        assert_eq!(after.status, 200, "paid: {:#}", after.json);

        // Unpaid past the deadline: expired, and closed to documents.
        let lapsing = draft_for(&app, &tokens, 5).await;
        book(&app, &tokens, &lapsing).await;
        assert_eq!(put(&app, &tokens, &lapsing, "family_card", pdf(), "application/pdf").await.status, 201);
        app.clock.advance(TimeDelta::hours(2));
        let tokens = app.login("bayar@example.com", PASSWORD).await;
        let path = format!("/v1/applications/{lapsing}");
        let mut status = None;
        for _ in 0..200 {
            let shown = app.send(Method::GET, &path, None, Some(access(&tokens))).await;
            status = Some(shown.parse::<ApplicationDto>().status);
            if status == Some(ApplicationStatusDto::Expired) {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert_eq!(status, Some(ApplicationStatusDto::Expired));
        let refused = put(&app, &tokens, &lapsing, "family_card", pdf(), "application/pdf").await;
        assert!(refused.problem(409).detail.contains("expired"));
        // What was uploaded stays readable.
        assert_eq!(get(&app, &tokens, &format!("{path}/documents/family_card"), &[]).await.status, 200);
    }
}

on_both_backends! {
    async fn a_store_that_cannot_be_written_records_nothing(app) {
        // A folder "inside" a regular file can never be created, not even by root.
        let scratch = tempfile::tempdir().unwrap();
        let file = scratch.path().join("not-a-folder");
        std::fs::write(&file, b"").unwrap();
        let app = app.restart_with(|config| config.storage_dir = file.join("documents")).await;
        let (tokens, id) = drafted(&app, "penuh@example.com", 6).await;
        let failed = put(&app, &tokens, &id, "identity_card", png(), "image/png").await;
        let status = failed.status.as_u16();
        assert!(status == 503 || status == 507, "{:#}", failed.json);
        let detail = failed.problem(status).detail;
        assert!(!detail.contains("not-a-folder"), "nothing internal is revealed: {detail}");
        let listed = get(&app, &tokens, &format!("/v1/applications/{id}/documents"), &[]).await;
        assert_eq!(listed.json, json!({"items": []}));
        get(&app, &tokens, &format!("/v1/applications/{id}/documents/identity_card"), &[]).await.problem(404);
    }
}
