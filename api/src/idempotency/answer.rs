//! The answer of a keyed write in the form it is kept in: status, the headers worth
//! replaying, and the body byte for byte. The first answer is sent from what was kept, so
//! a replay is the same answer, not a rendering of it.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{
    CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, DATE, HeaderName, HeaderValue, LOCATION, SET_COOKIE,
    TRANSFER_ENCODING,
};
use paspor_persistence::idempotency::StoredResponse;
use serde::Serialize;

use crate::request_id::X_REQUEST_ID;

/// A JSON answer to a keyed write, as the route makes it from the use case's result.
#[derive(Debug)]
pub struct Answer {
    status: StatusCode,
    location: Option<String>,
    body: Result<Vec<u8>, serde_json::Error>,
}

impl Answer {
    /// 200 with `value` as JSON.
    pub fn ok<T: Serialize>(value: &T) -> Answer {
        Answer::json(StatusCode::OK, value)
    }

    /// 201 with `value` as JSON.
    pub fn created<T: Serialize>(value: &T) -> Answer {
        Answer::json(StatusCode::CREATED, value)
    }

    /// `status` with `value` as JSON.
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Answer {
        Answer {
            status,
            location: None,
            body: serde_json::to_vec(value),
        }
    }

    /// With a `Location` header naming what was created.
    pub fn at(mut self, location: impl Into<String>) -> Answer {
        self.location = Some(location.into());
        self
    }

    /// As it is kept for the key; an answer that cannot be written as JSON is a bug.
    pub(super) fn into_stored(self) -> Result<StoredResponse, anyhow::Error> {
        let mut headers = vec![(CONTENT_TYPE.to_string(), "application/json".to_owned())];
        if let Some(location) = self.location {
            headers.push((LOCATION.to_string(), location));
        }
        Ok(StoredResponse {
            status: self.status.as_u16(),
            headers,
            body: self.body?,
        })
    }

    /// The response of a kept answer (a replay adds its mark to it).
    pub(super) fn response(stored: StoredResponse) -> HttpResponse {
        let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
        let mut response = HttpResponse::build(status).body(stored.body);
        for (name, value) in stored.headers {
            // Kept by this server from valid headers; one that no longer parses is left out.
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::try_from(value))
            {
                response.headers_mut().append(name, value);
            }
        }
        response
    }

    /// A response the error mapping made (a refusal), as kept for the key.
    pub(super) fn from_response(head: &HttpResponse<()>, body: Vec<u8>) -> StoredResponse {
        let headers = head
            .headers()
            .iter()
            .filter(|(name, _)| replayed(name))
            // Text values only; one that is not is left out rather than mangled.
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
            .collect();
        StoredResponse {
            status: head.status().as_u16(),
            headers,
            body,
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
