//! The check-in code of a paid application, the devices an account registers for push
//! notices, and the push notices that then follow the application's moves.

use chrono::TimeDelta;
use paspor_api::check_in::{CheckInError, CheckInKey, ScanningOffice, verify};
use paspor_domain::TimeZone;
use paspor_openapi::{
    AccountDto, ApplicationDto, ApplicationStatusDto, CheckInCodeDto, DeviceDto, DevicePlatformDto,
    TokenPairDto,
};
use paspor_persistence::outbox::{self, Channel, OutboxMessage, Status};
use paspor_persistence::{DbPool, devices};
use reqwest::Method;
use serde_json::json;

use crate::support::{
    Answer, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, book_new, draft,
    eventually, instant, nth_nik, pay,
};

/// The secret of `Config::for_tests`, from which the check-in key is derived.
const TEST_SECRET: &[u8] = b"test-secret-that-is-at-least-32-bytes-long";

async fn check_in_code(app: &TestApp, tokens: &TokenPairDto, id: &str) -> Answer {
    app.send(
        Method::GET,
        &format!("/v1/applications/{id}/check-in-code"),
        None,
        Some(access(tokens)),
    )
    .await
}

async fn register_device(
    app: &TestApp,
    tokens: &TokenPairDto,
    platform: &str,
    token: &str,
) -> Answer {
    app.post(
        "/v1/me/devices",
        &json!({"platform": platform, "token": token}),
        Some(access(tokens)),
    )
    .await
}

/// The ids of an account's devices, newest first.
fn device_ids(pool: &DbPool, account: &str) -> Vec<String> {
    let mut conn = pool.get().unwrap();
    devices::list_owned(&mut conn, account)
        .unwrap()
        .into_iter()
        .map(|device| device.id)
        .collect()
}

/// The caller's account id.
async fn account_id(app: &TestApp, tokens: &TokenPairDto) -> String {
    let me = app
        .send(Method::GET, "/v1/me", None, Some(access(tokens)))
        .await;
    me.parse::<AccountDto>().id
}

/// The push messages to a device token, oldest first.
fn pushes_to(pool: &DbPool, token: &str) -> Vec<OutboxMessage> {
    let mut conn = pool.get().unwrap();
    let messages = outbox::for_recipient(&mut conn, token).unwrap();
    assert!(messages.iter().all(|m| m.channel == Channel::Push));
    messages
}

/// Waits until `count` push messages to `token` are sent; returns their titles.
async fn sent_pushes(pool: &DbPool, token: &str, count: usize) -> Vec<String> {
    eventually(&format!("{count} push notices sent to {token}"), || {
        let messages = pushes_to(pool, token);
        let all_sent = messages.iter().all(|m| m.status == Status::Sent);
        (messages.len() == count && all_sent)
            .then(|| messages.into_iter().map(|m| m.subject).collect())
    })
    .await
}

on_both_backends! {
    async fn a_paid_application_shows_a_check_in_code_for_its_day_and_office(app) {
        let tokens = app.applicant("qr@example.com").await;
        let (id, billing_code) = book_new(&app, &tokens, &nth_nik(1)).await;
        // Not before payment: the status says why.
        let unpaid = check_in_code(&app, &tokens, &id).await;
        assert!(unpaid.problem(409).detail.contains("awaiting_payment"));

        pay(&app, &billing_code).await;
        let answer = check_in_code(&app, &tokens, &id).await;
        assert_eq!(answer.status, 200, "{:#}", answer.json);
        let shown: CheckInCodeDto = answer.parse();
        assert_eq!(shown.application_id, id);
        assert_eq!(shown.office_id, SEED_OFFICE_ID);
        assert_eq!(shown.date.to_string(), DATE);
        // Pangkalpinang is WIB (UTC+7): local midnight to local midnight.
        assert_eq!(shown.valid_from, instant("2026-11-25T17:00:00Z"));
        assert_eq!(shown.valid_until, instant("2026-11-26T17:00:00Z"));

        // The office's check accepts it on the day, at that office only.
        let code = shown.code.as_str();
        let key = CheckInKey::derive(TEST_SECRET);
        let office = ScanningOffice { id: SEED_OFFICE_ID, time_zone: TimeZone::Wib };
        let on_the_day = verify(&key, code, office, instant("2026-11-26T01:30:00Z")).unwrap();
        assert_eq!(on_the_day.application_id, id);
        assert_eq!(on_the_day.date.to_string(), DATE);
        assert_eq!(
            verify(&key, code, office, app.clock.now()),
            Err(CheckInError::OtherDay { date: on_the_day.date })
        );
        let elsewhere = ScanningOffice { id: "another-office", time_zone: TimeZone::Wib };
        assert!(matches!(
            verify(&key, code, elsewhere, instant("2026-11-26T01:30:00Z")),
            Err(CheckInError::OtherOffice { .. })
        ));
        let again = check_in_code(&app, &tokens, &id).await;
        assert_eq!(again.parse::<CheckInCodeDto>().code, code, "the same code every time");
    }
}

