//! Offices: reading them as domain values, adding them (seed data, system admins), and
//! changing them (office and system admins).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use paspor_domain::office::{Office, OpeningHours};
use paspor_domain::{GeoPoint, PriorityPolicy};

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::release_rules;
use crate::schema::offices;
use crate::time::{minute_to_time, time_to_minute, to_db};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = offices)]
struct OfficeRow {
    id: String,
    name: String,
    kind: String,
    office_class: String,
    address: String,
    city: String,
    province: String,
    latitude_e6: i32,
    longitude_e6: i32,
    time_zone: String,
    opens_minute: i32,
    closes_minute: i32,
    e_passport_available: bool,
    electronic_only: bool,
    release_rules: String,
    priority_child_under_age: i32,
    priority_elderly_from_age: i32,
    priority_pregnant: bool,
    priority_breastfeeding: bool,
    priority_disability: bool,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    delivers_by_post: bool,
}

/// Every office, by name.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<Office>> {
    offices::table
        .order((offices::name.asc(), offices::id.asc()))
        .select(OfficeRow::as_select())
        .load(conn)?
        .into_iter()
        .map(OfficeRow::into_domain)
        .collect()
}

/// One office, if it exists.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<Office>> {
    offices::table
        .find(id)
        .select(OfficeRow::as_select())
        .first(conn)
        .optional()?
        .map(OfficeRow::into_domain)
        .transpose()
}

/// How many offices exist.
pub fn count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(offices::table.count().get_result(conn)?)
}

/// Adds an office.
pub fn insert(conn: &mut DbConnection, office: &Office, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::insert_into(offices::table)
        .values(OfficeRow::from_domain(office, now))
        .execute(conn)?;
    Ok(())
}

/// Stores every descriptive field and policy of an existing office; false when there is no
/// such office. Call inside the write transaction that read it under [`lock`].
pub fn update(
    conn: &mut DbConnection,
    office: &Office,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let row = OfficeRow::from_domain(office, now);
    let updated = diesel::update(offices::table.find(&office.id))
        .set((
            offices::name.eq(row.name),
            offices::kind.eq(row.kind),
            offices::office_class.eq(row.office_class),
            offices::address.eq(row.address),
            offices::city.eq(row.city),
            offices::province.eq(row.province),
            offices::latitude_e6.eq(row.latitude_e6),
            offices::longitude_e6.eq(row.longitude_e6),
            offices::time_zone.eq(row.time_zone),
            offices::opens_minute.eq(row.opens_minute),
            offices::closes_minute.eq(row.closes_minute),
            offices::e_passport_available.eq(row.e_passport_available),
            offices::electronic_only.eq(row.electronic_only),
            offices::delivers_by_post.eq(row.delivers_by_post),
            offices::release_rules.eq(row.release_rules),
            offices::priority_child_under_age.eq(row.priority_child_under_age),
            offices::priority_elderly_from_age.eq(row.priority_elderly_from_age),
            offices::priority_pregnant.eq(row.priority_pregnant),
            offices::priority_breastfeeding.eq(row.priority_breastfeeding),
            offices::priority_disability.eq(row.priority_disability),
            offices::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(Conditional::of_rows(updated))
}

/// Inside a write transaction, makes concurrent changes of one office take turns until the
/// transaction ends (in any process), so that two admins' read-change-write cycles cannot
/// lose each other's change. SQLite's `BEGIN IMMEDIATE` has already serialised writers.
pub fn lock(conn: &mut DbConnection, id: &str) -> StoreResult<()> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM offices WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(id)
            .execute(pg)?;
    }
    Ok(())
}

fn micro_degrees(degrees: f64) -> i32 {
    // Bounded by GeoPoint to ±180°, i.e. ±180,000,000, well inside i32.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "bounded by GeoPoint's range check"
    )]
    let value = (degrees * 1e6).round() as i32;
    value
}

fn int(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

pub(crate) fn uint(value: i32, what: &str) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("{what} {value}")))
}

impl OfficeRow {
    fn from_domain(office: &Office, now: DateTime<Utc>) -> OfficeRow {
        let policy = &office.priority_policy;
        OfficeRow {
            id: office.id.clone(),
            name: office.name.clone(),
            kind: office.kind.as_str().to_owned(),
            office_class: office.class.clone(),
            address: office.address.clone(),
            city: office.city.clone(),
            province: office.province.clone(),
            latitude_e6: micro_degrees(office.position.latitude),
            longitude_e6: micro_degrees(office.position.longitude),
            time_zone: office.time_zone.as_str().to_owned(),
            opens_minute: time_to_minute(office.opening_hours.opens),
            closes_minute: time_to_minute(office.opening_hours.closes),
            e_passport_available: office.e_passport_available,
            electronic_only: office.electronic_only,
            release_rules: release_rules::to_text(&office.release_rules),
            priority_child_under_age: int(policy.child_under_age),
            priority_elderly_from_age: int(policy.elderly_from_age),
            priority_pregnant: policy.pregnant,
            priority_breastfeeding: policy.breastfeeding,
            priority_disability: policy.disability,
            created_at: to_db(now),
            updated_at: to_db(now),
            delivers_by_post: office.delivers_by_post,
        }
    }

    fn into_domain(self) -> StoreResult<Office> {
        let position = GeoPoint::new(
            f64::from(self.latitude_e6) / 1e6,
            f64::from(self.longitude_e6) / 1e6,
        )
        .map_err(StoreError::corrupt)?;
        let release_rules = release_rules::from_text(&self.release_rules)?;
        Ok(Office {
            kind: self.kind.parse().map_err(StoreError::corrupt)?,
            time_zone: self.time_zone.parse().map_err(StoreError::corrupt)?,
            opening_hours: OpeningHours {
                opens: minute_to_time(self.opens_minute)?,
                closes: minute_to_time(self.closes_minute)?,
            },
            priority_policy: PriorityPolicy {
                child_under_age: uint(self.priority_child_under_age, "child age")?,
                elderly_from_age: uint(self.priority_elderly_from_age, "elderly age")?,
                pregnant: self.priority_pregnant,
                breastfeeding: self.priority_breastfeeding,
                disability: self.priority_disability,
            },
            id: self.id,
            name: self.name,
            class: self.office_class,
            address: self.address,
            city: self.city,
            province: self.province,
            position,
            e_passport_available: self.e_passport_available,
            electronic_only: self.electronic_only,
            release_rules,
            delivers_by_post: self.delivers_by_post,
        })
    }
}
