//! The language of what is sent later: saved on the account at registration (from the
//! registration's `Accept-Language`), shown and changed on `/v1/me`, and used for every
//! email and push notice after, with times on the office's clock (WIB here) and never UTC.

use paspor_openapi::{AccountDto, ApplicationDto, AvailabilityDto, LanguageDto, TokenPairDto};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    PASSWORD, TestApp, access, add_applicant, book_new, draft, eventually, nth_nik,
};

/// The seed office in Makassar, on Central Indonesian Time (WITA, UTC+8).
const MAKASSAR: &str = "0193a000-0000-7000-8000-000000000003";

/// Registers an applicant whose request asks for `accept_language` (none: no header),
/// verifies it with the emailed code and signs in; returns the tokens and the
/// verification email.
pub(crate) async fn applicant_reading(
    app: &TestApp,
    email: &str,
    accept_language: Option<&str>,
) -> (TokenPairDto, Value) {
    let mut headers = vec![("idempotency-key", email)];
    if let Some(language) = accept_language {
        headers.push(("accept-language", language));
    }
    let body = json!({"email": email, "phone": "0812-3456-7890", "full_name": "Siti Rahayu", "password": PASSWORD});
    // The suite's client asks for English unless told otherwise: without a header of the
    // test's own, a client that sends none.
    let answer = match accept_language {
        Some(_) => {
            app.request_json(Method::POST, "/v1/auth/register", &body, &headers)
                .await
        }
        None => {
            headers.push(("content-type", "application/json"));
            app.request_unlabelled_body(
                Method::POST,
                "/v1/auth/register",
                body.to_string(),
                &headers,
            )
            .await
        }
    };
    assert_eq!(answer.status, 202, "{:#}", answer.json);
    let verification = app.wait_for_emails(email, 1).await.remove(0);
    let code = verification["code"].as_str().expect("a code").to_owned();
    let verified = app
        .post(
            "/v1/auth/verify-email",
            &json!({"email": email, "code": code}),
            None,
        )
        .await;
    assert_eq!(verified.status, 204, "{:#}", verified.json);
    (app.login(email, PASSWORD).await, verification)
}

