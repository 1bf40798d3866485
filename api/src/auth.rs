//! Who is calling, as the edge learns it: the [`Bearer`] extractor that turns an
//! `Authorization` header into the use cases' [`Principal`], the client's address, and the
//! middleware that holds sign-in endpoints to their per-address limit.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, ResponseError, web};
use paspor_app::AppState;
use paspor_app::auth::{Principal, SignInLimit, admit_sign_in, authenticate};

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
