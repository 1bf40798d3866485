//! Walk-ins: people the office registers at the counter, without an app booking.
//!
//! Three kinds: priority applicants (young children, elderly people, pregnant women,
//! breastfeeding mothers, and whoever else the office's policy adds) served from the
//! priority quota; replacements of a lost or damaged passport, which need an examination
//! at the office (BAP) and are served from the regular quota; and same-day service at the
//! counter, from the same-day quota at its surcharge. [`plan`] decides, for one walk-in on
//! its visit date, which quota serves it, at which service, for which kind of application,
//! or why it is refused.

use chrono::NaiveDate;

use crate::passport::{ApplicationKind, ReplacementReason, Service};
use crate::priority::{NotEligible, PriorityClaim, PriorityGround, PriorityPolicy};
use crate::quota::Channel;

code_enum! {
    /// What brings a walk-in to the counter.
    pub enum WalkInKind {
        /// Served from the priority quota, if eligible on the visit date.
        Priority => "priority",
        /// A lost or damaged passport, replaced after an examination (BAP).
        ReplacementExamination => "replacement_examination",
        /// Same-day service (percepatan) registered at the counter.
        SameDay => "same_day",
    }
}

code_enum! {
    /// Why a passport is replaced after an examination: the two reasons that need one.
    pub enum ExaminationReason {
        Lost => "lost",
        Damaged => "damaged",
    }
}

impl From<ExaminationReason> for ReplacementReason {
    fn from(reason: ExaminationReason) -> Self {
        match reason {
            ExaminationReason::Lost => ReplacementReason::Lost,
            ExaminationReason::Damaged => ReplacementReason::Damaged,
        }
    }
}

impl WalkInKind {
    /// The quota a walk-in of this kind is served from.
    #[must_use]
    pub const fn channel(self) -> Channel {
        match self {
            Self::Priority => Channel::Priority,
            Self::ReplacementExamination => Channel::Regular,
            Self::SameDay => Channel::SameDay,
        }
    }

    /// The service it gets: same-day (with its surcharge) only when that is what it is.
    #[must_use]
    pub const fn service(self) -> Service {
        match self {
            Self::SameDay => Service::SameDay,
            Self::Priority | Self::ReplacementExamination => Service::Regular,
        }
    }
}

/// One walk-in as the officer registers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkInRequest {
    pub kind: WalkInKind,
    /// The person's birth date and declared grounds; the declared grounds are asked only
    /// for a priority walk-in (the birth date may be ground enough).
    pub claim: PriorityClaim,
    /// Whether grounds were declared at all (they belong to priority walk-ins only).
    pub grounds_declared: bool,
    /// Why the passport is replaced: required for, and only for, an examination.
    pub replacement: Option<ExaminationReason>,
}

/// How a walk-in is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkInPlan {
    /// The quota its place comes from.
    pub channel: Channel,
    /// Its service.
    pub service: Service,
    /// The application it gets: a replacement for an examination, else a new passport.
    pub application_kind: ApplicationKind,
    /// The priority grounds met on the visit date (empty unless a priority walk-in).
    pub grounds: Vec<PriorityGround>,
}

/// Why a walk-in cannot be registered as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkInError {
    /// A replacement after an examination needs its reason.
    #[error("a replacement after an examination needs the reason: lost or damaged")]
    ReplacementRequired,
    /// A replacement reason given for another kind of walk-in.
    #[error("only a replacement_examination walk-in replaces a lost or damaged passport")]
    ReplacementNotExpected,
    /// Priority grounds declared for another kind of walk-in.
    #[error("priority grounds belong to a priority walk-in only")]
    GroundsNotExpected,
    /// The person meets no priority ground of the office's policy on the visit date.
    #[error("not eligible for priority service: {0}")]
    NotEligible(#[from] NotEligible),
}

