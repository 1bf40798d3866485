//! The OpenAPI document: the committed snapshot is the document the server builds and
//! serves, every error is a problem, and every operation has a unique id that generated
//! clients can name it by. That every route is in it, and only routes, is `inventory`'s.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::Value;

use crate::support::access;

/// How to bring the snapshot up to date, said wherever it is found stale.
const REGENERATE: &str = "cargo run -q -p paspor-api -- openapi > openapi/openapi.json \
     (or, with a built server, `paspor openapi > openapi/openapi.json`)";

/// The methods an OpenAPI path item can hold operations under.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn snapshot_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(paspor_openapi::SNAPSHOT_PATH)
}

/// The generated document as JSON.
pub fn document() -> Value {
    serde_json::from_str(&paspor_api::openapi_json()).expect("the document is JSON")
}

/// Every operation of `doc`: (method, path, operation).
pub fn operations(doc: &Value) -> Vec<(&'static str, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((method, path.clone(), operation));
            }
        }
    }
    found
}

#[test]
fn the_committed_snapshot_is_the_generated_document() {
    let generated = paspor_api::openapi_json();
    let committed = std::fs::read_to_string(snapshot_path()).unwrap_or_default();
    assert!(
        generated == committed,
        "openapi/openapi.json is stale: regenerate it with\n    {REGENERATE}"
    );
}

#[test]
fn the_document_is_openapi_3_1_with_every_error_as_a_problem() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let operations = operations(&doc);
    assert!(operations.len() >= 7, "{operations:?}");
    for (method, path, operation) in operations {
        let responses = operation["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|status| status.starts_with('2')),
            "{method} {path} documents no success"
        );
        assert!(responses.contains_key("500"), "{method} {path}");
        for (status, response) in responses.iter().filter(|(s, _)| s.as_str() >= "400") {
            assert!(
                response["content"]["application/problem+json"].is_object(),
                "{method} {path} {status} is not a problem"
            );
        }
    }
}

/// Generated clients name their methods after operation ids: each must be present, unique
/// across the whole document, and in the one style of the document (snake_case, as the
/// handler names it defaults to).
#[test]
fn every_operation_has_a_unique_snake_case_operation_id() {
    let doc = document();
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut missing = Vec::new();
    let mut misstyled = Vec::new();
    for (method, path, operation) in operations(&doc) {
        let at = format!("{} {path}", method.to_uppercase());
        match operation["operationId"].as_str() {
            Some(id) if !id.is_empty() => {
                if !is_snake_case(id) {
                    misstyled.push(format!("{at}: {id}"));
                }
                seen.entry(id.to_owned()).or_default().push(at);
            }
            _ => missing.push(at),
        }
    }
    let shared: Vec<_> = seen.iter().filter(|(_, at)| at.len() > 1).collect();
    assert!(missing.is_empty(), "operations without an id: {missing:?}");
    assert!(
        shared.is_empty(),
        "operation ids used more than once (give each `#[utoipa::path(operation_id = \"...\")]` \
         a descriptive id, e.g. `list_office_appointments`): {shared:?}"
    );
    assert!(
        misstyled.is_empty(),
        "operation ids not in snake_case: {misstyled:?}"
    );
}

/// Every declared link names an operation of the document and only parameters it takes.
#[test]
fn every_link_leads_to_an_operation_and_its_parameters() {
    let doc = document();
    let operations = operations(&doc);
    let mut links = 0;
    for (method, path, operation) in &operations {
        for (status, response) in operation["responses"].as_object().unwrap() {
            for (name, link) in response["links"].as_object().into_iter().flatten() {
                links += 1;
                let at = format!("{method} {path} {status} link {name}");
                let target = operations
                    .iter()
                    .find(|(.., op)| op["operationId"] == link["operationId"])
                    .unwrap_or_else(|| panic!("{at}: no operation {}", link["operationId"]));
                for parameter in link["parameters"].as_object().unwrap().keys() {
                    let taken = target.2["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|p| p["name"] == parameter.as_str() && p["in"] == "path");
                    assert!(
                        taken,
                        "{at}: {} takes no path parameter {parameter}",
                        target.1
                    );
                }
            }
        }
    }
    assert!(links > 0, "the document declares no links");
}

fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('_')
        && !id.contains("__")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[test]
fn snake_case_is_told_apart() {
    assert!(is_snake_case("list_office_appointments"));
    assert!(is_snake_case("show_me"));
    assert!(is_snake_case("list"));
    for other in ["showMe", "_x", "x_", "a__b", "Show", "a-b", "2fa", ""] {
        assert!(!is_snake_case(other), "{other}");
    }
}

on_both_backends! {
    /// serde would read a struct from a JSON array by position; the schemas say objects.
    async fn a_json_body_is_an_object(app) {
        let tokens = app.applicant("siti@example.com").await;
        let bearer = format!("Bearer {}", access(&tokens));
        let headers = [("authorization", bearer.as_str()), ("content-type", "application/json")];
        for body in ["[null, null]", " \n [\"Siti\"]", "null", "\"Siti\""] {
            let answer = app.request_body(Method::PATCH, "/v1/me", body, &headers).await;
            answer.problem(400);
            assert_eq!(answer.json["type"], "urn:paspor:problem:malformed-body", "{body}");
        }
        // Public routes too, and an object still passes through whole.
        let login = app
            .request_body(Method::POST, "/v1/auth/login", "[\"siti@example.com\", \"x\"]", &headers[1..])
            .await;
        login.problem(400);
        let renamed = app
            .request_body(Method::PATCH, "/v1/me", " {\"full_name\": \"Siti R.\"}", &headers)
            .await;
        assert_eq!(renamed.status, 200, "{:#}", renamed.json);
        assert_eq!(renamed.json["full_name"], "Siti R.");
    }
}

on_both_backends! {
    /// What the document declares public (`security: []`) or credentials optional for
    /// answers a caller without credentials; everything else asks for them (401), whatever
    /// else is wrong with the request.
    async fn the_declared_security_is_what_the_server_asks_for(app) {
        let doc = app.get("/openapi.json").await.json;
        assert_eq!(doc["security"], serde_json::json!([{"bearer": []}]), "the default is a bearer token");
        let mut wrong = Vec::new();
        for (method, path, operation) in operations(&doc) {
            let declared = operation["security"].as_array().expect("every operation declares its security");
            let url = path
                .replace("{kind}", "identity_card")
                .replace("{date}", "2026-12-24")
                .split('{')
                .enumerate()
                .map(|(n, part)| if n == 0 { part.to_owned() } else { format!("0193a000-0000-7000-8000-00000000000f{}", &part[part.find('}').unwrap() + 1..]) })
                .collect::<String>();
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let answer = if operation["requestBody"]["content"]["application/json"].is_object() {
                app.request_json(method.clone(), &url, &serde_json::json!({}), &[]).await
            } else {
                app.request(method.clone(), &url, &[]).await
            };
            let refused = answer.status == reqwest::StatusCode::UNAUTHORIZED;
            // `[]` is public; an empty requirement among others makes credentials optional
            // (the token endpoint also takes the client's id and secret in its form).
            let open = declared.is_empty() || declared.iter().any(|requirement| requirement == &serde_json::json!({}));
            if open == refused {
                wrong.push(format!("{method} {url} (security {declared:?}): {}", answer.status));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
