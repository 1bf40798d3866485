//! Who looked: every read of an application's document by an officer or office admin is
//! recorded, and the applicant sees which office read which document and when (not which
//! officer); the applicant's own reads are not recorded; nobody else sees the list.

use chrono::TimeDelta;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use paspor_domain::account::Role;
use paspor_openapi::{DocumentKindDto, DocumentReadPage, OfficeDto, TokenPairDto};
use paspor_persistence::schema::document_reads;
use reqwest::Method;

use crate::support::*;

async fn get(app: &TestApp, tokens: &TokenPairDto, path: &str, headers: &[(&str, &str)]) -> Answer {
    let bearer = format!("Bearer {}", access(tokens));
    let mut all = vec![("authorization", bearer.as_str())];
    all.extend_from_slice(headers);
    app.request(Method::GET, path, &all).await
}

async fn reads(app: &TestApp, tokens: &TokenPairDto, id: &str) -> DocumentReadPage {
    let answer = get(
        app,
        tokens,
        &format!("/v1/applications/{id}/document-reads"),
        &[],
    )
    .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    page(&answer)
}

/// The answer read as the contract's page of reads.
fn page(answer: &Answer) -> DocumentReadPage {
    serde_json::from_slice(&answer.bytes).expect("a page of document reads")
}

