//! An office's weekly session templates, read and replaced whole by its admin.
//!
//! New templates apply to dates materialised from now on (the sessions of the coming weeks
//! that do not exist yet). Dated sessions that already exist keep their times and
//! capacities: bookings may hold places in them; an admin changes their capacities one by
//! one with `PATCH /v1/office/sessions/{id}`.

use paspor_openapi::SessionTemplateList;
use paspor_persistence::{offices, sessions, write_transaction};

use super::AdminError;
use super::input::Fields;
use super::view::template_dto;
use crate::audit::{self, Actor, Change};
use crate::office::OfficeAdmin;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The office's weekly templates.
pub async fn show_templates(
    state: &AppState,
    principal: &OfficeAdmin,
) -> Result<SessionTemplateList, Refusal> {
    let office_id = principal.office().to_owned();
    let templates = state
        .db
        .call(move |conn| Ok::<_, AdminError>(sessions::templates_of(conn, &office_id)?))
        .await?;
    Ok(SessionTemplateList {
        templates: templates.iter().map(template_dto).collect(),
    })
}

/// Replaces the office's weekly templates with `list` (validated against its opening
/// hours); returns them as stored.
pub async fn replace_templates(
    state: &AppState,
    principal: &OfficeAdmin,
    list: SessionTemplateList,
) -> Result<SessionTemplateList, Refusal> {
    let office_id = principal.office().to_owned();
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let stored = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                offices::lock(conn, &office_id)?;
                let office = offices::find(conn, &office_id)?.ok_or_else(|| {
                    anyhow::anyhow!("office {office_id} of a staff token is gone")
                })?;
                let mut fields = Fields::default();
                let week = fields.templates(
                    "templates",
                    &office.id,
                    &list.templates,
                    &office.opening_hours,
                );
                fields.finish()?;
                let week = week.unwrap_or_default();
                let before = SessionTemplateList {
                    templates: sessions::templates_of(conn, &office.id)?
                        .iter()
                        .map(template_dto)
                        .collect(),
                };
                sessions::replace_templates(conn, &office.id, &week)?;
                let after = SessionTemplateList {
                    templates: sessions::templates_of(conn, &office.id)?
                        .iter()
                        .map(template_dto)
                        .collect(),
                };
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "session_templates.replace",
                        object_type: "office",
                        object_id: &office.id,
                        before: Some(&before),
                        after: Some(&after),
                    },
                )?;
                Ok::<_, AdminError>(after)
            })
        })
        .await?;
    Ok(stored)
}
