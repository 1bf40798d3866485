//! Which application an expired or cancelled one was started again as: one restart each.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::applications::LockedApplication;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::application_restarts;
use crate::time::to_db;

/// The application `from` was started again as, if it was.
pub fn restarted_as(conn: &mut DbConnection, from: &str) -> StoreResult<Option<String>> {
    Ok(application_restarts::table
        .find(from)
        .select(application_restarts::to_application_id)
        .first(conn)
        .optional()?)
}

/// Records that `from` (locked by the caller, so that restarts of it take turns) was
/// started again as `to`.
pub fn record(
    conn: &mut DbConnection,
    from: &LockedApplication,
    to: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(application_restarts::table)
        .values((
            application_restarts::from_application_id.eq(from.id()),
            application_restarts::to_application_id.eq(to),
            application_restarts::at.eq(to_db(at)),
        ))
        .execute(conn)?;
    Ok(())
}
