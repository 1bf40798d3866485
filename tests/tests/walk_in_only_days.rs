//! Walk-in-only days (`PUT /v1/office/walk-in-only-days/{date}` and the system admin's
//! `/v1/admin/offices/{id}/...`): the day's sessions close to app booking (availability
//! shows none, with the reason; booking is 409), walk-ins still register, every applicant
//! booked that day is told once in their language however often and however concurrently
//! the day is set, the public list shows it, changes are audited; lesser roles and other
//! offices' admins are refused, past dates and hostile reasons too, changing nothing; the
//! service's status names the offices walk-in only on their own today.

use chrono::TimeDelta;
use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, AuditPage, AvailabilityDto, ServiceStatusDto, TokenPairDto, WalkInDto,
    WalkInOnlyDayDto, WalkInOnlyDayList,
};
use paspor_persistence::schema::outbox_messages;
use reqwest::Method;
use serde_json::{Value, json};

use crate::notice_language::{applicant_reading, email_titled};
use crate::office_walk_ins::{person, walk_in};
use crate::support::*;

/// Makassar (WITA): another seed office.
const MAKASSAR_OFFICE_ID: &str = "0193a000-0000-7000-8000-000000000003";

/// The day made walk-in only: the suite's booked date (Thursday 26 November 2026).
const DAY: &str = DATE;

fn own_day(date: &str) -> String {
    format!("/v1/office/walk-in-only-days/{date}")
}

fn any_office_day(office: &str, date: &str) -> String {
    format!("/v1/admin/offices/{office}/walk-in-only-days/{date}")
}

fn reasons(tag: &str) -> Value {
    json!({"reasons": {
        "id": format!("Aplikasi sedang gangguan ({tag})."),
        "en": format!("The app is down ({tag}).")
    }})
}

/// The walk-in-only notices in the outbox by email, one recipient per row.
fn told(app: &TestApp) -> Vec<String> {
    let mut conn = app.pool().get().expect("a connection");
    let mut recipients: Vec<String> = outbox_messages::table
        .filter(outbox_messages::channel.eq("email"))
        .filter(outbox_messages::subject.like("%walk-in%"))
        .select(outbox_messages::recipient)
        .load(&mut *conn)
        .expect("the outbox");
    recipients.sort();
    recipients
}

async fn availability(app: &TestApp) -> AvailabilityDto {
    app.get(&format!(
        "/v1/offices/{SEED_OFFICE_ID}/availability?from={DAY}&to={DAY}"
    ))
    .await
    .parse()
}

