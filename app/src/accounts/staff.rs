//! Staff accounts (officers, office admins, system admins): created by a system admin
//! through the API or by an operator with `paspor create-user`, verified from the start;
//! given another role or office, disabled or enabled again by a system admin, which ends
//! every session of the account. Each is a staff action: it appends an audit record
//! (`staff.create`, `staff.update`, the account without secrets) in the same transaction.

use paspor_domain::account::Role;
use paspor_openapi::{AccountDto, PageQuery, StaffCreateRequest, StaffPage, StaffPatch};
use paspor_persistence::accounts::users::{self, NewUser};
use paspor_persistence::accounts::{DEFAULT_LANGUAGE, refresh_tokens};
use paspor_persistence::{DbConnection, offices, write_transaction};

use super::AccountError;
use super::input::Fields;
use super::profile::account_dto;
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::Message;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// A staff account to create, as given (checked by [`create_staff`]).
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// The email address.
    pub email: String,
    /// A phone number, if any.
    pub phone: Option<String>,
    /// The full name.
    pub full_name: String,
    /// The password.
    pub password: String,
    /// A staff role.
    pub role: Role,
    /// The office of an officer or office admin.
    pub office_id: Option<String>,
}

impl From<StaffCreateRequest> for NewStaff {
    fn from(request: StaffCreateRequest) -> Self {
        NewStaff {
            email: request.email,
            phone: request.phone,
            full_name: request.full_name,
            password: request.password,
            role: request.role.into(),
            office_id: request.office_id,
        }
    }
}

/// Checks the fields that need no database.
fn check(staff: &NewStaff) -> Result<(String, String, String), AccountError> {
    let mut fields = Fields::default();
    let email = fields.email("email", &staff.email);
    let phone = staff
        .phone
        .as_deref()
        .map(|phone| fields.phone("phone", phone));
    let name = fields.full_name("full_name", &staff.full_name);
    fields.new_password("password", &staff.password);
    let (invalid, mut refused) = match fields.finish() {
        Ok(()) => (Vec::new(), Vec::new()),
        Err(AccountError::Invalid(problems)) => (problems, Vec::new()),
        Err(AccountError::Rejected(problems)) => (Vec::new(), problems),
        Err(other) => return Err(other),
    };
    // The schema names every role and makes the office optional: these are rules.
    if !staff.role.is_staff() {
        refused.push((
            "role".into(),
            "must be a staff role: officer, office_admin or system_admin".into(),
        ));
    } else if staff.role.needs_office() != staff.office_id.is_some() {
        let reason = if staff.role.needs_office() {
            "is required for officers and office admins"
        } else {
            "must be absent for system admins"
        };
        refused.push(("office_id".into(), reason.into()));
    }
    if !invalid.is_empty() {
        return Err(AccountError::Invalid(
            invalid.into_iter().chain(refused).collect(),
        ));
    }
    if !refused.is_empty() {
        return Err(AccountError::Rejected(refused));
    }
    let (Some(email), Some(name)) = (email, name) else {
        unreachable!("checked above");
    };
    let phone = phone
        .flatten()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    Ok((email.as_str().to_owned(), phone, name))
}

