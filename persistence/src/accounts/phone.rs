//! An account's phone number as a WhatsApp recipient: codes sent to it (stored only as
//! keyed hashes, each bound to the number it went to), its verification, and the holder's
//! opt-in to WhatsApp notices.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::{phone_codes, users};
use crate::time::{from_db, to_db};

/// The live code of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LivePhoneCode {
    /// The code's id.
    pub id: String,
    /// The number it was sent to.
    pub phone: String,
    /// The keyed hash of the code.
    pub code_hash: String,
    /// When it was sent.
    pub issued_at: DateTime<Utc>,
    /// Wrong tries so far.
    pub attempts: u32,
}

/// Stores a newly sent code for `phone`, spending any earlier live one of the account.
pub fn issue_code(
    conn: &mut DbConnection,
    user_id: &str,
    phone: &str,
    code_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(
        phone_codes::table
            .filter(phone_codes::user_id.eq(user_id))
            .filter(phone_codes::spent_at.is_null()),
    )
    .set(phone_codes::spent_at.eq(to_db(now)))
    .execute(conn)?;
    diesel::insert_into(phone_codes::table)
        .values((
            phone_codes::id.eq(new_id()),
            phone_codes::user_id.eq(user_id),
            phone_codes::phone.eq(phone),
            phone_codes::code_hash.eq(code_hash),
            phone_codes::issued_at.eq(to_db(now)),
            phone_codes::attempts.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// When codes were sent to the account since `since`, oldest first (the resend limits).
pub fn sent_since(
    conn: &mut DbConnection,
    user_id: &str,
    since: DateTime<Utc>,
) -> StoreResult<Vec<DateTime<Utc>>> {
    let sent: Vec<NaiveDateTime> = phone_codes::table
        .filter(phone_codes::user_id.eq(user_id))
        .filter(phone_codes::issued_at.ge(to_db(since)))
        .order(phone_codes::issued_at.asc())
        .select(phone_codes::issued_at)
        .load(conn)?;
    Ok(sent.into_iter().map(from_db).collect())
}

/// The account's live code, if any.
pub fn live_code(conn: &mut DbConnection, user_id: &str) -> StoreResult<Option<LivePhoneCode>> {
    let row: Option<(String, String, String, NaiveDateTime, i32)> = phone_codes::table
        .filter(phone_codes::user_id.eq(user_id))
        .filter(phone_codes::spent_at.is_null())
        .order(phone_codes::issued_at.desc())
        .select((
            phone_codes::id,
            phone_codes::phone,
            phone_codes::code_hash,
            phone_codes::issued_at,
            phone_codes::attempts,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(id, phone, code_hash, issued_at, attempts)| LivePhoneCode {
            id,
            phone,
            code_hash,
            issued_at: from_db(issued_at),
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        },
    ))
}

/// Counts one wrong try of a code.
pub fn count_wrong_attempt(conn: &mut DbConnection, id: &str) -> StoreResult<()> {
    diesel::update(phone_codes::table.find(id))
        .set(phone_codes::attempts.eq(phone_codes::attempts + 1))
        .execute(conn)?;
    Ok(())
}

/// Spends a code; returns whether this call spent it.
pub fn spend_code(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let spent = diesel::update(
        phone_codes::table
            .find(id)
            .filter(phone_codes::spent_at.is_null()),
    )
    .set(phone_codes::spent_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(spent))
}

/// Marks the account's number verified, only while it is still `phone` (the number the
/// code went to); returns whether it was.
pub fn mark_verified(
    conn: &mut DbConnection,
    user_id: &str,
    phone: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let now = to_db(now);
    let marked = diesel::update(
        users::table
            .find(user_id)
            .filter(users::phone.eq(phone))
            .filter(users::closed_at.is_null()),
    )
    .set((users::phone_verified_at.eq(now), users::updated_at.eq(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(marked))
}

/// Records the holder's opt-in to WhatsApp notices at `now` (kept when already opted in,
/// so the time is that of the consent), or withdraws it (`None`).
pub fn set_whatsapp_opt_in(
    conn: &mut DbConnection,
    user_id: &str,
    now: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    match now {
        Some(now) => diesel::update(
            users::table
                .find(user_id)
                .filter(users::whatsapp_opted_in_at.is_null()),
        )
        .set((
            users::whatsapp_opted_in_at.eq(to_db(now)),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?,
        None => diesel::update(users::table.find(user_id))
            .set(users::whatsapp_opted_in_at.eq(None::<NaiveDateTime>))
            .execute(conn)?,
    };
    Ok(())
}
