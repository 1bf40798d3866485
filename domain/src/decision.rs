//! The officer's decision on an application in review: approve, postpone or refuse, with a
//! reason from a fixed list for the last two, and for a postponement the date its hold ends.
//!
//! A postponement (e.g. suspected trafficking) holds the person back for at most 2 years:
//! until the hold ends the same NIK cannot apply again. The server records what the officer
//! decided; it never decides alone (the indicators only point at what to look at).

use chrono::{Months, NaiveDate};

use crate::application::ApplicationEvent;

/// The longest a postponement may hold a person back, in years.
pub const MAX_HOLD_YEARS: u32 = 2;

code_enum! {
    /// What the officer decided.
    pub enum DecisionOutcome {
        /// The passport will be issued.
        Approved => "approved",
        /// Held back until a date, for a reason (no new application meanwhile).
        Postponed => "postponed",
        /// Refused for a reason.
        Refused => "refused",
    }
}

impl DecisionOutcome {
    /// The event that moves an application in review to this outcome.
    #[must_use]
    pub const fn event(self) -> ApplicationEvent {
        match self {
            Self::Approved => ApplicationEvent::Approve,
            Self::Postponed => ApplicationEvent::Postpone,
            Self::Refused => ApplicationEvent::Refuse,
        }
    }
}

code_enum! {
    /// Why an application is postponed.
    pub enum PostponementReason {
        /// Signs of migrant work outside the legal route (no placement agency, no labour
        /// office recommendation).
        SuspectedNonProceduralMigrantWork => "suspected_non_procedural_migrant_work",
        /// Signs of human trafficking (TPPO).
        SuspectedTrafficking => "suspected_trafficking",
        /// The applicant's statements do not hold up.
        FalseStatements => "false_statements",
        /// The trip's documents (ticket, invitation, visa) are incomplete.
        IncompleteTravelDocuments => "incomplete_travel_documents",
    }
}

impl PostponementReason {
    /// The reason in words, for the holder and the file.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::SuspectedNonProceduralMigrantWork => {
                "suspected migrant work outside the legal (procedural) route"
            }
            Self::SuspectedTrafficking => "suspected human trafficking (TPPO)",
            Self::FalseStatements => "statements that did not hold up at the interview",
            Self::IncompleteTravelDocuments => "incomplete travel documents",
        }
    }
}

code_enum! {
    /// Why an application is refused.
    pub enum RefusalReason {
        /// The applicant made false statements.
        FalseStatements => "false_statements",
        /// A document presented was forged.
        ForgedDocuments => "forged_documents",
        /// The person may not leave the country (a travel ban, cegah).
        TravelBan => "travel_ban",
        /// The person is not an Indonesian citizen.
        NotACitizen => "not_a_citizen",
    }
}

impl RefusalReason {
    /// The reason in words, for the holder and the file.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::FalseStatements => "false statements in the application or at the interview",
            Self::ForgedDocuments => "forged documents",
            Self::TravelBan => "a travel ban (the person may not leave Indonesia)",
            Self::NotACitizen => "the applicant is not an Indonesian citizen",
        }
    }
}

/// Why a hold date is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum HoldError {
    /// The hold would end today or earlier.
    #[error("a postponement's hold must end after today ({today})")]
    NotAfterToday { today: NaiveDate },
    /// The hold would last longer than [`MAX_HOLD_YEARS`].
    #[error(
        "a postponement holds at most {MAX_HOLD_YEARS} years: the hold may end on {latest} at \
         the latest"
    )]
    TooLong { latest: NaiveDate },
}

/// The last day a postponement decided on `today` may hold until: the same calendar date
/// 2 years on (29 February gives 28 February).
#[must_use]
pub fn latest_hold_until(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(12 * MAX_HOLD_YEARS))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether a postponement decided on `today` may hold until `hold_until`: after today, and
/// no later than [`latest_hold_until`].
pub fn check_hold_until(hold_until: NaiveDate, today: NaiveDate) -> Result<(), HoldError> {
    if hold_until <= today {
        return Err(HoldError::NotAfterToday { today });
    }
    let latest = latest_hold_until(today);
    if hold_until > latest {
        return Err(HoldError::TooLong { latest });
    }
    Ok(())
}

/// Whether a hold until `hold_until` still keeps the person from applying on `today`. The
/// hold runs *until* that date: from `hold_until` itself on, the person may apply again.
#[must_use]
pub fn hold_is_active(hold_until: NaiveDate, today: NaiveDate) -> bool {
    today < hold_until
}

