//! Quotes: what an application costs under a schedule, line by line.
//!
//! A quote always carries its breakdown, its total and the schedule it came from, so the
//! applicant (and an auditor later) can see why the amount is what it is.

use serde::{Deserialize, Serialize};

use super::{Rupiah, TariffItem, TariffSchedule};
use crate::passport::{ApplicationKind, PassportKind, ReplacementReason, Service};

/// ISO 4217 code of every amount.
pub const CURRENCY: &str = "IDR";

/// What is being priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QuoteRequest {
    pub passport_kind: PassportKind,
    pub service: Service,
    pub application_kind: ApplicationKind,
    /// The loss or damage came from a disaster: no penalty. Ignored for other kinds.
    pub disaster: bool,
    /// The nominal term (5 or 10 years, see `ValidityRule::nominal_years`); needed only by
    /// schedules that price by validity, ignored by the others.
    pub validity_years: Option<u32>,
}

/// One line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QuoteLine {
    pub item: TariffItem,
    pub label: String,
    pub amount: Rupiah,
}

/// The priced breakdown of a request under one schedule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quote {
    pub schedule_code: String,
    pub schedule_name: String,
    pub items: Vec<QuoteLine>,
    pub total: Rupiah,
}

/// A request that the schedule cannot price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("this tariff schedule prices passports by validity: give the validity in years")]
    ValidityRequired,
    #[error("this tariff schedule prices passports of 5 or 10 years, not {0}")]
    UnsupportedValidity(u32),
    #[error("this tariff schedule has no price for {0}")]
    MissingPrice(TariffItem),
    #[error("the total does not fit in a rupiah amount")]
    Overflow,
}

/// Prices `req` under `schedule`: the passport, the same-day surcharge, and the penalty for a
/// lost or damaged passport unless a disaster caused it.
pub fn quote(schedule: &TariffSchedule, req: &QuoteRequest) -> Result<Quote, QuoteError> {
    let passport = if schedule.prices_by_validity() {
        let years = req.validity_years.ok_or(QuoteError::ValidityRequired)?;
        TariffItem::passport_by_validity(req.passport_kind, years)
            .ok_or(QuoteError::UnsupportedValidity(years))?
    } else {
        TariffItem::passport(req.passport_kind)
    };

    let mut wanted = vec![passport];
    if req.service == Service::SameDay {
        wanted.push(TariffItem::SameDay);
    }
    match req.application_kind {
        ApplicationKind::Replacement(ReplacementReason::Lost) if !req.disaster => {
            wanted.push(TariffItem::LostPenalty);
        }
        ApplicationKind::Replacement(ReplacementReason::Damaged) if !req.disaster => {
            wanted.push(TariffItem::DamagedPenalty);
        }
        _ => {}
    }

    let mut items = Vec::with_capacity(wanted.len());
    let mut total: Rupiah = 0;
    for item in wanted {
        let amount = schedule.price(item).ok_or(QuoteError::MissingPrice(item))?;
        total = total.checked_add(amount).ok_or(QuoteError::Overflow)?;
        items.push(QuoteLine {
            item,
            label: item.label().to_owned(),
            amount,
        });
    }

    Ok(Quote {
        schedule_code: schedule.code.clone(),
        schedule_name: schedule.name.clone(),
        items,
        total,
    })
}

