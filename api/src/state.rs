//! What every handler shares: the database and the clock.

use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Db;

/// Shared by all handlers of all workers.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The source of "now".
    pub clock: Arc<dyn Clock>,
}
