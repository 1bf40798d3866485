//! What a person chooses between when applying: the kinds of passport an office offers,
//! the validity terms the rules give the person, each pair priced under the tariff
//! schedule with what the kind brings; and the quote of the pair chosen.
//!
//! A term is a choice only where the tariff schedule prices by validity (PP 45/2024): under
//! the launch schedule an adult gets the longest term at the one price, and the choice does
//! not exist. Minors and dual-citizen children have one term under any schedule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::issuance::{Benefit, benefits};
use crate::passport::{ApplicationKind, PassportKind, Service};
use crate::tariff::{Quote, QuoteError, QuoteRequest, Rupiah, TariffSchedule, quote};
use crate::validity::{
    Terms, ValidityError, ValidityRequest, ValidityRule, ValidityRules, terms, years_list,
};

/// Whom the terms are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Holder {
    /// Anyone of adult age (a quote asked without a person).
    Adult,
    /// A known person.
    Person {
        birth_date: NaiveDate,
        dual_citizen_child: bool,
        married: bool,
    },
}

/// What a person may choose on a date, before any price.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Choices {
    /// The code of the validity rule set the terms come from.
    pub validity_rules: String,
    /// The rule that applies to the person.
    pub rule: ValidityRule,
    /// The terms the rules give the person, shortest first.
    pub rule_terms: Vec<u32>,
    /// The terms offered, shortest first: the rule's where the tariff prices by validity,
    /// else only the longest. One term means there is no choice.
    pub terms: Vec<u32>,
    /// The kinds offered (the office's, or both), electronic first.
    pub kinds: Vec<PassportKind>,
    /// Whether the tariff schedule prices by validity.
    pub priced_by_validity: bool,
}

/// A choice that is not offered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    /// The office does not offer this kind now (the caller says why: see
    /// `Office::refuses`).
    #[error("this office does not offer {0} passports")]
    KindNotOffered(PassportKind),
    /// The term is not one of those offered.
    #[error("{}", term_not_offered(*.years, .choices))]
    TermNotOffered { years: u32, choices: Box<Choices> },
}

/// Why a term is not offered, in words.
fn term_not_offered(years: u32, choices: &Choices) -> String {
    if choices.rule_terms.contains(&years) {
        // The rules give it, the tariff in force cannot price it apart.
        format!(
            "the validity is not a choice under the tariff schedule in force (it does not \
             price passports by validity): a passport is valid for {} years",
            years_list(&choices.terms)
        )
    } else {
        ValidityError::TermNotAllowed {
            years,
            rule: choices.rule,
            allowed: choices.rule_terms.clone(),
        }
        .to_string()
    }
}

impl Choices {
    /// The term given when none is chosen: the longest offered.
    #[must_use]
    pub fn default_years(&self) -> u32 {
        self.terms.iter().copied().max().unwrap_or(0)
    }

    /// The term a request gets: the one chosen, or the default (not checked).
    #[must_use]
    pub fn years(&self, chosen: Option<u32>) -> u32 {
        chosen.unwrap_or_else(|| self.default_years())
    }

    /// Whether `kind` and the term chosen are offered; the term given when they are.
    pub fn check(&self, kind: PassportKind, chosen: Option<u32>) -> Result<u32, ChoiceError> {
        if !self.kinds.contains(&kind) {
            return Err(ChoiceError::KindNotOffered(kind));
        }
        self.check_term(chosen)
    }

    /// Whether the term chosen is offered; the term given when it is.
    pub fn check_term(&self, chosen: Option<u32>) -> Result<u32, ChoiceError> {
        match chosen {
            None => Ok(self.default_years()),
            Some(years) if self.terms.contains(&years) => Ok(years),
            Some(years) => Err(ChoiceError::TermNotOffered {
                years,
                choices: Box::new(self.clone()),
            }),
        }
    }
}

/// What `holder` may choose on `on` under `rules` and `schedule`, among the `kinds`
/// offered.
pub fn choices(
    rules: &ValidityRules,
    schedule: &TariffSchedule,
    holder: &Holder,
    on: NaiveDate,
    kinds: Vec<PassportKind>,
) -> Result<Choices, ValidityError> {
    let Terms { rule, years } = match *holder {
        Holder::Adult => Terms {
            rule: ValidityRule::Adult,
            years: rules.adult_years.clone(),
        },
        Holder::Person {
            birth_date,
            dual_citizen_child,
            married,
        } => terms(
            rules,
            &ValidityRequest {
                birth_date,
                issue_date: on,
                dual_citizen_child,
                married,
                years: None,
            },
        )?,
    };
    let priced_by_validity = schedule.prices_by_validity();
    let longest = years.iter().copied().max().unwrap_or(0);
    let terms = if priced_by_validity {
        years.clone()
    } else {
        vec![longest]
    };
    Ok(Choices {
        validity_rules: rules.code.clone(),
        rule,
        rule_terms: years,
        terms,
        kinds,
        priced_by_validity,
    })
}

