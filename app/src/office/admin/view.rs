//! Domain values as the administration routes answer them, and the states audit records
//! keep.

use chrono::{DateTime, NaiveTime, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::{SessionAvailability, SessionTemplate};
use paspor_domain::{Capacity, Channel, PassportKind, PriorityPolicy, TariffSchedule};
use paspor_openapi::{
    ChannelLoadDto, KindLoadDto, OfficeSessionDto, OfficeSettingsDto, PriorityPolicyDto,
    SessionChannelsDto, SessionTemplateDto, TariffPriceDto, TariffScheduleDto, first_rule,
    release_rules_dto,
};
use paspor_persistence::tariffs::StoredSchedule;
use serde::Serialize;
use serde_json::{Map, Value};

/// `HH:MM`.
pub fn hh_mm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// A session as its office admin sees it.
pub fn session_dto(place: &SessionAvailability, now: DateTime<Utc>) -> OfficeSessionDto {
    let session = &place.session;
    let load = |channel: Channel| ChannelLoadDto {
        capacity: session.capacity.of(channel),
        held: place.held.of(channel),
    };
    OfficeSessionDto {
        id: session.id.clone(),
        date: session.date,
        starts: hh_mm(session.starts),
        ends: hh_mm(session.ends),
        release_at: session.release_at,
        released: session.is_released(now),
        channels: SessionChannelsDto {
            regular: load(Channel::Regular),
            same_day: load(Channel::SameDay),
            priority: load(Channel::Priority),
        },
        kind_limits: PassportKind::ALL
            .into_iter()
            .filter_map(|kind| {
                Some(KindLoadDto {
                    passport_kind: kind.into(),
                    limit: session.capacity.by_kind.of(kind)?,
                    held: place.held.of_kind(kind),
                })
            })
            .collect(),
    }
}

/// A weekly template as sent.
pub fn template_dto(template: &SessionTemplate) -> SessionTemplateDto {
    SessionTemplateDto {
        weekday: template.weekday.number_from_monday(),
        starts: hh_mm(template.starts),
        ends: hh_mm(template.ends),
        capacity_regular: template.capacity.regular,
        capacity_same_day: template.capacity.same_day,
        capacity_priority: template.capacity.priority,
        kind_limit_electronic: template.capacity.by_kind.electronic,
        kind_limit_non_electronic: template.capacity.by_kind.non_electronic,
    }
}

/// A priority policy as sent.
pub fn policy_dto(policy: &PriorityPolicy) -> PriorityPolicyDto {
    PriorityPolicyDto {
        child_under_age: policy.child_under_age,
        elderly_from_age: policy.elderly_from_age,
        pregnant: policy.pregnant,
        breastfeeding: policy.breastfeeding,
        disability: policy.disability,
    }
}

/// The settings an office admin sets.
pub fn settings_dto(office: &Office) -> OfficeSettingsDto {
    OfficeSettingsDto {
        e_passport_available: office.e_passport_available,
        electronic_only: office.electronic_only,
        priority_policy: policy_dto(&office.priority_policy),
        release_rule: first_rule(&office.release_rules),
        release_rules: release_rules_dto(&office.release_rules),
    }
}

/// A tariff schedule as sent.
pub fn schedule_dto(stored: StoredSchedule) -> TariffScheduleDto {
    let StoredSchedule { schedule, enabled } = stored;
    let TariffSchedule {
        code,
        name,
        effective_from,
        prices,
    } = schedule;
    TariffScheduleDto {
        code,
        name,
        effective_from,
        enabled,
        items: prices
            .into_iter()
            .map(|(item, amount)| TariffPriceDto {
                item: item.into(),
                amount,
            })
            .collect(),
    }
}

/// A session's capacities, as its audit records keep them.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CapacityState {
    pub capacity_regular: u32,
    pub capacity_same_day: u32,
    pub capacity_priority: u32,
    // Absent where the kind has no limit: records of sessions without limits read as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_limit_electronic: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_limit_non_electronic: Option<u32>,
}

impl From<Capacity> for CapacityState {
    fn from(capacity: Capacity) -> Self {
        CapacityState {
            capacity_regular: capacity.regular,
            capacity_same_day: capacity.same_day,
            capacity_priority: capacity.priority,
            kind_limit_electronic: capacity.by_kind.electronic,
            kind_limit_non_electronic: capacity.by_kind.non_electronic,
        }
    }
}

/// Fields an answer keeps for older clients, which say again what another field says: an
/// audit record leaves them out (`release_rule` is the first of `release_rules`).
const ALIASES: [&str; 1] = ["release_rule"];

/// The top-level fields that differ between two states of one object: (before, after),
/// each an object holding only those fields. An audit record of a change keeps what
/// changed, not the whole object.
pub fn changed_fields<T: Serialize>(before: &T, after: &T) -> (Value, Value) {
    let as_map = |value: &T| match serde_json::to_value(value) {
        Ok(Value::Object(mut map)) => {
            for alias in ALIASES {
                map.remove(alias);
            }
            map
        }
        _ => Map::new(),
    };
    let (before, after) = (as_map(before), as_map(after));
    let mut was = Map::new();
    let mut now = Map::new();
    for (key, new) in after {
        let old = before.get(&key).cloned().unwrap_or(Value::Null);
        if old != new {
            was.insert(key.clone(), old);
            now.insert(key, new);
        }
    }
    (Value::Object(was), Value::Object(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_kept() {
        let before = json!({"a": 1, "b": {"x": true}, "c": "same"});
        let after = json!({"a": 2, "b": {"x": false}, "c": "same"});
        let (was, now) = changed_fields(&before, &after);
        assert_eq!(was, json!({"a": 1, "b": {"x": true}}));
        assert_eq!(now, json!({"a": 2, "b": {"x": false}}));
        let (was, now) = changed_fields(&before, &before);
        assert_eq!((was, now), (json!({}), json!({})));
    }
}
