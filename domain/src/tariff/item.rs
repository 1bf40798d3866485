//! The things a fee can be charged for.

use crate::passport::PassportKind;

code_enum! {
    /// One priced item of a tariff schedule.
    pub enum TariffItem {
        /// Priced the same whatever the validity (launch schedule).
        PassportElectronic => "passport_electronic",
        PassportNonElectronic => "passport_non_electronic",
        /// Priced by validity (schedule of 17 December 2024).
        #[serde(rename = "passport_electronic_5y")]
        PassportElectronic5y => "passport_electronic_5y",
        #[serde(rename = "passport_electronic_10y")]
        PassportElectronic10y => "passport_electronic_10y",
        #[serde(rename = "passport_non_electronic_5y")]
        PassportNonElectronic5y => "passport_non_electronic_5y",
        #[serde(rename = "passport_non_electronic_10y")]
        PassportNonElectronic10y => "passport_non_electronic_10y",
        /// Percepatan, on top of the passport.
        SameDay => "same_day",
        /// Penalty on top for replacing a lost passport (waived after a disaster).
        LostPenalty => "lost_penalty",
        /// Penalty on top for replacing a damaged passport (waived after a disaster).
        DamagedPenalty => "damaged_penalty",
        /// Delivery of the passport by post (PT Pos Indonesia), on top when chosen.
        PostalDelivery => "postal_delivery",
    }
}

impl TariffItem {
    /// What a quote line says, in English.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::PassportElectronic => "Electronic passport, 48 pages",
            Self::PassportNonElectronic => "Non-electronic passport, 48 pages",
            Self::PassportElectronic5y => "Electronic passport, 48 pages, 5-year validity",
            Self::PassportElectronic10y => "Electronic passport, 48 pages, 10-year validity",
            Self::PassportNonElectronic5y => "Non-electronic passport, 48 pages, 5-year validity",
            Self::PassportNonElectronic10y => "Non-electronic passport, 48 pages, 10-year validity",
            Self::SameDay => "Same-day service (percepatan)",
            Self::LostPenalty => "Replacement of a lost passport",
            Self::DamagedPenalty => "Replacement of a damaged passport",
            Self::PostalDelivery => "Delivery by post (PT Pos Indonesia)",
        }
    }

    /// Whether this item prices a passport by its validity.
    #[must_use]
    pub const fn is_priced_by_validity(self) -> bool {
        matches!(
            self,
            Self::PassportElectronic5y
                | Self::PassportElectronic10y
                | Self::PassportNonElectronic5y
                | Self::PassportNonElectronic10y
        )
    }

    /// The passport item whatever the validity.
    #[must_use]
    pub const fn passport(kind: PassportKind) -> Self {
        match kind {
            PassportKind::Electronic => Self::PassportElectronic,
            PassportKind::NonElectronic => Self::PassportNonElectronic,
        }
    }

    /// The passport item for a validity of 5 or 10 years; `None` for any other term.
    #[must_use]
    pub const fn passport_by_validity(kind: PassportKind, years: u32) -> Option<Self> {
        match (kind, years) {
            (PassportKind::Electronic, 5) => Some(Self::PassportElectronic5y),
            (PassportKind::Electronic, 10) => Some(Self::PassportElectronic10y),
            (PassportKind::NonElectronic, 5) => Some(Self::PassportNonElectronic5y),
            (PassportKind::NonElectronic, 10) => Some(Self::PassportNonElectronic10y),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;

    #[test]
    fn codes() {
        assert_codes(&TariffItem::ALL, TariffItem::as_str);
        assert_eq!(
            TariffItem::PassportElectronic10y.as_str(),
            "passport_electronic_10y"
        );
    }

    #[test]
    fn labels_are_distinct() {
        let labels: std::collections::HashSet<_> =
            TariffItem::ALL.iter().map(|i| i.label()).collect();
        assert_eq!(labels.len(), TariffItem::ALL.len());
        assert_eq!(TariffItem::SameDay.label(), "Same-day service (percepatan)");
    }

    #[test]
    fn passport_items() {
        assert_eq!(
            TariffItem::passport_by_validity(PassportKind::NonElectronic, 10),
            Some(TariffItem::PassportNonElectronic10y)
        );
        assert_eq!(
            TariffItem::passport_by_validity(PassportKind::Electronic, 4),
            None
        );
        for kind in PassportKind::ALL {
            assert!(!TariffItem::passport(kind).is_priced_by_validity());
            for years in [5, 10] {
                assert!(
                    TariffItem::passport_by_validity(kind, years)
                        .unwrap()
                        .is_priced_by_validity()
                );
            }
        }
    }
}
