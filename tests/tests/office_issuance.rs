//! After the decision: issuing the passport of an approved application (number, dates,
//! ready date over weekends and the office's holidays), the job that makes it ready and
//! cancels it when uncollected, the hand-over to the holder, a family member or a proxy,
//! and the applicant's list of passports.
//!
//! Applications reach `approved` through `support::approved_application` until the
//! officers' routes exist; everything after goes through HTTP.

use chrono::{NaiveDate, Utc};
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto as Status, AuditPage, AuditRecordDto, AvailabilityDto,
    BenefitDto, PassportDto, PassportKindDto, PassportPage, PassportStatusDto, RecipientKindDto,
    TokenPairDto,
};
use paspor_persistence::holidays::{self, Holiday};
use paspor_persistence::offices;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Answer, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, approve,
    approved_application, draft, eventually, instant, nth_nik, paid_application, pay,
};

/// The holder's name, as `support::add_applicant` registers every applicant.
const HOLDER: &str = "Budi Santoso";

/// A woman's NIK (born 15 May 1990): a family member or proxy who is not the holder.
const OTHER_NIK: &str = "3171015505900002";

/// A family card number.
const FAMILY_CARD: &str = "1971010101230001";

async fn issue(app: &TestApp, token: &str, id: &str) -> Answer {
    app.post(
        &format!("/v1/office/applications/{id}/issuance"),
        &json!({}),
        Some(token),
    )
    .await
}

async fn hand_over(app: &TestApp, token: &str, id: &str, body: Value) -> Answer {
    app.post(
        &format!("/v1/office/applications/{id}/hand-over"),
        &body,
        Some(token),
    )
    .await
}

async fn get(app: &TestApp, token: &str, path: &str) -> Answer {
    app.send(Method::GET, path, None, Some(token)).await
}