impl Quote {
    /// The quote with delivery by post added as a line of its own, priced by `schedule`
    /// (the schedule the quote came from).
    pub fn with_delivery(mut self, schedule: &TariffSchedule) -> Result<Quote, QuoteError> {
        let item = TariffItem::PostalDelivery;
        let amount = schedule.price(item).ok_or(QuoteError::MissingPrice(item))?;
        self.total = self.total.checked_add(amount).ok_or(QuoteError::Overflow)?;
        self.items.push(QuoteLine {
            item,
            label: item.label().to_owned(),
            amount,
        });
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tariff::{launch_schedule, validity_priced_2024_schedule};

    fn all_kinds() -> Vec<ApplicationKind> {
        let mut kinds = vec![ApplicationKind::New];
        kinds.extend(ReplacementReason::ALL.map(ApplicationKind::Replacement));
        kinds
    }

    fn all_requests() -> Vec<QuoteRequest> {
        let mut out = Vec::new();
        for passport_kind in PassportKind::ALL {
            for service in Service::ALL {
                for application_kind in all_kinds() {
                    for disaster in [false, true] {
                        for validity_years in [5, 10] {
                            out.push(QuoteRequest {
                                passport_kind,
                                service,
                                application_kind,
                                disaster,
                                validity_years: Some(validity_years),
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// The add-ons, worked out independently of `quote`.
    fn expected_add_ons(req: &QuoteRequest) -> Vec<(TariffItem, Rupiah)> {
        let mut lines = Vec::new();
        if req.service == Service::SameDay {
            lines.push((TariffItem::SameDay, 1_000_000));
        }
        if !req.disaster {
            match req.application_kind {
                ApplicationKind::Replacement(ReplacementReason::Lost) => {
                    lines.push((TariffItem::LostPenalty, 1_000_000));
                }
                ApplicationKind::Replacement(ReplacementReason::Damaged) => {
                    lines.push((TariffItem::DamagedPenalty, 500_000));
                }
                _ => {}
            }
        }
        lines
    }

    fn check(schedule: &TariffSchedule, req: &QuoteRequest, passport: (TariffItem, Rupiah)) {
        let mut expected = vec![passport];
        expected.extend(expected_add_ons(req));
        let q = quote(schedule, req).unwrap();
        let got: Vec<_> = q.items.iter().map(|l| (l.item, l.amount)).collect();
        assert_eq!(got, expected, "{req:?}");
        assert_eq!(q.total, expected.iter().map(|(_, a)| a).sum::<Rupiah>());
        assert_eq!(q.schedule_code, schedule.code);
        assert_eq!(q.schedule_name, schedule.name);
        for line in &q.items {
            assert_eq!(line.label, line.item.label());
        }
    }

    #[test]
    fn delivery_is_a_line_of_its_own_on_top() {
        let schedule = launch_schedule();
        let request = QuoteRequest {
            passport_kind: PassportKind::Electronic,
            service: Service::Regular,
            application_kind: ApplicationKind::New,
            disaster: false,
            validity_years: None,
        };
        let plain = quote(&schedule, &request).unwrap();
        let delivered = plain.clone().with_delivery(&schedule).unwrap();
        assert_eq!(delivered.total, plain.total + 35_000);
        assert_eq!(
            delivered.items.last().map(|l| l.item),
            Some(TariffItem::PostalDelivery)
        );
        let mut without = schedule;
        without
            .prices
            .retain(|(item, _)| *item != TariffItem::PostalDelivery);
        assert_eq!(
            plain.with_delivery(&without),
            Err(QuoteError::MissingPrice(TariffItem::PostalDelivery))
        );
    }

    #[test]
    fn every_combination_under_the_launch_schedule() {
        let s = launch_schedule();
        let requests = all_requests();
        assert_eq!(requests.len(), 2 * 2 * 6 * 2 * 2);
        for req in &requests {
            let passport = match req.passport_kind {
                PassportKind::Electronic => (TariffItem::PassportElectronic, 650_000),
                PassportKind::NonElectronic => (TariffItem::PassportNonElectronic, 350_000),
            };
            check(&s, req, passport);
            // The launch schedule ignores the validity altogether.
            for validity_years in [None, Some(4), Some(0)] {
                let q = quote(
                    &s,
                    &QuoteRequest {
                        validity_years,
                        ..*req
                    },
                )
                .unwrap();
                assert_eq!(q, quote(&s, req).unwrap());
            }
        }
    }

    #[test]
    fn every_combination_under_the_2024_schedule() {
        let s = validity_priced_2024_schedule();
        for req in &all_requests() {
            let passport = match (req.passport_kind, req.validity_years) {
                (PassportKind::Electronic, Some(5)) => (TariffItem::PassportElectronic5y, 650_000),
                (PassportKind::Electronic, _) => (TariffItem::PassportElectronic10y, 950_000),
                (PassportKind::NonElectronic, Some(5)) => {
                    (TariffItem::PassportNonElectronic5y, 350_000)
                }
                (PassportKind::NonElectronic, _) => (TariffItem::PassportNonElectronic10y, 650_000),
            };
            check(&s, req, passport);
        }
    }

    #[test]
    fn worked_examples() {
        let new_e = QuoteRequest {
            passport_kind: PassportKind::Electronic,
            service: Service::Regular,
            application_kind: ApplicationKind::New,
            disaster: false,
            validity_years: None,
        };
        // Out of the box an e-passport costs Rp650,000.
        assert_eq!(quote(&launch_schedule(), &new_e).unwrap().total, 650_000);

        let lost_same_day = QuoteRequest {
            service: Service::SameDay,
            application_kind: ApplicationKind::Replacement(ReplacementReason::Lost),
            validity_years: Some(10),
            ..new_e
        };
        assert_eq!(
            quote(&launch_schedule(), &lost_same_day).unwrap().total,
            2_650_000
        );
        let q = quote(&validity_priced_2024_schedule(), &lost_same_day).unwrap();
        assert_eq!(q.total, 2_950_000);
        assert_eq!(q.items.len(), 3);

        // Disaster waives the penalty, not the same-day surcharge.
        let waived = QuoteRequest {
            disaster: true,
            ..lost_same_day
        };
        assert_eq!(quote(&launch_schedule(), &waived).unwrap().total, 1_650_000);

        let damaged = QuoteRequest {
            passport_kind: PassportKind::NonElectronic,
            application_kind: ApplicationKind::Replacement(ReplacementReason::Damaged),
            ..new_e
        };
        assert_eq!(quote(&launch_schedule(), &damaged).unwrap().total, 850_000);
        let damaged_disaster = QuoteRequest {
            disaster: true,
            ..damaged
        };
        assert_eq!(
            quote(&launch_schedule(), &damaged_disaster).unwrap().total,
            350_000
        );

        // Disaster on a kind without penalty changes nothing.
        let new_disaster = QuoteRequest {
            disaster: true,
            ..new_e
        };
        assert_eq!(
            quote(&launch_schedule(), &new_disaster).unwrap(),
            quote(&launch_schedule(), &new_e).unwrap()
        );
    }

    #[test]
    fn validity_required_or_unsupported() {
        let s = validity_priced_2024_schedule();
        let base = QuoteRequest {
            passport_kind: PassportKind::Electronic,
            service: Service::Regular,
            application_kind: ApplicationKind::New,
            disaster: false,
            validity_years: None,
        };
        assert_eq!(quote(&s, &base), Err(QuoteError::ValidityRequired));
        for years in [0, 3, 4, 6, 9, 11] {
            let req = QuoteRequest {
                validity_years: Some(years),
                ..base
            };
            assert_eq!(quote(&s, &req), Err(QuoteError::UnsupportedValidity(years)));
        }
    }

    #[test]
    fn missing_price_and_overflow() {
        let mut s = launch_schedule();
        s.prices.retain(|(i, _)| *i != TariffItem::SameDay);
        let req = QuoteRequest {
            passport_kind: PassportKind::NonElectronic,
            service: Service::SameDay,
            application_kind: ApplicationKind::New,
            disaster: false,
            validity_years: None,
        };
        assert_eq!(
            quote(&s, &req),
            Err(QuoteError::MissingPrice(TariffItem::SameDay))
        );
        assert_eq!(
            QuoteError::MissingPrice(TariffItem::SameDay).to_string(),
            "this tariff schedule has no price for same_day"
        );

        let mut s = launch_schedule();
        for (_, amount) in &mut s.prices {
            *amount = Rupiah::MAX;
        }
        assert_eq!(quote(&s, &req), Err(QuoteError::Overflow));
    }
}
