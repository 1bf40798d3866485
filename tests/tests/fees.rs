//! Fee quotes from the schedule in force, and passport validity.

use paspor_openapi::{QuoteDto, ValidityDto};
use serde_json::json;

use crate::support::*;

async fn quote(app: &TestApp, query: &str) -> Answer {
    app.get(&format!("/v1/quote?{query}")).await
}

/// The lines of a quote: each item's code, as sent, with its amount.
fn lines(answer: &Answer) -> Vec<(String, i64)> {
    answer
        .parse::<QuoteDto>()
        .items
        .into_iter()
        .map(|l| {
            let code = serde_json::to_value(l.code).expect("a code");
            (code.as_str().expect("a code").to_owned(), l.amount)
        })
        .collect()
}

fn quoted(answer: &Answer) -> QuoteDto {
    answer.parse()
}

on_both_backends! {
    async fn the_launch_schedule_prices_every_combination(app) {
        let answer = quote(&app, "passport_kind=electronic&service=regular&application_kind=new").await;
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.json,
            json!({
                "total": 650000, "currency": "IDR",
                "items": [{"code": "passport_electronic", "label": "Electronic passport, 48 pages", "amount": 650000}],
                "schedule": "launch", "schedule_name": "Launch schedule (PP 28/2019)",
                // Under the launch schedule the validity is not a choice: ten years for an adult.
                "validity_years": 10, "validity_choices": [10], "validity_rules": "choice_2024",
                "options": [
                    {"passport_kind": "electronic", "validity_years": 10, "passport_amount": 650000, "total": 650000,
                     "benefits": ["biometric_chip", "autogate", "visa_waiver_registration"]},
                    {"passport_kind": "non_electronic", "validity_years": 10, "passport_amount": 350000, "total": 350000,
                     "benefits": []}
                ]
            })
        );
        let cases = [
            ("passport_kind=non_electronic&service=regular&application_kind=new", 350_000, vec![("passport_non_electronic", 350_000)]),
            ("passport_kind=electronic&service=same_day&application_kind=new", 1_650_000, vec![("passport_electronic", 650_000), ("same_day", 1_000_000)]),
            ("passport_kind=electronic&service=regular&application_kind=replacement&replacement_reason=expired", 650_000, vec![("passport_electronic", 650_000)]),
            ("passport_kind=non_electronic&service=regular&application_kind=replacement&replacement_reason=lost", 1_350_000, vec![("passport_non_electronic", 350_000), ("lost_penalty", 1_000_000)]),
            ("passport_kind=electronic&service=same_day&application_kind=replacement&replacement_reason=lost", 2_650_000, vec![("passport_electronic", 650_000), ("same_day", 1_000_000), ("lost_penalty", 1_000_000)]),
            ("passport_kind=electronic&service=regular&application_kind=replacement&replacement_reason=damaged", 1_150_000, vec![("passport_electronic", 650_000), ("damaged_penalty", 500_000)]),
            ("passport_kind=electronic&service=regular&application_kind=replacement&replacement_reason=damaged&disaster=true", 650_000, vec![("passport_electronic", 650_000)]),
            ("passport_kind=electronic&service=regular&application_kind=replacement&replacement_reason=lost&disaster=true", 650_000, vec![("passport_electronic", 650_000)]),
        ];
        for (query, total, expected) in cases {
            let answer = quote(&app, query).await;
            assert_eq!(answer.status, 200, "{query}");
            assert_eq!(quoted(&answer).total, total, "{query}");
            let expected: Vec<(String, i64)> = expected.into_iter().map(|(c, a)| (c.to_owned(), a)).collect();
            assert_eq!(lines(&answer), expected, "{query}");
        }
    }
}

