//! Upgrading a database that already holds applications through 000015 (walk-ins), which
//! makes `account_id` nullable. On SQLite that rebuilds `applicants` and `applications`
//! with foreign keys off: nothing that refers to them (history, documents, bookings,
//! payments, waitlist entries, devices) may be cascaded away, every index must come back,
//! and the one-active-application-per-NIK rule must still hold. Run on both backends
//! (PostgreSQL from `TEST_DATABASE_URL`, skipped loudly when none answers).

use chrono::{NaiveDate, TimeZone as _, Utc};
use diesel::SqliteConnection;
use diesel::backend::Backend as DieselBackend;
use diesel::connection::SimpleConnection as _;
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use paspor_domain::{ApplicationStatus, PriorityGround, WalkInKind};

use super::{POSTGRES, SQLITE, run_migrations};
use crate::connection::{DbConnection, establish};
use crate::schema::applications;
use crate::testing::on_postgres;
use crate::walk_ins::{self, NewWalkIn};

/// The version of the migration under test.
const WALK_INS: &str = "20261125000015";

/// Two people of one account: a paid application (with history, documents, a booking, a
/// payment) and an expired one for the first, an active draft on the waitlist for the
/// second, and a registered device.
pub(super) const FIXTURE: &str = "
INSERT INTO users (id, email, phone, full_name, password_hash, role, office_id,
    email_verified_at, failed_logins, locked_until, closed_at, created_at, updated_at)
VALUES ('u1', 'warga@example.com', '+6281234567890', 'Siti', 'hash', 'applicant', NULL,
    '2026-11-01 00:00:00', 0, NULL, NULL, '2026-11-01 00:00:00', '2026-11-01 00:00:00');
INSERT INTO offices (id, name, kind, office_class, address, city, province, latitude_e6,
    longitude_e6, time_zone, opens_minute, closes_minute, e_passport_available, release_kind,
    release_param, release_minute, priority_child_under_age, priority_elderly_from_age,
    priority_pregnant, priority_breastfeeding, priority_disability, created_at, updated_at)
VALUES ('o1', 'Kantor', 'immigration_office', 'I', 'Jl. 1', 'Kota', 'Prov', 0, 0, 'wib', 480,
    960, TRUE, 'weekly', 5, 960, 5, 60, TRUE, TRUE, FALSE, '2026-11-01 00:00:00',
    '2026-11-01 00:00:00');
INSERT INTO office_sessions (id, office_id, session_date, starts_minute, ends_minute,
    capacity_regular, capacity_same_day, capacity_priority, release_at, created_at)
VALUES ('s1', 'o1', '2026-11-26', 480, 570, 50, 9, 13, '2026-11-20 09:00:00',
    '2026-11-01 00:00:00');
INSERT INTO applicants (id, account_id, nik, full_name, place_of_birth, birth_date, sex,
    address, father_name, mother_name, marital_status, dual_citizen_child,
    previous_passport_number, guardian_nik, created_at, updated_at)
VALUES ('p1', 'u1', '3171011505900001', 'Budi', 'Jakarta', '1990-05-15', 'male', 'Jl. 2',
    'Santoso', 'Sri', 'single', FALSE, 'C1234567', NULL, '2026-11-01 00:00:00',
    '2026-11-01 00:00:00');
INSERT INTO applicants (id, account_id, nik, full_name, place_of_birth, birth_date, sex,
    address, father_name, mother_name, marital_status, dual_citizen_child,
    previous_passport_number, guardian_nik, created_at, updated_at)
VALUES ('p2', 'u1', '3171015505900002', 'Siti', 'Jakarta', '1990-05-15', 'female', 'Jl. 2',
    'Santoso', 'Sri', 'married', FALSE, NULL, NULL, '2026-11-01 00:00:00',
    '2026-11-01 00:00:00');
