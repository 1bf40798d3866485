//! Walk-ins registered at the office (`POST /v1/office/walk-ins`) and a day's list
//! (`GET /v1/office/walk-ins`): priority eligibility at its edges on the visit date
//! (Wednesday 25 November 2026, the test clock's first day), under the default policy and
//! under one the office admin sets through the API, the penalty
//! of a lost or damaged passport and its waiver after a disaster, same-day service, the
//! quota, the one-active-application rule, the audit record, who may do it, and payment.

use chrono::TimeDelta;
use paspor_api::check_in::{CheckInKey, ScanningOffice, verify};
use paspor_domain::TimeZone;
use paspor_domain::account::Role;
use paspor_domain::quota::Channel;
use paspor_openapi::{
    AccountDto, ApplicationKindCodeDto, ApplicationStatusDto, AuditPage, AvailabilityDto,
    BookingStateDto, ChannelDto, PriorityGroundDto, ReplacementReasonDto, ServiceDto, SessionDto,
    TariffItemDto, TokenPairDto, WalkInDto, WalkInKindDto, WalkInPage,
};
use paspor_persistence::{applications, sessions};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Answer, SEED_OFFICE_ID, TestApp, access, add_applicant, draft, instant, nth_nik, pay,
};

/// The visit date: the test clock's first day, 10:00 WIB.
const TODAY: &str = "2026-11-25";

/// The secret of `Config::for_tests`, from which the check-in key is derived.
const TEST_SECRET: &[u8] = b"test-secret-that-is-at-least-32-bytes-long";

/// Jayapura (WIT): a seed office without e-passport books.
const JAYAPURA: &str = "0193a000-0000-7000-8000-000000000004";

/// A NIK of Pangkalpinang that agrees with the birth date (`YYYY-MM-DD`) and sex.
pub(crate) fn nik(birth_date: &str, female: bool, serial: u32) -> String {
    let (year, rest) = birth_date.split_at(4);
    let month = &rest[1..3];
    let day: u32 = rest[4..6].parse().unwrap();
    let day = if female { day + 40 } else { day };
    format!("197101{day:02}{month}{}{serial:04}", &year[2..])
}

/// A person born on `birth_date`; a child under 17 gets a guardian.
pub(crate) fn person(birth_date: &str, female: bool, serial: u32) -> Value {
    let young = birth_date > "2009-11-25";
    json!({
        "nik": nik(birth_date, female, serial),
        "full_name": if female { "Siti Aminah" } else { "Ahmad Yani" },
        "place_of_birth": "Pangkalpinang",
        "birth_date": birth_date,
        "sex": if female { "female" } else { "male" },
        "address": "Jl. Mentok 5, Pangkalpinang",
        "father_name": "Hasan",
        "mother_name": "Aisyah",
        "marital_status": if young { "single" } else { "married" },
        "dual_citizen_child": false,
        "previous_passport_number": null,
        "guardian_nik": if young { json!(nik("1985-02-03", true, 9)) } else { Value::Null },
    })
}

/// A walk-in of `kind` for `person`: an electronic passport for a trip to Saudi Arabia.
pub(crate) fn walk_in(kind: &str, person: Value) -> Value {
    json!({
        "kind": kind,
        "person": person,
        "passport_kind": "electronic",
        "travel": {
            "purpose": "umrah", "destination_country": "SA", "planned_departure": "2027-01-10",
            "address_abroad": "Makkah", "length_of_stay_days": 12, "contact_name": "Travel Amanah",
            "contact_phone": "+62 717 123456", "has_return_ticket": true, "accommodation": "Hotel Makkah"
        }
    })
}

/// `walk_in` with more fields set.
fn with(mut body: Value, fields: Value) -> Value {
    for (name, value) in fields.as_object().unwrap() {
        body[name] = value.clone();
    }
    body
}

async fn register(app: &TestApp, tokens: &TokenPairDto, body: &Value) -> Answer {
    app.post("/v1/office/walk-ins", body, Some(access(tokens)))
        .await
}

