//! The office list (nearest first, paginated) and single offices.

use paspor_openapi::{OfficeDto, OfficeKindDto, OfficePage, ReleaseRuleDto, TimeZoneDto};

use crate::support::*;

const PANGKALPINANG: &str = "0193a000-0000-7000-8000-000000000001";
const TANJUNG_PANDAN: &str = "0193a000-0000-7000-8000-000000000002";
const MAKASSAR: &str = "0193a000-0000-7000-8000-000000000003";
const JAYAPURA: &str = "0193a000-0000-7000-8000-000000000004";

fn ids(answer: &Answer) -> Vec<String> {
    answer
        .parse::<OfficePage>()
        .items
        .into_iter()
        .map(|o| o.id)
        .collect()
}

on_both_backends! {
    async fn without_a_position_offices_are_listed_by_name(app) {
        let answer = app.get("/v1/offices").await;
        assert_eq!(answer.status, 200);
        assert_eq!(ids(&answer), [JAYAPURA, MAKASSAR, PANGKALPINANG, TANJUNG_PANDAN]);
        let page: OfficePage = answer.parse();
        assert_eq!(page.total, 4);
        assert_eq!(page.page, 1);
        assert_eq!(page.per_page, 20);
        assert!(page.items.iter().all(|o| o.distance_km.is_none()));
    }
}

on_both_backends! {
    async fn with_a_position_the_nearest_office_comes_first(app) {
        // Standing in Tanjung Pandan, on Belitung.
        let answer = app.get("/v1/offices?lat=-2.74&lng=107.63").await;
        assert_eq!(ids(&answer), [TANJUNG_PANDAN, PANGKALPINANG, MAKASSAR, JAYAPURA]);
        let distances: Vec<f64> = answer
            .parse::<OfficePage>()
            .items
            .iter()
            .map(|o| o.distance_km.unwrap())
            .collect();
        assert!(distances[0] < 1.0, "{distances:?}");
        // Pangkalpinang is about 170 km away across the strait.
        assert!((150.0..200.0).contains(&distances[1]), "{distances:?}");
        assert!(distances.windows(2).all(|w| w[0] <= w[1]));

        // Standing in Jayapura.
        let answer = app.get("/v1/offices?lat=-2.53&lng=140.71").await;
        assert_eq!(ids(&answer)[0], JAYAPURA);
    }
}

on_both_backends! {
    async fn the_list_is_paginated(app) {
        let second = app.get("/v1/offices?per_page=3&page=2").await;
        assert_eq!(ids(&second), [TANJUNG_PANDAN]);
        let page: OfficePage = second.parse();
        assert_eq!(page.total, 4);
        assert_eq!(page.per_page, 3);
        let beyond = app.get("/v1/offices?per_page=3&page=3").await;
        assert_eq!(beyond.status, 200);
        assert!(ids(&beyond).is_empty());

        for (query, field) in [
            ("per_page=101", "per_page"),
            ("per_page=0", "per_page"),
            ("page=0", "page"),
            ("page=x", "page"),
        ] {
            let answer = app.get(&format!("/v1/offices?{query}")).await;
            answer.problem(400);
            assert_eq!(answer.error_fields(), [field], "{query}");
        }
    }
}

on_both_backends! {
    async fn a_position_must_be_whole_and_on_earth(app) {
        // 400: the value breaks the published schema; 422: it conforms, a rule refuses it.
        for (query, field, status) in [
            ("lat=-2.7", "lng", 422),
            ("lng=107.6", "lat", 422),
            ("lat=91&lng=0", "lat", 400),
            ("lat=0&lng=-180.5", "lng", 400),
            ("lat=north&lng=1", "lat", 400),
        ] {
            let answer = app.get(&format!("/v1/offices?{query}")).await;
            answer.problem(status);
            assert_eq!(answer.error_fields(), [field], "{query}: {:#}", answer.json);
        }
    }
}

on_both_backends! {
    async fn an_office_shows_its_place_hours_and_policies(app) {
        let answer = app.get(&format!("/v1/offices/{PANGKALPINANG}")).await;
        assert_eq!(answer.status, 200);
        let office: OfficeDto = answer.parse();
        assert_eq!(office.name, "Kantor Imigrasi Kelas I TPI Pangkalpinang");
        assert_eq!(office.kind, OfficeKindDto::ImmigrationOffice);
        assert_eq!(office.province, "Kepulauan Bangka Belitung");
        assert_eq!(office.time_zone, TimeZoneDto::Wib);
        assert_eq!(office.utc_offset, "+07:00");
        assert!(office.e_passport_available);
        assert!(
            matches!(&office.release_rule, ReleaseRuleDto::Weekly { weekday: 5, time } if time == "16:00"),
            "{:?}",
            office.release_rule
        );
        let policy = &office.priority_policy;
        assert_eq!(
            (policy.child_under_age, policy.elderly_from_age, policy.pregnant, policy.breastfeeding, policy.disability),
            (5, 60, true, true, true)
        );
        assert!(office.distance_km.is_none());

        let makassar: OfficeDto = app.get(&format!("/v1/offices/{MAKASSAR}")).await.parse();
        assert_eq!(makassar.time_zone, TimeZoneDto::Wita);
        assert_eq!(makassar.utc_offset, "+08:00");
        let jayapura: OfficeDto = app.get(&format!("/v1/offices/{JAYAPURA}")).await.parse();
        assert_eq!(jayapura.utc_offset, "+09:00");
        assert!(!jayapura.e_passport_available);
    }
}

on_both_backends! {
    async fn an_unknown_office_is_a_404_problem(app) {
        let answer = app.get("/v1/offices/no-such-office").await;
        answer.problem(404);
        let answer = app.get("/v1/offices/no-such-office/availability?from=2026-12-01&to=2026-12-02").await;
        answer.problem(404);
    }
}
