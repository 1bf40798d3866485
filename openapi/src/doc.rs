//! The document's own description, shared components, and the answers every route can give.
//!
//! The HTTP crate collects the operations from its routes and merges them into [`ApiDoc`];
//! [`ApiDoc::complete`] then adds what holds for every operation, so that no route can
//! forget to document its server errors.

use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{Operation, Parameter, ParameterIn};
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayItems, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::integrators::{
    ApplicationStatusChangedData, INTEGRATOR_SECURITY, PassportIssuedData, PaymentReceivedData,
    WebhookDocs, integrator_security_scheme,
};
use crate::problem::{FieldError, PROBLEM_CONTENT_TYPE, Problem};

/// Where the committed snapshot of the document lives, from the workspace root.
pub const SNAPSHOT_PATH: &str = "openapi/openapi.json";

/// The passport-application API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Paspor API",
        version = "1.0.0",
        description = "Passport applications for Indonesia's immigration offices: offices, \
            their sessions and the places left, fees and validity; accounts, the people they \
            apply for, applications with their documents, bookings, waitlists, payments and \
            check-in codes; and the office side. Every error is `application/problem+json` \
            (RFC 9457). Money is whole rupiah; dates are `YYYY-MM-DD`; instants are RFC 3339 \
            with an offset. Lists are paged with `page` and `per_page`. POSTs that create or \
            pay take an `Idempotency-Key`. No text a client sends may hold a control \
            character (U+0000 to U+001F, U+007F to U+009F; in JSON strings, tab, line feed \
            and carriage return excepted): in a path, a query, a form or a JSON body, such a \
            request is refused with 400, `errors[].field` naming where it was.",
        license(name = "MIT", identifier = "MIT"),
        contact(name = "Paspor API team", email = "api@paspor.example")
    ),
    servers((url = "/", description = "This server")),
    components(schemas(
        Problem,
        FieldError,
        ApplicationStatusChangedData,
        PaymentReceivedData,
        PassportIssuedData
    )),
    modifiers(&SecuritySchemes, &WebhookDocs),
    tags(
        (name = "auth", description = "Registration, email verification, sign-in, sessions and password resets"),
        (name = "me", description = "The signed-in caller's own account, and the devices it receives push notices on"),
        (name = "applicants", description = "The people an account applies for: the holder and family members, at most 5"),
        (name = "applications", description = "Drafts and applications, with their quote and status history"),
        (name = "passports", description = "The account's passports: number, kind, dates, status, and what an electronic passport's chip allows"),
        (name = "documents", description = "The files an application carries: identity card, family card, birth certificate, diploma or marriage book (JPEG, PNG or PDF, at most 5 MiB each)"),
        (name = "office", description = "The office side: officers' work on applications (check-in, documents, biometrics, interview, decision, issuance, hand-over), walk-ins, office administration and the audit trail"),
        (name = "admin", description = "What system admins manage"),
        (name = "payments", description = "Payment notices from the payment channel"),
        (name = "integrators", description = "Other systems calling with client credentials (OAuth 2.0, RFC 6749 §4.4): the token endpoint, application status, and signed webhooks with their delivery log. See docs/INTEGRATORS.md"),
        (name = "health", description = "Liveness and readiness"),
        (name = "offices", description = "Offices, their sessions and the places left"),
        (name = "fees", description = "Fee quotes and passport validity"),
        (name = "status", description = "What anyone may read without signing in: the service's status, and an application's status by its number and the applicant's date of birth")
    )
)]
pub struct ApiDoc;

