//! Payments that arrive late or never: the grace period that holds an expired booking's
//! place while a notice of a payment made in time may still come, and the payment
//! channel's settlement report, which applies what was paid in time though its notice
//! never came (restoring the place, or moving to the nearest free one and telling the
//! person) and lists what it cannot match.

use chrono::TimeDelta;
use diesel::prelude::*;
use paspor_domain::Channel;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, BookingStateDto, PaymentAckDto, PaymentResultDto,
    SettlementLinePage, SettlementOutcomeDto, SettlementReportDetailDto, SettlementReportDto,
    TokenPairDto,
};
use paspor_persistence::schema;
use reqwest::Method;
use serde_json::json;

use crate::support::{
    Answer, BOOKING_EXPIRY, Clock as _, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, TestDatabase,
    access, add_applicant, at_once, draft, notify, nth_nik, paid_notice, seed_session_on_date,
};

/// The grace period the tests of it run with.
const GRACE_MINUTES: i64 = 30;

/// Runs a test on SQLite and on PostgreSQL with a grace period of [`GRACE_MINUTES`].
macro_rules! with_grace {
    (async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports, reason = "not every test uses every helper")]
            use super::*;

            async fn run($app: TestApp) $body

            async fn start(database: TestDatabase) -> TestApp {
                TestApp::start_with(database, |config| {
                    config.payments.late.grace = TimeDelta::minutes(GRACE_MINUTES);
                })
                .await
            }

            #[actix_web::test]
            async fn sqlite() {
                run(start(TestDatabase::sqlite()).await).await;
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(database) = TestDatabase::postgres(stringify!($name)) {
                    run(start(database).await).await;
                }
            }
        }
    };
}

const HEADER: &str = "billing_code,amount,ntpn,paid_at,channel\n";

/// Paid a minute before the 2-hour deadline of a booking made at the test's start.
const IN_TIME: &str = "2026-11-25T04:59:00Z";

/// Paid a minute after it.
const LATE: &str = "2026-11-25T05:01:00Z";

/// A signed-in applicant with a draft booked in `session`; returns (tokens, id, code).
async fn booked(
    app: &TestApp,
    email: &str,
    nik: usize,
    session: &str,
) -> (TokenPairDto, String, String) {
    let tokens = app.applicant(email).await;
    let applicant = add_applicant(app, &tokens, &nth_nik(nik)).await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    let id = created.parse::<ApplicationDto>().id;
    let answer = book(app, &tokens, &id, session).await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    let code = answer
        .parse::<ApplicationDto>()
        .booking
        .expect("a booking")
        .billing_code;
    (tokens, id, code)
}

/// A signed-in applicant with a draft, not booked; returns (tokens, id).
async fn drafted(app: &TestApp, email: &str, nik: usize) -> (TokenPairDto, String) {
    let tokens = app.applicant(email).await;
    let applicant = add_applicant(app, &tokens, &nth_nik(nik)).await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    (tokens, created.parse::<ApplicationDto>().id)
}

/// The applicant signed in afresh: the tests move the clock by hours, and an access token
/// lives 15 minutes.
async fn signed_in(app: &TestApp, email: &str) -> TokenPairDto {
    app.login(email, PASSWORD).await
}