async fn list(app: &TestApp, tokens: &TokenPairDto, query: &str) -> Answer {
    app.send(
        Method::GET,
        &format!("/v1/office/walk-ins{query}"),
        None,
        Some(access(tokens)),
    )
    .await
}

async fn officer(app: &TestApp) -> TokenPairDto {
    app.staff(
        "petugas@imigrasi.example",
        Role::Officer,
        Some(SEED_OFFICE_ID),
    )
    .await
}

/// Registers and expects 201; returns the walk-in.
async fn registered(app: &TestApp, tokens: &TokenPairDto, body: &Value) -> WalkInDto {
    let answer = register(app, tokens, body).await;
    assert_eq!(answer.status, 201, "{:#}", answer.json);
    answer.parse()
}

/// How many walk-ins a list answer counts.
fn total(answer: &Answer) -> u64 {
    answer.parse::<WalkInPage>().total
}

/// Today's sessions at the seed office, as the availability answers them.
async fn today_availability(app: &TestApp) -> Vec<SessionDto> {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={TODAY}&to={TODAY}"
        ))
        .await;
    assert_eq!(days.status, 200, "{:#}", days.json);
    days.parse::<AvailabilityDto>().days[0].sessions.clone()
}

/// Today's sessions at the seed office, in order: (id, local start `HH:MM`).
async fn today_sessions(app: &TestApp) -> Vec<(String, String)> {
    today_availability(app)
        .await
        .into_iter()
        .map(|session| {
            let starts = session.starts_at.to_rfc3339();
            (session.id, starts[11..16].to_owned())
        })
        .collect()
}

/// The codes of a quote's lines with their amounts.
fn lines(walk_in: &WalkInDto) -> Vec<(TariffItemDto, i64)> {
    walk_in
        .quote
        .as_ref()
        .expect("a quote")
        .items
        .iter()
        .map(|line| (line.code, line.amount))
        .collect()
}

/// The booking of a walk-in.
fn booking(walk_in: &WalkInDto) -> &paspor_openapi::BookingDto {
    walk_in.booking.as_ref().expect("a booking")
}

