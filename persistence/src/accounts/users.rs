//! User accounts: applicants who register themselves, and staff created by operators.
//!
//! Emails are stored normalised (lower case) and unique. Closing an account erases its
//! personal data in place: the row stays so that what refers to it keeps its meaning.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::account::Role;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::users;
use crate::time::{from_db, to_db};
use crate::transaction::require_transaction;

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// The account's id.
    pub id: String,
    /// The normalised email address (an erased placeholder once closed).
    pub email: String,
    /// The phone number in +62 form ("" once closed).
    pub phone: String,
    /// The holder's full name ("" once closed).
    pub full_name: String,
    /// The argon2id PHC string ("" once closed: nothing verifies against it).
    pub password_hash: String,
    /// What the account may do.
    pub role: Role,
    /// The office an officer or office admin belongs to.
    pub office_id: Option<String>,
    /// When the email address was verified.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// When the account was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When a system admin disabled the (staff) account: it signs in no more.
    pub disabled_at: Option<DateTime<Utc>>,
    /// The language code of what is sent to the account later (`id` or `en`).
    pub language: String,
    /// When the phone number was verified by a code sent to it (cleared when it changes).
    pub phone_verified_at: Option<DateTime<Utc>>,
    /// When the holder opted in to WhatsApp notices (cleared when withdrawn).
    pub whatsapp_opted_in_at: Option<DateTime<Utc>>,
}

/// What a new account is made of.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// The normalised email address.
    pub email: &'a str,
    /// The phone number in +62 form.
    pub phone: &'a str,
    /// The holder's full name.
    pub full_name: &'a str,
    /// The argon2id PHC string.
    pub password_hash: &'a str,
    /// The account's role.
    pub role: Role,
    /// The office of an officer or office admin.
    pub office_id: Option<&'a str>,
    /// Staff accounts are created verified; applicants verify by emailed code.
    pub verified: bool,
    /// The language code of what is sent to the account later (`id` or `en`).
    pub language: &'a str,
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// The columns of [`Row`], in its order.
type Columns = (
    users::id,
    users::email,
    users::phone,
    users::full_name,
    users::password_hash,
    users::role,
    users::office_id,
    users::email_verified_at,
    users::closed_at,
    users::created_at,
    users::disabled_at,
    users::language,
    users::phone_verified_at,
    users::whatsapp_opted_in_at,
);

const COLUMNS: Columns = (
    users::id,
    users::email,
    users::phone,
    users::full_name,
    users::password_hash,
    users::role,
    users::office_id,
    users::email_verified_at,
    users::closed_at,
    users::created_at,
    users::disabled_at,
    users::language,
    users::phone_verified_at,
    users::whatsapp_opted_in_at,
);

fn record(row: Row) -> StoreResult<UserRecord> {
    let (
        id,
        email,
        phone,
        full_name,
        password_hash,
        role,
        office_id,
        verified,
        closed,
        created,
        disabled,
        language,
        phone_verified,
        whatsapp_opted_in,
    ) = row;
    Ok(UserRecord {
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::corrupt(format!("role {role:?} of user {id}")))?,
        id,
        email,
        phone,
        full_name,
        password_hash,
        office_id,
        email_verified_at: verified.map(from_db),
        closed_at: closed.map(from_db),
        created_at: from_db(created),
        disabled_at: disabled.map(from_db),
        language,
        phone_verified_at: phone_verified.map(from_db),
        whatsapp_opted_in_at: whatsapp_opted_in.map(from_db),
    })
}

/// Whether a failed insert was refused because the email is taken.
pub fn is_email_taken(error: &StoreError) -> bool {
    error.is_unique_violation()
}

