//! A citizen's own double taps on the account: registering one address, entering one code,
//! asking for codes, resetting and changing the password, signing in, renewing and ending
//! one session, changing the profile, registering and removing devices, and closing the
//! account, each many times at once. Afterwards: one account per address, a code spent
//! once and tried wrongly no more than allowed, one live code per purpose, one password
//! change per proof of the current password, a session renewed once, and the account's
//! rows as one of the requests left them.

use std::collections::BTreeSet;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use paspor_openapi::TokenPairDto;
use paspor_persistence::schema::{devices, one_time_codes, refresh_tokens, users};
use reqwest::Method;
use serde_json::{Value, json};

use super::invariants::{assert_database_invariants, connection};
use crate::support::{
    AT_ONCE, Clock as _, PASSWORD, ROUNDS, TestApp, access, at_once, refresh, split,
};

/// The id of the account registered with `email`.
fn account_id(pool: &paspor_persistence::DbPool, email: &str) -> String {
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut connection(pool))
        .expect("the account exists")
}

/// An account's codes of `purpose`: (issued_at, spent_at, attempts).
fn codes_of(
    pool: &paspor_persistence::DbPool,
    account: &str,
    purpose: &str,
) -> Vec<(NaiveDateTime, Option<NaiveDateTime>, i32)> {
    one_time_codes::table
        .filter(one_time_codes::user_id.eq(account))
        .filter(one_time_codes::purpose.eq(purpose))
        .select((
            one_time_codes::issued_at,
            one_time_codes::spent_at,
            one_time_codes::attempts,
        ))
        .load(&mut connection(pool))
        .unwrap()
}

/// The body of a registration of `email`.
fn registration(email: &str) -> Value {
    json!({"email": email, "phone": "0812-3456-7890", "full_name": "Siti Rahayu", "password": PASSWORD})
}

