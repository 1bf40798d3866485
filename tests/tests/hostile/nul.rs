//! A NUL character everywhere a client can put text, on every operation of the published
//! document (`openapi/openapi.json`): each path, query and header parameter, each string
//! field of each JSON body (nested objects, array items and `oneOf` variants, `$ref`s
//! resolved) and each field of a form body gets `x<NUL>y` in turn, the rest of the request
//! filled with plausible values and a token of a role the route allows.
//!
//! PostgreSQL cannot store a NUL in text, so one that reaches a query is a server failure
//! there (SQLite takes it). Every case must be refused at the edge instead: 400, a problem
//! naming the field. Header values cannot carry a NUL past the HTTP parser at all (a bare
//! 400 from actix-http, before the application): those cases go over a raw connection and
//! must not be 5xx either.

use paspor_domain::account::Role;
use reqwest::Method;
use serde_json::{Map, Value, json};

use super::raw::{request, send};
use crate::support::{
    Client, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, draft, nth_nik,
};

/// The text sent in a JSON body: a NUL between two letters.
const NUL_TEXT: &str = "x\u{0}y";

/// The same, percent-encoded for a path, a query or a form.
const NUL_ENCODED: &str = "x%00y";

/// An id of nothing, for path parameters that name no object of the fixture.
const NO_SUCH_ID: &str = "0193a000-0000-7000-8000-00000000dead";

/// One step into a JSON body: a property, or the first item of an array.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Item,
}

/// The path of a body field as problems name it (`travel.contact_name`, `answers[0].answer`).
fn field_name(path: &[Step]) -> String {
    let mut name = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !name.is_empty() {
                    name.push('.');
                }
                name.push_str(key);
            }
            Step::Item => name.push_str("[0]"),
        }
    }
    name
}

/// What the requests need: a token of each role and the objects the ids name.
struct Fixture {
    applicant: String,
    office_admin: String,
    system_admin: String,
    integrator: String,
    client: Client,
    applicant_id: String,
    application_id: String,
}

