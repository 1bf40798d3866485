//! What a system admin may set as the screening policy: the bounds of each threshold, and
//! the rules the bounds cannot state (an age band that runs forward, destinations that
//! exist, each once).

use super::{CountryCode, ScreeningPolicy};

/// The oldest age a watched band may reach.
pub const MAX_WATCHED_AGE: u32 = 120;

/// The longest tourist stay a threshold may name: ten years, the longest passport.
pub const MAX_LONG_TOURIST_STAY_DAYS: u32 = 3650;

/// Why a screening policy cannot be put in force.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreeningPolicyError {
    #[error("the watched ages run from 0 to {MAX_WATCHED_AGE}, not {0}")]
    AgeFromOutOfRange(u32),
    #[error("the watched ages run from 0 to {MAX_WATCHED_AGE}, not {0}")]
    AgeToOutOfRange(u32),
    #[error("the watched ages end ({to}) before they begin ({from})")]
    AgeBandReversed { from: u32, to: u32 },
    #[error("a tourist stay threshold is at most {MAX_LONG_TOURIST_STAY_DAYS} days, not {0}")]
    StayOutOfRange(u32),
    #[error("{code} is not a country code ISO 3166-1 assigns")]
    UnknownDestination { index: usize, code: CountryCode },
    #[error("{code} is already on the list")]
    DuplicateDestination { index: usize, code: CountryCode },
}

impl ScreeningPolicyError {
    /// Whether the schema states the bound broken (a number out of its range), rather than
    /// a rule it cannot state.
    #[must_use]
    pub fn is_out_of_bounds(&self) -> bool {
        matches!(
            self,
            Self::AgeFromOutOfRange(_) | Self::AgeToOutOfRange(_) | Self::StayOutOfRange(_)
        )
    }
}

impl ScreeningPolicy {
    /// Every problem of the policy, in the order of its fields; empty when it may be put
    /// in force.
    #[must_use]
    pub fn problems(&self) -> Vec<ScreeningPolicyError> {
        let mut problems = Vec::new();
        if self.watched_age_from > MAX_WATCHED_AGE {
            problems.push(ScreeningPolicyError::AgeFromOutOfRange(
                self.watched_age_from,
            ));
        }
        if self.watched_age_to > MAX_WATCHED_AGE {
            problems.push(ScreeningPolicyError::AgeToOutOfRange(self.watched_age_to));
        }
        if self.watched_age_from > self.watched_age_to {
            problems.push(ScreeningPolicyError::AgeBandReversed {
                from: self.watched_age_from,
                to: self.watched_age_to,
            });
        }
        if self.long_tourist_stay_days > MAX_LONG_TOURIST_STAY_DAYS {
            problems.push(ScreeningPolicyError::StayOutOfRange(
                self.long_tourist_stay_days,
            ));
        }
        for (index, code) in self.watched_destinations.iter().enumerate() {
            if !code.is_assigned() {
                problems.push(ScreeningPolicyError::UnknownDestination { index, code: *code });
            } else if self.watched_destinations[..index].contains(code) {
                problems.push(ScreeningPolicyError::DuplicateDestination { index, code: *code });
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    #[test]
    fn the_default_policy_is_valid() {
        assert_eq!(ScreeningPolicy::default().problems(), vec![]);
    }

    #[test]
    fn age_bounds_and_order() {
        let with = |from, to| ScreeningPolicy {
            watched_age_from: from,
            watched_age_to: to,
            ..ScreeningPolicy::default()
        };
        let cases = [
            (with(0, 0), vec![]),
            (with(17, 17), vec![]),
            (with(0, MAX_WATCHED_AGE), vec![]),
            (
                with(18, 17),
                vec![ScreeningPolicyError::AgeBandReversed { from: 18, to: 17 }],
            ),
            (
                with(17, 121),
                vec![ScreeningPolicyError::AgeToOutOfRange(121)],
            ),
            (
                with(121, 121),
                vec![
                    ScreeningPolicyError::AgeFromOutOfRange(121),
                    ScreeningPolicyError::AgeToOutOfRange(121),
                ],
            ),
        ];
        for (policy, expected) in cases {
            assert_eq!(policy.problems(), expected, "{policy:?}");
        }
        assert!(ScreeningPolicyError::AgeToOutOfRange(121).is_out_of_bounds());
        assert!(!ScreeningPolicyError::AgeBandReversed { from: 2, to: 1 }.is_out_of_bounds());
    }

    #[test]
    fn stay_bounds() {
        for (days, ok) in [(0, true), (30, true), (3650, true), (3651, false)] {
            let policy = ScreeningPolicy {
                long_tourist_stay_days: days,
                ..ScreeningPolicy::default()
            };
            assert_eq!(policy.problems().is_empty(), ok, "{days}");
        }
    }

    #[test]
    fn destinations_exist_once_each() {
        let policy = ScreeningPolicy {
            watched_destinations: vec![code("MY"), code("ZZ"), code("KH"), code("MY"), code("UK")],
            ..ScreeningPolicy::default()
        };
        assert_eq!(
            policy.problems(),
            vec![
                ScreeningPolicyError::UnknownDestination {
                    index: 1,
                    code: code("ZZ")
                },
                ScreeningPolicyError::DuplicateDestination {
                    index: 3,
                    code: code("MY")
                },
                ScreeningPolicyError::UnknownDestination {
                    index: 4,
                    code: code("UK")
                },
            ]
        );
        // None watched at all is a policy too.
        let none = ScreeningPolicy {
            watched_destinations: vec![],
            ..ScreeningPolicy::default()
        };
        assert_eq!(none.problems(), vec![]);
        assert_eq!(
            ScreeningPolicyError::UnknownDestination {
                index: 0,
                code: code("ZZ")
            }
            .to_string(),
            "ZZ is not a country code ISO 3166-1 assigns"
        );
    }
}
