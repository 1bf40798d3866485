//! The indicators themselves and the policy that tunes them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CountryCode, TravelProfile, TravelPurpose};
use crate::age::age_on;

/// What officers are told to look at closely. Defaults follow PRODUCT.md.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScreeningPolicy {
    /// Lower bound of the watched age band, inclusive (17).
    pub watched_age_from: u32,
    /// Upper bound of the watched age band, inclusive (45).
    pub watched_age_to: u32,
    pub watched_destinations: Vec<CountryCode>,
    /// A tourist stay longer than this many days is an indicator (30).
    pub long_tourist_stay_days: u32,
}

/// Malaysia, Cambodia, Vietnam and the Middle East.
const WATCHED_DESTINATIONS: [CountryCode; 14] = [
    CountryCode::from_static("MY"),
    CountryCode::from_static("KH"),
    CountryCode::from_static("VN"),
    CountryCode::from_static("SA"),
    CountryCode::from_static("AE"),
    CountryCode::from_static("QA"),
    CountryCode::from_static("KW"),
    CountryCode::from_static("BH"),
    CountryCode::from_static("OM"),
    CountryCode::from_static("YE"),
    CountryCode::from_static("JO"),
    CountryCode::from_static("IQ"),
    CountryCode::from_static("SY"),
    CountryCode::from_static("LB"),
];

impl Default for ScreeningPolicy {
    fn default() -> Self {
        Self {
            watched_age_from: 17,
            watched_age_to: 45,
            watched_destinations: WATCHED_DESTINATIONS.to_vec(),
            long_tourist_stay_days: 30,
        }
    }
}

code_enum! {
    /// The kind of an indicator; the order here is the order of the list.
    pub enum IndicatorCode {
        TouristWithoutReturnTicket => "tourist_without_return_ticket",
        TouristWithoutAccommodation => "tourist_without_accommodation",
        WorkWithoutRecommendation => "work_without_recommendation",
        WatchedAgeBand => "watched_age_band",
        WatchedDestination => "watched_destination",
        LongTouristStay => "long_tourist_stay",
        NoContactAbroad => "no_contact_abroad",
        NoAddressAbroad => "no_address_abroad",
    }
}

/// One thing for the officer to ask about, with the concrete reason.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Indicator {
    pub code: IndicatorCode,
    pub reason: String,
}

/// `None` and blank strings are both "not given".
fn missing(answer: Option<&String>) -> bool {
    answer.is_none_or(|s| s.trim().is_empty())
}

