//! Whether the database answers.

use diesel::r2d2::R2D2Connection;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::pool::{DbPool, checkout};

/// Borrows a connection and runs a trivial statement on it.
pub fn ping(pool: &DbPool) -> StoreResult<()> {
    let mut conn = checkout(pool)?;
    conn.ping()?;
    Ok(())
}

/// Runs a trivial statement on `conn`.
pub fn ping_connection(conn: &mut DbConnection) -> StoreResult<()> {
    conn.ping()?;
    Ok(())
}

/// Whether `conn` is known to be unusable (its server closed it, or it was lost), as the
/// pool judges it when it comes back.
pub fn is_broken(conn: &mut DbConnection) -> bool {
    conn.is_broken()
}
