//! Tariff schedules as data: each a named, effective-dated set of prices, switched on or
//! off by an operator (at start, from the configuration) or a system admin (through the
//! API). A change of regulation is a new schedule, not a code change.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use paspor_domain::{Rupiah, TariffItem, TariffSchedule};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{applied_settings, tariff_prices, tariff_schedules};
use crate::time::to_db;
use crate::transaction::{Turn, require_transaction, take_turns, write_transaction};

/// A stored schedule and whether it is switched on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSchedule {
    /// The schedule.
    pub schedule: TariffSchedule,
    /// Whether quotes may come from it.
    pub enabled: bool,
}

/// Stores each given schedule that is not stored yet (by code), switched on or off as
/// given. Schedules already stored are left as an operator may have changed them.
pub fn ensure(conn: &mut DbConnection, schedules: &[(TariffSchedule, bool)]) -> StoreResult<usize> {
    write_transaction(conn, |conn| {
        let mut added = 0;
        for (schedule, enabled) in schedules {
            let exists: i64 = tariff_schedules::table
                .filter(tariff_schedules::code.eq(&schedule.code))
                .count()
                .get_result(conn)?;
            if exists > 0 {
                continue;
            }
            diesel::insert_into(tariff_schedules::table)
                .values((
                    tariff_schedules::code.eq(&schedule.code),
                    tariff_schedules::name.eq(&schedule.name),
                    tariff_schedules::effective_from.eq(schedule.effective_from),
                    tariff_schedules::enabled.eq(enabled),
                ))
                .execute(conn)?;
            for (item, amount) in &schedule.prices {
                diesel::insert_into(tariff_prices::table)
                    .values((
                        tariff_prices::schedule_code.eq(&schedule.code),
                        tariff_prices::item.eq(item.as_str()),
                        tariff_prices::amount.eq(amount),
                    ))
                    .execute(conn)?;
            }
            added += 1;
        }
        Ok(added)
    })
}

/// A schedule code that names no stored schedule.
#[derive(Debug, thiserror::Error)]
pub enum SwitchError {
    /// The code is unknown.
    #[error("no tariff schedule has the code {0:?}")]
    UnknownSchedule(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for SwitchError {
    fn from(error: diesel::result::Error) -> Self {
        SwitchError::Store(StoreError::from(error))
    }
}

/// Switches on exactly the schedules named, and off every other.
pub fn switch_on_only(conn: &mut DbConnection, codes: &[String]) -> Result<(), SwitchError> {
    write_transaction(conn, |conn| set_enabled(conn, codes))
}

/// Inside a write transaction: waits until no other transaction is switching schedules, so
/// that what was in force before a switch (for its audit record) and the switch are read
/// and written as one, in this process and any other.
pub fn take_turn(conn: &mut DbConnection) -> StoreResult<()> {
    require_transaction(conn, "switching tariff schedules")?;
    take_turns(conn, Turn::Tariffs)?;
    Ok(())
}

/// Inside the caller's write transaction: switches on exactly the schedules named, and off
/// every other; refuses an unknown code without changing anything.
pub fn set_enabled(conn: &mut DbConnection, codes: &[String]) -> Result<(), SwitchError> {
    let known: Vec<String> = tariff_schedules::table
        .select(tariff_schedules::code)
        .load(conn)?;
    if let Some(unknown) = codes.iter().find(|code| !known.contains(code)) {
        return Err(SwitchError::UnknownSchedule(unknown.clone()));
    }
    diesel::update(tariff_schedules::table)
        .set(tariff_schedules::enabled.eq(false))
        .execute(conn)?;
    diesel::update(tariff_schedules::table.filter(tariff_schedules::code.eq_any(codes)))
        .set(tariff_schedules::enabled.eq(true))
        .execute(conn)?;
    Ok(())
}

/// The name under which the switch taken from the environment is remembered.
const CONFIGURED_SWITCH: &str = "tariff_schedules";

/// Applies the switch an operator configured (`PASPOR_TARIFF_SCHEDULES`) at start, only when
/// it differs from the one last applied from the configuration: a deployment that changes
/// the variable means it, while a restart with the same variable must not undo what a
/// system admin switched since through the API. Returns whether it was applied. Several
/// processes starting at once take turns.
pub fn apply_configured(
    conn: &mut DbConnection,
    codes: &[String],
    now: DateTime<Utc>,
) -> Result<bool, SwitchError> {
    let value = codes.join(",");
    write_transaction(conn, |conn| {
        take_turns(conn, Turn::Seed)?;
        let last: Option<String> = applied_settings::table
            .find(CONFIGURED_SWITCH)
            .select(applied_settings::value)
            .first(conn)
            .optional()?;
        if last.as_deref() == Some(value.as_str()) {
            return Ok(false);
        }
        set_enabled(conn, codes)?;
        if last.is_some() {
            diesel::update(applied_settings::table.find(CONFIGURED_SWITCH))
                .set((
                    applied_settings::value.eq(&value),
                    applied_settings::applied_at.eq(to_db(now)),
                ))
                .execute(conn)?;
        } else {
            diesel::insert_into(applied_settings::table)
                .values((
                    applied_settings::name.eq(CONFIGURED_SWITCH),
                    applied_settings::value.eq(&value),
                    applied_settings::applied_at.eq(to_db(now)),
                ))
                .execute(conn)?;
        }
        Ok(true)
    })
}

/// The codes of the schedules switched on, in code order.
pub fn enabled_codes(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    Ok(tariff_schedules::table
        .filter(tariff_schedules::enabled.eq(true))
        .order(tariff_schedules::code.asc())
        .select(tariff_schedules::code)
        .load(conn)?)
}

/// Every stored schedule with its prices, oldest first.
pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<StoredSchedule>> {
    let heads: Vec<(String, String, NaiveDate, bool)> = tariff_schedules::table
        .order((
            tariff_schedules::effective_from.asc(),
            tariff_schedules::code.asc(),
        ))
        .select((
            tariff_schedules::code,
            tariff_schedules::name,
            tariff_schedules::effective_from,
            tariff_schedules::enabled,
        ))
        .load(conn)?;
    let prices: Vec<(String, String, i64)> = tariff_prices::table
        .order((
            tariff_prices::schedule_code.asc(),
            tariff_prices::item.asc(),
        ))
        .select((
            tariff_prices::schedule_code,
            tariff_prices::item,
            tariff_prices::amount,
        ))
        .load(conn)?;
    heads
        .into_iter()
        .map(|(code, name, effective_from, enabled)| {
            let prices = prices
                .iter()
                .filter(|(schedule, _, _)| *schedule == code)
                .map(|(_, item, amount)| {
                    let item: TariffItem = item.parse().map_err(StoreError::corrupt)?;
                    Ok((item, Rupiah::from(*amount)))
                })
                .collect::<StoreResult<Vec<_>>>()?;
            Ok(StoredSchedule {
                schedule: TariffSchedule {
                    code,
                    name,
                    effective_from,
                    prices,
                },
                enabled,
            })
        })
        .collect()
}

/// The schedules switched on.
pub fn enabled(conn: &mut DbConnection) -> StoreResult<Vec<TariffSchedule>> {
    Ok(all(conn)?
        .into_iter()
        .filter(|s| s.enabled)
        .map(|s| s.schedule)
        .collect())
}
