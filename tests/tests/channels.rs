//! Their phone: push through a fake FCM on loopback (the token exchange and the message
//! checked as Google would; an unregistered token leaves the account; an overloaded
//! service is retried after the wait it asks and delivers once; a revoked access token is
//! replaced once), and WhatsApp through a
//! fake Cloud API (templates only for a verified, opted-in number; the verification code
//! arrives there and verifies; wrong codes limited; hostile phone input refused; the same
//! account racing itself; without a Cloud API account, development writes the messages to
//! the mail file).

mod fake_fcm;
mod fake_whatsapp;

use chrono::TimeDelta;
use paspor_domain::account::Role;
use paspor_persistence::accounts::phone;
use paspor_persistence::devices;
use paspor_persistence::outbox::{self, Channel, Status};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;
use fake_fcm::{FakeFcm, Reply};
use fake_whatsapp::FakeWhatsApp;

/// The fakes a test's server sends to.
struct Fakes {
    fcm: FakeFcm,
    whatsapp: FakeWhatsApp,
}

impl Fakes {
    fn start() -> Fakes {
        Fakes {
            fcm: FakeFcm::start(),
            whatsapp: FakeWhatsApp::start(),
        }
    }

    fn configure(&self, config: &mut paspor_api::Config) {
        config.push.fcm = Some(self.fcm.service_account());
        config.push.fcm_base_url = self.fcm.base.clone();
        config.whatsapp.cloud = Some(self.whatsapp.cloud());
    }
}

/// [`on_both_backends!`] for a server that sends to the fakes.
macro_rules! with_fakes {
    (async fn $name:ident($app:ident, $fakes:ident) $body:block) => {
        mod $name {
            use super::*;

            async fn run($app: TestApp, $fakes: Fakes) $body

            #[actix_web::test]
            async fn sqlite() {
                let fakes = Fakes::start();
                let app = TestApp::start_with(TestDatabase::sqlite(), |c| fakes.configure(c)).await;
                run(app, fakes).await;
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(database) = TestDatabase::postgres(stringify!($name)) {
                    let fakes = Fakes::start();
                    let app = TestApp::start_with(database, |c| fakes.configure(c)).await;
                    run(app, fakes).await;
                }
            }
        }
    };
}

/// The number every test applicant registers with, as WhatsApp addresses it.
const WHATSAPP_TO: &str = "6281234567890";

/// The same number as the account keeps it.
const PHONE: &str = "+6281234567890";