on_both_backends! {
    async fn priority_is_judged_on_the_visit_date_under_the_office_policy(app) {
        let tokens = officer(&app).await;

        // The day before the 5th birthday: served from the priority quota.
        let child = registered(&app, &tokens, &walk_in("priority", person("2021-11-26", false, 1))).await;
        assert_eq!(child.kind, WalkInKindDto::Priority);
        assert_eq!(child.channel, ChannelDto::Priority);
        assert_eq!(child.priority_grounds, [PriorityGroundDto::YoungChild]);
        assert_eq!(child.status, ApplicationStatusDto::AwaitingPayment);
        assert_eq!(child.visit_date.to_string(), TODAY);
        assert_eq!(child.office_id, SEED_OFFICE_ID);
        assert_eq!(child.application_kind, ApplicationKindCodeDto::New);
        assert_eq!(child.service, ServiceDto::Regular);
        // At 10:00 the 09:30-11:00 session is under way and serves a walk-in at the counter.
        let placed = booking(&child);
        assert_eq!(placed.channel, ChannelDto::Priority);
        assert_eq!(placed.date.to_string(), TODAY);
        assert_eq!(placed.starts, "09:30");
        assert_eq!(placed.state, BookingStateDto::AwaitingPayment);
        assert!(placed.billing_code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(placed.billing_code.len(), 15);
        assert_eq!(placed.amount, 650_000);
        assert_eq!(child.quote.as_ref().expect("a quote").total, 650_000);
        assert_eq!(lines(&child), [(TariffItemDto::PassportElectronic, 650_000)]);
        assert_eq!(placed.payment_deadline, Some(instant("2026-11-25T05:00:00Z")));
        let code = child.check_in_code.as_ref().expect("a check-in code");
        assert_eq!(code.date.to_string(), TODAY);
        assert_eq!(code.application_id, child.application_id);

        // On the 5th birthday: refused, with the reason.
        let five = register(&app, &tokens, &walk_in("priority", person("2021-11-25", false, 2))).await;
        let detail = five.problem(422).detail;
        assert!(detail.contains("aged 5 on 2026-11-25"), "{detail}");
        assert!(detail.contains("children under 5"), "{detail}");

        // Aged exactly 60 on the visit date: served; 60 only tomorrow: refused.
        let sixty = registered(&app, &tokens, &walk_in("priority", person("1966-11-25", false, 3))).await;
        assert_eq!(sixty.priority_grounds, [PriorityGroundDto::Elderly]);
        let fifty_nine = register(&app, &tokens, &walk_in("priority", person("1966-11-26", false, 4))).await;
        let detail = fifty_nine.problem(422).detail;
        assert!(detail.contains("aged 59 on 2026-11-25"), "{detail}");

        // A pregnant woman is served; a man of 30 without grounds is refused with why.
        let pregnant = registered(
            &app,
            &tokens,
            &with(walk_in("priority", person("1996-04-12", true, 5)), json!({"priority": {"pregnant": true}})),
        )
        .await;
        assert_eq!(pregnant.priority_grounds, [PriorityGroundDto::Pregnant]);
        let man = register(&app, &tokens, &walk_in("priority", person("1996-01-10", false, 6))).await;
        assert_eq!(
            man.problem(422).detail,
            "not eligible for priority service: aged 30 on 2026-11-25: priority service is for \
             children under 5, people aged 60 or over, pregnant and breastfeeding women, people \
             with disabilities"
        );
        // People with disabilities are served under the default policy, as offices list them.
        let disabled = registered(
            &app,
            &tokens,
            &with(walk_in("priority", person("1990-07-07", false, 7)), json!({"priority": {"disability": true}})),
        )
        .await;
        assert_eq!(disabled.priority_grounds, [PriorityGroundDto::Disability]);

        // Only the four served were registered, in order, with no account behind them.
        let day = list(&app, &tokens, &format!("?date={TODAY}")).await;
        assert_eq!(day.status, 200, "{:#}", day.json);
        let page: WalkInPage = day.parse();
        assert_eq!(page.total, 4);
        let ids: Vec<&String> = page.items.iter().map(|w| &w.application_id).collect();
        assert_eq!(
            ids,
            [&child.application_id, &sixty.application_id, &pregnant.application_id, &disabled.application_id]
        );
        let mut conn = app.pool().get().unwrap();
        let id = child.application_id.as_str();
        assert_eq!(applications::owner_of(&mut conn, id).unwrap(), None);
        let history = applications::history(&mut conn, id).unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].status.as_str(), "awaiting_payment");
        assert_eq!(history[0].note.as_deref(), Some("registered as a walk-in (priority)"));
    }
}

