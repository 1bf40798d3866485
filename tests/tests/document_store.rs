//! How documents are kept: encrypted at rest (what the folder or the bucket holds is not
//! the document), read back whole, refused with a bare 500 when an object was changed,
//! rotated to a new key by `reencrypt-documents` (which also encrypts documents stored
//! before encryption), and, in an S3-compatible bucket, shared by two api processes.

use paspor_api::Config;
use paspor_api::documents::{DocumentKey, DocumentKeys, ReencryptionProgress};
use paspor_openapi::{DocumentList, TokenPairDto};
use reqwest::Method;

use crate::support::*;

/// A PDF whose text is easy to look for.
const PDF: &[u8] =
    b"%PDF-1.4\n% KTP 3171234567890123 BUDI SANTOSO\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn keys(list: &[(&str, u8)]) -> DocumentKeys {
    DocumentKeys::new(
        list.iter()
            .map(|(id, byte)| DocumentKey::new(id, &[*byte; 32]).unwrap())
            .collect(),
    )
    .unwrap()
}

fn holds_plaintext(object: &[u8]) -> bool {
    object.windows(PDF.len()).any(|window| window == PDF)
        || object.windows(11).any(|w| w == b"BUDI SANTOS")
}

async fn upload(app: &TestApp, tokens: &TokenPairDto, id: &str, kind: &str) -> Answer {
    let bearer = format!("Bearer {}", access(tokens));
    app.request_body(
        Method::PUT,
        &format!("/v1/applications/{id}/documents/{kind}"),
        PDF.to_vec(),
        &[
            ("authorization", &bearer),
            ("content-type", "application/pdf"),
        ],
    )
    .await
}

async fn download(app: &TestApp, tokens: &TokenPairDto, id: &str, kind: &str) -> Answer {
    let bearer = format!("Bearer {}", access(tokens));
    app.request(
        Method::GET,
        &format!("/v1/applications/{id}/documents/{kind}"),
        &[("authorization", &bearer)],
    )
    .await
}

/// The files in a folder (not the partial ones being written), sorted.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Runs `paspor reencrypt-documents` with `config`, as an operator would.
async fn reencrypt(config: Config) -> ReencryptionProgress {
    actix_web::rt::task::spawn_blocking(move || {
        paspor_api::operator::reencrypt_documents(&config, |_| {})
    })
    .await
    .unwrap()
    .expect("re-encryption runs")
}

on_both_backends! {
    async fn documents_are_encrypted_in_the_folder_and_a_changed_one_is_a_bare_500(app) {
        let tokens = app.applicant("rahasia@example.com").await;
        let id = { let (id, _) = book_new(&app, &tokens, &nth_nik(41)).await; id };
        assert_eq!(upload(&app, &tokens, &id, "identity_card").await.status, 201);
        let files = files_in(app.storage_dir());
        assert_eq!(files.len(), 1, "{files:?}");
        let path = app.storage_dir().join(&files[0]);
        let on_disk = std::fs::read(&path).unwrap();
        assert!(on_disk.starts_with(b"PSPE"), "sealed with a header");
        assert!(!holds_plaintext(&on_disk), "the file holds the document in the clear");
        let read = download(&app, &tokens, &id, "identity_card").await;
        assert_eq!(read.status, 200);
        assert_eq!(read.bytes, PDF);

        // One byte changed behind the server's back: a server fault, answered without detail.
        let mut changed = on_disk.clone();
        let last = changed.len() - 1;
        changed[last] ^= 0x40;
        std::fs::write(&path, &changed).unwrap();
        let refused = download(&app, &tokens, &id, "identity_card").await;
        let problem = refused.problem(500);
        for secret in ["PSPE", "authentication", "key", &files[0]] {
            assert!(!problem.detail.contains(secret), "{}", problem.detail);
        }
        // Listing still works: the record is whole.
        let listed = app
            .send(Method::GET, &format!("/v1/applications/{id}/documents"), None, Some(access(&tokens)))
            .await;
        assert_eq!(listed.parse::<DocumentList>().items.len(), 1);
    }
}

