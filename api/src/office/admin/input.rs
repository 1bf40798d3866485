//! Turning administration requests into domain values, collecting every invalid field with
//! its reason so that one answer names them all.

use chrono::{NaiveTime, Weekday};
use paspor_domain::office::OpeningHours;
use paspor_domain::quota::{MAX_CAPACITY, MAX_TEMPLATES, SessionTemplate, validate_week};
use paspor_domain::{Capacity, PriorityPolicy, ReleaseRule};
use paspor_openapi::{OpeningHoursDto, PriorityPolicyDto, ReleaseRuleDto, SessionTemplateDto};

use super::AdminError;

/// The longest name or address line accepted.
pub const MAX_TEXT: usize = 200;

/// The invalid fields found so far.
#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Records an invalid field.
    pub fn invalid(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.0.push((field.into(), reason.into()));
    }

    /// `Ok` when no field was invalid.
    pub fn finish(self) -> Result<(), AdminError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AdminError::Invalid(self.0))
        }
    }

    /// A required line of text, trimmed: not empty, at most [`MAX_TEXT`] characters.
    pub fn text(&mut self, field: &str, value: &str) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.invalid(field, "must not be empty");
        } else if value.chars().count() > MAX_TEXT {
            self.invalid(field, format!("must be at most {MAX_TEXT} characters"));
        }
        value.to_owned()
    }

    /// A local time of day written `HH:MM`.
    pub fn time(&mut self, field: &str, value: &str) -> Option<NaiveTime> {
        let parsed = (value.len() == 5)
            .then(|| NaiveTime::parse_from_str(value, "%H:%M").ok())
            .flatten();
        if parsed.is_none() {
            self.invalid(field, "must be a local time HH:MM (00:00 to 23:59)");
        }
        parsed
    }

    /// A day of the week by its ISO number (1 Monday to 7 Sunday).
    pub fn weekday(&mut self, field: &str, number: u32) -> Option<Weekday> {
        let weekday = number
            .checked_sub(1)
            .and_then(|n| u8::try_from(n).ok())
            .and_then(|n| Weekday::try_from(n).ok());
        if weekday.is_none() {
            self.invalid(
                field,
                "must be an ISO weekday number: 1 (Monday) to 7 (Sunday)",
            );
        }
        weekday
    }

    /// Places of one channel, at most [`MAX_CAPACITY`].
    pub fn places(&mut self, field: &str, places: u32) -> u32 {
        if places > MAX_CAPACITY {
            self.invalid(field, format!("must be at most {MAX_CAPACITY}"));
        }
        places
    }

    /// Opening hours: both times valid, and opening before closing.
    pub fn opening_hours(&mut self, field: &str, hours: &OpeningHoursDto) -> Option<OpeningHours> {
        let opens = self.time(&format!("{field}.opens"), &hours.opens);
        let closes = self.time(&format!("{field}.closes"), &hours.closes);
        let hours = OpeningHours {
            opens: opens?,
            closes: closes?,
        };
        match hours.validate() {
            Ok(()) => Some(hours),
            Err(error) => {
                self.invalid(format!("{field}.closes"), error.to_string());
                None
            }
        }
    }

    /// A release rule, checked by the domain.
    pub fn release_rule(&mut self, field: &str, rule: &ReleaseRuleDto) -> Option<ReleaseRule> {
        let rule = match rule {
            ReleaseRuleDto::Weekly { weekday, time } => {
                let weekday = self.weekday(&format!("{field}.weekday"), *weekday);
                let time = self.time(&format!("{field}.time"), time);
                ReleaseRule::Weekly {
                    weekday: weekday?,
                    time: time?,
                }
            }
            ReleaseRuleDto::Monthly { day, time } => ReleaseRule::Monthly {
                day: *day,
                time: self.time(&format!("{field}.time"), time)?,
            },
            ReleaseRuleDto::DaysAhead { days, time } => ReleaseRule::DaysAhead {
                days: *days,
                time: self.time(&format!("{field}.time"), time)?,
            },
        };
        match rule.validate() {
            Ok(()) => Some(rule),
            Err(error) => {
                let part = match rule {
                    ReleaseRule::Monthly { .. } => "day",
                    _ => "days",
                };
                self.invalid(format!("{field}.{part}"), error.to_string());
                None
            }
        }
    }

    /// A priority policy with sane ages.
    pub fn priority_policy(
        &mut self,
        field: &str,
        policy: &PriorityPolicyDto,
    ) -> Option<PriorityPolicy> {
        let policy = PriorityPolicy {
            child_under_age: policy.child_under_age,
            elderly_from_age: policy.elderly_from_age,
            pregnant: policy.pregnant,
            breastfeeding: policy.breastfeeding,
            disability: policy.disability,
        };
        match policy.validate() {
            Ok(()) => Some(policy),
            Err(error) => {
                let part = match error {
                    paspor_domain::PolicyError::ChildAge(_) => "child_under_age",
                    paspor_domain::PolicyError::ElderlyAge(_) => "elderly_from_age",
                };
                self.invalid(format!("{field}.{part}"), error.to_string());
                None
            }
        }
    }

    /// A week of templates for `office_id`, checked against its opening hours; `None` when
    /// any is invalid (each problem recorded under `field[i]`).
    pub fn templates(
        &mut self,
        field: &str,
        office_id: &str,
        templates: &[SessionTemplateDto],
        hours: &OpeningHours,
    ) -> Option<Vec<SessionTemplate>> {
        if templates.len() > MAX_TEMPLATES {
            self.invalid(field, format!("may hold at most {MAX_TEMPLATES} sessions"));
            return None;
        }
        let before = self.0.len();
        let parsed: Vec<Option<SessionTemplate>> = templates
            .iter()
            .enumerate()
            .map(|(i, dto)| {
                let at = |part: &str| format!("{field}[{i}].{part}");
                let weekday = self.weekday(&at("weekday"), dto.weekday);
                let starts = self.time(&at("starts"), &dto.starts);
                let ends = self.time(&at("ends"), &dto.ends);
                let capacity = Capacity {
                    regular: self.places(&at("capacity_regular"), dto.capacity_regular),
                    same_day: self.places(&at("capacity_same_day"), dto.capacity_same_day),
                    priority: self.places(&at("capacity_priority"), dto.capacity_priority),
                };
                Some(SessionTemplate {
                    office_id: office_id.to_owned(),
                    weekday: weekday?,
                    starts: starts?,
                    ends: ends?,
                    capacity,
                })
            })
            .collect();
        if self.0.len() > before {
            return None;
        }
        let week: Vec<SessionTemplate> = parsed.into_iter().flatten().collect();
        match validate_week(&week, hours) {
            Ok(()) => Some(week),
            Err(problems) => {
                for (i, problem) in problems {
                    self.invalid(format!("{field}[{i}]"), problem.to_string());
                }
                None
            }
        }
    }
}
