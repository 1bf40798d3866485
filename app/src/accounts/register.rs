//! Registration and email verification.
//!
//! Registering an address that already has an account answers exactly as a new one does
//! (and takes as long: the password is hashed either way); the owner is told by email
//! instead. Codes are checked against their keyed hash, at most 5 times, for 10 minutes.

use chrono::Utc;
use paspor_domain::account::one_time_code::{self, CodeCheck, RESEND_WINDOW};
use paspor_domain::account::{EmailAddress, Role};
use paspor_openapi::{EmailRequest, RegisterRequest, VerifyEmailRequest};
use paspor_persistence::accounts::codes::{self, CodePurpose};
use paspor_persistence::accounts::users::{self, NewUser};
use paspor_persistence::{DbConnection, StoreError, outbox, write_transaction};

use super::input::{Fields, email_only};
use super::{AccountError, messages};
use crate::auth::{CodeKey, new_one_time_code};
use crate::locale::Language;
use crate::privacy::consents;
use crate::state::AppState;

/// Sends a new code of `purpose` to an account (spending the earlier one), inside the
/// caller's transaction; returns the message to enqueue.
pub(super) fn issue_code(
    conn: &mut DbConnection,
    key: &CodeKey,
    user_id: &str,
    purpose: CodePurpose,
    now: chrono::DateTime<Utc>,
) -> Result<String, StoreError> {
    let code = new_one_time_code();
    codes::issue(
        conn,
        user_id,
        purpose,
        &key.hash(user_id, purpose.as_str(), &code),
        now,
    )?;
    Ok(code)
}

/// Creates an applicant account and emails its verification code. The account keeps
/// `language` (the registration request's) for what is sent to it later, this code first;
/// the owner of an address already taken is told in the language their account keeps.
pub async fn register(
    state: &AppState,
    request: RegisterRequest,
    language: Language,
) -> Result<(), AccountError> {
    let mut fields = Fields::default();
    let email = fields.email("email", &request.email);
    let phone = fields.phone("phone", &request.phone);
    let full_name = fields.full_name("full_name", &request.full_name);
    fields.new_password("password", &request.password);
    let notice_version = state.privacy.notice_version.clone();
    fields.privacy_notice_version(
        "privacy_notice_version",
        request.privacy_notice_version.as_deref(),
        &notice_version,
    );
    fields.finish()?;
    let (Some(email), Some(phone), Some(full_name)) = (email, phone, full_name) else {
        unreachable!("finish() refuses missing fields");
    };

    // Hashed before looking the address up, so that a taken address takes as long.
    let password_hash = state.passwords.hash(request.password).await?;
    let now = state.clock.now();
    let key = state.codes.clone();
    let outcome = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                if let Some(owner) = users::find_by_email(conn, email.as_str())? {
                    let theirs = Language::of_account(&owner.language);
                    outbox::enqueue(
                        conn,
                        &messages::already_registered(theirs, email.as_str()),
                        now,
                    )?;
                    return Ok(());
                }
                let user = NewUser {
                    email: email.as_str(),
                    phone: phone.as_str(),
                    full_name: &full_name,
                    password_hash: &password_hash,
                    role: Role::Applicant,
                    office_id: None,
                    verified: false,
                    language: language.tag(),
                };
                let id = users::insert(conn, &user, now)?;
                consents::record_privacy_notice(conn, &id, &notice_version, now)?;
                let code = issue_code(conn, &key, &id, CodePurpose::VerifyEmail, now)?;
                outbox::enqueue(
                    conn,
                    &messages::verification_code(language, email.as_str(), &full_name, &code),
                    now,
                )?;
                Ok::<_, AccountError>(())
            })
        })
        .await;
    match outcome {
        Ok(()) => {}
        // A concurrent registration of the same address won: answer alike.
        Err(AccountError::Store(StoreError::UniqueViolation(_))) => {}
        Err(error) => return Err(error),
    }
    state.outbox.wake();
    Ok(())
}