on_both_backends! {
    async fn only_the_owner_of_a_paid_application_gets_its_code(app) {
        let tokens = app.applicant("pemilik@example.com").await;
        let (id, billing_code) = book_new(&app, &tokens, &nth_nik(2)).await;
        pay(&app, &billing_code).await;
        let other = app.applicant("lain@example.com").await;
        check_in_code(&app, &other, &id).await.problem(404);
        check_in_code(&app, &tokens, "0193a000-0000-7000-8000-00000000dead").await.problem(404);
        let anonymous = app.get(&format!("/v1/applications/{id}/check-in-code")).await;
        anonymous.problem(401);

        // A draft has no booking and no code.
        let applicant = add_applicant(&app, &other, &nth_nik(3)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&other))).await;
        let draft_id = created.parse::<ApplicationDto>().id;
        let refused = check_in_code(&app, &other, &draft_id).await;
        assert!(refused.problem(409).detail.contains("draft"));
    }
}

on_both_backends! {
    async fn devices_are_registered_renewed_removed_and_capped_at_ten(app) {
        let pool = app.pool();
        let tokens = app.applicant("hp@example.com").await;
        let account = account_id(&app, &tokens).await;

        let first = register_device(&app, &tokens, "android", "token-1").await;
        assert_eq!(first.status, 201, "{:#}", first.json);
        let device: DeviceDto = first.parse();
        let first_id = device.id.clone();
        assert_eq!(first.header("location"), format!("/v1/me/devices/{first_id}"));
        assert_eq!(device.platform, DevicePlatformDto::Android);
        assert!(first.json.get("token").is_none(), "the token is not echoed");
        // The same token again renews it: no duplicate, and the platform may be corrected.
        let again = register_device(&app, &tokens, "ios", "token-1").await;
        assert_eq!(again.status, 200, "{:#}", again.json);
        let renewed: DeviceDto = again.parse();
        assert_eq!(renewed.id, first_id);
        assert_eq!(renewed.platform, DevicePlatformDto::Ios);
        assert_eq!(device_ids(&pool, &account), [first_id.as_str()]);

        // Refused as they are.
        let long = "x".repeat(4097);
        for (platform, token, field) in [("android", "", "token"), ("ios", long.as_str(), "token")] {
            let refused = register_device(&app, &tokens, platform, token).await;
            assert_eq!(refused.problem(400).errors.expect("errors")[0].field, field);
        }
        let longest = register_device(&app, &tokens, "ios", &"y".repeat(4096)).await;
        assert_eq!(longest.status, 201, "{:#}", longest.json);
        let longest = format!("/v1/me/devices/{}", longest.parse::<DeviceDto>().id);
        assert_eq!(app.send(Method::DELETE, &longest, None, Some(access(&tokens))).await.status, 204);
        register_device(&app, &tokens, "windows", "token-x").await.problem(400);
        app.post("/v1/me/devices", &json!({"platform": "android", "token": "t"}), None).await.problem(401);

        // Ten at most: each newer than the one before, then the first renewed.
        for n in 2..=10 {
            app.clock.advance(TimeDelta::seconds(1));
            assert_eq!(register_device(&app, &tokens, "android", &format!("token-{n}")).await.status, 201);
        }
        assert_eq!(device_ids(&pool, &account).len(), 10);
        app.clock.advance(TimeDelta::seconds(1));
        assert_eq!(register_device(&app, &tokens, "ios", "token-1").await.status, 200);
        app.clock.advance(TimeDelta::seconds(1));
        let eleventh = register_device(&app, &tokens, "android", "token-11").await;
        assert_eq!(eleventh.status, 201);
        let ids = device_ids(&pool, &account);
        assert_eq!(ids.len(), 10);
        assert_eq!(ids[0], eleventh.parse::<DeviceDto>().id);
        assert!(ids.contains(&first_id), "renewed, so not the oldest");
        let mut conn = pool.get().unwrap();
        assert!(devices::find_by_token(&mut conn, "token-2").unwrap().is_none(), "the oldest went");

        // Removed once; then it is gone.
        let path = format!("/v1/me/devices/{first_id}");
        let removed = app.send(Method::DELETE, &path, None, Some(access(&tokens))).await;
        assert_eq!(removed.status, 204);
        app.send(Method::DELETE, &path, None, Some(access(&tokens))).await.problem(404);
        assert_eq!(device_ids(&pool, &account).len(), 9);

        // Another account cannot remove it, but its phone can move to that account.
        let other = app.applicant("hp-baru@example.com").await;
        let other_account = account_id(&app, &other).await;
        let third = devices::find_by_token(&mut conn, "token-3").unwrap().unwrap();
        let foreign = format!("/v1/me/devices/{}", third.id);
        app.send(Method::DELETE, &foreign, None, Some(access(&other))).await.problem(404);
        let moved = register_device(&app, &other, "android", "token-3").await;
        assert_eq!(moved.status, 201, "new to this account");
        assert_eq!(device_ids(&pool, &other_account), [moved.parse::<DeviceDto>().id]);
        assert_eq!(device_ids(&pool, &account).len(), 8);
    }
}

