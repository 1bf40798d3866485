//! The service's status: read by anyone (the app shows it before sign-in), set by a system
//! admin. Kept in the database, so that every api process answers the same; each change
//! appends an audit record with the status before and after.

use paspor_domain::MAX_STATUS_MESSAGE_CHARS;
use paspor_openapi::{ServiceStatusDto, ServiceStatusMessages, ServiceStatusRequest};
use paspor_persistence::service_status::{self, ServiceStatus};
use paspor_persistence::write_transaction;

use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::{Language, Message};
use crate::refusal::Refusal;
use crate::state::AppState;

/// The status now, with its message in `language`.
pub async fn show_status(
    state: &AppState,
    language: Language,
) -> Result<ServiceStatusDto, Refusal> {
    let status = state.db.run(service_status::get).await?;
    Ok(dto(status, language))
}

/// Sets the status (system admins) and answers it as now in force, in `language`.
pub async fn set_status(
    state: &AppState,
    principal: &SystemAdmin,
    request: ServiceStatusRequest,
    language: Language,
) -> Result<ServiceStatusDto, Refusal> {
    let status = checked(request)?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let after = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let before = audited(&service_status::get(conn)?);
                service_status::set(conn, &status, now)?;
                let after = service_status::get(conn)?;
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "service_status.update",
                        object_type: "service_status",
                        object_id: "service_status",
                        before: Some(&before),
                        after: Some(&audited(&after)),
                    },
                )?;
                Ok::<_, Refusal>(after)
            })
        })
        .await?;
    Ok(dto(after, language))
}

/// The status asked for, each message within its length (control characters are refused
/// at the edge for every route); surrounding blanks are dropped.
fn checked(request: ServiceStatusRequest) -> Result<ServiceStatus, Refusal> {
    let mut refused = Vec::new();
    let mut message = |field: &str, text: &str| {
        let text = text.trim();
        if text.chars().count() > MAX_STATUS_MESSAGE_CHARS {
            refused.push((
                field.to_owned(),
                Message::new("status-message-too-long").with("max", MAX_STATUS_MESSAGE_CHARS),
            ));
        }
        text.to_owned()
    };
    let message_id = message("messages.id", &request.messages.id);
    let message_en = message("messages.en", &request.messages.en);
    if !refused.is_empty() {
        return Err(Refusal::invalid_fields(refused));
    }
    Ok(ServiceStatus {
        state: request.state.into(),
        message_id,
        message_en,
        since: None,
    })
}

fn messages(status: &ServiceStatus) -> ServiceStatusMessages {
    ServiceStatusMessages {
        id: status.message_id.clone(),
        en: status.message_en.clone(),
    }
}

/// The status as the audit trail keeps it: the same in every language.
fn audited(status: &ServiceStatus) -> ServiceStatusRequest {
    ServiceStatusRequest {
        state: status.state.into(),
        messages: messages(status),
    }
}

fn dto(status: ServiceStatus, language: Language) -> ServiceStatusDto {
    let message = match language {
        Language::Indonesian => status.message_id.clone(),
        Language::English => status.message_en.clone(),
    };
    ServiceStatusDto {
        state: status.state.into(),
        language: language.into(),
        message,
        messages: messages(&status),
        since: status.since,
    }
}