async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str, session: &str) -> Answer {
    app.post(
        &format!("/v1/applications/{id}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

async fn application(app: &TestApp, email: &str, id: &str) -> ApplicationDto {
    let tokens = &signed_in(app, email).await;
    let answer = app
        .send(
            Method::GET,
            &format!("/v1/applications/{id}"),
            None,
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

fn set_regular_capacity(app: &TestApp, session: &str, places: u32) {
    let mut conn = app.pool().get().unwrap();
    paspor_persistence::sessions::set_capacity(&mut conn, session, Channel::Regular, places)
        .unwrap();
}

/// The regular places held in `session` now, as the database counts them.
fn held(app: &TestApp, session: &str) -> u32 {
    let mut conn = app.pool().get().unwrap();
    paspor_persistence::bookings::count_live(&mut conn, session, Channel::Regular, app.clock.now())
        .unwrap()
}

/// The payments kept of a billing code: (status, event id).
fn payments_of(app: &TestApp, code: &str) -> Vec<(String, String)> {
    let mut conn = app.pool().get().unwrap();
    schema::payments::table
        .filter(schema::payments::billing_code.eq(code))
        .select((schema::payments::status, schema::payments::event_id))
        .load(&mut conn)
        .unwrap()
}

/// Moves the clock and waits for the expiry job to have seen it.
async fn advance(app: &TestApp, by: TimeDelta) {
    app.clock.advance(by);
    app.job_has_run(BOOKING_EXPIRY).await;
}

async fn import(app: &TestApp, admin: &TokenPairDto, csv: &str) -> Answer {
    let bearer = format!("Bearer {}", access(admin));
    app.request_body(
        Method::POST,
        "/v1/admin/settlement-reports",
        csv.to_owned(),
        &[("authorization", &bearer), ("content-type", "text/csv")],
    )
    .await
}

async fn system_admin(app: &TestApp) -> TokenPairDto {
    app.staff("settle@imigrasi.example", Role::SystemAdmin, None)
        .await
}

fn line(code: &str, ntpn: &str, paid_at: &str) -> String {
    format!("{code},650000,{ntpn},{paid_at},Bank BRI\n")
}

with_grace! {
    async fn the_grace_period_holds_the_place_and_a_late_notice_restores_it(app) {
        let session = seed_session_on_date(&app).await;
        set_regular_capacity(&app, &session, 1);
        let (_, id, code) = booked(&app, "tepat@example.com", 1, &session).await;
        let (_, second) = drafted(&app, "lain@example.com", 2).await;

        // Past the deadline: the application expires, but its place is not anyone else's.
        advance(&app, TimeDelta::hours(2) + TimeDelta::minutes(10)).await;
        let expired = application(&app, "tepat@example.com", &id).await;
        assert_eq!(expired.status, ApplicationStatusDto::Expired, "{expired:#?}");
        assert!(expired.booking.is_none(), "an expired application shows no place");
        let other = signed_in(&app, "lain@example.com").await;
        book(&app, &other, &second, &session).await.problem(409);
        assert_eq!(held(&app, &session), 1);

        // The notice of a payment made in time arrives late: the place is the payer's again.
        let notice = paid_notice(&app, "late-in-time", &code, 650_000, "0A1B2C3D4E5F6G7H");
        let mut notice = notice;
        notice["paid_at"] = json!(IN_TIME);
        let answer = notify(&app, &notice).await;
        assert_eq!(answer.parse::<PaymentAckDto>().result, PaymentResultDto::Applied, "{:#}", answer.json);
        let paid = application(&app, "tepat@example.com", &id).await;
        assert_eq!(paid.status, ApplicationStatusDto::Paid);
        let booking = paid.booking.expect("its place");
        assert_eq!(booking.session_id, session);
        assert_eq!(booking.state, BookingStateDto::Paid);

        // Still one place held, still not the other applicant's, whatever the clock says.
        advance(&app, TimeDelta::hours(1)).await;
        assert_eq!(held(&app, &session), 1);
        let other = signed_in(&app, "lain@example.com").await;
        book(&app, &other, &second, &session).await.problem(409);
        assert_eq!(application(&app, "tepat@example.com", &id).await.status, ApplicationStatusDto::Paid);
        assert_eq!(payments_of(&app, &code).len(), 1);
    }
}

with_grace! {
    async fn after_the_grace_the_place_is_free_and_a_late_notice_is_kept_for_an_admin(app) {
        let session = seed_session_on_date(&app).await;
        set_regular_capacity(&app, &session, 1);
        let (_tokens, id, code) = booked(&app, "habis@example.com", 3, &session).await;
        let (_, second) = drafted(&app, "ganti@example.com", 4).await;

        advance(&app, TimeDelta::hours(2) + TimeDelta::minutes(GRACE_MINUTES)).await;
        let other = signed_in(&app, "ganti@example.com").await;
        let taken = book(&app, &other, &second, &session).await;
        assert_eq!(taken.status, 200, "{:#}", taken.json);

        let mut notice = paid_notice(&app, "too-late", &code, 650_000, "0A1B2C3D4E5F6G7J");
        notice["paid_at"] = json!(IN_TIME);
        let answer = notify(&app, &notice).await;
        assert_eq!(answer.parse::<PaymentAckDto>().result, PaymentResultDto::Unmatched);
        assert_eq!(held(&app, &session), 1);
        let mut conn = app.pool().get().unwrap();
        let status: String = schema::applications::table
            .find(&id)
            .select(schema::applications::status)
            .first(&mut conn)
            .unwrap();
        assert_eq!(status, "expired");
    }
}

with_grace! {
    async fn a_report_applies_a_payment_whose_notice_never_came_and_lists_what_it_cannot_match(app) {
        let session = seed_session_on_date(&app).await;
        let (_, id, code) = booked(&app, "hilang@example.com", 5, &session).await;
        // Its notice came: the report's line changes nothing.
        let (_, notified, notified_code) = booked(&app, "datang@example.com", 6, &session).await;
        let answer = notify(&app, &paid_notice(&app, "came", &notified_code, 650_000, "NOTIFIED00000001")).await;
        assert_eq!(answer.parse::<PaymentAckDto>().result, PaymentResultDto::Applied);
        // Paid after its deadline: to refund.
        let (_, late_id, late_code) = booked(&app, "lambat@example.com", 7, &session).await;
        advance(&app, TimeDelta::hours(2) + TimeDelta::minutes(5)).await;
        assert_eq!(application(&app, "hilang@example.com", &id).await.status, ApplicationStatusDto::Expired);
        let tokens = signed_in(&app, "hilang@example.com").await;

        // Then an unknown code, and the first code again paid short (another payment).
        let csv = format!(
            "{HEADER}{}{}{}820261125999999,650000,UNKNOWN000000001,{IN_TIME},\n{code},300000,SHORT00000000001,{IN_TIME},\n",
            line(&code, "NEVERCAME0000001", IN_TIME),
            line(&notified_code, "NOTIFIED00000001", IN_TIME),
            line(&late_code, "LATE000000000001", LATE),
        );
        let admin = system_admin(&app).await;

        // Lesser roles are refused and nothing is imported.
        let applicant_bearer = format!("Bearer {}", access(&tokens));
        app.request_body(Method::POST, "/v1/admin/settlement-reports", csv.clone(), &[("authorization", &applicant_bearer), ("content-type", "text/csv")]).await.problem(403);
        let office_admin = app.staff("kantor@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        import(&app, &office_admin, &csv).await.problem(403);
        app.request_body(Method::POST, "/v1/admin/settlement-reports", csv.clone(), &[("content-type", "text/csv")]).await.problem(401);
        app.send(Method::GET, "/v1/admin/settlement-lines?outcome=unmatched", None, Some(access(&office_admin))).await.problem(403);

        let imported = import(&app, &admin, &csv).await;
        assert_eq!(imported.status, 201, "{:#}", imported.json);
        let report: SettlementReportDto = imported.parse();
        assert_eq!(report.line_count, 5);
        assert_eq!((report.counts.restored, report.counts.already_applied, report.counts.refund, report.counts.unmatched, report.counts.pending), (1, 1, 1, 2, 0), "{report:#?}");
        assert!(report.finished_at.is_some());

        // Paid, on its own place, told as a paid notice tells.
        let paid = application(&app, "hilang@example.com", &id).await;
        assert_eq!(paid.status, ApplicationStatusDto::Paid);
        assert_eq!(paid.booking.expect("its place").session_id, session);
        assert_eq!(application(&app, "datang@example.com", &notified).await.status, ApplicationStatusDto::Paid);
        assert_eq!(payments_of(&app, &code), vec![("applied".to_owned(), format!("settlement:{code}:NEVERCAME0000001"))]);
        assert_eq!(payments_of(&app, &notified_code).len(), 1);
        assert_eq!(payments_of(&app, &late_code), vec![("unmatched".to_owned(), format!("settlement:{late_code}:LATE000000000001"))]);
        let mut conn = app.pool().get().unwrap();
        let late_status: String = schema::applications::table.find(&late_id).select(schema::applications::status).first(&mut conn).unwrap();
        assert_eq!(late_status, "expired");
        drop(conn);

        // The unmatched lines are listed for an admin, with why.
        let listed = app.send(Method::GET, "/v1/admin/settlement-lines?outcome=unmatched", None, Some(access(&admin))).await;
        assert_eq!(listed.status, 200, "{:#}", listed.json);
        let listed: SettlementLinePage = listed.parse();
        assert_eq!(listed.total, 2);
        let reasons: Vec<_> = listed.items.iter().map(|l| (l.line_number, l.reason.clone().unwrap_or_default())).collect();
        assert_eq!(reasons, vec![(5, "unknown_billing_code".to_owned()), (6, "amount_mismatch".to_owned())]);
        let shown = app.send(Method::GET, &format!("/v1/admin/settlement-reports/{}", report.id), None, Some(access(&admin))).await;
        assert_eq!(shown.status, 200, "{:#}", shown.json);
        let shown: SettlementReportDetailDto = shown.parse();
        let outcomes: Vec<_> = shown.lines.items.iter().map(|l| l.outcome).collect();
        assert_eq!(outcomes, vec![SettlementOutcomeDto::Restored, SettlementOutcomeDto::AlreadyApplied, SettlementOutcomeDto::Refund, SettlementOutcomeDto::Unmatched, SettlementOutcomeDto::Unmatched]);
        app.send(Method::GET, "/v1/admin/settlement-reports/no-such-report", None, Some(access(&admin))).await.problem(404);

        // The same file again, eight times at once: the same report, nothing applied twice.
        let again = at_once((0..8).map(|_| import(&app, &admin, &csv))).await;
        for answer in &again {
            assert_eq!(answer.status, 200, "{:#}", answer.json);
            assert_eq!(answer.parse::<SettlementReportDto>().id, report.id);
        }
        assert_eq!(payments_of(&app, &code).len(), 1);
        // The notice that never came comes now: a duplicate of the payment applied.
        let answer = notify(&app, &paid_notice(&app, "finally", &code, 650_000, "NEVERCAME0000001")).await;
        assert_eq!(answer.parse::<PaymentAckDto>().result, PaymentResultDto::Duplicate);
        let mut conn = app.pool().get().unwrap();
        let audited: i64 = schema::audit_records::table
            .filter(schema::audit_records::action.eq("settlement_report.import"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(audited, 1);
    }
}

on_both_backends! {
    async fn a_payment_whose_place_was_taken_is_moved_to_the_nearest_session_and_told(app) {
        let session = seed_session_on_date(&app).await;
        set_regular_capacity(&app, &session, 1);
        let (_, id, code) = booked(&app, "pindah@example.com", 8, &session).await;
        // No grace here: at the deadline the place goes to someone else.
        advance(&app, TimeDelta::hours(2)).await;
        let (other, second) = drafted(&app, "rebut@example.com", 9).await;
        let taken = book(&app, &other, &second, &session).await;
        assert_eq!(taken.status, 200, "{:#}", taken.json);

        let admin = system_admin(&app).await;
        let imported = import(&app, &admin, &format!("{HEADER}{}", line(&code, "MOVED00000000001", IN_TIME))).await;
        assert_eq!(imported.status, 201, "{:#}", imported.json);
        assert_eq!(imported.parse::<SettlementReportDto>().counts.moved, 1, "{:#}", imported.json);

        let paid = application(&app, "pindah@example.com", &id).await;
        assert_eq!(paid.status, ApplicationStatusDto::Paid);
        let booking = paid.booking.expect("a new place");
        assert_ne!(booking.session_id, session);
        assert_eq!(booking.state, BookingStateDto::Paid);
        assert_eq!(held(&app, &session), 1);
        // Told, in the account's language (English: the test client registered in it).
        let mail = app.wait_for_emails("pindah@example.com", 4).await;
        assert!(
            mail.iter().any(|m| m["subject"] == "Payment received: your appointment was moved"),
            "{mail:#?}"
        );
    }
}

on_both_backends! {
    async fn a_malformed_report_imports_nothing(app) {
        let admin = system_admin(&app).await;
        let session = seed_session_on_date(&app).await;
        let (_, _, code) = booked(&app, "rusak@example.com", 10, &session).await;
        let good = line(&code, "GOOD000000000001", IN_TIME);
        for (csv, line_number) in [
            ("billing_code;amount\n".to_owned(), 1),
            (format!("{HEADER}{good}{code},650000,GOOD000000000002,{IN_TIME},Bank\u{0}BRI\n"), 3),
            (format!("{HEADER}{good}{code},650000,GOOD000000000002,{IN_TIME},{}\n", "x".repeat(10_000)), 3),
            (format!("{HEADER}{good}{code},six,GOOD000000000002,{IN_TIME},\n"), 3),
            (format!("{HEADER}{good}{good}"), 3),
        ] {
            let problem = import(&app, &admin, &csv).await.problem(422);
            let fields: Vec<String> = problem.errors.unwrap_or_default().into_iter().map(|e| e.field).collect();
            assert_eq!(fields, vec![format!("line {line_number}")], "{csv:.80}");
        }
        let mut bytes = format!("{HEADER}{good}").into_bytes();
        bytes.extend_from_slice(b"\xff\xfe,1,2,3,\n");
        let bearer = format!("Bearer {}", access(&admin));
        let answer = app.request_body(Method::POST, "/v1/admin/settlement-reports", bytes, &[("authorization", &bearer), ("content-type", "text/csv")]).await;
        answer.problem(422);
        import(&app, &admin, HEADER).await.problem(422);
        let json_body = app.request_body(Method::POST, "/v1/admin/settlement-reports", format!("{HEADER}{good}"), &[("authorization", &bearer), ("content-type", "application/json")]).await;
        json_body.problem(415);

        let mut conn = app.pool().get().unwrap();
        let reports: i64 = schema::settlement_reports::table.count().get_result(&mut conn).unwrap();
        assert_eq!(reports, 0);
        assert!(payments_of(&app, &code).is_empty());

        // A client that sends files only as bytes is read the same.
        let as_bytes = app.request_body(Method::POST, "/v1/admin/settlement-reports", format!("{HEADER}{good}"), &[("authorization", &bearer), ("content-type", "application/octet-stream")]).await;
        assert_eq!(as_bytes.status, 201, "{:#}", as_bytes.json);
        assert_eq!(payments_of(&app, &code).len(), 1);
    }
}

/// A late notice, bookings of the last place and the expiry job, all at once on
/// PostgreSQL within the grace period: the session is never oversold, and the payer keeps
/// the place.
#[actix_web::test]
async fn a_late_notice_racing_bookings_of_the_held_place_never_oversells() {
    let Some(database) = TestDatabase::postgres("a_late_notice_racing_bookings_of_the_held_place")
    else {
        return;
    };
    let app = TestApp::start_with(database, |config| {
        config.payments.late.grace = TimeDelta::minutes(GRACE_MINUTES);
    })
    .await;
    let session = seed_session_on_date(&app).await;
    set_regular_capacity(&app, &session, 1);
    let (_, id, code) = booked(&app, "balap@example.com", 11, &session).await;
    let mut drafts = Vec::new();
    for n in 0..4 {
        let email = format!("balap{n}@example.com");
        let (_, id) = drafted(&app, &email, 12 + n).await;
        drafts.push((email, id));
    }
    // Just past the deadline: the job expires it while the notice and bookings race.
    app.clock
        .advance(TimeDelta::hours(2) + TimeDelta::seconds(1));
    let mut others = Vec::new();
    for (email, id) in drafts {
        others.push((signed_in(&app, &email).await, id));
    }
    let mut notice = paid_notice(&app, "race-late", &code, 650_000, "RACE000000000001");
    notice["paid_at"] = json!(IN_TIME);
    let notice_answer = notify(&app, &notice);
    let bookings = at_once(
        others
            .iter()
            .map(|(tokens, id)| book(&app, tokens, id, &session)),
    );
    let (notice_answer, bookings) = futures::join!(notice_answer, bookings);
    assert_eq!(
        notice_answer.parse::<PaymentAckDto>().result,
        PaymentResultDto::Applied,
        "{:#}",
        notice_answer.json
    );
    for answer in &bookings {
        answer.problem(409);
    }
    app.job_has_run(BOOKING_EXPIRY).await;
    assert_eq!(held(&app, &session), 1);
    assert_eq!(
        application(&app, "balap@example.com", &id).await.status,
        ApplicationStatusDto::Paid
    );
    assert_eq!(payments_of(&app, &code).len(), 1);
}

/// The ids of the sessions of [`DATE`] at the seed office, in order.
async fn sessions_on_date(app: &TestApp) -> Vec<String> {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    days.parse::<paspor_openapi::AvailabilityDto>().days[0]
        .sessions
        .iter()
        .map(|session| session.id.clone())
        .collect()
}

/// No place free near: paid without one, told to pick one; picking one takes it, paid.
#[actix_web::test]
async fn a_payment_with_no_place_free_near_is_paid_without_one_and_the_person_picks_one() {
    for database in [
        Some(TestDatabase::sqlite()),
        TestDatabase::postgres("a_payment_with_no_place_free_near"),
    ]
    .into_iter()
    .flatten()
    {
        let app = TestApp::start_with(database, |config| {
            config.payments.late.move_days = 0;
        })
        .await;
        let sessions = sessions_on_date(&app).await;
        let own = sessions[0].clone();
        set_regular_capacity(&app, &own, 1);
        for other in &sessions[1..] {
            set_regular_capacity(&app, other, 0);
        }
        let (_, id, code) = booked(&app, "tanpa@example.com", 20, &own).await;
        advance(&app, TimeDelta::hours(2)).await;
        let (other, second) = drafted(&app, "ambil@example.com", 21).await;
        assert_eq!(book(&app, &other, &second, &own).await.status, 200);

        let admin = system_admin(&app).await;
        let imported = import(
            &app,
            &admin,
            &format!("{HEADER}{}", line(&code, "NOPLACE000000001", IN_TIME)),
        )
        .await;
        assert_eq!(imported.status, 201, "{:#}", imported.json);
        assert_eq!(
            imported
                .parse::<SettlementReportDto>()
                .counts
                .paid_without_place,
            1,
            "{:#}",
            imported.json
        );
        let paid = application(&app, "tanpa@example.com", &id).await;
        assert_eq!(paid.status, ApplicationStatusDto::Paid);
        assert!(paid.booking.is_none(), "{paid:#?}");
        let mail = app.wait_for_emails("tanpa@example.com", 4).await;
        assert!(
            mail.iter()
                .any(|m| m["subject"] == "Payment received: choose a new appointment"),
            "{mail:#?}"
        );

        // A place frees later that day: the person picks it, paid already.
        set_regular_capacity(&app, &sessions[2], 1);
        let tokens = signed_in(&app, "tanpa@example.com").await;
        let placed = app
            .post(
                &format!("/v1/applications/{id}/reschedule"),
                &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": sessions[2]}),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(placed.status, 200, "{:#}", placed.json);
        let booking = placed.parse::<ApplicationDto>().booking.expect("its place");
        assert_eq!(booking.session_id, sessions[2]);
        assert_eq!(booking.state, BookingStateDto::Paid);
        assert_eq!(held(&app, &sessions[2]), 1);
        assert_eq!(held(&app, &own), 1);
    }
}

/// How many times `email` was told a payment was received.
fn told_of_payment(app: &TestApp, email: &str) -> i64 {
    let mut conn = app.pool().get().unwrap();
    schema::outbox_messages::table
        .filter(schema::outbox_messages::recipient.eq(email))
        .filter(schema::outbox_messages::subject.eq("Payment received"))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

/// A notice and imports of a report naming the same payment, all at once on PostgreSQL:
/// the payment is applied once, the payer told once.
#[actix_web::test]
async fn a_notice_and_reports_of_one_payment_at_once_apply_it_once() {
    let Some(database) = TestDatabase::postgres("a_notice_and_reports_of_one_payment_at_once")
    else {
        return;
    };
    let app = TestApp::start_with(database, |config| {
        config.payments.late.grace = TimeDelta::minutes(GRACE_MINUTES);
    })
    .await;
    let session = seed_session_on_date(&app).await;
    let (_, id, code) = booked(&app, "sekali@example.com", 30, &session).await;
    advance(&app, TimeDelta::hours(2) + TimeDelta::minutes(1)).await;
    let admin = system_admin(&app).await;
    let csv = format!("{HEADER}{}", line(&code, "ONCE000000000001", IN_TIME));
    let mut notice = paid_notice(&app, "once", &code, 650_000, "ONCE000000000001");
    notice["paid_at"] = json!(IN_TIME);
    let (notice_answer, imports) = futures::join!(
        notify(&app, &notice),
        at_once((0..8).map(|_| import(&app, &admin, &csv)))
    );
    let result = notice_answer.parse::<PaymentAckDto>().result;
    assert!(
        matches!(
            result,
            PaymentResultDto::Applied | PaymentResultDto::Duplicate
        ),
        "{result:?}"
    );
    assert_eq!(imports.iter().filter(|a| a.status == 201).count(), 1);
    assert_eq!(imports.iter().filter(|a| a.status == 200).count(), 7);
    assert_eq!(payments_of(&app, &code).len(), 1);
    assert_eq!(
        application(&app, "sekali@example.com", &id).await.status,
        ApplicationStatusDto::Paid
    );
    assert_eq!(told_of_payment(&app, "sekali@example.com"), 1);
    let mut conn = app.pool().get().unwrap();
    assert_eq!(
        paspor_persistence::bookings::count_live(
            &mut conn,
            &session,
            Channel::Regular,
            app.clock.now()
        )
        .unwrap(),
        1
    );
}

/// The same payment (one NTPN) notified eight times at once under different event ids, as
/// a channel retrying with fresh ids would, on PostgreSQL: applied once, the others told
/// it is a duplicate, one payment kept, the payer told once.
#[actix_web::test]
async fn one_payment_notified_under_many_event_ids_at_once_is_applied_once() {
    let Some(database) = TestDatabase::postgres("one_payment_many_event_ids") else {
        return;
    };
    let app = TestApp::start_with(database, |_| {}).await;
    let session = seed_session_on_date(&app).await;
    let (_, id, code) = booked(&app, "berulang@example.com", 31, &session).await;
    let notices: Vec<_> = (0..8)
        .map(|n| {
            paid_notice(
                &app,
                &format!("retry-{n}"),
                &code,
                650_000,
                "MANY000000000001",
            )
        })
        .collect();
    let answers = at_once(notices.iter().map(|notice| notify(&app, notice))).await;
    let results: Vec<_> = answers
        .iter()
        .map(|answer| answer.parse::<PaymentAckDto>().result)
        .collect();
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, PaymentResultDto::Applied))
            .count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r, PaymentResultDto::Applied | PaymentResultDto::Duplicate)),
        "{results:?}"
    );
    assert_eq!(payments_of(&app, &code).len(), 1);
    assert_eq!(
        application(&app, "berulang@example.com", &id).await.status,
        ApplicationStatusDto::Paid
    );
    assert_eq!(told_of_payment(&app, "berulang@example.com"), 1);
}
