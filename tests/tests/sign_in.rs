//! Sessions that really end and sign-ins that tell strangers nothing: an access token of a
//! session signed out, replayed, outlived by a password change or reset, or of an account
//! disabled or given another role is refused at once (and in another process within the
//! time it remembers); failed sign-ins are slowed per account and address, answered alike
//! for an email address without an account, never lock the owner out from an address they
//! used before; the per-address limit of the sign-in endpoints holds across processes.

use std::net::{IpAddr, Ipv4Addr};

use chrono::TimeDelta;
use paspor_domain::account::Role;
use paspor_openapi::{AccountDto, RoleDto, TokenPairDto};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

/// 127.0.0.`n`: another client address of this machine.
fn address(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))
}

async fn me(app: &TestApp, tokens: &TokenPairDto) -> Answer {
    app.send(Method::GET, "/v1/me", None, Some(access(tokens)))
        .await
}

async fn sign_in(app: &TestApp, from: u8, email: &str, password: &str) -> Answer {
    app.post_from(
        address(from),
        "/v1/auth/login",
        &json!({"email": email, "password": password}),
    )
    .await
}

/// The parts of two refusals that must not differ: status, type, title and detail.
fn alike(known: &Answer, unknown: &Answer) {
    assert_eq!(
        known.status, unknown.status,
        "{:#} vs {:#}",
        known.json, unknown.json
    );
    for part in ["type", "title", "detail", "status"] {
        assert_eq!(known.json[part], unknown.json[part], "{part}");
    }
    assert_eq!(known.header("retry-after"), unknown.header("retry-after"));
}

on_both_backends! {
    async fn failures_are_slowed_per_address_and_an_unknown_email_is_answered_alike(app) {
        let email = "warga@example.com";
        app.applicant(email).await;
        let ghost = "tidak-ada@example.com";
        // Five free failures from this address, then each one waits longer.
        for _ in 0..6 {
            let known = sign_in(&app, 2, email, "wrong password").await;
            let unknown = sign_in(&app, 2, ghost, "wrong password").await;
            known.problem(401);
            alike(&known, &unknown);
        }
        // The right password from that address waits too; the answer is the same for an
        // email address without an account.
        let known = sign_in(&app, 2, email, PASSWORD).await;
        let unknown = sign_in(&app, 2, ghost, PASSWORD).await;
        known.problem(429);
        assert!(known.header("retry-after").parse::<u64>().unwrap() >= 1);
        alike(&known, &unknown);
        // Another address is not held back by this one's failures.
        assert_eq!(sign_in(&app, 3, email, PASSWORD).await.status, 200);
        // Once the wait is over, this address signs in.
        app.clock.advance(TimeDelta::seconds(61));
        assert_eq!(sign_in(&app, 2, email, PASSWORD).await.status, 200);
    }
}

on_both_backends! {
    async fn strangers_failing_from_many_addresses_never_lock_the_owner_out(app) {
        let email = "pemilik@example.com";
        app.applicant(email).await;
        // The owner signs in from their phone's address once.
        assert_eq!(sign_in(&app, 10, email, PASSWORD).await.status, 200);
        let ghost = "hantu@example.com";
        // Twenty failures, one from each of twenty addresses, for both email addresses.
        for n in 20..40 {
            sign_in(&app, n, email, "guess").await.problem(401);
            sign_in(&app, n, ghost, "guess").await.problem(401);
        }
        // A new address waits, for both alike, even with the right password...
        let stranger = sign_in(&app, 50, email, PASSWORD).await;
        stranger.problem(429);
        alike(&stranger, &sign_in(&app, 50, ghost, PASSWORD).await);
        // ...while the owner's address signs in.
        assert_eq!(sign_in(&app, 10, email, PASSWORD).await.status, 200);
        // The owner was told once, however many more failures come.
        for n in 40..45 {
            sign_in(&app, n, email, "guess").await;
        }
        let told = eventually("the owner's notice", || {
            let told: Vec<Value> = app
                .emails_to(email)
                .into_iter()
                .filter(|mail| mail["subject"].as_str().unwrap_or("").contains("failed sign-ins"))
                .collect();
            (!told.is_empty()).then_some(told)
        })
        .await;
        // A notice a second failure block could wrongly enqueue would be written by now:
        // the outbox is drained before reading again.
        app.register("flush@example.com").await;
        assert_eq!(told.len(), 1);
        assert_eq!(
            app.emails_to(email).iter().filter(|mail| mail["subject"].as_str().unwrap_or("").contains("failed sign-ins")).count(),
            1
        );
    }
}

