//! What happens to the data before the first request, once the database is migrated:
//! seeding (in `seeding.rs`), the tariff switch, and the sessions of the coming weeks.
//!
//! The tariff switch of `PASPOR_TARIFF_SCHEDULES` is applied when it differs from the one
//! last applied from the configuration, not at every start: a system admin may switch
//! schedules through the API since, and a restart with an unchanged environment must not
//! silently undo that. Changing the variable (a deliberate act of deployment) applies it
//! again, over whatever an admin chose.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::office::Office;
use paspor_persistence::{DbConnection, StoreError, offices, sessions, tariffs};

use crate::config::Config;
use crate::seeding;

/// Seeds the database if `PASPOR_SEED` says so (see `seeding`), applies the configured
/// tariff switch if it changed, and creates sessions.
pub fn prepare_data(
    conn: &mut DbConnection,
    config: &Config,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if config.seed {
        seeding::seed_data(conn, now)?;
    }
    if let Some(codes) = &config.tariff_schedules {
        if tariffs::apply_configured(conn, codes, now)? {
            tracing::info!(schedules = codes.join(","), "tariff schedules switched on");
        } else {
            tracing::info!(
                schedules = codes.join(","),
                "PASPOR_TARIFF_SCHEDULES unchanged since it was last applied: the stored \
                 switch (possibly an admin's later choice) stands"
            );
        }
    }
    extend_sessions(conn, config.session_horizon_days, now)?;
    Ok(())
}

/// Creates the sessions of every office from today to `horizon_days` ahead, in each
/// office's own calendar; returns how many were created.
pub fn extend_sessions(
    conn: &mut DbConnection,
    horizon_days: u32,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let mut created = 0;
    for office in offices::list(conn)? {
        created += extend_office_sessions(conn, &office, horizon_days, now)?;
    }
    if created > 0 {
        tracing::info!(created, horizon_days, "sessions created");
    }
    Ok(created)
}

/// Creates one office's sessions from today to `horizon_days` ahead in its calendar (dates
/// already materialised and holidays are skipped); returns how many were created.
pub fn extend_office_sessions(
    conn: &mut DbConnection,
    office: &Office,
    horizon_days: u32,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let today = office.time_zone.local_date(now);
    let last = today + TimeDelta::days(i64::from(horizon_days));
    sessions::materialise(conn, office, today, last, now)
}
