//! The check-in code at every edge: genuine codes, forged and altered ones, another office,
//! the days around the appointment, and the midnights of the three Indonesian time zones.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use paspor_domain::TimeZone;

use super::*;

const APPLICATION: &str = "0193a111-2222-7333-8444-555566667777";
const OFFICE: &str = "0193a000-0000-7000-8000-000000000001";
const OTHER_OFFICE: &str = "0193a000-0000-7000-8000-000000000002";

fn key() -> CheckInKey {
    CheckInKey::derive(b"test-secret-that-is-at-least-32-bytes-long")
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn check_in() -> CheckIn {
    CheckIn {
        application_id: APPLICATION.to_owned(),
        office_id: OFFICE.to_owned(),
        date: date(),
    }
}

fn office(time_zone: TimeZone) -> ScanningOffice<'static> {
    ScanningOffice {
        id: OFFICE,
        time_zone,
    }
}

fn code() -> String {
    issue(&key(), &check_in()).unwrap()
}

/// Midday on the appointment's date in Pangkalpinang (WIB).
fn midday() -> DateTime<Utc> {
    at("2026-11-26T05:00:00Z")
}

#[test]
fn a_genuine_code_checks_in_at_its_office_on_its_day() {
    let code = code();
    assert_eq!(
        verify(&key(), &code, office(TimeZone::Wib), midday()),
        Ok(check_in())
    );
    // What scanners add around it does no harm.
    let scanned = format!(" {code}\n");
    assert_eq!(
        verify(&key(), &scanned, office(TimeZone::Wib), midday()),
        Ok(check_in())
    );
}

#[test]
fn the_code_is_a_signed_payload_naming_application_office_and_date() {
    let code = code();
    let (payload, signature) = code.split_once('.').unwrap();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    assert_eq!(payload, format!("v1|{APPLICATION}|{OFFICE}|2026-11-26"));
    assert_eq!(URL_SAFE_NO_PAD.decode(signature).unwrap().len(), 32);
    assert!(
        code.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    );
    assert!(code.len() < 200, "{} characters", code.len());
    assert_eq!(code, self::code(), "the same check-in gives the same code");
}

#[test]
fn a_code_signed_with_another_key_is_refused() {
    let other = CheckInKey::derive(b"another-secret-another-secret-xx");
    let forged = issue(&other, &check_in()).unwrap();
    assert_eq!(
        verify(&key(), &forged, office(TimeZone::Wib), midday()),
        Err(CheckInError::Invalid)
    );
}

#[test]
fn a_forged_or_cut_signature_is_refused() {
    let code = code();
    let (payload, signature) = code.split_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
    bytes[0] ^= 1;
    let flipped = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&bytes));
    let cut = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&bytes[..16]));
    let zero = format!("{payload}.{}", URL_SAFE_NO_PAD.encode([0u8; 32]));
    for forged in [
        flipped,
        cut,
        zero,
        format!("{payload}."),
        payload.to_owned(),
    ] {
        assert_eq!(
            verify(&key(), &forged, office(TimeZone::Wib), midday()),
            Err(CheckInError::Invalid),
            "{forged}"
        );
    }
}

#[test]
fn an_altered_payload_is_refused() {
    let code = code();
    let (_, signature) = code.split_once('.').unwrap();
    let altered = [
        format!("v1|{APPLICATION}|{OFFICE}|2026-11-27"),
        format!("v1|{APPLICATION}|{OTHER_OFFICE}|2026-11-26"),
        format!("v1|0193a111-2222-7333-8444-555566667778|{OFFICE}|2026-11-26"),
        format!("v2|{APPLICATION}|{OFFICE}|2026-11-26"),
    ];
    for payload in altered {
        let forged = format!("{}.{signature}", URL_SAFE_NO_PAD.encode(&payload));
        assert_eq!(
            verify(&key(), &forged, office(TimeZone::Wib), midday()),
            Err(CheckInError::Invalid),
            "{payload}"
        );
    }
}

