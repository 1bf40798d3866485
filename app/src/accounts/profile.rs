//! The caller's own account: read it, change name, phone or the language of what is sent
//! to it later, close it.

use paspor_openapi::{AccountDto, AccountPatch};
use paspor_persistence::accounts::users::{self, UserRecord};
use paspor_persistence::accounts::{refresh_tokens, set_language};
use paspor_persistence::{applications, write_transaction};

use super::AccountError;
use super::input::Fields;
use crate::auth::{AccountHolder, Principal};
use crate::locale::Language;
use crate::locale::Message;
use crate::privacy::erase_at_closing;
use crate::privacy::expiry::delete_files;
use crate::state::AppState;

/// The wire form of an account.
pub fn account_dto(user: UserRecord) -> AccountDto {
    AccountDto {
        id: user.id,
        email: user.email,
        phone: (!user.phone.is_empty()).then_some(user.phone),
        full_name: user.full_name,
        role: user.role.into(),
        office_id: user.office_id,
        email_verified: user.email_verified_at.is_some(),
        disabled: user.disabled_at.is_some(),
        created_at: user.created_at,
        language: Language::of_account(&user.language).into(),
        phone_verified: user.phone_verified_at.is_some(),
        whatsapp_opted_in_at: user.whatsapp_opted_in_at,
    }
}

async fn open_account(state: &AppState, principal: &Principal) -> Result<UserRecord, AccountError> {
    let id = principal.account.clone();
    state
        .db
        .call(move |conn| users::find(conn, &id).map_err(AccountError::from))
        .await?
        .filter(|user| user.closed_at.is_none())
        .ok_or(AccountError::Closed)
}

/// The caller's account.
pub async fn own_account(
    state: &AppState,
    principal: &AccountHolder,
) -> Result<AccountDto, AccountError> {
    open_account(state, principal).await.map(account_dto)
}

/// Changes the caller's name, phone and/or language; returns the account as it now is.
pub async fn update_own_account(
    state: &AppState,
    principal: &AccountHolder,
    patch: AccountPatch,
) -> Result<AccountDto, AccountError> {
    let mut fields = Fields::default();
    let full_name = patch
        .full_name
        .as_deref()
        .and_then(|name| fields.full_name("full_name", name));
    let phone = patch
        .phone
        .as_deref()
        .and_then(|phone| fields.phone("phone", phone));
    fields.finish()?;
    let language = patch.language.map(Language::from);
    open_account(state, principal).await?;
    let id = principal.account.clone();
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                users::update_profile(
                    conn,
                    &id,
                    full_name.as_deref(),
                    phone.as_ref().map(|phone| phone.as_str()),
                    now,
                )?;
                if let Some(language) = language {
                    set_language(conn, &id, language.tag())?;
                }
                Ok::<_, AccountError>(())
            })
        })
        .await?;
    own_account(state, principal).await
}

/// Closes the caller's account: every session ends, sign-in is disabled, and what the
/// account, its applicants and their applications hold is erased or kept as the retention
/// registry says (`crate::privacy`): the account's own data, devices and notices, drafts
/// and applications never decided with their documents go; a decided application is kept
/// for its retention period without its contact details, payments without the payer.
/// Refused while an application is in progress.
pub async fn close_account(
    state: &AppState,
    principal: &AccountHolder,
) -> Result<(), AccountError> {
    open_account(state, principal).await?;
    let id = principal.account.clone();
    let now = state.clock.now();
    let retention = state.retention;
    let files = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                // Under the account's lock: a draft made meanwhile is counted here, or made
                // after and refused for the closed account.
                if users::lock_open(conn, &id)?.skipped() {
                    return Err(AccountError::Refused(
                        Message::new("account-closed-already").into(),
                    ));
                }
                if applications::active_count_of_account(conn, &id)? > 0 {
                    return Err(AccountError::Refused(
                        Message::new("account-application-in-progress").into(),
                    ));
                }
                let user = users::find(conn, &id)?.ok_or(AccountError::Closed)?;
                refresh_tokens::revoke_all_of_user(conn, &id, None, now)?;
                crate::privacy::consents::end_with_account(conn, &id, now)?;
                let files = erase_at_closing(conn, &id, &user.email, &user.phone, &retention, now)?;
                users::close(conn, &id, now)?;
                Ok::<_, AccountError>(files)
            })
        })
        .await?;
    state.sessions.ended();
    if files > 0 {
        // After the commit: a file that cannot be deleted now stays recorded, and the
        // retention job tries again.
        if let Err(error) = delete_files(&state.db, &state.documents).await {
            tracing::warn!(%error, "erased documents' files not deleted yet; the retention job retries");
        }
    }
    Ok(())
}
