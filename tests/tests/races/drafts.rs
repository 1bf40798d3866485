//! A citizen's own double taps on drafts and their documents: one person drafted many
//! times at once, one draft patched (each request changing another field), deleted, and
//! given one kind of document many times at once. Afterwards the person has one active
//! application, every change answered is in the stored draft, a deleted draft is gone once,
//! and one file per kind is stored and on disk, with no file left behind.

use std::collections::BTreeSet;

use diesel::prelude::*;
use paspor_persistence::schema::{application_documents, application_history, applications};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::flows::Citizen;
use super::invariants::{assert_database_invariants, connection, entries_entering};
use crate::support::{AT_ONCE, ROUNDS, TestApp, at_once, split};

on_both_backends! {
    async fn one_person_drafted_at_once_has_one_application(app) {
        let citizen = Citizen::new(&app, "draf@example.com", &nth_nik(11)).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let body = draft(&citizen.applicant);
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/applications", &body, Some(citizen.token())))).await;
            let what = format!("round {round}: {AT_ONCE} drafts for one person");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            for refused in &answered.refused {
                assert_eq!(refused.status, 409, "{what}: {:#}", refused.json);
            }
            let id = answered.done[0].json["id"].as_str().unwrap().to_owned();
            let mut conn = connection(&pool);
            let active: Vec<(String, String)> = applications::table
                .filter(applications::applicant_id.eq(&citizen.applicant))
                .filter(applications::active.eq(true))
                .select((applications::id, applications::status))
                .load(&mut conn)
                .unwrap();
            assert_eq!(active, [(id.clone(), "draft".to_owned())], "{what}");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}

/// Four changes of a draft, each to another field, each sent twice.
fn patches() -> Vec<Value> {
    let changes = [
        json!({"passport_kind": "non_electronic"}),
        json!({"service": "same_day"}),
        json!({"application_kind": "replacement", "replacement_reason": "expired"}),
        json!({"travel": {
            "purpose": "tourism", "destination_country": "KR", "planned_departure": "2027-04-01",
            "address_abroad": "Myeongdong, Seoul", "length_of_stay_days": 7,
            "contact_name": "Kim", "contact_phone": "+82 2 1234 5678",
            "has_return_ticket": true, "accommodation": "Hotel Seoul"
        }}),
    ];
    changes.iter().cycle().take(AT_ONCE).cloned().collect()
}

on_both_backends! {
    async fn one_draft_patched_at_once_keeps_every_change_answered(app) {
        let citizen = Citizen::new(&app, "ubah@example.com", &nth_nik(12)).await;
        let pool = app.pool();
        let bodies = patches();
        for round in 0..ROUNDS {
            let id = citizen.draft(&app).await;
            let path = format!("/v1/applications/{id}");
            let answers = at_once(bodies.iter().map(|body| app.send(Method::PATCH, &path, Some(body), Some(citizen.token())))).await;
            let what = format!("round {round}: {AT_ONCE} patches of draft {id}, each of another field");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: every patch applies to a draft: {:?}", answered.details());

            let mut conn = connection(&pool);
            let stored: (String, String, String, Option<String>, String, i32) = applications::table
                .find(&id)
                .select((
                    applications::passport_kind,
                    applications::service,
                    applications::application_kind,
                    applications::replacement_reason,
                    applications::destination_country,
                    applications::version,
                ))
                .first(&mut conn)
                .unwrap();
            let (kind, service, application_kind, reason, destination, _) = &stored;
            assert_eq!(
                (kind.as_str(), service.as_str(), application_kind.as_str(), reason.as_deref(), destination.as_str()),
                ("non_electronic", "same_day", "replacement", Some("expired"), "KR"),
                "{what}: a change answered 200 is missing from the stored draft (lost update): {stored:?}"
            );
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}

on_both_backends! {
    async fn one_draft_deleted_at_once_is_deleted_once(app) {
        let citizen = Citizen::new(&app, "hapus@example.com", &nth_nik(13)).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let id = citizen.draft(&app).await;
            let path = format!("/v1/applications/{id}");
            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::DELETE, &path, None, Some(citizen.token())))).await;
            let what = format!("round {round}: {AT_ONCE} deletions of draft {id}");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let mut conn = connection(&pool);
            let left: i64 = applications::table.find(&id).count().get_result(&mut conn).unwrap();
            let history: i64 = application_history::table
                .filter(application_history::application_id.eq(&id))
                .count()
                .get_result(&mut conn)
                .unwrap();
            assert_eq!((left, history), (0, 0), "{what}: the draft or its history is still there");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// A small PDF, made distinct by `n`.
fn pdf(n: usize) -> Vec<u8> {
    format!("%PDF-1.4\n% upload {n}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

/// The files in the document store (not the partial ones being written).
fn stored_files(app: &TestApp) -> BTreeSet<String> {
    match std::fs::read_dir(app.storage_dir()) {
        Ok(entries) => entries
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => BTreeSet::new(),
        Err(error) => panic!("the document store: {error}"),
    }
}

on_both_backends! {
    async fn one_document_uploaded_at_once_is_kept_once_with_its_file(app) {
        let citizen = Citizen::new(&app, "berkas@example.com", &nth_nik(14)).await;
        let pool = app.pool();
        let bearer = format!("Bearer {}", citizen.token());
        let headers = [("authorization", bearer.as_str())];
        let files: Vec<Vec<u8>> = (0..AT_ONCE).map(pdf).collect();
        let digests: Vec<String> = files.iter().map(|file| hex::encode(Sha256::digest(file))).collect();
        for round in 0..ROUNDS {
            let id = citizen.draft(&app).await;
            let path = format!("/v1/applications/{id}/documents/identity_card");
            let answers = at_once(files.iter().map(|file| {
                app.request_body(Method::PUT, &path, file.clone(), &headers)
            }))
            .await;
            let what = format!("round {round}: {AT_ONCE} uploads of one kind to {id}");
            let answered = split(&what, &answers, &[200, 201]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let created = answered.done.iter().filter(|a| a.status == 201).count();
            assert_eq!(created, 1, "{what}: one upload creates, the others replace: {:?}", answered.statuses());

            let mut conn = connection(&pool);
            let kept: Vec<(String, String)> = application_documents::table
                .filter(application_documents::application_id.eq(&id))
                .select((application_documents::sha256, application_documents::storage_key))
                .load(&mut conn)
                .unwrap();
            assert_eq!(kept.len(), 1, "{what}: {kept:?}");
            assert!(digests.contains(&kept[0].0), "{what}: the stored digest is none of the files sent");
            let on_disk = std::fs::read(app.storage_dir().join(&kept[0].1)).expect("the kept file is on disk");
            // Sealed at rest: opened with the key the test servers use.
            let content = paspor_api::config::development_keys().open(&on_disk).expect("the kept file opens");
            assert_eq!(hex::encode(Sha256::digest(&content)), kept[0].0, "{what}: the file on disk is not the one recorded");
            // Every file on disk is a recorded one: the replaced ones were removed.
            let keys: BTreeSet<String> = application_documents::table
                .select(application_documents::storage_key)
                .load::<String>(&mut conn)
                .unwrap()
                .into_iter()
                .collect();
            assert_eq!(stored_files(&app), keys, "{what}: the store and the records differ");
            assert_eq!(entries_entering(&mut conn, &id, "draft"), 1, "{what}");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}