on_both_backends! {
    async fn walk_ins_are_judged_by_the_policy_the_office_admin_sets(app) {
        let tokens = officer(&app).await;
        let admin = app.staff("kepala.prioritas@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        // The office's own: children under 6, people of 65 or over, pregnant women; no
        // breastfeeding mothers, no people with disabilities.
        let policy = json!({"child_under_age": 6, "elderly_from_age": 65, "pregnant": true, "breastfeeding": false, "disability": false});
        let changed = app.send(Method::PATCH, "/v1/office/settings", Some(&json!({"priority_policy": policy})), Some(access(&admin))).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);

        // Five, six tomorrow: served under the office's age. Six today: refused, naming it.
        let five = registered(&app, &tokens, &walk_in("priority", person("2020-11-26", false, 21))).await;
        assert_eq!(five.priority_grounds, [PriorityGroundDto::YoungChild]);
        let six = register(&app, &tokens, &walk_in("priority", person("2020-11-25", false, 22))).await;
        assert_eq!(
            six.problem(422).detail,
            "not eligible for priority service: aged 6 on 2026-11-25: priority service is for \
             children under 6, people aged 65 or over, pregnant women"
        );
        // 64 refused, 65 served: the office's elderly age, not the default 60.
        let sixty_four = register(&app, &tokens, &walk_in("priority", person("1961-11-26", false, 23))).await;
        assert!(sixty_four.problem(422).detail.contains("aged 64 on 2026-11-25"));
        let sixty_five = registered(&app, &tokens, &walk_in("priority", person("1961-11-25", false, 24))).await;
        assert_eq!(sixty_five.priority_grounds, [PriorityGroundDto::Elderly]);
        // The groups it switched off are refused; the one it kept is served.
        let nursing = with(walk_in("priority", person("1995-03-03", true, 25)), json!({"priority": {"breastfeeding": true}}));
        register(&app, &tokens, &nursing).await.problem(422);
        let disabled = with(walk_in("priority", person("1988-08-08", false, 26)), json!({"priority": {"disability": true}}));
        register(&app, &tokens, &disabled).await.problem(422);
        let pregnant = registered(&app, &tokens, &with(walk_in("priority", person("1997-07-07", true, 27)), json!({"priority": {"pregnant": true}}))).await;
        assert_eq!(pregnant.priority_grounds, [PriorityGroundDto::Pregnant]);

        // Switched back on, the same people are served at once.
        let policy = json!({"child_under_age": 6, "elderly_from_age": 65, "pregnant": true, "breastfeeding": true, "disability": true});
        let changed = app.send(Method::PATCH, "/v1/office/settings", Some(&json!({"priority_policy": policy})), Some(access(&admin))).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        assert_eq!(registered(&app, &tokens, &nursing).await.priority_grounds, [PriorityGroundDto::Breastfeeding]);
        assert_eq!(registered(&app, &tokens, &disabled).await.priority_grounds, [PriorityGroundDto::Disability]);
        // An officer may not change the policy.
        let refused = app.send(Method::PATCH, "/v1/office/settings", Some(&json!({"priority_policy": policy})), Some(access(&tokens))).await;
        refused.problem(403);

        let page: WalkInPage = list(&app, &tokens, &format!("?date={TODAY}")).await.parse();
        assert_eq!(page.total, 5, "the five served, none of the refused");
    }
}

on_both_backends! {
    async fn a_lost_or_damaged_passport_pays_its_penalty_unless_a_disaster_caused_it(app) {
        let tokens = officer(&app).await;
        let bap = |serial, reason: &str, disaster: bool| {
            with(
                walk_in("replacement_examination", person("1985-06-15", false, serial)),
                json!({
                    "passport_kind": "non_electronic",
                    "replacement": {
                        "reason": reason, "disaster": disaster,
                        "examination_reference": " BAP/017/IMI.8/XI/2026 "
                    }
                }),
            )
        };

        let lost = registered(&app, &tokens, &bap(1, "lost", false)).await;
        assert_eq!(lost.kind, WalkInKindDto::ReplacementExamination);
        assert_eq!(lost.channel, ChannelDto::Regular);
        assert_eq!(booking(&lost).channel, ChannelDto::Regular);
        assert_eq!(lost.application_kind, ApplicationKindCodeDto::Replacement);
        assert_eq!(lost.replacement_reason, Some(ReplacementReasonDto::Lost));
        assert_eq!(lost.examination_reference.as_deref(), Some("BAP/017/IMI.8/XI/2026"));
        assert!(!lost.disaster);
        assert!(lost.priority_grounds.is_empty());
        assert_eq!(
            lines(&lost),
            [(TariffItemDto::PassportNonElectronic, 350_000), (TariffItemDto::LostPenalty, 1_000_000)]
        );
        assert_eq!(booking(&lost).amount, 1_350_000);

        let flooded = registered(&app, &tokens, &bap(2, "lost", true)).await;
        assert!(flooded.disaster);
        assert_eq!(lines(&flooded), [(TariffItemDto::PassportNonElectronic, 350_000)]);
        assert_eq!(booking(&flooded).amount, 350_000);

        let damaged = registered(&app, &tokens, &bap(3, "damaged", false)).await;
        assert_eq!(damaged.replacement_reason, Some(ReplacementReasonDto::Damaged));
        assert_eq!(booking(&damaged).amount, 850_000);

        // The replacement belongs to this kind and to no other; its report number is needed.
        let without = walk_in("replacement_examination", person("1985-06-15", false, 4));
        let refused = register(&app, &tokens, &without).await;
        refused.problem(422);
        assert_eq!(refused.error_fields(), ["replacement"]);
        let misplaced = register(&app, &tokens, &with(bap(5, "lost", false), json!({"kind": "same_day"}))).await;
        misplaced.problem(422);
        assert_eq!(misplaced.error_fields(), ["replacement"]);
        let mut blank = bap(6, "lost", false);
        blank["replacement"]["examination_reference"] = json!("  ");
        let refused = register(&app, &tokens, &blank).await;
        refused.problem(400);
        assert_eq!(refused.error_fields(), ["replacement.examination_reference"]);
        assert_eq!(total(&list(&app, &tokens, "").await), 3);
    }
}