/// How `request` is served on `visit_date` under the office's priority `policy`, or why
/// it is refused.
pub fn plan(
    request: &WalkInRequest,
    policy: &PriorityPolicy,
    visit_date: NaiveDate,
) -> Result<WalkInPlan, WalkInError> {
    let kind = request.kind;
    let application_kind = match (kind, request.replacement) {
        (WalkInKind::ReplacementExamination, Some(reason)) => {
            ApplicationKind::Replacement(reason.into())
        }
        (WalkInKind::ReplacementExamination, None) => {
            return Err(WalkInError::ReplacementRequired);
        }
        (_, Some(_)) => return Err(WalkInError::ReplacementNotExpected),
        (_, None) => ApplicationKind::New,
    };
    let grounds = match kind {
        WalkInKind::Priority => {
            crate::priority::priority_grounds(policy, &request.claim, visit_date)?
        }
        _ if request.grounds_declared => return Err(WalkInError::GroundsNotExpected),
        _ => Vec::new(),
    };
    Ok(WalkInPlan {
        channel: kind.channel(),
        service: kind.service(),
        application_kind,
        grounds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The test server's first day, a Wednesday.
    fn visit() -> NaiveDate {
        d(2026, 11, 25)
    }

    fn request(kind: WalkInKind, birth_date: NaiveDate) -> WalkInRequest {
        WalkInRequest {
            kind,
            claim: PriorityClaim {
                birth_date,
                pregnant: false,
                breastfeeding: false,
                disability: false,
            },
            grounds_declared: false,
            replacement: None,
        }
    }

    #[test]
    fn codes() {
        assert_codes(&WalkInKind::ALL, WalkInKind::as_str);
        assert_codes(&ExaminationReason::ALL, ExaminationReason::as_str);
        for reason in ExaminationReason::ALL {
            assert!(ReplacementReason::from(reason).needs_examination());
            assert_eq!(ReplacementReason::from(reason).as_str(), reason.as_str());
        }
    }

    #[test]
    fn each_kind_has_its_quota_and_service() {
        let cases = [
            (WalkInKind::Priority, Channel::Priority, Service::Regular),
            (
                WalkInKind::ReplacementExamination,
                Channel::Regular,
                Service::Regular,
            ),
            (WalkInKind::SameDay, Channel::SameDay, Service::SameDay),
        ];
        for (kind, channel, service) in cases {
            assert_eq!(kind.channel(), channel, "{kind}");
            assert_eq!(kind.service(), service, "{kind}");
        }
    }

    #[test]
    fn priority_is_judged_on_the_visit_date() {
        let policy = PriorityPolicy::default();
        let cases = [
            // The day before the 5th birthday: still under 5.
            (d(2021, 11, 26), Ok(vec![PriorityGround::YoungChild])),
            // On the 5th birthday: no longer.
            (d(2021, 11, 25), Err(Some(5))),
            // Aged exactly 60 on the visit date.
            (d(1966, 11, 25), Ok(vec![PriorityGround::Elderly])),
            // 60 tomorrow: 59 today.
            (d(1966, 11, 26), Err(Some(59))),
        ];
        for (born, expected) in cases {
            let got = plan(&request(WalkInKind::Priority, born), &policy, visit());
            let got = got.map(|plan| plan.grounds).map_err(|error| match error {
                WalkInError::NotEligible(not) => not.age,
                other => panic!("{other:?}"),
            });
            assert_eq!(got, expected, "born {born}");
        }
    }

    #[test]
    fn a_priority_walk_in_is_a_new_passport_from_the_priority_quota() {
        let mut pregnant = request(WalkInKind::Priority, d(1994, 3, 1));
        pregnant.claim.pregnant = true;
        pregnant.grounds_declared = true;
        let planned = plan(&pregnant, &PriorityPolicy::default(), visit()).unwrap();
        assert_eq!(
            planned,
            WalkInPlan {
                channel: Channel::Priority,
                service: Service::Regular,
                application_kind: ApplicationKind::New,
                grounds: vec![PriorityGround::Pregnant],
            }
        );
    }

    #[test]
    fn the_refusal_gives_the_reason() {
        let man = request(WalkInKind::Priority, d(1996, 1, 10));
        let error = plan(&man, &PriorityPolicy::default(), visit()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not eligible for priority service: aged 30 on 2026-11-25: priority service is \
             for children under 5, people aged 60 or over, pregnant and breastfeeding women, \
             people with disabilities"
        );
    }

    #[test]
    fn an_office_policy_decides() {
        let mut disabled = request(WalkInKind::Priority, d(1990, 1, 1));
        disabled.claim.disability = true;
        disabled.grounds_declared = true;
        assert_eq!(
            plan(&disabled, &PriorityPolicy::default(), visit())
                .unwrap()
                .grounds,
            vec![PriorityGround::Disability]
        );
        let without = PriorityPolicy {
            disability: false,
            ..PriorityPolicy::default()
        };
        assert!(plan(&disabled, &without, visit()).is_err());
    }

    #[test]
    fn an_examination_replaces_a_lost_or_damaged_passport() {
        for reason in ExaminationReason::ALL {
            let mut bap = request(WalkInKind::ReplacementExamination, d(1980, 1, 1));
            bap.replacement = Some(reason);
            let planned = plan(&bap, &PriorityPolicy::default(), visit()).unwrap();
            assert_eq!(
                planned.application_kind,
                ApplicationKind::Replacement(reason.into())
            );
            assert_eq!(planned.channel, Channel::Regular);
            assert!(planned.grounds.is_empty());
        }
        let without = request(WalkInKind::ReplacementExamination, d(1980, 1, 1));
        assert_eq!(
            plan(&without, &PriorityPolicy::default(), visit()),
            Err(WalkInError::ReplacementRequired)
        );
    }

    #[test]
    fn fields_of_another_kind_are_refused() {
        for kind in [WalkInKind::Priority, WalkInKind::SameDay] {
            let mut misplaced = request(kind, d(1950, 1, 1));
            misplaced.replacement = Some(ExaminationReason::Lost);
            assert_eq!(
                plan(&misplaced, &PriorityPolicy::default(), visit()),
                Err(WalkInError::ReplacementNotExpected),
                "{kind}"
            );
        }
        for kind in [WalkInKind::ReplacementExamination, WalkInKind::SameDay] {
            let mut misplaced = request(kind, d(1950, 1, 1));
            misplaced.grounds_declared = true;
            misplaced.replacement =
                (kind == WalkInKind::ReplacementExamination).then_some(ExaminationReason::Lost);
            assert_eq!(
                plan(&misplaced, &PriorityPolicy::default(), visit()),
                Err(WalkInError::GroundsNotExpected),
                "{kind}"
            );
        }
    }

    #[test]
    fn same_day_is_anyone_at_the_surcharge() {
        let anyone = request(WalkInKind::SameDay, d(1996, 1, 10));
        let planned = plan(&anyone, &PriorityPolicy::default(), visit()).unwrap();
        assert_eq!(planned.channel, Channel::SameDay);
        assert_eq!(planned.service, Service::SameDay);
        assert_eq!(planned.application_kind, ApplicationKind::New);
    }
}
