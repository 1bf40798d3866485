//! Reminders: 30 minutes before an unpaid booking's deadline, the day before the
//! appointment (where, when on the office's clock, what to bring, how check-in works),
//! 7 days before a ready passport's last collection day; and the notice of a moved
//! appointment. Each is sent once, even by two servers on one PostgreSQL database, in the
//! account's language, by email and to each device; none for a booking paid or cancelled
//! before it was due.

use chrono::TimeDelta;
use paspor_domain::account::Role;
use paspor_openapi::{ApplicationDto, AvailabilityDto, TokenPairDto};
use paspor_persistence::outbox::{self, Channel};
use paspor_persistence::reminders::{self, ReminderKind};
use serde_json::{Value, json};

use crate::notice_language::{applicant_reading, email_titled};
use crate::office_issuance::{set_wib_midnight, wait_for_status};
use crate::support::{
    DATE, SEED_OFFICE_ID, TestApp, access, approved_application, book_new, instant, nth_nik,
    paid_application, pay,
};

/// The reminder job, as `/metrics` counts its passes.
const REMINDERS: &str = "reminders";

/// The test settings with the reminders looked for every 50 ms (other tests leave them out,
/// so that none joins the emails they count).
fn reminding(config: &mut paspor_api::Config) {
    config.reminders.interval = std::time::Duration::from_millis(50);
}

/// As `on_both_backends!`, with the servers [`reminding`].
macro_rules! reminding_on_both_backends {
    (async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports, reason = "not every test uses every helper")]
            use super::*;

            async fn run($app: TestApp) $body

            #[actix_web::test]
            async fn sqlite() {
                run(TestApp::start_with(crate::support::TestDatabase::sqlite(), reminding).await).await;
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(database) = crate::support::TestDatabase::postgres(stringify!($name)) {
                    run(TestApp::start_with(database, reminding).await).await;
                }
            }
        }
    };
}

/// 31 minutes before the deadline of a booking made at the test clock's start (03:00Z).
const PAYMENT_DUE: &str = "2026-11-25T04:29:00Z";

/// Registers a device for the signed-in account; its token.
async fn device(app: &TestApp, tokens: &TokenPairDto, token: &str) -> String {
    let answer = app
        .post(
            "/v1/me/devices",
            &json!({"platform": "android", "token": token}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.json);
    token.to_owned()
}

/// The messages to `recipient` (an address or a device token) whose subject starts with
/// `subject`, as recorded in the outbox, whichever server sent them.
fn recorded(app: &TestApp, recipient: &str, subject: &str) -> Vec<outbox::OutboxMessage> {
    let mut conn = app.pool().get().unwrap();
    outbox::for_recipient(&mut conn, recipient)
        .unwrap()
        .into_iter()
        .filter(|message| message.subject.starts_with(subject))
        .collect()
}

/// How many reminders of `kind` were recorded for `application`.
fn sent(app: &TestApp, kind: ReminderKind, application: &str) -> i64 {
    let mut conn = app.pool().get().unwrap();
    reminders::count_sent(&mut conn, kind, application).unwrap()
}

/// The emails in `mail` to `to` whose subject starts with `subject`.
fn titled(mail: Vec<Value>, to: &str, subject: &str) -> Vec<Value> {
    mail.into_iter()
        .filter(|m| {
            m["to"] == to
                && m["subject"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(subject))
        })
        .collect()
}

reminding_on_both_backends! {
    async fn a_payment_reminder_comes_thirty_minutes_before_the_deadline_once(app) {
        let email = "ingat@example.com";
        let (tokens, _) = applicant_reading(&app, email, None).await;
        let phone = device(&app, &tokens, "fcm-token-ingat-0001").await;
        let (id, code) = book_new(&app, &tokens, &nth_nik(2601)).await;

        // 31 minutes before: not yet.
        app.clock.set(instant(PAYMENT_DUE));
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::PaymentDeadline, &id), 0);
        // 29 minutes before: due.
        app.clock.advance(TimeDelta::minutes(2));
        let mail = email_titled(&app, email, "Pengingat: bayar").await;
        let body = mail["body"].as_str().unwrap();
        assert_eq!(mail["subject"], "Pengingat: bayar jadwal kedatangan paspor Anda sebelum Rabu, 25 November 2026 pukul 12.00 WIB");
        assert!(body.contains(&format!("dengan kode billing {code} sebelum Rabu, 25 November 2026 pukul 12.00 WIB")), "{body}");
        assert!(body.contains("Rp"), "{body}");
        let pushed = recorded(&app, &phone, "Segera lakukan pembayaran");
        assert_eq!(pushed.len(), 1, "{pushed:#?}");
        assert_eq!(pushed[0].channel, Channel::Push);

        // Later passes send nothing more.
        app.clock.advance(TimeDelta::minutes(10));
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::PaymentDeadline, &id), 1);
        assert_eq!(titled(app.mail(), email, "Pengingat: bayar").len(), 1);
        assert_eq!(recorded(&app, email, "Pengingat: bayar").len(), 1);
        assert_eq!(recorded(&app, &phone, "Segera lakukan pembayaran").len(), 1);
    }
}

