//! Whether the database answers.

use diesel::r2d2::R2D2Connection;

use crate::connection::DbConnection;
use crate::error::StoreResult;

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
