//! Forgotten passwords (an emailed code authorises a new one) and password changes by the
//! signed-in holder. Either way every other session is signed out and the owner told.

use paspor_domain::account::sign_in_throttle::SignInPolicy;
use paspor_openapi::{EmailRequest, PasswordChangeRequest, PasswordResetConfirmRequest};
use paspor_persistence::accounts::codes::CodePurpose;
use paspor_persistence::accounts::{refresh_tokens, sign_in_throttle, users};
use paspor_persistence::{outbox, write_transaction};

use super::input::{Fields, email_only};
use super::register::{check_code, email_code};
use super::sessions::{must_wait, record_failed_sign_in, sign_in_subject};
use super::{AccountError, messages};
use crate::auth::AccountHolder;
use crate::locale::Message;
use crate::state::AppState;

/// Emails a reset code to the account with this address, within the resend limits. The
/// answer is the same whether or not the address has an account.
pub async fn request_password_reset(
    state: &AppState,
    request: EmailRequest,
) -> Result<(), AccountError> {
    email_code(
        state,
        email_only(&request.email)?,
        CodePurpose::PasswordReset,
    )
    .await
}

/// Sets a new password when the reset code matches; signs out every session, lifts any
/// lock, and (the code came by email) marks the address verified.
pub async fn confirm_password_reset(
    state: &AppState,
    request: PasswordResetConfirmRequest,
) -> Result<(), AccountError> {
    let mut fields = Fields::default();
    let email = fields.email("email", &request.email);
    fields.code("code", &request.code);
    fields.new_password("new_password", &request.new_password);
    fields.finish()?;
    let Some(email) = email else {
        unreachable!("finish() refuses a bad email");
    };
    let password_hash = state.passwords.hash(request.new_password).await?;
    let now = state.clock.now();
    let key = state.codes.clone();
    let accepted = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let Some(user) = users::find_by_email(conn, email.as_str())? else {
                    return Ok(false);
                };
                if !check_code(
                    conn,
                    &key,
                    &user.id,
                    CodePurpose::PasswordReset,
                    &request.code,
                    now,
                )? {
                    return Ok(false);
                }
                users::set_password(conn, &user.id, &password_hash, now)?;
                users::mark_verified(conn, &user.id, now)?;
                refresh_tokens::revoke_all_of_user(conn, &user.id, None, now)?;
                outbox::enqueue(conn, &messages::password_changed(&user.email), now)?;
                Ok::<_, AccountError>(true)
            })
        })
        .await?;
    if !accepted {
        return Err(AccountError::BadCode);
    }
    state.sessions.ended();
    state.outbox.wake();
    Ok(())
}

/// Changes the caller's password after checking the current one; signs out every other
/// session (this one stays).
pub async fn change_password(
    state: &AppState,
    principal: &AccountHolder,
    request: PasswordChangeRequest,
    address: String,
) -> Result<(), AccountError> {
    let mut fields = Fields::default();
    fields.new_password("new_password", &request.new_password);
    fields.finish()?;
    let id = principal.account.clone();
    let user = state
        .db
        .call(move |conn| users::find(conn, &id).map_err(AccountError::from))
        .await?
        .filter(|user| user.closed_at.is_none())
        .ok_or(AccountError::Closed)?;
    let now = state.clock.now();
    // Guessing the current password is guessing a sign-in: counted and slowed alike.
    let subject = sign_in_subject(&user.email);
    let (look_subject, look_address) = (subject.clone(), address.clone());
    let wait = state
        .db
        .call(move |conn| {
            let own = sign_in_throttle::find(conn, &look_subject, &look_address)?;
            Ok::<_, AccountError>(SignInPolicy::default().wait_until(own, None, true, now))
        })
        .await?;
    if let Some(until) = wait {
        return Err(must_wait(until, now));
    }
    let matches = state
        .passwords
        .verify(request.current_password, Some(user.password_hash.clone()))
        .await?;
    if !matches {
        record_failed_sign_in(state, subject, address, Some(user.email.clone()), now).await?;
        return Err(AccountError::rejected(
            "current_password",
            Message::new("password-wrong"),
        ));
    }
    let password_hash = state.passwords.hash(request.new_password).await?;
    let session = principal.session.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let replaced = users::replace_password(
                    conn,
                    &user.id,
                    &user.password_hash,
                    &password_hash,
                    now,
                )?;
                if replaced.skipped() {
                    return Err(AccountError::Refused(
                        Message::new("account-password-changed-meanwhile").into(),
                    ));
                }
                refresh_tokens::revoke_all_of_user(conn, &user.id, Some(&session), now)?;
                outbox::enqueue(conn, &messages::password_changed(&user.email), now)?;
                Ok::<_, AccountError>(())
            })
        })
        .await?;
    state.sessions.ended();
    state.outbox.wake();
    Ok(())
}
