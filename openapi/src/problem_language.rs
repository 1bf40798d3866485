//! The language of what people read, in the contract: every operation takes
//! `Accept-Language` (Bahasa Indonesia unless it asks for English; never refused for it),
//! and every problem answer says with `Content-Language` which it was written in, and with
//! `Vary` that it depends on that header. Added to the whole document at once, so that no
//! route is left out; a route that documents the header itself keeps its own words.

use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{Header, OpenApi, RefOr, Required, Response};

use crate::doc::operations;
use crate::problem::PROBLEM_CONTENT_TYPE;

/// The request header a reader names their language in.
const ACCEPT_LANGUAGE: &str = "Accept-Language";

/// Adds the language headers to every operation and problem answer of `doc`.
pub(crate) fn document_language(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for operation in operations(item) {
            take_accept_language(operation);
            for response in operation.responses.responses.values_mut() {
                if let RefOr::T(response) = response {
                    announce_language(response);
                }
            }
        }
    }
    if let Some(components) = doc.components.as_mut() {
        for response in components.responses.values_mut() {
            if let RefOr::T(response) = response {
                announce_language(response);
            }
        }
    }
}

fn take_accept_language(operation: &mut Operation) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    let documented = parameters.iter().any(|parameter| match parameter {
        RefOr::T(parameter) => parameter.name.eq_ignore_ascii_case(ACCEPT_LANGUAGE),
        RefOr::Ref(_) => false,
    });
    if !documented {
        parameters.push(RefOr::T(accept_language()));
    }
}

fn accept_language() -> Parameter {
    ParameterBuilder::new()
        .name(ACCEPT_LANGUAGE)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The language of the texts people read (problem titles, details and field \
             messages): English when it asks for `en` above Indonesian; Bahasa Indonesia \
             (`id`) otherwise, whatever else it names or however malformed it is.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

/// A problem answer's `Content-Language` and `Vary`.
fn announce_language(response: &mut Response) {
    if !response.content.contains_key(PROBLEM_CONTENT_TYPE) {
        return;
    }
    let text = || ObjectBuilder::new().schema_type(Type::String).build();
    response
        .headers
        .entry("Content-Language".to_owned())
        .or_insert_with(|| {
            let mut header = Header::new(text());
            header.description =
                Some("The language the problem's texts are written in: `id` or `en`".to_owned());
            RefOr::T(header)
        });
    response
        .headers
        .entry("Vary".to_owned())
        .or_insert_with(|| {
            let mut header = Header::new(text());
            header.description = Some("Includes `Accept-Language`".to_owned());
            RefOr::T(header)
        });
}
