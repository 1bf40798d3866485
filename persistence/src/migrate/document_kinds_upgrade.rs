//! Upgrading through 000031 (document kinds) a database that holds documents and a
//! document check: every document is kept as it was (on SQLite, whose CHECK constraint
//! cannot change, the table is rebuilt with the same columns, keys and indexes), the new
//! kinds are accepted and no other is, and the earlier check has presented nothing. On both
//! backends.

use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::walk_ins_upgrade::{FIXTURE, Shape, count, migrate_before, shape};
use super::{POSTGRES, SQLITE, run_migrations};
use crate::connection::{DbConnection, establish};
use crate::testing::{on_postgres, on_sqlite};

/// The version of the migration under test.
const DOCUMENT_KINDS: &str = "20261208000031";

/// On top of the walk-ins fixture (a1 with its identity and family cards): a document check
/// of a1 that found the birth certificate missing.
const CHECKED: &str = "
INSERT INTO application_document_checks (application_id, missing, deadline, due_at,
    checked_at, checked_by) VALUES ('a1', 'birth_certificate', '2026-12-02',
    '2026-12-02 17:00:00', '2026-11-02 03:00:00', 'officer-1');
";

#[derive(QueryableByName)]
struct Kept {
    #[diesel(sql_type = Text)]
    line: String,
}

fn documents(conn: &mut DbConnection) -> Vec<String> {
    diesel::sql_query(
        "SELECT application_id || ' ' || kind || ' ' || media_type || ' ' || \
         CAST(size_bytes AS TEXT) || ' ' || sha256 || ' ' || storage_key AS line \
         FROM application_documents ORDER BY kind",
    )
    .load::<Kept>(conn)
    .unwrap()
    .into_iter()
    .map(|kept| kept.line)
    .collect()
}

fn document_sql(kind: &str, key: &str) -> String {
    format!(
        "INSERT INTO application_documents (application_id, kind, media_type, size_bytes, \
         sha256, storage_key, uploaded_at) VALUES ('a1', '{kind}', 'application/pdf', 10, \
         'cc', '{key}', '2026-11-03 00:00:00')"
    )
}

fn check_upgraded(conn: &mut DbConnection) {
    assert_eq!(
        documents(conn),
        [
            "a1 family_card application/pdf 2048 bb k2",
            "a1 identity_card image/jpeg 1024 aa k1",
        ]
    );
    let presented: Vec<Kept> = diesel::sql_query(
        "SELECT missing || '|' || presented AS line FROM application_document_checks",
    )
    .load(conn)
    .unwrap();
    assert_eq!(presented[0].line, "birth_certificate|");
    for (n, kind) in [
        "old_passport",
        "parent_identity_card",
        "guardian_consent_letter",
        "labour_recommendation_letter",
        "court_decree",
        "police_report",
    ]
    .into_iter()
    .enumerate()
    {
        conn.batch_execute(&document_sql(kind, &format!("new-{n}")))
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
    }
    assert!(
        conn.batch_execute(&document_sql("passport_photo", "x"))
            .is_err()
    );
    // The keys hold as before: one document per kind, one row per stored file.
    assert!(
        conn.batch_execute(&document_sql("police_report", "other"))
            .is_err()
    );
    assert!(conn.batch_execute(&document_sql("diploma", "k1")).is_err());
    assert_eq!(count(conn, "application_documents"), 8);
}

fn before(url: &str) -> Option<Shape> {
    match establish(url).unwrap() {
        DbConnection::Sqlite(mut old) => {
            migrate_before(&mut old, SQLITE, DOCUMENT_KINDS);
            old.batch_execute(FIXTURE).unwrap();
            old.batch_execute(CHECKED).unwrap();
            Some(shape(&mut old, "application_documents"))
        }
        DbConnection::Postgresql(mut old) => {
            migrate_before(&mut old, POSTGRES, DOCUMENT_KINDS);
            old.batch_execute(FIXTURE).unwrap();
            old.batch_execute(CHECKED).unwrap();
            None
        }
    }
}

fn upgrade(url: &str) {
    let shape_before = before(url);
    let report = run_migrations(url).unwrap();
    assert!(
        report
            .applied
            .iter()
            .any(|version| version == DOCUMENT_KINDS)
    );
    let mut conn = establish(url).unwrap();
    if let (Some(expected), DbConnection::Sqlite(sqlite)) = (shape_before, &mut conn) {
        assert_eq!(shape(sqlite, "application_documents"), expected);
    }
    check_upgraded(&mut conn);
}

#[test]
fn sqlite_keeps_every_document_and_takes_the_new_kinds() {
    on_sqlite(upgrade);
}

#[test]
fn postgres_keeps_every_document_and_takes_the_new_kinds() {
    on_postgres("the document kinds upgrade", upgrade);
}