reminding_on_both_backends! {
    async fn no_payment_reminder_for_a_booking_paid_or_cancelled_before_it_was_due(app) {
        let (payer, _) = applicant_reading(&app, "lunas@example.com", None).await;
        let (paid_id, code) = book_new(&app, &payer, &nth_nik(2611)).await;
        pay(&app, &code).await;
        let (canceller, _) = applicant_reading(&app, "urung@example.com", None).await;
        let (cancelled_id, _) = book_new(&app, &canceller, &nth_nik(2612)).await;
        let cancelled = app
            .post(&format!("/v1/applications/{cancelled_id}/cancel"), &json!(null), Some(access(&canceller)))
            .await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
        // Still waiting: this one is reminded, as the others would have been.
        let (waiter, _) = applicant_reading(&app, "tunggu@example.com", None).await;
        let (waiting_id, _) = book_new(&app, &waiter, &nth_nik(2613)).await;

        app.clock.set(instant(PAYMENT_DUE) + TimeDelta::minutes(2));
        email_titled(&app, "tunggu@example.com", "Pengingat: bayar").await;
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::PaymentDeadline, &waiting_id), 1);
        assert_eq!(sent(&app, ReminderKind::PaymentDeadline, &paid_id), 0);
        assert_eq!(sent(&app, ReminderKind::PaymentDeadline, &cancelled_id), 0);
        for email in ["lunas@example.com", "urung@example.com"] {
            assert!(titled(app.mail(), email, "Pengingat: bayar").is_empty(), "{email}");
            assert!(recorded(&app, email, "Pengingat: bayar").is_empty(), "{email}");
        }
    }
}

#[actix_web::test]
async fn a_reminder_due_is_sent_once_by_two_servers_on_one_postgres() {
    let Some(database) =
        crate::support::TestDatabase::postgres("a_reminder_due_is_sent_once_by_two_servers")
    else {
        return;
    };
    let first = TestApp::start_with(database, reminding).await;
    let email = "berdua@example.com";
    let (tokens, _) = applicant_reading(&first, email, Some("en")).await;
    let phones = [
        device(&first, &tokens, "fcm-token-berdua-0001").await,
        device(&first, &tokens, "fcm-token-berdua-0002").await,
    ];
    let mut bookings = Vec::new();
    for n in 0..3 {
        let (id, code) = book_new(&first, &tokens, &nth_nik(2620 + n)).await;
        bookings.push((id, code));
    }
    // Started once the account exists: its outbox worker writes to a mail file of its own.
    let second = TestApp::start_sharing_with(first.database_url(), reminding).await;
    let due = instant(PAYMENT_DUE) + TimeDelta::minutes(2);
    first.clock.set(due);
    second.clock.set(due);
    for _ in 0..3 {
        first.job_has_run(REMINDERS).await;
        second.job_has_run(REMINDERS).await;
    }
    for (id, code) in &bookings {
        assert_eq!(sent(&first, ReminderKind::PaymentDeadline, id), 1, "{id}");
        let emails: Vec<Value> = titled(first.mail(), email, "Reminder: pay")
            .into_iter()
            .chain(titled(second.mail(), email, "Reminder: pay"))
            .filter(|mail| mail["body"].as_str().unwrap().contains(code.as_str()))
            .collect();
        assert_eq!(emails.len(), 1, "{emails:#?}");
        assert!(
            emails[0]["body"]
                .as_str()
                .unwrap()
                .contains("before Wednesday, 25 November 2026 at 12:00 WIB"),
            "{emails:#?}"
        );
    }
    assert_eq!(recorded(&first, email, "Reminder: pay").len(), 3);
    for phone in &phones {
        assert_eq!(
            recorded(&first, phone, "Payment due soon").len(),
            3,
            "{phone}"
        );
    }
}

/// The first two sessions of [`DATE`] at the seed office.
async fn sessions_of_date(app: &TestApp) -> Vec<String> {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    days.parse::<AvailabilityDto>().days[0]
        .sessions
        .iter()
        .map(|session| session.id.clone())
        .collect()
}

