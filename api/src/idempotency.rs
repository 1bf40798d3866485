//! `Idempotency-Key` on POSTs that create or pay: a retry with the same key and request
//! gets the first answer again instead of a second application, booking or payment.
//!
//! Routes opt in by handing their use case's [`Write`] to [`write`]; it is not middleware,
//! because only some routes take keys and keys belong to the signed-in caller. The key is
//! held inside the write transaction of the work it guards, and its answer kept there
//! too, so the work and the answer commit together or not at all: whatever the crash (the
//! process killed between the commit and the answer, the client gone), a retry gets the
//! first answer, or does the work for the first time. A concurrent request with the same
//! key waits for the first one's transaction and replays what it committed; api processes
//! sharing one database agree through the key's primary key.
//!
//! A refusal (4xx) rolls the work back; by default it is then kept for the key too, in a
//! short transaction of its own, and replayed. A 5xx is never kept: a retry does the work.
//!
//! ```ignore
//! let input: ApplicationCreateRequest = parse_json(&request, &body)?;
//! let draft = applications::create_draft(&state, &principal, input);
//! idempotency::write(&state, &principal, &request, &body, KeyRule::Required, Refusals::Kept, draft,
//!     |created| Answer::created(created).at(format!("/v1/applications/{}", created.id)))
//! .await
//! ```

mod answer;
mod transaction_key;

use actix_web::body::to_bytes;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use chrono::TimeDelta;
use paspor_persistence::idempotency::{Held, StoredResponse};
use paspor_persistence::{StoreError, write_transaction};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::problem::ProblemKind;
pub use answer::Answer;
use paspor_app::auth::Principal;
use paspor_app::locale::Message;
use paspor_app::state::AppState;
use paspor_app::write::{Effect, Looked, Rollback, Write};
pub use transaction_key::TransactionKey;

/// The request header naming the key.
pub static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The response header marking an answer as a replay of the first.
pub static IDEMPOTENCY_REPLAYED: HeaderName = HeaderName::from_static("idempotency-replayed");

/// How long a key and its answer are kept.
pub const KEY_TTL: TimeDelta = TimeDelta::hours(24);

/// The longest key accepted.
const MAX_KEY_LEN: usize = 255;

/// Whether a route needs the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRule {
    /// Without it the route answers 400.
    Required,
    /// Without it the work simply runs.
    Optional,
}

/// What a refusal leaves for its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusals {
    /// It is the key's answer, replayed to a retry.
    Kept,
    /// Nothing: a retry with the key is judged afresh, as a first attempt would be (a
    /// booking refused as full may succeed once a place frees).
    Forgotten,
}

/// A route that requires a key and keeps refusals as its answer.
pub const KEY_REQUIRED: (KeyRule, Refusals) = (KeyRule::Required, Refusals::Kept);

/// A route that takes a key if sent and keeps refusals as its answer.
pub const KEY_OPTIONAL: (KeyRule, Refusals) = (KeyRule::Optional, Refusals::Kept);

