//! Seeding: the seed offices and the built-in tariff schedules added to a database that
//! lacks them (`PASPOR_SEED`), through `paspor_persistence::seed`.

use chrono::{DateTime, Utc};
use paspor_domain::builtin_schedules;
use paspor_persistence::{DbConnection, StoreError, seed};

/// Adds the seed offices to a database without offices, and any built-in tariff schedule
/// it lacks, logging what was added.
pub fn seed_data(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), StoreError> {
    // Out of the box only the launch schedule is on: an e-passport costs Rp650,000.
    let report = seed::seed(conn, &builtin_schedules(), &["launch".to_owned()], now)?;
    if report.offices > 0 || report.tariff_schedules > 0 {
        tracing::info!(
            offices = report.offices,
            tariff_schedules = report.tariff_schedules,
            "seed data added"
        );
    }
    Ok(())
}