reminding_on_both_backends! {
    async fn the_day_before_the_appointment_the_holder_learns_where_when_and_what_to_bring(app) {
        // Four hours before the usual start: the appointment is more than a day ahead.
        app.clock.set(instant("2026-11-24T23:00:00Z"));
        let email = "besok@example.com";
        let (tokens, _) = applicant_reading(&app, email, None).await;
        let id = paid_application(&app, &tokens, &nth_nik(2631)).await;
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::Appointment, &id), 0, "not yet a day before");

        // A day before the first session of 26 November (08:00 WIB is 01:00Z).
        app.clock.set(instant("2026-11-25T01:00:00Z"));
        let mail = email_titled(&app, email, "Jadwal kedatangan paspor Anda: Kamis, 26 November 2026 pukul").await;
        let body = mail["body"].as_str().unwrap();
        assert!(body.contains("Kantor Imigrasi Kelas I TPI Pangkalpinang"), "{body}");
        assert!(body.contains("pada Kamis, 26 November 2026 pukul ") && body.contains(" WIB"), "{body}");
        assert!(body.contains("- KTP") && body.contains("- Kartu Keluarga"), "the checklist's documents: {body}");
        assert!(body.contains("kode check-in") && body.contains("sebelum sesi Anda dimulai"), "{body}");
        app.job_has_run(REMINDERS).await;
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::Appointment, &id), 1);
        assert_eq!(titled(app.mail(), email, "Jadwal kedatangan paspor Anda:").len(), 1);
    }
}

reminding_on_both_backends! {
    async fn a_moved_appointment_is_told_and_reminded_anew(app) {
        let email = "pindah@example.com";
        let (tokens, _) = applicant_reading(&app, email, Some("en")).await;
        let id = paid_application(&app, &tokens, &nth_nik(2641)).await;
        email_titled(&app, email, "Your passport appointment: Thursday, 26 November 2026").await;
        let sessions = sessions_of_date(&app).await;
        let moved = app
            .post(
                &format!("/v1/applications/{id}/reschedule"),
                &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": sessions[1]}),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(moved.status, 200, "{:#}", moved.json);
        let _: ApplicationDto = moved.parse();
        let told = email_titled(&app, email, "Your passport appointment was moved").await;
        let body = told["body"].as_str().unwrap();
        assert!(body.contains("was moved from Thursday, 26 November 2026 at ") && body.contains(" WIB to Thursday, 26 November 2026 at "), "{body}");
        // The reminder of the new session follows, once.
        eventually_sent(&app, ReminderKind::Appointment, &id, 2).await;
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::Appointment, &id), 2);
        assert_eq!(titled(app.mail(), email, "Your passport appointment: ").len(), 2);
    }
}

/// Waits until `count` reminders of `kind` were recorded for `application`.
async fn eventually_sent(app: &TestApp, kind: ReminderKind, application: &str, count: i64) {
    crate::support::eventually(&format!("{count} {} reminders", kind.as_str()), || {
        (sent(app, kind, application) >= count).then_some(())
    })
    .await;
}

reminding_on_both_backends! {
    async fn a_ready_passport_is_reminded_a_week_before_its_last_collection_day(app) {
        let email = "ambil@example.com";
        let (tokens, _) = applicant_reading(&app, email, Some("en")).await;
        let id = approved_application(&app, &tokens, &nth_nik(2651)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let issued = app
            .post(&format!("/v1/office/applications/{id}/issuance"), &json!({}), Some(access(&officer)))
            .await;
        assert_eq!(issued.status, 201, "{:#}", issued.json);

        // Ready on 1 December, to be collected by 31 December.
        set_wib_midnight(&app, "2026-12-01");
        wait_for_status(&app, email, &id, paspor_openapi::ApplicationStatusDto::Ready).await;
        let ready = email_titled(&app, email, "Your passport is ready for collection").await;
        assert!(ready["body"].as_str().unwrap().contains("Collect it by Thursday, 31 December 2026"), "{ready:#}");
        // Eight days before: not yet.
        set_wib_midnight(&app, "2026-12-23");
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::CollectionDeadline, &id), 0);
        set_wib_midnight(&app, "2026-12-24");
        let reminded = email_titled(&app, email, "Collect your passport by Thursday, 31 December 2026").await;
        assert!(reminded["body"].as_str().unwrap().contains("Not collected by then, it is cancelled"), "{reminded:#}");
        app.job_has_run(REMINDERS).await;
        assert_eq!(sent(&app, ReminderKind::CollectionDeadline, &id), 1);
        assert_eq!(titled(app.mail(), email, "Collect your passport by").len(), 1);
    }
}
