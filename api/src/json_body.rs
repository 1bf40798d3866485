//! JSON request bodies are objects: every request schema of the document is one. serde
//! also reads a struct from a JSON array, by position (`[null, null]` is a valid
//! `AccountPatch`), which the published contract does not allow; so a JSON body whose first
//! value is not an object is refused here, at the edge, for every operation the document
//! says takes a JSON body, before any handler reads it.
//!
//! Only the first bytes are looked at: the chunks read are put back in front of the rest
//! of the stream, so the route's own size limit and parser still see the whole body.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage as _, mime, web};
use futures_util::StreamExt as _;
use paspor_app::locale::Message;
use utoipa::openapi::RefOr;

use crate::problem::{ProblemKind, problem_response};

/// The operations whose request body is JSON, by method and path.
pub struct JsonBodies {
    operations: Vec<(Method, ResourceDef)>,
}

impl JsonBodies {
    /// The operations of `doc` that take a JSON body.
    pub fn from_doc(doc: &utoipa::openapi::OpenApi) -> JsonBodies {
        let mut operations = Vec::new();
        for (path, item) in &doc.paths.paths {
            let methods = [
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::PATCH, &item.patch),
                (Method::DELETE, &item.delete),
            ];
            for (method, operation) in methods {
                let json = operation
                    .as_ref()
                    .and_then(|operation| operation.request_body.as_ref())
                    .is_some_and(|body| match body {
                        RefOr::T(body) => body.content.contains_key("application/json"),
                        RefOr::Ref(_) => false,
                    });
                if json {
                    operations.push((method, ResourceDef::new(path.as_str())));
                }
            }
        }
        JsonBodies { operations }
    }

    fn takes_json(&self, method: &Method, path: &str) -> bool {
        self.operations
            .iter()
            .any(|(m, def)| m == method && def.is_match(path))
    }
}

/// Refuses (400) a JSON body that does not start with an object, on operations that take
/// JSON; anything else passes untouched (a body that is not JSON at all is the route's 415).
pub async fn require_json_objects(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, Error> {
    let checked = request
        .app_data::<web::Data<JsonBodies>>()
        .is_some_and(|bodies| bodies.takes_json(request.method(), request.path()))
        && is_json(&request);
    if checked {
        let mut payload = request.take_payload();
        let mut read = Vec::new();
        let mut first = None;
        while first.is_none() {
            match payload.next().await {
                Some(Ok(chunk)) => {
                    first = chunk.iter().copied().find(|b| !b.is_ascii_whitespace());
                    read.push(chunk);
                }
                // The route's own extractor meets the error (or the end) where it stands.
                Some(Err(error)) => {
                    let rest = futures_util::stream::once(async move { Err(error) });
                    request.set_payload(replay(read, rest));
                    return next
                        .call(request)
                        .await
                        .map(ServiceResponse::map_into_left_body);
                }
                None => break,
            }
        }
        if first.is_some_and(|b| b != b'{') {
            let response = problem_response(
                ProblemKind::MalformedBody,
                &Message::new("problem-json-not-object").into(),
                &[],
            );
            return Ok(request.into_response(response).map_into_right_body());
        }
        request.set_payload(replay(read, payload));
    }
    next.call(request)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// The chunks already read, then the rest of the stream.
fn replay<S>(read: Vec<web::Bytes>, rest: S) -> Payload
where
    S: futures_util::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + 'static,
{
    let stream = futures_util::stream::iter(read.into_iter().map(Ok)).chain(rest);
    let boxed: std::pin::Pin<
        Box<dyn futures_util::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>>>,
    > = Box::pin(stream);
    Payload::from(boxed)
}

/// Whether the request says its body is JSON (`application/json` or `…+json`).
fn is_json(request: &ServiceRequest) -> bool {
    request.headers().contains_key(header::CONTENT_TYPE)
        && request
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|mime| mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON))
}