/// A draft of the signed-in applicant for the person with this NIK; its id.
async fn new_draft(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let applicant = add_applicant(app, tokens, nik).await;
    let created = app
        .post("/v1/applications", &draft(&applicant), Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    created.parse::<ApplicationDto>().id
}

on_both_backends! {
    async fn a_walk_in_only_day_closes_app_booking_and_tells_each_booked_applicant_once(app) {
        let session = seed_session_on_date(&app).await;
        let english = app.applicant("warga@example.com").await;
        let (english_id, _) = book_new(&app, &english, &nth_nik(1)).await;
        let (indonesian, _) = applicant_reading(&app, "rakyat@example.com", Some("id")).await;
        let paid = paid_application(&app, &indonesian, &nth_nik(2)).await;
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;

        let set = app.send(Method::PUT, &own_day(DAY), Some(&reasons("satu")), Some(access(&admin))).await;
        assert_eq!(set.status, 201, "{:#}", set.json);
        assert_eq!(set.header("content-language"), "en");
        let day: WalkInOnlyDayDto = set.parse();
        assert_eq!((day.date.to_string().as_str(), day.reason.as_str()), (DAY, "The app is down (satu)."));
        assert_eq!(day.reasons.id, "Aplikasi sedang gangguan (satu).");

        // Set again (a retry, a new reason): only the reason changes, nobody is told twice.
        let again = app.send(Method::PUT, &own_day(DAY), Some(&reasons("dua")), Some(access(&admin))).await;
        assert_eq!(again.status, 200, "{:#}", again.json);
        assert_eq!(again.parse::<WalkInOnlyDayDto>().reason, "The app is down (dua).");
        assert_eq!(told(&app), ["rakyat@example.com", "warga@example.com"]);

        // Each in their language, with the office, the day and their session's time in its clock.
        let mail = email_titled(&app, "warga@example.com", "Kantor Imigrasi Kelas I TPI Pangkalpinang serves walk-ins only").await;
        let body = mail["body"].as_str().unwrap();
        assert!(body.contains("Thursday, 26 November 2026"), "{body}");
        assert!(body.contains("The app is down (satu)."), "{body}");
        assert!(body.contains("stays valid") && body.contains("reschedule"), "{body}");
        assert!(body.contains("WIB"), "{body}");
        let surat = email_titled(&app, "rakyat@example.com", "Kantor Imigrasi Kelas I TPI Pangkalpinang hanya melayani walk-in").await;
        let isi = surat["body"].as_str().unwrap();
        assert!(isi.contains("Kamis, 26 November 2026") && isi.contains("tetap berlaku"), "{isi}");
        assert!(isi.contains("Aplikasi sedang gangguan (satu)."), "{isi}");

        // Availability shows the day closed to the app, with the reason in both languages.
        let shown = availability(&app).await;
        let shown_day = &shown.days[0];
        assert!(shown_day.sessions.is_empty() && !shown_day.bookable, "{shown_day:#?}");
        assert_eq!(shown_day.walk_in_only.as_ref().map(|r| r.en.as_str()), Some("The app is down (dua)."));

        // Booking a session of the day is refused, in words; nothing is held.
        let third = app.applicant("tetangga@example.com").await;
        let draft_id = new_draft(&app, &third, &nth_nik(3)).await;
        let refused = app
            .post(
                &format!("/v1/applications/{draft_id}/booking"),
                &json!({"office_id": SEED_OFFICE_ID, "date": DAY, "session_id": session}),
                Some(access(&third)),
            )
            .await;
        let problem = refused.problem(409);
        assert!(problem.detail.contains("walk-ins only"), "{problem:?}");
        let still: ApplicationDto = app.send(Method::GET, &format!("/v1/applications/{draft_id}"), None, Some(access(&third))).await.parse();
        assert!(still.booking.is_none());

        // The bookings held stay as they were.
        let kept: ApplicationDto = app.send(Method::GET, &format!("/v1/applications/{english_id}"), None, Some(access(&english))).await.parse();
        assert!(kept.booking.is_some(), "{kept:#?}");
        let kept: ApplicationDto = app.send(Method::GET, &format!("/v1/applications/{paid}"), None, Some(access(&indonesian))).await.parse();
        assert!(kept.booking.is_some(), "{kept:#?}");

        // Anyone reads the office's walk-in-only days, in their language.
        let public = format!("/v1/offices/{SEED_OFFICE_ID}/walk-in-only-days");
        let list: WalkInOnlyDayList = app.get(&public).await.parse();
        assert_eq!(list.items.len(), 1);
        assert_eq!(list.items[0].reason, "The app is down (dua).");
        let daftar: WalkInOnlyDayList = app.request_unlabelled(Method::GET, &public, &[]).await.parse();
        assert_eq!(daftar.items[0].reason, "Aplikasi sedang gangguan (dua).");

        // Audited: set once, updated once.
        let trail = |action: &str| format!("/v1/office/audit?action={action}");
        let set_records: AuditPage = app.send(Method::GET, &trail("walk_in_only_day.set"), None, Some(access(&admin))).await.parse();
        assert_eq!(set_records.items.len(), 1, "{set_records:#?}");
        let updates: AuditPage = app.send(Method::GET, &trail("walk_in_only_day.update"), None, Some(access(&admin))).await.parse();
        assert_eq!(updates.items.len(), 1, "{updates:#?}");

        // On the day, walk-ins are registered as usual.
        app.clock.advance(TimeDelta::hours(22));
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let admin = app.login("kepala@imigrasi.example", PASSWORD).await;
        let registered = app
            .post("/v1/office/walk-ins", &walk_in("priority", person("1950-03-04", false, 7)), Some(access(&officer)))
            .await;
        assert_eq!(registered.status, 201, "{:#}", registered.json);
        let _: WalkInDto = registered.parse();

        // Undone: the day's sessions are in availability again; undoing twice is 404.
        let removed = app.send(Method::DELETE, &own_day(DAY), None, Some(access(&admin))).await;
        assert_eq!(removed.status, 204, "{:#}", removed.json);
        app.send(Method::DELETE, &own_day(DAY), None, Some(access(&admin))).await.problem(404);
        let reopened = availability(&app).await;
        assert!(!reopened.days[0].sessions.is_empty() && reopened.days[0].walk_in_only.is_none());
        assert_eq!(told(&app).len(), 2, "undoing tells nobody");
    }
}

on_both_backends! {
    async fn a_system_admin_sets_any_office_and_lesser_roles_are_refused(app) {
        let applicant = app.applicant("warga@example.com").await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let other_admin = app.staff("kepala.makassar@imigrasi.example", Role::OfficeAdmin, Some(MAKASSAR_OFFICE_ID)).await;
        let system = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let body = reasons("x");
        for tokens in [&applicant, &officer, &system] {
            app.send(Method::PUT, &own_day(DAY), Some(&body), Some(access(tokens))).await.problem(403);
            app.send(Method::DELETE, &own_day(DAY), None, Some(access(tokens))).await.problem(403);
        }
        for tokens in [&applicant, &officer, &other_admin] {
            let path = any_office_day(SEED_OFFICE_ID, DAY);
            app.send(Method::PUT, &path, Some(&body), Some(access(tokens))).await.problem(403);
            app.send(Method::DELETE, &path, None, Some(access(tokens))).await.problem(403);
        }
        app.send(Method::PUT, &own_day(DAY), Some(&body), None).await.problem(401);
        // Another office's admin sets their own office only.
        let theirs = app.send(Method::PUT, &own_day(DAY), Some(&body), Some(access(&other_admin))).await;
        assert_eq!(theirs.status, 201, "{:#}", theirs.json);
        assert_eq!(theirs.parse::<WalkInOnlyDayDto>().office_id, MAKASSAR_OFFICE_ID);
        let ours: WalkInOnlyDayList = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}/walk-in-only-days")).await.parse();
        assert!(ours.items.is_empty(), "{ours:#?}");

        // A system admin sets and undoes any office's day; an unknown office is 404.
        let path = any_office_day(SEED_OFFICE_ID, DAY);
        let set = app.send(Method::PUT, &path, Some(&body), Some(access(&system))).await;
        assert_eq!(set.status, 201, "{:#}", set.json);
        assert!(availability(&app).await.days[0].walk_in_only.is_some());
        let removed = app.send(Method::DELETE, &path, None, Some(access(&system))).await;
        assert_eq!(removed.status, 204, "{:#}", removed.json);
        app.send(Method::PUT, &any_office_day("no-such-office", DAY), Some(&body), Some(access(&system))).await.problem(404);
        app.get("/v1/offices/no-such-office/walk-in-only-days").await.problem(404);
    }
}

