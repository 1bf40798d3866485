//! The language an account reads what is sent to it later in (emails, push notices,
//! reminders): a BCP 47 code, `id` (the default) or `en`, chosen at registration and
//! changed on the profile. Stored as its code: the app layer knows the languages.

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::users;

/// The code every account has unless it chose another: Bahasa Indonesia.
pub const DEFAULT_LANGUAGE: &str = "id";

/// The language code of account `account_id`; the default for an account that does not
/// exist (a message to nobody is written in the default language).
pub fn language_of(conn: &mut DbConnection, account_id: &str) -> StoreResult<String> {
    Ok(users::table
        .find(account_id)
        .select(users::language)
        .first::<String>(conn)
        .optional()?
        .unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned()))
}

/// Sets the language code of account `account_id` (the caller checked it).
pub fn set_language(conn: &mut DbConnection, account_id: &str, language: &str) -> StoreResult<()> {
    diesel::update(users::table.find(account_id))
        .set(users::language.eq(language))
        .execute(conn)?;
    Ok(())
}
