//! Fee quotes: what an application costs, line by line, and under which schedule; the
//! validity it is priced for and the terms the applicant may choose; and every kind and
//! term offered, priced, with what each kind brings.

use chrono::NaiveDate;
use paspor_domain::offer::{Offer, PassportOption};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::enums::{
    ApplicationKindCodeDto, PassportKindDto, ReplacementReasonDto, ServiceDto, TariffItemDto,
};
use crate::passports::BenefitDto;

/// What to price.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteQuery {
    /// The passport asked for.
    pub passport_kind: PassportKindDto,
    /// Regular or same-day service.
    pub service: ServiceDto,
    /// New passport or replacement.
    pub application_kind: ApplicationKindCodeDto,
    /// Required with `application_kind=replacement`, refused otherwise.
    pub replacement_reason: Option<ReplacementReasonDto>,
    /// The loss or damage came from a disaster: no penalty applies. Default false.
    pub disaster: Option<bool>,
    /// The date whose schedule applies (`YYYY-MM-DD`); default today.
    pub on: Option<NaiveDate>,
    /// The validity chosen, in years: one of the answer's `validity_choices` (5 or 10 for
    /// an adult while the tariff schedule prices by validity, from 17 December 2024).
    /// Default: the longest the person may have (10 for an adult), so a client that does
    /// not send it keeps working; a term not offered is refused (422).
    #[serde(default, deserialize_with = "crate::integral::query_option_u32")]
    #[param(minimum = 1, maximum = 10)]
    pub validity_years: Option<u32>,
    /// Whose passport: the holder's date of birth. Default: an adult's. With it, a minor
    /// (under 17) or a dual-citizen child is quoted for their own term (5 years).
    #[param(example = "2012-03-01")]
    pub birth_date: Option<NaiveDate>,
    /// With `birth_date`: a child with limited dual citizenship. Default false.
    pub dual_citizen_child: Option<bool>,
    /// With `birth_date`: married (a married applicant under 17 has the adult terms).
    /// Default false.
    pub married: Option<bool>,
    /// The office applied at: only the kinds it offers are priced, and a kind it does not
    /// offer is refused (an office out of e-passport books, or one that issues electronic
    /// passports only). Default: both kinds.
    #[param(example = "0193a000-0000-7000-8000-000000000001")]
    pub office_id: Option<String>,
    /// Delivery of the passport by post (PT Pos Indonesia) instead of collection: its fee
    /// is added as a line (`postal_delivery`). Refused for an office that does not deliver.
    /// Default false.
    pub delivery: Option<bool>,
}

/// A fee quote: its lines, its total, and the schedule it came from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "total": 650000,
    "currency": "IDR",
    "items": [{"code": "passport_electronic", "label": "Electronic passport, 48 pages", "amount": 650000}],
    "schedule": "launch",
    "schedule_name": "Launch schedule (PP 28/2019)",
    "validity_years": 10,
    "validity_choices": [10],
    "validity_rules": "choice_2024",
    "options": [
        {"passport_kind": "electronic", "validity_years": 10, "passport_amount": 650000, "total": 650000,
         "benefits": ["biometric_chip", "autogate", "visa_waiver_registration"]},
        {"passport_kind": "non_electronic", "validity_years": 10, "passport_amount": 350000, "total": 350000,
         "benefits": []}
    ]
}))]
pub struct QuoteDto {
    /// The sum of the lines, in whole rupiah.
    pub total: i64,
    /// Always `IDR`.
    #[schema(example = "IDR")]
    pub currency: String,
    /// The lines, passport first.
    pub items: Vec<QuoteLineDto>,
    /// The code of the tariff schedule the prices come from.
    pub schedule: String,
    /// That schedule's name.
    pub schedule_name: String,
    /// The validity priced, in years: the one chosen, or the longest the person may have.
    #[schema(minimum = 1, maximum = 10, example = 10)]
    pub validity_years: u32,
    /// The terms the person may choose between, shortest first. One term means there is
    /// no choice: under a tariff schedule that does not price by validity (the launch
    /// schedule), and for minors and dual-citizen children, who have their own term.
    #[schema(example = json!([5, 10]))]
    pub validity_choices: Vec<u32>,
    /// The code of the validity rule set in force, which gives the terms.
    #[schema(example = "choice_2024")]
    pub validity_rules: String,
    /// Every kind offered with every term offered, priced with the same service and kind
    /// of application, electronic first and shortest first: what choosing each would cost,
    /// and what each kind brings.
    pub options: Vec<PassportOptionDto>,
}

/// One kind of passport with one term, priced.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PassportOptionDto {
    /// The kind.
    pub passport_kind: PassportKindDto,
    /// The term, in years.
    #[schema(minimum = 1, maximum = 10)]
    pub validity_years: u32,
    /// The passport's own price, in whole rupiah.
    pub passport_amount: i64,
    /// The whole application's total with this kind and term.
    pub total: i64,
    /// What the kind brings (none for a non-electronic passport).
    pub benefits: Vec<BenefitDto>,
}

impl From<&PassportOption> for PassportOptionDto {
    fn from(option: &PassportOption) -> Self {
        PassportOptionDto {
            passport_kind: option.passport_kind.into(),
            validity_years: option.validity_years,
            passport_amount: option.passport_amount,
            total: option.total,
            benefits: option.benefits.iter().map(|&b| b.into()).collect(),
        }
    }
}

/// One line of a quote.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QuoteLineDto {
    /// What the line charges for.
    pub code: TariffItemDto,
    /// Its label.
    pub label: String,
    /// Its amount in whole rupiah.
    pub amount: i64,
}

impl From<&Offer> for QuoteDto {
    fn from(offer: &Offer) -> Self {
        let quote = &offer.quote;
        QuoteDto {
            total: quote.total,
            currency: paspor_domain::CURRENCY.to_owned(),
            items: quote
                .items
                .iter()
                .map(|line| QuoteLineDto {
                    code: line.item.into(),
                    label: line.label.clone(),
                    amount: line.amount,
                })
                .collect(),
            schedule: quote.schedule_code.clone(),
            schedule_name: quote.schedule_name.clone(),
            validity_years: offer.validity_years,
            validity_choices: offer.choices.terms.clone(),
            validity_rules: offer.choices.validity_rules.clone(),
            options: offer.options.iter().map(PassportOptionDto::from).collect(),
        }
    }
}
