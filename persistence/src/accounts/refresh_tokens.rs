//! Refresh tokens, stored as SHA-256 hashes, grouped in families: each sign-in starts a
//! family; each refresh spends one token and adds its successor to the family. A spent
//! token presented again means it was stolen or replayed, and the family is revoked.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::refresh_tokens;
use crate::time::{from_db, to_db};

/// A stored refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshRecord {
    /// The token's id.
    pub id: String,
    /// Whose it is.
    pub user_id: String,
    /// The sign-in it descends from.
    pub family_id: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was exchanged for a successor.
    pub used_at: Option<DateTime<Utc>>,
    /// When its family was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// id, user, family, expiry, use and revocation, as selected.
type Row = (
    String,
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// Stores a new token of `family_id`.
pub fn insert(
    conn: &mut DbConnection,
    user_id: &str,
    family_id: &str,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(new_id()),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::issued_at.eq(to_db(now)),
            refresh_tokens::expires_at.eq(to_db(expires_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The token with this hash.
pub fn find_by_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> StoreResult<Option<RefreshRecord>> {
    let row: Option<Row> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((
            refresh_tokens::id,
            refresh_tokens::user_id,
            refresh_tokens::family_id,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(id, user_id, family_id, expires_at, used_at, revoked_at)| RefreshRecord {
            id,
            user_id,
            family_id,
            expires_at: from_db(expires_at),
            used_at: used_at.map(from_db),
            revoked_at: revoked_at.map(from_db),
        },
    ))
}

/// Spends a live token. Returns false when it was already spent or revoked, so of two
/// concurrent refreshes with one token exactly one wins.
pub fn spend(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<Conditional> {
    let spent = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(spent))
}

/// Revokes every token of a family.
pub fn revoke_family(
    conn: &mut DbConnection,
    family_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(())
}

/// Revokes every family of an account but `keep` (the caller's own session, if any).
pub fn revoke_all_of_user(
    conn: &mut DbConnection,
    user_id: &str,
    keep: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let live = refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(user_id))
        .filter(refresh_tokens::revoked_at.is_null());
    let set = refresh_tokens::revoked_at.eq(to_db(now));
    match keep {
        Some(family) => diesel::update(live.filter(refresh_tokens::family_id.ne(family)))
            .set(set)
            .execute(conn)?,
        None => diesel::update(live).set(set).execute(conn)?,
    };
    Ok(())
}
