//! Whether a sign-in is still live: the question every request with an access token asks
//! (through a short per-process cache), so that a session ended by signing out, by a
//! stolen refresh token's reuse, by a password change or reset, by closing the account, or
//! by a system admin disabling the account or changing its role, ends its access tokens too.

use diesel::dsl::exists;
use diesel::prelude::*;
use paspor_domain::account::Role;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{refresh_tokens, users};

/// Whether `account`'s sign-in `session` (a refresh-token family) is live, and the account
/// still open, enabled, and of the `role` and `office` its token names.
pub fn is_live(
    conn: &mut DbConnection,
    account: &str,
    session: &str,
    role: Role,
    office: Option<&str>,
) -> StoreResult<bool> {
    let live_session = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(session))
        .filter(refresh_tokens::user_id.eq(account))
        .filter(refresh_tokens::revoked_at.is_null());
    let mut query = users::table
        .find(account)
        .filter(users::closed_at.is_null())
        .filter(users::disabled_at.is_null())
        .filter(users::role.eq(role.as_str()))
        .filter(exists(live_session))
        .select(users::id)
        .into_boxed();
    query = match office {
        Some(office) => query.filter(users::office_id.eq(office)),
        None => query.filter(users::office_id.is_null()),
    };
    Ok(query.first::<String>(conn).optional()?.is_some())
}
