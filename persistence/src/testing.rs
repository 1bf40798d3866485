//! For this crate's own tests: a database of the test's own on each backend (a temporary
//! SQLite file; a fresh PostgreSQL database on `TEST_DATABASE_URL`, skipped loudly when
//! none answers unless `REQUIRE_POSTGRES=1`), migrated and seeded, with an account and its
//! drafts made through the crate's own functions.

use std::io::Write as _;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use diesel::PgConnection;
use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_domain::{
    ApplicationKind, Channel, CountryCode, MaritalStatus, Nik, PassportKind, Service, Sex,
    TravelPurpose, builtin_schedules,
};

use crate::accounts::users::{self, NewUser};
use crate::applicants::{self, NewApplicant};
use crate::applications::{self, DraftContent};
use crate::places::{self, NewBooking, PlaceError};
use crate::schema::office_sessions;
use crate::seed::PANGKALPINANG;
use crate::{DbConnection, sessions, waitlist, write_transaction};
use crate::{DbPool, PoolSettings, StoreError, connect_pool, offices, run_migrations, seed};

/// The instant the fixtures are made at: Wednesday 25 November 2026, 10:00 WIB.
pub(crate) fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
        .expect("an instant")
        .to_utc()
}

/// Runs `test` on a new SQLite database; the file goes with it.
pub(crate) fn on_sqlite(test: impl FnOnce(&str)) {
    let dir = std::env::temp_dir().join(format!("paspor-test-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let url = format!("sqlite://{}", dir.join("paspor.db").display());
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&url)));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Runs `test` on a new PostgreSQL database, dropped afterwards; without a server it says
/// SKIPPED (or fails under `REQUIRE_POSTGRES=1`).
pub(crate) fn on_postgres(label: &str, test: impl FnOnce(&str)) {
    let admin_url = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test?sslmode=disable".to_owned());
    let mut admin = match PgConnection::establish(&admin_url) {
        Ok(admin) => admin,
        Err(error) => {
            let required = std::env::var("REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
            assert!(!required, "REQUIRE_POSTGRES=1 but {admin_url}: {error}");
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED {label} on PostgreSQL: {admin_url} does not answer ({error}) ***"
            );
            return;
        }
    };
    let name = format!("paspor_unit_{}", uuid::Uuid::now_v7().simple());
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a test database");
    // The same server and settings (`?sslmode=…`), another database.
    let (base, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
    let server = &base[..base.rfind('/').unwrap_or(base.len())];
    let url = match query {
        "" => format!("{server}/{name}"),
        query => format!("{server}/{name}?{query}"),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&url)));
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// A migrated, seeded database with the seed office's sessions and one applicant account.
pub(crate) struct Fixture {
    pub(crate) pool: DbPool,
    pub(crate) account: String,
    /// The first session of Thursday 26 November 2026 at the seed office.
    pub(crate) session: String,
    /// The second session of that day.
    pub(crate) other_session: String,
    drafts: usize,
}

impl Fixture {
    /// The fixture on the database at `url`, with a pool of `connections`.
    pub(crate) fn new(url: &str, connections: u32) -> Fixture {
        run_migrations(url).expect("migrations");
        let settings = PoolSettings {
            max_size: connections,
            ..PoolSettings::default()
        };
        let (pool, _) = connect_pool(url, settings).expect("a pool");
        let mut conn = pool.get().expect("a connection");
        let now = start();
        seed::seed(&mut conn, &builtin_schedules(), &["launch".to_owned()], now).expect("seed");
        let office = offices::find(&mut conn, PANGKALPINANG)
            .expect("the seed office")
            .expect("the seed office");
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date");
        sessions::materialise(&mut conn, &office, day, day + TimeDelta::days(1), now)
            .expect("sessions");
        let ids: Vec<String> = office_sessions::table
            .filter(office_sessions::office_id.eq(PANGKALPINANG))
            .filter(office_sessions::session_date.eq(day))
            .order(office_sessions::starts_minute.asc())
            .select(office_sessions::id)
            .load(&mut conn)
            .expect("the day's sessions");
        let account = users::insert(
            &mut conn,
            &NewUser {
                email: "warga@example.com",
                phone: "+6281234567890",
                full_name: "Siti Aminah",
                password_hash: "not a hash: nobody signs in here",
                role: Role::Applicant,
                office_id: None,
                verified: true,
                language: crate::accounts::DEFAULT_LANGUAGE,
            },
            now,
        )
        .expect("an account");
        Fixture {
            pool,
            account,
            session: ids[0].clone(),
            other_session: ids[1].clone(),
            drafts: 0,
        }
    }