async fn register_device(
    app: &TestApp,
    tokens: &paspor_openapi::TokenPairDto,
    token: &str,
) -> String {
    let answer = app
        .post(
            "/v1/me/devices",
            &json!({"platform": "android", "token": token}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.json);
    answer.json["id"].as_str().unwrap().to_owned()
}

with_fakes! {
    async fn a_booking_is_pushed_through_fcm_and_a_gone_token_leaves_the_account(app, fakes) {
        let tokens = app.applicant("siti@example.id").await;
        let live = "fcm-live-device-token:APA91bLive";
        let gone = "fcm-gone-device-token:APA91bGone";
        register_device(&app, &tokens, live).await;
        let gone_id = register_device(&app, &tokens, gone).await;
        fakes.fcm.script(gone, &[Reply::Unregistered]);

        book_new(&app, &tokens, &nth_nik(1)).await;

        let sent = fakes.fcm.wait_for(live, 1).await;
        assert!(sent[0].accepted);
        assert!(!sent[0].title.is_empty());
        assert!(sent[0].body.contains("Pangkalpinang"), "{}", sent[0].body);
        assert!(!sent[0].message_id.is_empty(), "the outbox id travels in data");
        let refused = fakes.fcm.wait_for(gone, 1).await;
        assert!(!refused[0].accepted);
        assert_eq!((refused[0].title.clone(), refused[0].body.clone()), (sent[0].title.clone(), sent[0].body.clone()));

        // The gone token's message is given up and its device removed, in one transaction.
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let dead = eventually("the unregistered token's message given up", || {
            outbox::for_recipient(&mut conn, gone)
                .unwrap()
                .into_iter()
                .find(|m| m.status == Status::Dead)
        })
        .await;
        assert_eq!(dead.attempts, 1, "never retried");
        assert!(devices::find_by_token(&mut conn, gone).unwrap().is_none(), "the row is gone");
        assert!(devices::find_by_token(&mut conn, live).unwrap().is_some(), "the live one stays");
        let removed = app
            .send(Method::DELETE, &format!("/v1/me/devices/{gone_id}"), None, Some(access(&tokens)))
            .await;
        assert_eq!(removed.status, 404, "the account no longer has it: {:#}", removed.json);

        // Both sends shared one access token; every request was as Google wants it.
        assert_eq!(fakes.fcm.exchanges(), 1);
        assert_eq!(fakes.fcm.problems(), Vec::<String>::new());
        assert_eq!(fakes.fcm.sends().len(), 2, "nothing else was sent");
    }
}

with_fakes! {
    async fn an_overloaded_fcm_is_retried_after_its_wait_and_delivers_once(app, fakes) {
        let tokens = app.applicant("budi@example.id").await;
        let busy = "fcm-busy-device-token:APA91bBusy";
        register_device(&app, &tokens, busy).await;
        fakes.fcm.script(busy, &[Reply::Overloaded(30)]);

        book_new(&app, &tokens, &nth_nik(2)).await;
        fakes.fcm.wait_for(busy, 1).await;
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let waiting = eventually("the refused send recorded for a retry", || {
            outbox::for_recipient(&mut conn, busy)
                .unwrap()
                .into_iter()
                .find(|m| m.attempts == 1 && m.claimed_until.is_none())
        })
        .await;
        assert_eq!(waiting.status, Status::Pending);
        assert_eq!(
            waiting.next_attempt_at,
            app.clock.now() + TimeDelta::seconds(30),
            "the service's Retry-After, not the 10 s backoff"
        );

        // Not before the wait is over...
        app.clock.advance(TimeDelta::seconds(29));
        app.job_has_run("outbox_delivery").await;
        app.job_has_run("outbox_delivery").await;
        assert_eq!(fakes.fcm.sends().len(), 1, "retried before its Retry-After");
        // ...and once after it, though the access token was revoked meanwhile: refused
        // (401), the sender fetches a new one and sends again at once.
        fakes.fcm.revoke();
        app.clock.advance(TimeDelta::seconds(1));
        let sends = fakes.fcm.wait_for(busy, 2).await;
        assert!(sends[1].accepted);
        assert_eq!(sends[0].message_id, sends[1].message_id, "the same message again");
        let sent = eventually("the message marked sent", || {
            outbox::for_recipient(&mut conn, busy)
                .unwrap()
                .into_iter()
                .find(|m| m.status == Status::Sent)
        })
        .await;
        assert_eq!(sent.attempts, 2);
        app.job_has_run("outbox_delivery").await;
        assert_eq!(fakes.fcm.sends().len(), 2, "delivered once");
        assert_eq!(fakes.fcm.exchanges(), 2, "a new token after the 401, and only then");
        assert_eq!(fakes.fcm.problems(), Vec::<String>::new());
    }
}

async fn me(app: &TestApp, tokens: &paspor_openapi::TokenPairDto) -> Value {
    let answer = app
        .send(Method::GET, "/v1/me", None, Some(access(tokens)))
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.json
}

async fn opt_in(app: &TestApp, tokens: &paspor_openapi::TokenPairDto, opted_in: bool) -> Value {
    let answer = app
        .send(
            Method::PUT,
            "/v1/me/whatsapp",
            Some(&json!({"opted_in": opted_in})),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.json
}

/// Asks for a code and returns it as it arrived at the fake.
async fn code_by_whatsapp(
    app: &TestApp,
    tokens: &paspor_openapi::TokenPairDto,
    fakes: &Fakes,
    nth: usize,
) -> String {
    let asked = app
        .post("/v1/me/phone/send-code", &json!({}), Some(access(tokens)))
        .await;
    assert_eq!(asked.status, 202, "{:#}", asked.json);
    let codes = eventually("the code at the fake", || {
        let codes: Vec<_> = fakes
            .whatsapp
            .received()
            .into_iter()
            .filter(|t| t.name == "paspor_phone_verification")
            .collect();
        (codes.len() >= nth).then_some(codes)
    })
    .await;
    let code = &codes[nth - 1];
    assert_eq!(code.to, WHATSAPP_TO);
    assert_eq!(code.params.len(), 1);
    code.params[0].clone()
}

async fn verify(app: &TestApp, tokens: &paspor_openapi::TokenPairDto, code: &str) -> Answer {
    app.post(
        "/v1/me/phone/verify",
        &json!({"code": code}),
        Some(access(tokens)),
    )
    .await
}

/// The WhatsApp messages recorded for the test number so far.
fn whatsapp_rows(app: &TestApp) -> Vec<String> {
    let pool = app.pool();
    let mut conn = pool.get().unwrap();
    outbox::for_recipient(&mut conn, PHONE)
        .unwrap()
        .into_iter()
        .filter(|m| m.channel == Channel::WhatsApp)
        .map(|m| m.subject)
        .collect()
}

/// A code that is not `code`.
fn wrong(code: &str) -> String {
    if code == "000000" {
        "111111".to_owned()
    } else {
        "000000".to_owned()
    }
}

with_fakes! {
    async fn a_whatsapp_template_goes_only_to_a_verified_opted_in_number(app, fakes) {
        let tokens = app.applicant("dewi@example.id").await;
        let account = me(&app, &tokens).await;
        assert_eq!(account["phone"], PHONE);
        assert_eq!(account["phone_verified"], false);
        assert_eq!(account["whatsapp_opted_in_at"], Value::Null);

        // Neither verified nor opted in: nothing.
        let (_, first_code) = book_new(&app, &tokens, &nth_nik(3)).await;
        // Opted in, not verified: still nothing.
        let opted = opt_in(&app, &tokens, true).await;
        let opted_at = opted["whatsapp_opted_in_at"].as_str().expect("the time of the opt-in");
        assert_eq!(chrono::DateTime::parse_from_rfc3339(opted_at).unwrap(), app.clock.now());
        pay(&app, &first_code).await;
        assert_eq!(whatsapp_rows(&app), Vec::<String>::new());

        // Verified with the code that came by WhatsApp.
        let code = code_by_whatsapp(&app, &tokens, &fakes, 1).await;
        let refused = verify(&app, &tokens, &wrong(&code)).await;
        assert_eq!(refused.status, 422, "{:#}", refused.json);
        let verified = verify(&app, &tokens, &code).await;
        assert_eq!(verified.status, 200, "{:#}", verified.json);
        assert_eq!(verified.json["phone_verified"], true);
        let again = verify(&app, &tokens, &code).await;
        assert_eq!(again.status, 422, "a code works once: {:#}", again.json);

        // Verified and opted in: the booked notice goes, in the office's zone.
        let (second_id, second_code) = book_new(&app, &tokens, &nth_nik(4)).await;
        let booked = fakes.whatsapp.wait_for("paspor_booked").await;
        assert_eq!(booked.to, WHATSAPP_TO);
        // In the language saved on the account (the suite registers accounts in English).
        assert_eq!(booked.language, "en");
        assert_eq!(booked.params.len(), 5);
        assert!(booked.params[0].contains("Pangkalpinang"), "{:?}", booked.params);
        assert!(booked.params[1].contains("WIB"), "{:?}", booked.params);
        assert_eq!(booked.params[2], second_code);
        pay(&app, &second_code).await;
        let paid = fakes.whatsapp.wait_for("paspor_paid").await;
        assert_eq!(paid.params[0], second_code);
        // A notice without a template of its own goes as the general one: its push title
        // and line, in the account's language.
        let cancelled = app
            .post(&format!("/v1/applications/{second_id}/cancel"), &json!(null), Some(access(&tokens)))
            .await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
        let notice = fakes.whatsapp.wait_for("paspor_notice").await;
        assert_eq!(notice.language, "en");
        assert_eq!(notice.params.len(), 2);
        assert!(notice.params.iter().all(|param| !param.is_empty()), "{:?}", notice.params);

        // Withdrawn: nothing more, though still verified.
        let withdrawn = opt_in(&app, &tokens, false).await;
        assert_eq!(withdrawn["whatsapp_opted_in_at"], Value::Null);
        assert_eq!(withdrawn["phone_verified"], true);
        let before = whatsapp_rows(&app);
        let (_, third_code) = book_new(&app, &tokens, &nth_nik(5)).await;
        assert_eq!(whatsapp_rows(&app), before, "nothing recorded after withdrawal");

        // Opted in again but with a new number: unverified, so nothing.
        opt_in(&app, &tokens, true).await;
        let changed = app
            .send(Method::PATCH, "/v1/me", Some(&json!({"phone": "0813-1111-2222"})), Some(access(&tokens)))
            .await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        assert_eq!(changed.json["phone_verified"], false, "a new number is unverified");
        pay(&app, &third_code).await;
        assert_eq!(whatsapp_rows(&app), before);
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let to_new_number = outbox::for_recipient(&mut conn, "+6281311112222").unwrap();
        assert!(to_new_number.is_empty(), "{to_new_number:?}");

        let received: Vec<String> = fakes.whatsapp.received().into_iter().map(|t| t.name).collect();
        assert_eq!(
            received,
            ["paspor_phone_verification", "paspor_booked", "paspor_paid", "paspor_notice"]
        );
        assert_eq!(fakes.whatsapp.problems(), Vec::<String>::new());
    }
}

with_fakes! {
    async fn wrong_codes_are_limited_and_hostile_phone_input_is_refused(app, fakes) {
        let tokens = app.applicant("rina@example.id").await;
        let code = code_by_whatsapp(&app, &tokens, &fakes, 1).await;
        for _ in 0..5 {
            let refused = verify(&app, &tokens, &wrong(&code)).await;
            assert_eq!(refused.status, 422, "{:#}", refused.json);
        }
        let used_up = verify(&app, &tokens, &code).await;
        assert_eq!(used_up.status, 422, "the right code after 5 wrong tries: {:#}", used_up.json);
        assert_eq!(me(&app, &tokens).await["phone_verified"], false);

        // Another code at once is refused for a minute, then sent.
        let soon = app.post("/v1/me/phone/send-code", &json!({}), Some(access(&tokens))).await;
        assert_eq!(soon.status, 429, "{:#}", soon.json);
        assert!(!soon.header("retry-after").is_empty());
        app.clock.advance(TimeDelta::seconds(61));
        let code = code_by_whatsapp(&app, &tokens, &fakes, 2).await;

        // A code sent to the old number verifies nothing once the number changed.
        let changed = app
            .send(Method::PATCH, "/v1/me", Some(&json!({"phone": "+62 813 1111 2222"})), Some(access(&tokens)))
            .await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        let stale = verify(&app, &tokens, &code).await;
        assert_eq!(stale.status, 422, "{:#}", stale.json);
        assert_eq!(me(&app, &tokens).await["phone_verified"], false);

        // Hostile input: refused at the edge, the account unchanged.
        let long = "8".repeat(10_000);
        for phone in [json!("0812\u{0}3456"), json!(long), json!("+1 202 555 0100"), json!(812_345_678), json!("\u{202e}0812345678")] {
            let answer = app
                .send(Method::PATCH, "/v1/me", Some(&json!({"phone": phone})), Some(access(&tokens)))
                .await;
            assert_eq!(answer.status, 400, "{phone}: {:#}", answer.json);
        }
        assert_eq!(me(&app, &tokens).await["phone"], "+6281311112222");
        for body in [json!({"code": 123_456}), json!({"code": "12345\u{0}"}), json!({"code": long}), json!({}), json!({"code": "123456", "phone": "x"})] {
            let answer = app.post("/v1/me/phone/verify", &body, Some(access(&tokens))).await;
            assert_eq!(answer.status, 400, "{body}: {:#}", answer.json);
        }
        for body in [json!({"opted_in": "yes"}), json!({}), json!({"opted_in": true, "at": "now"})] {
            let answer = app.send(Method::PUT, "/v1/me/whatsapp", Some(&body), Some(access(&tokens))).await;
            assert_eq!(answer.status, 400, "{body}: {:#}", answer.json);
        }

        // No account: 401; staff have their own account, integrators none (403).
        let anonymous = app.post("/v1/me/phone/send-code", &json!({}), None).await;
        assert_eq!(anonymous.status, 401);
        let client = app.integrator("Mitra Aplikasi", &["webhooks:manage"]).await;
        let integrator = app.integrator_token(&client, None).await;
        let answer = app
            .send(Method::PUT, "/v1/me/whatsapp", Some(&json!({"opted_in": true})), Some(&integrator))
            .await;
        assert_eq!(answer.status, 403, "{:#}", answer.json);
        let officer = app.staff("petugas@imigrasi.go.id", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let no_phone = app.post("/v1/me/phone/send-code", &json!({}), Some(access(&officer))).await;
        assert!(matches!(no_phone.status.as_u16(), 202 | 409), "{:#}", no_phone.json);
        assert_eq!(fakes.whatsapp.problems(), Vec::<String>::new());
    }
}

with_fakes! {
    async fn the_same_account_racing_its_verification_counts_every_try_once(app, fakes) {
        let tokens = app.applicant("joko@example.id").await;
        let id = me(&app, &tokens).await["id"].as_str().unwrap().to_owned();

        // Codes asked for at once: one is sent, the others wait their minute.
        let empty = json!({});
        let asked = at_once((0..AT_ONCE).map(|_| app.post("/v1/me/phone/send-code", &empty, Some(access(&tokens))))).await;
        let sent = split("codes asked at once", &asked, &[202]);
        assert_eq!(sent.done.len(), 1, "{:?}", sent.statuses());
        assert!(sent.refused.iter().all(|a| a.status == 429), "{:?}", sent.statuses());
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let since = app.clock.now() - TimeDelta::hours(1);
        assert_eq!(phone::sent_since(&mut conn, &id, since).unwrap().len(), 1);
        let code = eventually("the code at the fake", || {
            fakes.whatsapp.received().first().map(|t| t.params[0].clone())
        })
        .await;

        // Wrong codes at once: each counted, no more judged than allowed.
        let wrong_code = wrong(&code);
        let tries = at_once((0..AT_ONCE).map(|_| verify(&app, &tokens, &wrong_code))).await;
        let wrongs = split("wrong codes at once", &tries, &[]);
        assert!(wrongs.refused.iter().all(|a| a.status == 422), "{:?}", wrongs.statuses());
        let live = phone::live_code(&mut conn, &id).unwrap().expect("still live");
        assert_eq!(live.attempts, 5, "every wrong try counted, none past the limit");
        assert_eq!(verify(&app, &tokens, &code).await.status, 422, "used up");

        // A new code, entered right by every request at once: one verifies.
        app.clock.advance(TimeDelta::seconds(61));
        let asked = app.post("/v1/me/phone/send-code", &json!({}), Some(access(&tokens))).await;
        assert_eq!(asked.status, 202, "{:#}", asked.json);
        let code = eventually("the second code at the fake", || {
            fakes.whatsapp.received().get(1).map(|t| t.params[0].clone())
        })
        .await;
        let entered = at_once((0..AT_ONCE).map(|_| verify(&app, &tokens, &code))).await;
        let verified = split("the right code at once", &entered, &[200]);
        assert_eq!(verified.done.len(), 1, "{:?}", verified.statuses());
        assert!(verified.refused.iter().all(|a| a.status == 422), "{:?}", verified.statuses());
        assert!(phone::live_code(&mut conn, &id).unwrap().is_none(), "spent");
        assert_eq!(me(&app, &tokens).await["phone_verified"], true);
        assert_eq!(fakes.whatsapp.received().len(), 2);
    }
}

on_both_backends! {
    async fn without_a_whatsapp_account_development_writes_the_code_to_the_mail_file(app) {
        let tokens = app.applicant("ayu@example.id").await;
        let asked = app.post("/v1/me/phone/send-code", &json!({}), Some(access(&tokens))).await;
        assert_eq!(asked.status, 202, "{:#}", asked.json);
        let to = format!("whatsapp:{PHONE}");
        let line = app.wait_for_emails(&to, 1).await.pop().unwrap();
        assert_eq!(line["subject"], "paspor_phone_verification");
        let code = line["code"].as_str().expect("the code").to_owned();
        let verified = verify(&app, &tokens, &code).await;
        assert_eq!(verified.status, 200, "{:#}", verified.json);
        assert_eq!(verified.json["phone_verified"], true);
    }
}