impl Fixture {
    async fn new(app: &TestApp) -> Fixture {
        let tokens = app.applicant("nul@example.com").await;
        let applicant_id = add_applicant(app, &tokens, &nth_nik(1)).await;
        let created = app
            .post(
                "/v1/applications",
                &draft(&applicant_id),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let office_admin = app
            .staff(
                "kepala-nul@imigrasi.example",
                Role::OfficeAdmin,
                Some(SEED_OFFICE_ID),
            )
            .await;
        let client = app
            .integrator(
                "nul-prober",
                &[
                    "offices:read",
                    "applications:read",
                    "payments:write",
                    "webhooks:manage",
                ],
            )
            .await;
        let integrator = app.integrator_token(&client, None).await;
        Fixture {
            applicant: access(&tokens).to_owned(),
            office_admin: access(&office_admin).to_owned(),
            system_admin: app.system_admin().await,
            integrator,
            client,
            applicant_id,
            application_id: created.json["id"].as_str().unwrap().to_owned(),
        }
    }

    /// A token the operation accepts: an integrator's where the document says so, else a
    /// bearer of the role the path is for; none for public operations.
    fn token_for(&self, path: &str, operation: &Value) -> Option<&str> {
        let schemes: Vec<&str> = operation["security"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|requirement| requirement.keys().map(String::as_str))
            .collect();
        if schemes.contains(&"integrator") {
            Some(&self.integrator)
        } else if !schemes.contains(&"bearer") {
            None
        } else if path.starts_with("/v1/admin/") {
            Some(&self.system_admin)
        } else if path.starts_with("/v1/office/") {
            // Office admins may do everything officers do at their office.
            Some(&self.office_admin)
        } else {
            Some(&self.applicant)
        }
    }

    /// A plausible value for a path parameter: the fixture's objects where the path names
    /// one, else a well-formed id of nothing.
    fn path_value(&self, doc: &Value, path: &str, parameter: &Value) -> String {
        let name = parameter["name"].as_str().unwrap();
        if let Value::String(text) = self.text(doc, name, &parameter["schema"])
            && name != "id"
        {
            return text;
        }
        if path.starts_with("/v1/applicants/") {
            self.applicant_id.clone()
        } else if path.starts_with("/v1/applications/")
            || path.starts_with("/v1/office/applications/")
            || path.starts_with("/v1/integrator/applications/")
        {
            self.application_id.clone()
        } else if path.starts_with("/v1/offices/") {
            SEED_OFFICE_ID.to_owned()
        } else {
            NO_SUCH_ID.to_owned()
        }
    }

    /// A plausible value of a string schema, by its enum, format, pattern or field name.
    fn text(&self, doc: &Value, name: &str, schema: &Value) -> Value {
        let schema = resolve(doc, schema);
        if let Some(first) = schema["enum"].as_array().and_then(|values| values.first()) {
            return first.clone();
        }
        let by_format = match schema["format"].as_str() {
            Some("date") => Some("2026-12-01"),
            Some("date-time") => Some("2026-11-25T03:00:00Z"),
            Some("email") => Some("nul-probe@example.com"),
            Some("password") => Some(PASSWORD),
            _ => None,
        };
        if let Some(text) = by_format {
            return json!(text);
        }
        if let Some(pattern) = schema["pattern"].as_str() {
            return json!(plausible_for_pattern(pattern));
        }
        let text = match name {
            "office_id" => SEED_OFFICE_ID.to_owned(),
            "applicant_id" => self.applicant_id.clone(),
            "application_id" => self.application_id.clone(),
            "url" => "https://example.com/hooks/nul".to_owned(),
            "grant_type" => "client_credentials".to_owned(),
            "client_id" => self.client.id.clone(),
            "client_secret" => self.client.secret.clone(),
            "scope" => "applications:read".to_owned(),
            "codes" => "launch".to_owned(),
            "event_id" => "nul-probe-1".to_owned(),
            "session_id" | "id" | "object_id" | "actor_id" => NO_SUCH_ID.to_owned(),
            _ => "x".to_owned(),
        };
        json!(text)
    }

    /// A plausible value of `schema`; where `target` is given, the value holds the NUL at
    /// that path (and whatever optional fields lead to it).
    fn value(&self, doc: &Value, name: &str, schema: &Value, target: Option<&[Step]>) -> Value {
        let schema = resolve(doc, schema);
        if let Some(alternatives) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
            let chosen = alternatives
                .iter()
                .filter(|alternative| !is_null(doc, alternative))
                .find(|alternative| target.is_none_or(|target| has_path(doc, alternative, target)))
                .expect("an alternative that holds the target");
            return self.value(doc, name, chosen, target);
        }
        match kind(schema) {
            "object" => {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let mut object = Map::new();
                for (key, property) in schema["properties"].as_object().into_iter().flatten() {
                    let inner = match target {
                        Some([Step::Key(next), rest @ ..]) if next == key => Some(rest),
                        _ if required.contains(&key.as_str()) => None,
                        _ => continue,
                    };
                    object.insert(key.clone(), self.value(doc, key, property, inner));
                }
                Value::Object(object)
            }
            "array" => {
                let inner = match target {
                    Some([Step::Item, rest @ ..]) => Some(rest),
                    _ => None,
                };
                json!([self.value(doc, name, &schema["items"], inner)])
            }
            "string" if target == Some(&[]) => json!(NUL_TEXT),
            "string" => self.text(doc, name, schema),
            "integer" => {
                let minimum = schema["minimum"].as_i64().unwrap_or(1);
                let maximum = schema["maximum"].as_i64().unwrap_or(i64::MAX);
                json!(minimum.max(1).min(maximum))
            }
            "number" => json!(0.0),
            "boolean" => json!(false),
            other => panic!("{name}: no plausible value for a schema of type {other}: {schema}"),
        }
    }
}

/// The schema a `$ref` points at (or the schema itself).
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/components/schemas/")
                .expect("a local schema reference");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// The JSON type of a schema, the non-null one of `["string", "null"]`.