#[test]
fn every_single_character_changed_is_refused() {
    let code = code();
    for (index, original) in code.char_indices() {
        for substitute in ['A', 'B', 'g', 'w', '0', '-', '_', '.'] {
            if substitute == original {
                continue;
            }
            let mut changed = code.clone();
            changed.replace_range(index..=index, &substitute.to_string());
            assert_eq!(
                verify(&key(), &changed, office(TimeZone::Wib), midday()),
                Err(CheckInError::Invalid),
                "{original} at {index} changed to {substitute}"
            );
        }
    }
}

#[test]
fn a_signed_payload_of_another_shape_is_refused() {
    let key = key();
    let signed = |payload: &str| {
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(key.sign(payload.as_bytes()))
        )
    };
    let shapes = [
        format!("v2|{APPLICATION}|{OFFICE}|2026-11-26"),
        format!("v1|{APPLICATION}|{OFFICE}"),
        format!("v1|{APPLICATION}|{OFFICE}|2026-11-26|extra"),
        format!("v1|{APPLICATION}|{OFFICE}|26-11-2026"),
        format!("v1|{APPLICATION}|{OFFICE}|2026-02-30"),
        String::new(),
    ];
    for payload in shapes {
        assert_eq!(
            verify(&key, &signed(&payload), office(TimeZone::Wib), midday()),
            Err(CheckInError::Invalid),
            "{payload}"
        );
    }
}

#[test]
fn garbage_is_refused() {
    let long = "A".repeat(2000);
    let garbage = [
        "",
        ".",
        "..",
        "abc",
        "a.b",
        "a.b.c",
        "!!!.???",
        long.as_str(),
    ];
    for code in garbage {
        assert_eq!(
            verify(&key(), code, office(TimeZone::Wib), midday()),
            Err(CheckInError::Invalid),
            "{code}"
        );
    }
}

#[test]
fn another_office_is_told_where_the_appointment_is() {
    let elsewhere = ScanningOffice {
        id: OTHER_OFFICE,
        time_zone: TimeZone::Wib,
    };
    assert_eq!(
        verify(&key(), &code(), elsewhere, midday()),
        Err(CheckInError::OtherOffice {
            office_id: OFFICE.to_owned()
        })
    );
}

#[test]
fn the_day_before_and_the_day_after_are_refused() {
    let other_day = Err(CheckInError::OtherDay { date: date() });
    for now in [
        midday() - TimeDelta::days(1),
        midday() + TimeDelta::days(1),
        midday() - TimeDelta::days(365),
    ] {
        assert_eq!(
            verify(&key(), &code(), office(TimeZone::Wib), now),
            other_day,
            "{now}"
        );
    }
}

#[test]
fn valid_from_local_midnight_to_local_midnight_in_each_time_zone() {
    // Midnight of 26 November is 17:00, 16:00 and 15:00 UTC the day before.
    let zones = [
        (TimeZone::Wib, "2026-11-25T17:00:00Z"),
        (TimeZone::Wita, "2026-11-25T16:00:00Z"),
        (TimeZone::Wit, "2026-11-25T15:00:00Z"),
    ];
    let code = code();
    for (zone, midnight) in zones {
        let from = at(midnight);
        let until = from + TimeDelta::days(1);
        assert_eq!(validity(date(), zone), from..until, "{zone}");
        let tick = TimeDelta::microseconds(1);
        let cases = [
            (from - tick, false),
            (from, true),
            (from + TimeDelta::hours(12), true),
            (until - tick, true),
            (until, false),
        ];
        for (now, valid) in cases {
            let outcome = verify(&key(), &code, office(zone), now);
            assert_eq!(outcome.is_ok(), valid, "{zone} at {now}: {outcome:?}");
            if !valid {
                assert_eq!(outcome, Err(CheckInError::OtherDay { date: date() }));
            }
        }
    }
}

