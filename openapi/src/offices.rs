//! Offices as integrators and the app see them.

use chrono::NaiveTime;
use paspor_domain::office::Office;
use paspor_domain::{ReleaseRule, ReleaseRules, ScopedReleaseRule};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::enums::{OfficeKindDto, PassportKindDto, TimeZoneDto};

/// Filters and order of the office list: give `lat` and `lng` together for nearest first.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfficeListQuery {
    /// Your latitude in degrees (-90 to 90); with `lng`, lists the nearest office first.
    #[param(minimum = -90.0, maximum = 90.0, example = -2.13)]
    pub lat: Option<f64>,
    /// Your longitude in degrees (-180 to 180); with `lat`.
    #[param(minimum = -180.0, maximum = 180.0, example = 106.11)]
    pub lng: Option<f64>,
}

/// A page of offices: nearest first when a position was given, else by name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficePage {
    /// The offices of this page.
    pub items: Vec<OfficeDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many offices there are in all.
    pub total: u64,
}

/// An office where passports are applied for and collected.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeDto {
    /// The office's id.
    #[schema(example = "0193a000-0000-7000-8000-000000000001")]
    pub id: String,
    /// Its name.
    #[schema(example = "Kantor Imigrasi Kelas I TPI Pangkalpinang")]
    pub name: String,
    /// What kind of office it is.
    pub kind: OfficeKindDto,
    /// Its class (e.g. `I TPI`).
    pub class: String,
    /// Street address.
    pub address: String,
    /// City or regency.
    pub city: String,
    /// Province.
    pub province: String,
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// The office's time zone; session times are local to it.
    pub time_zone: TimeZoneDto,
    /// The time zone's offset from UTC, e.g. `+07:00`.
    #[schema(example = "+07:00", pattern = r"^\+0[789]:00$")]
    pub utc_offset: String,
    /// Opening hours on working days, local time.
    pub opening_hours: OpeningHoursDto,
    /// Whether it has e-passport books; without them it offers non-electronic passports only.
    pub e_passport_available: bool,
    /// Whether it issues electronic passports only (several offices do since December
    /// 2024): then it offers no non-electronic passport.
    pub electronic_only: bool,
    /// The kinds of passport it offers now, electronic first (none for an
    /// electronic-only office out of e-passport books).
    pub passport_kinds: Vec<PassportKindDto>,
    /// When its quota is released for booking: the first of `release_rules`, kept for
    /// clients written when an office had one rule.
    #[schema(deprecated)]
    pub release_rule: ReleaseRuleDto,
    /// When its quota is released for booking: one rule, or several, each for some days of
    /// the month (e.g. on the 15th for days 1-15 of the next month, on the month's last day
    /// for the rest of it). Every day of the month is released by exactly one rule.
    pub release_rules: Vec<ScopedReleaseRuleDto>,
    /// Who may be served as a priority walk-in without a booking.
    pub priority_policy: PriorityPolicyDto,
    /// Whether it delivers passports by post (PT Pos Indonesia) to applicants who choose
    /// it instead of collecting at the office.
    pub delivers_by_post: bool,
    /// Distance in kilometres from the point asked about; null when none was given.
    pub distance_km: Option<f64>,
}

/// Opening hours, local time `HH:MM`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningHoursDto {
    /// Opening time.
    #[schema(example = "08:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub opens: String,
    /// Closing time.
    #[schema(example = "16:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub closes: String,
}

/// When an office releases its quota, in its local time.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ReleaseRuleDto {
    /// Every week on `weekday` at `time`, for the following week (Monday to Sunday).
    Weekly {
        /// Day of the week, ISO number: 1 is Monday, 7 Sunday.
        #[schema(minimum = 1, maximum = 7)]
        #[serde(deserialize_with = "crate::integral::u32")]
        weekday: u32,
        /// Local time `HH:MM`.
        #[schema(example = "16:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
        time: String,
    },
    /// Every month on `day` at `time`, for the following month.
    Monthly {
        /// Day of the month, 1 to 28.
        #[schema(minimum = 1, maximum = 28)]
        #[serde(deserialize_with = "crate::integral::u32")]
        day: u32,
        /// Local time `HH:MM`.
        #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
        time: String,
    },
    /// Every month on its last day (the 28th, 29th, 30th or 31st) at `time`, for the
    /// following month.
    LastDayOfMonth {
        /// Local time `HH:MM`.
        #[schema(example = "16:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
        time: String,
    },
    /// Each date `days` days ahead, at `time`.
    DaysAhead {
        /// How many days before the date it is released.
        #[schema(minimum = 0, maximum = 366)]
        #[serde(deserialize_with = "crate::integral::u32")]
        days: u32,
        /// Local time `HH:MM`.
        #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
        time: String,
    },
}

