//! Signing in and out, and renewing a session.
//!
//! A sign-in starts a refresh-token family; each refresh spends its token and hands out a
//! successor in the same family. A spent token presented again means a copy is in other
//! hands: the whole family is revoked, signing out both the thief and the holder.
//! Unknown emails cost the same argon2 work as wrong passwords and answer alike.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::account::sign_in_throttle::SignInPolicy;
use paspor_openapi::{LoginRequest, RefreshRequest};
use paspor_persistence::accounts::refresh_tokens;
use paspor_persistence::accounts::sign_in_throttle::{self, EVERY_ADDRESS};
use paspor_persistence::accounts::users::{self, UserRecord};
use paspor_persistence::{DbConnection, new_id, outbox, write_transaction};
use sha2::{Digest, Sha256};

use super::input::email_only;
use super::{AccountError, messages};
use crate::auth::{ACCESS_TOKEN_TTL, TokenKeys, new_refresh_token, refresh_token_hash};
use crate::state::AppState;

/// How long a refresh token is good for.
const REFRESH_TOKEN_TTL: TimeDelta = TimeDelta::days(30);

/// What a client holds after signing in.
#[derive(Debug, Clone)]
pub struct SessionTokens {
    /// The JWT access token.
    pub access_token: String,
    /// The opaque refresh token.
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u32,
}

/// Adds a refresh token to `family` and signs an access token for it.
fn hand_out(
    conn: &mut DbConnection,
    keys: &TokenKeys,
    user: &UserRecord,
    family: &str,
    now: DateTime<Utc>,
) -> Result<SessionTokens, AccountError> {
    let refresh_token = new_refresh_token();
    refresh_tokens::insert(
        conn,
        &user.id,
        family,
        &refresh_token_hash(&refresh_token),
        now,
        now + REFRESH_TOKEN_TTL,
    )?;
    let (access_token, _) = keys.issue(&user.id, user.role, user.office_id.clone(), family, now)?;
    Ok(SessionTokens {
        access_token,
        refresh_token,
        expires_in: u32::try_from(ACCESS_TOKEN_TTL.num_seconds()).unwrap_or(900),
    })
}

/// The subject failed sign-ins are counted under: a hash of the normalised email address,
/// whether or not an account has it.
pub(crate) fn sign_in_subject(email: &str) -> String {
    hex::encode(Sha256::digest(email.as_bytes()))
}

/// Until when a try at `subject` from `address` must wait, if it must (see
/// `paspor_domain::account::sign_in_throttle`), in the same time for known and unknown
/// email addresses.
fn wait_of(
    conn: &mut DbConnection,
    subject: &str,
    address: &str,
    account: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, AccountError> {
    let own = sign_in_throttle::find(conn, subject, address)?;
    let every = sign_in_throttle::find(conn, subject, EVERY_ADDRESS)?;
    let known = match account {
        Some(account) => sign_in_throttle::is_known_address(conn, account, address)?,
        None => false,
    };
    Ok(SignInPolicy::default().wait_until(own, every, known, now))
}

/// The refusal of a try that must wait until `until`.
pub(super) fn must_wait(until: DateTime<Utc>, now: DateTime<Utc>) -> AccountError {
    AccountError::Throttled {
        until,
        retry_after: (until - now).num_seconds().max(1),
    }
}

/// Counts a failed sign-in at `subject` from `address` (and from every address together),
/// and tells `owner`, if the email address has an account, once the failures of every
/// address reach the count from which strangers' addresses wait. The same writes happen
/// for an email address without an account.
pub(super) async fn record_failed_sign_in(
    state: &AppState,
    subject: String,
    address: String,
    owner: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let policy = SignInPolicy::default();
    let told = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                sign_in_throttle::count_failure(conn, &subject, &address, now, |before| {
                    policy.after_failure(before, policy.free_failures, now)
                })?;
                // Unknown addresses wait from the account-wide count on: it is not free.
                let free = policy.account_wide_failures.saturating_sub(1);
                let every = sign_in_throttle::count_failure(
                    conn,
                    &subject,
                    EVERY_ADDRESS,
                    now,
                    |before| policy.after_failure(before, free, now),
                )?;
                let tell = policy.tells_owner(&every);
                if let Some(owner) = owner.filter(|_| tell) {
                    let language = match users::find_by_email(conn, &owner)? {
                        Some(user) => crate::locale::Language::of_account(&user.language),
                        None => crate::locale::Language::DEFAULT,
                    };
                    outbox::enqueue(conn, &messages::failed_sign_ins(language, &owner), now)?;
                }
                Ok::<_, AccountError>(tell)
            })
        })
        .await?;
    if told {
        state.outbox.wake();
    }
    Ok(())
}

