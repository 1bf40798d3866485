//! The trafficking screening policy as data: a system admin reads it and puts a new version
//! in force on condition of the version read (`If-Match` its `ETag`), each change audited
//! and kept; a bad policy is refused naming its field and changes nothing; lesser roles are
//! refused; a screening keeps the version that judged it, so an earlier one still names
//! the old version after a change; two changes from one `ETag` at once: one is made, the
//! others are told to read again, and the database holds exactly one new version.

use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, AuditPage, IndicatorCodeDto, IndicatorsDto, ScreeningDto, ScreeningPage,
    ScreeningPolicyDto, ScreeningPolicyPage, TokenPairDto,
};
use paspor_persistence::screening;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    AT_ONCE, Answer, DATE, ROUNDS, SEED_OFFICE_ID, TestApp, access, add_applicant, at_once, draft,
    nth_nik, pay, seed_session_on_date, split,
};

const POLICY: &str = "/v1/admin/screening-policy";

/// Tanjung Pandan: another seed office.
const OTHER_OFFICE_ID: &str = "0193a000-0000-7000-8000-000000000002";

/// The version 1 tag, the built-in default's.
const FIRST: &str = "\"screening-policy-v1\"";

async fn system_admin(app: &TestApp) -> TokenPairDto {
    app.staff("tppo-admin@imigrasi.example", Role::SystemAdmin, None)
        .await
}

/// `PUT` the policy with `If-Match: if_match` when given.
async fn put_policy(app: &TestApp, token: &str, body: &Value, if_match: Option<&str>) -> Answer {
    let bearer = format!("Bearer {token}");
    let mut headers = vec![("authorization", bearer.as_str())];
    if let Some(tag) = if_match {
        headers.push(("if-match", tag));
    }
    app.request_json(Method::PUT, POLICY, body, &headers).await
}

async fn get_as(app: &TestApp, token: &str, path: &str) -> Answer {
    app.send(Method::GET, path, None, Some(token)).await
}

/// Narrower than the default: ages 18-30, Cambodia and Vietnam, tourist stays over 60 days.
fn narrower() -> Value {
    json!({
        "watched_age_from": 18, "watched_age_to": 30,
        "watched_destinations": ["KH", "VN"], "long_tourist_stay_days": 60
    })
}

