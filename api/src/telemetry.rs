//! Logging: readable lines in development, JSON in production; `RUST_LOG` filters.

use tracing_subscriber::EnvFilter;

use crate::config::Environment;

/// Installs the global subscriber once; later calls do nothing.
pub fn init(environment: Environment) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match environment {
        Environment::Production => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
        Environment::Development => builder.with_target(false).try_init(),
    };
}