#[test]
fn the_zone_decides_the_day_at_the_same_instant() {
    // 15:30 UTC on the 25th: already the 26th in Jayapura (WIT), still the 25th in
    // Makassar (WITA) and Pangkalpinang (WIB).
    let now = at("2026-11-25T15:30:00Z");
    assert!(verify(&key(), &code(), office(TimeZone::Wit), now).is_ok());
    assert!(verify(&key(), &code(), office(TimeZone::Wita), now).is_err());
    assert!(verify(&key(), &code(), office(TimeZone::Wib), now).is_err());
}

#[test]
fn an_id_holding_the_separator_is_not_issued() {
    let mut ambiguous = check_in();
    ambiguous.application_id = format!("{APPLICATION}|{OFFICE}");
    assert!(issue(&key(), &ambiguous).is_err());
}

mod properties {
    //! Scanned input is hostile: whatever is scanned, verification never panics, a code
    //! nobody issued never verifies, and an issued one verifies as itself and nothing else.

    use proptest::prelude::*;

    use super::*;

    fn any_check_in() -> impl Strategy<Value = CheckIn> {
        (
            "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
            // Not only UUIDs: an id is anything without the separator.
            "[^|]{1,40}",
            -100_000i32..100_000,
        )
            .prop_map(|(application_id, office_id, days)| CheckIn {
                application_id,
                office_id,
                date: date() + TimeDelta::days(days.into()),
            })
    }

    fn zone() -> impl Strategy<Value = TimeZone> {
        prop_oneof![
            Just(TimeZone::Wib),
            Just(TimeZone::Wita),
            Just(TimeZone::Wit)
        ]
    }

    /// Noon of the check-in's date in `zone`.
    fn on_its_day(check_in: &CheckIn, zone: TimeZone) -> DateTime<Utc> {
        validity(check_in.date, zone).start + TimeDelta::hours(12)
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_verifies(text in any::<String>(), now in any::<i32>()) {
            let now = midday() + TimeDelta::seconds(now.into());
            prop_assert_eq!(
                verify(&key(), &text, office(TimeZone::Wib), now),
                Err(CheckInError::Invalid)
            );
        }

        #[test]
        fn code_shaped_garbage_never_verifies(
            payload in "[A-Za-z0-9_-]{0,120}",
            signature in "[A-Za-z0-9_-]{0,60}",
        ) {
            let code = format!("{payload}.{signature}");
            prop_assert_eq!(
                verify(&key(), &code, office(TimeZone::Wib), midday()),
                Err(CheckInError::Invalid)
            );
        }

        #[test]
        fn an_issued_code_verifies_as_itself(check_in in any_check_in(), zone in zone()) {
            let code = issue(&key(), &check_in).unwrap();
            let scanner = ScanningOffice { id: &check_in.office_id, time_zone: zone };
            prop_assert_eq!(
                verify(&key(), &code, scanner, on_its_day(&check_in, zone)),
                Ok(check_in.clone())
            );
        }

        #[test]
        fn any_changed_character_is_refused(
            check_in in any_check_in(),
            index in any::<prop::sample::Index>(),
            replacement in any::<char>(),
        ) {
            let code = issue(&key(), &check_in).unwrap();
            let at = index.index(code.len());
            // The code is ASCII: every byte is a character of its own.
            let mut changed = code.clone();
            changed.replace_range(at..=at, &replacement.to_string());
            prop_assume!(changed != code);
            let scanner = ScanningOffice { id: &check_in.office_id, time_zone: TimeZone::Wib };
            prop_assert_eq!(
                verify(&key(), &changed, scanner, on_its_day(&check_in, TimeZone::Wib)),
                Err(CheckInError::Invalid),
                "{} verified", changed
            );
        }

        #[test]
        fn another_key_never_verifies(check_in in any_check_in(), secret in "[ -~]{32,48}") {
            let other = CheckInKey::derive(secret.as_bytes());
            prop_assume!(other.sign(b"x") != key().sign(b"x"));
            let code = issue(&other, &check_in).unwrap();
            let scanner = ScanningOffice { id: &check_in.office_id, time_zone: TimeZone::Wib };
            prop_assert_eq!(
                verify(&key(), &code, scanner, on_its_day(&check_in, TimeZone::Wib)),
                Err(CheckInError::Invalid)
            );
        }
    }
}
