//! Several quota release rules per office, each for some days of the month (Batam releases
//! on the 15th and on the month's last day at 16:00): sessions take the release of their
//! date's rule, booking honours it to the second, availability names the next release in
//! the office's zone (WIB, WITA, WIT), offices with one rule keep it, and rules that leave a
//! day out or give one two are refused naming the field, changing nothing.

use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, AuditPage, AvailabilityDto, OfficeDto, OfficeSettingsDto, SessionDto,
    TokenPairDto,
};
use paspor_persistence::seed::{JAYAPURA, MAKASSAR};
use reqwest::Method;
use serde_json::{Value, json};

use crate::office_admin::new_office;
use crate::support::{
    Answer, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, draft, instant, nth_nik,
};

const SETTINGS: &str = "/v1/office/settings";

/// Batam's rules: the 15th at 16:00 for days 1-15 of the next month, the month's last day
/// at 16:00 for the rest of it.
fn twice_a_month() -> Value {
    json!([
        {"rule": {"kind": "monthly", "day": 15, "time": "16:00"}, "days": {"first": 1, "last": 15}},
        {"rule": {"kind": "last_day_of_month", "time": "16:00"}, "days": {"first": 16, "last": 31}}
    ])
}

async fn office_admin(app: &TestApp) -> TokenPairDto {
    app.staff(
        "kepala.rilis@imigrasi.example",
        Role::OfficeAdmin,
        Some(SEED_OFFICE_ID),
    )
    .await
}

async fn patch_settings(app: &TestApp, tokens: &TokenPairDto, body: &Value) -> Answer {
    app.send(Method::PATCH, SETTINGS, Some(body), Some(access(tokens)))
        .await
}

