//! Validity as a choice: an adult chooses 5 or 10 years while the tariff schedule prices
//! by validity (the quote, the draft and the booking carry it, and the price follows);
//! minors and dual-citizen children keep their term; under the launch schedule the choice
//! does not exist. Validity rules as dated data: a system admin adds a rule set and
//! switches it on, and each passport's expiry comes from the set in force on its issue
//! date.

use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationPage, AuditPage, BenefitDto, PassportDto, PassportKindDto, QuoteDto,
    TokenPairDto, ValidityDto, ValidityRulesDto, ValidityRulesList,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

/// The quote of a new regular passport of `kind`, with more of a query.
async fn quote(app: &TestApp, kind: &str, more: &str) -> Answer {
    app.get(&format!(
        "/v1/quote?passport_kind={kind}&service=regular&application_kind=new{more}"
    ))
    .await
}

/// The server with the schedule of 17 December 2024 (prices by validity) switched on.
async fn priced_by_validity(app: TestApp) -> TestApp {
    app.restart_with(|config| {
        config.tariff_schedules = Some(vec!["launch".to_owned(), "validity_2024".to_owned()]);
    })
    .await
}

/// Creates a draft; returns the answer.
async fn create(app: &TestApp, tokens: &TokenPairDto, body: &Value) -> Answer {
    app.post("/v1/applications", body, Some(access(tokens)))
        .await
}

/// A draft of `applicant` for an electronic passport with these fields changed.
fn draft_with(applicant: &str, fields: &Value) -> Value {
    let mut body = draft(applicant);
    for (field, value) in fields.as_object().expect("an object") {
        body[field] = value.clone();
    }
    body
}

/// Adds a child (born 1 January 2012, 14 today) with a guardian; returns its id.
async fn add_child(app: &TestApp, tokens: &TokenPairDto, dual_citizen_child: bool) -> String {
    let answer = app
        .post(
            "/v1/applicants",
            &json!({
                "nik": "3171010101120001", "full_name": "Adi Santoso", "place_of_birth": "Jakarta",
                "birth_date": "2012-01-01", "sex": "male", "address": "Jl. Merdeka 1, Pangkalpinang",
                "father_name": "Budi Santoso", "mother_name": "Sri", "marital_status": "single",
                "dual_citizen_child": dual_citizen_child, "previous_passport_number": null,
                "guardian_nik": nth_nik(1)
            }),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.json);
    answer.json["id"].as_str().expect("an id").to_owned()
}