on_both_backends! {
    async fn keys_rotate_and_documents_stored_before_encryption_are_encrypted(app) {
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path().join("documents");
        let with_keys = |list: &'static [(&'static str, u8)]| {
            let dir = dir.clone();
            move |config: &mut Config| {
                config.storage_dir = dir;
                config.documents.keys = keys(list);
                config.documents.development_key = false;
            }
        };
        let app = app.restart_with(with_keys(&[("a", 1)])).await;
        let tokens = app.applicant("kunci@example.com").await;
        let id = { let (id, _) = book_new(&app, &tokens, &nth_nik(42)).await; id };
        assert_eq!(upload(&app, &tokens, &id, "identity_card").await.status, 201);
        assert_eq!(upload(&app, &tokens, &id, "family_card").await.status, 201);
        // A document stored before encryption: the file as uploaded.
        let files = files_in(&dir);
        assert_eq!(files.len(), 2, "{files:?}");
        std::fs::write(dir.join(&files[1]), PDF).unwrap();
        for kind in ["identity_card", "family_card"] {
            assert_eq!(download(&app, &tokens, &id, kind).await.bytes, PDF, "{kind}");
        }

        // The new key first, the old one after it: both read.
        let app = app.restart_with(with_keys(&[("b", 2), ("a", 1)])).await;
        for kind in ["identity_card", "family_card"] {
            assert_eq!(download(&app, &tokens, &id, kind).await.bytes, PDF, "{kind}");
        }
        let mut config = Config::for_tests(app.database_url());
        with_keys(&[("b", 2), ("a", 1)])(&mut config);
        let done = reencrypt(config.clone()).await;
        assert_eq!((done.total, done.done, done.rewritten, done.current, done.gone), (2, 2, 2, 0, 0));
        for file in files_in(&dir) {
            let object = std::fs::read(dir.join(&file)).unwrap();
            assert!(object.starts_with(b"PSPE\x01\x01b"), "{file} is not under key b");
            assert!(!holds_plaintext(&object), "{file}");
        }
        // Safe to run again, twice at once: nothing left to do.
        let (again, twice) = futures::join!(reencrypt(config.clone()), reencrypt(config));
        assert_eq!((again.rewritten, again.current), (0, 2));
        assert_eq!((twice.rewritten, twice.current), (0, 2));

        // The old key dropped: still readable.
        let app = app.restart_with(with_keys(&[("b", 2)])).await;
        for kind in ["identity_card", "family_card"] {
            let read = download(&app, &tokens, &id, kind).await;
            assert_eq!((read.status.as_u16(), read.bytes.as_slice()), (200, PDF), "{kind}");
        }
        // Only the old key: the documents are sealed under one it lacks, a bare 500.
        let app = app.restart_with(with_keys(&[("a", 1)])).await;
        download(&app, &tokens, &id, "identity_card").await.problem(500);
    }
}