INSERT INTO applications (id, account_id, applicant_id, nik, status, active, passport_kind,
    application_kind, replacement_reason, service, travel_purpose, destination_country,
    planned_departure, address_abroad, length_of_stay_days, contact_name, contact_phone,
    has_return_ticket, accommodation, labour_recommendation_letter, version, created_at,
    updated_at, reschedules)
VALUES ('a1', 'u1', 'p1', '3171011505900001', 'paid', TRUE, 'electronic', 'replacement',
    'expired', 'regular', 'tourism', 'JP', '2027-03-01', 'Shinjuku', 10, 'Tanaka', '+81 3',
    TRUE, 'Hotel', FALSE, 4, '2026-11-02 00:00:00', '2026-11-03 00:00:00', 1);
INSERT INTO applications (id, account_id, applicant_id, nik, status, active, passport_kind,
    application_kind, replacement_reason, service, travel_purpose, destination_country,
    planned_departure, address_abroad, length_of_stay_days, contact_name, contact_phone,
    has_return_ticket, accommodation, labour_recommendation_letter, version, created_at,
    updated_at, reschedules)
VALUES ('a0', 'u1', 'p1', '3171011505900001', 'expired', FALSE, 'non_electronic', 'new', NULL,
    'same_day', 'work', 'MY', NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, 3,
    '2026-10-01 00:00:00', '2026-10-01 02:00:00', 0);
INSERT INTO applications (id, account_id, applicant_id, nik, status, active, passport_kind,
    application_kind, replacement_reason, service, travel_purpose, destination_country,
    planned_departure, address_abroad, length_of_stay_days, contact_name, contact_phone,
    has_return_ticket, accommodation, labour_recommendation_letter, version, created_at,
    updated_at, reschedules)
VALUES ('a2', 'u1', 'p2', '3171015505900002', 'draft', TRUE, 'electronic', 'new', NULL,
    'regular', 'study', 'AU', NULL, NULL, NULL, NULL, NULL, NULL, NULL, FALSE, 1,
    '2026-11-04 00:00:00', '2026-11-04 00:00:00', 0);
INSERT INTO application_history (id, application_id, status, note, at) VALUES
    ('h1', 'a1', 'draft', NULL, '2026-11-02 00:00:00'),
    ('h2', 'a1', 'awaiting_payment', NULL, '2026-11-02 01:00:00'),
    ('h3', 'a1', 'paid', 'paid at a bank', '2026-11-02 02:00:00'),
    ('h4', 'a0', 'expired', 'not paid within 2 hours', '2026-10-01 02:00:00'),
    ('h5', 'a2', 'draft', NULL, '2026-11-04 00:00:00');
INSERT INTO application_documents (application_id, kind, media_type, size_bytes, sha256,
    storage_key, uploaded_at) VALUES
    ('a1', 'identity_card', 'image/jpeg', 1024, 'aa', 'k1', '2026-11-02 00:10:00'),
    ('a1', 'family_card', 'application/pdf', 2048, 'bb', 'k2', '2026-11-02 00:11:00');
INSERT INTO bookings (id, session_id, channel, hold_deadline, released_at, created_at,
    application_id, billing_code, amount, offer) VALUES
    ('b1', 's1', 'regular', NULL, NULL, '2026-11-02 01:00:00', 'a1', '820261102000001',
        650000, FALSE),
    ('b0', 's1', 'same_day', '2026-10-01 02:00:00', '2026-10-01 02:00:00',
        '2026-10-01 00:00:00', 'a0', '820261001000001', 1350000, FALSE);
INSERT INTO payments (id, event_id, billing_code, amount, paid_at, status, application_id,
    received_at) VALUES ('pay1', 'e1', '820261102000001', 650000, '2026-11-02 02:00:00',
    'applied', 'a1', '2026-11-02 02:00:01');
INSERT INTO waitlist_entries (id, application_id, office_id, from_date, to_date, channel,
    status, created_at, updated_at) VALUES ('w1', 'a2', 'o1', '2026-11-26', '2026-11-30',
    'regular', 'waiting', '2026-11-04 00:00:00', '2026-11-04 00:00:00');
