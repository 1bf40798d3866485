//! Integrator clients as system admins manage them: created with a secret shown once,
//! listed, and revoked. Each change appends one audit record in its transaction.

use chrono::{DateTime, Utc};
use paspor_domain::integrator::ScopeSet;
use paspor_openapi::{
    IntegratorCreateRequest, IntegratorCreatedDto, IntegratorDto, IntegratorPage, PageQuery,
    ScopeDto,
};
use paspor_persistence::integrators::{self, ClientRecord, NewClient};
use paspor_persistence::{new_id, webhooks, write_transaction};
use serde::Serialize;

use super::IntegratorError;
use super::error::is_unique_violation;
use crate::audit::{self, Actor, Change};
use crate::auth::{SystemAdmin, client_secret_hash, new_client_secret};
use crate::locale::Message;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::said::field;
use crate::state::AppState;

/// The longest client name.
const MAX_NAME_CHARS: usize = 200;

/// What the audit trail keeps of a client (never its secret or hash).
#[derive(Debug, Clone, Serialize)]
struct Audited<'a> {
    client_id: &'a str,
    name: &'a str,
    scopes: String,
    revoked_at: Option<DateTime<Utc>>,
}

fn scope_dtos(scopes: ScopeSet) -> Vec<ScopeDto> {
    scopes.iter().map(ScopeDto::from).collect()
}

fn dto(record: ClientRecord) -> IntegratorDto {
    IntegratorDto {
        client_id: record.id,
        name: record.name,
        scopes: scope_dtos(record.scopes),
        created_at: record.created_at,
        revoked_at: record.revoked_at,
    }
}

fn checked(request: &IntegratorCreateRequest) -> Result<(String, ScopeSet), IntegratorError> {
    let mut problems = Vec::new();
    let name = request.name.trim();
    // Counted as sent, as the schema's `maxLength` counts it.
    if name.is_empty() || request.name.chars().count() > MAX_NAME_CHARS {
        problems.push((
            "name".to_owned(),
            Message::new("field-length")
                .with("max", MAX_NAME_CHARS)
                .into(),
        ));
    } else if name.chars().any(char::is_control) {
        problems.push(("name".to_owned(), field::control_characters().into()));
    }
    let scopes: ScopeSet = request.scopes.iter().map(|scope| (*scope).into()).collect();
    if scopes.is_empty() {
        problems.push(("scopes".to_owned(), Message::new("scopes-empty").into()));
    }
    if problems.is_empty() {
        Ok((name.to_owned(), scopes))
    } else {
        Err(IntegratorError::Invalid(problems))
    }
}

/// Registers a client (the caller has been checked to be a system admin); the answer
/// holds its secret, which is stored only as a hash and never shown again.
pub async fn create_client(
    state: &AppState,
    principal: &SystemAdmin,
    request: IntegratorCreateRequest,
) -> Result<IntegratorCreatedDto, IntegratorError> {
    let (name, scopes) = checked(&request)?;
    let secret = new_client_secret();
    let secret_hash = client_secret_hash(&secret);
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let id = new_id();
    let stored_id = id.clone();
    let stored_name = name.clone();
    let stored = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                if integrators::name_taken(conn, &stored_name)? {
                    return Err(name_taken(&stored_name));
                }
                integrators::insert_client(
                    conn,
                    &NewClient {
                        id: &stored_id,
                        name: &stored_name,
                        secret_hash: &secret_hash,
                        scopes,
                        created_by: &actor.account,
                    },
                    now,
                )?;
                let after = Audited {
                    client_id: &stored_id,
                    name: &stored_name,
                    scopes: scopes.to_string(),
                    revoked_at: None,
                };
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "integrator.create",
                        object_type: "integrator",
                        object_id: &stored_id,
                        before: None::<&Audited<'_>>,
                        after: Some(&after),
                    },
                )?;
                Ok(())
            })
        })
        .await;
    match stored {
        // Two admins raced to the same name: the index refused the second.
        Err(error) if is_unique_violation(&error) => {
            return Err(name_taken(&name));
        }
        other => other?,
    }
    tracing::info!(client_id = id, scopes = %scopes, "integrator client created");
    Ok(IntegratorCreatedDto {
        client_id: id,
        client_secret: secret,
        name,
        scopes: scope_dtos(scopes),
        created_at: now,
    })
}

/// A page of clients, oldest first, revoked ones included.
pub async fn list_clients(
    state: &AppState,
    _admin: &SystemAdmin,
    paging: PageQuery,
) -> Result<IntegratorPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .call(move |conn| {
            integrators::list_clients(conn, offset, i64::from(per_page))
                .map_err(IntegratorError::from)
        })
        .await?;
    Ok(IntegratorPage {
        items: records.into_iter().map(dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Revokes a client: its tokens stop working at once (every integrator request checks),
/// its webhook subscriptions are deleted and their undelivered deliveries cancelled.
/// Revoking a revoked client changes nothing.
pub async fn revoke_client(
    state: &AppState,
    principal: &SystemAdmin,
    id: String,
) -> Result<(), IntegratorError> {
    let actor = Actor::of(principal);
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let client = integrators::find_client(conn, &id)?
                    .ok_or(IntegratorError::NotFound("integrator client"))?;
                if integrators::revoke(conn, &id, now)?.skipped() {
                    return Ok(());
                }
                let subscriptions = webhooks::delete_subscriptions_of(conn, &id, now)?;
                let before = Audited {
                    client_id: &client.id,
                    name: &client.name,
                    scopes: client.scopes.to_string(),
                    revoked_at: None,
                };
                let after = Audited {
                    revoked_at: Some(now),
                    ..before.clone()
                };
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "integrator.revoke",
                        object_type: "integrator",
                        object_id: &id,
                        before: Some(&before),
                        after: Some(&after),
                    },
                )?;
                tracing::info!(client_id = id, subscriptions, "integrator client revoked");
                Ok(())
            })
        })
        .await
}

/// The refusal of a second active client named `name`.
fn name_taken(name: &str) -> IntegratorError {
    IntegratorError::Conflict(
        Message::new("integrator-name-taken")
            .with("name", format!("{name:?}"))
            .into(),
    )
}
