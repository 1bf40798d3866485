//! Whether the database answers.

use diesel::r2d2::R2D2Connection;

use crate::error::StoreResult;
use crate::pool::{DbPool, checkout};

/// Borrows a connection and runs a trivial statement on it.
pub fn ping(pool: &DbPool) -> StoreResult<()> {
    let mut conn = checkout(pool)?;
    conn.ping()?;
    Ok(())
}