on_both_backends! {
    async fn an_ended_session_s_access_token_is_refused_at_once(app) {
        let email = "sesi@example.com";
        let first = app.applicant(email).await;
        assert_eq!(me(&app, &first).await.status, 200);

        // Signed out.
        let out = app.post("/v1/auth/logout", &json!({"refresh_token": refresh(&first)}), None).await;
        assert_eq!(out.status, 204, "{:#}", out.json);
        let refused = me(&app, &first).await;
        assert!(refused.problem(401).detail.contains("ended"));

        // A refresh token replayed: the family, and the access token renewed in it, end.
        let second = app.login(email, PASSWORD).await;
        let renewed = app.post("/v1/auth/refresh", &json!({"refresh_token": refresh(&second)}), None).await;
        assert_eq!(renewed.status, 200, "{:#}", renewed.json);
        let renewed: TokenPairDto = renewed.parse();
        assert_eq!(me(&app, &renewed).await.status, 200);
        app.post("/v1/auth/refresh", &json!({"refresh_token": refresh(&second)}), None).await.problem(401);
        me(&app, &renewed).await.problem(401);

        // A password change ends the other sessions, not the one that changed it.
        let (kept, other) = (app.login(email, PASSWORD).await, app.login(email, PASSWORD).await);
        let new_password = "kopi susu gula aren";
        let changed = app
            .send(Method::POST, "/v1/me/password", Some(&json!({"current_password": PASSWORD, "new_password": new_password})), Some(access(&kept)))
            .await;
        assert_eq!(changed.status, 204, "{:#}", changed.json);
        assert_eq!(me(&app, &kept).await.status, 200);
        me(&app, &other).await.problem(401);

        // A reset ends every session.
        let before_reset = app.login(email, new_password).await;
        let mails = app.emails_to(email).len();
        app.post("/v1/auth/password-reset", &json!({"email": email}), None).await;
        // The first email since the request that carries a code: the notice of the password
        // change above may be delivered after the count was taken, and carries none.
        let code = eventually("the reset code", || {
            app.emails_to(email)
                .into_iter()
                .skip(mails)
                .find_map(|mail| mail["code"].as_str().map(str::to_owned))
        })
        .await;
        let reset = app
            .post("/v1/auth/password-reset/confirm", &json!({"email": email, "code": code, "new_password": PASSWORD}), None)
            .await;
        assert_eq!(reset.status, 204, "{:#}", reset.json);
        me(&app, &before_reset).await.problem(401);
        me(&app, &kept).await.problem(401);
        assert_eq!(me(&app, &app.login(email, PASSWORD).await).await.status, 200);
    }
}

