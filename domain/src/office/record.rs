//! An office as the service knows it: identity, place, hours, and its own policies
//! (quota release rules, priority walk-ins, whether it has e-passport books).

use chrono::NaiveTime;

use super::place::{GeoPoint, OfficeKind, TimeZone};
use crate::priority::PriorityPolicy;
use crate::quota::ReleaseRules;

/// Opening hours on working days, in the office's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningHours {
    /// Opening time.
    pub opens: NaiveTime,
    /// Closing time.
    pub closes: NaiveTime,
}

/// Opening hours that close no later than they open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an office must open before it closes")]
pub struct OpeningHoursError;

impl OpeningHours {
    /// Checks that the office opens before it closes (no office here works past midnight).
    pub fn validate(&self) -> Result<(), OpeningHoursError> {
        if self.opens < self.closes {
            Ok(())
        } else {
            Err(OpeningHoursError)
        }
    }
}

/// An immigration office, passport service unit or public service mall.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// Its id.
    pub id: String,
    /// Its name, e.g. "Kantor Imigrasi Kelas I TPI Pangkalpinang".
    pub name: String,
    /// What kind of office it is.
    pub kind: OfficeKind,
    /// Its class, e.g. "I TPI".
    pub class: String,
    /// Street address.
    pub address: String,
    /// City or regency.
    pub city: String,
    /// Province.
    pub province: String,
    /// Where it is, for nearest-first lists.
    pub position: GeoPoint,
    /// Its time zone: session times and release times are local to it.
    pub time_zone: TimeZone,
    /// Opening hours.
    pub opening_hours: OpeningHours,
    /// Whether it has e-passport books; without, it offers non-electronic passports only.
    pub e_passport_available: bool,
    /// When its quota is released: one rule, or several for parts of the month.
    pub release_rules: ReleaseRules,
    /// Who it serves as priority walk-ins.
    pub priority_policy: PriorityPolicy,
}

impl Office {
    /// Distance in kilometres from `point`.
    #[must_use]
    pub fn distance_km(&self, point: &GeoPoint) -> f64 {
        self.position.distance_km(point)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn an_office_opens_before_it_closes() {
        let cases = [
            (t(8, 0), t(16, 0), true),
            (t(8, 0), t(8, 1), true),
            (t(8, 0), t(8, 0), false),
            (t(16, 0), t(8, 0), false),
        ];
        for (opens, closes, ok) in cases {
            let hours = OpeningHours { opens, closes };
            assert_eq!(hours.validate().is_ok(), ok, "{opens}-{closes}");
        }
    }
}