on_both_backends! {
    async fn past_dates_and_hostile_reasons_are_refused_and_change_nothing(app) {
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let yesterday = own_day("2026-11-24");
        app.send(Method::PUT, &yesterday, Some(&reasons("x")), Some(access(&admin))).await.problem(422);
        let long = json!({"reasons": {"id": "a".repeat(10 * 1024), "en": "ok"}});
        let refused = app.send(Method::PUT, &own_day(DAY), Some(&long), Some(access(&admin))).await;
        refused.problem(400);
        assert_eq!(refused.error_fields(), ["reasons.id"]);
        let blank = json!({"reasons": {"id": "ok", "en": "   "}});
        let refused = app.send(Method::PUT, &own_day(DAY), Some(&blank), Some(access(&admin))).await;
        refused.problem(400);
        assert_eq!(refused.error_fields(), ["reasons.en"]);
        for body in [
            json!({"reasons": {"id": "a\u{0}b", "en": "ok"}}),
            json!({"reasons": {"id": "a\u{7}b", "en": "ok"}}),
            json!({"reasons": {"id": "ok"}}),
            json!({"reasons": {"id": "ok", "en": "ok", "fr": "non"}}),
            json!({"reasons": {"id": 1, "en": "ok"}}),
            json!({"reasons": "ok"}),
            json!({}),
        ] {
            app.send(Method::PUT, &own_day(DAY), Some(&body), Some(access(&admin))).await.problem(400);
        }
        for date in ["2026-13-01", "tomorrow", "2026-11-26T00:00:00Z"] {
            app.send(Method::PUT, &own_day(date), Some(&reasons("x")), Some(access(&admin))).await.problem(400);
        }
        let list: WalkInOnlyDayList = app
            .send(Method::GET, "/v1/office/walk-in-only-days", None, Some(access(&admin)))
            .await
            .parse();
        assert!(list.items.is_empty(), "{list:#?}");
        assert!(availability(&app).await.days[0].walk_in_only.is_none());
    }
}

on_both_backends! {
    async fn admins_setting_the_same_day_at_once_tell_each_booked_applicant_once(app) {
        let first = app.applicant("warga@example.com").await;
        book_new(&app, &first, &nth_nik(1)).await;
        let second = app.applicant("tetangga@example.com").await;
        paid_application(&app, &second, &nth_nik(2)).await;
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let system = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let bodies: Vec<Value> = (0..AT_ONCE).map(|n| reasons(&n.to_string())).collect();
        let answers = at_once(bodies.iter().enumerate().map(|(n, body)| {
            let (path, tokens) = if n % 2 == 0 {
                (own_day(DAY), &admin)
            } else {
                (any_office_day(SEED_OFFICE_ID, DAY), &system)
            };
            let app = &app;
            async move { app.send(Method::PUT, &path, Some(body), Some(access(tokens))).await }
        }))
        .await;
        let race = split("setting the day", &answers, &[200, 201]);
        assert!(race.refused.is_empty(), "{:?}", race.details());
        let created = answers.iter().filter(|answer| answer.status == 201).count();
        assert_eq!(created, 1, "one sets the day, the others change its reason: {:?}", race.statuses());
        assert_eq!(told(&app), ["tetangga@example.com", "warga@example.com"]);
        let set_records: AuditPage = app
            .send(Method::GET, "/v1/office/audit?action=walk_in_only_day.set", None, Some(access(&admin)))
            .await
            .parse();
        assert_eq!(set_records.items.len(), 1, "{set_records:#?}");
    }
}

