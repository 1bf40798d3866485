//! The audit trail: who may read it, how it is filtered, and that nothing can rewrite it.
//! (Each staff action's own record is checked beside the action's tests.)

use chrono::Utc;
use diesel::connection::SimpleConnection as _;
use paspor_domain::account::Role;
use paspor_persistence::audit::{self, NewAuditRecord};
use reqwest::Method;

use crate::support::{SEED_OFFICE_ID, TestApp, access};

async fn read(app: &TestApp, token: Option<&str>, query: &str) -> crate::support::Answer {
    app.send(
        Method::GET,
        &format!("/v1/office/audit{query}"),
        None,
        token,
    )
    .await
}

on_both_backends! {
    async fn only_admins_read_the_trail_and_office_admins_only_their_own(app) {
        let applicant = app.applicant("warga@example.com").await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let office_admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;

        read(&app, None, "").await.problem(401);
        read(&app, Some("not-a-token"), "").await.problem(401);
        read(&app, Some(access(&applicant)), "").await.problem(403);
        read(&app, Some(access(&officer)), "").await.problem(403);

        let mut conn = app.pool().get().unwrap();
        for (office, object) in [(Some(SEED_OFFICE_ID), "a-1"), (Some("another-office"), "a-2"), (None, "t-1")] {
            audit::append(&mut conn, &NewAuditRecord {
                at: Utc::now(),
                actor_id: "someone",
                actor_role: "officer",
                office_id: office,
                action: "application.check_in",
                object_type: "application",
                object_id: object,
                before: Some(r#"{"status":"paid"}"#),
                after: Some(r#"{"status":"checked_in"}"#),
            })
            .unwrap();
        }

        let own = read(&app, Some(access(&office_admin)), "").await;
        assert_eq!(own.status, 200, "{:#}", own.json);
        let own: paspor_openapi::AuditPage = own.parse();
        assert_eq!(own.total, 1);
        let record = &own.items[0];
        assert_eq!(record.object_id, "a-1");
        assert_eq!(record.office_id.as_deref(), Some(SEED_OFFICE_ID));
        // What a record keeps before and after is free-form in the contract.
        assert_eq!(record.before.as_ref().expect("before")["status"], "paid");
        assert_eq!(record.after.as_ref().expect("after")["status"], "checked_in");
        // An office admin cannot widen the filter to another office.
        let widened: paspor_openapi::AuditPage = read(&app, Some(access(&office_admin)), "?office_id=another-office").await.parse();
        assert_eq!(widened.total, 1);
        assert_eq!(widened.items[0].object_id, "a-1");

        let total = |answer: &Answer| answer.parse::<paspor_openapi::AuditPage>().total;
        let all = read(&app, Some(access(&admin)), "").await;
        assert_eq!(total(&all), 3);
        let other = read(&app, Some(access(&admin)), "?office_id=another-office").await;
        assert_eq!(total(&other), 1);
        let by_object: paspor_openapi::AuditPage = read(&app, Some(access(&admin)), "?object_id=t-1").await.parse();
        assert_eq!(by_object.items[0].office_id, None);

        read(&app, Some(access(&admin)), "?per_page=0").await.problem(400);
        read(&app, Some(access(&admin)), "?from=yesterday").await.problem(400);
        read(&app, Some(access(&admin)), "?from=2026-11-25T00:00:00Z&until=2026-11-24T00:00:00Z")
            .await
            .problem(422);
    }
}

on_both_backends! {
    async fn the_database_refuses_to_change_or_delete_a_record(app) {
        let mut conn = app.pool().get().unwrap();
        audit::append(&mut conn, &NewAuditRecord {
            at: Utc::now(),
            actor_id: "someone",
            actor_role: "officer",
            office_id: Some(SEED_OFFICE_ID),
            action: "application.decision",
            object_type: "application",
            object_id: "a-1",
            before: None,
            after: Some(r#"{"outcome":"postponed"}"#),
        })
        .unwrap();
        let update = conn.batch_execute("UPDATE audit_records SET action = 'application.approve'");
        assert!(update.unwrap_err().to_string().contains("append-only"));
        let delete = conn.batch_execute("DELETE FROM audit_records");
        assert!(delete.unwrap_err().to_string().contains("append-only"));
        let kept = audit::list(&mut conn, &Default::default(), 1, 10).unwrap();
        assert_eq!(kept.1, 1);
        assert_eq!(kept.0[0].action, "application.decision");
    }
}