/// One pair a person may choose, priced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PassportOption {
    pub passport_kind: PassportKind,
    pub validity_years: u32,
    /// The passport's own line.
    pub passport_amount: Rupiah,
    /// What the whole application would cost with this pair (the same service and kind of
    /// application).
    pub total: Rupiah,
    /// What the kind brings.
    pub benefits: Vec<Benefit>,
}

/// What is asked to be priced: the request of a quote, with the term chosen if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OfferRequest {
    pub passport_kind: PassportKind,
    pub service: Service,
    pub application_kind: ApplicationKind,
    /// The loss or damage came from a disaster: no penalty.
    pub disaster: bool,
    /// The term chosen; `None` gives the default.
    pub validity_years: Option<u32>,
}

/// The quote of what was chosen, with the choices and every option priced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Offer {
    pub quote: Quote,
    /// The term priced: the one chosen, or the default.
    pub validity_years: u32,
    pub choices: Choices,
    /// Every kind offered with every term offered, electronic first, shortest first.
    pub options: Vec<PassportOption>,
}

/// Prices `req` and every option under `schedule`. The choice itself is not checked
/// ([`Choices::check`] does): a draft saved before a change of rules is still shown with
/// its price.
pub fn offer(
    schedule: &TariffSchedule,
    choices: Choices,
    req: &OfferRequest,
) -> Result<Offer, QuoteError> {
    let priced = |passport_kind, validity_years| {
        quote(
            schedule,
            &QuoteRequest {
                passport_kind,
                service: req.service,
                application_kind: req.application_kind,
                disaster: req.disaster,
                validity_years: Some(validity_years),
            },
        )
    };
    let validity_years = choices.years(req.validity_years);
    let chosen = priced(req.passport_kind, validity_years)?;
    let mut options = Vec::with_capacity(choices.kinds.len() * choices.terms.len());
    for &passport_kind in &choices.kinds {
        for &years in &choices.terms {
            let quote = priced(passport_kind, years)?;
            options.push(PassportOption {
                passport_kind,
                validity_years: years,
                passport_amount: quote.items.first().map_or(0, |line| line.amount),
                total: quote.total,
                benefits: benefits(passport_kind).to_vec(),
            });
        }
    }
    Ok(Offer {
        quote: chosen,
        validity_years,
        choices,
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passport::ReplacementReason;
    use crate::tariff::{launch_schedule, validity_priced_2024_schedule};
    use crate::validity::{choice_2024_rules, ten_year_2022_rules};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 25);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn person(birth_date: NaiveDate) -> Holder {
        Holder::Person {
            birth_date,
            dual_citizen_child: false,
            married: false,
        }
    }

    fn both() -> Vec<PassportKind> {
        PassportKind::ALL.to_vec()
    }

    fn request(passport_kind: PassportKind, validity_years: Option<u32>) -> OfferRequest {
        OfferRequest {
            passport_kind,
            service: Service::Regular,
            application_kind: ApplicationKind::New,
            disaster: false,
            validity_years,
        }
    }

    #[test]
    fn an_adult_chooses_under_the_2024_schedule() {
        let schedule = validity_priced_2024_schedule();
        let adult = choices(
            &choice_2024_rules(),
            &schedule,
            &Holder::Adult,
            today(),
            both(),
        )
        .unwrap();
        assert_eq!(adult.terms, [5, 10]);
        assert_eq!(adult.default_years(), 10);
        assert_eq!(adult.validity_rules, "choice_2024");
        assert_eq!(adult.check(PassportKind::Electronic, Some(5)), Ok(5));
        assert_eq!(adult.check(PassportKind::Electronic, None), Ok(10));
        let seven = adult.check(PassportKind::Electronic, Some(7)).unwrap_err();
        assert_eq!(
            seven.to_string(),
            "an adult may have a passport of 5 or 10 years, not 7"
        );

        let five = offer(
            &schedule,
            adult.clone(),
            &request(PassportKind::Electronic, Some(5)),
        )
        .unwrap();
        assert_eq!((five.validity_years, five.quote.total), (5, 650_000));
        let ten = offer(&schedule, adult, &request(PassportKind::Electronic, None)).unwrap();
        assert_eq!((ten.validity_years, ten.quote.total), (10, 950_000));
        let options: Vec<_> = ten
            .options
            .iter()
            .map(|o| (o.passport_kind, o.validity_years, o.passport_amount))
            .collect();
        assert_eq!(
            options,
            [
                (PassportKind::Electronic, 5, 650_000),
                (PassportKind::Electronic, 10, 950_000),
                (PassportKind::NonElectronic, 5, 350_000),
                (PassportKind::NonElectronic, 10, 650_000),
            ]
        );
        assert_eq!(ten.options[0].benefits, benefits(PassportKind::Electronic));
        assert!(ten.options[0].benefits.contains(&Benefit::BiometricChip));
        assert!(ten.options[3].benefits.is_empty());
    }

    #[test]
    fn under_the_launch_schedule_the_choice_does_not_exist() {
        let schedule = launch_schedule();
        let adult = choices(
            &choice_2024_rules(),
            &schedule,
            &Holder::Adult,
            today(),
            both(),
        )
        .unwrap();
        assert_eq!(
            (adult.terms.clone(), adult.rule_terms.clone()),
            (vec![10], vec![5, 10])
        );
        let refused = adult.check(PassportKind::Electronic, Some(5)).unwrap_err();
        assert!(refused.to_string().contains("is not a choice"), "{refused}");
        let quoted = offer(&schedule, adult, &request(PassportKind::Electronic, None)).unwrap();
        assert_eq!((quoted.validity_years, quoted.quote.total), (10, 650_000));
        assert_eq!(quoted.options.len(), 2);
        // Under the 2022 rules, the rules themselves give adults one term.
        let adult = choices(
            &ten_year_2022_rules(),
            &validity_priced_2024_schedule(),
            &Holder::Adult,
            d(2024, 12, 16),
            both(),
        )
        .unwrap();
        assert_eq!(adult.terms, [10]);
        assert_eq!(
            adult.check_term(Some(5)).unwrap_err().to_string(),
            "an adult may have a passport of 10 years, not 5"
        );
    }

    #[test]
    fn minors_and_dual_citizen_children_have_their_term() {
        let schedule = validity_priced_2024_schedule();
        let rules = choice_2024_rules();
        // Sixteen until tomorrow: a minor today, an adult tomorrow.
        let birth = d(2009, 11, 26);
        let minor = choices(&rules, &schedule, &person(birth), today(), both()).unwrap();
        assert_eq!(
            (minor.rule, minor.terms.clone()),
            (ValidityRule::Minor, vec![5])
        );
        assert_eq!(
            minor.check_term(Some(10)).unwrap_err().to_string(),
            "a minor may have a passport of 5 years, not 10"
        );
        let priced = offer(&schedule, minor, &request(PassportKind::Electronic, None)).unwrap();
        assert_eq!((priced.validity_years, priced.quote.total), (5, 650_000));
        let tomorrow = today().succ_opt().unwrap();
        let adult = choices(&rules, &schedule, &person(birth), tomorrow, both()).unwrap();
        assert_eq!(adult.terms, [5, 10]);

        let dual = Holder::Person {
            birth_date: d(2009, 11, 25),
            dual_citizen_child: true,
            married: false,
        };
        let child = choices(&rules, &schedule, &dual, today(), both()).unwrap();
        assert_eq!(child.terms, [5]);
        assert!(child.check_term(Some(10)).is_err());
        // On the 21st birthday there is no term to give.
        let grown = Holder::Person {
            birth_date: d(2005, 11, 25),
            dual_citizen_child: true,
            married: false,
        };
        assert!(matches!(
            choices(&rules, &schedule, &grown, today(), both()),
            Err(ValidityError::DualCitizenOver21 { .. })
        ));
    }

    #[test]
    fn only_the_kinds_offered_may_be_chosen() {
        let schedule = validity_priced_2024_schedule();
        let electronic_only = choices(
            &choice_2024_rules(),
            &schedule,
            &Holder::Adult,
            today(),
            vec![PassportKind::Electronic],
        )
        .unwrap();
        assert_eq!(
            electronic_only.check(PassportKind::NonElectronic, None),
            Err(ChoiceError::KindNotOffered(PassportKind::NonElectronic))
        );
        // The kind is checked before the term.
        assert_eq!(
            electronic_only.check(PassportKind::NonElectronic, Some(7)),
            Err(ChoiceError::KindNotOffered(PassportKind::NonElectronic))
        );
        let priced = offer(
            &schedule,
            electronic_only,
            &request(PassportKind::Electronic, Some(5)),
        )
        .unwrap();
        assert!(
            priced
                .options
                .iter()
                .all(|o| o.passport_kind == PassportKind::Electronic)
        );
        assert_eq!(priced.options.len(), 2);
    }

    #[test]
    fn options_carry_the_add_ons() {
        let schedule = validity_priced_2024_schedule();
        let adult = choices(
            &choice_2024_rules(),
            &schedule,
            &Holder::Adult,
            today(),
            both(),
        )
        .unwrap();
        let lost = OfferRequest {
            service: Service::SameDay,
            application_kind: ApplicationKind::Replacement(ReplacementReason::Lost),
            ..request(PassportKind::NonElectronic, Some(5))
        };
        let priced = offer(&schedule, adult, &lost).unwrap();
        assert_eq!(priced.quote.total, 350_000 + 1_000_000 + 1_000_000);
        let non_electronic_ten = priced
            .options
            .iter()
            .find(|o| o.passport_kind == PassportKind::NonElectronic && o.validity_years == 10)
            .unwrap();
        assert_eq!(
            (non_electronic_ten.passport_amount, non_electronic_ten.total),
            (650_000, 2_650_000)
        );
    }
}