on_both_backends! {
    async fn a_quote_request_is_checked(app) {
        // 400: the value breaks the published schema; 422: it conforms, a rule refuses it.
        for (query, field, status) in [
            ("passport_kind=electronic&service=regular&application_kind=replacement", "replacement_reason", 422),
            ("passport_kind=electronic&service=regular&application_kind=new&replacement_reason=lost", "replacement_reason", 422),
            ("passport_kind=diplomatic&service=regular&application_kind=new", "passport_kind", 400),
            ("passport_kind=electronic&application_kind=new", "service", 400),
            ("passport_kind=electronic&service=regular&application_kind=new&on=2026-02-30", "on", 400),
            ("passport_kind=electronic&service=regular&application_kind=new&disaster=perhaps", "disaster", 400),
        ] {
            let answer = quote(&app, query).await;
            answer.problem(status);
            assert_eq!(answer.error_fields(), [field], "{query}: {:#}", answer.json);
        }
        // No schedule reaches back before the launch schedule's start.
        let answer = quote(&app, "passport_kind=electronic&service=regular&application_kind=new&on=2018-06-01").await;
        answer.problem(422);
    }
}

on_both_backends! {
    async fn the_2024_schedule_is_switched_on_by_configuration(app) {
        // Out of the box only the launch schedule is on; restart with both switched on.
        let switched = app
            .restart_with(|config| {
                config.tariff_schedules = Some(vec!["launch".to_owned(), "validity_2024".to_owned()]);
            })
            .await;
        let new_e_passport = "passport_kind=electronic&service=regular&application_kind=new";
        // Without a validity, an adult's default: ten years.
        let default = quoted(&quote(&switched, new_e_passport).await);
        assert_eq!((default.total, default.validity_years), (950_000, 10));
        assert_eq!(default.validity_choices, [5, 10]);

        let ten = quote(&switched, &format!("{new_e_passport}&validity_years=10")).await;
        assert_eq!(quoted(&ten).schedule, "validity_2024");
        assert_eq!(lines(&ten), [("passport_electronic_10y".to_owned(), 950_000)]);
        let five = quote(&switched, "passport_kind=non_electronic&service=same_day&application_kind=new&validity_years=5").await;
        assert_eq!(quoted(&five).total, 1_350_000);
        // 7 is within the schema's 1..=10, but no rule set offers it.
        let odd = quote(&switched, &format!("{new_e_passport}&validity_years=7")).await;
        odd.problem(422);

        // The day before the regulation, the launch schedule still applies.
        let before = quote(&switched, &format!("{new_e_passport}&on=2024-12-16")).await;
        let before = quoted(&before);
        assert_eq!((before.schedule.as_str(), before.total), ("launch", 650_000));
        let from = quote(&switched, &format!("{new_e_passport}&on=2024-12-17&validity_years=5")).await;
        let from = quoted(&from);
        assert_eq!((from.schedule.as_str(), from.total), ("validity_2024", 650_000));
    }
}

async fn validity(app: &TestApp, query: &str) -> Answer {
    app.get(&format!("/v1/validity?{query}")).await
}