async fn availability(app: &TestApp, office: &str, from: &str, to: &str) -> AvailabilityDto {
    let answer = app
        .get(&format!(
            "/v1/offices/{office}/availability?from={from}&to={to}"
        ))
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

/// The first session of `date` at `office`.
async fn first_session(app: &TestApp, office: &str, date: &str) -> SessionDto {
    availability(app, office, date, date).await.days[0].sessions[0].clone()
}

async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str, date: &str, session: &str) -> Answer {
    app.post(
        &format!("/v1/applications/{id}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": date, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

on_both_backends! {
    async fn each_half_of_the_month_is_released_by_its_own_rule_to_the_second(app) {
        let admin = office_admin(&app).await;
        let changed = patch_settings(&app, &admin, &json!({"release_rules": twice_a_month()})).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        let settings: OfficeSettingsDto = changed.parse();
        assert_eq!(serde_json::to_value(&settings.release_rules).unwrap(), twice_a_month());
        // The field of the single rule still answers, with the first.
        assert_eq!(serde_json::to_value(&settings.release_rule).unwrap(), json!({"kind": "monthly", "day": 15, "time": "16:00"}));
        let office: OfficeDto = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await.parse();
        assert_eq!(serde_json::to_value(&office.release_rules).unwrap(), twice_a_month());

        // Released already under the Friday rule: stays so.
        let today_s = first_session(&app, SEED_OFFICE_ID, DATE).await;
        assert_eq!(today_s.release_at, instant("2026-11-20T09:00:00Z"));
        // 1 December: on 15 November at 16:00 WIB, so released now (the Friday rule had it
        // for the 27th).
        let first_half = first_session(&app, SEED_OFFICE_ID, "2026-12-01").await;
        assert_eq!(first_half.release_at, instant("2026-11-15T09:00:00Z"));
        assert!(first_half.released && first_half.bookable);
        // 16 December: on November's last day, the 30th, at 16:00 WIB.
        let second_half = first_session(&app, SEED_OFFICE_ID, "2026-12-16").await;
        assert_eq!(second_half.release_at, instant("2026-11-30T09:00:00Z"));
        assert!(!second_half.released && !second_half.bookable);
        // January's halves: on 15 and 31 December.
        assert_eq!(first_session(&app, SEED_OFFICE_ID, "2027-01-15").await.release_at, instant("2026-12-15T09:00:00Z"));
        assert_eq!(first_session(&app, SEED_OFFICE_ID, "2027-01-18").await.release_at, instant("2026-12-31T09:00:00Z"));
        // Availability names the next release, whatever range is asked for.
        for (from, to) in [(DATE, DATE), ("2027-01-01", "2027-01-31")] {
            assert_eq!(availability(&app, SEED_OFFICE_ID, from, to).await.next_release_at, Some(instant("2026-11-30T09:00:00Z")));
        }

        // Booking a session of 16 December waits for 30 November, 16:00:00 WIB exactly.
        let email = "rilis@example.com";
        let tokens = app.applicant(email).await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(81)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        let id = created.parse::<ApplicationDto>().id;
        let early = book(&app, &tokens, &id, "2026-12-16", &second_half.id).await;
        assert!(early.problem(409).detail.contains("2026-11-30T09:00:00+00:00"), "{:#}", early.json);
        app.clock.set(instant("2026-11-30T08:59:59Z"));
        let tokens = app.login(email, PASSWORD).await;
        let a_second_early = book(&app, &tokens, &id, "2026-12-16", &second_half.id).await;
        a_second_early.problem(409);
        app.clock.set(instant("2026-11-30T09:00:00Z"));
        let on_time = book(&app, &tokens, &id, "2026-12-16", &second_half.id).await;
        assert_eq!(on_time.status, 200, "{:#}", on_time.json);
        assert_eq!(on_time.parse::<ApplicationDto>().booking.expect("a booking").date.to_string(), "2026-12-16");
        // Now the next release is the 15th's.
        let now = availability(&app, SEED_OFFICE_ID, "2026-12-16", "2026-12-16").await;
        assert!(now.days[0].sessions[0].released);
        assert_eq!(now.next_release_at, Some(instant("2026-12-15T09:00:00Z")));

        // The change is in the audit trail: the rules before and after.
        let admin = app.login("kepala.rilis@imigrasi.example", PASSWORD).await;
        let trail: AuditPage = app.send(Method::GET, "/v1/office/audit?action=office.update", None, Some(access(&admin))).await.parse();
        assert_eq!(trail.total, 1);
        let after = trail.items[0].after.as_ref().expect("after");
        assert_eq!(after["release_rules"], twice_a_month());
        assert_eq!(trail.items[0].before.as_ref().expect("before")["release_rules"][0]["rule"]["kind"], "weekly");
    }
}

on_both_backends! {
    async fn offices_in_each_zone_name_their_next_release(app) {
        // The seed offices keep their one rule, migrated to the new form.
        let seed: OfficeDto = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await.parse();
        assert_eq!(
            serde_json::to_value(&seed.release_rules).unwrap(),
            json!([{"rule": {"kind": "weekly", "weekday": 5, "time": "16:00"}, "days": {"first": 1, "last": 31}}])
        );
        // WIB: Friday 27 November, 16:00. WITA: Makassar's 25th at 10:00 has passed this
        // month (it is 11:00 there), so 25 December. WIT: Jayapura's 08:00 of tomorrow.
        for (office, next) in [
            (SEED_OFFICE_ID, "2026-11-27T09:00:00Z"),
            (MAKASSAR, "2026-12-25T02:00:00Z"),
            (JAYAPURA, "2026-11-25T23:00:00Z"),
        ] {
            assert_eq!(availability(&app, office, DATE, DATE).await.next_release_at, Some(instant(next)), "{office}");
        }

        // A new office in WIT with Batam's rules: its 16:00 is 07:00 UTC.
        let admin = app.staff("admin.rilis@imigrasi.example", Role::SystemAdmin, None).await;
        let mut body = new_office();
        body["time_zone"] = json!("wit");
        body.as_object_mut().unwrap().remove("release_rule");
        body["release_rules"] = twice_a_month();
        let created = app.post("/v1/admin/offices", &body, Some(access(&admin))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let office: OfficeDto = created.parse();
        assert_eq!(serde_json::to_value(&office.release_rules).unwrap(), twice_a_month());
        let days = availability(&app, &office.id, "2026-12-15", "2026-12-16").await;
        assert_eq!(days.next_release_at, Some(instant("2026-11-30T07:00:00Z")));
        assert_eq!(days.days[0].sessions[0].release_at, instant("2026-11-15T07:00:00Z"));
        assert_eq!(days.days[1].sessions[0].release_at, instant("2026-11-30T07:00:00Z"));

        // Both forms at once are refused.
        body["release_rule"] = json!({"kind": "weekly", "weekday": 5, "time": "16:00"});
        let both = app.post("/v1/admin/offices", &body, Some(access(&admin))).await;
        assert_eq!(both.problem(422).errors.expect("errors")[0].field, "release_rules");

        // A system admin moves an office to several rules too; its sessions follow.
        let moved = app.send(Method::PATCH, &format!("/v1/admin/offices/{MAKASSAR}"), Some(&json!({"release_rules": twice_a_month()})), Some(access(&admin))).await;
        assert_eq!(moved.status, 200, "{:#}", moved.json);
        assert_eq!(first_session(&app, MAKASSAR, "2027-01-20").await.release_at, instant("2026-12-31T08:00:00Z"));
    }
}

on_both_backends! {
    async fn rules_that_leave_a_day_out_or_give_one_two_are_refused_naming_the_field(app) {
        let admin = office_admin(&app).await;
        let rule = |kind: Value, first: Value, last: Value| json!({"rule": kind, "days": {"first": first, "last": last}});
        let monthly = json!({"kind": "monthly", "day": 15, "time": "16:00"});
        let last_day = json!({"kind": "last_day_of_month", "time": "16:00"});
        let thirteen: Vec<Value> = (1..=13).map(|day| rule(monthly.clone(), json!(day), json!(day))).collect();
        let cases: Vec<(Value, u16, Option<&str>)> = vec![
            // Day 16 twice.
            (json!({"release_rules": [rule(monthly.clone(), json!(1), json!(16)), rule(last_day.clone(), json!(16), json!(31))]}), 422, Some("release_rules[1].days")),
            // Day 15 by none.
            (json!({"release_rules": [rule(monthly.clone(), json!(1), json!(14)), rule(last_day.clone(), json!(16), json!(31))]}), 422, Some("release_rules")),
            // Backwards.
            (json!({"release_rules": [rule(monthly.clone(), json!(20), json!(10))]}), 422, Some("release_rules[0].days.last")),
            // Out of the month, or out of the schema's bounds.
            (json!({"release_rules": [rule(monthly.clone(), json!(0), json!(31))]}), 400, Some("release_rules[0].days.first")),
            (json!({"release_rules": [rule(monthly.clone(), json!(1), json!(32))]}), 400, Some("release_rules[0].days.last")),
            (json!({"release_rules": [rule(json!({"kind": "monthly", "day": 29, "time": "16:00"}), json!(1), json!(31))]}), 400, Some("release_rules[0].rule.day")),
            (json!({"release_rules": [rule(json!({"kind": "last_day_of_month", "time": "24:00"}), json!(1), json!(31))]}), 400, Some("release_rules[0].rule.time")),
            (json!({"release_rules": [rule(json!({"kind": "last_day_of_month", "time": "16:00\u{0}"}), json!(1), json!(31))]}), 400, Some("release_rules[0].rule.time")),
            (json!({"release_rules": [rule(json!({"kind": "last_day_of_month", "time": "1".repeat(10 * 1024)}), json!(1), json!(31))]}), 400, Some("release_rules[0].rule.time")),
            (json!({"release_rules": []}), 400, Some("release_rules")),
            (json!({"release_rules": thirteen}), 400, Some("release_rules")),
            (json!({"release_rule": monthly.clone(), "release_rules": twice_a_month()}), 422, Some("release_rules")),
            // Not the schema's shape.
            (json!({"release_rules": [rule(monthly.clone(), json!(-1), json!(31))]}), 400, None),
            (json!({"release_rules": [rule(monthly.clone(), json!("1"), json!(31))]}), 400, None),
            (json!({"release_rules": [{"rule": monthly.clone(), "days": {"first": 1, "last": 31, "every": 2}}]}), 400, None),
            (json!({"release_rules": [{"rule": {"kind": "fortnightly", "time": "16:00"}}]}), 400, None),
            (json!({"release_rules": "twice a month"}), 400, None),
        ];
        for (body, status, field) in &cases {
            let answer = patch_settings(&app, &admin, body).await;
            answer.problem(*status);
            if let Some(field) = field {
                assert_eq!(answer.error_fields().first().map(String::as_str), Some(*field), "{body}: {:#}", answer.json);
            }
        }
        // Days absent: the whole month.
        let whole = patch_settings(&app, &admin, &json!({"release_rules": [{"rule": monthly}]})).await;
        let settings: OfficeSettingsDto = whole.parse();
        assert_eq!(serde_json::to_value(&settings.release_rules).unwrap(), json!([{"rule": {"kind": "monthly", "day": 15, "time": "16:00"}, "days": {"first": 1, "last": 31}}]));

        // Only that last change was made: one audit record; sessions follow it alone.
        let trail: AuditPage = app.send(Method::GET, "/v1/office/audit?action=office.update", None, Some(access(&admin))).await.parse();
        assert_eq!(trail.total, 1, "{trail:#?}");
        assert_eq!(first_session(&app, SEED_OFFICE_ID, "2026-12-16").await.release_at, instant("2026-11-15T09:00:00Z"));
        // Other roles cannot set them.
        let officer = app.staff("petugas.rilis@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        patch_settings(&app, &officer, &json!({"release_rules": twice_a_month()})).await.problem(403);
    }
}