/// A decision as checked: the outcome with what it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Approved,
    Postponed {
        reason: PostponementReason,
        hold_until: NaiveDate,
    },
    Refused {
        reason: RefusalReason,
    },
}

impl Decision {
    #[must_use]
    pub const fn outcome(&self) -> DecisionOutcome {
        match self {
            Self::Approved => DecisionOutcome::Approved,
            Self::Postponed { .. } => DecisionOutcome::Postponed,
            Self::Refused { .. } => DecisionOutcome::Refused,
        }
    }

    /// The reason's code; none for an approval.
    #[must_use]
    pub const fn reason_code(&self) -> Option<&'static str> {
        match self {
            Self::Approved => None,
            Self::Postponed { reason, .. } => Some(reason.as_str()),
            Self::Refused { reason } => Some(reason.as_str()),
        }
    }

    /// The reason in words; none for an approval.
    #[must_use]
    pub const fn reason_description(&self) -> Option<&'static str> {
        match self {
            Self::Approved => None,
            Self::Postponed { reason, .. } => Some(reason.description()),
            Self::Refused { reason } => Some(reason.description()),
        }
    }

    /// Until when a postponement holds.
    #[must_use]
    pub const fn hold_until(&self) -> Option<NaiveDate> {
        match self {
            Self::Postponed { hold_until, .. } => Some(*hold_until),
            _ => None,
        }
    }
}

/// The description of a stored reason code under an outcome; `None` for an unknown pair.
#[must_use]
pub fn reason_description(outcome: DecisionOutcome, code: &str) -> Option<&'static str> {
    match outcome {
        DecisionOutcome::Approved => None,
        DecisionOutcome::Postponed => code
            .parse::<PostponementReason>()
            .ok()
            .map(PostponementReason::description),
        DecisionOutcome::Refused => code
            .parse::<RefusalReason>()
            .ok()
            .map(RefusalReason::description),
    }
}

/// Why a decision as asked is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub enum DecisionError {
    /// Postponing or refusing needs a reason.
    #[error("a {outcome} decision needs a reason code, one of: {}", codes(*outcome))]
    ReasonRequired { outcome: DecisionOutcome },
    /// The reason is not one of the outcome's.
    #[error("{code:?} is not a reason for a {outcome} decision; one of: {}", codes(*outcome))]
    UnknownReason {
        outcome: DecisionOutcome,
        code: String,
    },
    /// An approval takes no reason.
    #[error("an approval takes no reason code")]
    ReasonNotAllowed,
    /// A postponement needs the date its hold ends.
    #[error("a postponement needs `hold_until`, the date its hold ends")]
    HoldRequired,
    /// Only a postponement has a hold.
    #[error("only a postponement has a hold date; a {outcome} decision takes none")]
    HoldNotAllowed { outcome: DecisionOutcome },
    /// The hold date breaks the rule.
    #[error(transparent)]
    Hold(#[from] HoldError),
}

impl DecisionError {
    /// The request field at fault.
    #[must_use]
    pub const fn field(&self) -> &'static str {
        match self {
            Self::ReasonRequired { .. } | Self::UnknownReason { .. } | Self::ReasonNotAllowed => {
                "reason_code"
            }
            Self::HoldRequired | Self::HoldNotAllowed { .. } | Self::Hold(_) => "hold_until",
        }
    }

    /// A well-formed request that the hold rule refuses (rather than a malformed one).
    #[must_use]
    pub const fn is_rule(&self) -> bool {
        matches!(self, Self::Hold(_))
    }
}

/// The reason codes of an outcome, comma-separated.
fn codes(outcome: DecisionOutcome) -> String {
    let codes: Vec<&str> = match outcome {
        DecisionOutcome::Approved => Vec::new(),
        DecisionOutcome::Postponed => PostponementReason::ALL.map(|r| r.as_str()).to_vec(),
        DecisionOutcome::Refused => RefusalReason::ALL.map(|r| r.as_str()).to_vec(),
    };
    codes.join(", ")
}

