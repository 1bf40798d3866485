//! Turning administration requests into domain values, collecting every invalid field with
//! its reason so that one answer names them all.

use chrono::{NaiveTime, Weekday};
use paspor_domain::office::OpeningHours;
use paspor_domain::quota::{LAST_DAY, MAX_RELEASE_RULES};
use paspor_domain::quota::{MAX_CAPACITY, MAX_TEMPLATES, SessionTemplate, validate_week};
use paspor_domain::{
    Capacity, DayRange, KindLimits, PriorityPolicy, ReleaseRule, ReleaseRules, ReleaseRulesError,
    ScopedReleaseRule,
};
use paspor_openapi::{
    DayRangeDto, OpeningHoursDto, PriorityPolicyDto, ReleaseRuleDto, ScopedReleaseRuleDto,
    SessionTemplateDto,
};

use super::AdminError;
use crate::locale::{Message, Text};
use crate::said::field;

/// The longest name or address line accepted.
pub const MAX_TEXT: usize = 200;

/// The problems found so far: values that break the published schema (400), and values
/// it accepts that a rule refuses (422).
#[derive(Debug, Default)]
pub struct Fields {
    invalid: Vec<(String, Text)>,
    refused: Vec<(String, Text)>,
}

impl Fields {
    /// Records a field that breaks the published schema.
    pub fn invalid(&mut self, field: impl Into<String>, reason: impl Into<Text>) {
        self.invalid.push((field.into(), reason.into()));
    }

    /// Records a field the schema accepts but a rule refuses.
    pub fn refuse(&mut self, field: impl Into<String>, reason: impl Into<Text>) {
        self.refused.push((field.into(), reason.into()));
    }

    fn any(&self) -> usize {
        self.invalid.len() + self.refused.len()
    }

    /// `Ok` when no field was invalid or refused; a schema breach wins over a refusal
    /// (its answer names both).
    pub fn finish(mut self) -> Result<(), AdminError> {
        if !self.invalid.is_empty() {
            self.invalid.append(&mut self.refused);
            Err(AdminError::Invalid(self.invalid))
        } else if !self.refused.is_empty() {
            Err(AdminError::Refused(self.refused))
        } else {
            Ok(())
        }
    }

    /// A required line of text, stored trimmed: at most `max` characters as sent, not
    /// only whitespace, no control characters (the schema's pattern).
    pub fn text_of(&mut self, field: &str, value: &str, max: usize) -> String {
        if value.trim().is_empty() {
            self.invalid(field, field::empty());
        } else if value.chars().count() > max {
            self.invalid(field, field::too_long(max));
        } else if value.chars().any(char::is_control) {
            self.invalid(field, field::control_characters());
        }
        value.trim().to_owned()
    }

    /// A required line of text of at most [`MAX_TEXT`] characters (see [`Fields::text_of`]).
    pub fn text(&mut self, field: &str, value: &str) -> String {
        self.text_of(field, value, MAX_TEXT)
    }

    /// A local time of day written `HH:MM`.
    pub fn time(&mut self, field: &str, value: &str) -> Option<NaiveTime> {
        let parsed = (value.len() == 5)
            .then(|| NaiveTime::parse_from_str(value, "%H:%M").ok())
            .flatten();
        if parsed.is_none() {
            self.invalid(field, Message::new("time-form"));
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
            self.invalid(field, Message::new("weekday-form"));
        }
        weekday
    }

