//! Fee quotes: what an application costs, line by line, and under which schedule.

use chrono::NaiveDate;
use paspor_domain::Quote;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::enums::{
    ApplicationKindCodeDto, PassportKindDto, ReplacementReasonDto, ServiceDto, TariffItemDto,
};

/// What to price.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
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
    /// The passport's validity in years (5 or 10); required only when the schedule in
    /// force prices by validity.
    #[serde(default, deserialize_with = "crate::integral::query_option_u32")]
    #[param(minimum = 5, maximum = 10)]
    pub validity_years: Option<u32>,
}

/// A fee quote: its lines, its total, and the schedule it came from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "total": 650000,
    "currency": "IDR",
    "items": [{"code": "passport_electronic", "label": "Electronic passport, 48 pages", "amount": 650000}],
    "schedule": "launch",
    "schedule_name": "Launch schedule (PP 28/2019)"
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

impl From<&Quote> for QuoteDto {
    fn from(quote: &Quote) -> Self {
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
        }
    }
}
