//! Validity rule sets as a system admin manages them: listed, added (a new regulation's
//! terms from the date it applies), and switched on or off. Quotes, drafts, bookings and
//! issuance read the sets switched on, so they follow at once; each passport's term comes
//! from the set in force on its issue date. Every change is in the audit trail.

use chrono::SubsecRound as _;
use paspor_domain::validity::{RuleSetError, ValidityRules, rules_in_force};
use paspor_openapi::{
    ValidityRulesCreateRequest, ValidityRulesDto, ValidityRulesInForceRequest, ValidityRulesList,
};
use paspor_persistence::validity_rules::{self, StoredRules};
use paspor_persistence::{StoreError, write_transaction};
use serde::Serialize;

use super::AdminError;
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::{Message, Text};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::write::Write;

/// The rule sets switched on, as their audit records keep them.
#[derive(Debug, Serialize)]
struct InForce {
    codes: Vec<String>,
}

/// A stored rule set as sent.
fn rules_dto(stored: StoredRules) -> ValidityRulesDto {
    let StoredRules {
        rules,
        enabled,
        created_at,
    } = stored;
    ValidityRulesDto {
        code: rules.code,
        name: rules.name,
        effective_from: rules.effective_from,
        enabled,
        adult_age: rules.adult_age,
        married_as_adult: rules.married_as_adult,
        adult_years: rules.adult_years,
        minor_years: rules.minor_years,
        dual_citizen_child_years: rules.dual_citizen_child_years,
        dual_citizen_choice_age: rules.dual_citizen_choice_age,
        created_at,
    }
}

fn list(all: Vec<StoredRules>) -> ValidityRulesList {
    ValidityRulesList {
        items: all.into_iter().map(rules_dto).collect(),
    }
}

/// Every rule set and whether it is switched on (system admins).
pub async fn list_validity_rules(
    state: &AppState,
    _admin: &SystemAdmin,
) -> Result<ValidityRulesList, Refusal> {
    let all = state
        .db
        .call(|conn| Ok::<_, AdminError>(validity_rules::all(conn)?))
        .await?;
    Ok(list(all))
}

/// The request as a rule set, every problem named: those the schema states (400), then
/// those only the rules can tell (the adult terms, 422).
fn checked(request: ValidityRulesCreateRequest) -> Result<ValidityRules, AdminError> {
    let mut rules = ValidityRules {
        code: request.code,
        name: request.name.trim().to_owned(),
        effective_from: request.effective_from,
        adult_age: request.adult_age,
        married_as_adult: request.married_as_adult,
        adult_years: request.adult_years,
        minor_years: request.minor_years,
        dual_citizen_child_years: request.dual_citizen_child_years,
        dual_citizen_choice_age: request.dual_citizen_choice_age,
    };
    let mut invalid = Vec::new();
    let mut refused = Vec::new();
    for problem in rules.validate() {
        // The rule set's own reasons are not messages yet: English in both languages.
        let entry = (problem.field().to_owned(), Text::from(problem.to_string()));
        match problem {
            RuleSetError::NoAdultTerm | RuleSetError::AdultTerm(_) => refused.push(entry),
            _ => invalid.push(entry),
        }
    }
    if request_name_breaks_schema(&rules.name) {
        invalid.push((
            "name".to_owned(),
            Message::new("field-too-long-or-control")
                .with("max", 200)
                .into(),
        ));
    }
    if !invalid.is_empty() {
        invalid.append(&mut refused);
        return Err(AdminError::Invalid(invalid));
    }
    if !refused.is_empty() {
        return Err(AdminError::Refused(refused));
    }
    Ok(rules)
}

/// What the name's schema refuses beyond blankness (told by the domain).
fn request_name_breaks_schema(name: &str) -> bool {
    name.chars().count() > 200 || name.chars().any(char::is_control)
}

/// Adds a rule set (system admins), switched on only if asked; recorded as
/// `validity_rules.create`. A code already used is a conflict.
pub fn create_validity_rules(
    state: &AppState,
    principal: &SystemAdmin,
    request: ValidityRulesCreateRequest,
) -> Result<Write<ValidityRulesDto, AdminError>, Refusal> {
    let enabled = request.enabled.unwrap_or(false);
    let rules = checked(request)?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let reference = state.reference.clone();
    Ok(Write::new(move |conn| {
        write_transaction(conn, |conn| {
            validity_rules::take_turn(conn)?;
            match validity_rules::insert(conn, &rules, enabled, now) {
                Err(StoreError::UniqueViolation(_)) => {
                    return Err(AdminError::Conflict(
                        Message::new("rules-code-taken")
                            .with("code", format!("{:?}", rules.code))
                            .into(),
                    ));
                }
                other => other?,
            }
            let dto = rules_dto(StoredRules {
                rules: rules.clone(),
                enabled,
                // As stored: to the microsecond.
                created_at: now.trunc_subsecs(6),
            });
            audit::record(
                conn,
                &actor,
                now,
                Change::<(), _> {
                    action: "validity_rules.create",
                    object_type: "validity_rules",
                    object_id: &rules.code,
                    before: None,
                    after: Some(&dto),
                },
            )?;
            Ok(dto)
        })
    })
    .once_committed(move || reference.validity_rules_changed()))
}

/// Switches on exactly the rule sets named (system admins), every other off; one of them
/// must be in force today, or no passport could be given a term. Recorded as
/// `validity_rules.in_force`.
pub async fn set_validity_rules_in_force(
    state: &AppState,
    principal: &SystemAdmin,
    request: ValidityRulesInForceRequest,
) -> Result<ValidityRulesList, Refusal> {
    let mut codes: Vec<String> = request
        .codes
        .iter()
        .map(|code| code.trim().to_owned())
        .collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Err(AdminError::Unprocessable(Message::new("rules-none-named").into()).into());
    }
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let today = state.clock.today();
    let all = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                validity_rules::take_turn(conn)?;
                let before = InForce {
                    codes: validity_rules::enabled_codes(conn)?,
                };
                let unknown = validity_rules::set_enabled(conn, &codes)?;
                if let Some(code) = unknown.first() {
                    return Err(AdminError::refused(
                        "codes",
                        Message::new("rules-unknown").with("code", format!("{code:?}")),
                    ));
                }
                let enabled = validity_rules::enabled(conn)?;
                if rules_in_force(&enabled, today).is_none() {
                    return Err(AdminError::Unprocessable(
                        Message::new("rules-none-in-force")
                            .with("codes", codes.join(", "))
                            .with("today", today.to_string())
                            .into(),
                    ));
                }
                let after = InForce {
                    codes: validity_rules::enabled_codes(conn)?,
                };
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "validity_rules.in_force",
                        object_type: "validity_rules",
                        object_id: "in_force",
                        before: Some(&before),
                        after: Some(&after),
                    },
                )?;
                Ok(validity_rules::all(conn)?)
            })
        })
        .await?;
    state.reference.validity_rules_changed();
    Ok(list(all))
}