/// Signs in with email and password, from the client `address`.
///
/// Failures are counted per account and address (see `sign_in_throttle`): an address that
/// failed too often for an account waits, and so do addresses that never signed in to it
/// once every address together failed too often; the account itself is never locked, so
/// its owner signs in from an address they used before. An email address without an
/// account is answered, counted and timed as one with a wrong password.
pub async fn login(
    state: &AppState,
    request: LoginRequest,
    address: String,
) -> Result<SessionTokens, AccountError> {
    let lookup = email_only(&request.email)?;
    let subject = sign_in_subject(lookup.as_str());
    let now = state.clock.now();
    let (look_subject, look_address) = (subject.clone(), address.clone());
    let (user, wait) = state
        .db
        .call(move |conn| {
            let user = users::find_by_email(conn, lookup.as_str())?;
            let account = user.as_ref().map(|user| user.id.as_str());
            let wait = wait_of(conn, &look_subject, &look_address, account, now)?;
            Ok::<_, AccountError>((user, wait))
        })
        .await?;
    if let Some(until) = wait {
        return Err(must_wait(until, now));
    }
    let matches = state
        .passwords
        .verify(
            request.password,
            user.as_ref().map(|user| user.password_hash.clone()),
        )
        .await?;
    let user = match user {
        Some(user) if matches => user,
        other => {
            let owner = other.map(|user| user.email);
            record_failed_sign_in(state, subject, address, owner, now).await?;
            return Err(AccountError::BadCredentials);
        }
    };
    // A disabled account is answered as a wrong password is: nothing to learn from it.
    if user.disabled_at.is_some() {
        return Err(AccountError::BadCredentials);
    }
    if user.email_verified_at.is_none() {
        return Err(AccountError::Unverified);
    }
    let keys = state.tokens.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                sign_in_throttle::clear(conn, &subject, &address)?;
                sign_in_throttle::remember_address(conn, &user.id, &address, now)?;
                hand_out(conn, &keys, &user, &new_id(), now)
            })
        })
        .await
}

/// What presenting a refresh token led to.
enum Renewal {
    Renewed(SessionTokens),
    Refused,
}

/// Exchanges a refresh token for a new pair; a reused one revokes its family.
pub async fn refresh(
    state: &AppState,
    request: RefreshRequest,
) -> Result<SessionTokens, AccountError> {
    super::input::refresh_token_form(&request.refresh_token)?;
    let now = state.clock.now();
    let keys = state.tokens.clone();
    let hash = refresh_token_hash(&request.refresh_token);
    let renewal = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let Some(token) = refresh_tokens::find_by_hash(conn, &hash)? else {
                    return Ok(Renewal::Refused);
                };
                // The account first, as every change of its sessions takes it: renewals,
                // sign-outs and password changes of one account take turns instead of
                // locking its tokens in different orders. Read again under the lock.
                if users::lock_open(conn, &token.user_id)?.skipped() {
                    return Ok(Renewal::Refused);
                }
                let Some(token) = refresh_tokens::find_by_hash(conn, &hash)? else {
                    return Ok(Renewal::Refused);
                };
                if token.revoked_at.is_some() || token.expires_at <= now {
                    return Ok(Renewal::Refused);
                }
                // Spent already (or just now by a concurrent request): a replay.
                if token.used_at.is_some() || refresh_tokens::spend(conn, &token.id, now)?.skipped()
                {
                    tracing::warn!(
                        family = token.family_id,
                        "refresh token reused: family revoked"
                    );
                    refresh_tokens::revoke_family(conn, &token.family_id, now)?;
                    return Ok(Renewal::Refused);
                }
                match users::find(conn, &token.user_id)? {
                    Some(user) if user.closed_at.is_none() && user.disabled_at.is_none() => {
                        hand_out(conn, &keys, &user, &token.family_id, now).map(Renewal::Renewed)
                    }
                    _ => Ok(Renewal::Refused),
                }
            })
        })
        .await?;
    match renewal {
        Renewal::Renewed(tokens) => Ok(tokens),
        Renewal::Refused => {
            // A reuse may have revoked a family: its access tokens end too.
            state.sessions.ended();
            Err(AccountError::BadRefreshToken)
        }
    }
}

/// Ends the session the refresh token belongs to. Unknown tokens end nothing, silently.
pub async fn logout(state: &AppState, request: RefreshRequest) -> Result<(), AccountError> {
    super::input::refresh_token_form(&request.refresh_token)?;
    let now = state.clock.now();
    let hash = refresh_token_hash(&request.refresh_token);
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                if let Some(token) = refresh_tokens::find_by_hash(conn, &hash)? {
                    // The account first, as a renewal takes it (a closed one has no
                    // sessions left to end).
                    let _open = users::lock_open(conn, &token.user_id)?;
                    refresh_tokens::revoke_family(conn, &token.family_id, now)?;
                }
                Ok::<_, AccountError>(())
            })
        })
        .await?;
    // Its access tokens stop working now in this process, and soon in every other.
    state.sessions.ended();
    Ok(())
}
