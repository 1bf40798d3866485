//! The route inventory: what the server routes and what the document lists are the same.
//!
//! Routes registered through `utoipa-actix-web` are in the document by construction; what
//! can slip past it is a route registered with plain actix (`App::route`,
//! `web::resource`, a service added after `into_app()`), and a documented operation whose
//! registration was dropped. So, on a running server:
//! - every documented method and path (with placeholder parameters) is answered by a
//!   handler, not by the router's "no resource" 404 or "wrong method" 405;
//! - every other method on a documented path is the router's 405.
//!
//! And in the source, every plain-actix registration is one of the few deliberately left
//! out of the contract, each with its reason, and each of those behaves as its reason says.

use std::path::{Path, PathBuf};

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::contract::{document, operations};
use crate::support::Answer;

/// A well-formed id that names nothing.
const PLACEHOLDER_ID: &str = "0193a000-0000-7000-8000-0000000000ff";

/// The methods a route could be served under.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// What the server routes outside the document, each with the reason it is left out. The
/// list says what may be left out, not what must exist.
const UNDOCUMENTED: &[(&str, &str)] = &[
    (
        "/v1/dev/payments/{billing_code}",
        "the development payment simulator: registered only when PASPOR_ENV=development, \
         never part of the published contract",
    ),
    (
        "/openapi.json",
        "the document itself (served raw when Swagger UI is off)",
    ),
    ("/docs/{_:.*}", "Swagger UI, which reads the document"),
    ("/docs", "a redirect to Swagger UI at `/docs/`"),
    (
        "/metrics",
        "Prometheus metrics for operators, not for API clients",
    ),
    (
        DEFAULT_SERVICE,
        "the router's own answer to unknown paths and methods: a 404 or 405 problem",
    ),
];

/// The name the allow-list gives the app's default service, which has no path.
const DEFAULT_SERVICE: &str = "(default service)";

/// Which of the router's own refusals `answer` is, if it is one: 404 for a path no route
/// has, 405 for a method the path's routes do not take. A handler's 404 ("no application
/// with this id exists") names the object, not the path.
fn router_refusal(answer: &Answer) -> Option<StatusCode> {
    let detail = answer.json["detail"].as_str().unwrap_or_default();
    let kind = answer.json["type"].as_str().unwrap_or_default();
    match answer.status {
        StatusCode::NOT_FOUND if detail.starts_with("no resource at ") => Some(answer.status),
        StatusCode::METHOD_NOT_ALLOWED if kind == "urn:paspor:problem:method-not-allowed" => {
            Some(answer.status)
        }
        _ => None,
    }
}

