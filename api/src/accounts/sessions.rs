//! Signing in and out, and renewing a session.
//!
//! A sign-in starts a refresh-token family; each refresh spends its token and hands out a
//! successor in the same family. A spent token presented again means a copy is in other
//! hands: the whole family is revoked, signing out both the thief and the holder.
//! Unknown emails cost the same argon2 work as wrong passwords and answer alike.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::account::lockout;
use paspor_openapi::{LoginRequest, RefreshRequest};
use paspor_persistence::accounts::refresh_tokens;
use paspor_persistence::accounts::users::{self, UserRecord};
use paspor_persistence::{DbConnection, QueryError, new_id, outbox, write_transaction};

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

/// Whether the account is locked now, as the refusal to give.
fn lock_of(user: &UserRecord, now: DateTime<Utc>) -> Option<AccountError> {
    user.locked_until
        .filter(|until| *until > now)
        .map(|until| AccountError::Locked {
            until,
            retry_after: (until - now).num_seconds(),
        })
}

/// Records a wrong password for the account, locking it when the count calls for it.
pub(super) async fn record_failed_sign_in(
    state: &AppState,
    user: UserRecord,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| count_failure(conn, &user, now))
                .map_err(AccountError::from)
        })
        .await?;
    state.outbox.wake();
    Ok(())
}

/// Counts a failed sign-in; locks the account when the count calls for it and tells the
/// owner when a new block of failures starts a lock.
fn count_failure(
    conn: &mut DbConnection,
    user: &UserRecord,
    now: DateTime<Utc>,
) -> Result<(), QueryError> {
    let failures = users::count_failed_login(conn, &user.id)?;
    if let Some(duration) = lockout::lock_duration(failures) {
        users::lock(conn, &user.id, now + duration)?;
        if failures % lockout::FAILURES_BEFORE_LOCK == 0 {
            outbox::enqueue(
                conn,
                &messages::account_locked(&user.email, duration.num_minutes()),
                now,
            )?;
        }
    }
    Ok(())
}

/// Signs in with email and password.
pub async fn login(state: &AppState, request: LoginRequest) -> Result<SessionTokens, AccountError> {
    let lookup = email_only(&request.email)?;
    let user = state
        .db
        .call(move |conn| users::find_by_email(conn, lookup.as_str()).map_err(AccountError::from))
        .await?;
    let now = state.clock.now();
    if let Some(refusal) = user.as_ref().and_then(|user| lock_of(user, now)) {
        return Err(refusal);
    }
    let matches = state
        .passwords
        .verify(
            request.password,
            user.as_ref().map(|user| user.password_hash.clone()),
        )
        .await?;
    let Some(user) = user else {
        return Err(AccountError::BadCredentials);
    };
    if !matches {
        record_failed_sign_in(state, user, now).await?;
        return Err(AccountError::BadCredentials);
    }
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
                users::clear_failed_logins(conn, &user.id)?;
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
