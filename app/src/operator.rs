//! What operators do from the command line, outside the server: creating staff accounts.

use chrono::Utc;
use paspor_openapi::AccountDto;
use paspor_persistence::{PoolSettings, connect_pool, run_migrations};

use crate::accounts::{AccountError, NewStaff, create_staff_blocking};
use crate::config::Config;

/// Creates a verified staff account on the configured database (migrating it first).
pub fn create_user(config: &Config, staff: &NewStaff) -> anyhow::Result<AccountDto> {
    run_migrations(&config.database_url)?;
    let settings = PoolSettings {
        max_size: 1,
        ..PoolSettings::default()
    };
    let (pool, _) = connect_pool(&config.database_url, settings)?;
    let mut conn = pool.get()?;
    create_staff_blocking(&mut conn, staff, Utc::now()).map_err(|error| match error {
        AccountError::Invalid(problems) | AccountError::Rejected(problems) => anyhow::anyhow!(
            "{}",
            problems
                .iter()
                .map(|(field, reason)| format!("{field} {reason}"))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::Error::new(other),
    })
}
