//! Office administration on the wire: an office admin's sessions, weekly templates,
//! settings and holidays; a system admin's offices, tariff switch and payment settlements.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::enums::{OfficeKindDto, PassportKindDto, TariffItemDto, TimeZoneDto};
use crate::offices::{OpeningHoursDto, PriorityPolicyDto, ReleaseRuleDto, ScopedReleaseRuleDto};

/// An office's dated sessions over a range of dates, as its admin manages them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeSessionList {
    /// The office.
    pub office_id: String,
    /// The office's time zone; dates and times are local to it.
    pub time_zone: TimeZoneDto,
    /// The first date covered.
    #[schema(format = "date")]
    pub from: NaiveDate,
    /// The last date covered.
    #[schema(format = "date")]
    pub to: NaiveDate,
    /// The open sessions (days closed for a holiday have none), by date and start time.
    pub items: Vec<OfficeSessionDto>,
}

/// One dated session with its capacity and the places held per channel.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeSessionDto {
    /// The session's id.
    pub id: String,
    /// Its date, in the office's calendar.
    #[schema(format = "date")]
    pub date: NaiveDate,
    /// Start, local time `HH:MM`.
    #[schema(example = "08:00")]
    pub starts: String,
    /// End, local time `HH:MM`.
    #[schema(example = "09:30")]
    pub ends: String,
    /// When its quota is (or was) released for booking.
    pub release_at: DateTime<Utc>,
    /// Whether it is released now.
    pub released: bool,
    /// Capacity and places held per channel.
    pub channels: SessionChannelsDto,
    /// The session's limits per passport kind on its app bookings, with the app bookings
    /// of each kind held; only the kinds limited (empty: no limit by kind).
    pub kind_limits: Vec<KindLoadDto>,
}

/// A session's limit on the app bookings of one passport kind, and those held.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct KindLoadDto {
    /// The passport kind.
    pub passport_kind: PassportKindDto,
    /// How many app bookings (regular and same-day) of the kind the session takes.
    pub limit: u32,
    /// How many are held now.
    pub held: u32,
}

/// Capacity and places held, per channel.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct SessionChannelsDto {
    /// App bookings.
    pub regular: ChannelLoadDto,
    /// Same-day service.
    pub same_day: ChannelLoadDto,
    /// Priority walk-ins.
    pub priority: ChannelLoadDto,
}

/// One channel of a session.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct ChannelLoadDto {
    /// Places the channel offers.
    pub capacity: u32,
    /// Places held now: paid, awaiting payment within the 2-hour window, or offered from
    /// the waitlist (as availability counts them).
    pub held: u32,
}

/// New capacities of a session, per channel; any subset. A channel never goes below the
/// places it holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionCapacityPatch {
    /// Places for app bookings.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(default, deserialize_with = "crate::integral::option_u32")]
    pub capacity_regular: Option<u32>,
    /// Places for the same-day service.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(default, deserialize_with = "crate::integral::option_u32")]
    pub capacity_same_day: Option<u32>,
    /// Places for priority walk-ins.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(default, deserialize_with = "crate::integral::option_u32")]
    pub capacity_priority: Option<u32>,
    /// A limit on the app bookings (regular and same-day) of electronic passports; never
    /// below those held.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(default, deserialize_with = "crate::integral::option_u32")]
    pub kind_limit_electronic: Option<u32>,
    /// A limit on the app bookings (regular and same-day) of non-electronic passports;
    /// never below those held.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(default, deserialize_with = "crate::integral::option_u32")]
    pub kind_limit_non_electronic: Option<u32>,
}

/// A weekly session template: every `weekday` from `starts` to `ends`, with its places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionTemplateDto {
    /// Day of the week, ISO number: 1 is Monday, 7 Sunday.
    #[schema(minimum = 1, maximum = 7)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub weekday: u32,
    /// Start, local time `HH:MM`, within the opening hours.
    #[schema(example = "08:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub starts: String,
    /// End, local time `HH:MM`, after the start and within the opening hours.
    #[schema(example = "09:30", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub ends: String,
    /// Places for app bookings.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub capacity_regular: u32,
    /// Places for the same-day service.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub capacity_same_day: u32,
    /// Places for priority walk-ins.
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub capacity_priority: u32,
    /// At most this many app bookings (regular and same-day) of electronic passports in
    /// each session made from the template; absent or null: no limit (absent in answers).
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(
        default,
        deserialize_with = "crate::integral::option_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind_limit_electronic: Option<u32>,
    /// At most this many app bookings (regular and same-day) of non-electronic passports
    /// in each session made from the template; absent or null: no limit (absent in
    /// answers).
    #[schema(minimum = 0, maximum = 10000)]
    #[serde(
        default,
        deserialize_with = "crate::integral::option_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind_limit_non_electronic: Option<u32>,
}