on_both_backends! {
    async fn bookings_racing_the_day_are_either_refused_or_told(app) {
        let session = seed_session_on_date(&app).await;
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let mut people = Vec::new();
        for n in 0..AT_ONCE - 1 {
            let email = format!("warga{n}@example.com");
            let tokens = app.applicant(&email).await;
            let draft_id = new_draft(&app, &tokens, &nth_nik(n + 1)).await;
            people.push((email, tokens, draft_id));
        }
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DAY, "session_id": session});
        let (path, why) = (own_day(DAY), reasons("race"));
        let set = app.send(Method::PUT, &path, Some(&why), Some(access(&admin)));
        let paths: Vec<String> = people
            .iter()
            .map(|(_, _, id)| format!("/v1/applications/{id}/booking"))
            .collect();
        let bookings = at_once(
            people
                .iter()
                .zip(&paths)
                .map(|((_, tokens, _), path)| app.post(path, &body, Some(access(tokens)))),
        );
        let (set, booked) = futures::future::join(set, bookings).await;
        assert_eq!(set.status, 201, "{:#}", set.json);
        let race = split("booking as the day is set", &booked, &[200]);
        assert!(race.refused.iter().all(|answer| answer.status == 409), "{:?}", race.details());
        // Whoever holds a place that day was told; whoever was refused was not.
        let mut holders = Vec::new();
        for (email, tokens, id) in &people {
            if application_of(&app, tokens, id).await.booking.is_some() {
                holders.push(email.clone());
            }
        }
        holders.sort();
        assert_eq!(told(&app), holders);
        assert_eq!(holders.len(), race.done.len());
    }
}

async fn application_of(app: &TestApp, tokens: &TokenPairDto, id: &str) -> ApplicationDto {
    app.send(
        Method::GET,
        &format!("/v1/applications/{id}"),
        None,
        Some(access(tokens)),
    )
    .await
    .parse()
}

on_both_backends! {
    async fn the_status_names_the_offices_walk_in_only_on_their_own_today(app) {
        let system = app.staff("pusat@imigrasi.example", Role::SystemAdmin, None).await;
        let now = app.clock.now();
        // Pangkalpinang keeps WIB (UTC+7), Makassar WITA (UTC+8).
        let wib_today = (now + TimeDelta::hours(7)).date_naive();
        let wita_tomorrow = (now + TimeDelta::hours(8)).date_naive() + TimeDelta::days(1);
        for (office, date, tag) in [(SEED_OFFICE_ID, wib_today, "today"), (MAKASSAR_OFFICE_ID, wita_tomorrow, "tomorrow")] {
            let set = app.send(Method::PUT, &any_office_day(office, &date.to_string()), Some(&reasons(tag)), Some(access(&system))).await;
            assert_eq!(set.status, 201, "{:#}", set.json);
        }

        let english: ServiceStatusDto = app.get("/v1/status").await.parse();
        let listed: Vec<(&str, String)> = english.walk_in_only_today.iter().map(|day| (day.office_id.as_str(), day.date.to_string())).collect();
        assert_eq!(listed, vec![(SEED_OFFICE_ID, wib_today.to_string())], "only the office walk-in only on its today");
        assert_eq!(english.walk_in_only_today[0].reason, "The app is down (today).");
        let indonesian: ServiceStatusDto = app.request_unlabelled(Method::GET, "/v1/status", &[]).await.parse();
        assert_eq!(indonesian.walk_in_only_today[0].reason, "Aplikasi sedang gangguan (today).");

        // A day later Makassar's day has come and Pangkalpinang's has passed.
        app.clock.advance(TimeDelta::days(1));
        let later: ServiceStatusDto = app.get("/v1/status").await.parse();
        let listed: Vec<(&str, String)> = later.walk_in_only_today.iter().map(|day| (day.office_id.as_str(), day.date.to_string())).collect();
        assert_eq!(listed, vec![(MAKASSAR_OFFICE_ID, wita_tomorrow.to_string())]);
    }
}
