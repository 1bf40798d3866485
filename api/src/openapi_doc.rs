//! The OpenAPI document, built from the same route registrations the server uses.

use actix_web::App;
use paspor_openapi::ApiDoc;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::routes;
use paspor_app::auth::sign_in_limit;

/// The complete document: the description in `paspor-openapi` merged with every route.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        // The limiter only wraps routes; its rate does not show in the document.
        .configure(routes::configure(sign_in_limit(1)))
        .split_for_parts();
    ApiDoc::complete(doc)
}

/// The document as pretty JSON with a final newline: the form of the committed snapshot.
pub fn openapi_json() -> String {
    let mut json = openapi_document().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