on_both_backends! {
    async fn a_same_day_walk_in_comes_from_the_same_day_quota_with_the_surcharge(app) {
        let tokens = officer(&app).await;
        let same_day = registered(&app, &tokens, &walk_in("same_day", person("1992-03-04", true, 1))).await;
        assert_eq!(same_day.channel, ChannelDto::SameDay);
        assert_eq!(same_day.service, ServiceDto::SameDay);
        assert_eq!(booking(&same_day).channel, ChannelDto::SameDay);
        assert_eq!(
            lines(&same_day),
            [(TariffItemDto::PassportElectronic, 650_000), (TariffItemDto::SameDay, 1_000_000)]
        );
        assert_eq!(booking(&same_day).amount, 1_650_000);
        // The place counts against the session's same-day quota.
        let session = today_availability(&app)
            .await
            .into_iter()
            .find(|s| s.id == booking(&same_day).session_id)
            .unwrap();
        let taken = |places: paspor_openapi::Places| places.capacity - places.remaining;
        let channels = session.channels;
        assert_eq!((taken(channels.same_day), taken(channels.priority), taken(channels.regular)), (1, 0, 0), "{session:#?}");

        // Priority grounds belong to priority walk-ins.
        let grounds = with(walk_in("same_day", person("1992-03-04", true, 2)), json!({"priority": {"pregnant": true}}));
        let refused = register(&app, &tokens, &grounds).await;
        refused.problem(422);
        assert_eq!(refused.error_fields(), ["priority"]);
        // The person and the trip are checked like any applicant's and draft's.
        let mut bad = walk_in("same_day", person("1992-03-04", true, 3));
        bad["person"]["nik"] = json!("12345");
        bad["person"]["full_name"] = json!(" ");
        bad["travel"]["destination_country"] = json!("Saudi");
        let refused = register(&app, &tokens, &bad).await;
        refused.problem(400);
        assert_eq!(
            refused.error_fields(),
            ["person.nik", "person.full_name", "travel.destination_country"]
        );
        let mut orphan = walk_in("same_day", person("2015-01-01", false, 4));
        orphan["person"]["guardian_nik"] = Value::Null;
        let refused = register(&app, &tokens, &orphan).await;
        refused.problem(422);
        assert_eq!(refused.error_fields(), ["person.guardian_nik"]);
        // A priority walk-in born after the visit date is a well-formed request a rule
        // refuses (it once failed with a 500), as is a NIK whose encoded date is impossible.
        let mut unborn = walk_in("priority", person("2026-11-26", false, 5));
        unborn["person"]["nik"] = json!("0000000000000000");
        let refused = register(&app, &tokens, &unborn).await;
        refused.problem(422);
        let fields = refused.error_fields();
        assert!(fields.contains(&"person.birth_date".to_owned()), "{:#}", refused.json);
        assert!(fields.contains(&"person.nik".to_owned()), "{:#}", refused.json);
        assert_eq!(total(&list(&app, &tokens, "").await), 1);
    }
}