/// One of an office's release rules: when, and which session dates it releases.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopedReleaseRuleDto {
    /// When the dates are released.
    pub rule: ReleaseRuleDto,
    /// Which session dates: those whose day of the month is in this range. Every day (1
    /// to 31) when absent; answers always give it.
    pub days: Option<DayRangeDto>,
}

/// Days of the month, `first` to `last` inclusive; a shorter month simply has fewer of
/// them (16 to 31 is 16 to 28 in a common February).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayRangeDto {
    /// The first day, 1 to 31.
    #[schema(minimum = 1, maximum = 31, example = 1)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub first: u32,
    /// The last day, 1 to 31, not before `first`.
    #[schema(minimum = 1, maximum = 31, example = 15)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub last: u32,
}

/// Who an office serves as a priority walk-in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityPolicyDto {
    /// Children younger than this many years.
    #[schema(minimum = 0, maximum = 18)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub child_under_age: u32,
    /// People this many years old or older.
    #[schema(minimum = 50, maximum = 100)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub elderly_from_age: u32,
    /// Pregnant women.
    pub pregnant: bool,
    /// Breastfeeding mothers.
    pub breastfeeding: bool,
    /// People with disabilities.
    pub disability: bool,
}

fn hh_mm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

impl OfficeDto {
    /// The office as sent, with its distance from the point asked about, if any.
    pub fn new(office: &Office, distance_km: Option<f64>) -> OfficeDto {
        let offset_hours = office.time_zone.utc_offset_hours();
        let policy = &office.priority_policy;
        OfficeDto {
            id: office.id.clone(),
            name: office.name.clone(),
            kind: office.kind.into(),
            class: office.class.clone(),
            address: office.address.clone(),
            city: office.city.clone(),
            province: office.province.clone(),
            latitude: office.position.latitude,
            longitude: office.position.longitude,
            time_zone: office.time_zone.into(),
            utc_offset: format!("+{offset_hours:02}:00"),
            opening_hours: OpeningHoursDto {
                opens: hh_mm(office.opening_hours.opens),
                closes: hh_mm(office.opening_hours.closes),
            },
            e_passport_available: office.e_passport_available,
            electronic_only: office.electronic_only,
            passport_kinds: office
                .passport_kinds()
                .into_iter()
                .map(Into::into)
                .collect(),
            release_rule: first_rule(&office.release_rules),
            release_rules: release_rules_dto(&office.release_rules),
            priority_policy: PriorityPolicyDto {
                child_under_age: policy.child_under_age,
                elderly_from_age: policy.elderly_from_age,
                pregnant: policy.pregnant,
                breastfeeding: policy.breastfeeding,
                disability: policy.disability,
            },
            delivers_by_post: office.delivers_by_post,
            // Rounded to metres: more digits would only be noise.
            distance_km: distance_km.map(|km| (km * 1000.0).round() / 1000.0),
        }
    }
}

impl From<&ReleaseRule> for ReleaseRuleDto {
    fn from(rule: &ReleaseRule) -> Self {
        match *rule {
            ReleaseRule::Weekly { weekday, time } => ReleaseRuleDto::Weekly {
                weekday: weekday.number_from_monday(),
                time: hh_mm(time),
            },
            ReleaseRule::Monthly { day, time } => ReleaseRuleDto::Monthly {
                day,
                time: hh_mm(time),
            },
            ReleaseRule::LastDayOfMonth { time } => {
                ReleaseRuleDto::LastDayOfMonth { time: hh_mm(time) }
            }
            ReleaseRule::DaysAhead { days, time } => ReleaseRuleDto::DaysAhead {
                days,
                time: hh_mm(time),
            },
        }
    }
}

impl From<&ScopedReleaseRule> for ScopedReleaseRuleDto {
    fn from(scoped: &ScopedReleaseRule) -> Self {
        ScopedReleaseRuleDto {
            rule: ReleaseRuleDto::from(&scoped.rule),
            days: Some(DayRangeDto {
                first: scoped.days.first,
                last: scoped.days.last,
            }),
        }
    }
}

/// An office's release rules as sent.
pub fn release_rules_dto(rules: &ReleaseRules) -> Vec<ScopedReleaseRuleDto> {
    rules
        .rules()
        .iter()
        .map(ScopedReleaseRuleDto::from)
        .collect()
}

/// The first of an office's release rules, for the field that predates several.
pub fn first_rule(rules: &ReleaseRules) -> ReleaseRuleDto {
    ReleaseRuleDto::from(&rules.first().rule)
}