/// Books a draft in the first session of [`DATE`] at the seed office.
async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str) -> Answer {
    let session = seed_session_on_date(app).await;
    app.post(
        &format!("/v1/applications/{id}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

/// The kinds, terms and passport prices of a quote's options.
fn options(quote: &QuoteDto) -> Vec<(PassportKindDto, u32, i64)> {
    quote
        .options
        .iter()
        .map(|o| (o.passport_kind, o.validity_years, o.passport_amount))
        .collect()
}

on_both_backends! {
    async fn an_adult_chooses_five_years_and_pays_for_five(app) {
        let app = priced_by_validity(app).await;
        // The quote: five years of an e-passport cost Rp650,000, ten Rp950,000.
        let five = quote(&app, "electronic", "&validity_years=5").await;
        assert_eq!(five.status, 200, "{:#}", five.json);
        let five: QuoteDto = five.parse();
        assert_eq!((five.total, five.validity_years), (650_000, 5));
        assert_eq!(five.validity_choices, [5, 10]);
        assert_eq!(five.validity_rules, "choice_2024");
        assert_eq!(five.schedule, "validity_2024");
        assert_eq!(
            options(&five),
            [
                (PassportKindDto::Electronic, 5, 650_000),
                (PassportKindDto::Electronic, 10, 950_000),
                (PassportKindDto::NonElectronic, 5, 350_000),
                (PassportKindDto::NonElectronic, 10, 650_000),
            ]
        );
        // What the electronic passport brings, as codes; the other kind brings none.
        assert_eq!(
            five.options[0].benefits,
            [BenefitDto::BiometricChip, BenefitDto::Autogate, BenefitDto::VisaWaiverRegistration]
        );
        assert!(five.options[2].benefits.is_empty());
        // Without a choice, the adult's default: ten years, as before the field existed.
        let ten: QuoteDto = quote(&app, "electronic", "").await.parse();
        assert_eq!((ten.total, ten.validity_years), (950_000, 10));

        // The draft carries the choice and its price...
        let tokens = app.applicant("ani@example.id").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(1)).await;
        let created = create(&app, &tokens, &draft_with(&applicant, &json!({"validity_years": 5}))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let drafted: ApplicationDto = created.parse();
        assert_eq!(drafted.validity_years, Some(5));
        let drafted_quote = drafted.quote.as_ref().expect("a quote");
        assert_eq!((drafted_quote.total, drafted_quote.validity_years), (650_000, 5));
        assert_eq!(drafted_quote.validity_choices, [5, 10]);
        // ...and so does the booking: its billing is for five years.
        let booked = book(&app, &tokens, &drafted.id).await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        let booked: ApplicationDto = booked.parse();
        assert_eq!(booked.validity_years, Some(5));
        let booking = booked.booking.expect("a booking");
        assert_eq!(booking.amount, 650_000);
        pay(&app, &booking.billing_code).await;
        let paid = app.send(Method::GET, &format!("/v1/applications/{}", drafted.id), None, Some(access(&tokens))).await;
        let paid: ApplicationDto = paid.parse();
        assert_eq!((paid.validity_years, paid.quote.expect("a quote").total), (Some(5), 650_000));

        // A draft's choice changes with a patch, and `null` goes back to the default.
        let other = add_applicant(&app, &tokens, &nth_nik(2)).await;
        let second: ApplicationDto = create(&app, &tokens, &draft(&other)).await.parse();
        assert_eq!(second.validity_years, Some(10));
        assert_eq!(second.quote.as_ref().expect("a quote").total, 950_000);
        let path = format!("/v1/applications/{}", second.id);
        let patched = app.send(Method::PATCH, &path, Some(&json!({"validity_years": 5})), Some(access(&tokens))).await;
        assert_eq!(patched.status, 200, "{:#}", patched.json);
        assert_eq!(patched.parse::<ApplicationDto>().quote.expect("a quote").total, 650_000);
        let travel_only = app.send(Method::PATCH, &path, Some(&json!({"service": "same_day"})), Some(access(&tokens))).await;
        assert_eq!(travel_only.parse::<ApplicationDto>().validity_years, Some(5), "kept");
        let back = app.send(Method::PATCH, &path, Some(&json!({"validity_years": null})), Some(access(&tokens))).await;
        let back: ApplicationDto = back.parse();
        assert_eq!(back.validity_years, Some(10));
        assert_eq!(back.quote.expect("a quote").total, 950_000 + 1_000_000);
    }
}

on_both_backends! {
    async fn minors_and_dual_citizen_children_keep_their_term(app) {
        let app = priced_by_validity(app).await;
        let tokens = app.applicant("ani@example.id").await;
        let child = add_child(&app, &tokens, false).await;
        let refused = create(&app, &tokens, &draft_with(&child, &json!({"validity_years": 10}))).await;
        let problem = refused.problem(422);
        assert_eq!(refused.error_fields(), ["validity_years"]);
        assert!(problem.detail.contains("a minor may have a passport of 5 years, not 10"), "{problem:?}");
        let listed = app.send(Method::GET, "/v1/applications", None, Some(access(&tokens))).await;
        assert_eq!(listed.parse::<ApplicationPage>().total, 0, "nothing stored");

        // Without a choice the child gets five years, and the quote says there is none.
        let created = create(&app, &tokens, &draft(&child)).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let drafted: ApplicationDto = created.parse();
        assert_eq!(drafted.validity_years, Some(5));
        let quoted = drafted.quote.expect("a quote");
        assert_eq!((quoted.total, quoted.validity_choices.clone()), (650_000, vec![5]));
        assert_eq!(options(&quoted).len(), 2);
        let path = format!("/v1/applications/{}", drafted.id);
        let patched = app.send(Method::PATCH, &path, Some(&json!({"validity_years": 10})), Some(access(&tokens))).await;
        patched.problem(422);
        assert_eq!(patched.error_fields(), ["validity_years"]);

        // The quote of a person: the same caps.
        let minor = quote(&app, "electronic", "&birth_date=2012-01-01&validity_years=10").await;
        minor.problem(422);
        assert_eq!(minor.error_fields(), ["validity_years"]);
        let minor: QuoteDto = quote(&app, "electronic", "&birth_date=2012-01-01").await.parse();
        assert_eq!((minor.validity_years, minor.validity_choices), (5, vec![5]));
        let dual = quote(&app, "electronic", "&birth_date=2008-01-01&dual_citizen_child=true&validity_years=10").await;
        dual.problem(422);
        assert_eq!(dual.error_fields(), ["validity_years"]);
        // Married at 16: the adult's choice.
        let married: QuoteDto = quote(&app, "electronic", "&birth_date=2010-01-01&married=true&validity_years=5").await.parse();
        assert_eq!(married.validity_choices, [5, 10]);
        let no_birth = quote(&app, "electronic", "&married=true").await;
        no_birth.problem(422);
        assert_eq!(no_birth.error_fields(), ["birth_date"]);
    }
}

on_both_backends! {
    async fn under_the_launch_schedule_the_choice_does_not_exist(app) {
        let answer = quote(&app, "electronic", "").await;
        assert_eq!(answer.status, 200, "{:#}", answer.json);
        let launch: QuoteDto = answer.parse();
        assert_eq!((launch.schedule.as_str(), launch.total), ("launch", 650_000));
        assert_eq!((launch.validity_years, launch.validity_choices.clone()), (10, vec![10]));
        assert_eq!(
            options(&launch),
            [(PassportKindDto::Electronic, 10, 650_000), (PassportKindDto::NonElectronic, 10, 350_000)]
        );
        let five = quote(&app, "electronic", "&validity_years=5").await;
        let problem = five.problem(422);
        assert_eq!(five.error_fields(), ["validity_years"]);
        assert!(problem.detail.contains("not a choice"), "{problem:?}");

        let tokens = app.applicant("ani@example.id").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(1)).await;
        let refused = create(&app, &tokens, &draft_with(&applicant, &json!({"validity_years": 5}))).await;
        refused.problem(422);
        assert_eq!(refused.error_fields(), ["validity_years"]);
        let ten = create(&app, &tokens, &draft_with(&applicant, &json!({"validity_years": 10}))).await;
        assert_eq!(ten.status, 201, "{:#}", ten.json);
        assert_eq!(ten.parse::<ApplicationDto>().quote.expect("a quote").total, 650_000);
    }
}

/// A system admin's tokens.
async fn system_admin(app: &TestApp) -> TokenPairDto {
    app.staff("admin@imigrasi.example", Role::SystemAdmin, None)
        .await
}

/// A rule set as `POST /v1/admin/validity-rules` takes it: ten years for everyone from
/// `from`.
fn one_term(code: &str, from: &str) -> Value {
    json!({
        "code": code, "name": "Ten years for everyone", "effective_from": from,
        "adult_age": 17, "married_as_adult": true, "adult_years": [10], "minor_years": 10,
        "dual_citizen_child_years": 5, "dual_citizen_choice_age": 21
    })
}

async fn validity(app: &TestApp, query: &str) -> ValidityDto {
    let answer = app.get(&format!("/v1/validity?{query}")).await;
    assert_eq!(answer.status, 200, "{query}: {:#}", answer.json);
    answer.parse()
}

async fn rule_sets(app: &TestApp, admin: &TokenPairDto) -> Vec<(String, bool)> {
    let listed = app
        .send(
            Method::GET,
            "/v1/admin/validity-rules",
            None,
            Some(access(admin)),
        )
        .await;
    assert_eq!(listed.status, 200, "{:#}", listed.json);
    listed
        .parse::<ValidityRulesList>()
        .items
        .into_iter()
        .map(|rules| (rules.code, rules.enabled))
        .collect()
}

on_both_backends! {
    async fn a_new_rule_set_applies_from_its_date_once_switched_on(app) {
        let app = priced_by_validity(app).await;
        let admin = system_admin(&app).await;
        assert_eq!(
            rule_sets(&app, &admin).await,
            [("ten_year_2022".to_owned(), true), ("choice_2024".to_owned(), true)]
        );
        // An applicant may not read or change them.
        let citizen = app.applicant("ani@example.id").await;
        app.send(Method::GET, "/v1/admin/validity-rules", None, Some(access(&citizen))).await.problem(403);
        app.post("/v1/admin/validity-rules", &one_term("x", "2026-11-26"), Some(access(&citizen))).await.problem(403);

        // Announced today, in force from tomorrow: added switched off, then switched on.
        let created = app.post("/v1/admin/validity-rules", &one_term("one_term_2026", "2026-11-26"), Some(access(&admin))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let created: ValidityRulesDto = created.parse();
        assert!(!created.enabled);
        assert_eq!(created.adult_years, [10]);
        let again = app.post("/v1/admin/validity-rules", &one_term("one_term_2026", "2027-01-01"), Some(access(&admin))).await;
        again.problem(409);
        let minor_tomorrow = validity(&app, "birth_date=2012-01-01&issue_date=2026-11-26").await;
        assert_eq!((minor_tomorrow.years, minor_tomorrow.rules.as_str()), (5, "choice_2024"), "not switched on yet");

        let path = "/v1/admin/validity-rules/in-force";
        let everything = json!({"codes": ["ten_year_2022", "choice_2024", "one_term_2026"]});
        let switched = app.send(Method::PUT, path, Some(&everything), Some(access(&admin))).await;
        assert_eq!(switched.status, 200, "{:#}", switched.json);
        assert!(switched.parse::<ValidityRulesList>().items.iter().all(|rules| rules.enabled));

        // The day before the change, and the day of it.
        let today = validity(&app, "birth_date=2012-01-01&issue_date=2026-11-25").await;
        assert_eq!((today.years, today.expires_on.to_string(), today.rules.as_str()), (5, "2031-11-24".to_owned(), "choice_2024"));
        let tomorrow = validity(&app, "birth_date=2012-01-01&issue_date=2026-11-26").await;
        assert_eq!((tomorrow.years, tomorrow.expires_on.to_string(), tomorrow.rules.as_str()), (10, "2036-11-25".to_owned(), "one_term_2026"));
        let adult_five = validity(&app, "birth_date=1990-05-15&issue_date=2026-11-25&validity_years=5").await;
        assert_eq!((adult_five.term_years, adult_five.choices.clone()), (5, vec![5, 10]));
        let refused = app.get("/v1/validity?birth_date=1990-05-15&issue_date=2026-11-26&validity_years=5").await;
        refused.problem(422);
        assert_eq!(refused.error_fields(), ["validity_years"]);
        // The quote of each day says the same.
        let on_today: QuoteDto = quote(&app, "electronic", "&on=2026-11-25").await.parse();
        assert_eq!(on_today.validity_choices, [5, 10]);
        let on_tomorrow: QuoteDto = quote(&app, "electronic", "&on=2026-11-26").await.parse();
        assert_eq!((on_tomorrow.validity_choices, on_tomorrow.validity_rules), (vec![10], "one_term_2026".to_owned()));

        // Switches that would leave nothing in force today, or name nothing, are refused.
        let future_only = app.send(Method::PUT, path, Some(&json!({"codes": ["one_term_2026"]})), Some(access(&admin))).await;
        assert!(future_only.problem(422).detail.contains("in force today"));
        let unknown = app.send(Method::PUT, path, Some(&json!({"codes": ["choice_2024", "nope"]})), Some(access(&admin))).await;
        unknown.problem(422);
        assert_eq!(unknown.error_fields(), ["codes"]);
        app.send(Method::PUT, path, Some(&json!({"codes": []})), Some(access(&admin))).await.problem(422);
        assert!(rule_sets(&app, &admin).await.iter().all(|(_, enabled)| *enabled), "nothing changed");

        // Every change is in the audit trail.
        for (action, count) in [("validity_rules.create", 1), ("validity_rules.in_force", 1)] {
            let trail = app.send(Method::GET, &format!("/v1/office/audit?action={action}"), None, Some(access(&admin))).await;
            assert_eq!(trail.status, 200, "{:#}", trail.json);
            let records = trail.parse::<AuditPage>().items;
            assert_eq!(records.len(), count, "{action}");
            assert_eq!(records[0].object_type, "validity_rules");
        }
        let switch = app.send(Method::GET, "/v1/office/audit?action=validity_rules.in_force", None, Some(access(&admin))).await;
        let switch = &switch.parse::<AuditPage>().items[0];
        assert_eq!(switch.before, Some(json!({"codes": ["choice_2024", "ten_year_2022"]})));
        assert_eq!(switch.after, Some(json!({"codes": ["choice_2024", "one_term_2026", "ten_year_2022"]})));
    }
}

/// A draft of a new applicant choosing five years, booked, paid and approved; its id.
async fn approved_for_five_years(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let applicant = add_applicant(app, tokens, nik).await;
    let created = create(
        app,
        tokens,
        &draft_with(&applicant, &json!({"validity_years": 5})),
    )
    .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    let id = created.parse::<ApplicationDto>().id;
    let booked = book(app, tokens, &id).await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);
    pay(
        app,
        &booked
            .parse::<ApplicationDto>()
            .booking
            .expect("a booking")
            .billing_code,
    )
    .await;
    approve(app, &id);
    id
}

async fn issue(app: &TestApp, officer: &TokenPairDto, id: &str) -> PassportDto {
    let issued = app
        .post(
            &format!("/v1/office/applications/{id}/issuance"),
            &json!({}),
            Some(access(officer)),
        )
        .await;
    assert_eq!(issued.status, 201, "{:#}", issued.json);
    issued.parse()
}

on_both_backends! {
    async fn the_expiry_comes_from_the_rules_in_force_on_the_issue_date(app) {
        let app = priced_by_validity(app).await;
        let tokens = app.applicant("ani@example.id").await;
        let first = approved_for_five_years(&app, &tokens, &nth_nik(1)).await;
        let second = approved_for_five_years(&app, &tokens, &nth_nik(2)).await;
        // A regulation announced today: from 27 November, ten years for everyone.
        let admin = system_admin(&app).await;
        let mut body = one_term("one_term_2026", "2026-11-27");
        body["enabled"] = json!(true);
        let created = app.post("/v1/admin/validity-rules", &body, Some(access(&admin))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);

        // Issued on the 26th, under the 2024 rules: the five years chosen.
        app.clock.set(instant("2026-11-26T03:00:00Z"));
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let passport = issue(&app, &officer, &first).await;
        assert_eq!(passport.issue_date.to_string(), "2026-11-26");
        assert_eq!(passport.expiry_date.to_string(), "2031-11-25");
        // Issued on the 27th, under the new rules, which give adults ten years only.
        app.clock.set(instant("2026-11-27T03:00:00Z"));
        let officer = app.login("petugas@imigrasi.example", PASSWORD).await;
        let passport = issue(&app, &officer, &second).await;
        assert_eq!(passport.issue_date.to_string(), "2026-11-27");
        assert_eq!(passport.expiry_date.to_string(), "2036-11-26");
    }
}

on_both_backends! {
    async fn odd_choices_and_rule_sets_are_refused_and_change_nothing(app) {
        let app = priced_by_validity(app).await;
        let tokens = app.applicant("ani@example.id").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(1)).await;
        let long = "x".repeat(10 * 1024);
        // (fields changed, status): a value of the wrong type is a malformed body (400,
        // its position told), one out of the schema's bounds a 400 naming the field, one
        // within them but not offered a 422 naming it.
        let drafts = [
            (json!({"validity_years": "ten"}), 400),
            (json!({"validity_years": "10"}), 400),
            (json!({"validity_years": -5}), 400),
            (json!({"validity_years": 5.5}), 400),
            (json!({"validity_years": true}), 400),
            (json!({"validity_years": [5]}), 400),
            (json!({"validity_years": 4_294_967_301_u64}), 400),
            (json!({"office_id": 7}), 400),
        ];
        for (fields, status) in drafts {
            let answer = create(&app, &tokens, &draft_with(&applicant, &fields)).await;
            answer.problem(status);
            assert_eq!(answer.json["type"], "urn:paspor:problem:malformed-body", "{fields}");
        }
        let named = [
            (json!({"validity_years": 7}), 422),
            (json!({"validity_years": 0}), 400),
            (json!({"validity_years": 11}), 400),
            (json!({"office_id": long}), 400),
            (json!({"office_id": "kantor\u{0}"}), 400),
            (json!({"office_id": "0193a000-0000-7000-8000-0000000000ff"}), 422),
        ];
        for (fields, status) in named {
            let answer = create(&app, &tokens, &draft_with(&applicant, &fields)).await;
            answer.problem(status);
            let field = fields.as_object().unwrap().keys().next().unwrap().clone();
            assert_eq!(answer.error_fields(), [field], "{fields}: {:#}", answer.json);
        }
        let listed = app.send(Method::GET, "/v1/applications", None, Some(access(&tokens))).await;
        assert_eq!(listed.parse::<ApplicationPage>().total, 0, "nothing stored");

        for (more, status) in [
            ("&validity_years=ten", 400),
            ("&validity_years=7", 422),
            ("&validity_years=11", 400),
            ("&validity_years=-1", 400),
            ("&office_id=nowhere", 422),
            ("&birth_date=yesterday", 400),
            ("&birth_date=2030-01-01", 422),
        ] {
            let answer = quote(&app, "electronic", more).await;
            answer.problem(status);
            assert_eq!(answer.error_fields().len(), 1, "{more}: {:#}", answer.json);
        }
        let field = |answer: &Answer| answer.error_fields().first().cloned().unwrap_or_default();
        assert_eq!(field(&quote(&app, "electronic", "&office_id=nowhere").await), "office_id");
        assert_eq!(field(&quote(&app, "electronic", "&birth_date=2030-01-01").await), "birth_date");

        let admin = system_admin(&app).await;
        let name_with_nul = "Aturan\u{0}baru";
        let rule_sets_before = rule_sets(&app, &admin).await;
        // (a field changed, status, field named; none for a malformed body)
        let bodies = [
            ("code", json!("Bad Code"), 400, Some("code")),
            ("code", json!(long), 400, Some("code")),
            ("name", json!(name_with_nul), 400, Some("name")),
            ("name", json!(long), 400, Some("name")),
            ("name", json!("   "), 400, Some("name")),
            ("adult_age", json!(0), 400, Some("adult_age")),
            ("adult_age", json!("17"), 400, None),
            ("adult_years", json!([]), 422, Some("adult_years")),
            ("adult_years", json!([0, 10]), 422, Some("adult_years")),
            ("adult_years", json!([5, 5]), 422, Some("adult_years")),
            ("adult_years", json!([5, 11]), 422, Some("adult_years")),
            ("adult_years", json!("5,10"), 400, None),
            ("minor_years", json!(11), 400, Some("minor_years")),
            ("dual_citizen_choice_age", json!(99), 400, Some("dual_citizen_choice_age")),
            ("effective_from", json!("2026-02-30"), 400, None),
        ];
        for (key, value, status, named) in bodies {
            let mut body = one_term("fine_code", "2027-01-01");
            body[key] = value.clone();
            let answer = app.post("/v1/admin/validity-rules", &body, Some(access(&admin))).await;
            answer.problem(status);
            match named {
                Some(field) => assert_eq!(answer.error_fields(), [field], "{key} = {value}: {:#}", answer.json),
                None => assert_eq!(answer.json["type"], "urn:paspor:problem:malformed-body", "{key} = {value}"),
            }
        }
        assert_eq!(rule_sets(&app, &admin).await, rule_sets_before, "nothing stored");
    }
}

on_both_backends! {
    async fn one_rule_set_added_by_many_requests_at_once_is_added_once(app) {
        let admin = system_admin(&app).await;
        let body = one_term("one_term_2027", "2027-01-01");
        let answers = at_once((0..AT_ONCE).map(|_| {
            app.post("/v1/admin/validity-rules", &body, Some(access(&admin)))
        }))
        .await;
        let split = split("adding one rule set", &answers, &[201]);
        assert_eq!(split.statuses().iter().filter(|s| **s == 201).count(), 1, "{:?}", split.statuses());
        assert!(split.statuses().iter().all(|s| *s == 201 || *s == 409), "{:?}", split.statuses());
        let codes: Vec<String> = rule_sets(&app, &admin).await.into_iter().map(|(code, _)| code).collect();
        assert_eq!(codes.iter().filter(|code| *code == "one_term_2027").count(), 1);
        // In the database itself: one row, as the winner sent it, switched off.
        let mut conn = app.pool().get().expect("a connection");
        let stored = paspor_persistence::validity_rules::all(&mut conn).expect("the rule sets");
        let added: Vec<_> = stored.iter().filter(|s| s.rules.code == "one_term_2027").collect();
        assert_eq!(added.len(), 1);
        assert_eq!((added[0].rules.adult_years.clone(), added[0].rules.minor_years, added[0].enabled), (vec![10], 10, false));
        let trail = app.send(Method::GET, "/v1/office/audit?action=validity_rules.create", None, Some(access(&admin))).await;
        assert_eq!(trail.parse::<AuditPage>().total, 1);
    }
}