/// An office's whole week of session templates.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionTemplateList {
    /// The templates, Monday first and by start time; sessions of one weekday must not
    /// overlap; at most 672 (a 64 KiB body holds fewer, so the schema states no bound).
    pub templates: Vec<SessionTemplateDto>,
}

/// The settings an office admin sets.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeSettingsDto {
    /// Whether the office has e-passport books; without them an electronic passport cannot
    /// be booked there.
    pub e_passport_available: bool,
    /// Whether the office issues electronic passports only: then a non-electronic passport
    /// cannot be drafted for it nor booked there.
    pub electronic_only: bool,
    /// Who is served as a priority walk-in.
    pub priority_policy: PriorityPolicyDto,
    /// When the office's quota is released: the first of `release_rules`, kept for
    /// clients written when an office had one rule.
    #[schema(deprecated)]
    pub release_rule: ReleaseRuleDto,
    /// When the office's quota is released: its rules, each for some days of the month.
    pub release_rules: Vec<ScopedReleaseRuleDto>,
}

/// New settings of an office; any subset.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeSettingsPatch {
    /// Whether the office has e-passport books.
    pub e_passport_available: Option<bool>,
    /// Whether the office issues electronic passports only. Drafts and bookings made
    /// before are checked again when booked.
    pub electronic_only: Option<bool>,
    /// Who is served as a priority walk-in: children under `child_under_age` (0 to 18),
    /// people aged `elderly_from_age` (50 to 100) or over, and the grounds switched on.
    pub priority_policy: Option<PriorityPolicyDto>,
    /// When the quota is released, one rule for every date; sessions not yet released
    /// move to it. Not with `release_rules`.
    pub release_rule: Option<ReleaseRuleDto>,
    /// When the quota is released: one to 12 rules, each for some days of the month,
    /// together covering every day once; sessions not yet released move to them. Not with
    /// `release_rule`.
    #[schema(min_items = 1, max_items = 12)]
    pub release_rules: Option<Vec<ScopedReleaseRuleDto>>,
}

/// Which year's holidays to list.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HolidayQuery {
    /// The year.
    #[param(minimum = 2000, maximum = 2100, example = 2026)]
    pub year: i32,
}

/// A day an office is closed besides weekends.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayDto {
    /// The date, in the office's calendar.
    #[schema(format = "date", example = "2026-12-25")]
    pub date: NaiveDate,
    /// What it is.
    #[schema(
        example = "Hari Raya Natal",
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
}

/// An office's holidays of one year.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HolidayList {
    /// The year.
    pub year: i32,
    /// The holidays, in date order.
    pub items: Vec<HolidayDto>,
}

/// A new office.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeCreateRequest {
    /// Its name.
    #[schema(
        example = "Kantor Imigrasi Kelas I TPI Batam",
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
    /// What kind of office it is.
    pub kind: OfficeKindDto,
    /// Its class (e.g. `I TPI`).
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub class: String,
    /// Street address.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub address: String,
    /// City or regency.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub city: String,
    /// Province.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub province: String,
    /// Latitude in degrees.
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub latitude: f64,
    /// Longitude in degrees.
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub longitude: f64,
    /// Its time zone.
    pub time_zone: TimeZoneDto,
    /// Opening hours on working days.
    pub opening_hours: OpeningHoursDto,
    /// Whether it has e-passport books.
    pub e_passport_available: bool,
    /// Whether it issues electronic passports only; default false.
    pub electronic_only: Option<bool>,
    /// When its quota is released, one rule for every date; every Friday at 16:00 for the
    /// following week when neither this nor `release_rules` is given.
    pub release_rule: Option<ReleaseRuleDto>,
    /// When its quota is released: one to 12 rules, each for some days of the month,
    /// together covering every day once. Not with `release_rule`.
    #[schema(min_items = 1, max_items = 12)]
    pub release_rules: Option<Vec<ScopedReleaseRuleDto>>,
    /// Who it serves as priority walk-ins; children under 5, people aged 60 or over,
    /// pregnant and breastfeeding women and people with disabilities when absent.
    pub priority_policy: Option<PriorityPolicyDto>,
    /// Its weekly sessions; none when absent (an office admin sets them later).
    pub session_templates: Option<Vec<SessionTemplateDto>>,
}