/// The ways callers authenticate.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from `POST /v1/auth/login` or `/v1/auth/refresh`, \
                         valid 15 minutes",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "payment_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Paspor-Signature",
                "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">` under the secret \
                 shared with the payment channel; refused when more than 5 minutes from now",
            ))),
        );
        components.add_security_scheme(INTEGRATOR_SECURITY, integrator_security_scheme());
        components.add_security_scheme(
            "client_basic",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some(
                        "An integrator client's id and secret, at the token endpoint only",
                    ))
                    .build(),
            ),
        );
    }
}

/// The statuses every operation may answer, with their meaning.
const COMMON_PROBLEMS: [(&str, &str); 2] = [
    (
        "500",
        "An unexpected error; the body reveals nothing internal, the log has the cause",
    ),
    (
        "503",
        "The database cannot be reached right now; try again shortly",
    ),
];

impl ApiDoc {
    /// Adds to every operation the problem answers that any route can give, and a short
    /// summary with the handler's whole doc comment as the description.
    pub fn complete(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
        for item in doc.paths.paths.values_mut() {
            for operation in operations(item) {
                describe(operation);
                shape_idempotency_key(operation);
                shape_plain_text_parameters(operation);
                shape_binary_bodies(operation);
                if operation.security.is_none() {
                    // Declared public: no credentials asked (the document's default is a
                    // bearer token, which every other operation states itself).
                    operation.security = Some(Vec::new());
                }
                let problems = COMMON_PROBLEMS
                    .into_iter()
                    .chain(edge_problems(operation))
                    .collect::<Vec<_>>();
                for (status, description) in problems {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem_response(description));
                }
            }
        }
        doc.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
        declare_links(&mut doc);
        forbid_control_characters_in_request_text(&mut doc);
        close_tagged_variants(&mut doc);
        crate::problem_language::document_language(&mut doc);
        doc
    }
}

/// The problems the HTTP edge answers before a handler decides anything, by what the
/// operation takes: a JSON body can be malformed (400), too large (413) or not JSON (415);
/// a constrained parameter can be invalid (400); a bearer token can be missing or expired
/// (401); an `Idempotency-Key` can be in flight (409) or reused for another request (422).
/// A route that documents one of these itself keeps its own description.
fn edge_problems(operation: &Operation) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    let json_body = operation
        .request_body
        .as_ref()
        .is_some_and(|body| match body {
            RefOr::T(body) => body.content.contains_key("application/json"),
            RefOr::Ref(_) => true,
        });
    if json_body {
        problems.push((
            "400",
            "The body is not JSON of the documented shape, or a value breaks the schema",
        ));
        problems.push(("413", "The body is larger than 64 KiB"));
        problems.push((
            "415",
            "The body is not JSON (`Content-Type: application/json`)",
        ));
    }
    if parameters(operation).any(may_be_invalid) {
        problems.push(("400", "A parameter breaks the schema"));
    }
    let bearer = operation.security.iter().flatten().any(|requirement| {
        serde_json::to_value(requirement).is_ok_and(|value| value.get("bearer").is_some())
    });
    if bearer {
        problems.push(("401", "No valid access token"));
    }
    if parameters(operation).any(|parameter| parameter.name == IDEMPOTENCY_KEY) {
        problems.push((
            "409",
            "A request with this Idempotency-Key is still in flight",
        ));
        problems.push((
            "422",
            "This Idempotency-Key was used for another request (method, path or body)",
        ));
    }
    problems
}

/// Links from what a POST creates to what can be done with it: a `201` whose body has an
/// `id` links to every operation under `<path>/{param}` whose only path parameter is that
/// one, passing `$response.body#/id`, except those that need a later state
/// ([`NOT_RIGHT_AFTER_CREATION`]). Clients (and schemathesis's stateful phase) follow
/// them; the rule covers routes added later without each declaring its own.
fn declare_links(doc: &mut utoipa::openapi::OpenApi) {
    let schemas = serde_json::to_value(&doc.components).unwrap_or_default();
    let mut targets: Vec<(String, String, String)> = Vec::new();
    for (path, item) in &doc.paths.paths {
        let Some((parent, name)) = single_trailing_param(path) else {
            continue;
        };
        for operation in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
            .into_iter()
            .flatten()
        {
            if let Some(id) = &operation.operation_id {
                targets.push((parent.to_owned(), name.to_owned(), id.clone()));
            }
        }
    }
    for (path, item) in &mut doc.paths.paths {
        let Some(post) = item.post.as_mut() else {
            continue;
        };
        let Some(RefOr::T(created)) = post.responses.responses.get_mut("201") else {
            continue;
        };
        let has_id = created
            .content
            .get("application/json")
            .is_some_and(|content| {
                let schema = serde_json::to_value(content).unwrap_or_default()["schema"].clone();
                let name = schema["$ref"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_start_matches("#/components/schemas/");
                schemas["schemas"][name]["properties"]["id"].is_object()
            });
        if !has_id {
            continue;
        }
        let leads_somewhere = |target: &String| {
            !NOT_RIGHT_AFTER_CREATION
                .iter()
                .any(|(operation, _)| operation == target)
        };
        for (_, name, target) in targets
            .iter()
            .filter(|(parent, _, target)| parent == path && leads_somewhere(target))
        {
            let link = LinkBuilder::new()
                .operation_id(target.clone())
                .parameter(name.clone(), "$response.body#/id")
                .description(format!("`{name}` is the `id` of what was created"))
                .build();
            created.links.insert(target.clone(), RefOr::T(link));
        }
    }
}

/// Operations under a created thing's path that cannot succeed on it as it was just
/// created, so no link leads there, each with the state it needs. A link promises success:
/// the black-box suite follows every declared link after its operation.
const NOT_RIGHT_AFTER_CREATION: &[(&str, &str)] = &[
    (
        "reschedule_application",
        "a paid application, booked once before",
    ),
    ("show_check_in_code", "a paid application"),
    ("show_waitlist", "an application that joined a waitlist"),
    ("show_receipt", "a paid application"),
    ("restart_application", "an expired or cancelled application"),
    (
        "choose_delivery",
        "a booked application at an office that delivers",
    ),
    (
        "show_delivery",
        "an application whose delivery by post was chosen",
    ),
    (
        "drop_delivery",
        "an application whose delivery by post was chosen",
    ),
];

/// For a path whose only parameter is its segment right after `<parent>/` (as in
/// `/v1/applicants/{id}` or `/v1/applications/{id}/booking`): `(parent, name)`.
fn single_trailing_param(path: &str) -> Option<(&str, &str)> {
    let open = path.find("/{")?;
    let close = path[open..].find('}')? + open;
    if path[close + 1..].contains('{') {
        return None;
    }
    Some((&path[..open], &path[open + 2..close]))
}

/// The header that makes a POST safe to retry.
const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// The `Idempotency-Key` has one form wherever it is taken: 1 to 255 visible ASCII
/// characters (the server refuses any other with 400).
fn shape_idempotency_key(operation: &mut Operation) {
    for parameter in operation.parameters.iter_mut().flatten() {
        if let RefOr::T(parameter) = parameter
            && parameter.name == IDEMPOTENCY_KEY
        {
            parameter.schema = Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(255))
                    .pattern(Some("^[!-~]{1,255}$"))
                    .into(),
            );
        }
    }
}

