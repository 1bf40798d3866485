//! The account's phone number as a WhatsApp recipient: a code sent to it by WhatsApp
//! proves the holder reads that number, and an explicit opt-in (recorded with its time,
//! withdrawable) lets WhatsApp notices go to it. Both are needed: see
//! [`crate::whatsapp::enqueue_for_account`].
//!
//! Codes follow the email codes' rules (6 digits, keyed hashes, 10 minutes, 5 tries, the
//! same resend limits) and are bound to the number they went to: changing the number
//! (`PATCH /v1/me`) clears the verification, and a code sent to the old number no longer
//! verifies anything.

use chrono::{DateTime, Utc};
use paspor_domain::account::one_time_code::{self, CodeCheck, RESEND_WINDOW};
use paspor_openapi::{AccountDto, PhoneCodeRequest, WhatsAppConsentRequest};
use paspor_persistence::accounts::phone;
use paspor_persistence::accounts::users;
use paspor_persistence::{DbConnection, outbox, write_transaction};

use super::input::Fields;
use super::{AccountError, own_account};
use crate::auth::{AccountHolder, CodeKey, new_one_time_code};
use crate::locale::{Language, Message};
use crate::privacy::consents;
use crate::state::AppState;
use crate::whatsapp::{self, Template};

/// What codes sent to a phone are hashed under (apart from the email codes' purposes).
const PURPOSE: &str = "verify_phone";

/// Sends a new code by WhatsApp to the caller's phone number (spending the earlier one),
/// within the resend limits, in `language`.
pub async fn send_phone_code(
    state: &AppState,
    principal: &AccountHolder,
    language: Language,
) -> Result<(), AccountError> {
    let id = principal.account.clone();
    let now = state.clock.now();
    let key = state.codes.clone();
    state
        .db
        .call(move |conn| write_transaction(conn, |conn| send_code(conn, &key, &id, language, now)))
        .await?;
    state.outbox.wake();
    Ok(())
}

fn send_code(
    conn: &mut DbConnection,
    key: &CodeKey,
    id: &str,
    language: Language,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    // Under the account's lock: requests at once count each other's codes against the
    // resend limits, and see a number changed meanwhile.
    if users::lock_open(conn, id)?.skipped() {
        return Err(AccountError::Closed);
    }
    let user = users::find(conn, id)?.ok_or(AccountError::Closed)?;
    if user.phone.is_empty() {
        return Err(AccountError::Refused(
            Message::new("account-no-phone").into(),
        ));
    }
    if user.phone_verified_at.is_some() {
        return Err(AccountError::Refused(
            Message::new("account-phone-verified-already").into(),
        ));
    }
    let sent = phone::sent_since(conn, id, now - RESEND_WINDOW)?;
    one_time_code::check_resend(&sent, now).map_err(AccountError::TooSoon)?;
    let code = new_one_time_code();
    phone::issue_code(conn, id, &user.phone, &key.hash(id, PURPOSE, &code), now)?;
    let message = Template::PhoneVerification.fill(language, vec![code]);
    outbox::enqueue(conn, &whatsapp::message(&user.phone, &message), now)?;
    Ok(())
}

/// Marks the caller's phone number verified when the code matches the live one sent to
/// that very number; returns the account as it now is.
pub async fn verify_phone(
    state: &AppState,
    principal: &AccountHolder,
    request: PhoneCodeRequest,
) -> Result<AccountDto, AccountError> {
    let mut fields = Fields::default();
    fields.whatsapp_code("code", &request.code);
    fields.finish()?;
    let id = principal.account.clone();
    let now = state.clock.now();
    let key = state.codes.clone();
    let accepted = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                check_code(conn, &key, &id, &request.code, now).map_err(AccountError::from)
            })
        })
        .await?;
    if !accepted {
        return Err(AccountError::BadCode);
    }
    own_account(state, principal).await
}

/// Judges a code, counting a wrong try and spending a right one; the attempt is
/// recorded either way, so the transaction commits even on false.
fn check_code(
    conn: &mut DbConnection,
    key: &CodeKey,
    id: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, paspor_persistence::StoreError> {
    // Under the account's lock: attempts at once are counted one after another, so no
    // more wrong tries are judged than the code allows.
    if users::lock_open(conn, id)?.skipped() {
        return Ok(false);
    }
    let Some(live) = phone::live_code(conn, id)? else {
        return Ok(false);
    };
    let matches = key.matches(id, PURPOSE, code, &live.code_hash);
    match one_time_code::judge_attempt(live.issued_at, live.attempts, now, matches) {
        CodeCheck::Accepted => {
            if phone::spend_code(conn, &live.id, now)?.skipped() {
                return Ok(false);
            }
            // The number may have changed since the code was sent: then it proves nothing.
            Ok(phone::mark_verified(conn, id, &live.phone, now)?.applied())
        }
        CodeCheck::Wrong { .. } => {
            phone::count_wrong_attempt(conn, &live.id)?;
            Ok(false)
        }
        CodeCheck::Expired | CodeCheck::TooManyAttempts => Ok(false),
    }
}

/// Records the caller's choice about WhatsApp notices: opted in (at this moment, kept if
/// already) or withdrawn. Notices go only to a verified number, whatever the choice.
pub async fn set_whatsapp_consent(
    state: &AppState,
    principal: &AccountHolder,
    request: WhatsAppConsentRequest,
) -> Result<AccountDto, AccountError> {
    let id = principal.account.clone();
    let now = state.clock.now();
    let version = state.privacy.notice_version.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                if users::lock_open(conn, &id)?.skipped() {
                    return Err(AccountError::Closed);
                }
                // Each grant and withdrawal is also a consent record (`GET /v1/me/consents`).
                consents::record_whatsapp_choice(conn, &id, request.opted_in, &version, now)?;
                Ok(())
            })
        })
        .await?;
    own_account(state, principal).await
}