/// Marks the address verified when the code matches.
pub async fn verify_email(
    state: &AppState,
    request: VerifyEmailRequest,
) -> Result<(), AccountError> {
    let mut fields = Fields::default();
    let email = fields.email("email", &request.email);
    fields.code("code", &request.code);
    fields.finish()?;
    let Some(email) = email else {
        unreachable!("finish() refuses a bad email");
    };
    let now = state.clock.now();
    let key = state.codes.clone();
    let accepted = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let Some(user) = users::find_by_email(conn, email.as_str())? else {
                    return Ok(false);
                };
                let accepted = check_code(
                    conn,
                    &key,
                    &user.id,
                    CodePurpose::VerifyEmail,
                    &request.code,
                    now,
                )?;
                if accepted {
                    users::mark_verified(conn, &user.id, now)?;
                }
                Ok::<_, AccountError>(accepted)
            })
        })
        .await?;
    if accepted {
        Ok(())
    } else {
        Err(AccountError::BadCode)
    }
}

/// Judges a code against the account's live one, counting a wrong try and spending a
/// right one. Returns whether it was accepted; the attempt is recorded either way, so the
/// caller's transaction must commit even on false.
pub(super) fn check_code(
    conn: &mut DbConnection,
    key: &CodeKey,
    user_id: &str,
    purpose: CodePurpose,
    code: &str,
    now: chrono::DateTime<Utc>,
) -> Result<bool, StoreError> {
    // Under the account's lock: attempts at once are counted one after another, so no
    // more wrong tries are judged than the code allows.
    if users::lock_open(conn, user_id)?.skipped() {
        return Ok(false);
    }
    let Some(live) = codes::live(conn, user_id, purpose)? else {
        return Ok(false);
    };
    let matches = key.matches(user_id, purpose.as_str(), code, &live.code_hash);
    match one_time_code::judge_attempt(live.issued_at, live.attempts, now, matches) {
        CodeCheck::Accepted => Ok(codes::spend(conn, &live.id, now)?.applied()),
        CodeCheck::Wrong { .. } => {
            codes::count_wrong_attempt(conn, &live.id)?;
            Ok(false)
        }
        CodeCheck::Expired | CodeCheck::TooManyAttempts => Ok(false),
    }
}

/// Whether another code of `purpose` may be sent to the account now.
pub(super) fn may_send_code(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: CodePurpose,
    now: chrono::DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sent = codes::sent_since(conn, user_id, purpose, now - RESEND_WINDOW)?;
    Ok(one_time_code::check_resend(&sent, now).is_ok())
}

/// Emails a new code of `purpose` to the open account with this address, within the
/// resend limits; a verification code only while the address is unverified. Answers alike
/// whether or not anything was sent, so the caller learns nothing about the address.
pub(super) async fn email_code(
    state: &AppState,
    email: EmailAddress,
    purpose: CodePurpose,
) -> Result<(), AccountError> {
    let now = state.clock.now();
    let key = state.codes.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let Some(user) = users::find_by_email(conn, email.as_str())? else {
                    return Ok(());
                };
                // Under the account's lock: requests at once count each other's codes
                // against the resend limits.
                if users::lock_open(conn, &user.id)?.skipped() {
                    return Ok(());
                }
                let verifying = purpose == CodePurpose::VerifyEmail;
                if (verifying && user.email_verified_at.is_some())
                    || !may_send_code(conn, &user.id, purpose, now)?
                {
                    return Ok(());
                }
                let code = issue_code(conn, &key, &user.id, purpose, now)?;
                let language = Language::of_account(&user.language);
                let message = if verifying {
                    messages::verification_code(language, &user.email, &user.full_name, &code)
                } else {
                    messages::password_reset_code(language, &user.email, &code)
                };
                outbox::enqueue(conn, &message, now)?;
                Ok::<_, AccountError>(())
            })
        })
        .await?;
    state.outbox.wake();
    Ok(())
}

/// Sends a new verification code to an unverified account. The answer is the same for
/// unknown, verified and rate-limited addresses; past the resend limits nothing is sent.
pub async fn resend_verification_code(
    state: &AppState,
    request: EmailRequest,
) -> Result<(), AccountError> {
    email_code(state, email_only(&request.email)?, CodePurpose::VerifyEmail).await
}