/// Runs `write` at most once per `Idempotency-Key` of the caller, in one transaction with
/// the key and the answer `answer` makes of its result, and answers every other request
/// with that key from the first one's answer.
///
/// `body` is the raw request body: with the method and path it makes the request's
/// fingerprint, so a key reused for another request is refused (422). Without the header
/// the work runs alone, unless the key is [`KeyRule::Required`] (400).
pub async fn write<T, E>(
    state: &AppState,
    principal: &Principal,
    request: &HttpRequest,
    body: &[u8],
    (rule, refusals): (KeyRule, Refusals),
    work: Write<T, E>,
    answer: impl FnOnce(&T) -> Answer + Send + 'static,
) -> Result<HttpResponse, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + From<StoreError> + From<anyhow::Error> + Send + 'static,
{
    let key = match idempotency_key(request)? {
        Some(key) => key,
        None if rule == KeyRule::Required => return Err(missing_key()),
        None => return unkeyed(state, work, answer).await,
    };
    let key = TransactionKey::new(
        principal.account.clone(),
        key,
        request_hash(request, body),
        state.clock.now(),
    );
    let held_key = key.clone();
    let outcome = state
        .db
        .call(move |conn| {
            // The look first: a first attempt, the usual case, then costs no read of its
            // key (taking the key finds it used). A refusal of the look yields to what the
            // key holds.
            let Looked { work, committed } = match work.look(conn) {
                Ok(looked) => looked,
                Err(refusal) => {
                    return match held_key.look(conn)? {
                        Some(held) => Ok(Keyed::Held(held)),
                        None => Err(refusal),
                    };
                }
            };
            let (mut work, mut answer) = (Some(work), Some(answer));
            // Twice at most: a key found taken but expired is cleared by the look at it,
            // and then taken again.
            for _ in 0..2 {
                let done = write_transaction(conn, |conn| {
                    if held_key.hold(conn)?.skipped() {
                        return Err(Taken::Taken);
                    }
                    // Taken only once the key is: a key found taken leaves them for the
                    // next try.
                    let (Some(work), Some(answer)) = (work.take(), answer.take()) else {
                        return Err(Taken::Refused(E::from(anyhow::anyhow!(
                            "a write ran twice"
                        ))));
                    };
                    let value = work(conn).map_err(Taken::Refused)?;
                    let kept = answer(&value)
                        .into_stored()
                        .map_err(|error| Taken::Refused(E::from(error)))?;
                    held_key.keep(conn, &kept)?;
                    Ok(kept)
                });
                match done {
                    Ok(kept) => return Ok(Keyed::Done(kept, committed)),
                    Err(Taken::Refused(error)) => return Err(error),
                    // Another request with the key committed first: its answer is ours.
                    Err(Taken::Taken) => {
                        if let Some(held) = held_key.look(conn)? {
                            return Ok(Keyed::Held(held));
                        }
                    }
                }
            }
            Ok(Keyed::InFlight)
        })
        .await;
    match outcome {
        Ok(Keyed::Done(kept, committed)) => {
            if let Some(effect) = committed {
                effect();
            }
            state.outbox.wake();
            state.fault_after_commit.strike().await;
            Ok(Answer::response(kept))
        }
        Ok(Keyed::Held(Held::Replay(stored))) => replay(stored),
        Ok(Keyed::Held(Held::Mismatch)) => Err(key_reused()),
        Ok(Keyed::InFlight) => Err(in_flight()),
        Err(error) => {
            let error: ApiError = error.into();
            if refusals == Refusals::Kept && ResponseError::status_code(&error).is_client_error() {
                keep_refusal(state, key, error).await
            } else {
                Err(error)
            }
        }
    }
}

/// [`write`] for a request without a key.
async fn unkeyed<T, E>(
    state: &AppState,
    work: Write<T, E>,
    answer: impl FnOnce(&T) -> Answer + Send + 'static,
) -> Result<HttpResponse, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + From<StoreError> + From<anyhow::Error> + Send + 'static,
{
    let value = work.run(&state.db).await.map_err(Into::into)?;
    state.outbox.wake();
    let kept = answer(&value).into_stored().map_err(ApiError::internal)?;
    Ok(Answer::response(kept))
}

/// What a keyed write came to, on its blocking thread.
enum Keyed {
    /// Done and committed with its answer; the effect to run now that it is.
    Done(StoredResponse, Option<Effect>),
    /// The key held an answer, or another request's.
    Held(Held),
    /// Another request took the key and left nothing to read (it expired or was purged in
    /// between): rare enough to ask for a retry.
    InFlight,
}

/// Why the transaction of a keyed write rolled back.
enum Taken<E> {
    /// The work refused or failed.
    Refused(E),
    /// Another request holds the key.
    Taken,
}

impl<E: From<StoreError>> From<StoreError> for Taken<E> {
    fn from(error: StoreError) -> Self {
        Taken::Refused(E::from(error))
    }
}

impl<E> From<Rollback<E>> for Taken<E> {
    fn from(Rollback(error): Rollback<E>) -> Self {
        Taken::Refused(error)
    }
}

