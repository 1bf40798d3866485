//! The NIK itself: a newtype that can only hold a well-formed number, and its decoding.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{NikWarning, Sex};

/// The number of digits of a NIK.
pub const NIK_LENGTH: usize = 16;

/// Added to the day of birth for women.
const FEMALE_DAY_OFFSET: u32 = 40;

/// A well-formed NIK. It cannot be built but by [`Nik::parse`] (serde included).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

/// Why a string is not a NIK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("a NIK has exactly 16 digits, this has {found} characters")]
    Length { found: usize },
    #[error("a NIK holds only the digits 0-9 (no spaces, letters or punctuation)")]
    NonDigit,
    #[error("the province, regency/city and district codes of a NIK (digits 1-6) cannot be 00")]
    ZeroRegionCode,
    #[error("the serial number of a NIK (its last 4 digits) cannot be 0000")]
    ZeroSerial,
    #[error(
        "digits 7-12 of a NIK must be a real birth date DDMMYY, the day plus 40 for women \
         (01-31 or 41-71)"
    )]
    InvalidBirthDate,
}

/// Days in a month of the two-digit year `yy`: every `yy % 4 == 0` is a leap year, 00
/// included (2000 was one; a 1900 birth on 29 February cannot exist, but the number alone
/// cannot tell 1900 from 2000).
const fn days_in_month(month: u32, yy: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if yy.is_multiple_of(4) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Two ASCII digits as a number (the caller has checked they are digits).
fn two(s: &str, at: usize) -> u32 {
    s.as_bytes()[at..at + 2]
        .iter()
        .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

impl Nik {
    /// Parses a NIK strictly: exactly 16 ASCII digits, nothing trimmed.
    pub fn parse(s: &str) -> Result<Self, NikError> {
        let found = s.chars().count();
        if found != NIK_LENGTH {
            return Err(NikError::Length { found });
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NikError::NonDigit);
        }
        if [&s[0..2], &s[2..4], &s[4..6]].contains(&"00") {
            return Err(NikError::ZeroRegionCode);
        }
        let raw_day = two(s, 6);
        let month = two(s, 8);
        let yy = two(s, 10);
        let day = if raw_day > FEMALE_DAY_OFFSET {
            raw_day - FEMALE_DAY_OFFSET
        } else {
            raw_day
        };
        // 32..=40 is neither a man's day nor a woman's; 00 and 40 are day zero.
        if (32..=40).contains(&raw_day) || day == 0 || day > days_in_month(month, yy) {
            return Err(NikError::InvalidBirthDate);
        }
        if &s[12..16] == "0000" {
            return Err(NikError::ZeroSerial);
        }
        Ok(Self(s.to_owned()))
    }

    /// The 16 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Province code (digits 1-2).
    #[must_use]
    pub fn province_code(&self) -> &str {
        &self.0[0..2]
    }

    /// Regency or city code within the province (digits 3-4).
    #[must_use]
    pub fn regency_code(&self) -> &str {
        &self.0[2..4]
    }

    /// District (kecamatan) code within the regency (digits 5-6).
    #[must_use]
    pub fn district_code(&self) -> &str {
        &self.0[4..6]
    }

    /// Serial number (digits 13-16).
    #[must_use]
    pub fn serial(&self) -> &str {
        &self.0[12..16]
    }

    fn raw_day(&self) -> u32 {
        two(&self.0, 6)
    }

    /// Women's numbers carry the day of birth plus 40.
    #[must_use]
    pub fn sex(&self) -> Sex {
        if self.raw_day() > FEMALE_DAY_OFFSET {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// Day of birth, 1-31 (the 40 of women's numbers removed).
    #[must_use]
    pub fn birth_day(&self) -> u32 {
        let raw = self.raw_day();
        if raw > FEMALE_DAY_OFFSET {
            raw - FEMALE_DAY_OFFSET
        } else {
            raw
        }
    }

    /// Month of birth, 1-12.
    #[must_use]
    pub fn birth_month(&self) -> u32 {
        two(&self.0, 8)
    }

    /// The last two digits of the year of birth, 0-99.
    #[must_use]
    pub fn birth_year_two_digits(&self) -> u32 {
        two(&self.0, 10)
    }

    /// The encoded birth date as `DD-MM-YY`, the day without the 40 of women's numbers.
    #[must_use]
    pub fn birth_date_ddmmyy(&self) -> String {
        format!(
            "{:02}-{:02}-{:02}",
            self.birth_day(),
            self.birth_month(),
            self.birth_year_two_digits()
        )
    }

    /// The latest real date with the encoded DD-MM-YY that is on or before `reference`,
    /// in the 1900s or the 2000s. `None` when there is none (e.g. a reference before 1900,
    /// or 29-02-00 with a reference before 29 February 2000: 1900 was not a leap year).
    #[must_use]
    pub fn birth_date_before(&self, reference: NaiveDate) -> Option<NaiveDate> {
        let yy = i32::try_from(self.birth_year_two_digits()).ok()?;
        [2000 + yy, 1900 + yy]
            .into_iter()
            .filter_map(|year| NaiveDate::from_ymd_opt(year, self.birth_month(), self.birth_day()))
            .find(|date| *date <= reference)
    }

    /// Compares the encoded birth date (day, month, two-digit year) and sex with what the
    /// applicant declared. Mismatches are warnings: real NIKs with mismatches exist.
    #[must_use]
    pub fn cross_check(&self, birth_date: NaiveDate, sex: Sex) -> Vec<NikWarning> {
        let mut warnings = Vec::new();
        let same_date = self.birth_day() == birth_date.day()
            && self.birth_month() == birth_date.month()
            && i64::from(self.birth_year_two_digits())
                == i64::from(birth_date.year()).rem_euclid(100);
        if !same_date {
            warnings.push(NikWarning::BirthDateMismatch {
                nik: self.birth_date_ddmmyy(),
                declared: birth_date,
            });
        }
        if self.sex() != sex {
            warnings.push(NikWarning::SexMismatch {
                nik: self.sex(),
                declared: sex,
            });
        }
        warnings
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Nik {
    type Err = NikError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Nik {
    type Error = NikError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Nik> for String {
    fn from(nik: Nik) -> Self {
        nik.0
    }
}

impl AsRef<str> for Nik {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer as _;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A man born 12 May 1990 in Pangkalpinang (19 71 01), serial 0001.
    const MAN: &str = "1971011205900001";
    /// A woman born 12 May 1990: day 12 + 40 = 52.
    const WOMAN: &str = "1971015205900002";

    #[test]
    fn valid_male_and_female() {
        let man = Nik::parse(MAN).unwrap();
        assert_eq!(man.as_str(), MAN);
        assert_eq!(man.to_string(), MAN);
        assert_eq!(man.sex(), Sex::Male);
        assert_eq!(man.birth_day(), 12);

        let woman = Nik::parse(WOMAN).unwrap();
        assert_eq!(woman.sex(), Sex::Female);
        assert_eq!(woman.birth_day(), 12);
        assert_eq!(woman.birth_date_ddmmyy(), "12-05-90");
    }

    #[test]
    fn decode() {
        let nik = Nik::parse("3273054706021234").unwrap();
        assert_eq!(nik.province_code(), "32");
        assert_eq!(nik.regency_code(), "73");
        assert_eq!(nik.district_code(), "05");
        assert_eq!(nik.serial(), "1234");
        assert_eq!(nik.sex(), Sex::Female);
        assert_eq!(nik.birth_day(), 7);
        assert_eq!(nik.birth_month(), 6);
        assert_eq!(nik.birth_year_two_digits(), 2);
        assert_eq!(nik.birth_date_ddmmyy(), "07-06-02");
    }

    fn with_date(ddmmyy: &str) -> String {
        format!("197101{ddmmyy}0001")
    }

    #[test]
    fn day_boundaries() {
        let cases = [
            ("000590", Err(NikError::InvalidBirthDate)),
            ("010590", Ok(Sex::Male)),
            ("310590", Ok(Sex::Male)),
            ("320590", Err(NikError::InvalidBirthDate)),
            ("390590", Err(NikError::InvalidBirthDate)),
            ("400590", Err(NikError::InvalidBirthDate)),
            ("410590", Ok(Sex::Female)),
            ("710590", Ok(Sex::Female)),
            ("720590", Err(NikError::InvalidBirthDate)),
            ("990590", Err(NikError::InvalidBirthDate)),
        ];
        for (ddmmyy, expected) in cases {
            assert_eq!(
                Nik::parse(&with_date(ddmmyy)).map(|n| n.sex()),
                expected,
                "{ddmmyy}"
            );
        }
        assert_eq!(Nik::parse(&with_date("410590")).unwrap().birth_day(), 1);
        assert_eq!(Nik::parse(&with_date("710590")).unwrap().birth_day(), 31);
    }

    #[test]
    fn calendar_dates() {
        let cases = [
            ("290200", true), // 2000 was a leap year
            ("290204", true),
            ("290296", true),
            ("290201", false),
            ("290299", false),
            ("690204", true), // a woman born 29 February
            ("690201", false),
            ("280201", true),
            ("300200", false),
            ("310490", false),
            ("300490", true),
            ("710490", false), // 31 April for a woman
            ("310190", true),
            ("311290", true),
            ("310690", false),
            ("010090", false), // month 00
            ("011390", false), // month 13
            ("011290", true),
        ];
        for (ddmmyy, valid) in cases {
            let result = Nik::parse(&with_date(ddmmyy));
            if valid {
                assert!(result.is_ok(), "{ddmmyy}: {result:?}");
            } else {
                assert_eq!(result, Err(NikError::InvalidBirthDate), "{ddmmyy}");
            }
        }
    }

    #[test]
    fn form_errors() {
        let cases = [
            ("197101120590001", NikError::Length { found: 15 }),
            ("19710112059000011", NikError::Length { found: 17 }),
            ("", NikError::Length { found: 0 }),
            (" 197101120590000", NikError::NonDigit),
            ("1971011205900001 ", NikError::Length { found: 17 }),
            ("1971 11205900001", NikError::NonDigit),
            ("19710112O5900001", NikError::NonDigit),
            ("197101120590000a", NikError::NonDigit),
            ("-971011205900001", NikError::NonDigit),
            ("１971011205900001", NikError::NonDigit), // a full-width digit: 16 chars, not ASCII
            ("0071011205900001", NikError::ZeroRegionCode),
            ("1900011205900001", NikError::ZeroRegionCode),
            ("1971001205900001", NikError::ZeroRegionCode),
            ("1971011205900000", NikError::ZeroSerial),
        ];
        for (s, expected) in cases {
            assert_eq!(Nik::parse(s), Err(expected), "{s:?}");
        }
        assert_eq!(
            NikError::Length { found: 15 }.to_string(),
            "a NIK has exactly 16 digits, this has 15 characters"
        );
    }

    #[test]
    fn birth_date_before_chooses_the_century() {
        let nik = Nik::parse(&with_date("120590")).unwrap();
        assert_eq!(nik.birth_date_before(d(2026, 11, 25)), Some(d(1990, 5, 12)));

        let nik = Nik::parse(&with_date("120520")).unwrap();
        assert_eq!(nik.birth_date_before(d(2026, 11, 25)), Some(d(2020, 5, 12)));
        assert_eq!(nik.birth_date_before(d(2020, 5, 12)), Some(d(2020, 5, 12)));
        assert_eq!(nik.birth_date_before(d(2020, 5, 11)), Some(d(1920, 5, 12)));
        assert_eq!(nik.birth_date_before(d(1920, 5, 11)), None);

        // 29-02-00: 2000 was a leap year, 1900 was not.
        let nik = Nik::parse(&with_date("690200")).unwrap();
        assert_eq!(nik.birth_date_before(d(2026, 1, 1)), Some(d(2000, 2, 29)));
        assert_eq!(nik.birth_date_before(d(2000, 2, 28)), None);

        // The far future still picks the 2000s.
        let nik = Nik::parse(&with_date("010199")).unwrap();
        assert_eq!(nik.birth_date_before(d(2150, 1, 1)), Some(d(2099, 1, 1)));
    }

    #[test]
    fn cross_check_matches() {
        let man = Nik::parse(MAN).unwrap();
        assert_eq!(man.cross_check(d(1990, 5, 12), Sex::Male), vec![]);
        // Only the two-digit year is encoded: 2090 matches too.
        assert_eq!(man.cross_check(d(2090, 5, 12), Sex::Male), vec![]);
        let woman = Nik::parse(WOMAN).unwrap();
        assert_eq!(woman.cross_check(d(1990, 5, 12), Sex::Female), vec![]);
    }

    #[test]
    fn cross_check_mismatches() {
        let man = Nik::parse(MAN).unwrap();
        let date_warning = |declared| NikWarning::BirthDateMismatch {
            nik: "12-05-90".to_owned(),
            declared,
        };
        for declared in [d(1990, 5, 13), d(1990, 6, 12), d(1991, 5, 12)] {
            assert_eq!(
                man.cross_check(declared, Sex::Male),
                vec![date_warning(declared)]
            );
        }
        let sex_warning = NikWarning::SexMismatch {
            nik: Sex::Male,
            declared: Sex::Female,
        };
        assert_eq!(
            man.cross_check(d(1990, 5, 12), Sex::Female),
            vec![sex_warning.clone()]
        );
        assert_eq!(
            man.cross_check(d(1991, 5, 12), Sex::Female),
            vec![date_warning(d(1991, 5, 12)), sex_warning]
        );
        let woman = Nik::parse(WOMAN).unwrap();
        assert_eq!(
            woman.cross_check(d(1990, 5, 12), Sex::Male),
            vec![NikWarning::SexMismatch {
                nik: Sex::Female,
                declared: Sex::Male
            }]
        );
    }

    #[test]
    fn serde_goes_through_parse() {
        let de: serde::de::value::StringDeserializer<serde::de::value::Error> =
            MAN.to_owned().into_deserializer();
        assert_eq!(Nik::deserialize(de), Ok(Nik::parse(MAN).unwrap()));
        let de: serde::de::value::StringDeserializer<serde::de::value::Error> =
            "1971011205900000".to_owned().into_deserializer();
        let err = Nik::deserialize(de).unwrap_err();
        assert!(err.to_string().contains("0000"), "{err}");
        assert_eq!(String::from(Nik::parse(MAN).unwrap()), MAN);
        assert_eq!(MAN.parse::<Nik>(), Nik::parse(MAN));
    }

    /// A NIK from its parts, `day` already without the women's 40.
    fn build(
        [p, r, di]: [u32; 3],
        (day, month, yy): (u32, u32, u32),
        sex: Sex,
        serial: u32,
    ) -> String {
        let coded = if sex == Sex::Female { day + 40 } else { day };
        format!("{p:02}{r:02}{di:02}{coded:02}{month:02}{yy:02}{serial:04}")
    }

    proptest! {
        #[test]
        fn valid_parts_parse_and_decode(
            p in 1u32..=99, r in 1u32..=99, di in 1u32..=99,
            day in 1u32..=31, month in 1u32..=12, yy in 0u32..=99,
            female in any::<bool>(), serial in 1u32..=9999,
        ) {
            let day = day.min(days_in_month(month, yy));
            let sex = if female { Sex::Female } else { Sex::Male };
            let s = build([p, r, di], (day, month, yy), sex, serial);
            let nik = Nik::parse(&s).unwrap();
            prop_assert_eq!(nik.province_code(), format!("{p:02}"));
            prop_assert_eq!(nik.regency_code(), format!("{r:02}"));
            prop_assert_eq!(nik.district_code(), format!("{di:02}"));
            prop_assert_eq!(nik.serial(), format!("{serial:04}"));
            prop_assert_eq!(nik.sex(), sex);
            prop_assert_eq!(nik.birth_day(), day);
            prop_assert_eq!(nik.birth_month(), month);
            prop_assert_eq!(nik.birth_year_two_digits(), yy);
            prop_assert_eq!(Nik::parse(nik.as_str()), Ok(nik.clone()));
            // The decoded date is a real date unless it is 29-02-00 before 2000.
            let date = nik.birth_date_before(d(2099, 12, 31)).unwrap();
            prop_assert!(nik.cross_check(date, sex).is_empty());
        }

        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            if let Ok(nik) = Nik::parse(&s) {
                prop_assert_eq!(Nik::parse(nik.as_str()), Ok(nik.clone()));
                prop_assert_eq!(nik.as_str(), s);
            }
        }

        #[test]
        fn digit_strings_never_panic(s in "[0-9]{16}") {
            if let Ok(nik) = Nik::parse(&s) {
                prop_assert!((1..=31).contains(&nik.birth_day()));
                prop_assert!((1..=12).contains(&nik.birth_month()));
                let again = Nik::parse(nik.as_str());
                prop_assert_eq!(again, Ok(nik));
            }
        }
    }
}