/// Stores a checked staff account with its hash, with the audit record of `actor` (none
/// for an operator at the command line); returns the account.
fn store(
    conn: &mut DbConnection,
    staff: &NewStaff,
    (email, phone, name): &(String, String, String),
    password_hash: &str,
    actor: Option<&Actor>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<AccountDto, AccountError> {
    write_transaction(conn, |conn| {
        if let Some(office) = &staff.office_id
            && offices::find(conn, office)?.is_none()
        {
            return Err(AccountError::rejected(
                "office_id",
                Message::new("office-id-unknown"),
            ));
        }
        if users::find_by_email(conn, email)?.is_some() {
            return Err(email_taken(email));
        }
        let id = users::insert(
            conn,
            &NewUser {
                email,
                phone,
                full_name: name,
                password_hash,
                role: staff.role,
                office_id: staff.office_id.as_deref(),
                verified: true,
                language: DEFAULT_LANGUAGE,
            },
            now,
        )
        .map_err(|error| {
            // Created by another request since the look above: the same refusal.
            if users::is_email_taken(&error) {
                email_taken(email)
            } else {
                error.into()
            }
        })?;
        let user =
            users::find(conn, &id)?.ok_or_else(|| anyhow::anyhow!("account {id} vanished"))?;
        let account = account_dto(user);
        if let Some(actor) = actor {
            // The record belongs to the new account's office, where it has one, so that
            // the office's admin sees who joined their office.
            let actor = match &staff.office_id {
                Some(office) => actor.clone().for_office(office.clone()),
                None => actor.clone(),
            };
            audit::record(
                conn,
                &actor,
                now,
                Change::<(), _> {
                    action: "staff.create",
                    object_type: "account",
                    object_id: &account.id,
                    before: None,
                    after: Some(&account),
                },
            )?;
        }
        Ok(account)
    })
}

/// Creates a staff account for the system admin `principal`.
pub async fn create_staff(
    state: &AppState,
    principal: &SystemAdmin,
    staff: NewStaff,
) -> Result<AccountDto, AccountError> {
    let checked = check(&staff)?;
    let password_hash = state.passwords.hash(staff.password.clone()).await?;
    let now = state.clock.now();
    let actor = Actor::of(principal);
    state
        .db
        .call(move |conn| store(conn, &staff, &checked, &password_hash, Some(&actor), now))
        .await
}

/// Creates a staff account from the command line, on a connection of its own.
pub fn create_staff_blocking(
    conn: &mut DbConnection,
    staff: &NewStaff,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<AccountDto, AccountError> {
    let checked = check(staff)?;
    let password_hash = crate::auth::PasswordHasher::hash_blocking(&staff.password)?;
    store(conn, staff, &checked, &password_hash, None, now)
}

/// A page of staff accounts.
pub async fn list_staff(
    state: &AppState,
    _admin: &SystemAdmin,
    paging: PageQuery,
) -> Result<StaffPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (accounts, total) = state
        .db
        .call(move |conn| {
            users::list_staff(conn, offset, i64::from(per_page)).map_err(AccountError::from)
        })
        .await?;
    Ok(StaffPage {
        items: accounts.into_iter().map(account_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Changes the staff account `id` for the system admin `principal`:
/// its role and office, or whether it is disabled. Every session of the account ends.
pub async fn update_staff(
    state: &AppState,
    principal: &SystemAdmin,
    id: String,
    patch: StaffPatch,
) -> Result<AccountDto, AccountError> {
    let now = state.clock.now();
    let actor = Actor::of(principal);
    let updated = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| change_staff(conn, &actor, &id, &patch, now))
        })
        .await?;
    // Its access tokens stop working now in this process, and soon in every other.
    state.sessions.ended();
    Ok(updated)
}

/// Inside a write transaction: the account locked, the change checked and made, its
/// sessions ended, and its record.
fn change_staff(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    patch: &StaffPatch,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<AccountDto, AccountError> {
    let not_found = || AccountError::NotFound;
    if users::lock_open(conn, id)?.skipped() {
        return Err(not_found());
    }
    let before = users::find(conn, id)?.ok_or_else(not_found)?;
    // Applicants' accounts are theirs: a system admin changes only staff.
    if !before.role.is_staff() {
        return Err(not_found());
    }
    if id == actor.account && patch.disabled == Some(true) {
        return Err(AccountError::rejected(
            "disabled",
            Message::new("staff-disable-self"),
        ));
    }
    let role: Role = patch.role.map_or(before.role, Into::into);
    let office = match (&patch.office_id, role.needs_office()) {
        (Some(office), true) => Some(office.clone()),
        (None, true) => before.office_id.clone(),
        (Some(_), false) => {
            return Err(AccountError::rejected(
                "office_id",
                Message::new("staff-office-for-system-admin"),
            ));
        }
        (None, false) => None,
    };
    if !role.is_staff() {
        return Err(AccountError::rejected("role", Message::new("staff-role")));
    }
    match &office {
        Some(office) if offices::find(conn, office)?.is_none() => {
            return Err(AccountError::rejected(
                "office_id",
                Message::new("office-id-unknown"),
            ));
        }
        None if role.needs_office() => {
            return Err(AccountError::rejected(
                "office_id",
                Message::new("staff-office-required"),
            ));
        }
        _ => {}
    }
    if role != before.role || office != before.office_id {
        users::set_role(conn, id, role, office.as_deref(), now)?;
    }
    if let Some(disabled) = patch.disabled {
        users::set_disabled(conn, id, disabled, now)?;
    }
    refresh_tokens::revoke_all_of_user(conn, id, None, now)?;
    let after = users::find(conn, id)?.ok_or_else(|| anyhow::anyhow!("account {id} vanished"))?;
    let (was, is) = (account_dto(before), account_dto(after));
    // The record belongs to the account's office now, where it has one.
    let actor = match &is.office_id {
        Some(office) => actor.clone().for_office(office.clone()),
        None => actor.clone(),
    };
    audit::record(
        conn,
        &actor,
        now,
        Change {
            action: "staff.update",
            object_type: "account",
            object_id: id,
            before: Some(&was),
            after: Some(&is),
        },
    )?;
    Ok(is)
}

/// The refusal of a second account with `email`.
fn email_taken(email: &str) -> AccountError {
    AccountError::Refused(
        Message::new("account-email-taken")
            .with("email", email)
            .into(),
    )
}
