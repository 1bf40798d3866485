//! The OpenAPI document: the committed snapshot is the document the server builds and
//! serves, and every documented operation is routed.

use serde_json::Value;

fn snapshot_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(paspor_openapi::SNAPSHOT_PATH)
}

#[test]
fn the_committed_snapshot_is_the_generated_document() {
    let generated = paspor_api::openapi_json();
    let committed = std::fs::read_to_string(snapshot_path()).unwrap_or_default();
    assert!(
        generated == committed,
        "openapi/openapi.json is stale: regenerate it with\n    cargo run -p paspor-api -- openapi > openapi/openapi.json"
    );
}

#[test]
fn the_document_is_openapi_3_1_with_every_error_as_a_problem() {
    let doc: Value = serde_json::from_str(&paspor_api::openapi_json()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 7, "{:?}", paths.keys());
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
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
}

on_both_backends! {
    async fn the_served_document_is_the_snapshot_and_every_operation_is_routed(app) {
        let served = app.get("/openapi.json").await;
        assert_eq!(served.status, 200);
        let doc: Value = serde_json::from_str(&paspor_api::openapi_json()).unwrap();
        assert_eq!(served.json, doc);

        for (path, item) in doc["paths"].as_object().unwrap() {
            let concrete = path.replace("{id}", "0193a000-0000-7000-8000-000000000001");
            for method in item.as_object().unwrap().keys() {
                let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let answer = app.request(method.clone(), &concrete, &[]).await;
                assert_ne!(answer.status, 405, "{method} {path}");
                let unrouted = answer.json["detail"].as_str().is_some_and(|d| d.starts_with("no resource at"));
                assert!(!unrouted, "{method} {path} is documented but not routed");
            }
        }

        let docs = app.get("/docs/").await;
        assert_eq!(docs.status, 200);
    }
}