on_both_backends! {
    async fn a_staff_account_disabled_or_given_another_role_is_cut_off(app) {
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let walk_ins = "/v1/office/walk-ins?date=2026-11-25";
        assert_eq!(app.send(Method::GET, walk_ins, None, Some(access(&officer))).await.status, 200);
        let id = me(&app, &officer).await.parse::<AccountDto>().id;
        let path = format!("/v1/admin/users/{id}");

        // Another role: the old token is refused, a new sign-in carries the new role.
        let promoted = app
            .send(Method::PATCH, &path, Some(&json!({"role": "office_admin"})), Some(access(&admin)))
            .await;
        assert_eq!(promoted.status, 200, "{:#}", promoted.json);
        let account: AccountDto = promoted.parse();
        assert_eq!(account.role, RoleDto::OfficeAdmin);
        assert_eq!(account.office_id.as_deref(), Some(SEED_OFFICE_ID));
        app.send(Method::GET, walk_ins, None, Some(access(&officer))).await.problem(401);
        let again = app.login("petugas@imigrasi.example", PASSWORD).await;
        assert_eq!(me(&app, &again).await.parse::<AccountDto>().role, RoleDto::OfficeAdmin);

        // Disabled: the token is refused and sign-in answers as a wrong password would.
        let disabled = app
            .send(Method::PATCH, &path, Some(&json!({"disabled": true})), Some(access(&admin)))
            .await;
        assert!(disabled.parse::<AccountDto>().disabled, "{:#}", disabled.json);
        me(&app, &again).await.problem(401);
        let refused = app
            .post("/v1/auth/login", &json!({"email": "petugas@imigrasi.example", "password": PASSWORD}), None)
            .await;
        assert_eq!(refused.problem(401).detail, "the email or password is wrong");

        // Enabled again, it signs in.
        let enabled = app
            .send(Method::PATCH, &path, Some(&json!({"disabled": false})), Some(access(&admin)))
            .await;
        assert!(!enabled.parse::<AccountDto>().disabled);
        app.login("petugas@imigrasi.example", PASSWORD).await;

        // An applicant's account is not a system admin's to change; nor may one disable itself.
        let citizen = app.applicant("warga@example.com").await;
        let citizen_id = me(&app, &citizen).await.parse::<AccountDto>().id;
        app.send(Method::PATCH, &format!("/v1/admin/users/{citizen_id}"), Some(&json!({"disabled": true})), Some(access(&admin)))
            .await
            .problem(404);
        let admin_id = me(&app, &admin).await.parse::<AccountDto>().id;
        app.send(Method::PATCH, &format!("/v1/admin/users/{admin_id}"), Some(&json!({"disabled": true})), Some(access(&admin)))
            .await
            .problem(422);
        // An officer may not change anyone.
        let officer = app.staff("petugas2@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.send(Method::PATCH, &path, Some(&json!({"disabled": true})), Some(access(&officer)))
            .await
            .problem(403);
    }
}

/// PostgreSQL is the database several processes share.
fn shared_postgres(test: &str) -> Option<TestDatabase> {
    TestDatabase::postgres(test)
}

#[actix_web::test]
async fn a_session_ended_in_one_process_is_refused_by_another() {
    let Some(database) = shared_postgres("a_session_ended_in_one_process_is_refused_by_another")
    else {
        return;
    };
    let first = TestApp::start(database).await;
    // Signed up before the others start: the email goes to whichever process delivers it.
    let email = "dua@example.com";
    let tokens = first.applicant(email).await;
    // One that remembers nothing, and one that remembers answers for the default second.
    let asks_always = TestApp::start_sharing_with(first.database_url(), |c| {
        c.session_check_cache = std::time::Duration::ZERO;
    })
    .await;
    let remembers = TestApp::start_sharing(first.database_url()).await;
    assert_eq!(me(&asks_always, &tokens).await.status, 200);
    assert_eq!(me(&remembers, &tokens).await.status, 200);

    let out = first
        .post(
            "/v1/auth/logout",
            &json!({"refresh_token": refresh(&tokens)}),
            None,
        )
        .await;
    assert_eq!(out.status, 204);
    me(&asks_always, &tokens).await.problem(401);
    // Within the second it may remember: refused once that has passed (20 s at most
    // before the test gives up, far beyond it).
    let mut refused = false;
    for _ in 0..1000 {
        if me(&remembers, &tokens).await.status == 401 {
            refused = true;
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        refused,
        "the other process still accepts the ended session's token"
    );
}

#[actix_web::test]
async fn the_sign_in_limit_holds_across_processes() {
    let Some(database) = shared_postgres("the_sign_in_limit_holds_across_processes") else {
        return;
    };
    let limited = |config: &mut paspor_api::Config| {
        config.auth.rate_per_minute = 6;
    };
    let first = TestApp::start_with(database, limited).await;
    let second = TestApp::start_sharing_with(first.database_url(), limited).await;
    let body = json!({"email": "nobody@example.com", "password": PASSWORD});
    let mut statuses = Vec::new();
    for n in 0..6 {
        let server = if n % 2 == 0 { &first } else { &second };
        statuses.push(
            server
                .post("/v1/auth/login", &body, None)
                .await
                .status
                .as_u16(),
        );
    }
    // A burst of 2 for the address in all, whichever process answers: one process each
    // would have let 4 through.
    assert_eq!(statuses, [401, 401, 429, 429, 429, 429], "{statuses:?}");
}

/// A storm of sign-ins larger than the hashing threads can serve within
/// `PASPOR_PASSWORD_HASHING_MAX_WAIT_MS` is answered at once with 503 and `Retry-After` for
/// those that would wait longer; the others sign in, and a refused one neither counts as a
/// failure nor keeps its owner out once the storm has passed.
#[actix_web::test]
async fn sign_ins_that_would_wait_too_long_are_refused_at_once_and_come_back() {
    let app = TestApp::start_with(TestDatabase::sqlite(), |config| {
        config.auth.hashing_slots = Some(1);
        config.auth.hashing_max_wait = std::time::Duration::from_millis(1);
    })
    .await;
    let email = "storm@example.com";
    app.applicant(email).await;

    let attempts = (0..16).map(|_| sign_in(&app, 1, email, PASSWORD));
    let answers = futures::future::join_all(attempts).await;
    let (mut signed_in, mut refused) = (0, 0);
    for answer in &answers {
        match answer.status.as_u16() {
            200 => signed_in += 1,
            503 => {
                let problem = answer.problem(503);
                assert!(problem.detail.contains("try again"), "{problem:?}");
                let seconds: u64 = answer.header("retry-after").parse().expect("Retry-After");
                assert!(seconds >= 1, "{seconds}");
                refused += 1;
            }
            other => panic!("{other}: {:#}", answer.json),
        }
    }
    assert!(signed_in >= 1, "one hashing thread serves at least one");
    assert!(
        refused >= 1,
        "16 at once on one thread allowed to wait 1 ms"
    );

    // Refusals are not failures: neither this address nor another waits afterwards.
    assert_eq!(sign_in(&app, 1, email, PASSWORD).await.status, 200);
    assert_eq!(sign_in(&app, 2, email, PASSWORD).await.status, 200);
}
