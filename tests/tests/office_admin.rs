//! Office administration: an office admin's sessions and capacities (never below the
//! bookings held, exact under a race), weekly templates, settings (release rule, priority
//! policy, e-passport books) and holidays; a system admin's offices, tariff switch, staff
//! accounts and settlement of unmatched payments. Each action leaves exactly one audit
//! record with its state before and after; every route refuses the wrong roles.

use chrono::TimeDelta;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto as Status, AuditPage, AuditRecordDto, AvailabilityDto,
    HolidayList, OfficeDto, OfficeSessionDto, OfficeSessionList, OfficeSettingsDto, PaymentAckDto,
    PaymentDto, PaymentPage, PaymentResultDto, PaymentStatusDto, QuoteDto, SessionDto,
    SessionTemplateDto, SessionTemplateList, SettlementResolutionDto, TariffItemDto,
    TariffScheduleList, TokenPairDto,
};
use paspor_persistence::seed::JAYAPURA;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Answer, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, TestDatabase, access, add_applicant, book_new,
    draft, eventually, nth_nik, paid_application,
};

/// A Monday whose sessions are not released at the start of a test (released Friday 27
/// November 16:00 WIB under the seed office's weekly rule).
const MONDAY: &str = "2026-11-30";

/// The seed office's admin.
async fn office_admin(app: &TestApp) -> TokenPairDto {
    app.staff(
        "kepala@imigrasi.example",
        Role::OfficeAdmin,
        Some(SEED_OFFICE_ID),
    )
    .await
}

/// A system admin.
async fn system_admin(app: &TestApp) -> TokenPairDto {
    app.staff("admin@imigrasi.example", Role::SystemAdmin, None)
        .await
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<&Value>,
    tokens: &TokenPairDto,
) -> Answer {
    app.send(method, path, body, Some(access(tokens))).await
}

/// The office admin's view of their sessions on `date`.
async fn sessions_on(app: &TestApp, tokens: &TokenPairDto, date: &str) -> Vec<OfficeSessionDto> {
    let answer = call(
        app,
        Method::GET,
        &format!("/v1/office/sessions?from={date}&to={date}"),
        None,
        tokens,
    )
    .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse::<OfficeSessionList>().items
}

/// A channel's load as (capacity, held).
fn load(channel: paspor_openapi::ChannelLoadDto) -> (u32, u32) {
    (channel.capacity, channel.held)
}

/// A channel's places as (capacity, remaining).
fn places(channel: paspor_openapi::Places) -> (u32, u32) {
    (channel.capacity, channel.remaining)
}

/// The public availability of an office on one date: its sessions.
async fn public_sessions(app: &TestApp, office: &str, date: &str) -> Vec<SessionDto> {
    let answer = app
        .get(&format!(
            "/v1/offices/{office}/availability?from={date}&to={date}"
        ))
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse::<AvailabilityDto>().days[0].sessions.clone()
}

/// The audit records of `action` a caller can read, newest first.
async fn audit(app: &TestApp, tokens: &TokenPairDto, action: &str) -> Vec<AuditRecordDto> {
    let answer = call(
        app,
        Method::GET,
        &format!("/v1/office/audit?action={action}&per_page=100"),
        None,
        tokens,
    )
    .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse::<AuditPage>().items
}

/// `count` drafts of the signed-in applicant, for the people `first..first + count`.
async fn drafts(app: &TestApp, tokens: &TokenPairDto, first: usize, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for n in first..first + count {
        let applicant = add_applicant(app, tokens, &nth_nik(n)).await;
        let created = app
            .post("/v1/applications", &draft(&applicant), Some(access(tokens)))
            .await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        ids.push(created.parse::<ApplicationDto>().id);
    }
    ids
}

