//! The health answers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The service is up (and, for readiness, its database answers).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"status": "ok", "database": "sqlite"}))]
pub struct HealthDto {
    /// Always `ok` in a 200 answer.
    pub status: String,
    /// The database backend in use (`sqlite` or `postgresql`).
    pub database: String,
}
