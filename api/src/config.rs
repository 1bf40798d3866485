//! Configuration from `PASPOR_*` environment variables, with development defaults.
//!
//! Every problem is collected and reported at once, one line each, so an operator fixes a
//! broken configuration in one go. Production mode refuses defaults that are only safe on a
//! developer's machine.

use std::collections::HashMap;
use std::net::SocketAddr;

/// Whether the service runs for development or production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Readable logs, development defaults.
    Development,
    /// JSON logs; secrets and explicit settings required.
    Production,
}

/// The service's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PASPOR_ENV`: `development` (default) or `production`.
    pub environment: Environment,
    /// `PASPOR_DATABASE_URL`: `sqlite://data/paspor.db` (default) or `postgres://...`.
    pub database_url: String,
    /// `PASPOR_LISTEN`: the address to listen on, default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// `PASPOR_DB_POOL_SIZE`: connections in the pool, default 10.
    pub pool_size: u32,
    /// `PASPOR_TARIFF_SCHEDULES`: comma-separated codes of the tariff schedules to switch on
    /// at start (e.g. `launch,validity_2024`); unset leaves the stored choice alone.
    pub tariff_schedules: Option<Vec<String>>,
    /// `PASPOR_SEED`: add the seed offices to an empty database, default true.
    pub seed: bool,
    /// `PASPOR_SESSION_HORIZON_DAYS`: how many days ahead sessions are created, default 70.
    pub session_horizon_days: u32,
    /// `PASPOR_SWAGGER_UI`: serve Swagger UI at `/docs`, default true.
    pub swagger_ui: bool,
    /// `PASPOR_WORKERS`: HTTP worker threads, default the number of cores.
    pub workers: Option<usize>,
}

/// The variables this service reads, with their meaning, for `--help` and the README.
pub const VARIABLES: &[(&str, &str)] = &[
    ("PASPOR_ENV", "development (default) or production"),
    (
        "PASPOR_DATABASE_URL",
        "sqlite://data/paspor.db (default) or postgres://user@host/db",
    ),
    (
        "PASPOR_LISTEN",
        "address to listen on (default 127.0.0.1:8080)",
    ),
    (
        "PASPOR_DB_POOL_SIZE",
        "database connections in the pool (default 10)",
    ),
    (
        "PASPOR_TARIFF_SCHEDULES",
        "tariff schedules to switch on at start, e.g. launch,validity_2024",
    ),
    (
        "PASPOR_SEED",
        "add seed offices to an empty database (default true)",
    ),
    (
        "PASPOR_SESSION_HORIZON_DAYS",
        "days ahead for which sessions are created (default 70)",
    ),
    (
        "PASPOR_SWAGGER_UI",
        "serve Swagger UI at /docs (default true)",
    ),
    (
        "PASPOR_WORKERS",
        "HTTP worker threads (default: one per core)",
    ),
    ("RUST_LOG", "log filter (default info)"),
];

/// The default embedded database.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/paspor.db";