async fn book(
    app: &TestApp,
    tokens: &TokenPairDto,
    application: &str,
    session: &str,
    date: &str,
) -> Answer {
    app.post(
        &format!("/v1/applications/{application}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": date, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

on_both_backends! {
    async fn a_capacity_goes_down_to_the_bookings_held_and_never_below(app) {
        let admin = office_admin(&app).await;
        let tokens = app.applicant("warga@example.com").await;
        paid_pair(&app, &tokens).await;
        let session = sessions_on(&app, &admin, DATE).await[0].clone();
        let id = session.id.clone();
        assert_eq!(session.starts, "08:00");
        assert_eq!(load(session.channels.regular), (50, 2));
        assert_eq!(load(session.channels.same_day), (9, 0));
        assert!(session.released);
        let path = format!("/v1/office/sessions/{id}");

        let below = call(&app, Method::PATCH, &path, Some(&json!({"capacity_regular": 1})), &admin).await;
        let detail = below.problem(409).detail;
        assert!(detail.contains("regular") && detail.contains("holds 2"), "{detail}");
        call(&app, Method::PATCH, &path, Some(&json!({"capacity_priority": 10001})), &admin)
            .await
            .problem(400);
        call(&app, Method::PATCH, &path, Some(&json!({"capacity_regular": -1})), &admin)
            .await
            .problem(400);
        call(&app, Method::PATCH, &path, Some(&json!({"seats": 3})), &admin).await.problem(400);

        let exact = call(
            &app,
            Method::PATCH,
            &path,
            Some(&json!({"capacity_regular": 2, "capacity_same_day": 0})),
            &admin,
        )
        .await;
        assert_eq!(exact.status, 200, "{:#}", exact.json);
        let channels = exact.parse::<OfficeSessionDto>().channels;
        assert_eq!(load(channels.regular), (2, 2));
        assert_eq!(load(channels.same_day), (0, 0));
        assert_eq!(channels.priority.capacity, 13);
        // The public availability follows, and the session is full for the next applicant.
        let public = public_sessions(&app, SEED_OFFICE_ID, DATE).await;
        assert_eq!(places(public[0].channels.regular), (2, 0));
        let others = app.applicant("lain@example.com").await;
        let late = drafts(&app, &others, 10, 1).await;
        book(&app, &others, &late[0], &id, DATE).await.problem(409);

        // One record, for the change made; none for the refusals.
        let records = audit(&app, &admin, "session.update").await;
        assert_eq!(records.len(), 1, "{records:#?}");
        assert_eq!(records[0].object_type, "session");
        assert_eq!(records[0].object_id, id);
        assert_eq!(records[0].office_id.as_deref(), Some(SEED_OFFICE_ID));
        assert_eq!(records[0].actor_role, "office_admin");
        assert_eq!(
            records[0].before,
            Some(json!({"capacity_regular": 50, "capacity_same_day": 9, "capacity_priority": 13}))
        );
        assert_eq!(
            records[0].after,
            Some(json!({"capacity_regular": 2, "capacity_same_day": 0, "capacity_priority": 13}))
        );

        // Raising again is free; the range is checked.
        let raised = call(&app, Method::PATCH, &path, Some(&json!({"capacity_regular": 60})), &admin).await;
        assert_eq!(raised.parse::<OfficeSessionDto>().channels.regular.capacity, 60);
        // An integral number is an integer, as JSON Schema says.
        let integral = call(&app, Method::PATCH, &path, Some(&json!({"capacity_regular": 61.0})), &admin).await;
        assert_eq!(integral.parse::<OfficeSessionDto>().channels.regular.capacity, 61, "{:#}", integral.json);
        // Schema-valid dates a rule refuses: 422.
        let range = call(&app, Method::GET, "/v1/office/sessions?from=2026-12-01&to=2027-02-01", None, &admin).await;
        assert_eq!(range.problem(422).errors.expect("errors")[0].field, "to");
        let reversed = call(&app, Method::GET, "/v1/office/sessions?from=2026-12-01&to=2026-11-01", None, &admin).await;
        assert_eq!(reversed.problem(422).errors.expect("errors")[0].field, "to");
    }
}

/// Two paid applications of the signed-in applicant in the first session of [`DATE`].
async fn paid_pair(app: &TestApp, tokens: &TokenPairDto) {
    for n in [1, 2] {
        paid_application(app, tokens, &nth_nik(n)).await;
    }
}

on_both_backends! {
    async fn a_capacity_lowering_racing_many_bookings_never_leaves_more_bookings_than_places(app) {
        let admin = office_admin(&app).await;
        let session = sessions_on(&app, &admin, DATE).await[0].id.clone();
        let first = app.applicant("satu@example.com").await;
        let second = app.applicant("dua@example.com").await;
        let mut attempts = Vec::new();
        for (tokens, ids) in [(&first, drafts(&app, &first, 1, 4).await), (&second, drafts(&app, &second, 5, 4).await)] {
            attempts.extend(ids.into_iter().map(|id| (tokens, id)));
        }

        let bookings = futures::future::join_all(
            attempts.iter().map(|(tokens, id)| book(&app, tokens, id, &session, DATE)),
        );
        let path = format!("/v1/office/sessions/{session}");
        let lower = json!({"capacity_regular": 4});
        let lowering = call(&app, Method::PATCH, &path, Some(&lower), &admin);
        let (bookings, lowering) = futures::join!(bookings, lowering);

        let booked = bookings.iter().filter(|answer| answer.status == 200).count();
        for refused in bookings.iter().filter(|answer| answer.status != 200) {
            refused.problem(409);
        }
        let (capacity, held) = load(sessions_on(&app, &admin, DATE).await[0].channels.regular);
        assert_eq!(held as usize, booked, "every booking answered 200 holds a place");
        assert!(held <= capacity, "{held} bookings in {capacity} places");
        match lowering.status.as_u16() {
            200 => {
                assert_eq!(capacity, 4);
                assert!(booked <= 4, "{booked} bookings after lowering to 4");
            }
            409 => {
                // The lowering came after more than 4 bookings: refused, naming them.
                assert_eq!(capacity, 50);
                assert!(booked > 4, "{booked}");
                let detail = lowering.problem(409).detail;
                assert!(detail.contains("regular"), "{detail}");
            }
            other => panic!("unexpected {other}: {:#}", lowering.json),
        }
        let records = audit(&app, &admin, "session.update").await;
        assert_eq!(records.len(), usize::from(lowering.status == 200));
    }
}

on_both_backends! {
    async fn a_new_release_rule_moves_only_the_sessions_not_yet_released(app) {
        let admin = office_admin(&app).await;
        let settings = call(&app, Method::GET, "/v1/office/settings", None, &admin).await;
        assert_eq!(settings.status, 200, "{:#}", settings.json);
        let rule = settings.parse::<OfficeSettingsDto>().release_rule;
        assert_eq!(serde_json::to_value(&rule).unwrap(), json!({"kind": "weekly", "weekday": 5, "time": "16:00"}));
        let released_before = sessions_on(&app, &admin, DATE).await[0].release_at;
        assert_eq!(released_before, instant("2026-11-20T09:00:00Z"));
        let monday = public_sessions(&app, SEED_OFFICE_ID, MONDAY).await;
        assert!(!monday[0].released);
        assert_eq!(monday[0].release_at, instant("2026-11-27T09:00:00Z"));

        // Invalid rules are refused naming the field.
        let bad = call(&app, Method::PATCH, "/v1/office/settings",
            Some(&json!({"release_rule": {"kind": "monthly", "day": 29, "time": "10:00"}})), &admin).await;
        assert_eq!(bad.problem(400).errors.expect("errors")[0].field, "release_rule.day");
        let bad = call(&app, Method::PATCH, "/v1/office/settings",
            Some(&json!({"release_rule": {"kind": "weekly", "weekday": 8, "time": "25:00"}})), &admin).await;
        assert_eq!(bad.problem(400).errors.expect("errors").len(), 2);
        // A member the rule does not have is refused, as the schema (closed objects) says.
        for settings in [
            json!({"release_rule": {"kind": "weekly", "weekday": 5, "time": "16:00", "hour": 1}}),
            json!({"priority_policy": {"child_under_age": 5, "elderly_from_age": 60, "pregnant": true, "breastfeeding": true, "disability": true, "veteran": true}}),
        ] {
            let bad = call(&app, Method::PATCH, "/v1/office/settings", Some(&settings), &admin).await;
            bad.problem(400);
        }

        // Fourteen days ahead at 08:00 local time.
        let changed = call(&app, Method::PATCH, "/v1/office/settings",
            Some(&json!({"release_rule": {"kind": "days_ahead", "days": 14, "time": "08:00"}})), &admin).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        let settings: OfficeSettingsDto = changed.parse();
        assert_eq!(serde_json::to_value(&settings.release_rule).unwrap(), json!({"kind": "days_ahead", "days": 14, "time": "08:00"}));
        assert!(settings.e_passport_available);

        // Released already: stays as it was.
        assert_eq!(sessions_on(&app, &admin, DATE).await[0].release_at, released_before);
        // Not released yet: moved, and released now under the new rule (16 November).
        let monday = public_sessions(&app, SEED_OFFICE_ID, MONDAY).await;
        assert_eq!(monday[0].release_at, instant("2026-11-16T01:00:00Z"));
        assert!(monday[0].released);
        // Further ahead: moved, and still to come (7 December 08:00 WIB).
        let later = public_sessions(&app, SEED_OFFICE_ID, "2026-12-21").await;
        assert_eq!(later[0].release_at, instant("2026-12-07T01:00:00Z"));
        assert!(!later[0].released);
        assert!(later.iter().all(|s| s.release_at == instant("2026-12-07T01:00:00Z")));
        let office: OfficeDto = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await.parse();
        assert!(matches!(office.release_rule, paspor_openapi::ReleaseRuleDto::DaysAhead { .. }), "{:?}", office.release_rule);

        let records = audit(&app, &admin, "office.update").await;
        assert_eq!(records.len(), 1, "{records:#?}");
        assert_eq!(records[0].object_id, SEED_OFFICE_ID);
        // The rules as they now are (`release_rule`, the first of them, is left out).
        let whole_month = json!({"first": 1, "last": 31});
        assert_eq!(records[0].before, Some(json!({"release_rules": [{"rule": {"kind": "weekly", "weekday": 5, "time": "16:00"}, "days": whole_month}]})));
        assert_eq!(records[0].after, Some(json!({"release_rules": [{"rule": {"kind": "days_ahead", "days": 14, "time": "08:00"}, "days": whole_month}]})));
    }
}

on_both_backends! {
    async fn the_priority_policy_and_e_passport_books_are_set_and_applied(app) {
        let admin = office_admin(&app).await;
        let policy = json!({"child_under_age": 6, "elderly_from_age": 65, "pregnant": true, "breastfeeding": false, "disability": true});
        let changed = call(&app, Method::PATCH, "/v1/office/settings", Some(&json!({"priority_policy": policy})), &admin).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        let read = call(&app, Method::GET, "/v1/office/settings", None, &admin).await;
        let read = read.parse::<OfficeSettingsDto>().priority_policy;
        assert_eq!(serde_json::to_value(&read).unwrap(), policy);
        let office: OfficeDto = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await.parse();
        assert_eq!(serde_json::to_value(&office.priority_policy).unwrap(), policy);
        for (field, value) in [("elderly_from_age", 30), ("child_under_age", 19)] {
            let mut bad = policy.clone();
            bad[field] = json!(value);
            let refused = call(&app, Method::PATCH, "/v1/office/settings", Some(&json!({"priority_policy": bad})), &admin).await;
            assert_eq!(refused.problem(400).errors.expect("errors")[0].field, format!("priority_policy.{field}"));
        }

        // Out of e-passport books: an electronic passport cannot be booked here, another can.
        let off = call(&app, Method::PATCH, "/v1/office/settings", Some(&json!({"e_passport_available": false})), &admin).await;
        assert!(!off.parse::<OfficeSettingsDto>().e_passport_available);
        let tokens = app.applicant("warga@example.com").await;
        let electronic = drafts(&app, &tokens, 1, 1).await;
        let session = public_sessions(&app, SEED_OFFICE_ID, DATE).await[0].id.clone();
        let refused = book(&app, &tokens, &electronic[0], &session, DATE).await;
        assert!(refused.problem(422).detail.contains("no e-passport books"));
        let applicant = add_applicant(&app, &tokens, &nth_nik(2)).await;
        let mut ordinary = draft(&applicant);
        ordinary["passport_kind"] = json!("non_electronic");
        let created = app.post("/v1/applications", &ordinary, Some(access(&tokens))).await;
        let id = created.parse::<ApplicationDto>().id;
        let booked = book(&app, &tokens, &id, &session, DATE).await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);

        let records = audit(&app, &admin, "office.update").await;
        assert_eq!(records.len(), 2, "one per change made: {records:#?}");
        // Newest first: the e-passport change, with only what changed.
        assert_eq!(records[0].before, Some(json!({"e_passport_available": true})));
        assert_eq!(records[0].after, Some(json!({"e_passport_available": false})));
        assert_eq!(records[1].after, Some(json!({"priority_policy": policy})));
        assert_eq!(records[1].before.as_ref().expect("before")["priority_policy"]["elderly_from_age"], 60);
    }
}

on_both_backends! {
    async fn a_holiday_closes_its_day_unless_booked_and_its_removal_reopens_it(app) {
        let admin = office_admin(&app).await;
        let holidays = "/v1/office/holidays";
        let created = app.post(holidays, &json!({"date": "2026-12-01", "name": "Cuti bersama"}), Some(access(&admin))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        assert_eq!(created.header("location"), "/v1/office/holidays/2026-12-01");
        assert_eq!(created.json, json!({"date": "2026-12-01", "name": "Cuti bersama"}));
        assert!(public_sessions(&app, SEED_OFFICE_ID, "2026-12-01").await.is_empty());
        assert!(sessions_on(&app, &admin, "2026-12-01").await.is_empty());
        let again = app.post(holidays, &json!({"date": "2026-12-01", "name": "Lagi"}), Some(access(&admin))).await;
        assert!(again.problem(409).detail.contains("already a holiday"));
        let past = app.post(holidays, &json!({"date": "2026-11-24", "name": "Kemarin"}), Some(access(&admin))).await;
        assert_eq!(past.problem(422).errors.expect("errors")[0].field, "date");
        let nameless = app.post(holidays, &json!({"date": "2026-12-02", "name": " "}), Some(access(&admin))).await;
        assert_eq!(nameless.problem(400).errors.expect("errors")[0].field, "name");

        // A booked day is refused, saying how many places are held.
        let tokens = app.applicant("warga@example.com").await;
        let (id, _) = book_new(&app, &tokens, &nth_nik(1)).await;
        let booked_day = app.post(holidays, &json!({"date": DATE, "name": "Libur"}), Some(access(&admin))).await;
        assert!(booked_day.problem(409).detail.contains("1 place"));
        assert_eq!(public_sessions(&app, SEED_OFFICE_ID, DATE).await.len(), 4);

        // Once that booking is cancelled the day can close; its session is kept for the
        // cancelled booking's sake, but nothing can be booked in it.
        let session = public_sessions(&app, SEED_OFFICE_ID, DATE).await[0].id.clone();
        let cancelled = app.post(&format!("/v1/applications/{id}/cancel"), &json!({}), Some(access(&tokens))).await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
        let closed = app.post(holidays, &json!({"date": DATE, "name": "Libur"}), Some(access(&admin))).await;
        assert_eq!(closed.status, 201, "{:#}", closed.json);
        assert!(public_sessions(&app, SEED_OFFICE_ID, DATE).await.is_empty());
        let late = drafts(&app, &tokens, 2, 1).await;
        let refused = book(&app, &tokens, &late[0], &session, DATE).await;
        assert!(refused.problem(409).detail.contains("closed"));
        let patch = call(&app, Method::PATCH, &format!("/v1/office/sessions/{session}"), Some(&json!({"capacity_regular": 5})), &admin).await;
        patch.problem(409);

        let listed = call(&app, Method::GET, "/v1/office/holidays?year=2026", None, &admin).await;
        assert_eq!(listed.status, 200, "{:#}", listed.json);
        let dates: Vec<String> = listed.parse::<HolidayList>().items.iter().map(|h| h.date.to_string()).collect();
        assert_eq!(dates, [DATE, "2026-12-01"]);
        let none = call(&app, Method::GET, "/v1/office/holidays?year=2027", None, &admin).await;
        assert!(none.parse::<HolidayList>().items.is_empty());
        call(&app, Method::GET, "/v1/office/holidays?year=1999", None, &admin).await.problem(400);
        call(&app, Method::GET, "/v1/office/holidays", None, &admin).await.problem(400);

        // Removing a holiday reopens its day.
        let removed = call(&app, Method::DELETE, "/v1/office/holidays/2026-12-01", None, &admin).await;
        assert_eq!(removed.status, 204, "{:#}", removed.json);
        assert_eq!(public_sessions(&app, SEED_OFFICE_ID, "2026-12-01").await.len(), 4);
        call(&app, Method::DELETE, "/v1/office/holidays/2026-12-01", None, &admin).await.problem(404);
        call(&app, Method::DELETE, "/v1/office/holidays/tomorrow", None, &admin).await.problem(400);
        let reopened = call(&app, Method::DELETE, &format!("/v1/office/holidays/{DATE}"), None, &admin).await;
        assert_eq!(reopened.status, 204);
        let day = public_sessions(&app, SEED_OFFICE_ID, DATE).await;
        assert_eq!(day.len(), 4);
        assert_eq!(day[0].channels.regular.remaining, 50);
        let taken = book(&app, &tokens, &late[0], &session, DATE).await;
        assert_eq!(taken.status, 200, "{:#}", taken.json);

        let created = audit(&app, &admin, "holiday.create").await;
        assert_eq!(created.len(), 2, "{created:#?}");
        assert_eq!(created[0].object_id, DATE);
        assert_eq!(created[0].after, Some(json!({"date": DATE, "name": "Libur", "sessions": 4})));
        assert_eq!(created[0].before, None);
        let deleted = audit(&app, &admin, "holiday.delete").await;
        assert_eq!(deleted.len(), 2, "{deleted:#?}");
        assert_eq!(deleted[1].before, Some(json!({"date": "2026-12-01", "name": "Cuti bersama", "sessions": 4})));
        assert_eq!(deleted[1].after, None);
    }
}

on_both_backends! {
    async fn new_templates_apply_to_dates_not_yet_materialised_and_holidays_get_no_sessions(app) {
        let admin = office_admin(&app).await;
        let path = "/v1/office/session-templates";
        let seed = call(&app, Method::GET, path, None, &admin).await;
        assert_eq!(seed.status, 200, "{:#}", seed.json);
        let seeded = seed.parse::<SessionTemplateList>().templates;
        assert_eq!(seeded.len(), 20);
        assert_eq!(
            seeded[0],
            SessionTemplateDto {
                weekday: 1, starts: "08:00".to_owned(), ends: "09:30".to_owned(),
                capacity_regular: 50, capacity_same_day: 9, capacity_priority: 13,
                kind_limit_electronic: None, kind_limit_non_electronic: None,
            }
        );

        let template = |weekday: u32, starts: &str, ends: &str| json!({
            "weekday": weekday, "starts": starts, "ends": ends,
            "capacity_regular": 7, "capacity_same_day": 1, "capacity_priority": 2
        });
        // Each problem is named by the template's position.
        // Rules the schema cannot state (order, opening hours, overlap) are 422; values
        // that break the schema are 400.
        let invalid = [
            (json!([template(1, "10:00", "09:00")]), "templates[0]", 422),
            (json!([template(1, "07:00", "09:00")]), "templates[0]", 422),
            (json!([template(1, "08:00", "10:00"), template(1, "09:00", "11:00")]), "templates[1]", 422),
            (json!([template(8, "08:00", "10:00")]), "templates[0].weekday", 400),
            (json!([template(2, "8am", "10:00")]), "templates[0].starts", 400),
        ];
        for (templates, field, status) in invalid {
            let refused = call(&app, Method::PUT, path, Some(&json!({"templates": templates})), &admin).await;
            assert_eq!(refused.problem(status).errors.expect("errors")[0].field, field, "{templates}");
        }
        let week = json!({"templates": [template(1, "08:00", "10:00"), template(3, "13:00", "15:00")]});
        let replaced = call(&app, Method::PUT, path, Some(&week), &admin).await;
        assert_eq!(replaced.status, 200, "{:#}", replaced.json);
        assert_eq!(replaced.json, week);
        assert_eq!(call(&app, Method::GET, path, None, &admin).await.json, week);
        let records = audit(&app, &admin, "session_templates.replace").await;
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].before.as_ref().expect("before")["templates"].as_array().unwrap().len(), 20);
        assert_eq!(records[0].after.as_ref(), Some(&week));

        // A Monday beyond the 70-day horizon is declared a holiday before it has sessions.
        let holiday = app.post("/v1/office/holidays", &json!({"date": "2027-02-22", "name": "Libur daerah"}), Some(access(&admin))).await;
        assert_eq!(holiday.status, 201, "{:#}", holiday.json);

        // A restart with a longer horizon materialises the dates beyond the old one.
        let app = app.restart_with(|config| config.session_horizon_days = 100).await;
        // Dates materialised before keep their sessions and capacities.
        let kept = public_sessions(&app, SEED_OFFICE_ID, MONDAY).await;
        assert_eq!(kept.len(), 4);
        assert_eq!(kept[0].channels.regular.capacity, 50);
        // New dates follow the new week.
        let monday = public_sessions(&app, SEED_OFFICE_ID, "2027-02-15").await;
        assert_eq!(monday.len(), 1);
        assert_eq!(monday[0].starts_at.to_rfc3339(), "2027-02-15T08:00:00+07:00");
        assert_eq!(monday[0].channels.regular.capacity, 7);
        assert!(public_sessions(&app, SEED_OFFICE_ID, "2027-02-16").await.is_empty());
        assert_eq!(public_sessions(&app, SEED_OFFICE_ID, "2027-02-17").await.len(), 1);
        // The holiday got none.
        assert!(public_sessions(&app, SEED_OFFICE_ID, "2027-02-22").await.is_empty());
        assert_eq!(public_sessions(&app, SEED_OFFICE_ID, "2027-03-01").await.len(), 1);
    }
}

/// A new office in Batam (WIB) with sessions on weekdays, released 30 days ahead.
pub(crate) fn new_office() -> Value {
    let weekdays: Vec<Value> = (1..=5)
        .map(|weekday| {
            json!({
                "weekday": weekday, "starts": "08:00", "ends": "12:00",
                "capacity_regular": 10, "capacity_same_day": 2, "capacity_priority": 3
            })
        })
        .collect();
    json!({
        "name": "Kantor Imigrasi Kelas I Khusus TPI Batam",
        "kind": "immigration_office",
        "class": "I Khusus TPI",
        "address": "Jl. Engku Putri No. 3, Batam Centre",
        "city": "Batam",
        "province": "Kepulauan Riau",
        "latitude": 1.1302,
        "longitude": 104.0530,
        "time_zone": "wib",
        "opening_hours": {"opens": "08:00", "closes": "16:00"},
        "e_passport_available": true,
        "release_rule": {"kind": "days_ahead", "days": 30, "time": "08:00"},
        "session_templates": weekdays
    })
}

on_both_backends! {
    async fn a_system_admin_creates_an_office_whose_sessions_show_at_once(app) {
        let admin = system_admin(&app).await;
        let created = app.post("/v1/admin/offices", &new_office(), Some(access(&admin))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let office: OfficeDto = created.parse();
        let id = office.id.clone();
        assert_eq!(created.header("location"), format!("/v1/offices/{id}"));
        assert_eq!(office.city, "Batam");
        assert_eq!(office.priority_policy.elderly_from_age, 60);
        assert_eq!(serde_json::to_value(&office.release_rule).unwrap(), json!({"kind": "days_ahead", "days": 30, "time": "08:00"}));
        let shown = app.get(&format!("/v1/offices/{id}")).await;
        assert_eq!(shown.json, created.json);
        let days = app.get(&format!("/v1/offices/{id}/availability?from={MONDAY}&to=2026-12-06")).await;
        assert_eq!(days.status, 200, "{:#}", days.json);
        let availability: AvailabilityDto = days.parse();
        let per_day: Vec<usize> = availability.days.iter().map(|d| d.sessions.len()).collect();
        assert_eq!(per_day, [1, 1, 1, 1, 1, 0, 0]);
        assert_eq!(places(availability.days[0].sessions[0].channels.regular), (10, 10));
        assert!(availability.days[0].bookable);

        // Its own admin manages it; the seed office's admin cannot reach its sessions.
        let batam = app.staff("kepala.batam@imigrasi.example", Role::OfficeAdmin, Some(&id)).await;
        let session = sessions_on(&app, &batam, MONDAY).await[0].id.clone();
        let seed_admin = office_admin(&app).await;
        call(&app, Method::PATCH, &format!("/v1/office/sessions/{session}"), Some(&json!({"capacity_regular": 1})), &seed_admin)
            .await
            .problem(404);

        // Every field is checked, each named.
        let mut bad = new_office();
        bad["latitude"] = json!(91.0);
        bad["name"] = json!("");
        bad["session_templates"][1]["ends"] = json!("17:00");
        let refused = app.post("/v1/admin/offices", &bad, Some(access(&admin))).await;
        let mut fields = refused.error_fields();
        fields.sort();
        assert_eq!(fields, ["latitude", "name", "session_templates[1]"], "{:#}", refused.json);
        let mut bad = new_office();
        bad["opening_hours"] = json!({"opens": "16:00", "closes": "08:00"});
        assert_eq!(app.post("/v1/admin/offices", &bad, Some(access(&admin))).await.problem(422).errors.expect("errors")[0].field, "opening_hours.closes");

        // Changed field by field.
        let path = format!("/v1/admin/offices/{id}");
        let changed = call(&app, Method::PATCH, &path, Some(&json!({"name": "Kanim Batam", "e_passport_available": false})), &admin).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        let office: OfficeDto = changed.parse();
        assert_eq!(office.name, "Kanim Batam");
        assert_eq!(office.city, "Batam");
        assert!(!app.get(&format!("/v1/offices/{id}")).await.parse::<OfficeDto>().e_passport_available);
        let narrower = call(&app, Method::PATCH, &path, Some(&json!({"opening_hours": {"opens": "09:00", "closes": "16:00"}})), &admin).await;
        narrower.problem(409);
        call(&app, Method::PATCH, "/v1/admin/offices/no-such-office", Some(&json!({"name": "X"})), &admin).await.problem(404);
        call(&app, Method::PATCH, &path, Some(&json!({"longitude": 200.0})), &admin).await.problem(400);
        let lunch = json!({"opening_hours": {"opens": "08:00", "closes": "16:00", "lunch": "12:00"}});
        call(&app, Method::PATCH, &path, Some(&lunch), &admin).await.problem(400);

        let created = audit(&app, &admin, "office.create").await;
        assert_eq!(created.len(), 1);
        assert_eq!(created[0].office_id.as_deref(), Some(id.as_str()));
        assert_eq!(created[0].object_id, id);
        assert_eq!(created[0].actor_role, "system_admin");
        assert_eq!(created[0].after.as_ref().expect("after")["name"], "Kantor Imigrasi Kelas I Khusus TPI Batam");
        let updated = audit(&app, &admin, "office.update").await;
        assert_eq!(updated.len(), 1, "{updated:#?}");
        // The kinds it offers follow its books, and the record says so.
        assert_eq!(updated[0].before, Some(json!({"name": "Kantor Imigrasi Kelas I Khusus TPI Batam", "e_passport_available": true, "passport_kinds": ["electronic", "non_electronic"]})));
        assert_eq!(updated[0].after, Some(json!({"name": "Kanim Batam", "e_passport_available": false, "passport_kinds": ["non_electronic"]})));
        // The new office's admin reads its trail.
        assert_eq!(audit(&app, &batam, "office.create").await.len(), 1);
    }
}

async fn quote_schedule(app: &TestApp) -> (String, i64) {
    let quote = app.get("/v1/quote?passport_kind=electronic&service=regular&application_kind=new&validity_years=10").await;
    assert_eq!(quote.status, 200, "{:#}", quote.json);
    let quote: QuoteDto = quote.parse();
    (quote.schedule, quote.total)
}

on_both_backends! {
    async fn switching_tariff_schedules_changes_quotes_at_once_and_survives_a_restart(app) {
        let admin = system_admin(&app).await;
        let listed = call(&app, Method::GET, "/v1/admin/tariff-schedules", None, &admin).await;
        assert_eq!(listed.status, 200, "{:#}", listed.json);
        let schedules = listed.parse::<TariffScheduleList>().items;
        let codes: Vec<(&str, bool)> = schedules.iter().map(|s| (s.code.as_str(), s.enabled)).collect();
        assert_eq!(codes, [("launch", true), ("validity_2024", false)]);
        assert!(schedules[0].items.iter().any(|p| p.item == TariffItemDto::PassportElectronic && p.amount == 650_000));
        assert_eq!(quote_schedule(&app).await, ("launch".to_owned(), 650_000));

        let path = "/v1/admin/tariff-schedules/in-force";
        let unknown = call(&app, Method::PUT, path, Some(&json!({"codes": ["launch", "tarif_2030"]})), &admin).await;
        assert!(unknown.problem(422).detail.contains("tarif_2030"));
        call(&app, Method::PUT, path, Some(&json!({"codes": []})), &admin).await.problem(422);
        assert_eq!(quote_schedule(&app).await.0, "launch", "a refused switch changes nothing");

        let switched = call(&app, Method::PUT, path, Some(&json!({"codes": ["validity_2024", "launch"]})), &admin).await;
        assert_eq!(switched.status, 200, "{:#}", switched.json);
        assert!(switched.parse::<TariffScheduleList>().items.iter().all(|s| s.enabled));
        assert_eq!(quote_schedule(&app).await, ("validity_2024".to_owned(), 950_000));
        let records = audit(&app, &admin, "tariff.in_force").await;
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].before, Some(json!({"codes": ["launch"]})));
        assert_eq!(records[0].after, Some(json!({"codes": ["launch", "validity_2024"]})));
        assert_eq!(records[0].office_id, None);

        // The environment names a switch: applied at the first start that sees it...
        let app = app.restart_with(|config| config.tariff_schedules = Some(vec!["launch".to_owned()])).await;
        assert_eq!(quote_schedule(&app).await.0, "launch");
        // ...an admin's later choice survives a restart with the same environment...
        let admin = app.login("admin@imigrasi.example", PASSWORD).await;
        let again = call(&app, Method::PUT, "/v1/admin/tariff-schedules/in-force", Some(&json!({"codes": ["launch", "validity_2024"]})), &admin).await;
        assert_eq!(again.status, 200);
        let app = app.restart_with(|config| config.tariff_schedules = Some(vec!["launch".to_owned()])).await;
        assert_eq!(quote_schedule(&app).await.0, "validity_2024");
        // ...and a changed environment applies again.
        let app = app.restart_with(|config| config.tariff_schedules = Some(vec!["validity_2024".to_owned()])).await;
        assert_eq!(quote_schedule(&app).await, ("validity_2024".to_owned(), 950_000));
        let admin = app.login("admin@imigrasi.example", PASSWORD).await;
        let listed = call(&app, Method::GET, "/v1/admin/tariff-schedules", None, &admin).await;
        assert!(!listed.parse::<TariffScheduleList>().items[0].enabled);
    }
}

