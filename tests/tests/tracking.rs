//! Tracking an application without signing in: its number and the applicant's date of
//! birth answer its status and next step in the reader's language, and nothing personal;
//! an unknown number and a wrong birth date are the same 404; the limits per client address
//! and per number (whatever the address, whatever the case of the number) answer 429 with
//! `Retry-After`; hostile input is refused with 400.

use std::net::{IpAddr, Ipv4Addr};

use paspor_openapi::{ApplicationStatusDto, TrackingDto};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

const TRACKING: &str = "/v1/tracking";

/// The birth date of every applicant of `add_applicant`.
const BORN: &str = "1990-05-15";

fn asking(number: &str, born: &str) -> Value {
    json!({"application_number": number, "date_of_birth": born})
}

/// A client address of this machine other than the tests' own.
fn address(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 1, n))
}

on_both_backends! {
    async fn a_booked_then_paid_application_is_tracked_with_its_status_and_next_step_only(app) {
        let tokens = app.applicant("lacak@example.com").await;
        let (id, billing_code) = book_new(&app, &tokens, &nth_nik(1)).await;

        let booked = app.post(TRACKING, &asking(&id, BORN), None).await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        assert_eq!(booked.header("content-language"), "en");
        assert_eq!(booked.header("cache-control"), "no-store");
        let tracked: TrackingDto = booked.parse();
        assert_eq!(tracked.status, ApplicationStatusDto::AwaitingPayment);
        assert_eq!(tracked.application_number, id);
        assert!(tracked.next_step.contains("billing code"), "{}", tracked.next_step);
        // Nothing personal: only these fields, and no name, NIK or address in them.
        let mut fields: Vec<&str> = booked.json.as_object().unwrap().keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            ["application_number", "language", "next_step", "status", "status_since", "status_text"]
        );
        let body = booked.json.to_string();
        for personal in ["Budi", "Santoso", &nth_nik(1), "Merdeka", "Jakarta", BORN, &billing_code] {
            assert!(!body.contains(personal), "{personal} in {body}");
        }

        pay(&app, &billing_code).await;
        // In Bahasa Indonesia, the number written in capitals and with blanks around.
        let paid = app
            .request_json(
                Method::POST,
                TRACKING,
                &asking(&format!(" {} ", id.to_uppercase()), BORN),
                &[("accept-language", "id")],
            )
            .await;
        assert_eq!(paid.status, 200, "{:#}", paid.json);
        assert_eq!(paid.header("content-language"), "id");
        let tracked: TrackingDto = paid.parse();
        assert_eq!(tracked.status, ApplicationStatusDto::Paid, "the code is the same in every language");
        assert_eq!(tracked.status_text, "sudah dibayar");
        assert!(tracked.next_step.contains("jadwal kedatangan"), "{}", tracked.next_step);
        assert_eq!(tracked.status_since, app.clock.now(), "the payment's instant");
    }
}

on_both_backends! {
    async fn an_unknown_number_and_a_wrong_birth_date_are_the_same_404(app) {
        let tokens = app.applicant("lacak@example.com").await;
        let (id, _) = book_new(&app, &tokens, &nth_nik(1)).await;
        let wrong_date = app.post(TRACKING, &asking(&id, "1990-05-16"), None).await;
        let unknown = app
            .post(TRACKING, &asking("01936f0e-6b1a-7c3d-9e2f-4a5b6c7d8e9f", BORN), None)
            .await;
        let (wrong_date, unknown) = (wrong_date.problem(404), unknown.problem(404));
        assert_eq!(wrong_date.problem_type, unknown.problem_type);
        assert_eq!(wrong_date.title, unknown.title);
        assert_eq!(wrong_date.detail, unknown.detail);
        assert_eq!(wrong_date.detail, "no application has this number and date of birth");
        // An applicant's id is not an application's number either.
        let applicant = add_applicant(&app, &tokens, &nth_nik(2)).await;
        assert_eq!(app.post(TRACKING, &asking(&applicant, BORN), None).await.problem(404).detail, unknown.detail);
    }
}

on_both_backends! {
    async fn one_address_is_stopped_after_its_burst_and_others_are_not(app) {
        let from = address(2);
        for n in 0..10 {
            let number = format!("01936f0e-6b1a-7c3d-9e2f-{n:012}");
            let answer = app.post_from(from, TRACKING, &asking(&number, BORN)).await;
            answer.problem(404);
        }
        let refused = app
            .post_from(from, TRACKING, &asking("01936f0e-6b1a-7c3d-9e2f-999999999999", BORN))
            .await;
        let problem = refused.problem(429);
        assert!(problem.detail.contains("from this address"), "{}", problem.detail);
        let wait: u64 = refused.header("retry-after").parse().unwrap();
        assert!((1..=3).contains(&wait), "{wait}");
        // Another address is not held back.
        app.post_from(address(3), TRACKING, &asking("01936f0e-6b1a-7c3d-9e2f-999999999999", BORN))
            .await
            .problem(404);
        // Time passing frees the address again.
        app.clock.advance(chrono::TimeDelta::seconds(3));
        app.post_from(from, TRACKING, &asking("01936f0e-6b1a-7c3d-9e2f-999999999999", BORN))
            .await
            .problem(404);
    }
}