/// Changes to an office; any subset.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficePatch {
    /// Its name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: Option<String>,
    /// What kind of office it is.
    pub kind: Option<OfficeKindDto>,
    /// Its class.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub class: Option<String>,
    /// Street address.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub address: Option<String>,
    /// City or regency.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub city: Option<String>,
    /// Province.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub province: Option<String>,
    /// Latitude in degrees.
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub longitude: Option<f64>,
    /// Its time zone; sessions not yet released move their release instant with it.
    pub time_zone: Option<TimeZoneDto>,
    /// Opening hours; the weekly templates must still fit in them.
    pub opening_hours: Option<OpeningHoursDto>,
    /// Whether it has e-passport books.
    pub e_passport_available: Option<bool>,
    /// Whether it issues electronic passports only.
    pub electronic_only: Option<bool>,
    /// When its quota is released, one rule for every date; sessions not yet released
    /// move to it. Not with `release_rules`.
    pub release_rule: Option<ReleaseRuleDto>,
    /// When its quota is released: one to 12 rules, each for some days of the month,
    /// together covering every day once; sessions not yet released move to them. Not with
    /// `release_rule`.
    #[schema(min_items = 1, max_items = 12)]
    pub release_rules: Option<Vec<ScopedReleaseRuleDto>>,
    /// Who it serves as priority walk-ins.
    pub priority_policy: Option<PriorityPolicyDto>,
}

/// One price of a tariff schedule.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TariffPriceDto {
    /// The item priced.
    pub item: TariffItemDto,
    /// Its price in whole rupiah.
    #[schema(example = 650000)]
    pub amount: i64,
}

/// A tariff schedule and whether it is switched on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TariffScheduleDto {
    /// Its code.
    #[schema(example = "launch")]
    pub code: String,
    /// Its name.
    pub name: String,
    /// The date from which it applies (of those switched on, the latest effective wins).
    #[schema(format = "date")]
    pub effective_from: NaiveDate,
    /// Whether quotes may come from it.
    pub enabled: bool,
    /// Its prices.
    pub items: Vec<TariffPriceDto>,
}

/// Every tariff schedule, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TariffScheduleList {
    /// The schedules.
    pub items: Vec<TariffScheduleDto>,
}

/// Which tariff schedules are switched on: exactly these, every other off.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TariffInForceRequest {
    /// The codes of the schedules to switch on; at least one of them must be in force today.
    #[schema(example = json!(["launch", "validity_2024"]), min_items = 1)]
    pub codes: Vec<String>,
}

wire_enum! {
    /// What an admin did with an unmatched payment: refunded it (outside this service), or
    /// applied it to an application awaiting that payment.
    SettlementResolutionDto => paspor_domain::settlement::Resolution { Refunded, Applied }
}

/// How to settle an unmatched payment.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettlementRequest {
    /// Refunded, or applied to an application.
    pub resolution: SettlementResolutionDto,
    /// The application the payment pays (required for `applied`, absent for `refunded`):
    /// it must be awaiting a payment of exactly this amount.
    pub application_id: Option<String>,
    /// Why, for the record.
    #[schema(
        min_length = 1,
        max_length = 1000,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "payer wrote the billing code with two digits swapped"
    )]
    pub note: String,
}

/// How an admin settled an unmatched payment.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SettlementDto {
    /// Refunded, or applied to an application.
    pub resolution: SettlementResolutionDto,
    /// Why.
    pub note: String,
    /// The admin's account.
    pub settled_by: String,
    /// When.
    pub settled_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_codes_are_the_domain_codes() {
        for dto in SettlementResolutionDto::ALL {
            let code = serde_json::to_value(dto).unwrap();
            assert_eq!(
                code,
                paspor_domain::settlement::Resolution::from(*dto).as_str()
            );
        }
    }
}
