//! Tariff schedules: named, effective-dated price lists, and which one is in force.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Rupiah, TariffItem};

/// A named price list that applies from a date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TariffSchedule {
    /// Stable identifier, e.g. `launch`.
    pub code: String,
    pub name: String,
    pub effective_from: NaiveDate,
    pub prices: Vec<(TariffItem, Rupiah)>,
}

/// A schedule that an operator should not be allowed to save.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("a tariff schedule needs a code")]
    EmptyCode,
    #[error("{0} is priced more than once")]
    DuplicateItem(TariffItem),
    #[error("the price of {item} cannot be negative ({amount})")]
    NegativePrice { item: TariffItem, amount: Rupiah },
}

impl TariffSchedule {
    /// The price of an item, if the schedule has it.
    #[must_use]
    pub fn price(&self, item: TariffItem) -> Option<Rupiah> {
        self.prices
            .iter()
            .find(|(i, _)| *i == item)
            .map(|&(_, amount)| amount)
    }

    /// Whether the schedule prices passports by their validity (has any 5y/10y item).
    #[must_use]
    pub fn prices_by_validity(&self) -> bool {
        self.prices.iter().any(|(i, _)| i.is_priced_by_validity())
    }

    /// Checks what the type cannot: a code, each item once, no negative price.
    pub fn validate(&self) -> Result<(), ScheduleError> {
        if self.code.trim().is_empty() {
            return Err(ScheduleError::EmptyCode);
        }
        for (n, &(item, amount)) in self.prices.iter().enumerate() {
            if self.prices[..n].iter().any(|(i, _)| *i == item) {
                return Err(ScheduleError::DuplicateItem(item));
            }
            if amount < 0 {
                return Err(ScheduleError::NegativePrice { item, amount });
            }
        }
        Ok(())
    }
}