on_both_backends! {
    async fn in_an_s3_bucket_documents_are_encrypted_and_shared_by_every_server(app) {
        let Some(bucket) = TestBucket::new("in_an_s3_bucket_documents_are_encrypted_and_shared_by_every_server").await else {
            return;
        };
        let app = app.restart_with(|config| bucket.configure(config)).await;
        let tokens = app.applicant("awan@example.com").await;
        let id = { let (id, _) = book_new(&app, &tokens, &nth_nik(43)).await; id };
        assert_eq!(upload(&app, &tokens, &id, "identity_card").await.status, 201);
        assert!(files_in(app.storage_dir()).is_empty(), "nothing in the folder");
        let names = bucket.names().await;
        assert_eq!(names.len(), 1, "{names:?}");
        let object = bucket.object(&names[0]).await;
        assert!(object.starts_with(b"PSPE"), "sealed with a header");
        assert!(!holds_plaintext(&object), "the bucket holds the document in the clear");
        assert_eq!(download(&app, &tokens, &id, "identity_card").await.bytes, PDF);

        // A second api process on the same database and bucket serves the first's upload,
        // and the first serves the second's.
        let second = TestApp::start_sharing_with(app.database_url(), |config| bucket.configure(config)).await;
        assert_eq!(download(&second, &tokens, &id, "identity_card").await.bytes, PDF);
        assert_eq!(upload(&second, &tokens, &id, "family_card").await.status, 201);
        assert_eq!(download(&app, &tokens, &id, "family_card").await.bytes, PDF);
        // A replacement leaves one object per document: the replaced one is removed.
        assert_eq!(upload(&app, &tokens, &id, "family_card").await.status, 200);
        assert_eq!(bucket.names().await.len(), 2);
        assert_eq!(download(&second, &tokens, &id, "family_card").await.bytes, PDF);

        // Starting a cancelled draft again copies its documents inside the bucket: objects
        // of their own, the same content.
        let applicant = add_applicant(&app, &tokens, &nth_nik(45)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        let old = created.json["id"].as_str().expect("a draft").to_owned();
        assert_eq!(upload(&app, &tokens, &old, "identity_card").await.status, 201);
        let cancelled = app.post(&format!("/v1/applications/{old}/cancel"), &serde_json::json!({}), Some(access(&tokens))).await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
        let restarted = second.post(&format!("/v1/applications/{old}/restart"), &serde_json::json!({}), Some(access(&tokens))).await;
        assert_eq!(restarted.status, 201, "{:#}", restarted.json);
        let new = restarted.json["id"].as_str().expect("the new draft").to_owned();
        assert_eq!(bucket.names().await.len(), 4);
        assert_eq!(download(&app, &tokens, &new, "identity_card").await.bytes, PDF);
        assert_eq!(download(&app, &tokens, &old, "identity_card").await.bytes, PDF);
    }
}

on_both_backends! {
    async fn in_an_s3_bucket_keys_rotate(app) {
        let Some(bucket) = TestBucket::new("in_an_s3_bucket_keys_rotate").await else {
            return;
        };
        let with_keys = |list: &'static [(&'static str, u8)]| {
            let bucket = &bucket;
            move |config: &mut Config| {
                bucket.configure(config);
                config.documents.keys = keys(list);
                config.documents.development_key = false;
            }
        };
        let app = app.restart_with(with_keys(&[("a", 1)])).await;
        let tokens = app.applicant("putar@example.com").await;
        let id = { let (id, _) = book_new(&app, &tokens, &nth_nik(44)).await; id };
        assert_eq!(upload(&app, &tokens, &id, "identity_card").await.status, 201);
        let app = app.restart_with(with_keys(&[("b", 2), ("a", 1)])).await;
        let mut config = Config::for_tests(app.database_url());
        with_keys(&[("b", 2), ("a", 1)])(&mut config);
        let done = reencrypt(config).await;
        assert_eq!((done.rewritten, done.current), (1, 0));
        let names = bucket.names().await;
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(bucket.object(&names[0]).await.starts_with(b"PSPE\x01\x01b"));
        let app = app.restart_with(with_keys(&[("b", 2)])).await;
        assert_eq!(download(&app, &tokens, &id, "identity_card").await.bytes, PDF);
    }
}

on_both_backends! {
    async fn a_bucket_that_does_not_answer_records_nothing_and_reveals_nothing(app) {
        let app = app
            .restart_with(|config| {
                config.documents.s3 = Some(paspor_api::config::S3Settings {
                    bucket: "paspor-nowhere".to_owned(),
                    prefix: String::new(),
                    // Nothing listens on port 1: every request is refused at once.
                    endpoint: Some("http://127.0.0.1:1".to_owned()),
                    region: "us-east-1".to_owned(),
                    access_key_id: Some("paspor".into()),
                    secret_access_key: Some("paspor-secret".into()),
                    path_style: true,
                });
            })
            .await;
        let tokens = app.applicant("tanpa.ember@example.com").await;
        let id = { let (id, _) = book_new(&app, &tokens, &nth_nik(46)).await; id };
        let refused = upload(&app, &tokens, &id, "identity_card").await;
        let problem = refused.problem(503);
        for internal in ["127.0.0.1", "paspor-nowhere", "s3://"] {
            assert!(!problem.detail.contains(internal), "{}", problem.detail);
        }
        let listed = app
            .send(Method::GET, &format!("/v1/applications/{id}/documents"), None, Some(access(&tokens)))
            .await;
        assert!(listed.parse::<DocumentList>().items.is_empty());
        download(&app, &tokens, &id, "identity_card").await.problem(404);
    }
}