/// The id of the unmatched payment with this event id.
pub(crate) async fn unmatched_payment(
    app: &TestApp,
    admin: &TokenPairDto,
    event_id: &str,
) -> String {
    let listed = call(
        app,
        Method::GET,
        "/v1/admin/payments?status=unmatched",
        None,
        admin,
    )
    .await;
    listed
        .parse::<PaymentPage>()
        .items
        .into_iter()
        .find(|p| p.event_id == event_id)
        .unwrap_or_else(|| panic!("no unmatched {event_id}: {:#}", listed.json))
        .id
}

async fn settle(app: &TestApp, admin: &TokenPairDto, payment: &str, body: Value) -> Answer {
    app.post(
        &format!("/v1/admin/payments/{payment}/settlement"),
        &body,
        Some(access(admin)),
    )
    .await
}

async fn status_of(app: &TestApp, tokens: &TokenPairDto, id: &str) -> Status {
    call(
        app,
        Method::GET,
        &format!("/v1/applications/{id}"),
        None,
        tokens,
    )
    .await
    .parse::<ApplicationDto>()
    .status
}

/// What became of a payment notice.
fn result(answer: &Answer) -> PaymentResultDto {
    answer.parse::<PaymentAckDto>().result
}

on_both_backends! {
    async fn an_unmatched_payment_is_applied_to_the_application_awaiting_it(app) {
        let admin = system_admin(&app).await;
        let tokens = app.applicant("bayar@example.com").await;
        let (id, code) = book_new(&app, &tokens, &nth_nik(1)).await;
        // The payer mistyped the code: the notice matches nothing.
        let typo: String = code.chars().rev().collect();
        let answer = notify(&app, &json!({"event_id": "typo-1", "billing_code": typo, "amount": 650000, "paid_at": "2026-11-25T03:00:00Z"})).await;
        assert_eq!(result(&answer), PaymentResultDto::Unmatched, "{:#}", answer.json);
        let payment = unmatched_payment(&app, &admin, "typo-1").await;
        assert!(app.emails_to("bayar@example.com").iter().all(|m| m["subject"] != "Payment received"));

        let settled = settle(&app, &admin, &payment, json!({"resolution": "applied", "application_id": id, "note": "digits reversed by the payer"})).await;
        assert_eq!(settled.status, 200, "{:#}", settled.json);
        let settled: PaymentDto = settled.parse();
        assert_eq!(settled.status, PaymentStatusDto::Settled);
        assert_eq!(settled.application_id.as_deref(), Some(id.as_str()));
        let settlement = settled.settlement.as_ref().expect("a settlement");
        assert_eq!(settlement.resolution, SettlementResolutionDto::Applied);
        assert_eq!(settlement.note, "digits reversed by the payer");
        assert_eq!(settlement.settled_at, instant("2026-11-25T03:00:00Z"));
        assert_eq!(status_of(&app, &tokens, &id).await, Status::Paid);
        // The holder is told as for a matched payment (the outbox delivers in the background).
        eventually("the payment email", || {
            let paid = app.emails_to("bayar@example.com").into_iter().filter(|m| m["subject"] == "Payment received").count();
            (paid == 1).then_some(())
        })
        .await;
        // The booking is paid for good: past its 2-hour window it still holds its place.
        app.clock.advance(TimeDelta::hours(3));
        let tokens = app.login("bayar@example.com", PASSWORD).await;
        assert_eq!(status_of(&app, &tokens, &id).await, Status::Paid);
        let admin = app.login("admin@imigrasi.example", PASSWORD).await;

        let unmatched = call(&app, Method::GET, "/v1/admin/payments?status=unmatched", None, &admin).await;
        assert_eq!(unmatched.parse::<PaymentPage>().total, 0);
        let listed: PaymentPage = call(&app, Method::GET, "/v1/admin/payments?status=settled", None, &admin).await.parse();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.items[0].settlement.as_ref().expect("a settlement").settled_by, settlement.settled_by);
        let twice = settle(&app, &admin, &payment, json!({"resolution": "refunded", "note": "again"})).await;
        assert!(twice.problem(409).detail.contains("settled"));

        let records = audit(&app, &admin, "payment.settle").await;
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].object_id, payment);
        assert_eq!(records[0].office_id.as_deref(), Some(SEED_OFFICE_ID));
        assert_eq!(records[0].before, Some(json!({"status": "unmatched", "application_id": null})));
        assert_eq!(records[0].after, Some(json!({"status": "settled", "application_id": id, "resolution": "applied", "note": "digits reversed by the payer"})));
    }
}

