//! The service's status: read by anyone (the app shows it before sign-in), set by a system
//! admin. Kept in the database, so that every api process answers the same; each change
//! appends an audit record with the status before and after. The answer also names the
//! offices that serve walk-ins only today (set by their admins), so that the app can say
//! so wherever it shows the status.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::MAX_STATUS_MESSAGE_CHARS;
use paspor_openapi::{ServiceStatusDto, ServiceStatusMessages, ServiceStatusRequest};
use paspor_persistence::service_status::{self, ServiceStatus};
use paspor_persistence::walk_in_only_days::{self, WalkInOnlyDay};
use paspor_persistence::{DbConnection, write_transaction};

use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::{Language, Message};
use crate::office::admin::walk_in_only_days::dto as walk_in_only_day;
use crate::reference_data::ReferenceData;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The status now, with its message in `language`.
pub async fn show_status(
    state: &AppState,
    language: Language,
) -> Result<ServiceStatusDto, Refusal> {
    let now = state.clock.now();
    let reference = state.reference.clone();
    let (status, today) = state
        .db
        .run(move |conn| {
            let status = service_status::get(conn)?;
            let today = walk_in_only_today(conn, &reference, now)?;
            Ok::<_, Refusal>((status, today))
        })
        .await?;
    Ok(dto(status, today, language))
}

/// The offices that serve walk-ins only on their own today. Indonesia's zones are all ahead
/// of UTC by 7 to 9 hours, so an office's today is the UTC date or the day after.
fn walk_in_only_today(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    now: DateTime<Utc>,
) -> Result<Vec<(String, WalkInOnlyDay)>, Refusal> {
    let utc_today = now.date_naive();
    let mut today = Vec::new();
    for (office_id, day) in
        walk_in_only_days::of_every_office_between(conn, utc_today, utc_today + TimeDelta::days(1))?
    {
        let office = reference.office(conn, &office_id)?;
        if office.is_some_and(|office| office.time_zone.local_date(now) == day.date) {
            today.push((office_id, day));
        }
    }
    Ok(today)
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
    let reference = state.reference.clone();
    let (after, today) = state
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
                let today = walk_in_only_today(conn, &reference, now)?;
                Ok::<_, Refusal>((after, today))
            })
        })
        .await?;
    Ok(dto(after, today, language))
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

fn dto(
    status: ServiceStatus,
    walk_in_only_today: Vec<(String, WalkInOnlyDay)>,
    language: Language,
) -> ServiceStatusDto {
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
        walk_in_only_today: walk_in_only_today
            .into_iter()
            .map(|(office, day)| walk_in_only_day(&office, day, language))
            .collect(),
    }
}