fn kind(schema: &Value) -> &str {
    match &schema["type"] {
        Value::String(kind) => kind,
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|kind| *kind != "null")
            .unwrap_or("null"),
        _ if schema["properties"].is_object() => "object",
        _ if schema["enum"].is_array() => "string",
        _ => "unknown",
    }
}

fn is_null(doc: &Value, schema: &Value) -> bool {
    kind(resolve(doc, schema)) == "null"
}

/// Whether a value of `schema` can hold a string at `path`.
fn has_path(doc: &Value, schema: &Value, path: &[Step]) -> bool {
    let mut leaves = Vec::new();
    string_leaves(doc, schema, &mut Vec::new(), &mut leaves, 0);
    leaves.iter().any(|leaf| leaf.as_slice() == path)
}

/// Every path at which a value of `schema` holds a string, each once.
fn string_leaves(
    doc: &Value,
    schema: &Value,
    prefix: &mut Vec<Step>,
    out: &mut Vec<Vec<Step>>,
    depth: usize,
) {
    assert!(
        depth < 16,
        "a request schema nested past any need at {prefix:?}"
    );
    let schema = resolve(doc, schema);
    if let Some(alternatives) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        for alternative in alternatives {
            string_leaves(doc, alternative, prefix, out, depth + 1);
        }
        return;
    }
    match kind(schema) {
        "object" => {
            for (key, property) in schema["properties"].as_object().into_iter().flatten() {
                prefix.push(Step::Key(key.clone()));
                string_leaves(doc, property, prefix, out, depth + 1);
                prefix.pop();
            }
        }
        "array" => {
            prefix.push(Step::Item);
            string_leaves(doc, &schema["items"], prefix, out, depth + 1);
            prefix.pop();
        }
        "string" if !out.contains(prefix) => out.push(prefix.clone()),
        _ => {}
    }
}

/// A value the pattern accepts, for each pattern request schemas use. A new pattern fails
/// here until it is given one, so that the probe never sends what it did not mean to.
fn plausible_for_pattern(pattern: &str) -> &'static str {
    match pattern {
        "^[0-9]{16}$" => "3171011505900001",
        "^[0-9]{15}$" => "820261125000417",
        "^[0-9]{6}$" => "123456",
        "^[0-9]{5}$" => "33128",
        "^[A-Za-z0-9-]+$" => "P2612010012345",
        "^[A-Z]{2}$" => "JP",
        "^[A-Z0-9]{1,20}$" => "X1234567",
        "^([01][0-9]|2[0-3]):[0-5][0-9]$" => "08:00",
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => "2026-12-25",
        "^[!-~]{1,255}$" => "nul-probe-key",
        "^[a-z0-9_]{1,64}$" => "nul_probe_rules",
        p if p.starts_with("^[ .()-]*") => "0812-3456-7890",
        r"^\+?([0-9][ -]?){7,14}[0-9]$" => "0812-3456-7890",
        p if p.starts_with("^[^\\u0000-\\u001F") || p.starts_with("^[!-~]") => "x",
        other => panic!("no plausible value for the pattern {other:?}: add one"),
    }
}

/// Percent-encodes all but unreserved characters (RFC 3986), for paths, queries and forms.
fn encode(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Where the NUL goes in one request.
#[derive(Debug, Clone)]
enum Target {
    Path(String),
    Query(String),
    Header(String),
    Body(Vec<Step>),
    Form(String),
}

impl Target {
    /// The name a problem should give it.
    fn field(&self) -> String {
        match self {
            Target::Path(name)
            | Target::Query(name)
            | Target::Header(name)
            | Target::Form(name) => name.clone(),
            Target::Body(path) => field_name(path),
        }
    }
}

/// One operation of the document, and how to send it.
struct Operation<'a> {
    method: &'static str,
    path: String,
    spec: &'a Value,
}

