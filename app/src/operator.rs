//! What operators do from the command line, outside the server: creating staff accounts,
//! and re-encrypting the stored documents under the current document key.

use chrono::Utc;
use paspor_openapi::AccountDto;
use paspor_persistence::{PoolSettings, connect_pool, run_migrations};

use crate::accounts::{AccountError, NewStaff, create_staff_blocking};
use crate::config::Config;
use crate::documents::{DocumentStore, ReencryptionProgress, reencrypt_all};

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

/// Re-encrypts every stored document of the configured database and store under the
/// current document key (migrating the database first), calling `progress` after each.
pub fn reencrypt_documents(
    config: &Config,
    progress: impl FnMut(&ReencryptionProgress),
) -> anyhow::Result<ReencryptionProgress> {
    run_migrations(&config.database_url)?;
    let settings = PoolSettings {
        max_size: 1,
        ..PoolSettings::default()
    };
    let (pool, _) = connect_pool(&config.database_url, settings)?;
    let store = DocumentStore::configured(config.storage_dir.clone(), &config.documents)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    reencrypt_all(&pool, &store, &runtime, progress)
}
