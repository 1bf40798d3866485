//! Where data lives: the database (`PASPOR_DATABASE_URL`, required in production) and,
//! unless configured otherwise, the folder of uploaded documents.

use super::Environment;

/// The default embedded database.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/paspor.db";

/// Where uploaded documents are kept unless `PASPOR_STORAGE_DIR` says otherwise.
pub(super) const DEFAULT_STORAGE_DIR: &str = "./data/documents";

/// `PASPOR_DATABASE_URL`, required in production; the embedded database in development.
pub(super) fn database_url(
    value: Option<&str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> String {
    match value {
        Some(url) => url.to_owned(),
        None if environment == Environment::Production => {
            problems.push(
                "PASPOR_DATABASE_URL is required in production (e.g. postgres://paspor@db/paspor)"
                    .to_owned(),
            );
            String::new()
        }
        None => DEFAULT_DATABASE_URL.to_owned(),
    }
}