on_both_backends! {
    async fn booking_and_payment_push_to_every_device_of_the_account(app) {
        let pool = app.pool();
        let tokens = app.applicant("notif@example.com").await;
        assert_eq!(register_device(&app, &tokens, "android", "phone-token").await.status, 201);
        assert_eq!(register_device(&app, &tokens, "ios", "tablet-token").await.status, 201);
        let stranger = app.applicant("orang-lain@example.com").await;
        assert_eq!(register_device(&app, &stranger, "android", "stranger-token").await.status, 201);

        let (_, billing_code) = book_new(&app, &tokens, &nth_nik(10)).await;
        assert_eq!(sent_pushes(&pool, "phone-token", 1).await, ["Appointment booked"]);

        app.clock.advance(TimeDelta::minutes(1));
        pay(&app, &billing_code).await;
        for token in ["phone-token", "tablet-token"] {
            let titles = sent_pushes(&pool, token, 2).await;
            assert_eq!(titles, ["Appointment booked", "Payment received"], "{token}");
        }
        let delivered = &pushes_to(&pool, "phone-token")[1];
        assert_eq!((delivered.attempts, delivered.body.as_str()), (1, ""), "sent once, then forgotten");
        assert!(pushes_to(&pool, "stranger-token").is_empty(), "another account's phone hears nothing");
        // The email goes out as before.
        app.wait_for_emails("notif@example.com", 3).await;
    }
}

on_both_backends! {
    async fn an_expired_booking_is_pushed_too(app) {
        let pool = app.pool();
        let tokens = app.applicant("lupa@example.com").await;
        assert_eq!(register_device(&app, &tokens, "android", "lupa-token").await.status, 201);
        let (id, _) = book_new(&app, &tokens, &nth_nik(20)).await;
        app.clock.advance(TimeDelta::hours(2));
        let titles = sent_pushes(&pool, "lupa-token", 2).await;
        assert_eq!(titles, ["Appointment booked", "Booking expired"]);
        let tokens = app.login("lupa@example.com", PASSWORD).await;
        let shown = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
        assert_eq!(shown.parse::<ApplicationDto>().status, ApplicationStatusDto::Expired);
        check_in_code(&app, &tokens, &id).await.problem(409);
    }
}
