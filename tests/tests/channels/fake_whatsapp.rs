//! A fake of the WhatsApp Business Cloud API on 127.0.0.1: `POST /{version}/{phone number
//! id}/messages`, which checks the access token and the template message's shape, keeps
//! what it got and answers as Meta does.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use paspor_api::config::WhatsAppCloud;
use serde_json::{Value, json};

use crate::support::eventually;

/// The sending number's id at Meta.
const PHONE_NUMBER_ID: &str = "109876543210";

/// The API version in the path.
const VERSION: &str = "v21.0";

/// The access token the fake accepts.
const ACCESS_TOKEN: &str = "EAAG-fake-system-user-token";

/// One template message the fake accepted.
#[derive(Debug, Clone)]
pub struct Template {
    /// The recipient, `62...`.
    pub to: String,
    /// The template's name.
    pub name: String,
    /// Its language code.
    pub language: String,
    /// The body's parameters.
    pub params: Vec<String>,
}

#[derive(Default)]
struct State {
    received: Vec<Template>,
    problems: Vec<String>,
}

/// The fake, listening until dropped.
pub struct FakeWhatsApp {
    base: String,
    state: Arc<Mutex<State>>,
    server: actix_web::dev::ServerHandle,
}

impl FakeWhatsApp {
    /// Starts the fake on a free port.
    pub fn start() -> FakeWhatsApp {
        let state: Arc<Mutex<State>> = Arc::default();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let shared = state.clone();
        let server = HttpServer::new(move || {
            let shared = shared.clone();
            App::new().default_service(web::to(move |request: HttpRequest, body: web::Bytes| {
                let shared = shared.clone();
                async move { receive(&mut shared.lock().unwrap(), &request, &body) }
            }))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        FakeWhatsApp {
            base,
            state,
            server: handle,
        }
    }

    /// The configuration that sends to the fake.
    pub fn cloud(&self) -> WhatsAppCloud {
        WhatsAppCloud {
            access_token: ACCESS_TOKEN.to_owned().into(),
            phone_number_id: PHONE_NUMBER_ID.to_owned(),
            base_url: self.base.clone(),
            api_version: VERSION.to_owned(),
        }
    }

    /// Every template message accepted so far.
    pub fn received(&self) -> Vec<Template> {
        self.state.lock().unwrap().received.clone()
    }

    /// What the fake found wrong in the requests it got.
    pub fn problems(&self) -> Vec<String> {
        self.state.lock().unwrap().problems.clone()
    }

    /// Waits until a template named `name` arrived; returns the last such one.
    pub async fn wait_for(&self, name: &str) -> Template {
        eventually(&format!("the {name} template at the fake"), || {
            self.received().into_iter().rev().find(|t| t.name == name)
        })
        .await
    }
}

impl Drop for FakeWhatsApp {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

fn receive(state: &mut State, request: &HttpRequest, body: &[u8]) -> HttpResponse {
    let expected = format!("/{VERSION}/{PHONE_NUMBER_ID}/messages");
    if request.path() != expected {
        state
            .problems
            .push(format!("a request to {}", request.path()));
        return HttpResponse::NotFound().finish();
    }
    let bearer = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok());
    if bearer != Some(&format!("Bearer {ACCESS_TOKEN}")) {
        state
            .problems
            .push(format!("a send with authorization {bearer:?}"));
        return HttpResponse::Unauthorized()
            .json(json!({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}));
    }
    let message: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let template = &message["template"];
    let params: Option<Vec<String>> = template["components"]
        .as_array()
        .and_then(|components| components.iter().find(|c| c["type"] == "body"))
        .and_then(|body| body["parameters"].as_array())
        .map(|parameters| {
            parameters
                .iter()
                .filter(|p| p["type"] == "text")
                .filter_map(|p| p["text"].as_str().map(str::to_owned))
                .collect()
        });
    let well_formed = message["messaging_product"] == "whatsapp" && message["type"] == "template";
    let to = message["to"]
        .as_str()
        .filter(|to| to.len() > 8 && to.bytes().all(|b| b.is_ascii_digit()));
    let (true, Some(to), Some(name), Some(language), Some(params)) = (
        well_formed,
        to,
        template["name"].as_str(),
        template["language"]["code"].as_str(),
        params,
    ) else {
        state.problems.push(format!("a message shaped {message}"));
        return HttpResponse::BadRequest()
            .json(json!({"error": {"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100}}));
    };
    state.received.push(Template {
        to: to.to_owned(),
        name: name.to_owned(),
        language: language.to_owned(),
        params,
    });
    HttpResponse::Ok().json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": format!("wamid.fake{}", state.received.len())}],
    }))
}