impl Operation<'_> {
    fn parameters(&self, place: &str) -> Vec<&Value> {
        self.spec["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|parameter| parameter["in"] == place)
            .collect()
    }

    /// The body's media type and schema, if it takes one.
    fn body(&self) -> Option<(&str, &Value)> {
        let content = self.spec["requestBody"]["content"].as_object()?;
        content
            .iter()
            .next()
            .map(|(media, spec)| (media.as_str(), &spec["schema"]))
    }

    /// Every place a NUL can go in this operation.
    fn targets(&self, doc: &Value) -> Vec<Target> {
        let mut targets = Vec::new();
        for parameter in self.parameters("path") {
            targets.push(Target::Path(parameter["name"].as_str().unwrap().to_owned()));
        }
        for parameter in self.parameters("query") {
            if kind(resolve(doc, &parameter["schema"])) == "string" {
                targets.push(Target::Query(
                    parameter["name"].as_str().unwrap().to_owned(),
                ));
            }
        }
        for parameter in self.parameters("header") {
            targets.push(Target::Header(
                parameter["name"].as_str().unwrap().to_owned(),
            ));
        }
        match self.body() {
            Some(("application/json", schema)) => {
                let mut leaves = Vec::new();
                string_leaves(doc, schema, &mut Vec::new(), &mut leaves, 0);
                targets.extend(leaves.into_iter().map(Target::Body));
            }
            Some(("application/x-www-form-urlencoded", schema)) => {
                for key in resolve(doc, schema)["properties"]
                    .as_object()
                    .unwrap()
                    .keys()
                {
                    targets.push(Target::Form(key.clone()));
                }
            }
            _ => {}
        }
        targets
    }

    /// The request target (path and query) with the NUL where `target` says.
    fn uri(&self, doc: &Value, fixture: &Fixture, target: &Target) -> String {
        let mut uri = self.path.clone();
        for parameter in self.parameters("path") {
            let name = parameter["name"].as_str().unwrap();
            let value = match target {
                Target::Path(nul) if nul == name => NUL_ENCODED.to_owned(),
                _ => encode(&fixture.path_value(doc, &self.path, parameter)),
            };
            uri = uri.replace(&format!("{{{name}}}"), &value);
        }
        let mut query = Vec::new();
        for parameter in self.parameters("query") {
            let name = parameter["name"].as_str().unwrap();
            match target {
                Target::Query(nul) if nul == name => query.push(format!("{name}={NUL_ENCODED}")),
                _ if parameter["required"] == true => {
                    let value = match fixture.value(doc, name, &parameter["schema"], None) {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    query.push(format!("{name}={}", encode(&value)));
                }
                _ => {}
            }
        }
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(&query.join("&"));
        }
        uri
    }

    /// The body and its media type, with the NUL where `target` says.
    fn payload(
        &self,
        doc: &Value,
        fixture: &Fixture,
        target: &Target,
    ) -> Option<(String, Vec<u8>)> {
        let (media, schema) = self.body()?;
        let bytes = match media {
            "application/json" => {
                let path = match target {
                    Target::Body(path) => Some(path.as_slice()),
                    _ => None,
                };
                serde_json::to_vec(&fixture.value(doc, "", schema, path)).unwrap()
            }
            "application/x-www-form-urlencoded" => {
                let form = resolve(doc, schema)["properties"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(key, property)| {
                        let value = match target {
                            Target::Form(nul) if nul == key => NUL_ENCODED.to_owned(),
                            _ => match fixture.text(doc, key, property) {
                                Value::String(text) => encode(&text),
                                other => encode(&other.to_string()),
                            },
                        };
                        format!("{key}={value}")
                    })
                    .collect::<Vec<_>>()
                    .join("&");
                form.into_bytes()
            }
            // Files: a PDF of a few bytes.
            _ => return Some(("application/pdf".to_owned(), b"%PDF-1.7\n%%EOF\n".to_vec())),
        };
        Some((media.to_owned(), bytes))
    }

    /// The required header parameters other than the target (each an `Idempotency-Key`,
    /// given a fresh one).
    fn headers(&self, target: &Target) -> Vec<(String, String)> {
        self.parameters("header")
            .into_iter()
            .filter(|parameter| parameter["required"] == true)
            .map(|parameter| parameter["name"].as_str().unwrap())
            .filter(|name| !matches!(target, Target::Header(nul) if nul == name))
            .map(|name| (name.to_owned(), uuid::Uuid::new_v4().to_string()))
            .collect()
    }
}

