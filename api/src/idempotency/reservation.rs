//! A key reserved for the request being handled, until its answer is stored or the key is
//! given back.
//!
//! actix drops a handler's future when its client disconnects, and a panic unwinds through
//! it; either way the reservation is dropped unsettled, and its drop gives the key back.
//! Without that the key would stay "in flight" for a day, and the client's retry (for
//! work that never finished) would be refused with 409 until it expired.

use std::mem;

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, to_bytes};
use actix_web::http::header::{
    CONNECTION, CONTENT_LENGTH, DATE, HeaderName, SET_COOKIE, TRANSFER_ENCODING,
};
use chrono::{DateTime, Utc};
use paspor_persistence::StoreError;
use paspor_persistence::idempotency;

use crate::db::Db;
use crate::error::ApiError;
use crate::request_id::X_REQUEST_ID;

/// The key of one request, given back on drop unless settled.
pub(super) struct Reservation {
    db: Db,
    account: String,
    key: String,
    /// The instant the key was reserved at: what names this reservation, so that its answer
    /// and its giving back touch only it, never a retry's that took the key over.
    reserved_at: DateTime<Utc>,
    settled: bool,
}

impl Reservation {
    /// The reservation of `key` of `account`, just begun at `reserved_at`.
    pub(super) fn new(
        db: Db,
        account: String,
        key: String,
        reserved_at: DateTime<Utc>,
    ) -> Reservation {
        Reservation {
            db,
            account,
            key,
            reserved_at,
            settled: false,
        }
    }

    /// Keeps the handler's answer for the key, or gives the key back when the answer is a
    /// server failure (5xx: the work may not be done, so a retry must do it); returns the
    /// answer to send, the client's whether or not it could be kept.
    pub(super) async fn settle(mut self, response: HttpResponse) -> Result<HttpResponse, ApiError> {
        if response.status().is_server_error() {
            self.abandon().await;
            return Ok(response);
        }
        // From here on the work is done, and a retry must not do it again: the key is
        // never given back, even if the answer cannot be kept (it then stays in flight, and
        // retries are refused, until it expires). Marked before the awaits below, so that a
        // request dropped during them does not give it back either.
        self.settled = true;
        let (response, body) = response.into_parts();
        let body = to_bytes(body).await.map_err(|error| {
            ApiError::internal(anyhow::anyhow!(
                "reading an answer to keep for an idempotency key: {error}"
            ))
        })?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(name, _)| replayed(name))
            // Handlers set text values; one that is not is left out rather than mangled.
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
            .collect();
        let (account, key, kept) = (self.account.clone(), self.key.clone(), body.clone());
        let reserved_at = self.reserved_at;
        let stored = self
            .db
            .run(move |conn| {
                idempotency::finish(conn, &account, &key, reserved_at, status, &headers, &kept)
            })
            .await;
        match stored {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                key = self.key,
                "the idempotency key was no longer this request's in flight (given back, or \
                 taken over by a retry after too long); its answer was not kept"
            ),
            Err(error) => tracing::error!(
                key = self.key,
                %error,
                "an idempotency key's answer was not kept; it stays in flight until it expires"
            ),
        }
        Ok(response.set_body(BoxBody::new(body)))
    }

    /// Gives the key back now; on failure the drop tries once more.
    async fn abandon(&mut self) {
        let (account, key, reserved_at) =
            (self.account.clone(), self.key.clone(), self.reserved_at);
        let outcome = self
            .db
            .run(move |conn| {
                idempotency::abandon(conn, &account, &key, reserved_at).map_err(StoreError::from)
            })
            .await;
        match outcome {
            Ok(_) => self.settled = true,
            Err(error) => {
                tracing::warn!(key = self.key, %error, "giving back an idempotency key failed");
            }
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let (pool, account, key, reserved_at) = (
            self.db.pool().clone(),
            mem::take(&mut self.account),
            mem::take(&mut self.key),
            self.reserved_at,
        );
        let give_back = move || {
            let outcome = pool
                .get()
                .map_err(StoreError::Unavailable)
                .and_then(|mut conn| {
                    Ok(idempotency::abandon(
                        &mut conn,
                        &account,
                        &key,
                        reserved_at,
                    )?)
                });
            match outcome {
                Ok(_) => tracing::info!(key, "idempotency key given back: its request went away"),
                Err(error) => tracing::warn!(
                    key,
                    %error,
                    "an idempotency key of a request that went away stays in flight"
                ),
            }
        };
        // A drop cannot wait for the database, so the delete runs on the blocking pool; with
        // no runtime to hand it to (the process is stopping), it runs here.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(give_back)),
            Err(_) => give_back(),
        }
    }
}

/// Whether a header of the first answer is part of what is replayed. Left out are those
/// that describe one response on one connection rather than the answer (the server sets
/// them again), and the request id, which names the replay's own request.
fn replayed(name: &HeaderName) -> bool {
    ![
        CONTENT_LENGTH,
        TRANSFER_ENCODING,
        CONNECTION,
        DATE,
        SET_COOKIE,
    ]
    .contains(name)
        && *name != X_REQUEST_ID
}