on_both_backends! {
    async fn one_number_is_stopped_after_its_burst_whatever_the_address_or_case(app) {
        let tokens = app.applicant("lacak@example.com").await;
        let (id, _) = book_new(&app, &tokens, &nth_nik(1)).await;
        // Guessing its birth date from five addresses, the case changed each time.
        for n in 0..5u8 {
            let number = if n % 2 == 0 { id.clone() } else { id.to_uppercase() };
            let guess = format!("1990-01-{:02}", n + 1);
            app.post_from(address(10 + n), TRACKING, &asking(&number, &guess)).await.problem(404);
        }
        // The sixth try is stopped, from a fresh address, with the right date too.
        let refused = app.post_from(address(20), TRACKING, &asking(&id, BORN)).await;
        let problem = refused.problem(429);
        assert!(problem.detail.contains("application number"), "{}", problem.detail);
        let wait: u64 = refused.header("retry-after").parse().unwrap();
        assert!((300..=360).contains(&wait), "{wait}");
        // An unknown number is limited the same way: the 429 tells nothing of existence.
        let unknown = "01936f0e-6b1a-7c3d-9e2f-4a5b6c7d8e9f";
        for n in 0..5u8 {
            app.post_from(address(30 + n), TRACKING, &asking(unknown, BORN)).await.problem(404);
        }
        app.post_from(address(40), TRACKING, &asking(unknown, BORN)).await.problem(429);
        // Past the wait, the owner gets the answer.
        app.clock.advance(chrono::TimeDelta::minutes(6));
        let tracked = app.post_from(address(20), TRACKING, &asking(&id, BORN)).await;
        assert_eq!(tracked.status, 200, "{:#}", tracked.json);
    }
}

on_both_backends! {
    async fn hostile_tracking_requests_are_refused_with_400(app) {
        let long = "7".repeat(10 * 1024);
        let refused = app.post(TRACKING, &asking(&long, BORN), None).await;
        refused.problem(400);
        assert_eq!(refused.error_fields(), ["application_number"]);
        let nul = app.post(TRACKING, &asking("abc\u{0}def", BORN), None).await;
        nul.problem(400);
        for body in [
            json!({"application_number": "", "date_of_birth": BORN}),
            json!({"application_number": "   ", "date_of_birth": BORN}),
            json!({"application_number": 12, "date_of_birth": BORN}),
            json!({"application_number": "x", "date_of_birth": 19900515}),
            json!({"application_number": "x", "date_of_birth": "1990-02-30"}),
            json!({"application_number": "x"}),
            json!({"application_number": "x", "date_of_birth": BORN, "nik": "3171011505900001"}),
            json!(["x", BORN]),
        ] {
            app.post(TRACKING, &body, None).await.problem(400);
        }
        // A token is not needed, and a broken one changes nothing.
        let answer = app
            .request_json(Method::POST, TRACKING, &asking("x", BORN), &[("authorization", "Bearer nonsense")])
            .await;
        answer.problem(404);
    }
}

on_both_backends! {
    async fn a_spent_rate_limit_is_purged_and_a_holding_one_kept(app) {
        use chrono::TimeDelta;
        use paspor_persistence::rate_limits::{self, Verdict};

        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let every = TimeDelta::minutes(6);
        // Two keys, each taken once: their next request is due 6 minutes on.
        for key in ["tracking:number:again", "tracking:number:once"] {
            assert_eq!(rate_limits::take(&mut conn, key, every, 1, now).unwrap(), Verdict::Pass);
        }
        // Before then both still hold something: nothing is purged.
        assert_eq!(rate_limits::purge(&mut conn, now + TimeDelta::minutes(5)).unwrap(), 0);
        // The first is taken again at +6 minutes (due again at +12); the second, taken once,
        // holds nothing after +6 minutes and is the one purged at +7.
        let later = now + TimeDelta::minutes(6);
        assert_eq!(rate_limits::take(&mut conn, "tracking:number:again", every, 1, later).unwrap(), Verdict::Pass);
        assert_eq!(rate_limits::purge(&mut conn, now + TimeDelta::minutes(7)).unwrap(), 1);
        // The one kept still holds (a request now waits); the purged one starts afresh.
        let at = now + TimeDelta::minutes(7);
        assert!(matches!(rate_limits::take(&mut conn, "tracking:number:again", every, 1, at).unwrap(), Verdict::Wait(_)));
        assert_eq!(rate_limits::take(&mut conn, "tracking:number:once", every, 1, at).unwrap(), Verdict::Pass);
    }
}