on_both_backends! {
    async fn validity_follows_age_marriage_and_dual_citizenship(app) {
        let adult = json!({"rules": "choice_2024", "choices": [5, 10]});
        let child = json!({"rules": "choice_2024", "choices": [5]});
        let cases = [
            // 17 on the issue date: ten years, ending the day before.
            ("birth_date=2009-11-25&issue_date=2026-11-25", json!({"years": 10, "term_years": 10, "issued_on": "2026-11-25", "expires_on": "2036-11-24", "rule": "adult"}), &adult),
            // The day before the 17th birthday: five years.
            ("birth_date=2009-11-26&issue_date=2026-11-25", json!({"years": 5, "term_years": 5, "issued_on": "2026-11-25", "expires_on": "2031-11-24", "rule": "minor"}), &child),
            ("birth_date=2009-11-26&issue_date=2026-11-25&married=true", json!({"years": 10, "term_years": 10, "issued_on": "2026-11-25", "expires_on": "2036-11-24", "rule": "married"}), &adult),
            // A dual-citizen child: five years, never past the day before the 21st birthday.
            ("birth_date=2012-03-01&issue_date=2026-11-25&dual_citizen_child=true", json!({"years": 5, "term_years": 5, "issued_on": "2026-11-25", "expires_on": "2031-11-24", "rule": "dual_citizen_child"}), &child),
            ("birth_date=2009-11-25&issue_date=2026-11-25&dual_citizen_child=true", json!({"years": 4, "term_years": 5, "issued_on": "2026-11-25", "expires_on": "2030-11-24", "rule": "dual_citizen_child_capped_at_21"}), &child),
            ("birth_date=2008-11-25&issue_date=2026-11-25&dual_citizen_child=true", json!({"years": 3, "term_years": 5, "issued_on": "2026-11-25", "expires_on": "2029-11-24", "rule": "dual_citizen_child_capped_at_21"}), &child),
            // Issued on 29 February: the same date ten years on is 1 March in a common year.
            ("birth_date=1990-01-01&issue_date=2028-02-29", json!({"years": 10, "term_years": 10, "issued_on": "2028-02-29", "expires_on": "2038-02-28", "rule": "adult"}), &adult),
            // Born on 29 February: 17 on 1 March in a common year, not on 28 February.
            ("birth_date=2008-02-29&issue_date=2025-02-28", json!({"years": 5, "term_years": 5, "issued_on": "2025-02-28", "expires_on": "2030-02-27", "rule": "minor"}), &child),
            ("birth_date=2008-02-29&issue_date=2025-03-01", json!({"years": 10, "term_years": 10, "issued_on": "2025-03-01", "expires_on": "2035-02-28", "rule": "adult"}), &adult),
            // Before 17 December 2024 the rules of 2022 gave an adult ten years only.
            ("birth_date=1990-01-01&issue_date=2024-12-16", json!({"years": 10, "term_years": 10, "issued_on": "2024-12-16", "expires_on": "2034-12-15", "rule": "adult"}), &json!({"rules": "ten_year_2022", "choices": [10]})),
            // Chosen: five years.
            ("birth_date=1990-01-01&issue_date=2026-11-25&validity_years=5", json!({"years": 5, "term_years": 5, "issued_on": "2026-11-25", "expires_on": "2031-11-24", "rule": "adult"}), &adult),
        ];
        for (query, mut expected, rules) in cases {
            let answer = validity(&app, query).await;
            assert_eq!(answer.status, 200, "{query}: {:#}", answer.json);
            for (key, value) in rules.as_object().expect("an object") {
                expected[key] = value.clone();
            }
            assert_eq!(answer.json, expected, "{query}");
        }
        // Without an issue date, today (25 November 2026 in Jakarta) is used.
        let today = validity(&app, "birth_date=1980-05-17").await;
        assert_eq!(today.parse::<ValidityDto>().issued_on.to_string(), "2026-11-25");
    }
}

on_both_backends! {
    async fn impossible_validity_questions_are_refused(app) {
        let before_birth = validity(&app, "birth_date=2026-12-01&issue_date=2026-11-25").await;
        before_birth.problem(422);
        assert_eq!(before_birth.error_fields(), ["issue_date"]);
        let grown_up = validity(&app, "birth_date=2005-11-25&issue_date=2026-11-25&dual_citizen_child=true").await;
        grown_up.problem(422);
        let missing = validity(&app, "issue_date=2026-11-25").await;
        missing.problem(400);
        assert_eq!(missing.error_fields(), ["birth_date"]);
        // No rule set reaches back before the rules of 12 October 2022.
        let too_early = validity(&app, "birth_date=1990-01-01&issue_date=2022-10-11").await;
        too_early.problem(422);
        assert_eq!(too_early.error_fields(), ["issue_date"]);
        let minor_ten = validity(&app, "birth_date=2012-01-01&issue_date=2026-11-25&validity_years=10").await;
        minor_ten.problem(422);
        assert_eq!(minor_ten.error_fields(), ["validity_years"]);
        let eleven = validity(&app, "birth_date=1990-01-01&validity_years=11").await;
        eleven.problem(400);
        assert_eq!(eleven.error_fields(), ["validity_years"]);
    }
}
