//! Control characters in a request's path or query string are refused before any route
//! sees them, for every route at once: 400, a problem naming the path parameter (from the
//! document's path templates) or the query parameter. Route extractors percent-decode what
//! they take, so `%00` would otherwise reach handlers, and through them the database, as a
//! NUL (see `paspor_app::text_input`). Raw control bytes never get this far: the HTTP parser
//! refuses them in the request line and in header values.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError as _, web};

use crate::error::ApiError;
use crate::route_table::RouteTable;
use paspor_app::text_input::{forbidden_in_parameter, parameter_reason, printable_name};

/// The middleware (for `actix_web::middleware::from_fn`).
pub async fn refuse_control_characters(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, Error> {
    let (path, query) = (request.path(), request.query_string());
    // The request line is visible ASCII (the HTTP parser refuses raw control bytes): a
    // control character can only be spelt by a percent-escape, which most requests lack.
    let spelt = |text: &str| text.bytes().any(|b| b == b'%' || !b.is_ascii_graphic());
    let offending = if spelt(path) || spelt(query) {
        let templates = request
            .app_data::<web::Data<RouteTable>>()
            .map(|table| table.get_ref());
        in_path(path, templates).or_else(|| in_query(query))
    } else {
        None
    };
    if let Some(field) = offending {
        let response = ApiError::invalid_field(field, parameter_reason()).error_response();
        return Ok(request.into_response(response).map_into_right_body());
    }
    next.call(request)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// The parameter whose (decoded) path segment holds a control character: its name in the
/// matching documented path (`/v1/applications/{id}` names `id`), else `path`.
fn in_path(path: &str, templates: Option<&RouteTable>) -> Option<String> {
    let index = path.split('/').position(|segment| {
        percent_encoding::percent_decode_str(segment)
            .decode_utf8_lossy()
            .chars()
            .any(forbidden_in_parameter)
    })?;
    let name = templates
        .and_then(|table| table.template_of(path))
        .and_then(|template| template.split('/').nth(index))
        .and_then(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| name.split(':').next().unwrap_or(name).to_owned());
    Some(name.unwrap_or_else(|| "path".to_owned()))
}

/// The query parameter whose name or (decoded) value holds a control character.
fn in_query(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, value)| {
            name.chars().any(forbidden_in_parameter) || value.chars().any(forbidden_in_parameter)
        })
        .map(|(name, _)| printable_name(&name))
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::test::{TestRequest, call_service, init_service, read_body_json};
    use actix_web::{App, HttpResponse};
    use utoipa::openapi::OpenApiBuilder;
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem, PathsBuilder};

    use super::*;

    fn table() -> RouteTable {
        let item = |path: &str| {
            (
                path.to_owned(),
                PathItem::new(HttpMethod::Get, OperationBuilder::new().build()),
            )
        };
        let mut paths = PathsBuilder::new();
        for (path, item) in [
            item("/v1/applications/{id}/documents/{kind}"),
            item("/v1/x"),
        ] {
            paths = paths.path(path, item);
        }
        RouteTable::from_doc(&OpenApiBuilder::new().paths(paths).build())
    }

    #[test]
    fn path_parameters_are_named_from_the_templates() {
        let table = table();
        let named = |path| in_path(path, Some(&table));
        assert_eq!(
            named("/v1/applications/a%00b/documents/diploma").as_deref(),
            Some("id")
        );
        assert_eq!(
            named("/v1/applications/a/documents/x%1Fy").as_deref(),
            Some("kind")
        );
        assert_eq!(named("/v1/unknown/%7F").as_deref(), Some("path"));
        assert_eq!(
            named("/v1/applications/a%C2%85/documents/x").as_deref(),
            Some("id")
        );
        assert_eq!(named("/v1/applications/caf%C3%A9/documents/x%20y"), None);
        // Not UTF-8 is another matter, for the routes to refuse in their words.
        assert_eq!(named("/v1/applications/%FF%FE/documents/diploma"), None);
    }

    #[test]
    fn query_parameters_are_named() {
        assert_eq!(in_query("action=a%00b").as_deref(), Some("action"));
        assert_eq!(
            in_query("page=1&from=2026-12-01%0A").as_deref(),
            Some("from")
        );
        assert_eq!(in_query("a%01=1").as_deref(), Some("a\\u{1}"));
        assert_eq!(in_query("q=a+b&r=%C3%A9&s=%FF"), None);
        assert_eq!(in_query(""), None);
    }

    #[actix_web::test]
    async fn refused_before_the_route_as_a_problem() {
        let app = init_service(
            App::new()
                .app_data(web::Data::new(table()))
                .route(
                    "/v1/applications/{id}/documents/{kind}",
                    web::get().to(HttpResponse::Ok),
                )
                .wrap(from_fn(refuse_control_characters)),
        )
        .await;
        let request = TestRequest::get()
            .uri("/v1/applications/a%00b/documents/diploma?x=1")
            .to_request();
        let response = call_service(&app, request).await;
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
        let body: serde_json::Value = read_body_json(response).await;
        assert_eq!(body["errors"][0]["field"], "id", "{body}");
        let request = TestRequest::get()
            .uri("/v1/applications/a/documents/diploma?x=1")
            .to_request();
        assert_eq!(call_service(&app, request).await.status(), 200);
    }
}
