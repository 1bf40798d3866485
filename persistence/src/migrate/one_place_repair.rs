//! Upgrading through 000018 (one place per application) a database in which concurrent
//! bookings of one draft each took a place, as the version before could leave it: every
//! application keeps one live booking, the paid one or else the earliest; the others are
//! given back, each with an audit record by the system; offers and released bookings are
//! left alone; and from then on the database refuses a second live booking. On both
//! backends.

use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::walk_ins_upgrade::{FIXTURE, count, migrate_before};
use super::{POSTGRES, SQLITE, run_migrations};
use crate::connection::{DbConnection, establish};
use crate::testing::{on_postgres, on_sqlite};

/// The version of the migration under test.
const ONE_PLACE: &str = "20261206000018";

/// On top of the walk-ins fixture (a1 paid with its paid booking b1; a0 expired, b0 given
/// back; a2 a draft): two more holds of a1, after its paid one; a third person whose
/// application awaits payment with two holds, the second made first; an offer to a2.
const DUPLICATES: &str = "
INSERT INTO applicants (id, account_id, nik, full_name, place_of_birth, birth_date, sex,
    address, father_name, mother_name, marital_status, dual_citizen_child,
    previous_passport_number, guardian_nik, created_at, updated_at)
VALUES ('p3', 'u1', '3171011505900003', 'Adi', 'Jakarta', '1990-05-15', 'male', 'Jl. 2',
    'Santoso', 'Sri', 'single', FALSE, NULL, NULL, '2026-11-01 00:00:00',
    '2026-11-01 00:00:00');
INSERT INTO applications (id, account_id, applicant_id, nik, status, active, passport_kind,
    application_kind, replacement_reason, service, travel_purpose, destination_country,
    planned_departure, address_abroad, length_of_stay_days, contact_name, contact_phone,
    has_return_ticket, accommodation, labour_recommendation_letter, version, created_at,
    updated_at, reschedules)
VALUES ('a3', 'u1', 'p3', '3171011505900003', 'awaiting_payment', TRUE, 'electronic', 'new',
    NULL, 'regular', 'tourism', 'JP', NULL, NULL, NULL, NULL, NULL, NULL, NULL, FALSE, 2,
    '2026-11-05 00:00:00', '2026-11-05 00:00:00', 0);
INSERT INTO bookings (id, session_id, channel, hold_deadline, released_at, created_at,
    application_id, billing_code, amount, offer) VALUES
    ('b2', 's1', 'regular', '2026-11-02 03:00:00', NULL, '2026-11-02 01:00:01', 'a1',
        '820261102000002', 650000, FALSE),
    ('b3', 's1', 'regular', '2026-11-02 03:00:00', NULL, '2026-11-02 01:00:02', 'a1',
        '820261102000003', 650000, FALSE),
    ('b4', 's1', 'regular', '2026-11-05 03:00:00', NULL, '2026-11-05 01:00:00', 'a3',
        '820261105000004', 650000, FALSE),
    ('b5', 's1', 'regular', '2026-11-05 02:30:00', NULL, '2026-11-05 00:30:00', 'a3',
        '820261105000005', 650000, FALSE),
    ('b6', 's1', 'regular', '2026-11-04 00:15:00', NULL, '2026-11-04 00:00:00', 'a2',
        NULL, NULL, TRUE);
";

#[derive(QueryableByName)]
struct Booking {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Bool)]
    released: bool,
}

#[derive(QueryableByName)]
struct Audit {
    #[diesel(sql_type = Text)]
    object_id: String,
    #[diesel(sql_type = Text)]
    office_id: String,
    #[diesel(sql_type = Text)]
    actor_id: String,
}

fn check_repaired(conn: &mut DbConnection) {
    let bookings: Vec<Booking> = diesel::sql_query(
        "SELECT id, released_at IS NOT NULL AS released FROM bookings ORDER BY id",
    )
    .load(conn)
    .unwrap();
    let released: Vec<(&str, bool)> = bookings
        .iter()
        .map(|booking| (booking.id.as_str(), booking.released))
        .collect();
    assert_eq!(
        released,
        [
            ("b0", true),
            ("b1", false),
            ("b2", true),
            ("b3", true),
            ("b4", true),
            ("b5", false),
            ("b6", false)
        ],
        "a1 keeps its paid place, a3 its earliest hold, a2 its offer",
    );
    let audits: Vec<Audit> = diesel::sql_query(
        "SELECT object_id, office_id, actor_id FROM audit_records \
         WHERE action = 'booking.release_duplicate' ORDER BY object_id",
    )
    .load(conn)
    .unwrap();
    let audited: Vec<&str> = audits.iter().map(|a| a.object_id.as_str()).collect();
    assert_eq!(audited, ["b2", "b3", "b4"]);
    assert!(
        audits
            .iter()
            .all(|a| a.office_id == "o1" && a.actor_id == "system")
    );
    assert_eq!(count(conn, "bookings"), 7, "nothing deleted");

    // From here on the database allows one live booking per application.
    let second = conn.batch_execute(
        "INSERT INTO bookings (id, session_id, channel, hold_deadline, released_at, created_at,
            application_id, billing_code, amount, offer)
         VALUES ('b7', 's1', 'regular', NULL, NULL, '2026-11-06 00:00:00', 'a1',
            '820261106000007', 650000, FALSE)",
    );
    assert!(second.is_err(), "a second live booking of a1 is refused");
    // A given-back booking does not count: a0's place is free to take again.
    conn.batch_execute(
        "INSERT INTO bookings (id, session_id, channel, hold_deadline, released_at, created_at,
            application_id, billing_code, amount, offer)
         VALUES ('b8', 's1', 'regular', NULL, NULL, '2026-11-06 00:00:00', 'a0',
            '820261106000008', 650000, FALSE)",
    )
    .expect("a0 held nothing live");
}

fn upgrade(url: &str) {
    match establish(url).unwrap() {
        DbConnection::Sqlite(mut old) => {
            migrate_before(&mut old, SQLITE, ONE_PLACE);
            old.batch_execute(FIXTURE).unwrap();
            old.batch_execute(DUPLICATES).unwrap();
        }
        DbConnection::Postgresql(mut old) => {
            migrate_before(&mut old, POSTGRES, ONE_PLACE);
            old.batch_execute(FIXTURE).unwrap();
            old.batch_execute(DUPLICATES).unwrap();
        }
    }
    let report = run_migrations(url).unwrap();
    assert!(report.applied.iter().any(|version| version == ONE_PLACE));
    check_repaired(&mut establish(url).unwrap());
}

#[test]
fn sqlite_gives_back_the_extra_places_and_keeps_one() {
    on_sqlite(upgrade);
}

#[test]
fn postgres_gives_back_the_extra_places_and_keeps_one() {
    on_postgres("the one-place repair", upgrade);
}