on_both_backends! {
    async fn the_priority_quota_and_the_sessions_of_today_bound_the_walk_ins(app) {
        let tokens = officer(&app).await;
        let today = today_sessions(&app).await;
        let starts: Vec<&str> = today.iter().map(|(_, starts)| starts.as_str()).collect();
        assert_eq!(starts, ["08:00", "09:30", "11:00", "13:00"]);
        // One priority place left today: in the 13:00 session.
        {
            let mut conn = app.pool().get().unwrap();
            for (id, starts) in &today {
                let places = u32::from(starts == "13:00");
                sessions::set_capacity(&mut conn, id, Channel::Priority, places).unwrap();
            }
        }
        let first = registered(&app, &tokens, &walk_in("priority", person("1950-01-01", false, 1))).await;
        assert_eq!(booking(&first).starts, "13:00");
        let second = register(&app, &tokens, &walk_in("priority", person("1950-01-01", false, 2))).await;
        let detail = second.problem(409).detail;
        assert!(detail.contains("no place left today in the priority quota"), "{detail}");
        // Other quotas are not touched.
        registered(&app, &tokens, &walk_in("same_day", person("1950-01-01", false, 3))).await;

        // A session asked for: full, over, or not today's.
        let session = |starts: &str| today.iter().find(|(_, s)| s == starts).unwrap().0.clone();
        let in_full = with(walk_in("priority", person("1950-01-01", false, 4)), json!({"session_id": session("13:00")}));
        register(&app, &tokens, &in_full).await.problem(409);
        let in_over = with(walk_in("same_day", person("1950-01-01", false, 5)), json!({"session_id": session("08:00")}));
        let over = register(&app, &tokens, &in_over).await;
        assert!(over.problem(422).detail.contains("is over"));
        let tomorrow = app
            .get(&format!("/v1/offices/{SEED_OFFICE_ID}/availability?from=2026-11-26&to=2026-11-26"))
            .await
            .parse::<AvailabilityDto>()
            .days[0]
            .sessions[0]
            .id
            .clone();
        let not_today = with(walk_in("same_day", person("1950-01-01", false, 6)), json!({"session_id": tomorrow}));
        register(&app, &tokens, &not_today).await.problem(422);
        let chosen = with(walk_in("same_day", person("1950-01-01", false, 7)), json!({"session_id": session("11:00")}));
        let chosen = registered(&app, &tokens, &chosen).await;
        assert_eq!(booking(&chosen).starts, "11:00");

        // The place comes back when the fee is not paid within 2 hours (at 12:01).
        app.clock.advance(TimeDelta::hours(2) + TimeDelta::minutes(1));
        let tokens = officer_again(&app).await;
        let later = registered(&app, &tokens, &walk_in("priority", person("1950-01-01", false, 8))).await;
        assert_eq!(booking(&later).starts, "13:00");
    }
}

/// The officer signed in again (after the clock moved past the token's life).
async fn officer_again(app: &TestApp) -> TokenPairDto {
    app.login("petugas@imigrasi.example", crate::support::PASSWORD)
        .await
}

on_both_backends! {
    async fn a_person_with_an_active_application_is_refused(app) {
        let tokens = officer(&app).await;
        // A draft in the app counts as the person's active application.
        let citizen = app.applicant("warga@example.com").await;
        let applicant = add_applicant(&app, &citizen, &nth_nik(1)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&citizen))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let mut same_person = walk_in("same_day", person("1990-05-15", false, 1));
        same_person["person"]["nik"] = json!(nth_nik(1));
        let refused = register(&app, &tokens, &same_person).await;
        let detail = refused.problem(409).detail;
        assert!(detail.contains("already has an active application"), "{detail}");

        // So does a walk-in registered before, and nothing of the refused one is left.
        let body = walk_in("priority", person("1955-08-17", true, 2));
        registered(&app, &tokens, &body).await;
        register(&app, &tokens, &body).await.problem(409);
        assert_eq!(total(&list(&app, &tokens, "").await), 1);
        // The app cannot draft for that person either.
        let other = add_applicant(&app, &citizen, &nik("1955-08-17", true, 2)).await;
        let drafted = app.post("/v1/applications", &draft(&other), Some(access(&citizen))).await;
        drafted.problem(409);
    }
}

