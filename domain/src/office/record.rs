//! An office as the service knows it: identity, place, hours, and its own policies
//! (quota release rules, priority walk-ins, whether it has e-passport books).

use chrono::NaiveTime;

use super::place::{GeoPoint, OfficeKind, TimeZone};
use crate::passport::PassportKind;
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
    /// Whether it issues electronic passports only (several offices do since December
    /// 2024): then it offers no non-electronic passport.
    pub electronic_only: bool,
    /// When its quota is released: one rule, or several for parts of the month.
    pub release_rules: ReleaseRules,
    /// Who it serves as priority walk-ins.
    pub priority_policy: PriorityPolicy,
    /// Whether it delivers passports by post (PT Pos Indonesia) to applicants who choose it.
    pub delivers_by_post: bool,
}

impl Office {
    /// The kinds of passport it offers now, electronic first: electronic while it has
    /// e-passport books, non-electronic unless it issues electronic passports only. An
    /// electronic-only office out of books offers none.
    #[must_use]
    pub fn passport_kinds(&self) -> Vec<PassportKind> {
        PassportKind::ALL
            .into_iter()
            .filter(|kind| match kind {
                PassportKind::Electronic => self.e_passport_available,
                PassportKind::NonElectronic => !self.electronic_only,
            })
            .collect()
    }

    /// Why it cannot make a passport of `kind` now, if it cannot.
    #[must_use]
    pub fn refuses(&self, kind: PassportKind) -> Option<String> {
        if self.passport_kinds().contains(&kind) {
            return None;
        }
        Some(match kind {
            PassportKind::Electronic => format!(
                "{} has no e-passport books at the moment: choose a non-electronic passport \
                 or another office",
                self.name
            ),
            PassportKind::NonElectronic => format!(
                "{} issues electronic passports only: choose an electronic passport or \
                 another office",
                self.name
            ),
        })
    }

    /// Distance in kilometres from `point`.
    #[must_use]
    pub fn distance_km(&self, point: &GeoPoint) -> f64 {
        self.position.distance_km(point)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office(e_passport_available: bool, electronic_only: bool) -> Office {
        Office {
            id: "o".to_owned(),
            name: "Kanim Batam".to_owned(),
            kind: OfficeKind::ImmigrationOffice,
            class: "I".to_owned(),
            address: "Jl. 1".to_owned(),
            city: "Batam".to_owned(),
            province: "Kepulauan Riau".to_owned(),
            position: GeoPoint::new(1.1, 104.0).unwrap(),
            time_zone: TimeZone::Wib,
            opening_hours: OpeningHours {
                opens: t(8, 0),
                closes: t(16, 0),
            },
            e_passport_available,
            electronic_only,
            release_rules: ReleaseRules::default(),
            priority_policy: PriorityPolicy::default(),
            delivers_by_post: false,
        }
    }

    #[test]
    fn the_kinds_an_office_offers() {
        use PassportKind::{Electronic, NonElectronic};
        // (books, electronic only, kinds offered)
        let cases = [
            (true, false, vec![Electronic, NonElectronic]),
            (false, false, vec![NonElectronic]),
            (true, true, vec![Electronic]),
            (false, true, vec![]),
        ];
        for (books, only, kinds) in cases {
            let office = office(books, only);
            assert_eq!(office.passport_kinds(), kinds, "{books} {only}");
            for kind in PassportKind::ALL {
                assert_eq!(office.refuses(kind).is_none(), kinds.contains(&kind));
            }
        }
        let only = office(true, true);
        assert_eq!(
            only.refuses(NonElectronic).unwrap(),
            "Kanim Batam issues electronic passports only: choose an electronic passport or \
             another office"
        );
        assert!(
            office(false, false)
                .refuses(Electronic)
                .unwrap()
                .contains("no e-passport books")
        );
    }

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
