//! `Idempotency-Key` on POSTs that create or pay: a retry with the same key and request
//! gets the first answer again instead of a second application, booking or payment.
//!
//! Handlers opt in by wrapping their work in [`idempotent`]; it is not middleware, because
//! only some routes take keys and keys belong to the signed-in caller. The key is reserved
//! in the database before the work runs, so that api processes sharing one database agree
//! on which request does it; the answer, 4xx refusals included, is stored once it is known.
//! A 5xx is not an answer to keep: the key is given back and a retry does the work again,
//! as it is when the client goes away before its answer is ready.
//!
//! ```ignore
//! let input: ApplicationCreate = parse_json(&request, &body)?;
//! idempotent(&state, &principal, &request, &body, true, || async {
//!     let created = applications::create(&state, &principal, input).await?;
//!     Ok(HttpResponse::Created().insert_header((LOCATION, created.href())).json(created))
//! })
//! .await
//! ```

mod reservation;
mod transaction_key;

use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::http::header::{ContentType, HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse};
use chrono::TimeDelta;
use paspor_persistence::idempotency::{self, Begin, StoredResponse};
use paspor_persistence::{DbConnection, StoreError};
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::problem::ProblemKind;
use crate::state::AppState;
use reservation::Reservation;
pub use transaction_key::TransactionKey;

/// The request header naming the key.
pub static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The response header marking an answer as a replay of the first.
pub static IDEMPOTENCY_REPLAYED: HeaderName = HeaderName::from_static("idempotency-replayed");

/// How long a key and its answer are kept.
pub const KEY_TTL: TimeDelta = TimeDelta::hours(24);

/// How long a key may stay in flight (reserved, no answer) before a retry with it takes it
/// over instead of being answered 409: longer than any request can run, so that a key
/// still in flight this long belongs to a request whose process died (killed, crashed)
/// and will never finish nor give it back.
///
/// Derived from the server's limits (`crate::limits::Limits`): a key is reserved once the
/// request's head and body have arrived (the client and body timeouts, 10 s and 120 s by
/// default, are spent before), so what runs after is the handler and the storing of its
/// answer: a few statements, each waiting at most the pool timeout for a connection (5 s
/// by default) and the lock timeout for a lock (10 s by default), so 15 s a statement at
/// worst. No handler behind a key calls out of the process. With the default limits a
/// request is done in well under a minute; five minutes leaves room for a handful of
/// statements all at their worst, and is short enough that a client retrying after a
/// crash is not turned away for long. A request still running past it (possible only with
/// those timeouts raised far above their defaults) may have its work done twice, by it and
/// by the retry, each then refused by the domain's own checks where it matters (a second
/// booking of an application, a code paid twice); its late answer is not kept (see
/// `paspor_persistence::idempotency::finish`).
pub const IN_FLIGHT_BOUND: TimeDelta = TimeDelta::minutes(5);

/// The longest key accepted.
const MAX_KEY_LEN: usize = 255;