/// Keeps a refusal as the key's answer, in a transaction of its own (the work's rolled
/// back), and answers it; if another request with the key answered meanwhile, that answer
/// is the key's and is replayed instead.
async fn keep_refusal(
    state: &AppState,
    key: TransactionKey,
    error: ApiError,
) -> Result<HttpResponse, ApiError> {
    let response = HttpResponse::from_error(error);
    let (response, body) = response.into_parts();
    let body = to_bytes(body).await.map_err(|error| {
        ApiError::internal(anyhow::anyhow!("reading a refusal to keep: {error}"))
    })?;
    let refusal = Answer::from_response(&response, body.to_vec());
    let kept = state
        .db
        .run(move |conn| {
            let kept = write_transaction(conn, |conn| {
                if key.hold(conn)?.skipped() {
                    return Ok(None);
                }
                key.keep(conn, &refusal)?;
                Ok::<_, StoreError>(Some(refusal))
            })?;
            match kept {
                Some(refusal) => Ok::<_, StoreError>(Ok(refusal)),
                None => Ok(Err(key.look(conn)?)),
            }
        })
        .await?;
    match kept {
        Ok(refusal) => Ok(Answer::response(refusal)),
        Err(Some(Held::Replay(stored))) => replay(stored),
        Err(Some(Held::Mismatch)) => Err(key_reused()),
        Err(None) => Err(in_flight()),
    }
}

/// The refusal of a request that must carry a key and carries none.
fn missing_key() -> ApiError {
    ApiError::new(
        ProblemKind::Validation,
        Message::new("idempotency-key-missing"),
    )
    .with_field_error(IDEMPOTENCY_KEY.as_str(), Message::new("field-required"))
}

/// The refusal of a key used before for another request.
fn key_reused() -> ApiError {
    ApiError::new(
        ProblemKind::Unprocessable,
        Message::new("idempotency-key-reused"),
    )
}

/// The refusal of a request whose key another request took and left nothing to replay.
pub fn in_flight() -> ApiError {
    ApiError::new(
        ProblemKind::Conflict,
        Message::new("idempotency-key-in-flight"),
    )
    .with_header(RETRY_AFTER, "1")
}

/// The key the request carries: `None` without the header; 400 unless it is sent once and
/// is 1 to 255 visible ASCII characters.
fn idempotency_key(request: &HttpRequest) -> Result<Option<String>, ApiError> {
    let mut values = request.headers().get_all(&IDEMPOTENCY_KEY);
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(ApiError::invalid_field(
            IDEMPOTENCY_KEY.as_str(),
            Message::new("header-once"),
        ));
    }
    value
        .to_str()
        .ok()
        .filter(|key| (1..=MAX_KEY_LEN).contains(&key.len()))
        .filter(|key| key.bytes().all(|byte| byte.is_ascii_graphic()))
        .map(|key| Some(key.to_owned()))
        .ok_or_else(|| {
            ApiError::invalid_field(
                IDEMPOTENCY_KEY.as_str(),
                Message::new("header-visible-ascii").with("max", MAX_KEY_LEN),
            )
        })
}

/// SHA-256 (hex) of the method, the path with its query, and the body. NUL bytes separate
/// them: neither a method nor a path holds one, so no two requests share a fingerprint by
/// moving bytes from one part to the next.
fn request_hash(request: &HttpRequest, body: &[u8]) -> String {
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.path(), |target| target.as_str());
    let mut hash = Sha256::new();
    hash.update(request.method().as_str());
    hash.update([0]);
    hash.update(target);
    hash.update([0]);
    hash.update(body);
    hex::encode(hash.finalize())
}

/// The first answer again, marked as a replay. Its body is the first one's byte for byte,
/// so a problem in it carries the first request's id, the one the log knows the cause by.
fn replay(stored: StoredResponse) -> Result<HttpResponse, ApiError> {
    let status = StatusCode::from_u16(stored.status).map_err(ApiError::internal)?;
    let mut response = HttpResponse::build(status).body(stored.body);
    for (name, value) in stored.headers {
        let name = HeaderName::try_from(name).map_err(ApiError::internal)?;
        let value = HeaderValue::try_from(value).map_err(ApiError::internal)?;
        response.headers_mut().append(name, value);
    }
    response.headers_mut().insert(
        IDEMPOTENCY_REPLAYED.clone(),
        HeaderValue::from_static("true"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests;
