//! Instants and dates as a person reads them in a message: in the office's own time zone,
//! labelled WIB, WITA or WIT, and written the way the language writes dates
//! ("Senin, 7 Desember 2026 pukul 08.00 WIB", "Monday, 7 December 2026 at 08:00 WIB").
//! The API itself keeps RFC 3339 instants; these are for emails, push texts and receipts.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};
use paspor_domain::office::TimeZone;

use super::{Args, Language, text};

/// The zone's label as Indonesians write it: WIB, WITA or WIT.
pub fn zone_label(zone: TimeZone) -> String {
    zone.as_str().to_ascii_uppercase()
}

/// A date in full with its weekday: "Senin, 7 Desember 2026".
pub fn long_date(language: Language, date: NaiveDate) -> String {
    let mut args = Args::new();
    args.set(
        "weekday",
        text(
            language,
            &format!("weekday-{}", date.weekday().number_from_monday()),
            None,
        ),
    );
    args.set("day", date.day().to_string());
    args.set(
        "month",
        text(language, &format!("month-{}", date.month()), None),
    );
    args.set("year", date.year().to_string());
    text(language, "date-long", Some(&args))
}

/// A wall-clock time: "08.00" in Indonesian, "08:00" in English.
pub fn time_of_day(language: Language, time: NaiveTime) -> String {
    let mut args = Args::new();
    args.set("hour", format!("{:02}", time.hour()));
    args.set("minute", format!("{:02}", time.minute()));
    text(language, "time-of-day", Some(&args))
}

/// A local date and wall-clock time at an office in `zone`, with the zone's label.
pub fn local_date_time(
    language: Language,
    date: NaiveDate,
    time: NaiveTime,
    zone: TimeZone,
) -> String {
    let mut args = Args::new();
    args.set("date", long_date(language, date));
    args.set("time", time_of_day(language, time));
    args.set("zone", zone_label(zone));
    text(language, "date-time-long", Some(&args))
}

/// An instant as it reads on the clock of an office in `zone`.
pub fn instant_at(language: Language, instant: DateTime<Utc>, zone: TimeZone) -> String {
    let local = zone.to_local(instant);
    local_date_time(language, local.date(), local.time(), zone)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;
    use crate::locale::has_message;

    #[test]
    fn an_instant_reads_in_the_offices_zone_in_each_language() {
        // 01:00 UTC is 08.00 in Jakarta, 09.00 in Makassar, 10.00 in Jayapura.
        let instant = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        assert_eq!(
            instant_at(Language::Indonesian, instant, TimeZone::Wib),
            "Senin, 7 Desember 2026 pukul 08.00 WIB"
        );
        assert_eq!(
            instant_at(Language::English, instant, TimeZone::Wib),
            "Monday, 7 December 2026 at 08:00 WIB"
        );
        assert_eq!(
            instant_at(Language::Indonesian, instant, TimeZone::Wita),
            "Senin, 7 Desember 2026 pukul 09.00 WITA"
        );
        assert_eq!(
            instant_at(Language::Indonesian, instant, TimeZone::Wit),
            "Senin, 7 Desember 2026 pukul 10.00 WIT"
        );
    }

    #[test]
    fn the_local_date_turns_at_the_offices_midnight() {
        // 17:00 UTC is midnight in Jakarta: a minute before, it is still Sunday there.
        let before = Utc.with_ymd_and_hms(2026, 12, 6, 16, 59, 0).unwrap();
        let midnight = Utc.with_ymd_and_hms(2026, 12, 6, 17, 0, 0).unwrap();
        assert_eq!(
            instant_at(Language::English, before, TimeZone::Wib),
            "Sunday, 6 December 2026 at 23:59 WIB"
        );
        assert_eq!(
            instant_at(Language::Indonesian, midnight, TimeZone::Wib),
            "Senin, 7 Desember 2026 pukul 00.00 WIB"
        );
    }

    #[test]
    fn every_weekday_and_month_has_a_name_in_each_language() {
        for language in Language::ALL {
            for day in 1..=7 {
                assert!(has_message(language, &format!("weekday-{day}")));
            }
            for month in 1..=12 {
                assert!(has_message(language, &format!("month-{month}")));
            }
        }
        let leap_day = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(
            long_date(Language::Indonesian, leap_day),
            "Selasa, 29 Februari 2028"
        );
    }
}