on_both_backends! {
    async fn one_address_registered_and_verified_at_once_is_one_account(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            let email = format!("daftar{round}@example.com");
            let body = registration(&email);
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/auth/register", &body, None))).await;
            let what = format!("round {round}: {AT_ONCE} registrations of {email}");
            let answered = split(&what, &answers, &[202]);
            assert_eq!(answered.done.len(), AT_ONCE, "the answer is the same whether taken or not: {:?}", answered.details());
            let accounts: i64 = users::table.filter(users::email.eq(&email)).count().get_result(&mut connection(&pool)).unwrap();
            assert_eq!(accounts, 1, "{what}");
            let account = account_id(&pool, &email);
            assert_eq!(codes_of(&pool, &account, "verify_email").len(), 1, "{what}: one code sent");
            assert_database_invariants(&app, &pool, &what);

            // The code from the email, entered many times at once: accepted once.
            let code = app.wait_for_emails(&email, 1).await[0]["code"].as_str().unwrap().to_owned();
            let verify = json!({"email": email, "code": code});
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/auth/verify-email", &verify, None))).await;
            let what = format!("round {round}: one code entered {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), 1, "{what}: a code is spent once: {:?} {:?}", answered.statuses(), answered.details());
            let verified: Option<NaiveDateTime> = users::table.find(&account).select(users::email_verified_at).first(&mut connection(&pool)).unwrap();
            assert!(verified.is_some(), "{what}");
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

on_both_backends! {
    async fn codes_asked_for_at_once_are_sent_once(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            let email = format!("kode{round}@example.com");
            app.register(&email).await;
            let account = account_id(&pool, &email);
            // Past the minute that must separate two codes.
            app.clock.advance(TimeDelta::seconds(61));
            let asked_at = app.clock.now().naive_utc();
            let asked = json!({"email": email});
            let (resent, reset) = futures::join!(
                at_once((0..AT_ONCE).map(|_| app.post("/v1/auth/resend-code", &asked, None))),
                at_once((0..AT_ONCE).map(|_| app.post("/v1/auth/password-reset", &asked, None))),
            );
            let what = format!("round {round}: {AT_ONCE} resends and {AT_ONCE} reset codes asked at once");
            split(&what, &resent, &[202]);
            split(&what, &reset, &[202]);
            for purpose in ["verify_email", "password_reset"] {
                let sent_now = codes_of(&pool, &account, purpose).iter().filter(|(issued, _, _)| *issued >= asked_at).count();
                assert_eq!(sent_now, 1, "{what}: {sent_now} {purpose} codes sent within a minute");
            }
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

on_both_backends! {
    async fn wrong_codes_entered_at_once_count_no_more_tries_than_allowed(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            // The emailed verification code, guessed wrongly many times at once (the reset
            // code is judged by the same check; this route hashes no password first, so
            // the guesses meet the check together).
            let email = format!("tebak{round}@example.com");
            let code = app.register(&email).await;
            let guesses: Vec<Value> = (0..AT_ONCE)
                .map(|n| format!("{:06}", (code.parse::<u32>().unwrap() + 1 + u32::try_from(n).unwrap()) % 1_000_000))
                .map(|guess| json!({"email": email, "code": guess}))
                .collect();
            let answers = at_once(guesses.iter().map(|body| app.post("/v1/auth/verify-email", body, None))).await;
            let what = format!("round {round}: {AT_ONCE} wrong codes at once");
            let answered = split(&what, &answers, &[]);
            assert_eq!(answered.refused.len(), AT_ONCE, "{what}");
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// New passwords, one per request.
fn new_passwords() -> Vec<String> {
    (0..AT_ONCE)
        .map(|n| format!("kopi susu gula aren nomor {n}"))
        .collect()
}

/// Which request's password opens the account now (signing in with each in turn, each
/// from an address of its own: one failure per address is far from slowing any).
async fn working_password(app: &TestApp, email: &str, passwords: &[String]) -> Vec<usize> {
    let mut working = Vec::new();
    for (index, password) in passwords.iter().enumerate() {
        let address = std::net::Ipv4Addr::new(127, 0, 1, u8::try_from(index + 1).unwrap());
        let answer = app
            .post_from(
                address.into(),
                "/v1/auth/login",
                &json!({"email": email, "password": password}),
            )
            .await;
        if answer.status == 200 {
            working.push(index);
        }
    }
    working
}

on_both_backends! {
    async fn one_proof_of_the_password_changes_it_once(app) {
        let pool = app.pool();
        let passwords = new_passwords();
        for round in 0..ROUNDS {
            let email = format!("sandi{round}@example.com");
            app.applicant(&email).await;

            // A reset code entered at once with different new passwords: spent once.
            app.post("/v1/auth/password-reset", &json!({"email": email}), None).await;
            let code = app.wait_for_emails(&email, 2).await[1]["code"].as_str().unwrap().to_owned();
            let bodies: Vec<Value> = passwords.iter().map(|p| json!({"email": email, "code": code, "new_password": p})).collect();
            let answers = at_once(bodies.iter().map(|body| app.post("/v1/auth/password-reset/confirm", body, None))).await;
            let what = format!("round {round}: one reset code entered {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let winner = answers.iter().position(|a| a.status == 204).unwrap();
            assert_eq!(working_password(&app, &email, &passwords).await, [winner], "{what}: the password set is not the one answered");
            assert_database_invariants(&app, &pool, &what);

            // The password changed at once from the same current one: changed once.
            let tokens = app.login(&email, &passwords[winner]).await;
            let current = passwords[winner].clone();
            let changes: Vec<Value> = passwords.iter().map(|p| json!({"current_password": current, "new_password": format!("{p} lagi")})).collect();
            let answers = at_once(changes.iter().map(|body| app.post("/v1/me/password", body, Some(access(&tokens))))).await;
            let what = format!("round {round}: {AT_ONCE} password changes from one current password");
            let answered = split(&what, &answers, &[204]);
            let changed: Vec<usize> = answers.iter().enumerate().filter(|(_, a)| a.status == 204).map(|(n, _)| n).collect();
            let candidates: Vec<String> = passwords.iter().map(|p| format!("{p} lagi")).collect();
            let working = working_password(&app, &email, &candidates).await;
            assert_eq!(changed.len(), 1, "{what}: the current password was right for one change only, yet {} were answered done ({:?}); the one that works now: {working:?}", changed.len(), answered.details());
            assert_eq!(working, changed, "{what}: the password that works is not the one answered");
            drop(tokens);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

on_both_backends! {
    async fn one_session_signed_in_renewed_and_ended_at_once(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            let email = format!("sesi{round}@example.com");
            let first = app.applicant(&email).await;
            let account = account_id(&pool, &email);
            let login = json!({"email": email, "password": PASSWORD});
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/auth/login", &login, None))).await;
            let what = format!("round {round}: {AT_ONCE} sign-ins at once");
            let sessions = answers_tokens(&answers);
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let families: Vec<String> = refresh_tokens::table.filter(refresh_tokens::user_id.eq(&account)).select(refresh_tokens::family_id).load(&mut connection(&pool)).unwrap();
            assert_eq!(families.len(), AT_ONCE + 1, "{what}: one session per sign-in answered");

            // Three sessions, one after the other, each renewed many times at once: renewed
            // at most once (a renewal racing another is a reuse, which ends the session).
            let mut spent = BTreeSet::new();
            for (n, session) in [&first, &sessions[1], &sessions[2]].into_iter().enumerate() {
                let renew = json!({"refresh_token": refresh(session)});
                let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/auth/refresh", &renew, None))).await;
                let what = format!("round {round}: refresh token {n} renewed {AT_ONCE} times at once");
                let answered = split(&what, &answers, &[200]);
                assert!(answered.done.len() <= 1, "{what}: {:?}", answered.statuses());
                // The session renewed now: the one family with a spent token not spent before.
                let now_spent: BTreeSet<String> = refresh_tokens::table
                    .filter(refresh_tokens::user_id.eq(&account))
                    .filter(refresh_tokens::used_at.is_not_null())
                    .select(refresh_tokens::family_id)
                    .load::<String>(&mut connection(&pool))
                    .unwrap()
                    .into_iter()
                    .collect();
                let renewed: Vec<&String> = now_spent.difference(&spent).collect();
                assert_eq!(renewed.len(), 1, "{what}: {renewed:?}");
                let family: Vec<(Option<NaiveDateTime>, Option<NaiveDateTime>)> = refresh_tokens::table
                    .filter(refresh_tokens::family_id.eq(renewed[0]))
                    .select((refresh_tokens::used_at, refresh_tokens::revoked_at))
                    .load(&mut connection(&pool))
                    .unwrap();
                assert_eq!(family.len(), 1 + answered.done.len(), "{what}: one new token per renewal answered: {family:?}");
                assert_eq!(family.iter().filter(|(used, _)| used.is_some()).count(), 1, "{what}: {family:?}");
                spent = now_spent;
            }

            // Another session ended many times at once: ended, and every answer says so.
            let end = json!({"refresh_token": refresh(&sessions[3])});
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/auth/logout", &end, None))).await;
            let what = format!("round {round}: one session ended {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            app.post("/v1/auth/refresh", &end, None).await.problem(401);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

/// The token pairs of the answers that gave one.
fn answers_tokens(answers: &[crate::support::Answer]) -> Vec<TokenPairDto> {
    answers
        .iter()
        .filter(|a| a.status == 200)
        .map(crate::support::Answer::parse)
        .collect()
}

on_both_backends! {
    async fn one_profile_and_its_devices_changed_at_once(app) {
        let pool = app.pool();
        let email = "profil@example.com";
        let tokens = app.applicant(email).await;
        let account = account_id(&pool, email);
        for round in 0..ROUNDS {
            // Each request sets a name and a phone together.
            let pairs: Vec<(String, String)> = (0..AT_ONCE).map(|n| (format!("Siti Nomor {round}{n}"), format!("0812-0000-{round}{n:03}"))).collect();
            let bodies: Vec<Value> = pairs.iter().map(|(name, phone)| json!({"full_name": name, "phone": phone})).collect();
            let answers = at_once(bodies.iter().map(|body| app.send(Method::PATCH, "/v1/me", Some(body), Some(access(&tokens))))).await;
            let what = format!("round {round}: {AT_ONCE} profile changes at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            let (name, phone): (String, String) = users::table.find(&account).select((users::full_name, users::phone)).first(&mut connection(&pool)).unwrap();
            // The name and the phone stored come from one request (the phone is stored
            // normalised: its last digits are the request's number).
            let from = pairs.iter().position(|(n, _)| *n == name).unwrap_or_else(|| panic!("{what}: the stored name {name} was never sent"));
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            assert!(digits.ends_with(&format!("{round}{from:03}")), "{what}: the name of request {from} was stored with the phone {phone} of another");

            // One device token registered many times at once: one device.
            let token = format!("fcm-token-round-{round}-0123456789");
            let device = json!({"platform": "android", "token": token});
            let answers = at_once((0..AT_ONCE).map(|_| app.post("/v1/me/devices", &device, Some(access(&tokens))))).await;
            let what = format!("round {round}: one device token registered {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[200, 201]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            assert_eq!(answered.done.iter().filter(|a| a.status == 201).count(), 1, "{what}: registered once, renewed after: {:?}", answered.statuses());
            let held: Vec<String> = devices::table.filter(devices::account_id.eq(&account)).filter(devices::token.eq(&token)).select(devices::id).load(&mut connection(&pool)).unwrap();
            assert_eq!(held.len(), 1, "{what}");
            assert!(answered.done.iter().all(|a| a.json["id"] == held[0].as_str()), "{what}: an answer names another device");

            // The device removed many times at once: removed once.
            let path = format!("/v1/me/devices/{}", held[0]);
            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::DELETE, &path, None, Some(access(&tokens))))).await;
            let what = format!("round {round}: one device removed {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?}", answered.statuses());
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

on_both_backends! {
    async fn one_account_closed_at_once_is_closed_with_its_sessions_and_devices(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            let email = format!("tutup{round}@example.com");
            let tokens = app.applicant(&email).await;
            let account = account_id(&pool, &email);
            let device = json!({"platform": "ios", "token": format!("apns-token-{round}-0123456789")});
            assert_eq!(app.post("/v1/me/devices", &device, Some(access(&tokens))).await.status, 201);
            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::DELETE, "/v1/me", None, Some(access(&tokens))))).await;
            let what = format!("round {round}: one account closed {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert!(!answered.done.is_empty(), "{what}: {:?}", answered.details());
            let closed: Option<NaiveDateTime> = users::table.find(&account).select(users::closed_at).first(&mut connection(&pool)).unwrap();
            assert!(closed.is_some(), "{what}");
            let open_sessions: i64 = refresh_tokens::table.filter(refresh_tokens::user_id.eq(&account)).filter(refresh_tokens::revoked_at.is_null()).count().get_result(&mut connection(&pool)).unwrap();
            let kept_devices: i64 = devices::table.filter(devices::account_id.eq(&account)).count().get_result(&mut connection(&pool)).unwrap();
            assert_eq!((open_sessions, kept_devices), (0, 0), "{what}");
            assert_database_invariants(&app, &pool, &what);
        }
    }
}