on_both_backends! {
    async fn a_late_payment_is_refunded_not_applied_to_its_expired_application(app) {
        system_admin(&app).await;
        let tokens = app.applicant("telat@example.com").await;
        let (id, code) = book_new(&app, &tokens, &nth_nik(1)).await;
        app.clock.advance(TimeDelta::hours(2));
        let tokens = app.login("telat@example.com", PASSWORD).await;
        // The expiry job runs every 50 ms in tests; a loaded machine may take longer.
        let mut status = None;
        for _ in 0..800 {
            status = Some(status_of(&app, &tokens, &id).await);
            if status == Some(Status::Expired) {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert_eq!(status, Some(Status::Expired));
        let late = notify(&app, &json!({"event_id": "late-1", "billing_code": code, "amount": 650000, "paid_at": "2026-11-25T05:01:00Z"})).await;
        assert_eq!(result(&late), PaymentResultDto::Unmatched);
        let odd = notify(&app, &json!({"event_id": "odd-1", "billing_code": "000000000000001", "amount": 100000, "paid_at": "2026-11-25T05:02:00Z"})).await;
        assert_eq!(result(&odd), PaymentResultDto::Unmatched);
        let admin = app.login("admin@imigrasi.example", PASSWORD).await;
        let payment = unmatched_payment(&app, &admin, "late-1").await;

        let refused = settle(&app, &admin, &payment, json!({"resolution": "applied", "application_id": id, "note": "paid late"})).await;
        assert!(refused.problem(409).detail.contains("refund"));
        let wrong = settle(&app, &admin, &payment, json!({"resolution": "applied", "application_id": "no-such-application", "note": "x"})).await;
        assert_eq!(wrong.problem(422).errors.expect("errors")[0].field, "application_id");
        let missing = settle(&app, &admin, &payment, json!({"resolution": "applied", "note": "x"})).await;
        assert_eq!(missing.problem(422).errors.expect("errors")[0].field, "application_id");
        let extra = settle(&app, &admin, &payment, json!({"resolution": "refunded", "application_id": id, "note": "x"})).await;
        assert_eq!(extra.problem(422).errors.expect("errors")[0].field, "application_id");
        let silent = settle(&app, &admin, &payment, json!({"resolution": "refunded", "note": "  "})).await;
        assert_eq!(silent.problem(400).errors.expect("errors")[0].field, "note");
        settle(&app, &admin, "no-such-payment", json!({"resolution": "refunded", "note": "x"})).await.problem(404);

        // A fresh booking awaiting 650,000 does not take a payment of another amount.
        let (fresh, _) = book_new(&app, &tokens, &nth_nik(3)).await;
        let odd_payment = unmatched_payment(&app, &admin, "odd-1").await;
        let amount = settle(&app, &admin, &odd_payment, json!({"resolution": "applied", "application_id": fresh, "note": "x"})).await;
        assert!(amount.problem(409).detail.contains("amount"));
        assert_eq!(status_of(&app, &tokens, &fresh).await, Status::AwaitingPayment);

        let refunded = settle(&app, &admin, &payment, json!({"resolution": "refunded", "note": "paid after expiry; refunded by bank transfer"})).await;
        assert_eq!(refunded.status, 200, "{:#}", refunded.json);
        let refunded: PaymentDto = refunded.parse();
        assert_eq!(refunded.status, PaymentStatusDto::Settled);
        assert_eq!(refunded.settlement.expect("a settlement").resolution, SettlementResolutionDto::Refunded);
        assert_eq!(refunded.application_id.as_deref(), Some(id.as_str()));
        assert_eq!(status_of(&app, &tokens, &id).await, Status::Expired);
        let records = audit(&app, &admin, "payment.settle").await;
        assert_eq!(records.len(), 1, "refusals leave no record: {records:#?}");
        assert_eq!(records[0].after.as_ref().expect("after")["resolution"], "refunded");
        assert_eq!(records[0].office_id, None);
    }
}

on_both_backends! {
    async fn a_staff_account_created_by_an_admin_is_audited_without_secrets(app) {
        let admin = system_admin(&app).await;
        let created = app.post(
            "/v1/admin/users",
            &json!({"email": "baru@imigrasi.example", "full_name": "Petugas Baru", "password": "sebuah kata sandi panjang", "role": "officer", "office_id": SEED_OFFICE_ID}),
            Some(access(&admin)),
        )
        .await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let records = audit(&app, &admin, "staff.create").await;
        assert_eq!(records.len(), 1, "{records:#?}");
        assert_eq!(records[0].object_type, "account");
        assert_eq!(records[0].object_id, created.parse::<paspor_openapi::AccountDto>().id);
        assert_eq!(records[0].office_id.as_deref(), Some(SEED_OFFICE_ID));
        assert_eq!(records[0].after.as_ref(), Some(&created.json));
        assert!(!serde_json::to_string(&records[0]).unwrap().contains("password"));
        // The office's admin sees who joined it.
        let office = office_admin(&app).await;
        assert_eq!(audit(&app, &office, "staff.create").await.len(), 1);
    }
}

/// A request of each administration route, with a body it accepts.
fn routes(session: &str, office: &str) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (
            Method::GET,
            format!("/v1/office/sessions?from={DATE}&to={DATE}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/v1/office/sessions/{session}"),
            Some(json!({})),
        ),
        (Method::GET, "/v1/office/session-templates".to_owned(), None),
        (
            Method::PUT,
            "/v1/office/session-templates".to_owned(),
            Some(json!({"templates": []})),
        ),
        (Method::GET, "/v1/office/settings".to_owned(), None),
        (
            Method::PATCH,
            "/v1/office/settings".to_owned(),
            Some(json!({})),
        ),
        (
            Method::GET,
            "/v1/office/holidays?year=2026".to_owned(),
            None,
        ),
        (
            Method::POST,
            "/v1/office/holidays".to_owned(),
            Some(json!({"date": "2026-12-25", "name": "Natal"})),
        ),
        (
            Method::DELETE,
            "/v1/office/holidays/2026-12-25".to_owned(),
            None,
        ),
    ]
    .into_iter()
    .chain(admin_routes(office))
    .collect()
}