INSERT INTO devices (id, account_id, platform, token, token_hash, created_at, updated_at)
VALUES ('d1', 'u1', 'android', 'tok', 'hash-of-tok', '2026-11-01 00:00:00',
    '2026-11-01 00:00:00');
";

/// The tables whose rows the upgrade must keep, each with how many the fixture holds.
const KEPT: [(&str, i64); 11] = [
    ("users", 1),
    ("offices", 1),
    ("office_sessions", 1),
    ("applicants", 2),
    ("applications", 3),
    ("application_history", 5),
    ("application_documents", 2),
    ("bookings", 2),
    ("payments", 1),
    ("waitlist_entries", 1),
    ("devices", 1),
];

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

pub(super) fn count(conn: &mut DbConnection, table: &str) -> i64 {
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("counting {table}: {e}"))
        .n
}

/// Applies every migration before `version`, as an older release would have.
pub(super) fn migrate_before<DB, C>(conn: &mut C, source: EmbeddedMigrations, version: &str)
where
    DB: DieselBackend,
    C: MigrationHarness<DB>,
    EmbeddedMigrations: MigrationSource<DB>,
{
    // Creates diesel's table of applied versions, as a first run does.
    assert!(conn.applied_migrations().unwrap().is_empty());
    let mut migrations = MigrationSource::<DB>::migrations(&source).unwrap();
    migrations.sort_by_key(|m| m.name().version().to_string());
    let older = migrations
        .iter()
        .filter(|m| m.name().version().to_string().as_str() < version);
    for migration in older {
        conn.run_migration(&**migration).unwrap();
    }
}

/// A column of a table as SQLite describes it.
#[derive(Debug, PartialEq, Eq, QueryableByName)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    column_type: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
    #[diesel(sql_type = Nullable<Text>)]
    default_value: Option<String>,
    #[diesel(sql_type = Integer)]
    pk: i32,
}

/// A table's columns, foreign keys and indexes, as SQLite describes them.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Shape {
    columns: Vec<ColumnInfo>,
    foreign_keys: Vec<String>,
    indexes: Vec<String>,
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

fn lines(conn: &mut SqliteConnection, query: &str) -> Vec<String> {
    let mut lines: Vec<String> = diesel::sql_query(query)
        .load::<Line>(conn)
        .unwrap()
        .into_iter()
        .map(|line| line.line)
        .collect();
    lines.sort();
    lines
}

pub(super) fn shape(conn: &mut SqliteConnection, table: &str) -> Shape {
    let columns = diesel::sql_query(format!(
        "SELECT name, type AS column_type, \"notnull\" AS not_null, dflt_value AS \
         default_value, pk FROM pragma_table_info('{table}') ORDER BY cid"
    ))
    .load(conn)
    .unwrap();
    let foreign_keys = lines(
        conn,
        &format!(
            "SELECT \"from\" || '->' || \"table\" || '.' || coalesce(\"to\", '') || ' ' || \
             on_delete AS line FROM pragma_foreign_key_list('{table}')"
        ),
    );
    // Each index with its columns, uniqueness, origin and (for a partial one) its SQL.
    let indexes = lines(
        conn,
        &format!(
            "SELECT l.name || ' unique=' || l.\"unique\" || ' origin=' || l.origin || \
             ' partial=' || l.partial || ' ' || coalesce(m.sql, '') || ' (' || \
             (SELECT group_concat(name, ',') FROM pragma_index_info(l.name)) || ')' AS line \
             FROM pragma_index_list('{table}') AS l \
             LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = l.name"
        ),
    );
    Shape {
        columns,
        foreign_keys,
        indexes,
    }
}