on_both_backends! {
    async fn each_registration_is_audited_once_and_a_retry_replays_it(app) {
        let tokens = officer(&app).await;
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let body = walk_in("priority", person("1940-12-31", false, 1));
        let first = app.post_with_key("/v1/office/walk-ins", &body, Some(access(&tokens)), "loket-1-0001").await;
        assert_eq!(first.status, 201, "{:#}", first.json);
        let again = app.post_with_key("/v1/office/walk-ins", &body, Some(access(&tokens)), "loket-1-0001").await;
        assert_eq!(again.status, 201, "{:#}", again.json);
        assert_eq!(again.header("idempotency-replayed"), "true");
        let registered_first: WalkInDto = first.parse();
        assert_eq!(again.parse::<WalkInDto>().application_id, registered_first.application_id);
        // An office admin registers too: a second record.
        let second = registered(&app, &admin, &walk_in("same_day", person("1980-02-02", false, 2))).await;

        let me = app.send(Method::GET, "/v1/me", None, Some(access(&tokens))).await;
        let trail = app
            .send(Method::GET, "/v1/office/audit?action=walk_in.register", None, Some(access(&admin)))
            .await;
        assert_eq!(trail.status, 200, "{:#}", trail.json);
        let page: AuditPage = trail.parse();
        assert_eq!(page.total, 2);
        let records = &page.items;
        let of_first: Vec<_> = records
            .iter()
            .filter(|r| r.object_id == registered_first.application_id)
            .collect();
        assert_eq!(of_first.len(), 1);
        let record = of_first[0];
        assert_eq!(record.object_type, "walk_in");
        assert_eq!(record.actor_id, me.parse::<AccountDto>().id);
        assert_eq!(record.actor_role, "officer");
        assert_eq!(record.office_id.as_deref(), Some(SEED_OFFICE_ID));
        assert_eq!(record.before, None);
        // What the record keeps after is free-form in the contract.
        let after = record.after.clone().unwrap_or(Value::Null);
        assert_eq!(after["kind"], "priority");
        assert_eq!(after["priority_grounds"], json!(["elderly"]));
        assert_eq!(after["billing_code"], booking(&registered_first).billing_code.as_str());
        assert_eq!(after["amount"], 650_000);
        assert!(records.iter().any(|r| r.object_id == second.application_id && r.actor_role == "office_admin"));
        assert_eq!(total(&list(&app, &tokens, "").await), 2);
    }
}

on_both_backends! {
    async fn only_office_staff_register_and_read_walk_ins(app) {
        let body = walk_in("priority", person("1950-01-01", false, 1));
        app.post("/v1/office/walk-ins", &body, None).await.problem(401);
        app.send(Method::GET, "/v1/office/walk-ins", None, None).await.problem(401);
        let citizen = app.applicant("warga@example.com").await;
        register(&app, &citizen, &body).await.problem(403);
        list(&app, &citizen, "").await.problem(403);
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        register(&app, &admin, &body).await.problem(403);
        list(&app, &admin, "").await.problem(403);

        let tokens = officer(&app).await;
        // Without an Idempotency-Key a retry could register twice: refused.
        let bearer = format!("Bearer {}", access(&tokens));
        let keyless = app
            .request_json(Method::POST, "/v1/office/walk-ins", &body, &[("authorization", &bearer)])
            .await;
        assert_eq!(keyless.problem(400).errors.expect("errors")[0].field, "idempotency-key");
        list(&app, &tokens, "?date=25-11-2026").await.problem(400);
        list(&app, &tokens, "?per_page=0").await.problem(400);
        // An expired token is refused.
        app.clock.advance(TimeDelta::minutes(16));
        register(&app, &tokens, &body).await.problem(401);
        list(&app, &tokens, "").await.problem(401);
        assert_eq!(total(&list(&app, &officer_again(&app).await, "").await), 0);
    }
}