/// The system admin's routes, with bodies they accept.
fn admin_routes(office: &str) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (
            Method::POST,
            "/v1/admin/offices".to_owned(),
            Some(new_office()),
        ),
        (
            Method::PATCH,
            format!("/v1/admin/offices/{office}"),
            Some(json!({})),
        ),
        (Method::GET, "/v1/admin/tariff-schedules".to_owned(), None),
        (
            Method::PUT,
            "/v1/admin/tariff-schedules/in-force".to_owned(),
            Some(json!({"codes": ["launch"]})),
        ),
        (
            Method::POST,
            "/v1/admin/payments/some-payment/settlement".to_owned(),
            Some(json!({"resolution": "refunded", "note": "x"})),
        ),
    ]
}

on_both_backends! {
    async fn every_administration_route_refuses_the_wrong_callers(app) {
        let office_admin_tokens = office_admin(&app).await;
        let session = sessions_on(&app, &office_admin_tokens, DATE).await[0].id.clone();
        let applicant = app.applicant("warga@example.com").await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let admin = system_admin(&app).await;
        let all = routes(&session, SEED_OFFICE_ID);
        for (method, path, body) in &all {
            for (who, tokens) in [("applicant", &applicant), ("officer", &officer)] {
                let answer = app.send(method.clone(), path, body.as_ref(), Some(access(tokens))).await;
                assert_eq!(answer.status, 403, "{who} {method} {path}: {:#}", answer.json);
                answer.problem(403);
            }
            app.send(method.clone(), path, body.as_ref(), None).await.problem(401);
            app.send(method.clone(), path, body.as_ref(), Some("not-a-token")).await.problem(401);
        }
        // Office routes are an office admin's; system routes a system admin's.
        for (method, path, body) in all.iter().take(9) {
            let answer = app.send(method.clone(), path, body.as_ref(), Some(access(&admin))).await;
            assert_eq!(answer.status, 403, "system admin {method} {path}: {:#}", answer.json);
        }
        for (method, path, body) in admin_routes(SEED_OFFICE_ID) {
            let answer = app.send(method.clone(), &path, body.as_ref(), Some(access(&office_admin_tokens))).await;
            assert_eq!(answer.status, 403, "office admin {method} {path}: {:#}", answer.json);
        }
        // Another office's admin finds no session of this office.
        let elsewhere = app.staff("kepala.jayapura@imigrasi.example", Role::OfficeAdmin, Some(JAYAPURA)).await;
        let foreign = call(&app, Method::PATCH, &format!("/v1/office/sessions/{session}"), Some(&json!({"capacity_regular": 1})), &elsewhere).await;
        foreign.problem(404);
        let own = call(&app, Method::GET, &format!("/v1/office/sessions?from={DATE}&to={DATE}"), None, &elsewhere).await;
        let own: OfficeSessionList = own.parse();
        assert!(own.items.iter().all(|s| s.id != session));
        assert_eq!(own.office_id, JAYAPURA);

        // Refusals changed nothing and left no record.
        let trail = call(&app, Method::GET, "/v1/office/audit?per_page=100", None, &admin).await;
        assert_eq!(trail.parse::<AuditPage>().total, 0, "{:#}", trail.json);

        // Tokens expire after 15 minutes.
        app.clock.advance(TimeDelta::minutes(16));
        for (method, path, body) in &all {
            let tokens = if path.starts_with("/v1/admin") { &admin } else { &office_admin_tokens };
            let answer = app.send(method.clone(), path, body.as_ref(), Some(access(tokens))).await;
            assert!(answer.problem(401).detail.contains("expired"), "{method} {path}");
        }
    }
}

