//! Eligibility for the priority walk-in service.
//!
//! Young children, elderly people, pregnant women, breastfeeding mothers and people with
//! disabilities may come without an app booking and are served from the priority quota.
//! Each office sets its own policy (ages, and which groups); the defaults follow PRODUCT.md
//! and the offices' published practice (docs/RULES.md). Eligibility is judged on the visit
//! date.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::age::age_on;

/// An office's priority policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PriorityPolicy {
    /// Children younger than this many whole years qualify (default 5: "under 5").
    pub child_under_age: u32,
    /// People of this age or older qualify. Default 60: PRODUCT.md says "over 60", read as
    /// "aged 60 or over", the definition of lanjut usia in UU 13/1998 (a person who has
    /// reached 60).
    pub elderly_from_age: u32,
    pub pregnant: bool,
    pub breastfeeding: bool,
    /// On by default: the directorate and the offices list people with disabilities among
    /// those served without an app booking; an office may switch the ground off.
    pub disability: bool,
}

impl Default for PriorityPolicy {
    fn default() -> Self {
        Self {
            child_under_age: 5,
            elderly_from_age: 60,
            pregnant: true,
            breastfeeding: true,
            disability: true,
        }
    }
}

/// The widest child ground an office may set: "under 18" already covers every minor.
pub const MAX_CHILD_UNDER_AGE: u32 = 18;
/// The youngest age an office may call elderly. Indonesian law sets 60 (UU 13/1998); an
/// office may be more generous, but not to the point of serving most adults first.
pub const MIN_ELDERLY_FROM_AGE: u32 = 50;
/// The oldest age an office may set for the elderly ground: beyond it the ground is empty.
pub const MAX_ELDERLY_FROM_AGE: u32 = 100;

/// An office policy with an age outside the sane range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the child age limit must be between 0 and {MAX_CHILD_UNDER_AGE}, not {0}")]
    ChildAge(u32),
    #[error(
        "the elderly age must be between {MIN_ELDERLY_FROM_AGE} and {MAX_ELDERLY_FROM_AGE}, not {0}"
    )]
    ElderlyAge(u32),
}

impl PriorityPolicy {
    /// Checks the ages an office admin sets: 0 switches the child ground off.
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.child_under_age > MAX_CHILD_UNDER_AGE {
            return Err(PolicyError::ChildAge(self.child_under_age));
        }
        if !(MIN_ELDERLY_FROM_AGE..=MAX_ELDERLY_FROM_AGE).contains(&self.elderly_from_age) {
            return Err(PolicyError::ElderlyAge(self.elderly_from_age));
        }
        Ok(())
    }
}

#[cfg(test)]
mod policy_bounds {
    use super::*;

    #[test]
    fn ages_an_office_may_set() {
        let with = |child_under_age, elderly_from_age| PriorityPolicy {
            child_under_age,
            elderly_from_age,
            ..PriorityPolicy::default()
        };
        let cases = [
            (with(5, 60), Ok(())),
            (with(0, 60), Ok(())),
            (with(18, 60), Ok(())),
            (with(19, 60), Err(PolicyError::ChildAge(19))),
            (with(5, 50), Ok(())),
            (with(5, 49), Err(PolicyError::ElderlyAge(49))),
            (with(5, 100), Ok(())),
            (with(5, 101), Err(PolicyError::ElderlyAge(101))),
        ];
        for (policy, expected) in cases {
            assert_eq!(policy.validate(), expected, "{policy:?}");
        }
        assert_eq!(PriorityPolicy::default().validate(), Ok(()));
    }
}

/// What a walk-in applicant claims, as the officer records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PriorityClaim {
    pub birth_date: NaiveDate,
    pub pregnant: bool,
    pub breastfeeding: bool,
    pub disability: bool,
}

code_enum! {
    /// Why someone is served from the priority quota.
    pub enum PriorityGround {
        YoungChild => "young_child",
        Elderly => "elderly",
        Pregnant => "pregnant",
        Breastfeeding => "breastfeeding",
        Disability => "disability",
    }
}

/// The claim meets no ground of the policy on the visit date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub struct NotEligible {
    /// Age on the visit date; `None` when the birth date is after it.
    pub age: Option<u32>,
    pub visit_date: NaiveDate,
    /// The policy judged against, so that the message can say who does qualify.
    pub policy: PriorityPolicy,
}

impl fmt::Display for NotEligible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.age {
            Some(age) => write!(f, "aged {age} on {}", self.visit_date)?,
            None => write!(f, "born after the visit date {}", self.visit_date)?,
        }
        let p = &self.policy;
        let mut who = Vec::new();
        if p.child_under_age > 0 {
            who.push(format!("children under {}", p.child_under_age));
        }
        who.push(format!("people aged {} or over", p.elderly_from_age));
        match (p.pregnant, p.breastfeeding) {
            (true, true) => who.push("pregnant and breastfeeding women".to_owned()),
            (true, false) => who.push("pregnant women".to_owned()),
            (false, true) => who.push("breastfeeding mothers".to_owned()),
            (false, false) => {}
        }
        if p.disability {
            who.push("people with disabilities".to_owned());
        }
        write!(f, ": priority service is for {}", who.join(", "))
    }
}