/// The application as its applicant sees it (signing in afresh: the clock may have moved).
async fn application(app: &TestApp, email: &str, id: &str) -> ApplicationDto {
    let tokens = app.login(email, PASSWORD).await;
    let answer = get(app, access(&tokens), &format!("/v1/applications/{id}")).await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

/// Waits until the collection job has moved the application to `status`; returns it.
pub(crate) async fn wait_for_status(
    app: &TestApp,
    email: &str,
    id: &str,
    status: Status,
) -> ApplicationDto {
    let tokens = app.login(email, PASSWORD).await;
    let path = format!("/v1/applications/{id}");
    let mut seen = Value::Null;
    for _ in 0..800 {
        let answer = get(app, access(&tokens), &path).await;
        if answer.status == 200 {
            let application: ApplicationDto = answer.parse();
            if application.status == status {
                return application;
            }
        }
        seen = answer.json;
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("{id} never became {status:?}: {seen:#}");
}

/// Waits for an email to `to` with this subject; returns it.
async fn wait_for_email(app: &TestApp, to: &str, subject: &str) -> Value {
    eventually(&format!("an email {subject:?} to {to}"), || {
        app.emails_to(to)
            .into_iter()
            .find(|mail| mail["subject"] == subject)
    })
    .await
}

/// The statuses of an application's history, oldest first.
fn history(application: &ApplicationDto) -> Vec<Status> {
    application
        .history
        .iter()
        .map(|entry| entry.status)
        .collect()
}

/// The audit records of an object, newest first, as an office admin reads them.
async fn audit_of(app: &TestApp, admin_email: &str, id: &str) -> Vec<AuditRecordDto> {
    let admin = app.login(admin_email, PASSWORD).await;
    let answer = get(
        app,
        access(&admin),
        &format!("/v1/office/audit?object_id={id}"),
    )
    .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse::<AuditPage>().items
}

/// What an audit record kept of the object before and after (free-form in the contract).
fn before_after(record: &AuditRecordDto) -> (Value, Value) {
    (
        record.before.clone().unwrap_or(Value::Null),
        record.after.clone().unwrap_or(Value::Null),
    )
}

fn is_number(n: &str, letter: char) -> bool {
    n.len() == 8 && n.starts_with(letter) && n[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Sets the test clock to local midnight WIB (UTC+7) at the start of `date`.
pub(crate) fn set_wib_midnight(app: &TestApp, date: &str) {
    let day: NaiveDate = date.parse().unwrap();
    let midnight = day.and_hms_opt(0, 0, 0).unwrap() - chrono::TimeDelta::hours(7);
    app.clock.set(midnight.and_utc());
}

/// A paid and approved non-electronic application of the signed-in applicant; its id.
async fn approved_non_electronic(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let applicant = add_applicant(app, tokens, nik).await;
    let mut body = draft(&applicant);
    body["passport_kind"] = json!("non_electronic");
    let created = app
        .post("/v1/applications", &body, Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    let id = created.parse::<ApplicationDto>().id;
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    let session = days.parse::<AvailabilityDto>().days[0].sessions[0]
        .id
        .clone();
    let booked = app
        .post(
            &format!("/v1/applications/{id}/booking"),
            &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);
    let booking = booked.parse::<ApplicationDto>().booking.expect("a booking");
    pay(app, &booking.billing_code).await;
    approve(app, &id);
    id
}

on_both_backends! {
    async fn an_approved_application_is_issued_made_ready_and_handed_over(app) {
        let email = "pemohon@example.com";
        let tokens = app.applicant(email).await;
        let id = approved_application(&app, &tokens, &nth_nik(1)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;

        // Issued on Wednesday 25 November: ready 4 working days on, over the weekend.
        let issued = issue(&app, access(&officer), &id).await;
        assert_eq!(issued.status, 201, "{:#}", issued.json);
        let passport: PassportDto = issued.parse();
        assert!(is_number(&passport.number, 'E'), "{passport:#?}");
        assert_eq!(passport.kind, PassportKindDto::Electronic);
        assert!(passport.chip);
        assert_eq!(passport.pages, 48);
        assert_eq!(passport.holder_name, HOLDER);
        assert_eq!(passport.issue_date.to_string(), "2026-11-25");
        // Born 1990: ten years, to the day before.
        assert_eq!(passport.expiry_date.to_string(), "2036-11-24");
        assert_eq!(passport.ready_date.to_string(), "2026-12-01");
        assert_eq!(passport.collect_by.to_string(), "2026-12-31");
        assert_eq!(passport.status, PassportStatusDto::Issued);
        assert_eq!(passport.office_id, SEED_OFFICE_ID);
        assert_eq!(passport.application_id, id);
        assert_eq!(passport.benefits, [BenefitDto::BiometricChip, BenefitDto::Autogate, BenefitDto::VisaWaiverRegistration]);
        assert!(passport.hand_over.is_none());
        assert_eq!(application(&app, email, &id).await.status, Status::Issued);
        let told = wait_for_email(&app, email, "Your passport has been issued").await;
        assert!(told["body"].as_str().unwrap().contains("Tuesday, 1 December 2026"), "{told:#}");

        // Not at the counter yet: nothing to hand over.
        let early = hand_over(&app, access(&officer), &id, json!({"recipient": "holder"})).await;
        assert!(early.problem(409).detail.contains("`issued`"));

        // Local midnight of the ready date in Pangkalpinang (still 30 November in UTC).
        set_wib_midnight(&app, "2026-12-01");
        wait_for_status(&app, email, &id, Status::Ready).await;
        let ready = wait_for_email(&app, email, "Your passport is ready for collection").await;
        assert!(ready["body"].as_str().unwrap().contains("Thursday, 31 December 2026"), "{ready:#}");

        let officer = app.login("petugas@imigrasi.example", PASSWORD).await;
        let handed = hand_over(&app, access(&officer), &id, json!({"recipient": "holder"})).await;
        assert_eq!(handed.status, 200, "{:#}", handed.json);
        let collected: PassportDto = handed.parse();
        assert_eq!(collected.status, PassportStatusDto::Collected);
        assert_eq!(collected.number, passport.number);
        let hand_over_record = collected.hand_over.expect("a hand-over");
        assert_eq!(hand_over_record.recipient, RecipientKindDto::Holder);
        assert_eq!(hand_over_record.recipient_name, HOLDER);
        let again = hand_over(&app, access(&officer), &id, json!({"recipient": "holder"})).await;
        assert!(again.problem(409).detail.contains("`collected`"));

        let collected = application(&app, email, &id).await;
        assert_eq!(collected.status, Status::Collected);
        assert_eq!(
            history(&collected),
            [Status::Draft, Status::AwaitingPayment, Status::Paid, Status::CheckedIn, Status::InReview, Status::Approved,
             Status::Issued, Status::Ready, Status::Collected]
        );
        wait_for_email(&app, email, "Your passport has been collected").await;

        // One audit record per staff action; the job's move is not a staff action.
        let records = audit_of(&app, "kepala@imigrasi.example", &id).await;
        let actions: Vec<&str> = records.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["application.hand_over", "application.issue"]);
        let (handed_record, issue_record) = (&records[0], &records[1]);
        assert_eq!(issue_record.actor_role, "officer");
        assert_eq!(issue_record.office_id.as_deref(), Some(SEED_OFFICE_ID));
        let (before, after) = before_after(issue_record);
        assert_eq!(before["status"], "approved");
        assert_eq!(after["number"], passport.number.as_str());
        assert_eq!(after["ready_date"], "2026-12-01");
        let (before, after) = before_after(handed_record);
        assert_eq!(before["status"], "ready");
        assert_eq!(after["recipient"], "holder");
        assert_eq!(after["passport"]["status"], "collected");

        let tokens = app.login(email, PASSWORD).await;
        let mine = get(&app, access(&tokens), "/v1/passports").await;
        assert_eq!(mine.status, 200, "{:#}", mine.json);
        let mine: PassportPage = mine.parse();
        assert_eq!(mine.total, 1);
        assert_eq!(mine.items[0].number, passport.number);
        assert_eq!(mine.items[0].status, PassportStatusDto::Collected);
    }
}

on_both_backends! {
    async fn the_ready_date_skips_weekends_and_the_office_holidays(app) {
        let email = "libur@example.com";
        let tokens = app.applicant(email).await;
        let wednesday = approved_application(&app, &tokens, &nth_nik(2)).await;
        let friday = approved_application(&app, &tokens, &nth_nik(3)).await;
        {
            let mut conn = app.pool().get().unwrap();
            for (date, name) in [("2026-11-28", "A Saturday holiday"), ("2026-11-30", "A Monday holiday")] {
                let holiday = Holiday { date: date.parse().unwrap(), name: name.to_owned() };
                holidays::insert(&mut conn, SEED_OFFICE_ID, &holiday).unwrap();
            }
        }
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;

        // Wednesday: Thursday, Friday, (weekend, Monday holiday), Tuesday, Wednesday.
        let first = issue(&app, access(&officer), &wednesday).await;
        assert_eq!(first.status, 201, "{:#}", first.json);
        let passport: PassportDto = first.parse();
        assert_eq!(passport.issue_date.to_string(), "2026-11-25");
        assert_eq!(passport.ready_date.to_string(), "2026-12-02");
        assert_eq!(passport.collect_by.to_string(), "2027-01-01");

        // Friday afternoon: (weekend, Monday holiday), Tuesday to Friday.
        app.clock.set(instant("2026-11-27T08:00:00Z"));
        let officer = app.login("petugas@imigrasi.example", PASSWORD).await;
        let second = issue(&app, access(&officer), &friday).await;
        assert_eq!(second.status, 201, "{:#}", second.json);
        let passport: PassportDto = second.parse();
        assert_eq!(passport.issue_date.to_string(), "2026-11-27");
        assert_eq!(passport.ready_date.to_string(), "2026-12-04");

        // On 2 December the first is ready; the second, due on the 4th, is not.
        set_wib_midnight(&app, "2026-12-02");
        wait_for_status(&app, email, &wednesday, Status::Ready).await;
        assert_eq!(application(&app, email, &friday).await.status, Status::Issued);
        set_wib_midnight(&app, "2026-12-04");
        wait_for_status(&app, email, &friday, Status::Ready).await;
    }
}

on_both_backends! {
    async fn a_passport_uncollected_30_days_after_its_ready_date_is_cancelled(app) {
        let email = "lupa@example.com";
        let tokens = app.applicant(email).await;
        let id = approved_application(&app, &tokens, &nth_nik(4)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let issued = issue(&app, access(&officer), &id).await;
        assert_eq!(issued.parse::<PassportDto>().collect_by.to_string(), "2026-12-31", "{:#}", issued.json);

        set_wib_midnight(&app, "2026-12-01");
        wait_for_status(&app, email, &id, Status::Ready).await;
        // The last day to collect is 31 December: cancelled from 1 January, local time.
        set_wib_midnight(&app, "2027-01-01");
        let cancelled = wait_for_status(&app, email, &id, Status::UncollectedCancelled).await;
        let entry = cancelled.history.last().unwrap();
        assert_eq!(entry.note.as_deref(), Some("not collected within 30 days"));
        let told = wait_for_email(&app, email, "Your passport was cancelled: not collected").await;
        assert!(told["body"].as_str().unwrap().contains("Thursday, 31 December 2026"), "{told:#}");

        let tokens = app.login(email, PASSWORD).await;
        let mine = get(&app, access(&tokens), "/v1/passports").await;
        assert_eq!(mine.parse::<PassportPage>().items[0].status, PassportStatusDto::Cancelled, "{:#}", mine.json);

        let officer = app.login("petugas@imigrasi.example", PASSWORD).await;
        let late = hand_over(&app, access(&officer), &id, json!({"recipient": "holder"})).await;
        assert!(late.problem(409).detail.contains("`uncollected_cancelled`"));
        let actions: Vec<String> = audit_of(&app, "kepala@imigrasi.example", &id)
            .await
            .iter()
            .map(|r| r.action.clone())
            .collect();
        assert_eq!(actions, ["application.issue"]);
    }
}

on_both_backends! {
    async fn a_family_member_or_a_proxy_collects_only_with_what_they_must_show(app) {
        let email = "keluarga@example.com";
        let tokens = app.applicant(email).await;
        let for_family = approved_application(&app, &tokens, &nth_nik(5)).await;
        let for_proxy = approved_application(&app, &tokens, &nth_nik(6)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        for id in [&for_family, &for_proxy] {
            assert_eq!(issue(&app, access(&officer), id).await.status, 201);
        }
        set_wib_midnight(&app, "2026-12-01");
        wait_for_status(&app, email, &for_family, Status::Ready).await;
        wait_for_status(&app, email, &for_proxy, Status::Ready).await;
        let officer = app.login("petugas@imigrasi.example", PASSWORD).await;

        let holder_nik = nth_nik(5);
        let refusals = [
            (json!({"recipient": "proxy", "recipient_name": "Siti Rahayu", "recipient_nik": OTHER_NIK}),
             422, vec!["power_of_attorney_reference"]),
            (json!({"recipient": "proxy"}),
             422, vec!["recipient_name", "recipient_nik", "power_of_attorney_reference"]),
            (json!({"recipient": "family_member", "recipient_name": "Siti Rahayu", "recipient_nik": OTHER_NIK}),
             422, vec!["family_card_number"]),
            (json!({"recipient": "family_member", "recipient_name": "Siti Rahayu", "recipient_nik": "1234",
                    "family_card_number": FAMILY_CARD}),
             400, vec!["recipient_nik"]),
            (json!({"recipient": "family_member", "recipient_name": "Siti Rahayu", "recipient_nik": OTHER_NIK,
                    "family_card_number": "12345"}),
             400, vec!["family_card_number"]),
            (json!({"recipient": "family_member", "recipient_name": "  ", "recipient_nik": OTHER_NIK,
                    "family_card_number": FAMILY_CARD, "power_of_attorney_reference": "SK-1"}),
             422, vec!["recipient_name", "power_of_attorney_reference"]),
            (json!({"recipient": "holder", "family_card_number": FAMILY_CARD}),
             422, vec!["family_card_number"]),
            // The holder's own NIK is not a family member's, and another's is not the holder's.
            (json!({"recipient": "family_member", "recipient_name": HOLDER, "recipient_nik": holder_nik,
                    "family_card_number": FAMILY_CARD}),
             422, vec!["recipient_nik"]),
            (json!({"recipient": "holder", "recipient_nik": OTHER_NIK}), 422, vec!["recipient_nik"]),
        ];
        // A NIK or card number that is not 16 digits breaks the schema (400); who must show
        // what, and whose NIK it is, are rules (422).
        for (body, status, fields) in refusals {
            let refused = hand_over(&app, access(&officer), &for_family, body.clone()).await;
            refused.problem(status);
            assert_eq!(refused.error_fields(), fields, "{body}: {:#}", refused.json);
        }
        let unknown = hand_over(&app, access(&officer), &for_family, json!({"recipient": "neighbour"})).await;
        unknown.problem(400);
        assert_eq!(application(&app, email, &for_family).await.status, Status::Ready);

        let family = hand_over(&app, access(&officer), &for_family, json!({
            "recipient": "family_member", "recipient_name": " Siti Rahayu ",
            "recipient_nik": OTHER_NIK, "family_card_number": FAMILY_CARD
        })).await;
        assert_eq!(family.status, 200, "{:#}", family.json);
        let handed = family.parse::<PassportDto>().hand_over.expect("a hand-over");
        assert_eq!(handed.recipient, RecipientKindDto::FamilyMember);
        assert_eq!(handed.recipient_name, "Siti Rahayu");
        let proxy = hand_over(&app, access(&officer), &for_proxy, json!({
            "recipient": "proxy", "recipient_name": "Agus Salim", "recipient_nik": OTHER_NIK,
            "power_of_attorney_reference": "SK-123/2026"
        })).await;
        assert_eq!(proxy.status, 200, "{:#}", proxy.json);
        assert_eq!(proxy.parse::<PassportDto>().hand_over.expect("a hand-over").recipient, RecipientKindDto::Proxy);

        // What was checked is recorded once, in the hand-over's audit record.
        let records = audit_of(&app, "kepala@imigrasi.example", &for_family).await;
        let handed: Vec<&AuditRecordDto> = records.iter().filter(|r| r.action == "application.hand_over").collect();
        assert_eq!(handed.len(), 1);
        let (_, after) = before_after(handed[0]);
        assert_eq!(after["recipient"], "family_member");
        assert_eq!(after["recipient_nik"], OTHER_NIK);
        assert_eq!(after["family_card_number"], FAMILY_CARD);
        assert_eq!(after["power_of_attorney_reference"], Value::Null);
        let records = audit_of(&app, "kepala@imigrasi.example", &for_proxy).await;
        assert_eq!(records[0].action, "application.hand_over");
        let (_, after) = before_after(&records[0]);
        assert_eq!(after["power_of_attorney_reference"], "SK-123/2026");
        assert_eq!(after["family_card_number"], Value::Null);

        let told = wait_for_email(&app, email, "Your passport has been collected").await;
        assert!(told["body"].as_str().unwrap().contains("Siti Rahayu"), "{told:#}");
        assert_eq!(application(&app, email, &for_proxy).await.history.last().unwrap().note.as_deref(),
                   Some("handed over to Agus Salim (proxy)"));
    }
}

on_both_backends! {
    async fn a_passport_is_issued_once_and_only_for_an_approved_application(app) {
        let email = "sekali@example.com";
        let tokens = app.applicant(email).await;
        let approved = approved_application(&app, &tokens, &nth_nik(7)).await;
        let paid = paid_application(&app, &tokens, &nth_nik(8)).await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;

        let not_yet = issue(&app, access(&officer), &paid).await;
        assert!(not_yet.problem(409).detail.contains("`paid`"), "{:#}", not_yet.json);

        // A retry with the same key gets the first answer; a new request is refused.
        let path = format!("/v1/office/applications/{approved}/issuance");
        let first = app.post_with_key(&path, &json!({}), Some(access(&officer)), "issue-once").await;
        assert_eq!(first.status, 201, "{:#}", first.json);
        let replay = app.post_with_key(&path, &json!({}), Some(access(&officer)), "issue-once").await;
        assert_eq!(replay.status, 201);
        assert_eq!(replay.parse::<PassportDto>().number, first.parse::<PassportDto>().number);
        assert_eq!(replay.header("idempotency-replayed"), "true");
        let twice = issue(&app, access(&officer), &approved).await;
        assert!(twice.problem(409).detail.contains("`issued`"));

        let issues = audit_of(&app, "kepala@imigrasi.example", &approved).await;
        assert_eq!(issues.len(), 1);
        assert!(audit_of(&app, "kepala@imigrasi.example", &paid).await.is_empty());
        let tokens = app.login(email, PASSWORD).await;
        assert_eq!(get(&app, access(&tokens), "/v1/passports").await.parse::<PassportPage>().total, 1);
        assert_eq!(application(&app, email, &paid).await.status, Status::Paid);

        // Only an empty object is the body; an unknown application is absent.
        let body = app.post(&path, &json!({"number": "E0000001"}), Some(access(&officer))).await;
        body.problem(400);
        issue(&app, access(&officer), "no-such-application").await.problem(404);
    }
}

on_both_backends! {
    async fn the_applicant_sees_their_passports_with_the_chip_benefits_only_for_electronic(app) {
        let email = "paspor@example.com";
        let tokens = app.applicant(email).await;
        let electronic = approved_application(&app, &tokens, &nth_nik(9)).await;
        let plain = approved_non_electronic(&app, &tokens, &nth_nik(10)).await;
        let others = [
            approved_application(&app, &tokens, &nth_nik(11)).await,
            approved_non_electronic(&app, &tokens, &nth_nik(12)).await,
        ];
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let mut numbers = Vec::new();
        for (id, letter) in [(&electronic, 'E'), (&others[0], 'E'), (&others[1], 'X'), (&plain, 'X')] {
            let issued = issue(&app, access(&officer), id).await;
            assert_eq!(issued.status, 201, "{:#}", issued.json);
            let number = issued.parse::<PassportDto>().number;
            assert!(is_number(&number, letter), "{:#}", issued.json);
            numbers.push(number);
        }
        let mut distinct = numbers.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), numbers.len(), "{numbers:?}");

        let listed = get(&app, access(&tokens), "/v1/passports").await;
        assert_eq!(listed.status, 200, "{:#}", listed.json);
        let page: PassportPage = listed.parse();
        assert_eq!(page.total, 4);
        let items = &page.items;
        // Newest first: the non-electronic one was issued last.
        let newest = &items[0];
        assert_eq!(newest.application_id, plain);
        assert_eq!(newest.kind, PassportKindDto::NonElectronic);
        assert!(!newest.chip);
        assert_eq!(newest.pages, 48);
        assert!(newest.benefits.is_empty());
        let oldest = &items[3];
        assert_eq!(oldest.application_id, electronic);
        assert_eq!(oldest.benefits, [BenefitDto::BiometricChip, BenefitDto::Autogate, BenefitDto::VisaWaiverRegistration]);

        let second_page: PassportPage = get(&app, access(&tokens), "/v1/passports?page=2&per_page=3").await.parse();
        assert_eq!(second_page.items.len(), 1);
        assert_eq!(second_page.items[0].application_id, electronic);
        get(&app, access(&tokens), "/v1/passports?per_page=0").await.problem(400);

        let id = newest.id.as_str();
        let one = get(&app, access(&tokens), &format!("/v1/passports/{id}")).await;
        assert_eq!(one.status, 200, "{:#}", one.json);
        assert_eq!(one.parse::<PassportDto>().number, newest.number);

        // Another account sees none of them; staff have no passports here.
        let stranger = app.applicant("orang.lain@example.com").await;
        get(&app, access(&stranger), &format!("/v1/passports/{id}")).await.problem(404);
        assert_eq!(get(&app, access(&stranger), "/v1/passports").await.parse::<PassportPage>().total, 0);
        get(&app, access(&officer), "/v1/passports").await.problem(403);
        get(&app, access(&officer), &format!("/v1/passports/{id}")).await.problem(403);
        app.send(Method::GET, "/v1/passports", None, None).await.problem(401);
    }
}

on_both_backends! {
    async fn only_staff_of_the_application_s_office_issue_and_hand_over(app) {
        let tokens = app.applicant("peran@example.com").await;
        let id = approved_application(&app, &tokens, &nth_nik(13)).await;
        let other_office = "0193a000-0000-7000-8000-0000000000ff";
        {
            let mut conn = app.pool().get().unwrap();
            let mut office = offices::find(&mut conn, SEED_OFFICE_ID).unwrap().unwrap();
            office.id = other_office.to_owned();
            office.name = "Kantor Imigrasi Kelas II TPI Lain".to_owned();
            offices::insert(&mut conn, &office, Utc::now()).unwrap();
        }
        let elsewhere = app.staff("lain@imigrasi.example", Role::Officer, Some(other_office)).await;
        let system = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let holder = json!({"recipient": "holder"});

        issue(&app, access(&tokens), &id).await.problem(403);
        hand_over(&app, access(&tokens), &id, holder.clone()).await.problem(403);
        issue(&app, access(&system), &id).await.problem(403);
        issue(&app, access(&elsewhere), &id).await.problem(404);
        hand_over(&app, access(&elsewhere), &id, holder.clone()).await.problem(404);
        app.post(&format!("/v1/office/applications/{id}/issuance"), &json!({}), None).await.problem(401);

        // Tokens last 15 minutes.
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        app.clock.advance(chrono::TimeDelta::minutes(16));
        issue(&app, access(&officer), &id).await.problem(401);
        hand_over(&app, access(&officer), &id, holder.clone()).await.problem(401);
        assert_eq!(application(&app, "peran@example.com", &id).await.status, Status::Approved);

        // The office's admin may issue too.
        let office_admin = app.login("kepala@imigrasi.example", PASSWORD).await;
        let issued = issue(&app, access(&office_admin), &id).await;
        assert_eq!(issued.status, 201, "{:#}", issued.json);
        let records = audit_of(&app, "kepala@imigrasi.example", &id).await;
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].actor_role, "office_admin");
    }
}
