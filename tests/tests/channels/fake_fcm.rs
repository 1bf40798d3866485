//! A fake of Firebase Cloud Messaging on 127.0.0.1: the OAuth token endpoint, which checks
//! the signed assertion as Google would (RS256 against the service account's public key,
//! issuer, audience, scope, lifetime, grant type), and `messages:send`, which checks the
//! bearer token and the message's shape and answers as told per device token.

use std::collections::{HashMap, VecDeque};
use std::net::TcpListener;
use std::sync::{Arc, Mutex, OnceLock};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use paspor_api::push::fcm::{GRANT_TYPE, SCOPE, ServiceAccount};
use serde_json::{Value, json};

use crate::support::eventually;

/// The service account's address, the assertion's issuer.
pub const CLIENT_EMAIL: &str = "paspor-push@paspor-test.iam.gserviceaccount.com";

/// The Firebase project.
pub const PROJECT: &str = "paspor-test";

/// The key's id, named in the assertion's header.
const KEY_ID: &str = "test-key-1";

/// A key made once per test run (never a file in the repository): its private half in
/// PEM, and its public half as the base64url modulus and exponent.
struct Key {
    pem: String,
    n: String,
    e: String,
}

fn key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| {
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        use rsa::traits::PublicKeyParts;
        let private = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).expect("a key");
        Key {
            pem: private
                .to_pkcs8_pem(LineEnding::LF)
                .expect("PEM")
                .to_string(),
            n: URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
            e: URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
        }
    })
}

/// How the fake answers a send to one device token.
#[derive(Debug, Clone, Copy)]
pub enum Reply {
    /// 200 with the message's name.
    Accept,
    /// 404 `NOT_FOUND` with FCM's `UNREGISTERED`.
    Unregistered,
    /// 429 `RESOURCE_EXHAUSTED` with FCM's `QUOTA_EXCEEDED` and `Retry-After` in seconds.
    Overloaded(u64),
}

/// One send the fake accepted or refused.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The device token it was addressed to.
    pub token: String,
    /// The notification's title.
    pub title: String,
    /// The notification's body.
    pub body: String,
    /// The outbox message id carried in `data`.
    pub message_id: String,
    /// Whether the fake accepted it (200).
    pub accepted: bool,
}

#[derive(Default)]
struct State {
    exchanges: usize,
    issued: Vec<String>,
    revoked: Vec<String>,
    sends: Vec<Sent>,
    problems: Vec<String>,
    script: HashMap<String, VecDeque<Reply>>,
}

/// The fake, listening until dropped.
pub struct FakeFcm {
    /// Its base URL, FCM's in the configuration.
    pub base: String,
    state: Arc<Mutex<State>>,
    server: actix_web::dev::ServerHandle,
}