/// Offices are remembered by each process for `PASPOR_REFERENCE_CACHE_MS`: the process
/// that changed one answers the change at once, another within that time.
#[actix_web::test]
async fn an_office_changed_in_one_process_is_seen_by_another_within_its_memory() {
    let Some(database) =
        TestDatabase::postgres("an_office_changed_in_one_process_is_seen_by_another")
    else {
        return;
    };
    let changing = TestApp::start(database).await;
    let remember_for = std::time::Duration::from_millis(300);
    let other = TestApp::start_sharing_with(changing.database_url(), |c| {
        c.reference_cache = remember_for;
    })
    .await;
    let path = format!("/v1/offices/{SEED_OFFICE_ID}");
    let e_passports = |answer: Answer| answer.parse::<OfficeDto>().e_passport_available;
    assert!(
        e_passports(other.get(&path).await),
        "remembered by the other process"
    );

    let admin = system_admin(&changing).await;
    let admin_path = format!("/v1/admin/offices/{SEED_OFFICE_ID}");
    let changed = call(
        &changing,
        Method::PATCH,
        &admin_path,
        Some(&json!({"e_passport_available": false})),
        &admin,
    )
    .await;
    assert_eq!(changed.status, 200, "{:#}", changed.json);
    assert!(
        !e_passports(changing.get(&path).await),
        "the changing process forgot at once"
    );

    tokio::time::sleep(remember_for).await;
    assert!(
        !e_passports(other.get(&path).await),
        "the other process read it again"
    );
}
