//! One-time codes emailed to an account holder, stored only as keyed hashes.
//!
//! An account has at most one live code per purpose: issuing a new one spends the
//! earlier, so only the latest email's code works. Each issue is also a "send", which the
//! resend limits count.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::one_time_codes;
use crate::time::{from_db, to_db};

/// What a code proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePurpose {
    /// The holder receives mail at the account's address.
    VerifyEmail,
    /// The holder may set a new password.
    PasswordReset,
}

impl CodePurpose {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::VerifyEmail => "verify_email",
            CodePurpose::PasswordReset => "password_reset",
        }
    }
}

/// The live code of an account for one purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCode {
    /// The code's id.
    pub id: String,
    /// The keyed hash of the code.
    pub code_hash: String,
    /// When it was sent.
    pub issued_at: DateTime<Utc>,
    /// Wrong tries so far.
    pub attempts: u32,
}

/// Stores a newly sent code, spending any earlier live one of the same purpose.
pub fn issue(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: CodePurpose,
    code_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(
        one_time_codes::table
            .filter(one_time_codes::user_id.eq(user_id))
            .filter(one_time_codes::purpose.eq(purpose.as_str()))
            .filter(one_time_codes::spent_at.is_null()),
    )
    .set(one_time_codes::spent_at.eq(to_db(now)))
    .execute(conn)?;
    diesel::insert_into(one_time_codes::table)
        .values((
            one_time_codes::id.eq(new_id()),
            one_time_codes::user_id.eq(user_id),
            one_time_codes::purpose.eq(purpose.as_str()),
            one_time_codes::code_hash.eq(code_hash),
            one_time_codes::issued_at.eq(to_db(now)),
            one_time_codes::attempts.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// When codes of this purpose were sent to the account since `since`, oldest first.
pub fn sent_since(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: CodePurpose,
    since: DateTime<Utc>,
) -> StoreResult<Vec<DateTime<Utc>>> {
    let sent: Vec<NaiveDateTime> = one_time_codes::table
        .filter(one_time_codes::user_id.eq(user_id))
        .filter(one_time_codes::purpose.eq(purpose.as_str()))
        .filter(one_time_codes::issued_at.ge(to_db(since)))
        .order(one_time_codes::issued_at.asc())
        .select(one_time_codes::issued_at)
        .load(conn)?;
    Ok(sent.into_iter().map(from_db).collect())
}

/// The account's live code for `purpose`, if any.
pub fn live(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: CodePurpose,
) -> StoreResult<Option<LiveCode>> {
    let row: Option<(String, String, NaiveDateTime, i32)> = one_time_codes::table
        .filter(one_time_codes::user_id.eq(user_id))
        .filter(one_time_codes::purpose.eq(purpose.as_str()))
        .filter(one_time_codes::spent_at.is_null())
        .order(one_time_codes::issued_at.desc())
        .select((
            one_time_codes::id,
            one_time_codes::code_hash,
            one_time_codes::issued_at,
            one_time_codes::attempts,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, code_hash, issued_at, attempts)| LiveCode {
        id,
        code_hash,
        issued_at: from_db(issued_at),
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
    }))
}

/// Counts one wrong try of a code.
pub fn count_wrong_attempt(conn: &mut DbConnection, id: &str) -> StoreResult<()> {
    diesel::update(one_time_codes::table.find(id))
        .set(one_time_codes::attempts.eq(one_time_codes::attempts + 1))
        .execute(conn)?;
    Ok(())
}

/// Spends a code, so that it cannot be used again. Returns whether this call spent it
/// (false when a concurrent request already had).
pub fn spend(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<Conditional> {
    let spent = diesel::update(
        one_time_codes::table
            .find(id)
            .filter(one_time_codes::spent_at.is_null()),
    )
    .set(one_time_codes::spent_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(spent))
}