/// What the upgrade must leave as it was: the rows, and that the rules still hold.
fn check_kept(conn: &mut DbConnection) {
    for (table, rows) in KEPT {
        assert_eq!(count(conn, table), rows, "rows of {table}");
    }
    let paid: (Option<String>, String, bool, i32, i32, Option<String>) = applications::table
        .find("a1")
        .select((
            applications::account_id,
            applications::status,
            applications::active,
            applications::version,
            applications::reschedules,
            applications::replacement_reason,
        ))
        .first(conn)
        .unwrap();
    assert_eq!(
        paid,
        (
            Some("u1".to_owned()),
            "paid".to_owned(),
            true,
            4,
            1,
            Some("expired".to_owned())
        )
    );
    let history = crate::applications::history(conn, "a1").unwrap();
    assert_eq!(
        history.iter().map(|entry| entry.status).collect::<Vec<_>>(),
        [
            ApplicationStatus::Draft,
            ApplicationStatus::AwaitingPayment,
            ApplicationStatus::Paid
        ]
    );
    assert_eq!(history[2].note.as_deref(), Some("paid at a bank"));
    let booking = crate::bookings::current_of_application(conn, "a1")
        .unwrap()
        .unwrap();
    assert_eq!(
        (booking.id.as_str(), booking.amount),
        ("b1", 650_000),
        "the paid booking"
    );
    assert_eq!(
        crate::applications::owner_of(conn, "a1")
            .unwrap()
            .as_deref(),
        Some("u1")
    );
}

/// An application row for `nik` of applicant `p2`'s or a new applicant's.
fn application_sql(id: &str, account: &str, applicant: &str, nik: &str, active: bool) -> String {
    format!(
        "INSERT INTO applications (id, account_id, applicant_id, nik, status, active, \
         passport_kind, application_kind, service, travel_purpose, destination_country, \
         labour_recommendation_letter, version, created_at, updated_at) VALUES ('{id}', \
         {account}, '{applicant}', '{nik}', 'draft', {active}, 'electronic', 'new', 'regular', \
         'tourism', 'JP', FALSE, 1, '2026-11-25 03:00:00', '2026-11-25 03:00:00')"
    )
}

fn is(error: &diesel::result::Error, kind: &diesel::result::DatabaseErrorKind) -> bool {
    matches!(error, diesel::result::Error::DatabaseError(k, _) if std::mem::discriminant(k) == std::mem::discriminant(kind))
}

/// What the upgrade adds: rows without an account, and walk-ins; and what it keeps
/// enforcing: one active application per NIK, and the foreign keys.
fn check_rules(conn: &mut DbConnection) {
    use diesel::result::DatabaseErrorKind::{ForeignKeyViolation, UniqueViolation};

    // The first person has an active application: a second active one is refused, an
    // inactive one is not.
    let second = conn.batch_execute(&application_sql(
        "a3",
        "'u1'",
        "p1",
        "3171011505900001",
        true,
    ));
    assert!(is(&second.unwrap_err(), &UniqueViolation));
    conn.batch_execute(&application_sql(
        "a4",
        "'u1'",
        "p1",
        "3171011505900001",
        false,
    ))
    .unwrap();
    // Nor may an application name an applicant that does not exist.
    let dangling = conn.batch_execute(&application_sql(
        "a5",
        "NULL",
        "nobody",
        "3171012505900003",
        true,
    ));
    assert!(is(&dangling.unwrap_err(), &ForeignKeyViolation));

    // A walk-in: an applicant and an application of no account, and its walk-in row.
    conn.batch_execute(
        "INSERT INTO applicants (id, account_id, nik, full_name, place_of_birth, birth_date, \
         sex, address, father_name, mother_name, marital_status, dual_citizen_child, \
         previous_passport_number, guardian_nik, created_at, updated_at) VALUES ('p3', NULL, \
         '3171012505600003', 'Oma', 'Bangka', '1960-05-25', 'female', 'Jl. 3', 'A', 'B', \
         'widowed', FALSE, NULL, NULL, '2026-11-25 03:00:00', '2026-11-25 03:00:00')",
    )
    .unwrap();
    conn.batch_execute(&application_sql(
        "a6",
        "NULL",
        "p3",
        "3171012505600003",
        true,
    ))
    .unwrap();
    let registered_at = Utc.with_ymd_and_hms(2026, 11, 25, 3, 0, 0).unwrap();
    let visit_date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    walk_ins::insert(
        conn,
        &NewWalkIn {
            application_id: "a6",
            office_id: "o1",
            visit_date,
            kind: WalkInKind::Priority,
            grounds: &[PriorityGround::Elderly],
            disaster: false,
            examination_reference: None,
            registered_by: "officer-1",
            registered_at,
        },
    )
    .unwrap();
    let walk_in = walk_ins::find(conn, "a6").unwrap().unwrap();
    assert_eq!(walk_in.applicant_id, "p3");
    assert_eq!(walk_in.grounds, [PriorityGround::Elderly]);
    assert_eq!(walk_in.status, ApplicationStatus::Draft);
    assert_eq!(walk_in.full_name, "Oma");
    assert!(walk_in.applicant.married);
    assert_eq!(walk_in.registered_at, registered_at);
    let (day, total) = walk_ins::list_of_day(conn, "o1", visit_date, 0, 10).unwrap();
    assert_eq!((day.len(), total), (1, 1));
    assert_eq!(crate::applications::owner_of(conn, "a6").unwrap(), None);
    assert_eq!(
        crate::applications::active_for_nik(conn, "3171012505600003").unwrap(),
        Some(("a6".to_owned(), None))
    );
}

