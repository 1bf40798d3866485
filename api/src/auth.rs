//! Who is calling, as the edge learns it: the [`Bearer`] extractor that turns an
//! `Authorization` header into the use cases' [`Principal`], the [`Admitted`] and
//! [`AdmittedWith`] extractors that admit it as the role a use case takes, the client's
//! address, and the middleware that holds sign-in endpoints to their per-address limit.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, ResponseError, web};
use paspor_app::AppState;
use paspor_app::auth::{Principal, RoleGuard, SignInLimit, admit_sign_in, authenticate};

use crate::error::ApiError;

/// A route taking `Bearer(principal): Bearer` requires a valid access token; anything else
/// is answered 401 with `WWW-Authenticate` (RFC 6750).
#[derive(Debug, Clone)]
pub struct Bearer(pub Principal);

impl Deref for Bearer {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl FromRequest for Bearer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Bearer, ApiError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = application_state(request);
        let authorization = request
            .headers()
            .get(header::AUTHORIZATION)
            .map(|value| value.as_bytes().to_vec());
        Box::pin(async move {
            let state = state?;
            let principal = authenticate(&state, authorization.as_deref()).await?;
            Ok(Bearer(principal))
        })
    }
}

/// A route taking `Admitted(applicant): Admitted<Applicant>` runs only for a caller with a
/// valid access token (401 otherwise, exactly as [`Bearer`]) who has the role `R` (403
/// otherwise, from [`RoleGuard::admit`]): the route then holds the role its use case takes,
/// and has no check of its own to forget.
///
/// For a route whose later parameters can be refused (a typed body, query or path, or a
/// body read as `web::Bytes`), take them through [`AdmittedWith`] instead, so that a
/// refusal of the input still comes before the refusal of the role.
#[derive(Debug, Clone)]
pub struct Admitted<R>(pub R);

impl<R: RoleGuard + 'static> FromRequest for Admitted<R> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Admitted<R>, ApiError>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bearer = Bearer::from_request(request, payload);
        Box::pin(async move {
            let Bearer(principal) = bearer.await?;
            Ok(Admitted(R::admit(principal)?))
        })
    }
}

/// [`Admitted`] with the route's input `I` (any extractor, or a tuple of them), taken in
/// the order the checks have always run: the token (401), then the input (as `I` refuses
/// it: 400, 413, 415…), then the role (403). With the body as `web::Bytes`, parsed by the
/// route, a caller of another role is refused before the body is parsed.
#[derive(Debug, Clone)]
pub struct AdmittedWith<R, I>(pub R, pub I);

impl<R, I> FromRequest for AdmittedWith<R, I>
where
    R: RoleGuard + 'static,
    I: FromRequest + 'static,
    I::Future: 'static,
{
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<AdmittedWith<R, I>, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // Both start now, as separate parameters would; their answers are awaited in order.
        let bearer = Bearer::from_request(request, payload);
        let input = I::from_request(request, payload);
        Box::pin(async move {
            let Bearer(principal) = bearer.await?;
            let input = input.await.map_err(Into::into)?;
            let role = R::admit(principal).map_err(ApiError::from)?;
            Ok(AdmittedWith(role, input))
        })
    }
}

fn application_state(request: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no application state")))
}

/// The client's address, as the socket reports it ("unknown" where it does not).
pub fn client_address(request: &HttpRequest) -> String {
    request
        .peer_addr()
        .map_or_else(|| "unknown".to_owned(), |address| address.ip().to_string())
}

/// The middleware of a scope of sign-in endpoints: counts the request against its
/// address's limit, and answers 429 with `Retry-After` past it.
pub async fn limit_sign_in(
    limit: SignInLimit,
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = application_state(request.request())?;
    let address = client_address(request.request());
    match admit_sign_in(&state, limit, &address).await {
        Ok(()) => Ok(next.call(request).await?.map_into_left_body()),
        Err(refusal) => {
            let response = ApiError::from(refusal).error_response();
            Ok(request.into_response(response).map_into_right_body())
        }
    }
}