/// Adds an account and returns its id; fails with a unique violation when the email is
/// taken (see [`is_email_taken`]).
pub fn insert(
    conn: &mut DbConnection,
    user: &NewUser<'_>,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    let now = to_db(now);
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::email.eq(user.email),
            users::phone.eq(user.phone),
            users::full_name.eq(user.full_name),
            users::password_hash.eq(user.password_hash),
            users::role.eq(user.role.as_str()),
            users::office_id.eq(user.office_id),
            users::email_verified_at.eq(user.verified.then_some(now)),
            users::language.eq(user.language),
            users::failed_logins.eq(0),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The open (not closed) account with this normalised email.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> StoreResult<Option<UserRecord>> {
    users::table
        .filter(users::email.eq(email))
        .filter(users::closed_at.is_null())
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// The account with this id, closed or not.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<UserRecord>> {
    users::table
        .find(id)
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// Staff accounts (every role but applicant), oldest first, one page, and how many in all.
pub fn list_staff(
    conn: &mut DbConnection,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<UserRecord>, i64)> {
    let staff = || {
        users::table
            .filter(users::role.ne(Role::Applicant.as_str()))
            .filter(users::closed_at.is_null())
    };
    let total = staff().count().get_result(conn)?;
    let rows: Vec<Row> = staff()
        .order((users::created_at.asc(), users::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(COLUMNS)
        .load(conn)?;
    Ok((
        rows.into_iter().map(record).collect::<StoreResult<_>>()?,
        total,
    ))
}

/// Marks the email as verified (once: a second call keeps the first instant).
pub fn mark_verified(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set((
        users::email_verified_at.eq(to_db(now)),
        users::updated_at.eq(to_db(now)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Changes the name and/or phone number.
pub fn update_profile(
    conn: &mut DbConnection,
    id: &str,
    full_name: Option<&str>,
    phone: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if let Some(full_name) = full_name {
        diesel::update(users::table.find(id))
            .set(users::full_name.eq(full_name))
            .execute(conn)?;
    }
    if let Some(phone) = phone {
        // A code proved the old number, not a new one: a change clears the verification
        // (the same number again keeps it).
        diesel::update(users::table.find(id).filter(users::phone.ne(phone)))
            .set((
                users::phone.eq(phone),
                users::phone_verified_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    diesel::update(users::table.find(id))
        .set(users::updated_at.eq(to_db(now)))
        .execute(conn)?;
    Ok(())
}

/// Replaces the password hash.
pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces the password whose hash was `current_hash` (the one the caller checked the
/// current password against); skipped when it changed meanwhile, so that of two changes
/// made with the same current password one wins.
pub fn replace_password(
    conn: &mut DbConnection,
    id: &str,
    current_hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let replaced = diesel::update(
        users::table
            .find(id)
            .filter(users::password_hash.eq(current_hash)),
    )
    .set((
        users::password_hash.eq(password_hash),
        users::updated_at.eq(to_db(now)),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(replaced))
}

/// Closes the account: sign-in is disabled and personal data erased. The email becomes a
/// placeholder unique to the row, so the address can register again.
pub fn close(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    let now = to_db(now);
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(format!("closed-{id}@closed.invalid")),
            users::phone.eq(""),
            users::phone_verified_at.eq(None::<NaiveDateTime>),
            users::whatsapp_opted_in_at.eq(None::<NaiveDateTime>),
            users::full_name.eq(""),
            users::password_hash.eq(""),
            users::closed_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Inside a write transaction: the account `id` locked until the transaction ends, if it
/// exists and is open (skipped otherwise: closed, or never there). Whatever is checked of
/// an account's whole (how many applicants it has, whether it may close, whether it may
/// draft) is checked under this lock, so that a check and the write after it are atomic.
///
/// `FOR NO KEY UPDATE` on PostgreSQL: it excludes every other holder of the lock, yet not
/// the key share that inserting a row referring to the account takes.
pub fn lock_open(conn: &mut DbConnection, id: &str) -> StoreResult<Conditional> {
    require_transaction(conn, "locking an account")?;
    let open = users::table
        .find(id)
        .filter(users::closed_at.is_null())
        .select(users::id);
    let found: Option<String> = match conn {
        DbConnection::Postgresql(pg) => open.for_no_key_update().first(pg).optional()?,
        DbConnection::Sqlite(_) => open.first(conn).optional()?,
    };
    Ok(Conditional::of(found.is_some()))
}

/// [`lock_open`], answering the account's email address (`None`: closed or gone), for a
/// write that tells its holder by email what it did.
pub fn lock_open_email(conn: &mut DbConnection, id: &str) -> StoreResult<Option<String>> {
    require_transaction(conn, "locking an account")?;
    let open = users::table
        .find(id)
        .filter(users::closed_at.is_null())
        .select(users::email);
    Ok(match conn {
        DbConnection::Postgresql(pg) => open.for_no_key_update().first(pg).optional()?,
        DbConnection::Sqlite(_) => open.first(conn).optional()?,
    })
}

/// Disables the account (or enables it again): a disabled account signs in no more.
pub fn set_disabled(
    conn: &mut DbConnection,
    id: &str,
    disabled: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::disabled_at.eq(disabled.then(|| to_db(now))),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Gives a staff account another role and office (the office only for officers and office
/// admins, as the table's check requires).
pub fn set_role(
    conn: &mut DbConnection,
    id: &str,
    role: Role,
    office_id: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role.as_str()),
            users::office_id.eq(office_id),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}