/// Checks a decision taken on `today` (the office's calendar): a reason from the outcome's
/// list for a postponement or refusal, none for an approval; a hold date for a postponement
/// only, after today and at most 2 years on.
pub fn decide(
    outcome: DecisionOutcome,
    reason_code: Option<&str>,
    hold_until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Decision, DecisionError> {
    let reason_code = reason_code.map(str::trim).filter(|code| !code.is_empty());
    if outcome != DecisionOutcome::Postponed && hold_until.is_some() {
        return Err(DecisionError::HoldNotAllowed { outcome });
    }
    let unknown = |code: &str| DecisionError::UnknownReason {
        outcome,
        code: code.to_owned(),
    };
    match outcome {
        DecisionOutcome::Approved => match reason_code {
            Some(_) => Err(DecisionError::ReasonNotAllowed),
            None => Ok(Decision::Approved),
        },
        DecisionOutcome::Postponed => {
            let code = reason_code.ok_or(DecisionError::ReasonRequired { outcome })?;
            let reason = code.parse().map_err(|_| unknown(code))?;
            let hold_until = hold_until.ok_or(DecisionError::HoldRequired)?;
            check_hold_until(hold_until, today)?;
            Ok(Decision::Postponed { reason, hold_until })
        }
        DecisionOutcome::Refused => {
            let code = reason_code.ok_or(DecisionError::ReasonRequired { outcome })?;
            let reason = code.parse().map_err(|_| unknown(code))?;
            Ok(Decision::Refused { reason })
        }
    }
}

/// What an approval still lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("an approval needs {}", self.missing().join(" and "))]
pub struct ApprovalMissing {
    /// No photo and fingerprints captured.
    pub biometrics: bool,
    /// No interview recorded.
    pub interview: bool,
}

impl ApprovalMissing {
    /// What is missing, in words.
    #[must_use]
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.biometrics {
            missing.push("the biometrics (photo and fingerprints) captured");
        }
        if self.interview {
            missing.push("an interview recorded");
        }
        missing
    }
}