/// What the edge refuses in every path segment and query value: a control character
/// (U+0000 to U+001F, U+007F to U+009F).
pub const NO_CONTROL_CHARACTERS: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

/// A path or query parameter declared as a bare string takes any text but a control
/// character, which the edge refuses with 400 before a route sees it: the schema says so,
/// so that a value the schema allows is never refused for its characters.
fn shape_plain_text_parameters(operation: &mut Operation) {
    for parameter in operation.parameters.iter_mut().flatten() {
        let RefOr::T(parameter) = parameter else {
            continue;
        };
        if !matches!(
            parameter.parameter_in,
            ParameterIn::Path | ParameterIn::Query
        ) || may_be_invalid(parameter)
        {
            continue;
        }
        parameter.schema = Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(NO_CONTROL_CHARACTERS))
                .into(),
        );
    }
}

/// A file sent or returned as it is (a document upload, a download) has a schema that
/// says so, as OpenAPI 3.1 (`contentMediaType`) and the generators that read 3.0
/// (`format: binary`) expect: without one, generated clients leave the operation out.
fn shape_binary_bodies(operation: &mut Operation) {
    if let Some(RefOr::T(body)) = operation.request_body.as_mut()
        && body
            .content
            .keys()
            .any(|media_type| !media_type.contains("json"))
    {
        // A file or a form is the request itself: none is taken without one.
        body.required = Some(utoipa::openapi::Required::True);
    }
    let request = operation
        .request_body
        .iter_mut()
        .filter_map(|body| match body {
            RefOr::T(body) => Some(body.content.iter_mut()),
            RefOr::Ref(_) => None,
        })
        .flatten();
    let responses = operation
        .responses
        .responses
        .values_mut()
        .filter_map(|response| match response {
            RefOr::T(response) => Some(response.content.iter_mut()),
            RefOr::Ref(_) => None,
        })
        .flatten();
    for (media_type, content) in request.chain(responses) {
        let RefOr::T(content) = content else {
            continue;
        };
        if content.schema.is_none() && !media_type.contains("json") {
            content.schema = Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::Custom("binary".to_owned())))
                    .content_media_type(media_type.clone())
                    .into(),
            );
        }
    }
}