on_both_backends! {
    async fn the_applicant_sees_which_office_read_which_document_and_when(app) {
        let tokens = app.applicant("dilihat@example.com").await;
        let (id, _) = book_new(&app, &tokens, &nth_nik(31)).await;
        assert_eq!(upload_document(&app, &tokens, &id, "identity_card").await.status, 201);
        assert_eq!(upload_document(&app, &tokens, &id, "family_card").await.status, 201);
        let card = format!("/v1/applications/{id}/documents/identity_card");
        let family = format!("/v1/applications/{id}/documents/family_card");
        assert_eq!(reads(&app, &tokens, &id).await.total, 0);

        // The applicant's own reads are not recorded.
        assert_eq!(get(&app, &tokens, &card, &[]).await.status, 200);
        assert_eq!(get(&app, &tokens, &format!("/v1/applications/{id}/documents"), &[]).await.status, 200);
        assert_eq!(reads(&app, &tokens, &id).await.total, 0);

        let officer = app.staff("petugas.baca@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let office_admin = app.staff("kepala.baca@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let first_at = app.clock.now();
        let read = get(&app, &officer, &card, &[]).await;
        assert_eq!(read.status, 200);
        app.clock.advance(TimeDelta::minutes(7));
        // A second read, even of a copy still current (304), is a read.
        let etag = read.header("etag").to_owned();
        assert_eq!(get(&app, &officer, &card, &[("if-none-match", &etag)]).await.status, 304);
        app.clock.advance(TimeDelta::minutes(3));
        assert_eq!(get(&app, &office_admin, &family, &[]).await.status, 200);
        // The list of documents (kinds, sizes, checksums) is not a read of one.
        assert_eq!(get(&app, &officer, &format!("/v1/applications/{id}/documents"), &[]).await.status, 200);

        let seen = reads(&app, &tokens, &id).await;
        assert_eq!(seen.total, 3, "{seen:#?}");
        let kinds: Vec<_> = seen.items.iter().map(|read| read.kind).collect();
        assert_eq!(kinds, [DocumentKindDto::IdentityCard, DocumentKindDto::IdentityCard, DocumentKindDto::FamilyCard]);
        let times: Vec<_> = seen.items.iter().map(|read| read.read_at).collect();
        assert_eq!(times, [first_at, first_at + TimeDelta::minutes(7), first_at + TimeDelta::minutes(10)]);
        let office: OfficeDto = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await.parse();
        for read in &seen.items {
            assert_eq!((read.office_id.as_str(), read.office_name.as_str()), (SEED_OFFICE_ID, office.name.as_str()));
        }
        // The office, not the person: no field names the officer.
        let raw = get(&app, &tokens, &format!("/v1/applications/{id}/document-reads"), &[]).await;
        let mut fields: Vec<_> = raw.json["items"][0].as_object().unwrap().keys().cloned().collect();
        fields.sort();
        assert_eq!(fields, ["kind", "office_id", "office_name", "read_at"]);
        let text = String::from_utf8_lossy(&raw.bytes).into_owned();
        assert!(!text.contains("petugas") && !text.contains("kepala"), "{text}");
        // The record keeps who, for the audit: two staff accounts.
        let mut conn = app.pool().get().unwrap();
        let mut readers: Vec<String> = document_reads::table
            .filter(document_reads::application_id.eq(&id))
            .select(document_reads::staff_account_id)
            .load(&mut conn)
            .unwrap();
        assert_eq!(readers.len(), 3, "{readers:?}");
        readers.sort();
        readers.dedup();
        assert_eq!(readers.len(), 2, "{readers:?}");

        // Pages, oldest first.
        let second = get(&app, &tokens, &format!("/v1/applications/{id}/document-reads?page=2&per_page=1"), &[]).await;
        let second = page(&second);
        assert_eq!((second.items.len(), second.total), (1, 3));
        assert_eq!(second.items[0].read_at, first_at + TimeDelta::minutes(7));
        get(&app, &tokens, &format!("/v1/applications/{id}/document-reads?per_page=0"), &[]).await.problem(400);
    }
}

on_both_backends! {
    async fn nobody_else_sees_who_looked(app) {
        let tokens = app.applicant("milik@example.com").await;
        let (id, _) = book_new(&app, &tokens, &nth_nik(32)).await;
        assert_eq!(upload_document(&app, &tokens, &id, "identity_card").await.status, 201);
        let officer = app.staff("petugas.lihat@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        assert_eq!(get(&app, &officer, &format!("/v1/applications/{id}/documents/identity_card"), &[]).await.status, 200);
        let path = format!("/v1/applications/{id}/document-reads");

        // Another applicant: as if it did not exist.
        let other = app.applicant("orang.lain@example.com").await;
        get(&app, &other, &path, &[]).await.problem(404);
        // An id that names nothing, and hostile ones: 404 or 400, never more.
        get(&app, &tokens, "/v1/applications/0193a000-0000-7000-8000-0000000000ff/document-reads", &[]).await.problem(404);
        get(&app, &tokens, &format!("/v1/applications/{}/document-reads", "x".repeat(10_000)), &[]).await.problem(404);
        get(&app, &tokens, "/v1/applications/%00%01/document-reads", &[]).await.problem(400);
        // Staff read documents, not this list; nor does anyone without a token.
        get(&app, &officer, &path, &[]).await.problem(403);
        let system_admin = app.staff("admin.lihat@imigrasi.example", Role::SystemAdmin, None).await;
        get(&app, &system_admin, &path, &[]).await.problem(403);
        app.request(Method::GET, &path, &[]).await.problem(401);
        // The owner still sees the one read.
        assert_eq!(reads(&app, &tokens, &id).await.total, 1);
    }
}

on_both_backends! {
    async fn reads_at_once_are_each_recorded_once(app) {
        let tokens = app.applicant("serentak@example.com").await;
        let (id, _) = book_new(&app, &tokens, &nth_nik(33)).await;
        assert_eq!(upload_document(&app, &tokens, &id, "identity_card").await.status, 201);
        let officer = app.staff("petugas.serentak@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let card = format!("/v1/applications/{id}/documents/identity_card");
        let answers = at_once((0..AT_ONCE).map(|_| get(&app, &officer, &card, &[]))).await;
        assert!(answers.iter().all(|answer| answer.status == 200), "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
        // And the applicant's own reads at once: none recorded.
        let own = at_once((0..AT_ONCE).map(|_| get(&app, &tokens, &card, &[]))).await;
        assert!(own.iter().all(|answer| answer.status == 200));
        let mut conn = app.pool().get().unwrap();
        let mut ids: Vec<String> = document_reads::table
            .filter(document_reads::application_id.eq(&id))
            .select(document_reads::id)
            .load(&mut conn)
            .unwrap();
        assert_eq!(ids.len(), AT_ONCE);
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), AT_ONCE);
        assert_eq!(reads(&app, &tokens, &id).await.total, AT_ONCE as u64);
    }
}