/// The caller's account.
pub(crate) async fn me(app: &TestApp, tokens: &TokenPairDto) -> AccountDto {
    let answer = app
        .send(Method::GET, "/v1/me", None, Some(access(tokens)))
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

async fn patch_me(app: &TestApp, tokens: &TokenPairDto, body: &Value) -> crate::support::Answer {
    app.send(Method::PATCH, "/v1/me", Some(body), Some(access(tokens)))
        .await
}

/// Waits for an email to `to` whose subject starts with `subject`; returns it.
pub(crate) async fn email_titled(app: &TestApp, to: &str, subject: &str) -> Value {
    eventually(&format!("an email {subject:?} to {to}"), || {
        app.emails_to(to).into_iter().find(|mail| {
            mail["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with(subject))
        })
    })
    .await
}

fn body_of(mail: &Value) -> &str {
    mail["body"].as_str().expect("a body")
}

on_both_backends! {
    async fn an_english_account_reads_its_booking_in_english_on_the_offices_clock(app) {
        let email = "english@example.com";
        let (tokens, verification) = applicant_reading(&app, email, Some("en-GB, id;q=0.5")).await;
        assert_eq!(verification["subject"], "Your Paspor verification code");
        assert!(body_of(&verification).starts_with("Hello Siti Rahayu,"), "{verification:#}");
        assert_eq!(me(&app, &tokens).await.language, LanguageDto::En);

        let (_, code) = book_new(&app, &tokens, &nth_nik(2501)).await;
        let booked = email_titled(&app, email, "Your passport appointment is booked").await;
        let body = body_of(&booked);
        // Booked at 10:00 WIB on Wednesday 25 November: two hours to pay, on the office's clock.
        assert!(body.contains(&format!("with billing code {code} before Wednesday, 25 November 2026 at 12:00 WIB.")), "{body}");
        assert!(body.contains("on Thursday, 26 November 2026 at "), "{body}");
        assert!(body.contains("Rp"), "{body}");
        assert!(!body.contains("UTC"), "{body}");
    }
}

on_both_backends! {
    async fn an_indonesian_account_reads_it_in_indonesian(app) {
        let email = "indonesia@example.com";
        // No header, or one naming only languages the service does not write: Indonesian.
        let (tokens, verification) = applicant_reading(&app, email, Some("fr, de;q=0.8")).await;
        assert_eq!(verification["subject"], "Kode verifikasi akun Paspor Anda");
        assert_eq!(me(&app, &tokens).await.language, LanguageDto::Id);
        let (plain, _) = applicant_reading(&app, "tanpa@example.com", None).await;
        assert_eq!(me(&app, &plain).await.language, LanguageDto::Id);

        let (_, code) = book_new(&app, &tokens, &nth_nik(2502)).await;
        let booked = email_titled(&app, email, "Jadwal kedatangan Anda sudah dipesan").await;
        let body = body_of(&booked);
        assert!(body.contains(&format!("dengan kode billing {code} sebelum Rabu, 25 November 2026 pukul 12.00 WIB.")), "{body}");
        assert!(body.contains("pada Kamis, 26 November 2026 pukul "), "{body}");
        assert!(!body.contains("UTC"), "{body}");
    }
}

on_both_backends! {
    async fn a_language_changed_on_the_profile_takes_effect_for_the_next_notice(app) {
        let email = "berganti@example.com";
        let (tokens, _) = applicant_reading(&app, email, None).await;
        let changed = patch_me(&app, &tokens, &json!({"language": "en"})).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        assert_eq!(changed.parse::<AccountDto>().language, LanguageDto::En);
        assert_eq!(me(&app, &tokens).await.language, LanguageDto::En);

        let (id, _) = book_new(&app, &tokens, &nth_nik(2503)).await;
        email_titled(&app, email, "Your passport appointment is booked").await;

        // Back to Indonesian, with another field changed at once: the cancellation reads so.
        let back = patch_me(&app, &tokens, &json!({"language": "id", "full_name": "Siti R."})).await;
        assert_eq!(back.status, 200, "{:#}", back.json);
        let account: AccountDto = back.parse();
        assert_eq!((account.language, account.full_name.as_str()), (LanguageDto::Id, "Siti R."));
        let cancelled = app
            .post(&format!("/v1/applications/{id}/cancel"), &json!(null), Some(access(&tokens)))
            .await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
        let _: ApplicationDto = cancelled.parse();
        email_titled(&app, email, "Permohonan paspor Anda dibatalkan").await;
        assert!(
            app.emails_to(email).iter().all(|mail| mail["subject"] != "Your passport application was cancelled"),
            "{:#?}",
            app.emails_to(email)
        );
    }
}

on_both_backends! {
    async fn the_language_field_refuses_what_it_does_not_know(app) {
        let (tokens, _) = applicant_reading(&app, "keras@example.com", Some("en")).await;
        let long = "e".repeat(10 * 1024);
        for hostile in [
            json!({"language": "fr"}),
            json!({"language": "EN"}),
            json!({"language": "e\u{0}n"}),
            json!({"language": "en\n"}),
            json!({"language": long}),
            json!({"language": 7}),
            json!({"language": ["en"]}),
            json!({"language": {"code": "id"}}),
            json!({"language": true}),
        ] {
            let refused = patch_me(&app, &tokens, &hostile).await;
            assert_eq!(refused.status, 400, "{hostile}: {:#}", refused.json);
            refused.problem(400);
        }
        // Nothing changed; null leaves it as it is.
        assert_eq!(me(&app, &tokens).await.language, LanguageDto::En);
        let unchanged = patch_me(&app, &tokens, &json!({"language": null})).await;
        assert_eq!(unchanged.status, 200, "{:#}", unchanged.json);
        assert_eq!(unchanged.parse::<AccountDto>().language, LanguageDto::En);

        // A hostile Accept-Language at registration is never refused: Indonesian.
        let (odd, _) = applicant_reading(&app, "aneh@example.com", Some("en;q=abc, *;q=2")).await;
        assert_eq!(me(&app, &odd).await.language, LanguageDto::Id);
    }
}

on_both_backends! {
    async fn an_office_in_another_zone_writes_its_own_clock(app) {
        let email = "makassar@example.com";
        let (tokens, _) = applicant_reading(&app, email, Some("en")).await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(2504)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let id = created.parse::<ApplicationDto>().id;
        let days = app
            .get(&format!("/v1/offices/{MAKASSAR}/availability?from=2026-11-26&to=2026-12-20"))
            .await
            .parse::<AvailabilityDto>()
            .days;
        let (date, session) = days
            .iter()
            .filter(|day| day.bookable)
            .find_map(|day| {
                let session = day.sessions.iter().find(|s| s.released && s.channels.regular.remaining > 0)?;
                Some((day.date, session.clone()))
            })
            .expect("a bookable session at Makassar");
        let booked = app
            .post(
                &format!("/v1/applications/{id}/booking"),
                &json!({"office_id": MAKASSAR, "date": date, "session_id": session.id}),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        let mail = email_titled(&app, email, "Your passport appointment is booked").await;
        let body = body_of(&mail);
        // 05:00Z is 13:00 in Makassar; the session's start is on the same clock.
        assert!(body.contains("before Wednesday, 25 November 2026 at 13:00 WITA."), "{body}");
        assert!(body.contains(&format!(" at {} WITA is held for you", session.starts_at.format("%H:%M"))), "{body}");
        assert!(!body.contains("WIB") && !body.contains("UTC"), "{body}");
    }
}