/// `path` with each `{parameter}` replaced by a value of its documented schema: the first
/// value of an enum, else an id.
fn concrete_path(doc: &Value, path: &str, operation: &Value) -> String {
    let mut concrete = path.to_owned();
    let parameters = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for parameter in parameters.iter().filter(|p| p["in"] == "path") {
        let name = parameter["name"].as_str().expect("a parameter name");
        let schema = resolve(doc, &parameter["schema"]);
        let value = schema["enum"][0]
            .as_str()
            .map_or_else(|| PLACEHOLDER_ID.to_owned(), str::to_owned);
        concrete = concrete.replace(&format!("{{{name}}}"), &value);
    }
    assert!(
        !concrete.contains('{'),
        "{path}: undocumented path parameter"
    );
    concrete
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

on_both_backends! {
    async fn every_documented_operation_is_routed_and_no_other_method_is(app) {
        let doc = document();
        let served = app.get("/openapi.json").await;
        assert_eq!(served.status, 200);
        assert_eq!(served.json, doc, "the served document is the generated one");

        let operations = operations(&doc);
        let mut unrouted = Vec::new();
        let mut undocumented = Vec::new();
        for (method, path, operation) in &operations {
            let concrete = concrete_path(&doc, path, operation);
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let answer = app.request(method.clone(), &concrete, &[]).await;
            if let Some(status) = router_refusal(&answer) {
                unrouted.push(format!("{method} {path} ({concrete}): the router's {status}"));
            }
            // The other methods on the same path: documented ones are probed above.
            for other in METHODS {
                let documented = operations
                    .iter()
                    .any(|(m, p, _)| p == path && m.eq_ignore_ascii_case(other));
                if documented {
                    continue;
                }
                let other = Method::from_bytes(other.as_bytes()).unwrap();
                let answer = app.request(other.clone(), &concrete, &[]).await;
                if router_refusal(&answer) != Some(StatusCode::METHOD_NOT_ALLOWED) {
                    undocumented.push(format!("{other} {path}: {} {}", answer.status, answer.json));
                }
            }
        }
        assert!(unrouted.is_empty(), "documented but not routed: {unrouted:#?}");
        assert!(
            undocumented.is_empty(),
            "served (or not refused with the router's 405) but not documented: {undocumented:#?}"
        );
    }
}

on_both_backends! {
    async fn what_is_left_out_of_the_document_is_what_the_allow_list_says(app) {
        // The document and Swagger UI.
        let doc = app.get("/openapi.json").await;
        assert_eq!(doc.status, 200);
        assert_eq!(doc.json["openapi"], "3.1.0");
        // `/docs`, as README has people open it, leads to Swagger UI's page.
        let ui = app.get("/docs").await;
        assert_eq!(ui.status, 200);
        assert!(ui.header("content-type").starts_with("text/html"), "{:?}", ui.headers);
        assert!(
            String::from_utf8_lossy(&ui.bytes).contains("swagger-ui"),
            "not Swagger UI's page"
        );

        // The payment simulator, present in development (the tests' environment): a billing
        // code that names nothing is the handler's 404, not the router's.
        let simulated = app
            .request(Method::POST, "/v1/dev/payments/000000000000000", &[])
            .await;
        assert_eq!(router_refusal(&simulated), None, "{}", simulated.json);
        simulated.problem(404);

        // An unknown path is the default service's problem.
        let unknown = app.get("/v1/no-such-thing").await;
        unknown.problem(404);
        assert_eq!(router_refusal(&unknown), Some(StatusCode::NOT_FOUND));
    }
}

/// Calls that register a route with plain actix, outside `utoipa-actix-web`'s documented
/// `service`s. `.service(` counts outside `routes/` only: inside it, the `ServiceConfig` is
/// utoipa-actix-web's, which takes documented services alone.
const REGISTRATIONS: &[&str] = &[
    ".route(",
    "web::resource(",
    "web::scope(",
    "Resource::new(",
    "Scope::new(",
    ".external_resource(",
    "SwaggerUi::new(",
    "Files::new(",
    ".default_service(",
    "web::service(",
];

#[test]
fn every_plain_actix_registration_is_deliberately_left_out() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/src");
    let mut found = Vec::new();
    for file in rust_files(&source) {
        let text = served_code(&std::fs::read_to_string(&file).expect("a readable source file"));
        let in_routes = file
            .strip_prefix(&source)
            .is_ok_and(|p| p.starts_with("routes"));
        let markers = REGISTRATIONS
            .iter()
            .copied()
            .chain((!in_routes).then_some(".service("));
        for marker in markers {
            for (at, _) in text.match_indices(marker) {
                let arguments = call_arguments(&text[at + marker.len()..]);
                let name = match first_string_literal(arguments) {
                    Some(path) => path.to_owned(),
                    None if marker == ".default_service(" => DEFAULT_SERVICE.to_owned(),
                    None => format!("(no literal path) {marker}{arguments})"),
                };
                let line = text[..at].lines().count();
                found.push((name, format!("{}:{line}", file.display())));
            }
        }
    }
    assert!(
        found.iter().any(|(name, _)| name == DEFAULT_SERVICE),
        "the scan found no default service: is it still looking at the server's source?"
    );
    let unexplained: Vec<_> = found
        .iter()
        .filter(|(name, _)| !UNDOCUMENTED.iter().any(|(allowed, _)| allowed == name))
        .collect();
    assert!(
        unexplained.is_empty(),
        "routes registered with plain actix, so not in the OpenAPI document: register them \
         through utoipa-actix-web with a #[utoipa::path], or add them to UNDOCUMENTED with \
         the reason they are not part of the contract: {unexplained:#?}"
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            files.push(path);
        }
    }
    files
}

/// The code of a source file that a server runs: without comment lines and without its
/// unit tests (which build small apps of their own).
fn served_code(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of a call's arguments, given what follows its opening parenthesis.
fn call_arguments(rest: &str) -> &str {
    let mut depth = 1;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return &rest[..at];
                }
            }
            _ => {}
        }
    }
    rest
}

fn first_string_literal(text: &str) -> Option<&str> {
    let start = text.find('"')? + 1;
    let end = start + text[start..].find('"')?;
    Some(&text[start..end])
}

#[test]
fn the_scan_reads_calls_and_their_paths() {
    let code = served_code(
        "// app.route(\"/commented\", x)\nApp::new().route(\"/a/{b}\", web::get().to(f(\"x\")))\n#[cfg(test)]\n.route(\"/t\")",
    );
    assert!(!code.contains("/commented"));
    assert!(!code.contains("/t\""));
    let at = code.find(".route(").unwrap() + ".route(".len();
    let arguments = call_arguments(&code[at..]);
    assert_eq!(arguments, "\"/a/{b}\", web::get().to(f(\"x\"))");
    assert_eq!(first_string_literal(arguments), Some("/a/{b}"));
    assert_eq!(first_string_literal("web::to(no_route)"), None);
}