#[test]
fn sqlite_keeps_every_row_index_and_rule() {
    let dir = std::env::temp_dir().join(format!("paspor-upgrade-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("paspor.db").display());

    let DbConnection::Sqlite(mut old) = establish(&url).unwrap() else {
        unreachable!("an SQLite URL")
    };
    migrate_before(&mut old, SQLITE, WALK_INS);
    old.batch_execute(FIXTURE).unwrap();
    let before = [
        shape(&mut old, "applicants"),
        shape(&mut old, "applications"),
    ];
    drop(old);

    let report = run_migrations(&url).unwrap();
    assert!(report.applied.iter().any(|version| version == WALK_INS));

    let mut conn = establish(&url).unwrap();
    check_kept(&mut conn);
    let DbConnection::Sqlite(sqlite) = &mut conn else {
        unreachable!("an SQLite URL")
    };
    // Identical tables, but for `account_id` that may now be null, and the indexes, columns
    // and foreign keys later migrations add.
    let later_indexes = ["applications_nik"];
    let later_columns = ["validity_years", "office_id"];
    for (table, mut expected) in ["applicants", "applications"].into_iter().zip(before) {
        for column in &mut expected.columns {
            if column.name == "account_id" {
                assert_eq!(column.not_null, 1, "{table} before");
                column.not_null = 0;
            }
        }
        let mut after = shape(sqlite, table);
        after
            .indexes
            .retain(|index| !later_indexes.iter().any(|later| index.starts_with(later)));
        after
            .columns
            .retain(|column| !later_columns.contains(&column.name.as_str()));
        after
            .foreign_keys
            .retain(|key| !later_columns.iter().any(|later| key.starts_with(later)));
        assert_eq!(after, expected, "{table}");
    }
    let violations = lines(
        sqlite,
        "SELECT \"table\" || ' ' || rowid AS line FROM pragma_foreign_key_check",
    );
    assert_eq!(violations, Vec::<String>::new());
    check_rules(&mut conn);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn postgres_keeps_every_row_and_rule() {
    on_postgres("the walk-ins upgrade", |url| {
        let DbConnection::Postgresql(mut old) = establish(url).unwrap() else {
            unreachable!("a PostgreSQL URL")
        };
        migrate_before(&mut old, POSTGRES, WALK_INS);
        old.batch_execute(FIXTURE).unwrap();
        drop(old);

        let report = run_migrations(url).unwrap();
        assert!(report.applied.iter().any(|version| version == WALK_INS));
        let mut conn = establish(url).unwrap();
        check_kept(&mut conn);
        check_rules(&mut conn);
    });
}
