//! Capacity per passport kind: an office limits the app bookings of each kind in a session
//! (e.g. 3 non-electronic, 12 electronic); a booking of a kind whose places are all held is
//! refused with 409 even while its channel has places, availability shows the places left
//! per kind, and a race of many drafts (and of one account's drafts sent many times at
//! once) never takes more than the limit or the channel's capacity.

use paspor_domain::account::Role;
use paspor_domain::{Channel, PassportKind};
use paspor_openapi::{
    ApplicationDto, AvailabilityDto, OfficeSessionDto, PassportKindDto, SessionTemplateList,
    TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Answer, DATE, SEED_OFFICE_ID, TestApp, access, add_applicant, at_once, draft, nth_nik,
};

/// The seed office's admin.
async fn office_admin(app: &TestApp) -> TokenPairDto {
    app.staff(
        "kepala@imigrasi.example",
        Role::OfficeAdmin,
        Some(SEED_OFFICE_ID),
    )
    .await
}

/// The first session of [`DATE`] at the seed office, as availability shows it.
async fn first_session(app: &TestApp) -> paspor_openapi::SessionDto {
    let answer = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    answer.parse::<AvailabilityDto>().days[0].sessions[0].clone()
}

async fn patch_session(app: &TestApp, admin: &TokenPairDto, id: &str, body: &Value) -> Answer {
    app.send(
        Method::PATCH,
        &format!("/v1/office/sessions/{id}"),
        Some(body),
        Some(access(admin)),
    )
    .await
}