/// The indicators of a profile, in the order of [`IndicatorCode::ALL`]. The age is taken on
/// the departure date when it is known, else on `today`.
///
/// A tourist who did not answer the return-ticket question is flagged as well as one who
/// answered no: the officer should ask either way.
#[must_use]
pub fn indicators(
    policy: &ScreeningPolicy,
    profile: &TravelProfile,
    today: NaiveDate,
) -> Vec<Indicator> {
    let mut out = Vec::new();
    let mut push = |code, reason: String| out.push(Indicator { code, reason });
    let dest = profile.destination;
    let tourist = profile.purpose == TravelPurpose::Tourism;

    if tourist {
        match profile.has_return_ticket {
            Some(true) => {}
            Some(false) => push(
                IndicatorCode::TouristWithoutReturnTicket,
                format!("declared tourism to {dest} with no return ticket"),
            ),
            None => push(
                IndicatorCode::TouristWithoutReturnTicket,
                format!(
                    "declared tourism to {dest} without saying whether there is a return ticket"
                ),
            ),
        }
        if missing(profile.accommodation.as_ref()) {
            push(
                IndicatorCode::TouristWithoutAccommodation,
                format!("declared tourism to {dest} with no hotel or host"),
            );
        }
    }

    if profile.purpose == TravelPurpose::Work && !profile.labour_recommendation_letter {
        push(
            IndicatorCode::WorkWithoutRecommendation,
            format!("declared work in {dest} without the labour office's recommendation letter"),
        );
    }

    let (age_date, when) = match profile.departure {
        Some(departure) => (departure, "on the departure date"),
        None => (today, "today"),
    };
    if let Some(age) = age_on(profile.birth_date, age_date)
        && (policy.watched_age_from..=policy.watched_age_to).contains(&age)
    {
        push(
            IndicatorCode::WatchedAgeBand,
            format!(
                "aged {age} {when} ({age_date}), within the watched ages {}-{}",
                policy.watched_age_from, policy.watched_age_to
            ),
        );
    }

    if policy.watched_destinations.contains(&dest) {
        push(
            IndicatorCode::WatchedDestination,
            format!("destination {dest} is on the list of watched destinations"),
        );
    }

    if tourist
        && let Some(days) = profile.length_of_stay_days
        && days > policy.long_tourist_stay_days
    {
        push(
            IndicatorCode::LongTouristStay,
            format!(
                "a tourist stay of {days} days in {dest}, longer than {} days",
                policy.long_tourist_stay_days
            ),
        );
    }

    if missing(profile.contact_person.as_ref()) {
        push(
            IndicatorCode::NoContactAbroad,
            format!("no contact person in {dest} given"),
        );
    }
    if missing(profile.address_abroad.as_ref()) {
        push(
            IndicatorCode::NoAddressAbroad,
            format!("no address in {dest} given"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();

    /// A profile that raises nothing: aged 60, studying in Japan, everything answered.
    fn clean() -> TravelProfile {
        TravelProfile {
            birth_date: d(1966, 1, 1),
            departure: None,
            purpose: TravelPurpose::Study,
            destination: CountryCode::from_static("JP"),
            has_return_ticket: Some(true),
            accommodation: Some("Hotel Sakura".to_owned()),
            address_abroad: Some("1-2-3 Shinjuku, Tokyo".to_owned()),
            length_of_stay_days: Some(90),
            contact_person: Some("Tanaka, +81 3 1234 5678".to_owned()),
            labour_recommendation_letter: false,
        }
    }

    fn codes(profile: &TravelProfile) -> Vec<IndicatorCode> {
        indicators(&ScreeningPolicy::default(), profile, TODAY)
            .into_iter()
            .map(|i| i.code)
            .collect()
    }

    #[test]
    fn codes_round_trip() {
        crate::code::assert_codes(&IndicatorCode::ALL, IndicatorCode::as_str);
    }

    #[test]
    fn clean_profile_raises_nothing() {
        assert_eq!(codes(&clean()), vec![]);
    }

    #[test]
    fn tourist_return_ticket() {
        let tourist = TravelProfile {
            purpose: TravelPurpose::Tourism,
            length_of_stay_days: Some(7),
            ..clean()
        };
        assert_eq!(codes(&tourist), vec![]);
        for answer in [Some(false), None] {
            let p = TravelProfile {
                has_return_ticket: answer,
                ..tourist.clone()
            };
            assert_eq!(codes(&p), vec![IndicatorCode::TouristWithoutReturnTicket]);
        }
        // Only tourists.
        let student = TravelProfile {
            has_return_ticket: Some(false),
            ..clean()
        };
        assert_eq!(codes(&student), vec![]);

        let p = TravelProfile {
            has_return_ticket: Some(false),
            destination: CountryCode::from_static("JP"),
            ..tourist
        };
        let list = indicators(&ScreeningPolicy::default(), &p, TODAY);
        assert_eq!(
            list[0].reason,
            "declared tourism to JP with no return ticket"
        );
    }

    #[test]
    fn tourist_accommodation() {
        let tourist = TravelProfile {
            purpose: TravelPurpose::Tourism,
            length_of_stay_days: Some(7),
            ..clean()
        };
        for answer in [None, Some(String::new()), Some("   ".to_owned())] {
            let p = TravelProfile {
                accommodation: answer.clone(),
                ..tourist.clone()
            };
            assert_eq!(
                codes(&p),
                vec![IndicatorCode::TouristWithoutAccommodation],
                "{answer:?}"
            );
            let p = TravelProfile {
                purpose: TravelPurpose::Business,
                ..p
            };
            assert_eq!(codes(&p), vec![]);
        }
    }

    #[test]
    fn work_recommendation() {
        let worker = TravelProfile {
            purpose: TravelPurpose::Work,
            ..clean()
        };
        assert_eq!(
            codes(&worker),
            vec![IndicatorCode::WorkWithoutRecommendation]
        );
        let with_letter = TravelProfile {
            labour_recommendation_letter: true,
            ..worker
        };
        assert_eq!(codes(&with_letter), vec![]);
    }

    #[test]
    fn age_band_edges_on_the_departure_date() {
        let departure = d(2027, 3, 15);
        // (birth date, watched?) for ages 16, 17, 45, 46 on the departure date.
        let cases = [
            (d(2010, 3, 16), false), // 16, turns 17 the day after
            (d(2010, 3, 15), true),  // 17 that day
            (d(1981, 3, 16), true),  // 45, turns 46 the day after
            (d(1981, 3, 15), false), // 46 that day
        ];
        for (birth_date, watched) in cases {
            let p = TravelProfile {
                birth_date,
                departure: Some(departure),
                ..clean()
            };
            let expected = if watched {
                vec![IndicatorCode::WatchedAgeBand]
            } else {
                vec![]
            };
            assert_eq!(codes(&p), expected, "born {birth_date}");
        }
        let p = TravelProfile {
            birth_date: d(2010, 3, 15),
            departure: Some(departure),
            ..clean()
        };
        let list = indicators(&ScreeningPolicy::default(), &p, TODAY);
        assert_eq!(
            list[0].reason,
            "aged 17 on the departure date (2027-03-15), within the watched ages 17-45"
        );
    }

    #[test]
    fn age_band_edges_today_without_departure() {
        let cases = [
            (d(2009, 11, 26), false), // 16
            (d(2009, 11, 25), true),  // 17
            (d(1980, 11, 26), true),  // 45
            (d(1980, 11, 25), false), // 46
        ];
        for (birth_date, watched) in cases {
            let p = TravelProfile {
                birth_date,
                ..clean()
            };
            assert_eq!(
                codes(&p).contains(&IndicatorCode::WatchedAgeBand),
                watched,
                "born {birth_date}"
            );
        }
        // Born after the reference date: no age, no indicator.
        let p = TravelProfile {
            birth_date: d(2030, 1, 1),
            ..clean()
        };
        assert_eq!(codes(&p), vec![]);
    }

    #[test]
    fn watched_destinations() {
        for code in [
            "MY", "KH", "VN", "SA", "AE", "QA", "KW", "BH", "OM", "YE", "JO", "IQ", "SY", "LB",
        ] {
            let p = TravelProfile {
                destination: CountryCode::parse(code).unwrap(),
                ..clean()
            };
            assert_eq!(codes(&p), vec![IndicatorCode::WatchedDestination], "{code}");
        }
        for code in ["JP", "SG", "AU", "NL", "TR", "EG"] {
            let p = TravelProfile {
                destination: CountryCode::parse(code).unwrap(),
                ..clean()
            };
            assert_eq!(codes(&p), vec![], "{code}");
        }
        let policy = ScreeningPolicy {
            watched_destinations: vec![],
            ..ScreeningPolicy::default()
        };
        let p = TravelProfile {
            destination: CountryCode::from_static("MY"),
            ..clean()
        };
        assert!(indicators(&policy, &p, TODAY).is_empty());
    }

    #[test]
    fn long_tourist_stay_edge() {
        let tourist = TravelProfile {
            purpose: TravelPurpose::Tourism,
            ..clean()
        };
        for (days, long) in [
            (Some(29), false),
            (Some(30), false),
            (Some(31), true),
            (None, false),
        ] {
            let p = TravelProfile {
                length_of_stay_days: days,
                ..tourist.clone()
            };
            let expected = if long {
                vec![IndicatorCode::LongTouristStay]
            } else {
                vec![]
            };
            assert_eq!(codes(&p), expected, "{days:?}");
        }
        // A long stay for study is not an indicator.
        let p = TravelProfile {
            length_of_stay_days: Some(365),
            ..clean()
        };
        assert_eq!(codes(&p), vec![]);
    }

    #[test]
    fn contact_and_address() {
        for blank in [None, Some(String::new()), Some(" \t".to_owned())] {
            let p = TravelProfile {
                contact_person: blank.clone(),
                ..clean()
            };
            assert_eq!(codes(&p), vec![IndicatorCode::NoContactAbroad]);
            let p = TravelProfile {
                address_abroad: blank,
                ..clean()
            };
            assert_eq!(codes(&p), vec![IndicatorCode::NoAddressAbroad]);
        }
    }

    #[test]
    fn everything_at_once_in_code_order() {
        let p = TravelProfile {
            birth_date: d(2000, 1, 1),
            departure: Some(d(2027, 1, 10)),
            purpose: TravelPurpose::Tourism,
            destination: CountryCode::from_static("MY"),
            has_return_ticket: Some(false),
            accommodation: None,
            address_abroad: None,
            length_of_stay_days: Some(90),
            contact_person: Some(String::new()),
            labour_recommendation_letter: false,
        };
        let expected: Vec<_> = IndicatorCode::ALL
            .into_iter()
            .filter(|c| *c != IndicatorCode::WorkWithoutRecommendation)
            .collect();
        assert_eq!(codes(&p), expected);
        let list = indicators(&ScreeningPolicy::default(), &p, TODAY);
        assert!(list.iter().all(|i| !i.reason.is_empty()));
        assert!(list.windows(2).all(|w| w[0].code < w[1].code));
    }
}