/// Everything wrong with the environment, one line per problem.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n{}", .problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError {
    /// One sentence per problem.
    pub problems: Vec<String>,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(&std::env::vars().collect())
    }

    /// Reads settings from the given variables (the process environment, or a test's).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let mut problems = Vec::new();
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());

        let environment = match get("PASPOR_ENV") {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                problems.push(format!(
                    "PASPOR_ENV is {other:?}: it must be `development` or `production`"
                ));
                Environment::Development
            }
        };
        let database_url = match get("PASPOR_DATABASE_URL") {
            Some(url) => url.to_owned(),
            None if environment == Environment::Production => {
                problems.push(
                    "PASPOR_DATABASE_URL is required in production (e.g. postgres://paspor@db/paspor)"
                        .to_owned(),
                );
                String::new()
            }
            None => DEFAULT_DATABASE_URL.to_owned(),
        };
        let listen = parse(
            get("PASPOR_LISTEN"),
            "PASPOR_LISTEN",
            "an address like 0.0.0.0:8080",
            &mut problems,
        )
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let pool_size = ranged(
            get("PASPOR_DB_POOL_SIZE"),
            "PASPOR_DB_POOL_SIZE",
            1..=200,
            &mut problems,
        )
        .unwrap_or(10);
        let tariff_schedules = get("PASPOR_TARIFF_SCHEDULES").map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        });
        let seed = flag(get("PASPOR_SEED"), "PASPOR_SEED", true, &mut problems);
        let session_horizon_days = ranged(
            get("PASPOR_SESSION_HORIZON_DAYS"),
            "PASPOR_SESSION_HORIZON_DAYS",
            1..=400,
            &mut problems,
        )
        .unwrap_or(70);
        let swagger_ui = flag(
            get("PASPOR_SWAGGER_UI"),
            "PASPOR_SWAGGER_UI",
            true,
            &mut problems,
        );
        let workers = ranged(
            get("PASPOR_WORKERS"),
            "PASPOR_WORKERS",
            1..=256,
            &mut problems,
        )
        .map(|n| n as usize);
        if problems.is_empty() {
            Ok(Config {
                environment,
                database_url,
                listen,
                pool_size,
                tariff_schedules,
                seed,
                session_horizon_days,
                swagger_ui,
                workers,
            })
        } else {
            Err(ConfigError { problems })
        }
    }

    /// Development settings on the given database, listening on a free port of 127.0.0.1:
    /// what the black-box tests start.
    pub fn for_tests(database_url: &str) -> Config {
        Config {
            environment: Environment::Development,
            database_url: database_url.to_owned(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            pool_size: 8,
            tariff_schedules: None,
            seed: true,
            session_horizon_days: 70,
            swagger_ui: true,
            workers: Some(2),
        }
    }
}

fn parse<T: std::str::FromStr>(
    value: Option<&str>,
    name: &str,
    expected: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let value = value?;
    match value.parse() {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            problems.push(format!("{name} is {value:?}: it must be {expected}"));
            None
        }
    }
}

fn ranged(
    value: Option<&str>,
    name: &str,
    range: std::ops::RangeInclusive<u32>,
    problems: &mut Vec<String>,
) -> Option<u32> {
    let expected = format!("a whole number from {} to {}", range.start(), range.end());
    let parsed = parse::<u32>(value, name, &expected, problems)?;
    if range.contains(&parsed) {
        Some(parsed)
    } else {
        problems.push(format!("{name} is {parsed}: it must be {expected}"));
        None
    }
}

fn flag(value: Option<&str>, name: &str, default: bool, problems: &mut Vec<String>) -> bool {
    match value {
        None => default,
        Some("true" | "1" | "yes" | "on") => true,
        Some("false" | "0" | "no" | "off") => false,
        Some(other) => {
            problems.push(format!("{name} is {other:?}: it must be true or false"));
            default
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn an_empty_environment_gives_the_development_defaults() {
        let config = Config::from_vars(&HashMap::new()).unwrap();
        assert_eq!(config.environment, Environment::Development);
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.pool_size, 10);
        assert!(config.seed);
        assert_eq!(config.tariff_schedules, None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let error = Config::from_vars(&vars(&[
            ("PASPOR_ENV", "production"),
            ("PASPOR_LISTEN", "nowhere"),
            ("PASPOR_DB_POOL_SIZE", "0"),
            ("PASPOR_SEED", "maybe"),
        ]))
        .unwrap_err();
        assert_eq!(error.problems.len(), 4, "{error}");
        assert!(
            error
                .to_string()
                .contains("PASPOR_DATABASE_URL is required in production")
        );
        assert!(error.to_string().contains("PASPOR_LISTEN"));
    }

    #[test]
    fn tariff_schedules_are_a_comma_separated_list() {
        let config = Config::from_vars(&vars(&[(
            "PASPOR_TARIFF_SCHEDULES",
            "launch, validity_2024",
        )]))
        .unwrap();
        assert_eq!(
            config.tariff_schedules,
            Some(vec!["launch".to_owned(), "validity_2024".to_owned()])
        );
    }
}
