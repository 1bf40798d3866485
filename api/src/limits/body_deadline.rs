//! A deadline on request bodies, and an end to connections whose body was not read.
//!
//! actix-web bounds the time a client takes to send a request's head, but not its body: a
//! client that sends its headers promptly and then one byte of body every few seconds
//! ("slow POST") would hold its connection and its request for as long as it likes. Here
//! every body gets a deadline from the moment its head has arrived; past it the body reads
//! as an error and the request is answered 408 as a problem.
//!
//! Once answered, a request whose body was not read to its end (timed out, too large, or
//! ignored by its route) must not keep its connection either: for a chunked body actix-web
//! would otherwise go on reading and discarding the rest, however slowly or endlessly it
//! comes. Keeping the unread body alive until the answer has been sent makes actix-web
//! close the connection instead (after `client_disconnect_timeout`).

use std::cell::RefCell;
use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::HttpMessage as _;
use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::error::PayloadError;
use actix_web::http::{ConnectionType, StatusCode};
use actix_web::web::Bytes;
use futures_core::Stream;
use paspor_app::locale::Message;

use crate::problem::{ProblemKind, problem_response};

/// The middleware: `.wrap(BodyDeadline::new(limit))`.
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadline {
    limit: Duration,
}

impl BodyDeadline {
    /// Bodies must arrive whole within `limit` of their head.
    pub fn new(limit: Duration) -> BodyDeadline {
        BodyDeadline { limit }
    }
}

impl<S, B> Transform<S, ServiceRequest> for BodyDeadline
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<Holding<EitherBody<B>>>;
    type Error = actix_web::Error;
    type Transform = BodyDeadlineService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(BodyDeadlineService {
            service,
            limit: self.limit,
        }))
    }
}

/// The middleware around one worker's service.
pub struct BodyDeadlineService<S> {
    service: S,
    limit: Duration,
}

type Answer<B> = Result<ServiceResponse<Holding<EitherBody<B>>>, actix_web::Error>;

impl<S, B> Service<ServiceRequest> for BodyDeadlineService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<Holding<EitherBody<B>>>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Answer<B>>>>;

    forward_ready!(service);

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        let payload = request.take_payload();
        if matches!(payload, Payload::None) {
            let answer = self.service.call(request);
            return Box::pin(async move {
                let response = answer.await?;
                Ok(response.map_body(|_, body| Holding::new(EitherBody::left(body), None)))
            });
        }
        let body = Rc::new(RefCell::new(Body {
            payload: Some(payload),
            finished: false,
            expired: false,
        }));
        let deadlined: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
            Box::pin(Deadlined {
                body: body.clone(),
                deadline: Box::pin(tokio::time::sleep(self.limit)),
            });
        request.set_payload(Payload::from(deadlined));
        let answer = self.service.call(request);
        let limit = self.limit;
        Box::pin(async move {
            let response = answer.await?;
            let (expired, unread) = {
                let mut body = body.borrow_mut();
                let unread = if body.finished {
                    None
                } else {
                    body.payload.take()
                };
                (body.expired, unread)
            };
            if !expired {
                return Ok(
                    response.map_body(|_, body| Holding::new(EitherBody::left(body), unread))
                );
            }
            let (request, _) = response.into_parts();
            let mut timed_out = problem_response(
                ProblemKind::Other(StatusCode::REQUEST_TIMEOUT),
                &Message::new("problem-body-too-slow")
                    .with("seconds", limit.as_secs().max(1))
                    .into(),
                &[],
            );
            timed_out
                .head_mut()
                .set_connection_type(ConnectionType::Close);
            let timed_out =
                timed_out.map_body(|_, body| Holding::new(EitherBody::right(body), unread));
            Ok(ServiceResponse::new(request, timed_out))
        })
    }
}

/// A request's body as the route reads it, shared with the middleware so that what was not
/// read can outlive the route.
struct Body {
    payload: Option<Payload>,
    /// Read to its end.
    finished: bool,
    /// Past its deadline.
    expired: bool,
}

/// The body as handed to the route: it fails once its deadline has passed.
struct Deadlined {
    body: Rc<RefCell<Body>>,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl Stream for Deadlined {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let mut body = this.body.borrow_mut();
        if body.expired || body.finished {
            return Poll::Ready(None);
        }
        let Some(payload) = body.payload.as_mut() else {
            return Poll::Ready(None);
        };
        // What has arrived is handed on first: a body complete in time is never refused.
        if let Poll::Ready(item) = Pin::new(payload).poll_next(cx) {
            if item.is_none() {
                body.finished = true;
            }
            return Poll::Ready(item);
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            body.expired = true;
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            )))));
        }
        Poll::Pending
    }
}

/// A response body that keeps the request's unread body alive until it has been sent, so
/// that actix-web closes the connection rather than draining the rest.
pub struct Holding<B> {
    inner: Pin<Box<B>>,
    _unread: Option<Box<Payload>>,
}

impl<B> Holding<B> {
    fn new(inner: B, unread: Option<Payload>) -> Holding<B> {
        Holding {
            inner: Box::pin(inner),
            _unread: unread.map(Box::new),
        }
    }
}

impl<B: MessageBody> MessageBody for Holding<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.inner.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.get_mut().inner.as_mut().poll_next(cx)
    }
}