/// A new draft of `kind` for the `n`th person, in the signed-in account.
async fn draft_of(app: &TestApp, tokens: &TokenPairDto, n: usize, kind: &str) -> String {
    let applicant = add_applicant(app, tokens, &nth_nik(n)).await;
    let mut body = draft(&applicant);
    body["passport_kind"] = json!(kind);
    let created = app
        .post("/v1/applications", &body, Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    created.parse::<ApplicationDto>().id
}

async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str, session: &str) -> Answer {
    app.post(
        &format!("/v1/applications/{id}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

/// The places of a kind as availability shows them: (capacity, remaining), if limited.
fn kind_places(session: &paspor_openapi::SessionDto, kind: PassportKindDto) -> Option<(u32, u32)> {
    session
        .passport_kinds
        .iter()
        .find(|places| places.passport_kind == kind)
        .map(|places| (places.capacity, places.remaining))
}

/// What the database holds in a session: live app bookings of each kind, and of the
/// regular channel.
fn stored(app: &TestApp, session: &str) -> (u32, u32, u32) {
    let pool = app.pool();
    let mut conn = pool.get().unwrap();
    let now = chrono::Utc::now() - chrono::TimeDelta::days(400);
    // Live at an instant before any deadline: every booking made and kept counts.
    let electronic = paspor_persistence::bookings::count_live_of_kind(
        &mut conn,
        session,
        PassportKind::Electronic,
        now,
    )
    .unwrap();
    let non_electronic = paspor_persistence::bookings::count_live_of_kind(
        &mut conn,
        session,
        PassportKind::NonElectronic,
        now,
    )
    .unwrap();
    let regular =
        paspor_persistence::bookings::count_live(&mut conn, session, Channel::Regular, now)
            .unwrap();
    (electronic, non_electronic, regular)
}

on_both_backends! {
    async fn a_kind_without_places_is_refused_while_its_channel_has_places(app) {
        let admin = office_admin(&app).await;
        let session = first_session(&app).await;
        // No limit by kind until the office sets one: existing sessions are unchanged.
        assert!(session.passport_kinds.is_empty());
        let limited = patch_session(&app, &admin, &session.id, &json!({"kind_limit_non_electronic": 1})).await;
        assert_eq!(limited.status, 200, "{:#}", limited.json);
        let view = limited.parse::<OfficeSessionDto>();
        assert_eq!(view.kind_limits.len(), 1);
        assert_eq!((view.kind_limits[0].passport_kind, view.kind_limits[0].limit, view.kind_limits[0].held), (PassportKindDto::NonElectronic, 1, 0));
        assert_eq!(kind_places(&first_session(&app).await, PassportKindDto::NonElectronic), Some((1, 1)));
        assert_eq!(kind_places(&first_session(&app).await, PassportKindDto::Electronic), None);

        let tokens = app.applicant("warga@example.com").await;
        let first = draft_of(&app, &tokens, 1, "non_electronic").await;
        let second = draft_of(&app, &tokens, 2, "non_electronic").await;
        let chip = draft_of(&app, &tokens, 3, "electronic").await;
        assert_eq!(book(&app, &tokens, &first, &session.id).await.status, 200);
        let refused = book(&app, &tokens, &second, &session.id).await.problem(409);
        assert!(refused.detail.contains("non-electronic"), "{}", refused.detail);
        // The channel still has places: an electronic passport books.
        assert_eq!(book(&app, &tokens, &chip, &session.id).await.status, 200);

        let after = first_session(&app).await;
        assert_eq!(kind_places(&after, PassportKindDto::NonElectronic), Some((1, 0)));
        assert_eq!(after.channels.regular.remaining, session.channels.regular.remaining - 2);
        // The refused draft is still a draft, holding nothing.
        let still = app.send(Method::GET, &format!("/v1/applications/{second}"), None, Some(access(&tokens))).await;
        assert_eq!(still.json["status"], "draft", "{:#}", still.json);
        assert_eq!(stored(&app, &session.id), (1, 1, 2));

        // A limit never goes below the bookings of its kind.
        let below = patch_session(&app, &admin, &session.id, &json!({"kind_limit_non_electronic": 0})).await;
        assert!(below.problem(409).detail.contains("holds 1"));
        // Raised, the refused draft books.
        let raised = patch_session(&app, &admin, &session.id, &json!({"kind_limit_non_electronic": 2, "kind_limit_electronic": 5})).await;
        assert_eq!(raised.status, 200, "{:#}", raised.json);
        assert_eq!(raised.parse::<OfficeSessionDto>().kind_limits.len(), 2);
        assert_eq!(book(&app, &tokens, &second, &session.id).await.status, 200);
        assert_eq!(kind_places(&first_session(&app).await, PassportKindDto::Electronic), Some((5, 4)));
    }
}

on_both_backends! {
    async fn bad_kind_limits_are_refused_and_change_nothing(app) {
        let admin = office_admin(&app).await;
        let session = first_session(&app).await;
        let long = "9".repeat(10_000);
        for body in [
            json!({"kind_limit_electronic": -1}),
            json!({"kind_limit_electronic": 10_001}),
            json!({"kind_limit_electronic": "3"}),
            json!({"kind_limit_electronic": 2.5}),
            json!({"kind_limit_non_electronic": "\u{0}"}),
            json!({"kind_limit_non_electronic": long}),
            json!({"kind_limit_hybrid": 3}),
        ] {
            let refused = patch_session(&app, &admin, &session.id, &body).await;
            assert_eq!(refused.status, 400, "{body}: {:#}", refused.json);
            assert_eq!(refused.header("content-type"), "application/problem+json");
        }
        assert!(first_session(&app).await.passport_kinds.is_empty());
        // Lesser roles never set a limit.
        let applicant = app.applicant("warga@example.com").await;
        let forbidden = patch_session(&app, &applicant, &session.id, &json!({"kind_limit_electronic": 1})).await;
        assert!(forbidden.status == 403 || forbidden.status == 404, "{:#}", forbidden.json);
        assert!(first_session(&app).await.passport_kinds.is_empty());
    }
}

on_both_backends! {
    async fn templates_carry_kind_limits_into_the_sessions_they_make(app) {
        let admin = office_admin(&app).await;
        let path = "/v1/office/session-templates";
        let week = json!({"templates": [
            {"weekday": 1, "starts": "08:00", "ends": "10:00", "capacity_regular": 15,
             "capacity_same_day": 5, "capacity_priority": 2,
             "kind_limit_electronic": 12, "kind_limit_non_electronic": 3},
            {"weekday": 2, "starts": "08:00", "ends": "10:00", "capacity_regular": 15,
             "capacity_same_day": 5, "capacity_priority": 2}
        ]});
        let put = app.send(Method::PUT, path, Some(&week), Some(access(&admin))).await;
        assert_eq!(put.status, 200, "{:#}", put.json);
        let templates = put.parse::<SessionTemplateList>().templates;
        assert_eq!((templates[0].kind_limit_electronic, templates[0].kind_limit_non_electronic), (Some(12), Some(3)));
        assert_eq!((templates[1].kind_limit_electronic, templates[1].kind_limit_non_electronic), (None, None));
        let mut bad = week.clone();
        bad["templates"][0]["kind_limit_electronic"] = json!(10_001);
        let refused = app.send(Method::PUT, path, Some(&bad), Some(access(&admin))).await;
        assert!(refused.status == 400 || refused.status == 422, "{:#}", refused.json);
        let again = app.send(Method::GET, path, None, Some(access(&admin))).await;
        assert_eq!(again.parse::<SessionTemplateList>().templates, templates);
    }
}

on_both_backends! {
    /// Many drafts of one kind, and one account's drafts each sent 8 times at once with
    /// different keys, race for the last places of a kind-limited session: the database
    /// afterwards holds no more bookings of the kind than its limit, and no more in the
    /// channel than its capacity.
    async fn a_race_for_the_last_places_of_a_kind_never_exceeds_its_limit(app) {
        let admin = office_admin(&app).await;
        let session = first_session(&app).await;
        let limits = json!({"capacity_regular": 6, "kind_limit_electronic": 3, "kind_limit_non_electronic": 2});
        assert_eq!(patch_session(&app, &admin, &session.id, &limits).await.status, 200);
        let mut drafts = Vec::new();
        for account in 0..4 {
            let tokens = app.applicant(&format!("kind{account}@example.com")).await;
            for person in 0..5 {
                let kind = if person < 4 { "electronic" } else { "non_electronic" };
                let id = draft_of(&app, &tokens, 3000 + account * 5 + person, kind).await;
                drafts.push((tokens.clone(), id, kind));
            }
        }
        // The first account's drafts are each sent 8 times (8 keys); the others once.
        let (app_ref, session_id) = (&app, session.id.as_str());
        let mut attempts = Vec::new();
        for (n, (tokens, id, _)) in drafts.iter().enumerate() {
            let times = if n < 5 { 8 } else { 1 };
            for _ in 0..times {
                attempts.push(book(app_ref, tokens, id, session_id));
            }
        }
        let answers = at_once(attempts).await;
        let booked = answers.iter().filter(|a| a.status == 200).count();
        for answer in &answers {
            assert!(answer.status == 200 || answer.status == 409, "{} {:#}", answer.status, answer.json);
        }
        let (electronic, non_electronic, regular) = stored(&app, &session.id);
        assert_eq!(electronic, 3, "{electronic} electronic bookings stored");
        assert_eq!(non_electronic, 2, "{non_electronic} non-electronic bookings stored");
        assert!(regular <= 6, "{regular} regular bookings stored");
        assert_eq!(regular, electronic + non_electronic);
        assert_eq!(booked as u32, regular, "every success is stored, once");
        let after = first_session(&app).await;
        assert_eq!(kind_places(&after, PassportKindDto::Electronic), Some((3, 0)));
    }
}