/// Every text a request body carries (and every schema it refers to) says what the edge
/// refuses in it: a string schema with no pattern of its own gets
/// [`NO_CONTROL_CHARACTERS`], so that a value the schema allows is never refused for its
/// characters. Enumerations and binary files are left as they are; schemas only answers
/// use are not touched.
fn forbid_control_characters_in_request_text(doc: &mut utoipa::openapi::OpenApi) {
    let mut referred = Vec::new();
    for item in doc.paths.paths.values_mut() {
        for operation in operations(item) {
            if let Some(RefOr::T(body)) = operation.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(content) = content
                        && let Some(schema) = content.schema.as_mut()
                    {
                        forbid_control_characters(schema, &mut referred);
                    }
                }
            }
        }
    }
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let mut done = std::collections::BTreeSet::new();
    while let Some(name) = referred.pop() {
        if done.insert(name.clone())
            && let Some(schema) = components.schemas.get_mut(&name)
        {
            forbid_control_characters(schema, &mut referred);
        }
    }
}

/// Adds the pattern to the text schemas in `schema`, collecting the components it refers to.
fn forbid_control_characters(schema: &mut RefOr<Schema>, referred: &mut Vec<String>) {
    let schema = match schema {
        RefOr::Ref(reference) => {
            if let Some(name) = reference.ref_location.strip_prefix("#/components/schemas/") {
                referred.push(name.to_owned());
            }
            return;
        }
        RefOr::T(schema) => schema,
    };
    match schema {
        Schema::Object(object) => {
            let text = match &object.schema_type {
                SchemaType::Type(kind) => *kind == Type::String,
                SchemaType::Array(kinds) => kinds.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            let shaped = object.pattern.is_some()
                || object.enum_values.is_some()
                || !object.content_media_type.is_empty();
            if text && !shaped {
                object.pattern = Some(NO_CONTROL_CHARACTERS.to_owned());
            }
            for property in object.properties.values_mut() {
                forbid_control_characters(property, referred);
            }
            if let Some(extra) = object.additional_properties.as_deref_mut()
                && let AdditionalProperties::RefOr(extra) = extra
            {
                forbid_control_characters(extra, referred);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                forbid_control_characters(items, referred);
            }
        }
        Schema::OneOf(one_of) => {
            for each in &mut one_of.items {
                forbid_control_characters(each, referred);
            }
        }
        Schema::AllOf(all_of) => {
            for each in &mut all_of.items {
                forbid_control_characters(each, referred);
            }
        }
        Schema::AnyOf(any_of) => {
            for each in &mut any_of.items {
                forbid_control_characters(each, referred);
            }
        }
        _ => {}
    }
}

/// The variants of an internally tagged enum (`#[serde(tag = "kind",
/// deny_unknown_fields)]`, a `oneOf` of objects each naming its tag) take no member but
/// their own, which utoipa does not say: each variant is closed here, as every other
/// request object is.
fn close_tagged_variants(doc: &mut utoipa::openapi::OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::OneOf(one_of)) = schema else {
            continue;
        };
        for variant in &mut one_of.items {
            if let RefOr::T(Schema::Object(object)) = variant
                && object.additional_properties.is_none()
                && object.properties.values().any(|property| {
                    matches!(property, RefOr::T(Schema::Object(tag))
                        if tag.enum_values.as_ref().is_some_and(|values| values.len() == 1))
                })
            {
                object.additional_properties =
                    Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
}

fn parameters(operation: &Operation) -> impl Iterator<Item = &Parameter> {
    operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|parameter| match parameter {
            RefOr::T(parameter) => Some(parameter),
            RefOr::Ref(_) => None,
        })
}

/// Whether the server can refuse a value of `parameter` (any schema but a bare string,
/// which every route takes as it comes).
fn may_be_invalid(parameter: &Parameter) -> bool {
    let schema = parameter
        .schema
        .as_ref()
        .and_then(|schema| serde_json::to_value(schema).ok());
    let bare = [
        serde_json::json!({"type": "string"}),
        serde_json::json!({"type": ["string", "null"]}),
    ];
    !schema.is_some_and(|schema| bare.contains(&schema))
}

/// utoipa makes the first paragraph of a handler's doc comment the summary, which is then
/// a paragraph; lists of operations want a line. The summary becomes the first sentence
/// and the description the whole text, unless the route gave a description of its own.
fn describe(operation: &mut Operation) {
    if operation.description.is_some() {
        return;
    }
    let Some(text) = operation.summary.take() else {
        return;
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    operation.summary = Some(first_sentence(&text).to_owned());
    operation.description = Some(text);
}

/// The first sentence of `text`, without its full stop.
fn first_sentence(text: &str) -> &str {
    let mut search = 0;
    while let Some(found) = text[search..].find(". ") {
        let end = search + found;
        // "e.g. " and "i.e. " do not end a sentence.
        if !(text[..end].ends_with("e.g") || text[..end].ends_with("i.e")) {
            return &text[..end];
        }
        search = end + 2;
    }
    text.strip_suffix('.').unwrap_or(text)
}

/// A response whose body is a problem.
pub fn problem_response(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

/// Every operation of a path, whatever its method.
pub(crate) fn operations(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.options.as_mut(),
        item.head.as_mut(),
        item.patch.as_mut(),
        item.trace.as_mut(),
    ]
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_path_with_one_parameter_is_split_at_it() {
        use super::single_trailing_param as split;
        assert_eq!(split("/v1/applicants/{id}"), Some(("/v1/applicants", "id")));
        assert_eq!(
            split("/v1/applications/{id}/booking"),
            Some(("/v1/applications", "id"))
        );
        assert_eq!(
            split("/v1/me/devices/{token_id}"),
            Some(("/v1/me/devices", "token_id"))
        );
        assert_eq!(split("/v1/applications/{id}/documents/{kind}"), None);
        assert_eq!(split("/v1/applicants"), None);
    }

    #[test]
    fn the_summary_is_the_first_sentence() {
        for (text, summary) in [
            ("One office.", "One office"),
            ("No stop", "No stop"),
            ("Books a place. Then pays.", "Books a place"),
            (
                "Removes one (e.g. on sign-out). Then more.",
                "Removes one (e.g. on sign-out)",
            ),
            ("Ends in e.g. nothing", "Ends in e.g. nothing"),
        ] {
            assert_eq!(first_sentence(text), summary);
        }
    }
}