impl FakeFcm {
    /// Starts the fake on a free port.
    pub fn start() -> FakeFcm {
        let state: Arc<Mutex<State>> = Arc::default();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let shared = state.clone();
        let token_uri = format!("{base}/token");
        let server = HttpServer::new(move || {
            let shared = shared.clone();
            let token_uri = token_uri.clone();
            App::new().default_service(web::to(move |request: HttpRequest, body: web::Bytes| {
                let shared = shared.clone();
                let token_uri = token_uri.clone();
                async move {
                    let mut state = shared.lock().unwrap();
                    match request.path() {
                        "/token" => exchange(&mut state, &token_uri, &body),
                        path if path == format!("/v1/projects/{PROJECT}/messages:send") => {
                            send(&mut state, &request, &body)
                        }
                        other => {
                            state.problems.push(format!("a request to {other}"));
                            HttpResponse::NotFound().finish()
                        }
                    }
                }
            }))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        FakeFcm {
            base,
            state,
            server: handle,
        }
    }

    /// The service account whose key the fake checks assertions against.
    pub fn service_account(&self) -> ServiceAccount {
        let json = json!({
            "type": "service_account",
            "project_id": PROJECT,
            "private_key_id": KEY_ID,
            "private_key": key().pem,
            "client_email": CLIENT_EMAIL,
            "client_id": "1234567890",
            "token_uri": format!("{}/token", self.base),
        });
        ServiceAccount::parse(&json.to_string()).expect("a usable service account")
    }

    /// Answers sends to `token` with `replies` in turn, then accepts.
    pub fn script(&self, token: &str, replies: &[Reply]) {
        let mut state = self.state.lock().unwrap();
        state
            .script
            .insert(token.to_owned(), replies.iter().copied().collect());
    }

    /// Revokes every access token issued so far (as Google may before they expire): sends
    /// with them are answered 401 `UNAUTHENTICATED`.
    pub fn revoke(&self) {
        let mut state = self.state.lock().unwrap();
        let issued = std::mem::take(&mut state.issued);
        state.revoked.extend(issued);
    }

    /// Every send so far.
    pub fn sends(&self) -> Vec<Sent> {
        self.state.lock().unwrap().sends.clone()
    }

    /// How many assertions were exchanged for tokens.
    pub fn exchanges(&self) -> usize {
        self.state.lock().unwrap().exchanges
    }

    /// What the fake found wrong in the requests it got (empty when all were right).
    pub fn problems(&self) -> Vec<String> {
        self.state.lock().unwrap().problems.clone()
    }

    /// Waits until `count` sends to `token` were made; returns them.
    pub async fn wait_for(&self, token: &str, count: usize) -> Vec<Sent> {
        eventually(&format!("{count} sends to {token}"), || {
            let sends: Vec<Sent> = self
                .sends()
                .into_iter()
                .filter(|s| s.token == token)
                .collect();
            (sends.len() >= count).then_some(sends)
        })
        .await
    }
}

impl Drop for FakeFcm {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

fn exchange(state: &mut State, token_uri: &str, body: &[u8]) -> HttpResponse {
    let form: HashMap<String, String> = form_fields(body);
    if form.get("grant_type").map(String::as_str) != Some(GRANT_TYPE) {
        state
            .problems
            .push(format!("grant_type {:?}", form.get("grant_type")));
        return HttpResponse::BadRequest().json(json!({"error": "unsupported_grant_type"}));
    }
    let Some(assertion) = form.get("assertion") else {
        state.problems.push("no assertion".to_owned());
        return HttpResponse::BadRequest().json(json!({"error": "invalid_request"}));
    };
    if let Err(problem) = check_assertion(assertion, token_uri) {
        state.problems.push(problem);
        return HttpResponse::BadRequest().json(json!({"error": "invalid_grant"}));
    }
    state.exchanges += 1;
    let token = format!("ya29.fake-access-token-{}", state.exchanges);
    state.issued.push(token.clone());
    HttpResponse::Ok()
        .json(json!({"access_token": token, "expires_in": 3599, "token_type": "Bearer"}))
}

fn form_fields(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// Checks the assertion as Google's token endpoint does.
fn check_assertion(assertion: &str, token_uri: &str) -> Result<(), String> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
    let header = decode_header(assertion).map_err(|e| format!("assertion header: {e}"))?;
    if header.alg != Algorithm::RS256 || header.kid.as_deref() != Some(KEY_ID) {
        return Err(format!("assertion header {header:?}"));
    }
    let key = DecodingKey::from_rsa_components(&key().n, &key().e).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[token_uri]);
    validation.set_issuer(&[CLIENT_EMAIL]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud"]);
    // The server runs on the test's clock, not this machine's.
    validation.validate_exp = false;
    let claims = decode::<Value>(assertion, &key, &validation)
        .map_err(|e| format!("assertion: {e}"))?
        .claims;
    if claims["scope"] != SCOPE {
        return Err(format!("scope {}", claims["scope"]));
    }
    let lifetime = claims["exp"].as_i64().unwrap_or(0) - claims["iat"].as_i64().unwrap_or(0);
    if !(1..=3600).contains(&lifetime) {
        return Err(format!("an assertion valid for {lifetime} s"));
    }
    Ok(())
}

fn send(state: &mut State, request: &HttpRequest, body: &[u8]) -> HttpResponse {
    let bearer = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    if state.revoked.contains(&bearer) {
        return HttpResponse::Unauthorized()
            .json(json!({"error": {"code": 401, "status": "UNAUTHENTICATED", "message": "Request had invalid authentication credentials."}}));
    }
    if !state.issued.contains(&bearer) {
        state
            .problems
            .push(format!("a send with bearer {bearer:?}"));
        return HttpResponse::Unauthorized()
            .json(json!({"error": {"code": 401, "status": "UNAUTHENTICATED"}}));
    }
    let message: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let message = &message["message"];
    let (Some(token), Some(title), Some(text)) = (
        message["token"].as_str(),
        message["notification"]["title"].as_str(),
        message["notification"]["body"].as_str(),
    ) else {
        state.problems.push(format!("a message shaped {message}"));
        return HttpResponse::BadRequest()
            .json(json!({"error": {"code": 400, "status": "INVALID_ARGUMENT", "message": "Invalid JSON payload"}}));
    };
    let reply = state
        .script
        .get_mut(token)
        .and_then(VecDeque::pop_front)
        .unwrap_or(Reply::Accept);
    state.sends.push(Sent {
        token: token.to_owned(),
        title: title.to_owned(),
        body: text.to_owned(),
        message_id: message["data"]["message_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        accepted: matches!(reply, Reply::Accept),
    });
    let fcm_error = |code: &str| json!([{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code}]);
    match reply {
        Reply::Accept => HttpResponse::Ok()
            .json(json!({"name": format!("projects/{PROJECT}/messages/{}", state.sends.len())})),
        Reply::Unregistered => HttpResponse::NotFound().json(json!({"error": {
            "code": 404, "status": "NOT_FOUND", "message": "Requested entity was not found.",
            "details": fcm_error("UNREGISTERED"),
        }})),
        Reply::Overloaded(after) => HttpResponse::TooManyRequests()
            .insert_header(("retry-after", after.to_string()))
            .json(json!({"error": {
                "code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota exceeded.",
                "details": fcm_error("QUOTA_EXCEEDED"),
            }})),
    }
}