/// The audit records of screening policy changes.
async fn policy_changes(app: &TestApp, token: &str) -> AuditPage {
    let answer = get_as(
        app,
        token,
        "/v1/office/audit?action=screening_policy.update",
    )
    .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

/// A paid application of a man of 36 (on departure) for a holiday in Malaysia, booked at
/// the seed office: under the default policy, his age and destination are watched.
async fn paid_trip_to_malaysia(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let applicant = add_applicant(app, tokens, nik).await;
    let mut body = draft(&applicant);
    body["travel"]["destination_country"] = json!("MY");
    let created = app
        .post("/v1/applications", &body, Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    let id = created.parse::<ApplicationDto>().id;
    let session = seed_session_on_date(app).await;
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
    id
}

fn codes(indicators: &[paspor_openapi::IndicatorDto]) -> Vec<IndicatorCodeDto> {
    indicators.iter().map(|indicator| indicator.code).collect()
}

on_both_backends! {
    async fn a_system_admin_reads_the_policy_and_changes_it_on_the_version_read(app) {
        let admin = system_admin(&app).await;
        let token = access(&admin);

        // The built-in default, version 1, with its tag.
        let first = get_as(&app, token, POLICY).await;
        assert_eq!(first.status, 200, "{:#}", first.json);
        assert_eq!(first.header("etag"), FIRST);
        let policy: ScreeningPolicyDto = first.parse();
        assert_eq!((policy.version, policy.watched_age_from, policy.watched_age_to, policy.long_tourist_stay_days), (1, 17, 45, 30));
        let destinations: Vec<&str> = policy.watched_destinations.iter().map(|code| code.0.as_str()).collect();
        assert_eq!(destinations, ["MY", "KH", "VN", "SA", "AE", "QA", "KW", "BH", "OM", "YE", "JO", "IQ", "SY", "LB"]);
        assert_eq!((policy.created_at, policy.created_by), (None, None));
        let unchanged = app.request(Method::GET, POLICY, &[("authorization", &format!("Bearer {token}")), ("if-none-match", FIRST)]).await;
        assert_eq!(unchanged.status, 304);

        // A change must name the version it was made on.
        let blind = put_policy(&app, token, &narrower(), None).await;
        assert!(blind.problem(428).detail.contains(FIRST), "{:#}", blind.json);
        let stale = put_policy(&app, token, &narrower(), Some("\"screening-policy-v0\"")).await;
        stale.problem(412);
        let weak = put_policy(&app, token, &narrower(), Some("W/\"screening-policy-v1\"")).await;
        weak.problem(412);

        let changed = put_policy(&app, token, &narrower(), Some(FIRST)).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        assert_eq!(changed.header("etag"), "\"screening-policy-v2\"");
        let second: ScreeningPolicyDto = changed.parse();
        assert_eq!((second.version, second.watched_age_from, second.watched_age_to, second.long_tourist_stay_days), (2, 18, 30, 60));
        assert_eq!(second.watched_destinations.iter().map(|code| code.0.as_str()).collect::<Vec<_>>(), ["KH", "VN"]);
        assert!(second.created_at.is_some());
        assert_eq!(get_as(&app, token, POLICY).await.parse::<ScreeningPolicyDto>().version, 2);

        // The tag read before the change is stale now: nothing is undone unseen.
        let lost_update = put_policy(&app, token, &json!({"watched_age_from": 17, "watched_age_to": 45, "watched_destinations": [], "long_tourist_stay_days": 30}), Some(FIRST)).await;
        assert!(lost_update.problem(412).detail.contains("screening-policy-v2"), "{:#}", lost_update.json);
        assert_eq!(get_as(&app, token, POLICY).await.parse::<ScreeningPolicyDto>().version, 2);

        // History, newest first, each version as it was.
        let versions: ScreeningPolicyPage = get_as(&app, token, &format!("{POLICY}/versions")).await.parse();
        assert_eq!(versions.total, 2);
        assert_eq!(versions.items.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
        let old: ScreeningPolicyDto = get_as(&app, token, &format!("{POLICY}/versions/1")).await.parse();
        assert_eq!((old.watched_age_from, old.watched_age_to, old.watched_destinations.len()), (17, 45, 14));
        get_as(&app, token, &format!("{POLICY}/versions/3")).await.problem(404);
        get_as(&app, token, &format!("{POLICY}/versions/first")).await.problem(400);
        get_as(&app, token, &format!("{POLICY}/versions?per_page=0")).await.problem(400);

        // One audit record, with both versions whole.
        let trail = policy_changes(&app, token).await;
        assert_eq!(trail.total, 1, "{trail:#?}");
        let record = &trail.items[0];
        assert_eq!((record.object_type.as_str(), record.office_id.as_deref()), ("screening_policy", None));
        assert_eq!(Some(&record.actor_id), second.created_by.as_ref());
        let before = record.before.as_ref().expect("before");
        let after = record.after.as_ref().expect("after");
        assert_eq!((before["version"].as_u64(), after["version"].as_u64()), (Some(1), Some(2)));
        assert_eq!(before["watched_destinations"][0], "MY");
        assert_eq!(after["watched_destinations"], json!(["KH", "VN"]));

        // `*` is any version in force.
        let any = put_policy(&app, token, &json!({"watched_age_from": 17, "watched_age_to": 45, "watched_destinations": ["MY"], "long_tourist_stay_days": 30}), Some("*")).await;
        assert_eq!(any.parse::<ScreeningPolicyDto>().version, 3);
    }
}

on_both_backends! {
    async fn only_system_admins_read_or_change_the_policy(app) {
        let applicant = app.applicant("warga-tppo@example.com").await;
        let officer = app.staff("petugas-tppo@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let office_admin = app.staff("kepala-tppo@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        for tokens in [&applicant, &officer, &office_admin] {
            let token = access(tokens);
            get_as(&app, token, POLICY).await.problem(403);
            put_policy(&app, token, &narrower(), Some(FIRST)).await.problem(403);
            get_as(&app, token, &format!("{POLICY}/versions")).await.problem(403);
            get_as(&app, token, &format!("{POLICY}/versions/1")).await.problem(403);
        }
        app.get(POLICY).await.problem(401);
        app.request_json(Method::PUT, POLICY, &narrower(), &[("if-match", FIRST)]).await.problem(401);
        app.get(&format!("{POLICY}/versions/1")).await.problem(401);

        let admin = system_admin(&app).await;
        let current: ScreeningPolicyDto = get_as(&app, access(&admin), POLICY).await.parse();
        assert_eq!(current.version, 1, "nothing was changed");
    }
}

on_both_backends! {
    async fn a_bad_policy_is_refused_naming_its_field_and_changes_nothing(app) {
        let admin = system_admin(&app).await;
        let token = access(&admin);
        let with = |field: &str, value: Value| {
            let mut body = narrower();
            body[field] = value;
            body
        };
        let long = "A".repeat(10 * 1024);
        let too_many: Vec<String> = (0..250).map(|_| "MY".to_owned()).collect();
        let cases: Vec<(Value, u16, Option<&str>)> = vec![
            // Out of the bounds the schema states, or not of its form: 400, naming the field.
            (with("watched_age_from", json!(-1)), 400, Some("watched_age_from")),
            (with("watched_age_to", json!(121)), 400, Some("watched_age_to")),
            (with("long_tourist_stay_days", json!(-30)), 400, Some("long_tourist_stay_days")),
            (with("long_tourist_stay_days", json!(3651)), 400, Some("long_tourist_stay_days")),
            (with("watched_age_from", json!(i64::MAX)), 400, Some("watched_age_from")),
            (with("watched_destinations", json!(["MY", "my"])), 400, Some("watched_destinations[1]")),
            (with("watched_destinations", json!(["M\u{0}"])), 400, Some("watched_destinations[0]")),
            (with("watched_destinations", json!(["MY\u{7}"])), 400, Some("watched_destinations[0]")),
            (with("watched_destinations", json!([long])), 400, Some("watched_destinations[0]")),
            (with("watched_destinations", json!(["MYS"])), 400, Some("watched_destinations[0]")),
            (with("watched_destinations", json!(too_many)), 400, Some("watched_destinations")),
            // Not the schema's shape at all: 400, the detail says what.
            (with("watched_age_from", json!("17")), 400, None),
            (with("watched_age_from", json!(17.5)), 400, None),
            (with("watched_age_from", Value::Null), 400, None),
            (with("watched_destinations", json!("MY")), 400, None),
            (with("watched_destinations", json!([1, 2])), 400, None),
            (with("veteran", json!(true)), 400, None),
            (json!({"watched_age_from": 18, "watched_age_to": 30, "watched_destinations": []}), 400, None),
            (json!([]), 400, None),
            // Well-formed, refused by a rule the schema cannot state: 422, naming the field.
            (with("watched_age_from", json!(31)), 422, Some("watched_age_to")),
            (with("watched_destinations", json!(["KH", "ZZ"])), 422, Some("watched_destinations[1]")),
            (with("watched_destinations", json!(["UK"])), 422, Some("watched_destinations[0]")),
            (with("watched_destinations", json!(["KH", "VN", "KH"])), 422, Some("watched_destinations[2]")),
        ];
        for (body, status, field) in &cases {
            let answer = put_policy(&app, token, body, Some(FIRST)).await;
            answer.problem(*status);
            if let Some(field) = field {
                assert_eq!(answer.error_fields().first().map(String::as_str), Some(*field), "{body}: {:#}", answer.json);
            }
        }
        // Every problem at once, each named.
        let answer = put_policy(&app, token, &json!({"watched_age_from": 40, "watched_age_to": 20, "watched_destinations": ["MY", "ZZ", "MY"], "long_tourist_stay_days": 30}), Some(FIRST)).await;
        answer.problem(422);
        assert_eq!(answer.error_fields(), ["watched_age_to", "watched_destinations[1]", "watched_destinations[2]"]);
        // Not JSON at all.
        let bearer = format!("Bearer {token}");
        let text = app.request_body(Method::PUT, POLICY, "ages 17 to 45", &[("authorization", bearer.as_str()), ("content-type", "text/plain"), ("if-match", FIRST)]).await;
        text.problem(415);

        let current: ScreeningPolicyDto = get_as(&app, token, POLICY).await.parse();
        assert_eq!((current.version, current.watched_age_from), (1, 17));
        let versions: ScreeningPolicyPage = get_as(&app, token, &format!("{POLICY}/versions")).await.parse();
        assert_eq!(versions.total, 1);
        assert_eq!(policy_changes(&app, token).await.total, 0);
    }
}

on_both_backends! {
    async fn a_screening_keeps_the_version_that_judged_it_after_the_policy_changes(app) {
        let tokens = app.applicant("tppo-warga@example.com").await;
        let id = paid_trip_to_malaysia(&app, &tokens, &nth_nik(71)).await;
        let officer = app.staff("tppo-petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let officer = access(&officer).to_owned();
        let screenings = format!("/v1/office/applications/{id}/screenings");

        // Under version 1: 36 on departure and bound for Malaysia.
        let indicators: IndicatorsDto = get_as(&app, &officer, &format!("/v1/office/applications/{id}/indicators")).await.parse();
        assert_eq!(indicators.policy_version, 1);
        assert_eq!(codes(&indicators.indicators), [IndicatorCodeDto::WatchedAgeBand, IndicatorCodeDto::WatchedDestination]);
        let first = app.post(&screenings, &json!({}), Some(&officer)).await;
        assert_eq!(first.status, 201, "{:#}", first.json);
        let first_screening: ScreeningDto = first.parse();
        assert_eq!(first_screening.policy_version, 1);
        assert_eq!(first_screening.application_id, id);
        assert_eq!(codes(&first_screening.indicators), [IndicatorCodeDto::WatchedAgeBand, IndicatorCodeDto::WatchedDestination]);
        assert_eq!(first.header("location"), format!("{screenings}/{}", first_screening.id));

        // The system admin narrows the policy: 18-30, Cambodia and Vietnam.
        let admin = system_admin(&app).await;
        let changed = put_policy(&app, access(&admin), &narrower(), Some(FIRST)).await;
        assert_eq!(changed.parse::<ScreeningPolicyDto>().version, 2);

        // The next screening is judged by version 2: nothing to look at.
        let indicators: IndicatorsDto = get_as(&app, &officer, &format!("/v1/office/applications/{id}/indicators")).await.parse();
        assert_eq!(indicators.policy_version, 2);
        assert!(indicators.indicators.is_empty(), "{:?}", indicators.indicators);
        let second: ScreeningDto = app.post(&screenings, &json!({}), Some(&officer)).await.parse();
        assert_eq!(second.policy_version, 2);
        assert!(second.indicators.is_empty());

        // The earlier result still names version 1 and what version 1 found.
        let page: ScreeningPage = get_as(&app, &officer, &screenings).await.parse();
        assert_eq!(page.total, 2);
        assert_eq!(page.items.iter().map(|s| s.policy_version).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(page.items[1].id, first_screening.id);
        assert_eq!(codes(&page.items[1].indicators), [IndicatorCodeDto::WatchedAgeBand, IndicatorCodeDto::WatchedDestination]);
        assert_eq!(page.items[1].indicators[1].reason, "destination MY is on the list of watched destinations");
        let again: ScreeningDto = get_as(&app, &officer, &format!("{screenings}/{}", first_screening.id)).await.parse();
        assert_eq!((again.policy_version, again.indicators.len()), (1, 2));
        // And the version it names explains it.
        let version_one: ScreeningPolicyDto = get_as(&app, access(&admin), &format!("{POLICY}/versions/{}", again.policy_version)).await.parse();
        assert!(version_one.watched_destinations.iter().any(|code| code.0 == "MY"));

        // Each screening is in the audit trail with its version.
        let trail: AuditPage = get_as(&app, access(&admin), &format!("/v1/office/audit?action=application.screening&object_id={id}")).await.parse();
        assert_eq!(trail.total, 2);
        assert_eq!(trail.items[0].after.as_ref().expect("after")["policy_version"], 2);
        assert_eq!(trail.items[1].after.as_ref().expect("after")["indicators"], json!(["watched_age_band", "watched_destination"]));

        // Another office finds no such application; other roles are refused; an unknown
        // screening is not found.
        let elsewhere = app.staff("tppo-lain@imigrasi.example", Role::Officer, Some(OTHER_OFFICE_ID)).await;
        app.post(&screenings, &json!({}), Some(access(&elsewhere))).await.problem(404);
        get_as(&app, access(&elsewhere), &screenings).await.problem(404);
        get_as(&app, access(&elsewhere), &format!("{screenings}/{}", first_screening.id)).await.problem(404);
        for token in [access(&tokens), access(&admin)] {
            app.post(&screenings, &json!({}), Some(token)).await.problem(403);
            get_as(&app, token, &screenings).await.problem(403);
        }
        get_as(&app, &officer, &format!("{screenings}/0193a000-0000-7000-8000-00000000dead")).await.problem(404);
        let someone_elses = paid_trip_to_malaysia(&app, &tokens, &nth_nik(72)).await;
        get_as(&app, &officer, &format!("/v1/office/applications/{someone_elses}/screenings/{}", first_screening.id)).await.problem(404);
        app.post("/v1/office/applications/0193a000-0000-7000-8000-00000000dead/screenings", &json!({}), Some(&officer)).await.problem(404);
        let page: ScreeningPage = get_as(&app, &officer, &screenings).await.parse();
        assert_eq!(page.total, 2, "refusals record nothing");
    }
}

on_both_backends! {
    async fn changes_made_at_once_from_one_etag_make_one_version(app) {
        let admin = system_admin(&app).await;
        let token = access(&admin);
        for round in 0..ROUNDS {
            let read = get_as(&app, token, POLICY).await;
            let tag = read.header("etag").to_owned();
            let version = read.parse::<ScreeningPolicyDto>().version;
            let bodies: Vec<Value> = (0..AT_ONCE)
                .map(|n| json!({"watched_age_from": 17, "watched_age_to": 40 + u32::try_from(n).unwrap(), "watched_destinations": ["MY"], "long_tourist_stay_days": 30}))
                .collect();
            let answers = at_once(bodies.iter().map(|body| put_policy(&app, token, body, Some(&tag)))).await;
            let what = format!("round {round}");
            let outcome = split(&what, &answers, &[200]);
            assert_eq!(outcome.done.len(), 1, "{what}: {:?} {:?}", outcome.statuses(), outcome.details());
            assert!(outcome.refused.iter().all(|answer| answer.status == 412), "{what}: {:?}", outcome.statuses());
            let made: ScreeningPolicyDto = outcome.done[0].parse();
            assert_eq!(made.version, version + 1);

            // The database holds that version once, as the answer says, and one record.
            let mut conn = app.pool().get().unwrap();
            let (versions, total) = screening::versions(&mut conn, 1, 100).unwrap();
            assert_eq!(total, i64::try_from(round).unwrap() + 2, "{what}");
            assert_eq!(versions[0].version, made.version);
            assert_eq!(versions[0].policy.watched_age_to, made.watched_age_to);
            assert_eq!(screening::in_force(&mut conn).unwrap().version, made.version);
            drop(conn);
            assert_eq!(policy_changes(&app, token).await.total, u64::try_from(round).unwrap() + 1, "{what}");
        }
    }
}