    /// Places of one channel, at most [`MAX_CAPACITY`].
    pub fn places(&mut self, field: &str, places: u32) -> u32 {
        if places > MAX_CAPACITY {
            self.invalid(
                field,
                Message::new("field-at-most").with("max", MAX_CAPACITY),
            );
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
                self.refuse(format!("{field}.closes"), error.to_string());
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
            ReleaseRuleDto::LastDayOfMonth { time } => ReleaseRule::LastDayOfMonth {
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

    /// An office's release rules, from `release_rule` (one rule for every date) or
    /// `release_rules` (several, each for days of the month), never both: `None` when
    /// neither was given, `Some(None)` when what was given is refused.
    pub fn release_rules(
        &mut self,
        single: Option<&ReleaseRuleDto>,
        several: Option<&[ScopedReleaseRuleDto]>,
    ) -> Option<Option<ReleaseRules>> {
        match (single, several) {
            (None, None) => None,
            (Some(_), Some(_)) => {
                self.refuse("release_rules", Message::new("release-rules-both"));
                Some(None)
            }
            (Some(rule), None) => Some(
                self.release_rule("release_rule", rule)
                    .map(ReleaseRules::single),
            ),
            (None, Some(list)) => Some(self.scoped_release_rules("release_rules", list)),
        }
    }

    /// Several release rules, each for the days of the month it names.
    fn scoped_release_rules(
        &mut self,
        field: &str,
        list: &[ScopedReleaseRuleDto],
    ) -> Option<ReleaseRules> {
        if list.is_empty() || list.len() > MAX_RELEASE_RULES {
            self.invalid(
                field,
                format!(
                    "must hold 1 to {MAX_RELEASE_RULES} rules, not {}",
                    list.len()
                ),
            );
            return None;
        }
        let before = self.any();
        let parsed: Vec<Option<ScopedReleaseRule>> = list
            .iter()
            .enumerate()
            .map(|(i, dto)| {
                let rule = self.release_rule(&format!("{field}[{i}].rule"), &dto.rule);
                let days = match &dto.days {
                    Some(days) => self.day_range(&format!("{field}[{i}].days"), days),
                    None => Some(DayRange::WHOLE_MONTH),
                };
                Some(ScopedReleaseRule {
                    rule: rule?,
                    days: days?,
                })
            })
            .collect();
        if self.any() > before {
            return None;
        }
        match ReleaseRules::new(parsed.into_iter().flatten().collect()) {
            Ok(rules) => Some(rules),
            Err(errors) => {
                for error in errors {
                    let at = match error {
                        ReleaseRulesError::Overlap { index, .. } => {
                            format!("{field}[{index}].days")
                        }
                        ReleaseRulesError::Rule { index, .. } => format!("{field}[{index}].rule"),
                        ReleaseRulesError::Days { index, .. } => format!("{field}[{index}].days"),
                        _ => field.to_owned(),
                    };
                    self.refuse(at, error.to_string());
                }
                None
            }
        }
    }

    /// Days of the month: each 1 to 31 (the schema's bounds), the first not after the last
    /// (a rule).
    fn day_range(&mut self, field: &str, days: &DayRangeDto) -> Option<DayRange> {
        let before = self.any();
        for (part, day) in [("first", days.first), ("last", days.last)] {
            if !(1..=LAST_DAY).contains(&day) {
                self.invalid(
                    format!("{field}.{part}"),
                    Message::new("day-of-month").with("max", LAST_DAY),
                );
            }
        }
        if self.any() > before {
            return None;
        }
        if days.first > days.last {
            self.refuse(
                format!("{field}.last"),
                Message::new("day-before-first").with("first", days.first),
            );
            return None;
        }
        Some(DayRange {
            first: days.first,
            last: days.last,
        })
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
            self.refuse(field, format!("may hold at most {MAX_TEMPLATES} sessions"));
            return None;
        }
        let before = self.any();
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
                    by_kind: KindLimits {
                        electronic: dto
                            .kind_limit_electronic
                            .map(|limit| self.places(&at("kind_limit_electronic"), limit)),
                        non_electronic: dto
                            .kind_limit_non_electronic
                            .map(|limit| self.places(&at("kind_limit_non_electronic"), limit)),
                    },
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
        if self.any() > before {
            return None;
        }
        let week: Vec<SessionTemplate> = parsed.into_iter().flatten().collect();
        match validate_week(&week, hours) {
            Ok(()) => Some(week),
            Err(problems) => {
                for (i, problem) in problems {
                    self.refuse(format!("{field}[{i}]"), problem.to_string());
                }
                None
            }
        }
    }
}
