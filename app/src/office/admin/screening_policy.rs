//! The trafficking screening policy, as a system admin reads and changes it. A change
//! appends the next version (history is never edited), made on condition that the caller
//! read the version in force (`If-Match` its ETag), and appends an audit record with the
//! versions before and after, in one transaction. The next screening is judged by it.

use paspor_domain::screening::{MAX_LONG_TOURIST_STAY_DAYS, MAX_WATCHED_AGE};
use paspor_domain::{CountryCode, ScreeningPolicy, ScreeningPolicyError};
use paspor_openapi::{
    CountryCodeDto, PageQuery, ScreeningPolicyDto, ScreeningPolicyPage, ScreeningPolicyRequest,
};
use paspor_persistence::screening::{self, PolicyVersion};
use paspor_persistence::write_transaction;

use super::AdminError;
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::entity_tag::IfMatch;
use crate::locale::{Message, Text};
use crate::paging::page_of;
use crate::refusal::{Refusal, RefusalKind};
use crate::state::AppState;

/// The most destinations a policy lists: every country ISO assigns a code, once.
const MAX_DESTINATIONS: usize = 249;

/// The entity tag of a version: the version changes exactly when the policy does.
pub fn version_tag(version: u32) -> String {
    format!("\"screening-policy-v{version}\"")
}

/// A version as sent.
pub fn policy_dto(stored: PolicyVersion) -> ScreeningPolicyDto {
    let PolicyVersion {
        version,
        policy,
        created_at,
        created_by,
    } = stored;
    ScreeningPolicyDto {
        version,
        watched_age_from: policy.watched_age_from,
        watched_age_to: policy.watched_age_to,
        watched_destinations: policy
            .watched_destinations
            .iter()
            .map(|code| CountryCodeDto(code.as_str().to_owned()))
            .collect(),
        long_tourist_stay_days: policy.long_tourist_stay_days,
        created_at,
        created_by,
    }
}

/// The version in force (system admins).
pub async fn show_screening_policy(
    state: &AppState,
    _admin: &SystemAdmin,
) -> Result<ScreeningPolicyDto, Refusal> {
    let stored = state.db.run(screening::in_force).await?;
    Ok(policy_dto(stored))
}

/// One version, in force or not (system admins): what judged an earlier screening.
pub async fn show_screening_policy_version(
    state: &AppState,
    _admin: &SystemAdmin,
    version: u32,
) -> Result<ScreeningPolicyDto, Refusal> {
    let stored = state
        .db
        .run(move |conn| screening::version(conn, version))
        .await?
        .ok_or_else(|| Refusal::not_found("screening policy version"))?;
    Ok(policy_dto(stored))
}

/// Every version, newest first (system admins).
pub async fn list_screening_policy_versions(
    state: &AppState,
    _admin: &SystemAdmin,
    paging: PageQuery,
) -> Result<ScreeningPolicyPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let (versions, total) = state
        .db
        .run(move |conn| screening::versions(conn, page, per_page))
        .await?;
    Ok(ScreeningPolicyPage {
        items: versions.into_iter().map(policy_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Puts a new version of the policy in force (system admins), if `if_match` names the
/// version in force; returns the new version.
pub async fn set_screening_policy(
    state: &AppState,
    principal: &SystemAdmin,
    request: ScreeningPolicyRequest,
    if_match: IfMatch,
) -> Result<ScreeningPolicyDto, Refusal> {
    let policy = checked(&request)?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let before = screening::in_force(conn)?;
                if_match.check(&version_tag(before.version))?;
                let version = before.version + 1;
                match screening::append(conn, version, &policy, now, &actor.account) {
                    // Another change appended this version since we read the one in force.
                    Err(error) if error.is_unique_violation() => {
                        return Err(Refusal::new(
                            RefusalKind::PreconditionFailed,
                            "another change of the policy was made at the same moment: read \
                             it again and make your change on it",
                        ));
                    }
                    other => other?,
                }
                let after = PolicyVersion {
                    version,
                    policy,
                    created_at: Some(now),
                    created_by: Some(actor.account.clone()),
                };
                let (before, after) = (policy_dto(before), policy_dto(after));
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "screening_policy.update",
                        object_type: "screening_policy",
                        object_id: "screening_policy",
                        before: Some(&before),
                        after: Some(&after),
                    },
                )?;
                Ok::<_, Refusal>(after)
            })
        })
        .await
}

/// The policy asked for: fields out of the bounds the contract states are invalid (400),
/// rules it cannot state (an age band backwards, a code no country has, a code twice)
/// refuse it (422), each naming its field.
fn checked(request: &ScreeningPolicyRequest) -> Result<ScreeningPolicy, AdminError> {
    let mut invalid = Vec::new();
    let mut number = |field: &str, value: i64, max: u32| {
        u32::try_from(value)
            .ok()
            .filter(|number| *number <= max)
            .unwrap_or_else(|| {
                invalid.push((
                    field.to_owned(),
                    Message::new("field-between-not")
                        .with("max", max)
                        .with("value", value.to_string())
                        .into(),
                ));
                0
            })
    };
    let watched_age_from = number(
        "watched_age_from",
        request.watched_age_from,
        MAX_WATCHED_AGE,
    );
    let watched_age_to = number("watched_age_to", request.watched_age_to, MAX_WATCHED_AGE);
    let long_tourist_stay_days = number(
        "long_tourist_stay_days",
        request.long_tourist_stay_days,
        MAX_LONG_TOURIST_STAY_DAYS,
    );
    if request.watched_destinations.len() > MAX_DESTINATIONS {
        invalid.push((
            "watched_destinations".to_owned(),
            Message::new("destinations-too-many")
                .with("max", MAX_DESTINATIONS)
                .into(),
        ));
    }
    let mut codes = Vec::new();
    for (i, code) in request.watched_destinations.iter().enumerate() {
        match CountryCode::parse(&code.0) {
            Ok(code) => codes.push(code),
            Err(_) => invalid.push((
                format!("watched_destinations[{i}]"),
                Message::new("country-code-letters").into(),
            )),
        }
    }
    if !invalid.is_empty() {
        return Err(AdminError::Invalid(invalid));
    }
    let policy = ScreeningPolicy {
        watched_age_from,
        watched_age_to,
        watched_destinations: codes,
        long_tourist_stay_days,
    };
    let problems = policy.problems();
    if problems.is_empty() {
        return Ok(policy);
    }
    let named = |problem: &ScreeningPolicyError| {
        let field = match problem {
            ScreeningPolicyError::AgeFromOutOfRange(_) => "watched_age_from".to_owned(),
            ScreeningPolicyError::AgeToOutOfRange(_)
            | ScreeningPolicyError::AgeBandReversed { .. } => "watched_age_to".to_owned(),
            ScreeningPolicyError::StayOutOfRange(_) => "long_tourist_stay_days".to_owned(),
            ScreeningPolicyError::UnknownDestination { index, .. }
            | ScreeningPolicyError::DuplicateDestination { index, .. } => {
                format!("watched_destinations[{index}]")
            }
        };
        // The policy's own reasons are not messages yet: English in both languages.
        (field, Text::from(problem.to_string()))
    };
    let (bounds, rules): (Vec<_>, Vec<_>) = problems
        .iter()
        .partition(|problem| problem.is_out_of_bounds());
    if bounds.is_empty() {
        Err(AdminError::Refused(rules.into_iter().map(named).collect()))
    } else {
        Err(AdminError::Invalid(bounds.into_iter().map(named).collect()))
    }
}
