//! Outgoing webhooks: a local receiver that fails the first attempts gets retries with
//! backoff until it answers 2xx, every attempt logged; each delivery's signature checked
//! here by an implementation of its own (hmac and sha2, straight from the header); the
//! event id stable across retries and replays; subscriptions kept to their client; and
//! the SSRF guard refusing private addresses at subscription and at delivery.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::TimeDelta;
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::support::*;

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    signature: String,
    event_id: String,
    event_type: String,
    content_type: String,
    body: Vec<u8>,
}

/// A webhook receiver on 127.0.0.1 that answers 500 to its first `failures` requests and
/// 200 afterwards.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    server: actix_web::dev::ServerHandle,
}

impl Receiver {
    async fn start(failures: usize) -> Receiver {
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = received.clone();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(move || {
            let log = log.clone();
            App::new().default_service(web::to(move |request: HttpRequest, body: web::Bytes| {
                let log = log.clone();
                async move {
                    let header = |name: &str| {
                        request
                            .headers()
                            .get(name)
                            .and_then(|value| value.to_str().ok())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    let mut log = log.lock().unwrap();
                    log.push(Received {
                        signature: header("paspor-signature"),
                        event_id: header("paspor-event-id"),
                        event_type: header("paspor-event-type"),
                        content_type: header("content-type"),
                        body: body.to_vec(),
                    });
                    if log.len() <= failures {
                        HttpResponse::InternalServerError().body("not today")
                    } else {
                        HttpResponse::Ok().finish()
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
        Receiver {
            url: format!("http://127.0.0.1:{port}/paspor/webhooks"),
            received,
            server: handle,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    async fn wait_for(&self, count: usize) -> Vec<Received> {
        eventually(&format!("{count} requests at the receiver"), || {
            let received = self.received();
            (received.len() >= count).then_some(received)
        })
        .await
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

/// Checks `Paspor-Signature` as a receiver would, written here from its description
/// alone: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` under the
/// subscription's secret. Returns the signature's time.
fn verify_signature(secret: &str, header: &str, body: &[u8]) -> i64 {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let (name, value) = part.split_once('=').expect("name=value parts");
        match name {
            "t" => timestamp = Some(value.parse::<i64>().expect("a unix time")),
            "v1" => signatures.push(value.to_owned()),
            other => panic!("unexpected part {other}"),
        }
    }
    let timestamp = timestamp.expect("a t= part");
    let hmac_hex = |body: &[u8]| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    };
    assert!(
        signatures.contains(&hmac_hex(body)),
        "no v1 signature matches the body"
    );
    // And another body does not verify under the same header.
    assert!(!signatures.contains(&hmac_hex(b"{}")));
    timestamp
}

/// Polls the subscription's delivery log until `done` holds for its newest delivery.
async fn wait_for_log(
    app: &TestApp,
    token: &str,
    subscription: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    for _ in 0..1000 {
        let log = app
            .send(
                Method::GET,
                &format!("/v1/integrator/webhooks/{subscription}/deliveries"),
                None,
                Some(token),
            )
            .await;
        assert_eq!(log.status, 200, "{:#}", log.json);
        if log.json["items"]
            .as_array()
            .is_some_and(|items| !items.is_empty() && done(&items[0]))
        {
            return log.json["items"][0].clone();
        }
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the delivery log never showed {what}");
}

/// Subscribes `url` for `events`; returns (subscription id, signing secret).
async fn subscribe(app: &TestApp, token: &str, url: &str, events: &[&str]) -> (String, String) {
    let created = app
        .send(
            Method::POST,
            "/v1/integrator/webhooks",
            Some(&json!({"url": url, "events": events})),
            Some(token),
        )
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    (
        created.json["id"].as_str().unwrap().to_owned(),
        created.json["secret"].as_str().unwrap().to_owned(),
    )
}

on_both_backends! {
    async fn a_failing_receiver_gets_signed_retries_until_it_answers_and_a_replay(app) {
        let receiver = Receiver::start(2).await;
        let client = app.integrator("Mitra Aplikasi", &["webhooks:manage"]).await;
        let token = app.integrator_token(&client, None).await;
        let (subscription, secret) =
            subscribe(&app, &token, &receiver.url, &["application.status_changed"]).await;
        assert!(secret.starts_with("whsec_"));

        // Booking moves a draft to awaiting_payment: one event.
        let applicant = app.applicant("siti@example.com").await;
        let (application, _) = book_new(&app, &applicant, &nth_nik(1)).await;
        let started = app.clock.now();

        let first = receiver.wait_for(1).await;
        let logged = wait_for_log(&app, &token, &subscription, "the first attempt", |d| d["attempt_count"] == 1).await;
        assert_eq!(logged["status"], "pending");
        assert_eq!(logged["attempts"][0]["status_code"], 500);
        assert_eq!(logged["attempts"][0]["succeeded"], false);
        let next: chrono::DateTime<chrono::Utc> = serde_json::from_value(logged["next_attempt_at"].clone()).unwrap();
        assert!(next > started && next <= started + TimeDelta::seconds(30), "{next}");

        // Nothing more until the backoff has passed.
        app.clock.advance(TimeDelta::seconds(30));
        receiver.wait_for(2).await;
        let logged = wait_for_log(&app, &token, &subscription, "the second attempt", |d| d["attempt_count"] == 2).await;
        let next: chrono::DateTime<chrono::Utc> = serde_json::from_value(logged["next_attempt_at"].clone()).unwrap();
        let second_at = started + TimeDelta::seconds(30);
        assert!(next > second_at + TimeDelta::seconds(30) && next <= second_at + TimeDelta::seconds(60), "doubled: {next}");
        app.clock.advance(TimeDelta::seconds(60));
        let received = receiver.wait_for(3).await;
        let delivered = wait_for_log(&app, &token, &subscription, "the delivery", |d| d["status"] == "delivered").await;

        // The log: three attempts with their outcomes.
        let outcomes: Vec<(Value, Value)> = delivered["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["status_code"].clone(), a["succeeded"].clone()))
            .collect();
        assert_eq!(outcomes, [(json!(500), json!(false)), (json!(500), json!(false)), (json!(200), json!(true))]);
        assert_eq!(delivered["attempt_count"], 3);
        assert_eq!(delivered["next_attempt_at"], Value::Null);
        assert_eq!(delivered["event_type"], "application.status_changed");
        let attempted_at: Vec<&str> = delivered["attempts"].as_array().unwrap().iter().map(|a| a["at"].as_str().unwrap()).collect();
        assert_eq!(attempted_at, ["2026-11-25T03:00:00Z", "2026-11-25T03:00:30Z", "2026-11-25T03:01:30Z"]);

        // Every request: signed over its body at the time it was sent, one event id.
        let event_id = delivered["event_id"].as_str().unwrap();
        for (request, at) in received.iter().zip([0, 30, 90]) {
            let signed_at = verify_signature(&secret, &request.signature, &request.body);
            assert_eq!(signed_at, started.timestamp() + at);
            assert_eq!(request.event_id, event_id);
            assert_eq!(request.event_type, "application.status_changed");
            assert_eq!(request.content_type, "application/json");
            assert_eq!(request.body, first[0].body, "the same body every time");
        }
        let body: Value = serde_json::from_slice(&received[0].body).unwrap();
        assert_eq!(body["id"], event_id);
        assert_eq!(body["type"], "application.status_changed");
        assert_eq!(body["data"]["application_id"], application.as_str());
        assert_eq!(body["data"]["status"], "awaiting_payment");

        // A replay sends it again: the same event id and body.
        let replayed = app
            .send(
                Method::POST,
                &format!("/v1/integrator/webhooks/{subscription}/deliveries/{}/replay", delivered["id"].as_str().unwrap()),
                None,
                Some(&token),
            )
            .await;
        assert_eq!(replayed.status, 202, "{:#}", replayed.json);
        assert_eq!(replayed.json["status"], "pending");
        assert_eq!(replayed.json["event_id"], event_id);
        let received = receiver.wait_for(4).await;
        verify_signature(&secret, &received[3].signature, &received[3].body);
        assert_eq!(received[3].event_id, event_id);
        assert_eq!(received[3].body, received[0].body);
        let after = wait_for_log(&app, &token, &subscription, "the replay", |d| d["attempt_count"] == 4 && d["status"] == "delivered").await;
        assert_eq!(after["attempts"][3]["status_code"], 200);

        // Replaying another subscription's delivery, or an unknown one, is 404.
        app.send(
            Method::POST,
            &format!("/v1/integrator/webhooks/{subscription}/deliveries/0193a000-0000-7000-8000-00000000dead/replay"),
            None,
            Some(&token),
        )
        .await
        .problem(404);
    }
}

on_both_backends! {
    async fn payment_and_status_changes_reach_their_subscribers_only(app) {
        let receiver = Receiver::start(0).await;
        let other = Receiver::start(0).await;
        let client = app.integrator("Bank Sejahtera", &["webhooks:manage"]).await;
        let token = app.integrator_token(&client, None).await;
        let (_, secret) = subscribe(&app, &token, &receiver.url, &["payment.received", "application.status_changed"]).await;
        // Another subscription wants payments only.
        let (_, other_secret) = subscribe(&app, &token, &other.url, &["payment.received"]).await;

        let applicant = app.applicant("siti@example.com").await;
        let (application, billing_code) = book_new(&app, &applicant, &nth_nik(1)).await;
        pay(&app, &billing_code).await;

        let received = receiver.wait_for(3).await;
        let events: Vec<Value> = received
            .iter()
            .map(|request| {
                verify_signature(&secret, &request.signature, &request.body);
                serde_json::from_slice(&request.body).unwrap()
            })
            .collect();
        let mut summary: Vec<(String, String)> = events
            .iter()
            .map(|e| (e["type"].as_str().unwrap().to_owned(), e["data"]["status"].as_str().unwrap_or_default().to_owned()))
            .collect();
        summary.sort();
        assert_eq!(
            summary,
            [
                ("application.status_changed".to_owned(), "awaiting_payment".to_owned()),
                ("application.status_changed".to_owned(), "paid".to_owned()),
                ("payment.received".to_owned(), String::new()),
            ]
        );
        let payment = events.iter().find(|e| e["type"] == "payment.received").unwrap();
        assert_eq!(payment["data"]["application_id"], application.as_str());
        assert_eq!(payment["data"]["billing_code"], billing_code.as_str());
        assert_eq!(payment["data"]["amount"], 650_000);
        // Event ids are unique per event.
        let mut ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 3);

        let paid = other.wait_for(1).await;
        verify_signature(&other_secret, &paid[0].signature, &paid[0].body);
        assert_eq!(paid[0].event_type, "payment.received");
        // The same payment event, under each subscription's own secret.
        assert_eq!(paid[0].event_id, payment["id"].as_str().unwrap());
        assert_ne!(secret, other_secret);
        // Cancelling is one more status change, which the payments-only receiver never gets.
        let cancelled = app
            .post(&format!("/v1/applications/{application}/cancel"), &json!({}), Some(access(&applicant)))
            .await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
        let received = receiver.wait_for(4).await;
        let last: Value = serde_json::from_slice(&received[3].body).unwrap();
        assert_eq!(last["data"]["status"], "cancelled");
        assert_eq!(other.received().len(), 1);
    }
}

on_both_backends! {
    async fn subscriptions_belong_to_their_client(app) {
        let client = app.integrator("Mitra Satu", &["webhooks:manage"]).await;
        let stranger = app.integrator("Mitra Dua", &["webhooks:manage"]).await;
        let token = app.integrator_token(&client, None).await;
        let strangers = app.integrator_token(&stranger, None).await;
        let url = "http://127.0.0.1:9/hook";
        let (id, secret) = subscribe(&app, &token, url, &["passport.issued", "payment.received"]).await;

        let shown = app.send(Method::GET, &format!("/v1/integrator/webhooks/{id}"), None, Some(&token)).await;
        assert_eq!(shown.status, 200);
        assert_eq!(shown.json["events"], json!(["payment.received", "passport.issued"]));
        assert!(!shown.json.to_string().contains(&secret), "the secret is shown once only");
        let listed = app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&token)).await;
        assert_eq!(listed.json["total"], 1);
        assert_eq!(app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&strangers)).await.json["total"], 0);

        for (method, path) in [
            (Method::GET, format!("/v1/integrator/webhooks/{id}")),
            (Method::GET, format!("/v1/integrator/webhooks/{id}/deliveries")),
            (Method::DELETE, format!("/v1/integrator/webhooks/{id}")),
        ] {
            app.send(method, &path, None, Some(&strangers)).await.problem(404);
        }

        // One subscription per URL: a retried creation is refused, not doubled.
        let again = app
            .send(Method::POST, "/v1/integrator/webhooks", Some(&json!({"url": url, "events": ["payment.received"]})), Some(&token))
            .await;
        assert!(again.problem(409).detail.contains(&id));
        // The stranger may subscribe the same URL.
        subscribe(&app, &strangers, url, &["payment.received"]).await;

        for (body, field) in [
            (json!({"url": "not a url", "events": ["payment.received"]}), "url"),
            (json!({"url": "ftp://partner.example/hook", "events": ["payment.received"]}), "url"),
            (json!({"url": "https://user:pw@partner.example/hook", "events": ["payment.received"]}), "url"),
            (json!({"url": "https://partner.example/hook#x", "events": ["payment.received"]}), "url"),
            (json!({"url": "https://partner.example/hook", "events": []}), "events"),
        ] {
            let refused = app.send(Method::POST, "/v1/integrator/webhooks", Some(&body), Some(&token)).await;
            refused.problem(400);
            assert_eq!(refused.error_fields(), [field], "{body}");
        }
        app.send(
            Method::POST,
            "/v1/integrator/webhooks",
            Some(&json!({"url": "https://partner.example/hook", "events": ["application.deleted"]})),
            Some(&token),
        )
        .await
        .problem(400);

        let deleted = app.send(Method::DELETE, &format!("/v1/integrator/webhooks/{id}"), None, Some(&token)).await;
        assert_eq!(deleted.status, 204);
        app.send(Method::GET, &format!("/v1/integrator/webhooks/{id}"), None, Some(&token)).await.problem(404);
        app.send(Method::DELETE, &format!("/v1/integrator/webhooks/{id}"), None, Some(&token)).await.problem(404);
        // Deleted, the URL may be subscribed again, with a new secret.
        let (_, new_secret) = subscribe(&app, &token, url, &["payment.received"]).await;
        assert_ne!(new_secret, secret);
    }
}

on_both_backends! {
    async fn private_addresses_are_refused_when_the_guard_is_on(app) {
        let receiver = Receiver::start(0).await;
        let client = app.integrator("Mitra", &["webhooks:manage"]).await;
        let app = app.restart_with(|config| config.webhooks.allow_private = false).await;
        let token = app.integrator_token(&client, None).await;

        for url in [
            receiver.url.as_str(),
            "http://10.0.0.1/hook",
            "http://[::1]/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://192.168.1.10:8080/",
            "http://[::ffff:127.0.0.1]/hook",
            "http://[fd00::1]/hook",
            "http://0x7f.1/hook",
            "http://localhost:9/hook",
        ] {
            let refused = app
                .send(Method::POST, "/v1/integrator/webhooks", Some(&json!({"url": url, "events": ["payment.received"]})), Some(&token))
                .await;
            refused.problem(422);
            assert_eq!(refused.error_fields(), ["url"], "{url}");
        }
        assert_eq!(app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&token)).await.json["total"], 0);

        // A subscription whose address turned private since (here: written to the database
        // directly, as DNS could have changed under a checked name) is not sent to at all.
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let events = [paspor_domain::integrator::EventType::ApplicationStatusChanged];
        paspor_persistence::webhooks::insert_subscription(
            &mut conn,
            &paspor_persistence::webhooks::NewSubscription {
                id: "0193a000-0000-7000-8000-0000000000aa",
                client_id: &client.id,
                url: &receiver.url,
                events: &events,
                secret: "whsec_test",
            },
            app.clock.now(),
        )
        .unwrap();
        let applicant = app.applicant("siti@example.com").await;
        book_new(&app, &applicant, &nth_nik(1)).await;
        let logged = wait_for_log(&app, &token, "0193a000-0000-7000-8000-0000000000aa", "a refused attempt", |d| d["attempt_count"] == 1).await;
        let attempt = &logged["attempts"][0];
        assert_eq!(attempt["succeeded"], false);
        assert_eq!(attempt["status_code"], Value::Null);
        let error = attempt["error"].as_str().unwrap();
        assert!(error.contains("not sent") && error.contains("loopback"), "{error}");
        assert_eq!(logged["status"], "pending", "retried later: the address may turn public again");
        assert!(receiver.received().is_empty(), "nothing reached the private address");
    }
}