/// Every ground on which the claim qualifies on `visit_date` (never empty), in the order of
/// [`PriorityGround::ALL`].
pub fn priority_grounds(
    policy: &PriorityPolicy,
    claim: &PriorityClaim,
    visit_date: NaiveDate,
) -> Result<Vec<PriorityGround>, NotEligible> {
    let age = age_on(claim.birth_date, visit_date);
    let mut grounds = Vec::new();
    if let Some(age) = age {
        if age < policy.child_under_age {
            grounds.push(PriorityGround::YoungChild);
        }
        if age >= policy.elderly_from_age {
            grounds.push(PriorityGround::Elderly);
        }
    }
    if policy.pregnant && claim.pregnant {
        grounds.push(PriorityGround::Pregnant);
    }
    if policy.breastfeeding && claim.breastfeeding {
        grounds.push(PriorityGround::Breastfeeding);
    }
    if policy.disability && claim.disability {
        grounds.push(PriorityGround::Disability);
    }
    if grounds.is_empty() {
        Err(NotEligible {
            age,
            visit_date,
            policy: *policy,
        })
    } else {
        Ok(grounds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn born(birth_date: NaiveDate) -> PriorityClaim {
        PriorityClaim {
            birth_date,
            pregnant: false,
            breastfeeding: false,
            disability: false,
        }
    }

    #[test]
    fn codes() {
        assert_codes(&PriorityGround::ALL, PriorityGround::as_str);
    }

    #[test]
    fn age_boundaries() {
        let policy = PriorityPolicy::default();
        let child = born(d(2021, 11, 25));
        let elder = born(d(1966, 11, 25));
        let cases = [
            (child, d(2026, 11, 24), Ok(vec![PriorityGround::YoungChild])),
            (child, d(2026, 11, 25), Err(Some(5))),
            (child, d(2021, 11, 25), Ok(vec![PriorityGround::YoungChild])),
            (elder, d(2026, 11, 24), Err(Some(59))),
            (elder, d(2026, 11, 25), Ok(vec![PriorityGround::Elderly])),
            (elder, d(2040, 1, 1), Ok(vec![PriorityGround::Elderly])),
        ];
        for (claim, visit, expected) in cases {
            let got = priority_grounds(&policy, &claim, visit).map_err(|e| e.age);
            assert_eq!(got, expected, "{claim:?} on {visit}");
        }
    }

    #[test]
    fn pregnant_breastfeeding_and_disability() {
        let policy = PriorityPolicy::default();
        let visit = d(2026, 11, 25);
        let adult = born(d(1992, 1, 1));
        let pregnant = PriorityClaim {
            pregnant: true,
            ..adult
        };
        assert_eq!(
            priority_grounds(&policy, &pregnant, visit),
            Ok(vec![PriorityGround::Pregnant])
        );
        let nursing = PriorityClaim {
            breastfeeding: true,
            ..adult
        };
        assert_eq!(
            priority_grounds(&policy, &nursing, visit),
            Ok(vec![PriorityGround::Breastfeeding])
        );

        // People with disabilities are served under the default policy...
        let disabled = PriorityClaim {
            disability: true,
            ..adult
        };
        assert_eq!(
            priority_grounds(&policy, &disabled, visit),
            Ok(vec![PriorityGround::Disability])
        );
        // ...unless the office switches the ground off.
        let without = PriorityPolicy {
            disability: false,
            ..policy
        };
        assert!(priority_grounds(&without, &disabled, visit).is_err());

        // An office that switches a ground off.
        let no_pregnant = PriorityPolicy {
            pregnant: false,
            ..policy
        };
        assert!(priority_grounds(&no_pregnant, &pregnant, visit).is_err());
    }

    #[test]
    fn several_grounds_at_once() {
        let policy = PriorityPolicy::default();
        let claim = PriorityClaim {
            birth_date: d(1960, 1, 1),
            pregnant: true,
            breastfeeding: true,
            disability: true,
        };
        assert_eq!(
            priority_grounds(&policy, &claim, d(2026, 11, 25)),
            Ok(vec![
                PriorityGround::Elderly,
                PriorityGround::Pregnant,
                PriorityGround::Breastfeeding,
                PriorityGround::Disability,
            ])
        );
    }

    #[test]
    fn office_ages() {
        let policy = PriorityPolicy {
            child_under_age: 6,
            elderly_from_age: 65,
            ..PriorityPolicy::default()
        };
        let visit = d(2026, 11, 25);
        assert!(priority_grounds(&policy, &born(d(2021, 1, 1)), visit).is_ok());
        assert!(priority_grounds(&policy, &born(d(1962, 1, 1)), visit).is_err());
    }

    #[test]
    fn refusal_gives_the_reason() {
        let err = priority_grounds(
            &PriorityPolicy::default(),
            &born(d(1992, 6, 1)),
            d(2026, 11, 25),
        )
        .unwrap_err();
        assert_eq!(err.age, Some(34));
        assert_eq!(
            err.to_string(),
            "aged 34 on 2026-11-25: priority service is for children under 5, people aged 60 \
             or over, pregnant and breastfeeding women, people with disabilities"
        );

        let policy = PriorityPolicy {
            breastfeeding: false,
            ..PriorityPolicy::default()
        };
        let err = priority_grounds(&policy, &born(d(2030, 1, 1)), d(2026, 11, 25)).unwrap_err();
        assert_eq!(err.age, None);
        assert_eq!(
            err.to_string(),
            "born after the visit date 2026-11-25: priority service is for children under 5, \
             people aged 60 or over, pregnant women, people with disabilities"
        );
    }
}
