//! The service's status: anyone reads it (normal and silent to begin with), a system admin
//! sets it with a message in each language, audited; readers get the message in their
//! language and both; another api process on the same database answers the same; lesser
//! roles are refused and hostile text is refused without changing anything.

use paspor_domain::account::Role;
use paspor_openapi::{AuditPage, ServiceStateDto, ServiceStatusDto};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

const STATUS: &str = "/v1/status";
const SET: &str = "/v1/admin/status";

fn degraded() -> Value {
    json!({
        "state": "degraded",
        "messages": {
            "id": "Pembayaran PNBP sedang terlambat; kuota Anda tetap aman.",
            "en": "Fee payments are delayed; your place is kept."
        }
    })
}

on_both_backends! {
    async fn a_system_admin_sets_the_status_and_everyone_reads_it_in_their_language(app) {
        let first = app.get(STATUS).await;
        assert_eq!(first.status, 200, "{:#}", first.json);
        let first: ServiceStatusDto = first.parse();
        assert_eq!(first.state, ServiceStateDto::Normal);
        assert_eq!(first.message, "");
        assert_eq!(first.since, None);

        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let set = app.send(Method::PUT, SET, Some(&degraded()), Some(access(&admin))).await;
        assert_eq!(set.status, 200, "{:#}", set.json);
        assert_eq!(set.parse::<ServiceStatusDto>().state, ServiceStateDto::Degraded);

        let english = app.get(STATUS).await;
        assert_eq!(english.header("content-language"), "en");
        let english: ServiceStatusDto = english.parse();
        assert_eq!(english.message, "Fee payments are delayed; your place is kept.");
        assert_eq!(english.since, Some(app.clock.now()));
        let indonesian = app.request_unlabelled(Method::GET, STATUS, &[]).await;
        assert_eq!(indonesian.header("content-language"), "id");
        assert!(indonesian.header("vary").to_ascii_lowercase().contains("accept-language"));
        let indonesian: ServiceStatusDto = indonesian.parse();
        assert_eq!(indonesian.message, "Pembayaran PNBP sedang terlambat; kuota Anda tetap aman.");
        assert_eq!(indonesian.messages.en, english.message, "both, whatever the language");
        assert_eq!(indonesian.state, ServiceStateDto::Degraded);

        // Another api process on the same database answers the same.
        let other = TestApp::start_sharing(app.database_url()).await;
        let there: ServiceStatusDto = other.get(STATUS).await.parse();
        assert_eq!(there.state, ServiceStateDto::Degraded);
        assert_eq!(there.message, english.message);

        // Back to normal, with blanks around the words dropped; each change audited.
        app.clock.advance(chrono::TimeDelta::minutes(10));
        let normal = json!({"state": "normal", "messages": {"id": "  ", "en": ""}});
        let set = app.send(Method::PUT, SET, Some(&normal), Some(access(&admin))).await;
        assert_eq!(set.status, 200, "{:#}", set.json);
        let now: ServiceStatusDto = other.get(STATUS).await.parse();
        assert_eq!((now.state, now.message.as_str()), (ServiceStateDto::Normal, ""));
        assert_eq!(now.since, Some(app.clock.now()));
        let trail = app
            .send(Method::GET, "/v1/office/audit?action=service_status.update", None, Some(access(&admin)))
            .await;
        let trail = trail.parse::<AuditPage>();
        assert_eq!(trail.items.len(), 2, "{trail:#?}");
    }
}

on_both_backends! {
    async fn lesser_roles_and_strangers_cannot_set_the_status(app) {
        let applicant = app.applicant("warga@example.com").await;
        let office_admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        for tokens in [&applicant, &office_admin, &officer] {
            app.send(Method::PUT, SET, Some(&degraded()), Some(access(tokens))).await.problem(403);
        }
        app.send(Method::PUT, SET, Some(&degraded()), None).await.problem(401);
        app.send(Method::PUT, SET, Some(&degraded()), Some("not-a-token")).await.problem(401);
        let shown: ServiceStatusDto = app.get(STATUS).await.parse();
        assert_eq!(shown.state, ServiceStateDto::Normal, "unchanged");
    }
}

on_both_backends! {
    async fn hostile_status_text_is_refused_and_changes_nothing(app) {
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let long = json!({"state": "maintenance", "messages": {"id": "a".repeat(10 * 1024), "en": "ok"}});
        let refused = app.send(Method::PUT, SET, Some(&long), Some(access(&admin))).await;
        refused.problem(400);
        assert_eq!(refused.error_fields(), ["messages.id"]);
        // 500 characters are taken, 501 are not (characters, not bytes).
        let at_most = json!({"state": "maintenance", "messages": {"id": "é".repeat(500), "en": "ok"}});
        assert_eq!(app.send(Method::PUT, SET, Some(&at_most), Some(access(&admin))).await.status, 200);
        let past = json!({"state": "normal", "messages": {"id": "ok", "en": "é".repeat(501)}});
        let refused = app.send(Method::PUT, SET, Some(&past), Some(access(&admin))).await;
        refused.problem(400);
        assert_eq!(refused.error_fields(), ["messages.en"]);
        for body in [
            json!({"state": "normal", "messages": {"id": "a\u{0}b", "en": "ok"}}),
            json!({"state": "down", "messages": {"id": "", "en": ""}}),
            json!({"state": "normal", "messages": {"id": ""}}),
            json!({"state": "normal", "messages": {"id": "", "en": "", "fr": ""}}),
            json!({"state": 1, "messages": {"id": "", "en": ""}}),
            json!({"state": "normal"}),
            json!("normal"),
        ] {
            app.send(Method::PUT, SET, Some(&body), Some(access(&admin))).await.problem(400);
        }
        let shown: ServiceStatusDto = app.get(STATUS).await.parse();
        assert_eq!(shown.state, ServiceStateDto::Maintenance, "only the good change applied");
        assert_eq!(shown.messages.id, "é".repeat(500));
    }
}
