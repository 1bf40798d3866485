//! The trafficking screening policy as versioned rows, and the screenings judged by it.
//!
//! A change of policy appends a version; the newest is in force. Neither versions nor
//! screenings are ever changed or removed (the database refuses both), so a screening's
//! version always names the policy that judged it.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{CountryCode, Indicator, ScreeningPolicy};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{screening_policies as policies, screenings};
use crate::time::{from_db, to_db};

/// One version of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersion {
    /// From 1 (the built-in default), one more per change.
    pub version: u32,
    pub policy: ScreeningPolicy,
    /// When it was put in force; `None` for the built-in default.
    pub created_at: Option<DateTime<Utc>>,
    /// The system admin who put it in force; `None` for the built-in default.
    pub created_by: Option<String>,
}

type PolicyRow = (
    i32,
    i32,
    i32,
    i32,
    String,
    Option<NaiveDateTime>,
    Option<String>,
);

macro_rules! policy_columns {
    () => {
        (
            policies::version,
            policies::watched_age_from,
            policies::watched_age_to,
            policies::long_tourist_stay_days,
            policies::watched_destinations,
            policies::created_at,
            policies::created_by,
        )
    };
}

fn number(value: i32, what: &str) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("screening {what} {value}")))
}

fn stored(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

fn policy_version(row: PolicyRow) -> StoreResult<PolicyVersion> {
    let (version, age_from, age_to, stay, destinations, created_at, created_by) = row;
    let watched_destinations = destinations
        .split(',')
        .filter(|code| !code.is_empty())
        .map(|code| CountryCode::parse(code).map_err(StoreError::corrupt))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(PolicyVersion {
        version: number(version, "policy version")?,
        policy: ScreeningPolicy {
            watched_age_from: number(age_from, "age")?,
            watched_age_to: number(age_to, "age")?,
            watched_destinations,
            long_tourist_stay_days: number(stay, "stay")?,
        },
        created_at: created_at.map(from_db),
        created_by,
    })
}

/// The version in force: the newest.
pub fn in_force(conn: &mut DbConnection) -> StoreResult<PolicyVersion> {
    let row: PolicyRow = policies::table
        .order(policies::version.desc())
        .select(policy_columns!())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::corrupt("no screening policy: the migration seeds one"))?;
    policy_version(row)
}

/// One version, if it exists.
pub fn version(conn: &mut DbConnection, version: u32) -> StoreResult<Option<PolicyVersion>> {
    policies::table
        .find(stored(version))
        .select(policy_columns!())
        .first::<PolicyRow>(conn)
        .optional()?
        .map(policy_version)
        .transpose()
}

/// A page of versions, newest first, and how many there are.
pub fn versions(
    conn: &mut DbConnection,
    page: u32,
    per_page: u32,
) -> StoreResult<(Vec<PolicyVersion>, i64)> {
    let total = policies::table.count().get_result::<i64>(conn)?;
    let rows: Vec<PolicyRow> = policies::table
        .order(policies::version.desc())
        .limit(i64::from(per_page))
        .offset(i64::from(page.saturating_sub(1)) * i64::from(per_page))
        .select(policy_columns!())
        .load(conn)?;
    let versions = rows
        .into_iter()
        .map(policy_version)
        .collect::<StoreResult<_>>()?;
    Ok((versions, total))
}

/// Appends `version` of the policy. Two changes that both read the same version in force
/// try to append the same next one: the database refuses the second
/// ([`StoreError::UniqueViolation`]), whichever process it came from.
pub fn append(
    conn: &mut DbConnection,
    version: u32,
    policy: &ScreeningPolicy,
    at: DateTime<Utc>,
    by: &str,
) -> StoreResult<()> {
    let destinations: Vec<&str> = policy
        .watched_destinations
        .iter()
        .map(CountryCode::as_str)
        .collect();
    diesel::insert_into(policies::table)
        .values((
            policies::version.eq(stored(version)),
            policies::watched_age_from.eq(stored(policy.watched_age_from)),
            policies::watched_age_to.eq(stored(policy.watched_age_to)),
            policies::long_tourist_stay_days.eq(stored(policy.long_tourist_stay_days)),
            policies::watched_destinations.eq(destinations.join(",")),
            policies::created_at.eq(Some(to_db(at))),
            policies::created_by.eq(Some(by)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A screening as recorded: what the policy of `policy_version` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningRecord {
    pub id: String,
    pub application_id: String,
    pub policy_version: u32,
    pub indicators: Vec<Indicator>,
    pub screened_at: DateTime<Utc>,
    /// The staff account that asked for it.
    pub screened_by: String,
}

type ScreeningRow = (String, String, i32, String, NaiveDateTime, String);

macro_rules! screening_columns {
    () => {
        (
            screenings::id,
            screenings::application_id,
            screenings::policy_version,
            screenings::indicators,
            screenings::screened_at,
            screenings::screened_by,
        )
    };
}

fn screening(row: ScreeningRow) -> StoreResult<ScreeningRecord> {
    let (id, application_id, policy_version, indicators, screened_at, screened_by) = row;
    Ok(ScreeningRecord {
        id,
        application_id,
        policy_version: number(policy_version, "policy version")?,
        indicators: serde_json::from_str(&indicators).map_err(StoreError::corrupt)?,
        screened_at: from_db(screened_at),
        screened_by,
    })
}

/// Records a screening.
pub fn record(conn: &mut DbConnection, screening: &ScreeningRecord) -> StoreResult<()> {
    let indicators = serde_json::to_string(&screening.indicators).map_err(StoreError::corrupt)?;
    diesel::insert_into(screenings::table)
        .values((
            screenings::id.eq(&screening.id),
            screenings::application_id.eq(&screening.application_id),
            screenings::policy_version.eq(stored(screening.policy_version)),
            screenings::indicators.eq(indicators),
            screenings::screened_at.eq(to_db(screening.screened_at)),
            screenings::screened_by.eq(&screening.screened_by),
        ))
        .execute(conn)?;
    Ok(())
}

/// A page of an application's screenings, newest first, and how many it has.
pub fn of_application(
    conn: &mut DbConnection,
    application_id: &str,
    page: u32,
    per_page: u32,
) -> StoreResult<(Vec<ScreeningRecord>, i64)> {
    let total = screenings::table
        .filter(screenings::application_id.eq(application_id))
        .count()
        .get_result::<i64>(conn)?;
    let rows: Vec<ScreeningRow> = screenings::table
        .filter(screenings::application_id.eq(application_id))
        .order((screenings::screened_at.desc(), screenings::id.desc()))
        .limit(i64::from(per_page))
        .offset(i64::from(page.saturating_sub(1)) * i64::from(per_page))
        .select(screening_columns!())
        .load(conn)?;
    let records = rows
        .into_iter()
        .map(screening)
        .collect::<StoreResult<_>>()?;
    Ok((records, total))
}

/// One screening, if it exists.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ScreeningRecord>> {
    screenings::table
        .find(id)
        .select(screening_columns!())
        .first::<ScreeningRow>(conn)
        .optional()?
        .map(screening)
        .transpose()
}
