//! What happens before the first request: migrations, seed data, the tariff switch, and
//! the sessions of the coming weeks.
//!
//! The tariff switch of `PASPOR_TARIFF_SCHEDULES` is applied when it differs from the one
//! last applied from the configuration, not at every start: a system admin may switch
//! schedules through the API since, and a restart with an unchanged environment must not
//! silently undo that. Changing the variable (a deliberate act of deployment) applies it
//! again, over whatever an admin chose.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::builtin_schedules;
use paspor_domain::office::Office;
use paspor_persistence::{DbConnection, StoreError, offices, seed, sessions, tariffs};

use crate::config::Config;

/// Seeds an empty database, applies the configured tariff switch if it changed, and
/// creates sessions.
pub fn prepare_data(
    conn: &mut DbConnection,
    config: &Config,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if config.seed {
        // Out of the box only the launch schedule is on: an e-passport costs Rp650,000.
        let report = seed::seed(conn, &builtin_schedules(), &["launch".to_owned()], now)?;
        if report.offices > 0 || report.tariff_schedules > 0 {
            tracing::info!(
                offices = report.offices,
                tariff_schedules = report.tariff_schedules,
                "seed data added"
            );
        }
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