/// Runs `handler` at most once per `Idempotency-Key` of the caller, and answers every
/// other request with that key from the first one's answer.
///
/// `body` is the raw request body: with the method and path it makes the request's
/// fingerprint, so a key reused for another request is refused (422). A request whose key
/// is still being answered is refused with 409. Without the header the handler simply runs,
/// unless `required`, which answers 400.
pub async fn idempotent<F, Fut>(
    state: &AppState,
    principal: &Principal,
    request: &HttpRequest,
    body: &[u8],
    required: bool,
    handler: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<HttpResponse, ApiError>>,
{
    let Some(key) = idempotency_key(request)? else {
        if required {
            return Err(missing_key());
        }
        return handler().await;
    };
    with_key(state, principal, request, body, key, handler).await
}

/// Like [`idempotent`] with the key required, for work done in one write transaction that
/// holds the key itself ([`TransactionKey`]): the key is taken in that transaction and
/// its answer, a 200 of JSON, kept there too, so the work and its key's answer commit
/// together or not at all. Nothing is kept for a refusal (the transaction rolls back): a
/// retry with the key is judged afresh, as a first attempt would be. A key this caller
/// used before is answered as [`idempotent`] answers it (replayed, 409 while in flight,
/// 422 for another request).
///
/// `work` runs on the connection the key was looked at on, in the same call, and returns
/// the JSON body answered with 200. Work that a look alone may refuse looks first, outside
/// its transaction: such a refusal writes nothing.
///
/// Why: in a quota-release rush nearly every booking attempt finds the session full, and
/// learns it from one read-only call; one that books makes that same one call, with one
/// commit, instead of four calls with a commit each (reserving the key, the booking,
/// keeping its answer), each queuing again for a connection behind the whole rush.
pub async fn idempotent_in_transaction<W>(
    state: &AppState,
    principal: &Principal,
    request: &HttpRequest,
    body: &[u8],
    work: W,
) -> Result<HttpResponse, ApiError>
where
    W: FnOnce(&mut DbConnection, TransactionKey) -> Result<Vec<u8>, ApiError> + Send + 'static,
{
    let key = idempotency_key(request)?.ok_or_else(missing_key)?;
    let hash = request_hash(request, body);
    let now = state.clock.now();
    let account = principal.account.clone();
    let held = state
        .db
        .run(move |conn| {
            match idempotency::look(conn, &account, &key, &hash, now, IN_FLIGHT_BOUND)? {
                None => work(conn, TransactionKey::new(account, key, hash, now)).map(Ok),
                Some(held) => Ok::<_, ApiError>(Err(held)),
            }
        })
        .await?;
    match held {
        Ok(answer) => Ok(HttpResponse::Ok()
            .content_type(ContentType::json())
            .body(answer)),
        Err(Begin::Replay(stored)) => replay(stored),
        Err(Begin::Mismatch) => Err(key_reused()),
        Err(Begin::InFlight | Begin::Started) => Err(in_flight()),
    }
}

/// The refusal of a request that must carry a key and carries none.
fn missing_key() -> ApiError {
    ApiError::new(
        ProblemKind::Validation,
        "this request needs an Idempotency-Key header",
    )
    .with_field_error(IDEMPOTENCY_KEY.as_str(), "is required")
}

/// [`idempotent`] once the request's `key` is known.
async fn with_key<F, Fut>(
    state: &AppState,
    principal: &Principal,
    request: &HttpRequest,
    body: &[u8],
    key: String,
    handler: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<HttpResponse, ApiError>>,
{
    let account = principal.account.clone();
    let hash = request_hash(request, body);
    let now = state.clock.now();
    let db = state.db.clone();
    let claim = state
        .db
        .run(move |conn| {
            Ok::<_, StoreError>(
                match idempotency::begin(
                    conn,
                    &account,
                    &key,
                    &hash,
                    now,
                    KEY_TTL,
                    IN_FLIGHT_BOUND,
                )? {
                    // Made here, on the blocking thread, rather than once the result is
                    // back: if the request is dropped while this runs, the result is
                    // dropped unreceived and the reservation's drop gives the key back.
                    Begin::Started => Claim::Ours(Reservation::new(db, account, key, now)),
                    Begin::Replay(stored) => Claim::Replay(stored),
                    Begin::Mismatch => Claim::Mismatch,
                    Begin::InFlight => Claim::InFlight,
                },
            )
        })
        .await?;
    match claim {
        Claim::Ours(reservation) => {
            let response = handler().await.unwrap_or_else(HttpResponse::from_error);
            reservation.settle(response).await
        }
        Claim::Replay(stored) => replay(stored),
        Claim::Mismatch => Err(key_reused()),
        Claim::InFlight => Err(in_flight()),
    }
}

/// The refusal of a key used before for another request.
fn key_reused() -> ApiError {
    ApiError::new(
        ProblemKind::Unprocessable,
        "this Idempotency-Key was used for a different request (method, path or body); use a \
         new key for a new request",
    )
}

/// The refusal of a request whose key is held by another request still being answered.
pub fn in_flight() -> ApiError {
    ApiError::new(
        ProblemKind::Conflict,
        "a request with this Idempotency-Key is still being processed; retry shortly",
    )
    .with_header(RETRY_AFTER, "1")
}

/// What a request's key holds for it.
enum Claim {
    /// The key is this request's: run the handler and settle.
    Ours(Reservation),
    /// Answered before.
    Replay(StoredResponse),
    /// Used for another request.
    Mismatch,
    /// Another request with it is being answered.
    InFlight,
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
            "must be sent once",
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
                format!("must be 1 to {MAX_KEY_LEN} visible ASCII characters"),
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