    /// Sets a session's regular capacity.
    pub(crate) fn set_regular_capacity(&self, session: &str, places: i32) {
        let mut conn = self.pool.get().expect("a connection");
        diesel::update(office_sessions::table.find(session))
            .set(office_sessions::capacity_regular.eq(places))
            .execute(&mut conn)
            .expect("the capacity set");
    }

    /// Books `draft` into `session` on `channel` with billing code `code`, its hold due at
    /// `deadline`, at the fixtures' start.
    pub(crate) fn book(
        &self,
        conn: &mut DbConnection,
        draft: &str,
        (session, channel): (&str, Channel),
        code: &str,
        deadline: DateTime<Utc>,
    ) {
        let now = start();
        write_transaction(conn, |conn| {
            let draft = applications::lock(conn, draft)?.expect("the draft");
            let new = NewBooking {
                session_id: session,
                channel,
                billing_code: code,
                amount: 650_000,
                deadline,
                held_until: None,
            };
            let pending = places::book(conn, &draft, &new, now)?;
            places::confirm(conn, pending, now)?;
            Ok::<_, PlaceError>(())
        })
        .expect("a booking");
    }

    /// Puts `draft` in line for the day of `session` on the regular channel, and offers it
    /// a place in `session` until `until`, at `now`.
    pub(crate) fn offer(
        &self,
        conn: &mut DbConnection,
        draft: &str,
        session: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) {
        write_transaction(conn, |conn| {
            let found = sessions::find(conn, session)?.expect("the session");
            let draft = applications::lock(conn, draft)?.expect("the draft");
            let day = found.date;
            waitlist::join(
                conn,
                &draft,
                &found.office_id,
                (day, day),
                Channel::Regular,
                now,
            )?;
            let pending = places::offer(conn, &draft, session, Channel::Regular, until, now)?;
            places::confirm(conn, pending, now)?;
            Ok::<_, PlaceError>(())
        })
        .expect("an offer");
    }

    /// A new person of the account with a draft for them; returns the draft's id.
    pub(crate) fn draft(&mut self) -> String {
        self.drafts += 1;
        let mut conn = self.pool.get().expect("a connection");
        let nik = Nik::parse(&format!("317101150590{:04}", self.drafts)).expect("a NIK");
        let person = NewApplicant {
            nik: nik.clone(),
            full_name: "Budi Santoso".to_owned(),
            place_of_birth: "Jakarta".to_owned(),
            birth_date: NaiveDate::from_ymd_opt(1990, 5, 15).expect("a date"),
            sex: Sex::Male,
            address: "Jl. Merdeka 1, Pangkalpinang".to_owned(),
            father_name: "Santoso".to_owned(),
            mother_name: "Sri".to_owned(),
            marital_status: MaritalStatus::Single,
            dual_citizen_child: false,
            previous_passport_number: None,
            guardian_nik: None,
        };
        let now = start();
        let applicant =
            applicants::insert(&mut conn, &self.account, &person, now).expect("an applicant");
        write_transaction(&mut conn, |conn| {
            let draft = applications::insert_draft(
                conn,
                &self.account,
                &applicant,
                nik.as_str(),
                &content(),
                now,
            )
            .map_err(|error| StoreError::corrupt(error.to_string()))?;
            Ok::<_, StoreError>(draft.id().to_owned())
        })
        .expect("a draft")
    }
}

/// What every fixture draft declares: an e-passport for a trip to Japan.
fn content() -> DraftContent {
    DraftContent {
        passport_kind: PassportKind::Electronic,
        application_kind: ApplicationKind::New,
        service: Service::Regular,
        travel_purpose: TravelPurpose::Tourism,
        destination: CountryCode::parse("JP").expect("a country"),
        planned_departure: None,
        address_abroad: None,
        length_of_stay_days: None,
        contact_name: None,
        contact_phone: None,
        has_return_ticket: None,
        accommodation: None,
        labour_recommendation_letter: false,
        validity_years: None,
        office_id: None,
    }
}
