//! An office that issues electronic passports only (several do since December 2024): the
//! office, its availability and its quotes say which kinds it offers; a non-electronic
//! passport is refused on a draft naming it and at its booking, a draft made before the
//! switch included; an office admin or a system admin sets it, in the audit trail.

use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, AuditPage, AvailabilityDto, OfficeDto, OfficeSettingsDto, PassportKindDto,
    QuoteDto, TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

/// A draft of `applicant` for a passport of `kind`, naming `office` if any.
fn draft_of(applicant: &str, kind: &str, office: Option<&str>) -> Value {
    let mut body = draft(applicant);
    body["passport_kind"] = json!(kind);
    if let Some(office) = office {
        body["office_id"] = json!(office);
    }
    body
}

async fn create(app: &TestApp, tokens: &TokenPairDto, body: &Value) -> Answer {
    app.post("/v1/applications", body, Some(access(tokens)))
        .await
}

async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str) -> Answer {
    let session = seed_session_on_date(app).await;
    app.post(
        &format!("/v1/applications/{id}/booking"),
        &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
        Some(access(tokens)),
    )
    .await
}

async fn set_electronic_only(app: &TestApp, admin: &TokenPairDto, only: bool) -> OfficeSettingsDto {
    let answer = app
        .send(
            Method::PATCH,
            "/v1/office/settings",
            Some(&json!({"electronic_only": only})),
            Some(access(admin)),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

fn kinds(answer: &Answer) -> Vec<PassportKindDto> {
    answer.parse::<OfficeDto>().passport_kinds
}

on_both_backends! {
    async fn an_electronic_only_office_refuses_the_other_kind_at_draft_and_booking(app) {
        let office_path = format!("/v1/offices/{SEED_OFFICE_ID}");
        let seed = app.get(&office_path).await;
        assert!(!seed.parse::<OfficeDto>().electronic_only);
        assert_eq!(kinds(&seed), [PassportKindDto::Electronic, PassportKindDto::NonElectronic]);

        let tokens = app.applicant("ani@example.id").await;
        // Drafts made before the office switched: one naming it, one naming none.
        let first = add_applicant(&app, &tokens, &nth_nik(1)).await;
        let before = create(&app, &tokens, &draft_of(&first, "non_electronic", Some(SEED_OFFICE_ID))).await;
        assert_eq!(before.status, 201, "{:#}", before.json);
        let before: ApplicationDto = before.parse();
        assert_eq!(before.office_id.as_deref(), Some(SEED_OFFICE_ID));
        let second = add_applicant(&app, &tokens, &nth_nik(2)).await;
        let unnamed: ApplicationDto = create(&app, &tokens, &draft_of(&second, "non_electronic", None)).await.parse();

        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let settings = set_electronic_only(&app, &admin, true).await;
        assert!(settings.electronic_only);
        let trail = app.send(Method::GET, "/v1/office/audit?action=office.update", None, Some(access(&admin))).await;
        let records = trail.parse::<AuditPage>().items;
        assert_eq!(records[0].before, Some(json!({"electronic_only": false})));
        assert_eq!(records[0].after, Some(json!({"electronic_only": true})));

        // The office and its availability say so.
        let office = app.get(&office_path).await;
        assert!(office.parse::<OfficeDto>().electronic_only);
        assert_eq!(kinds(&office), [PassportKindDto::Electronic]);
        let days = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}")).await;
        assert_eq!(days.parse::<AvailabilityDto>().passport_kinds, [PassportKindDto::Electronic]);

        // The quote at the office: only the electronic kind is offered, and priced.
        let at_office = format!("&office_id={SEED_OFFICE_ID}");
        let refused = app.get(&format!("/v1/quote?passport_kind=non_electronic&service=regular&application_kind=new{at_office}")).await;
        let problem = refused.problem(422);
        assert_eq!(refused.error_fields(), ["passport_kind"]);
        assert!(problem.detail.contains("issues electronic passports only"), "{problem:?}");
        let quoted = app.get(&format!("/v1/quote?passport_kind=electronic&service=regular&application_kind=new{at_office}")).await;
        let quoted: QuoteDto = quoted.parse();
        assert!(quoted.options.iter().all(|o| o.passport_kind == PassportKindDto::Electronic));
        assert_eq!(quoted.options.len(), 1);

        // A new draft naming the office: refused for the other kind, taken for e-passports.
        let third = add_applicant(&app, &tokens, &nth_nik(3)).await;
        let refused = create(&app, &tokens, &draft_of(&third, "non_electronic", Some(SEED_OFFICE_ID))).await;
        refused.problem(422);
        assert_eq!(refused.error_fields(), ["passport_kind"]);
        let taken = create(&app, &tokens, &draft_of(&third, "electronic", Some(SEED_OFFICE_ID))).await;
        assert_eq!(taken.status, 201, "{:#}", taken.json);
        // Naming the office on an earlier draft is checked the same way.
        let named = app.send(Method::PATCH, &format!("/v1/applications/{}", unnamed.id), Some(&json!({"office_id": SEED_OFFICE_ID})), Some(access(&tokens))).await;
        named.problem(422);
        assert_eq!(named.error_fields(), ["passport_kind"]);

        // The drafts made before: shown with the office's kinds, refused at booking.
        let shown = app.send(Method::GET, &format!("/v1/applications/{}", before.id), None, Some(access(&tokens))).await;
        let shown: ApplicationDto = shown.parse();
        let shown_quote = shown.quote.expect("a quote");
        assert_eq!(shown_quote.total, 350_000, "priced as drafted");
        assert!(shown_quote.options.iter().all(|o| o.passport_kind == PassportKindDto::Electronic));
        for id in [&before.id, &unnamed.id] {
            let booked = book(&app, &tokens, id).await;
            let problem = booked.problem(422);
            assert_eq!(booked.error_fields(), ["passport_kind"], "{id}");
            assert!(problem.detail.contains("issues electronic passports only"));
            let still = app.send(Method::GET, &format!("/v1/applications/{id}"), None, Some(access(&tokens))).await;
            assert!(still.parse::<ApplicationDto>().booking.is_none(), "nothing booked");
        }
        // Changed to an e-passport, the earlier draft is booked.
        let path = format!("/v1/applications/{}", before.id);
        let changed = app.send(Method::PATCH, &path, Some(&json!({"passport_kind": "electronic"})), Some(access(&tokens))).await;
        assert_eq!(changed.status, 200, "{:#}", changed.json);
        let booked = book(&app, &tokens, &before.id).await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        let booking = booked.parse::<ApplicationDto>().booking.expect("a booking");
        assert_eq!(booking.amount, 650_000);
        pay(&app, &booking.billing_code).await;

        // A system admin switches it back.
        let system = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let back = app.send(Method::PATCH, &format!("/v1/admin/offices/{SEED_OFFICE_ID}"), Some(&json!({"electronic_only": false})), Some(access(&system))).await;
        assert_eq!(back.status, 200, "{:#}", back.json);
        assert_eq!(back.parse::<OfficeDto>().passport_kinds.len(), 2);
        let booked = book(&app, &tokens, &unnamed.id).await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
    }
}

on_both_backends! {
    async fn an_office_created_electronic_only_and_out_of_books_offers_nothing(app) {
        let system = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let created = app
            .post(
                "/v1/admin/offices",
                &json!({
                    "name": "Kantor Imigrasi Kelas I TPI Batam", "kind": "immigration_office",
                    "class": "I TPI", "address": "Jl. Engku Putri No. 3", "city": "Batam",
                    "province": "Kepulauan Riau", "latitude": 1.13, "longitude": 104.05,
                    "time_zone": "wib", "opening_hours": {"opens": "08:00", "closes": "16:00"},
                    "e_passport_available": true, "electronic_only": true
                }),
                Some(access(&system)),
            )
            .await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let office: OfficeDto = created.parse();
        assert_eq!((office.electronic_only, office.passport_kinds.clone()), (true, vec![PassportKindDto::Electronic]));
        let path = format!("/v1/admin/offices/{}", office.id);
        let out = app.send(Method::PATCH, &path, Some(&json!({"e_passport_available": false})), Some(access(&system))).await;
        assert_eq!(out.status, 200, "{:#}", out.json);
        assert!(out.parse::<OfficeDto>().passport_kinds.is_empty());
        let quoted = app.get(&format!("/v1/quote?passport_kind=electronic&service=regular&application_kind=new&office_id={}", office.id)).await;
        assert!(quoted.problem(422).detail.contains("no e-passport books"));
        assert_eq!(quoted.error_fields(), ["passport_kind"]);
        // A wrong type is refused by the schema.
        let odd = app.send(Method::PATCH, &path, Some(&json!({"electronic_only": "yes"})), Some(access(&system))).await;
        odd.problem(400);
        assert_eq!(odd.json["type"], "urn:paspor:problem:malformed-body");
    }
}