on_both_backends! {
    async fn a_paid_walk_in_is_listed_paid_and_checks_in_with_its_code(app) {
        let tokens = officer(&app).await;
        let walk_in = registered(&app, &tokens, &walk_in("priority", person("2023-02-14", true, 1))).await;
        let id = walk_in.application_id.clone();
        pay(&app, &booking(&walk_in).billing_code).await;

        let day = list(&app, &tokens, &format!("?date={TODAY}")).await;
        assert_eq!(day.status, 200, "{:#}", day.json);
        let page: WalkInPage = day.parse();
        assert_eq!(page.total, 1);
        let paid = &page.items[0];
        assert_eq!(paid.application_id, id);
        assert_eq!(paid.status, ApplicationStatusDto::Paid);
        assert_eq!(booking(paid).state, BookingStateDto::Paid);
        assert_eq!(booking(paid).payment_deadline, None);
        assert_eq!(paid.priority_grounds, [PriorityGroundDto::YoungChild]);
        assert_eq!(paid.nik, walk_in.nik);
        assert_eq!(serde_json::to_value(&paid.quote).unwrap(), serde_json::to_value(&walk_in.quote).unwrap());
        // The code on the ticket is genuine, for this office, on the visit date only.
        let code = paid.check_in_code.as_ref().expect("a check-in code").code.as_str();
        assert_eq!(code, walk_in.check_in_code.as_ref().expect("a check-in code").code);
        let key = CheckInKey::derive(TEST_SECRET);
        let office = ScanningOffice { id: SEED_OFFICE_ID, time_zone: TimeZone::Wib };
        let checked = verify(&key, code, office, instant("2026-11-25T04:00:00Z")).unwrap();
        assert_eq!(checked.application_id, id);
        assert!(verify(&key, code, office, instant("2026-11-25T17:00:00Z")).is_err());

        // Another day, and another office, list none of it.
        assert_eq!(total(&list(&app, &tokens, "?date=2026-11-26").await), 0);
        let elsewhere = app.staff("petugas@jayapura.example", Role::Officer, Some(JAYAPURA)).await;
        assert_eq!(total(&list(&app, &elsewhere, &format!("?date={TODAY}")).await), 0);
    }
}

on_both_backends! {
    async fn an_office_without_e_passport_books_registers_non_electronic_only(app) {
        let tokens = app.staff("petugas@jayapura.example", Role::Officer, Some(JAYAPURA)).await;
        let electronic = walk_in("priority", person("1950-01-01", false, 1));
        let refused = register(&app, &tokens, &electronic).await;
        assert!(refused.problem(422).detail.contains("e-passport"));
        let non_electronic = with(electronic, json!({"passport_kind": "non_electronic"}));
        let served = registered(&app, &tokens, &non_electronic).await;
        assert_eq!(served.office_id, JAYAPURA);
        // 12:00 in Jayapura (WIT): the 11:00-12:00 session has just ended.
        assert_eq!(booking(&served).starts, "13:00");
        assert_eq!(booking(&served).amount, 350_000);
        assert_eq!(served.check_in_code.as_ref().expect("a check-in code").office_id, JAYAPURA);
    }
}

on_both_backends! {
    async fn concurrent_walk_ins_never_exceed_the_priority_quota(app) {
        let tokens = officer(&app).await;
        let today = today_sessions(&app).await;
        {
            let mut conn = app.pool().get().unwrap();
            for (id, starts) in &today {
                let places = if starts == "13:00" { 3 } else { 0 };
                sessions::set_capacity(&mut conn, id, Channel::Priority, places).unwrap();
            }
        }
        let bodies: Vec<Value> = (1..=16)
            .map(|serial| walk_in("priority", person("1948-03-09", true, serial)))
            .collect();
        let answers = futures::future::join_all(bodies.iter().map(|body| register(&app, &tokens, body))).await;
        let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 3, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 13, "{statuses:?}");
        let afternoon = today_availability(&app)
            .await
            .into_iter()
            .find(|s| s.starts_at.to_rfc3339().contains("T13:00"))
            .unwrap();
        assert_eq!(afternoon.channels.priority.remaining, 0, "{afternoon:#?}");
        assert_eq!(total(&list(&app, &tokens, "").await), 3);
    }
}
