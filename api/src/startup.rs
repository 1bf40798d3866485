//! What happens before the first request: migrations, seed data, the tariff switch, and
//! the sessions of the coming weeks.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::builtin_schedules;
use paspor_persistence::{DbConnection, StoreError, offices, seed, sessions, tariffs};

use crate::config::Config;

/// Seeds an empty database, applies the configured tariff switch, and creates sessions.
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
        tariffs::switch_on_only(conn, codes)?;
        tracing::info!(schedules = codes.join(","), "tariff schedules switched on");
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
        let today = office.time_zone.local_date(now);
        let last = today + TimeDelta::days(i64::from(horizon_days));
        created += sessions::materialise(conn, &office, today, last, now)?;
    }
    if created > 0 {
        tracing::info!(created, horizon_days, "sessions created");
    }
    Ok(created)
}