/// The add-ons, the same in both regulations.
const ADD_ONS: [(TariffItem, Rupiah); 4] = [
    (TariffItem::SameDay, 1_000_000),
    (TariffItem::LostPenalty, 1_000_000),
    (TariffItem::DamagedPenalty, 500_000),
    (TariffItem::PostalDelivery, 35_000),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The schedule the service launched with (PP 28/2019), the default.
#[must_use]
pub fn launch_schedule() -> TariffSchedule {
    let mut prices = vec![
        (TariffItem::PassportElectronic, 650_000),
        (TariffItem::PassportNonElectronic, 350_000),
    ];
    prices.extend(ADD_ONS);
    TariffSchedule {
        code: "launch".to_owned(),
        name: "Launch schedule (PP 28/2019)".to_owned(),
        effective_from: date(2019, 1, 1),
        prices,
    }
}

/// The regulation from 17 December 2024 that prices by validity; an operator switches it on.
#[must_use]
pub fn validity_priced_2024_schedule() -> TariffSchedule {
    let mut prices = vec![
        (TariffItem::PassportNonElectronic5y, 350_000),
        (TariffItem::PassportNonElectronic10y, 650_000),
        (TariffItem::PassportElectronic5y, 650_000),
        (TariffItem::PassportElectronic10y, 950_000),
    ];
    prices.extend(ADD_ONS);
    TariffSchedule {
        code: "validity_2024".to_owned(),
        name: "Priced by validity (from 17 December 2024)".to_owned(),
        effective_from: date(2024, 12, 17),
        prices,
    }
}

/// Both built-in schedules, oldest first.
#[must_use]
pub fn builtin_schedules() -> Vec<TariffSchedule> {
    vec![launch_schedule(), validity_priced_2024_schedule()]
}

/// The enabled schedule in force on a date: the one with the latest `effective_from` on or
/// before it. Of two with the same date, the later in the slice wins.
#[must_use]
pub fn schedule_in_force(enabled: &[TariffSchedule], on: NaiveDate) -> Option<&TariffSchedule> {
    enabled
        .iter()
        .filter(|s| s.effective_from <= on)
        .max_by_key(|s| s.effective_from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn launch_prices() {
        let s = launch_schedule();
        assert_eq!(s.code, "launch");
        assert_eq!(s.effective_from, d(2019, 1, 1));
        assert!(!s.prices_by_validity());
        assert_eq!(s.price(TariffItem::PassportElectronic), Some(650_000));
        assert_eq!(s.price(TariffItem::PassportNonElectronic), Some(350_000));
        assert_eq!(s.price(TariffItem::SameDay), Some(1_000_000));
        assert_eq!(s.price(TariffItem::LostPenalty), Some(1_000_000));
        assert_eq!(s.price(TariffItem::DamagedPenalty), Some(500_000));
        assert_eq!(s.price(TariffItem::PassportElectronic10y), None);
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn validity_2024_prices() {
        let s = validity_priced_2024_schedule();
        assert_eq!(s.code, "validity_2024");
        assert_eq!(s.effective_from, d(2024, 12, 17));
        assert!(s.prices_by_validity());
        assert_eq!(s.price(TariffItem::PassportNonElectronic5y), Some(350_000));
        assert_eq!(s.price(TariffItem::PassportNonElectronic10y), Some(650_000));
        assert_eq!(s.price(TariffItem::PassportElectronic5y), Some(650_000));
        assert_eq!(s.price(TariffItem::PassportElectronic10y), Some(950_000));
        assert_eq!(s.price(TariffItem::SameDay), Some(1_000_000));
        assert_eq!(s.price(TariffItem::LostPenalty), Some(1_000_000));
        assert_eq!(s.price(TariffItem::DamagedPenalty), Some(500_000));
        assert_eq!(s.price(TariffItem::PassportElectronic), None);
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn builtins() {
        let all = builtin_schedules();
        assert_eq!(
            all.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(),
            ["launch", "validity_2024"]
        );
    }

    #[test]
    fn in_force_with_both_enabled() {
        let both = builtin_schedules();
        let code = |on| schedule_in_force(&both, on).map(|s| s.code.as_str());
        assert_eq!(code(d(2018, 12, 31)), None);
        assert_eq!(code(d(2019, 1, 1)), Some("launch"));
        assert_eq!(code(d(2024, 12, 16)), Some("launch"));
        assert_eq!(code(d(2024, 12, 17)), Some("validity_2024"));
        assert_eq!(code(d(2024, 12, 18)), Some("validity_2024"));
        // The order of the slice does not matter.
        let reversed: Vec<_> = both.iter().rev().cloned().collect();
        assert_eq!(
            schedule_in_force(&reversed, d(2025, 1, 1)).map(|s| s.code.as_str()),
            Some("validity_2024")
        );
    }

    #[test]
    fn in_force_with_one_enabled() {
        let launch = [launch_schedule()];
        for on in [d(2024, 12, 16), d(2024, 12, 17), d(2024, 12, 18)] {
            assert_eq!(
                schedule_in_force(&launch, on).map(|s| s.code.as_str()),
                Some("launch")
            );
        }
        let later = [validity_priced_2024_schedule()];
        assert_eq!(schedule_in_force(&later, d(2024, 12, 16)), None);
        assert_eq!(
            schedule_in_force(&later, d(2024, 12, 17)).map(|s| s.code.as_str()),
            Some("validity_2024")
        );
        assert_eq!(schedule_in_force(&[], d(2025, 1, 1)), None);
    }

    #[test]
    fn validate_rejects_bad_schedules() {
        let mut s = launch_schedule();
        s.prices.push((TariffItem::SameDay, 1));
        assert_eq!(
            s.validate(),
            Err(ScheduleError::DuplicateItem(TariffItem::SameDay))
        );

        let mut s = launch_schedule();
        s.prices[0].1 = -1;
        assert_eq!(
            s.validate(),
            Err(ScheduleError::NegativePrice {
                item: TariffItem::PassportElectronic,
                amount: -1
            })
        );

        let mut s = launch_schedule();
        s.code = " ".to_owned();
        assert_eq!(s.validate(), Err(ScheduleError::EmptyCode));
    }
}
