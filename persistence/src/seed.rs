//! The data a new installation starts with: real offices in each of Indonesia's three
//! time zones, their weekly session templates, and the built-in tariff schedules.
//!
//! Seeding runs at every start and only adds what is missing, so it is safe with several
//! processes and never overwrites what an operator changed.

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use paspor_domain::office::{Office, OpeningHours};
use paspor_domain::quota::SessionTemplate;
use paspor_domain::{
    Capacity, GeoPoint, OfficeKind, PriorityPolicy, ReleaseRule, ReleaseRules, TariffSchedule,
    TimeZone,
};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::transaction::{Turn, take_turns, write_transaction};
use crate::{offices, sessions, tariffs};

/// The id of the seed office Kantor Imigrasi Kelas I TPI Pangkalpinang.
pub const PANGKALPINANG: &str = "0193a000-0000-7000-8000-000000000001";
/// The id of the seed office Kantor Imigrasi Kelas II TPI Tanjung Pandan (WIB).
pub const TANJUNG_PANDAN: &str = "0193a000-0000-7000-8000-000000000002";
/// The id of the seed office Kantor Imigrasi Kelas I TPI Makassar (WITA).
pub const MAKASSAR: &str = "0193a000-0000-7000-8000-000000000003";
/// The id of the seed office Kantor Imigrasi Kelas I TPI Jayapura (WIT).
pub const JAYAPURA: &str = "0193a000-0000-7000-8000-000000000004";

/// What a seeding run added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedReport {
    /// Offices added (with their templates).
    pub offices: usize,
    /// Tariff schedules added.
    pub tariff_schedules: usize,
}

/// Adds the seed offices when there are none yet, and any built-in tariff schedule that is
/// missing (`enabled_schedules` says which start switched on).
pub fn seed(
    conn: &mut DbConnection,
    builtin_schedules: &[TariffSchedule],
    enabled_schedules: &[String],
    now: DateTime<Utc>,
) -> StoreResult<SeedReport> {
    let offices_added = write_transaction(conn, |conn| {
        take_turns(conn, Turn::Seed)?;
        if offices::count(conn)? > 0 {
            return Ok::<_, StoreError>(0);
        }
        let seeds = seed_offices()?;
        for (office, day) in &seeds {
            offices::insert(conn, office, now)?;
            for template in weekday_templates(&office.id, day) {
                sessions::insert_template(conn, &template)?;
            }
        }
        Ok(seeds.len())
    })?;
    let schedules: Vec<(TariffSchedule, bool)> = builtin_schedules
        .iter()
        .map(|s| (s.clone(), enabled_schedules.contains(&s.code)))
        .collect();
    let tariff_schedules = tariffs::ensure(conn, &schedules)?;
    Ok(SeedReport {
        offices: offices_added,
        tariff_schedules,
    })
}

/// One session of a seed office's working day: start, end, and places per channel.
struct SeedSession {
    starts: (u32, u32),
    ends: (u32, u32),
    capacity: Capacity,
}

/// A real office's day: 200 regular, 35 same-day and 50 priority places in four sessions.
fn standard_day() -> Vec<SeedSession> {
    let session = |starts, ends, regular, same_day, priority| SeedSession {
        starts,
        ends,
        capacity: Capacity {
            regular,
            same_day,
            priority,
            ..Capacity::default()
        },
    };
    vec![
        session((8, 0), (9, 30), 50, 9, 13),
        session((9, 30), (11, 0), 50, 9, 13),
        session((11, 0), (12, 0), 50, 9, 12),
        session((13, 0), (14, 30), 50, 8, 12),
    ]
}

/// A smaller office's day.
fn small_day() -> Vec<SeedSession> {
    standard_day()
        .into_iter()
        .map(|s| SeedSession {
            capacity: Capacity {
                regular: s.capacity.regular / 2,
                same_day: s.capacity.same_day / 3,
                priority: s.capacity.priority / 2,
                ..Capacity::default()
            },
            ..s
        })
        .collect()
}

fn weekday_templates(office_id: &str, day: &[SeedSession]) -> Vec<SessionTemplate> {
    let weekdays = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    weekdays
        .into_iter()
        .flat_map(|weekday| {
            day.iter().map(move |s| SessionTemplate {
                office_id: office_id.to_owned(),
                weekday,
                starts: hm(s.starts),
                ends: hm(s.ends),
                capacity: s.capacity,
            })
        })
        .collect()
}

fn hm((hour, minute): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

fn seed_offices() -> StoreResult<Vec<(Office, Vec<SeedSession>)>> {
    let friday_four_pm = ReleaseRule::Weekly {
        weekday: Weekday::Fri,
        time: hm((16, 0)),
    };
    let office = |id: &str,
                  name: &str,
                  class: &str,
                  address: &str,
                  city: &str,
                  province: &str,
                  (latitude, longitude): (f64, f64),
                  time_zone: TimeZone,
                  e_passport_available: bool,
                  release_rule: ReleaseRule|
     -> StoreResult<Office> {
        Ok(Office {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: OfficeKind::ImmigrationOffice,
            class: class.to_owned(),
            address: address.to_owned(),
            city: city.to_owned(),
            province: province.to_owned(),
            position: GeoPoint::new(latitude, longitude).map_err(StoreError::corrupt)?,
            time_zone,
            opening_hours: OpeningHours {
                opens: hm((8, 0)),
                closes: hm((16, 0)),
            },
            e_passport_available,
            electronic_only: false,
            release_rules: ReleaseRules::single(release_rule),
            priority_policy: PriorityPolicy::default(),
            // Pangkalpinang and Makassar deliver passports by post.
            delivers_by_post: id == PANGKALPINANG || id == MAKASSAR,
        })
    };
    Ok(vec![
        (
            office(
                PANGKALPINANG,
                "Kantor Imigrasi Kelas I TPI Pangkalpinang",
                "I TPI",
                "Jl. Jenderal Sudirman, Pangkalpinang",
                "Pangkalpinang",
                "Kepulauan Bangka Belitung",
                (-2.129_7, 106.113_8),
                TimeZone::Wib,
                true,
                friday_four_pm,
            )?,
            standard_day(),
        ),
        (
            office(
                TANJUNG_PANDAN,
                "Kantor Imigrasi Kelas II TPI Tanjung Pandan",
                "II TPI",
                "Jl. Jenderal Sudirman, Tanjung Pandan",
                "Tanjung Pandan",
                "Kepulauan Bangka Belitung",
                (-2.738_4, 107.634_7),
                TimeZone::Wib,
                true,
                friday_four_pm,
            )?,
            small_day(),
        ),
        (
            office(
                MAKASSAR,
                "Kantor Imigrasi Kelas I TPI Makassar",
                "I TPI",
                "Jl. Perintis Kemerdekaan Km. 13, Makassar",
                "Makassar",
                "Sulawesi Selatan",
                (-5.108_6, 119.493_8),
                TimeZone::Wita,
                true,
                ReleaseRule::Monthly {
                    day: 25,
                    time: hm((10, 0)),
                },
            )?,
            standard_day(),
        ),
        (
            office(
                JAYAPURA,
                "Kantor Imigrasi Kelas I TPI Jayapura",
                "I TPI",
                "Jl. Percetakan Negara, Jayapura",
                "Jayapura",
                "Papua",
                (-2.533_7, 140.718_1),
                TimeZone::Wit,
                false,
                ReleaseRule::DaysAhead {
                    days: 14,
                    time: hm((8, 0)),
                },
            )?,
            small_day(),
        ),
    ])
}
