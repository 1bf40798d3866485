//! Every link the document declares leads where it says: right after the operation it
//! starts from, following it with the value it names (the created `id`) succeeds. A
//! generated client or schemathesis's stateful phase follows these links; a link that
//! answers 404 or 409 misleads them.

use reqwest::Method;
use serde_json::{Value, json};

use crate::contract::operations;
use crate::office_admin::new_office;
use crate::support::{
    Answer, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, draft, nth_nik,
};

/// What a link starts from: the created thing, and the bearer token that may act on it.
struct Created {
    body: Value,
    token: String,
}

/// Makes the thing that `operation_id` creates, the `n`th time (fresh accounts and names,
/// so that one link's follow-up cannot spoil the next).
async fn create(app: &TestApp, path: &str, operation: &Value, n: usize) -> Created {
    let operation_id = operation["operationId"].as_str().unwrap();
    let send = |body: Value, token: String| async move {
        let answer = call(app, Method::POST, path, operation, Some(&body), &token).await;
        (answer, token)
    };
    let (answer, token) = match operation_id {
        "register_device" => {
            let token = applicant(app, n).await;
            let body = json!({"platform": "android", "token": format!("device-{n}")});
            send(body, token).await
        }
        "create_applicant" => {
            let token = applicant(app, n).await;
            let body = json!({
                "nik": nth_nik(n), "full_name": "Budi Santoso", "place_of_birth": "Jakarta",
                "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1",
                "father_name": "Santoso", "mother_name": "Sri", "marital_status": "single",
                "dual_citizen_child": false
            });
            send(body, token).await
        }
        "create_application" => {
            let tokens = app.applicant(&format!("link-{n}@example.com")).await;
            let applicant = add_applicant(app, &tokens, &nth_nik(n)).await;
            let token = access(&tokens).to_owned();
            let body = draft(&applicant);
            send(body, token).await
        }
        "create_staff" => {
            let token = app.system_admin().await;
            let body = json!({
                "email": format!("petugas-{n}@imigrasi.example"), "full_name": "Petugas Baru",
                "password": PASSWORD, "role": "officer",
                "office_id": SEED_OFFICE_ID
            });
            send(body, token).await
        }
        "create_office" => {
            let token = app.system_admin().await;
            let body = new_office();
            send(body, token).await
        }
        "create_webhook_subscription" => {
            let client = app
                .integrator(&format!("Mitra {n}"), &["webhooks:manage"])
                .await;
            let token = app.integrator_token(&client, None).await;
            let body = json!({"url": "http://127.0.0.1:9/hook", "events": ["payment.received"]});
            send(body, token).await
        }
        "import_settlement_report" => {
            let token = app.system_admin().await;
            let bearer = format!("Bearer {token}");
            // A line of its own each time: the same file is the same report.
            let csv = format!(
                "billing_code,amount,ntpn,paid_at\n{n:015},650000,0A1B2C3D4E5F6G7H,2026-11-25T03:00:00Z\n"
            );
            let headers = [
                ("authorization", bearer.as_str()),
                ("content-type", "text/csv"),
            ];
            let answer = app.request_body(Method::POST, path, csv, &headers).await;
            (answer, token)
        }
        other => panic!(
            "{other} declares links: teach this test to create what it creates, so that its \
             links are followed"
        ),
    };
    assert!(
        answer.status.is_success(),
        "{operation_id}: {} {:#}",
        answer.status,
        answer.json
    );
    Created {
        body: answer.json,
        token,
    }
}

/// The body a link's target takes, if any: a valid one, as a client would send.
async fn body_for(app: &TestApp, operation_id: &str) -> Option<Value> {
    match operation_id {
        "update_applicant" => Some(json!({"full_name": "Budi Santoso Putra"})),
        "update_application" => Some(json!({"service": "regular"})),
        "book_application" => {
            let days = app
                .get(&format!(
                    "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
                ))
                .await;
            let session = days.json["days"][0]["sessions"][0]["id"].clone();
            Some(json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}))
        }
        "join_waitlist" => Some(json!({"office_id": SEED_OFFICE_ID, "from": DATE, "to": DATE})),
        "update_staff" => Some(json!({"role": "office_admin"})),
        "update_office" => Some(json!({"name": "Kanim Batam"})),
        _ => None,
    }
}

/// `method path` as the operation documents it: with a fresh `Idempotency-Key` where it
/// takes one, and the bearer token.
async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    operation: &Value,
    body: Option<&Value>,
    token: &str,
) -> Answer {
    let keyed = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|parameter| parameter["name"] == "Idempotency-Key");
    let key = uuid::Uuid::new_v4().to_string();
    let bearer = format!("Bearer {token}");
    let mut headers = vec![("authorization", bearer.as_str())];
    if keyed {
        headers.push(("idempotency-key", key.as_str()));
    }
    match body {
        Some(body) => app.request_json(method, path, body, &headers).await,
        None => app.request(method, path, &headers).await,
    }
}

/// A new applicant account's access token.
async fn applicant(app: &TestApp, n: usize) -> String {
    let tokens = app.applicant(&format!("link-{n}@example.com")).await;
    access(&tokens).to_owned()
}

on_both_backends! {
    async fn every_declared_link_succeeds_right_after_its_operation(app) {
        let doc = app.get("/openapi.json").await.json;
        let all = operations(&doc);
        let mut followed = Vec::new();
        for (method, path, operation) in &all {
            for (status, response) in operation["responses"].as_object().unwrap() {
                for (name, link) in response["links"].as_object().into_iter().flatten() {
                    let at = format!("{} {path} ({status}) link {name}", method.to_uppercase());
                    let created = create(&app, path, operation, followed.len()).await;
                    let (target_method, target_path, target) = all
                        .iter()
                        .find(|(.., op)| op["operationId"] == link["operationId"])
                        .unwrap_or_else(|| panic!("{at}: no such operation"));
                    let mut url = target_path.clone();
                    for (parameter, expression) in link["parameters"].as_object().unwrap() {
                        let pointer = expression
                            .as_str()
                            .and_then(|e| e.strip_prefix("$response.body#"))
                            .unwrap_or_else(|| panic!("{at}: {expression} is not a body pointer"));
                        let value = created.body.pointer(pointer).and_then(Value::as_str);
                        let value = value.unwrap_or_else(|| {
                            panic!("{at}: the answer has no {pointer}: {:#}", created.body)
                        });
                        url = url.replace(&format!("{{{parameter}}}"), value);
                    }
                    assert!(!url.contains('{'), "{at}: {url} still has a parameter");
                    let target_id = target["operationId"].as_str().unwrap();
                    let body = body_for(&app, target_id).await;
                    let method = Method::from_bytes(target_method.to_uppercase().as_bytes()).unwrap();
                    let answer = call(&app, method, &url, target, body.as_ref(), &created.token).await;
                    assert!(
                        answer.status.is_success(),
                        "{at}: {} {url} answered {}: {:#}",
                        target_method.to_uppercase(),
                        answer.status,
                        answer.json
                    );
                    followed.push(target_id.to_owned());
                }
            }
        }
        // The document links from every POST that creates something with an id.
        for expected in ["remove_device", "show_applicant", "show_application", "update_staff", "update_office", "show_webhook_subscription"] {
            assert!(followed.iter().any(|id| id == expected), "no link to {expected} was followed: {followed:?}");
        }
    }
}