/// Whether an application may be approved: the photo and fingerprints captured and an
/// interview recorded (a passport carries the biometrics; the interview is the TPPO check).
pub fn check_approval(
    biometrics_captured: bool,
    interview_recorded: bool,
) -> Result<(), ApprovalMissing> {
    if biometrics_captured && interview_recorded {
        Ok(())
    } else {
        Err(ApprovalMissing {
            biometrics: !biometrics_captured,
            interview: !interview_recorded,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::{ApplicationStatus, next_status};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();

    #[test]
    fn codes_round_trip() {
        crate::code::assert_codes(&DecisionOutcome::ALL, DecisionOutcome::as_str);
        crate::code::assert_codes(&PostponementReason::ALL, PostponementReason::as_str);
        crate::code::assert_codes(&RefusalReason::ALL, RefusalReason::as_str);
    }

    #[test]
    fn every_reason_has_a_description_of_its_own() {
        let mut seen = std::collections::HashSet::new();
        for reason in PostponementReason::ALL {
            assert!(seen.insert(reason.description()), "{reason}");
            assert_eq!(
                reason_description(DecisionOutcome::Postponed, reason.as_str()),
                Some(reason.description())
            );
        }
        for reason in RefusalReason::ALL {
            assert!(seen.insert(reason.description()), "{reason}");
            assert_eq!(
                reason_description(DecisionOutcome::Refused, reason.as_str()),
                Some(reason.description())
            );
        }
        assert_eq!(
            reason_description(DecisionOutcome::Refused, "suspected_trafficking"),
            None
        );
        assert_eq!(
            reason_description(DecisionOutcome::Approved, "false_statements"),
            None
        );
    }

    #[test]
    fn outcomes_move_an_application_in_review() {
        for outcome in DecisionOutcome::ALL {
            let to = next_status(ApplicationStatus::InReview, outcome.event()).unwrap();
            assert_eq!(to.as_str(), outcome.as_str());
        }
    }

    #[test]
    fn hold_boundaries() {
        let cases = [
            (
                d(2026, 11, 25),
                Err(HoldError::NotAfterToday { today: TODAY }),
            ),
            (TODAY, Err(HoldError::NotAfterToday { today: TODAY })),
            (d(2026, 11, 27), Ok(())),
            (d(2028, 11, 25), Ok(())),
            (d(2028, 11, 26), Ok(())), // exactly 2 years
            (
                d(2028, 11, 27),
                Err(HoldError::TooLong {
                    latest: d(2028, 11, 26),
                }),
            ),
        ];
        for (hold_until, expected) in cases {
            assert_eq!(
                check_hold_until(hold_until, TODAY),
                expected,
                "{hold_until}"
            );
        }
        assert_eq!(
            HoldError::TooLong {
                latest: d(2028, 11, 26)
            }
            .to_string(),
            "a postponement holds at most 2 years: the hold may end on 2028-11-26 at the latest"
        );
    }

    #[test]
    fn a_hold_decided_on_29_february_ends_by_28_february() {
        let leap = d(2028, 2, 29);
        assert_eq!(latest_hold_until(leap), d(2030, 2, 28));
        assert_eq!(check_hold_until(d(2030, 2, 28), leap), Ok(()));
        assert!(check_hold_until(d(2030, 3, 1), leap).is_err());
    }

    #[test]
    fn a_hold_keeps_the_person_out_until_its_date() {
        let until = d(2027, 1, 10);
        assert!(hold_is_active(until, d(2027, 1, 9)));
        assert!(!hold_is_active(until, until));
        assert!(!hold_is_active(until, d(2027, 1, 11)));
    }

    #[test]
    fn decide_table() {
        use DecisionOutcome as O;
        let hold = Some(d(2027, 5, 1));
        let ok = |decision| Ok::<_, DecisionError>(decision);
        type Case<'a> = (
            O,
            Option<&'a str>,
            Option<NaiveDate>,
            Result<Decision, DecisionError>,
        );
        let cases: Vec<Case<'_>> = vec![
            (O::Approved, None, None, ok(Decision::Approved)),
            (O::Approved, Some("  "), None, ok(Decision::Approved)),
            (
                O::Approved,
                Some("false_statements"),
                None,
                Err(DecisionError::ReasonNotAllowed),
            ),
            (
                O::Approved,
                None,
                hold,
                Err(DecisionError::HoldNotAllowed {
                    outcome: O::Approved,
                }),
            ),
            (
                O::Postponed,
                Some("suspected_trafficking"),
                hold,
                ok(Decision::Postponed {
                    reason: PostponementReason::SuspectedTrafficking,
                    hold_until: d(2027, 5, 1),
                }),
            ),
            (
                O::Postponed,
                None,
                hold,
                Err(DecisionError::ReasonRequired {
                    outcome: O::Postponed,
                }),
            ),
            (
                O::Postponed,
                Some("forged_documents"),
                hold,
                Err(DecisionError::UnknownReason {
                    outcome: O::Postponed,
                    code: "forged_documents".to_owned(),
                }),
            ),
            (
                O::Postponed,
                Some("false_statements"),
                None,
                Err(DecisionError::HoldRequired),
            ),
            (
                O::Postponed,
                Some("false_statements"),
                Some(TODAY),
                Err(DecisionError::Hold(HoldError::NotAfterToday {
                    today: TODAY,
                })),
            ),
            (
                O::Refused,
                Some("travel_ban"),
                None,
                ok(Decision::Refused {
                    reason: RefusalReason::TravelBan,
                }),
            ),
            (
                O::Refused,
                Some("false_statements"),
                None,
                ok(Decision::Refused {
                    reason: RefusalReason::FalseStatements,
                }),
            ),
            (
                O::Refused,
                Some("suspected_trafficking"),
                None,
                Err(DecisionError::UnknownReason {
                    outcome: O::Refused,
                    code: "suspected_trafficking".to_owned(),
                }),
            ),
            (
                O::Refused,
                None,
                None,
                Err(DecisionError::ReasonRequired {
                    outcome: O::Refused,
                }),
            ),
            (
                O::Refused,
                Some("travel_ban"),
                hold,
                Err(DecisionError::HoldNotAllowed {
                    outcome: O::Refused,
                }),
            ),
        ];
        for (outcome, reason, hold_until, expected) in cases {
            let decided = decide(outcome, reason, hold_until, TODAY);
            assert_eq!(decided, expected, "{outcome} {reason:?} {hold_until:?}");
            if let Ok(decision) = decided {
                assert_eq!(decision.outcome(), outcome);
                assert_eq!(decision.hold_until(), hold_until);
            }
        }
    }

    #[test]
    fn decision_errors_name_their_field_and_kind() {
        let missing = DecisionError::ReasonRequired {
            outcome: DecisionOutcome::Refused,
        };
        assert_eq!(missing.field(), "reason_code");
        assert!(!missing.is_rule());
        assert_eq!(
            missing.to_string(),
            "a refused decision needs a reason code, one of: false_statements, \
             forged_documents, travel_ban, not_a_citizen"
        );
        let far = DecisionError::Hold(HoldError::TooLong {
            latest: d(2028, 11, 26),
        });
        assert_eq!(far.field(), "hold_until");
        assert!(far.is_rule());
    }

    #[test]
    fn approval_needs_biometrics_and_an_interview() {
        assert_eq!(check_approval(true, true), Ok(()));
        let neither = check_approval(false, false).unwrap_err();
        assert_eq!(
            neither.to_string(),
            "an approval needs the biometrics (photo and fingerprints) captured and an \
             interview recorded"
        );
        assert_eq!(
            check_approval(true, false).unwrap_err().to_string(),
            "an approval needs an interview recorded"
        );
        assert_eq!(
            check_approval(false, true).unwrap_err(),
            ApprovalMissing {
                biometrics: true,
                interview: false
            }
        );
    }
}