/// Sends one case; returns what went wrong, if anything.
async fn probe(
    app: &TestApp,
    doc: &Value,
    fixture: &Fixture,
    operation: &Operation<'_>,
    target: &Target,
) -> Option<String> {
    let uri = operation.uri(doc, fixture, target);
    let token = fixture.token_for(&operation.path, operation.spec);
    let payload = operation.payload(doc, fixture, target);
    let headers = operation.headers(target);
    let case = format!(
        "{} {} ({target:?})",
        operation.method.to_uppercase(),
        operation.path
    );
    if let Target::Header(name) = target {
        // Only a raw connection sends a NUL in a header value.
        let mut lines: Vec<Vec<u8>> = headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}").into_bytes())
            .collect();
        if let Some(token) = token {
            lines.push(format!("Authorization: Bearer {token}").into_bytes());
        }
        let mut nul = format!("{name}: ").into_bytes();
        nul.extend_from_slice(NUL_TEXT.as_bytes());
        lines.push(nul);
        let body = match &payload {
            Some((media, bytes)) => {
                lines.push(format!("Content-Type: {media}").into_bytes());
                bytes.clone()
            }
            None => Vec::new(),
        };
        let lines: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
        let method = operation.method.to_uppercase();
        let answer = send(app, &request(&method, uri.as_bytes(), &lines, &body)).await;
        return (answer.status == 0 || answer.status >= 500).then(|| {
            format!(
                "{case}: {}",
                answer.head.lines().next().unwrap_or("no answer")
            )
        });
    }
    let method = Method::from_bytes(operation.method.to_uppercase().as_bytes()).unwrap();
    let bearer = token.map(|token| format!("Bearer {token}"));
    let mut pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    if let Some(bearer) = &bearer {
        pairs.push(("authorization", bearer));
    }
    let answer = match &payload {
        Some((media, bytes)) => {
            pairs.push(("content-type", media));
            app.request_body(method, &uri, bytes.clone(), &pairs).await
        }
        None => app.request(method, &uri, &pairs).await,
    };
    let field = target.field();
    let named = answer.error_fields().contains(&field);
    let problem = answer.header("content-type") == "application/problem+json";
    if answer.status == 400 && named && problem {
        None
    } else {
        Some(format!(
            "{case}: {} (expected 400 naming `{field}`): {}",
            answer.status, answer.json
        ))
    }
}

on_both_backends! {
    /// A NUL in any text of any operation is a 400 naming the field, never a 5xx.
    async fn a_nul_anywhere_in_any_operation_is_refused_at_the_edge(app) {
        let snapshot = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(paspor_openapi::SNAPSHOT_PATH);
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(snapshot).expect("the snapshot"))
                .expect("the snapshot is JSON");
        let fixture = Fixture::new(&app).await;
        let mut failures = Vec::new();
        let mut cases = 0;
        for (method, path, spec) in crate::contract::operations(&doc) {
            let operation = Operation { method, path, spec };
            for target in operation.targets(&doc) {
                cases += 1;
                if let Some(failure) = probe(&app, &doc, &fixture, &operation, &target).await {
                    failures.push(failure);
                }
            }
        }
        // Every kind of place is reached: the probe is not silently sending nothing.
        assert!(cases > 200, "only {cases} cases");
        assert!(
            failures.is_empty(),
            "{} of {cases} cases were not refused as they should be:\n{}",
            failures.len(),
            failures.join("\n")
        );
        // The fixture's accounts still work: no case changed what they are.
        let me = app.send(Method::GET, "/v1/me", None, Some(&fixture.applicant)).await;
        assert_eq!(me.status, 200, "{:#}", me.json);
    }
}
