//! Access and copy: a signed-in person asks for a copy of everything the service holds
//! about their account and the people on it, follows its progress, and downloads it as a
//! ZIP archive (`data.json` and the document files) for 7 days.
//!
//! Asking while an export is in progress answers that export again, so that a person who
//! taps twice gets one. The archive is built by a background job ([`build_next`]) that any
//! api process may run, and kept in the database so that any process can serve it.

mod archive;
mod build;
mod sections;

use paspor_openapi::{DataExportDto, ExportProgressDto, ExportStateDto};
use paspor_persistence::accounts::users;
use paspor_persistence::exports::{self, ExportRecord};

pub use build::{BuildPass, build_next, expire_archives};

use super::PrivacyError;
use crate::auth::Applicant;
use crate::state::AppState;
use crate::write::Write;

/// A new export of the caller's data, or the one already in progress.
pub fn request_export(
    state: &AppState,
    principal: &Applicant,
) -> Write<DataExportDto, PrivacyError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    Write::new(move |conn| {
        // Under the account's lock: requests at once see each other's export.
        if users::lock_open(conn, &account)?.skipped() {
            return Err(PrivacyError::AccountClosed);
        }
        if let Some(current) = exports::in_progress(conn, &account)? {
            return Ok(export_dto(current));
        }
        Ok(export_dto(exports::insert(conn, &account, now)?))
    })
}

/// The caller's export `id`.
pub async fn show_export(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<DataExportDto, PrivacyError> {
    let account = principal.account.clone();
    state
        .db
        .call(move |conn| {
            exports::find_owned(conn, &account, &id)?
                .map(export_dto)
                .ok_or(PrivacyError::ExportNotFound)
        })
        .await
}

/// The ZIP archive of the caller's ready export `id`.
pub async fn download_export(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<Vec<u8>, PrivacyError> {
    let account = principal.account.clone();
    state
        .db
        .call(move |conn| {
            let export =
                exports::find_owned(conn, &account, &id)?.ok_or(PrivacyError::ExportNotFound)?;
            if let Some(archive) = exports::archive_of(conn, &account, &id)? {
                return Ok(archive);
            }
            Err(PrivacyError::ExportNotReady(state_of(&export.state).code()))
        })
        .await
}

/// The file name a downloaded archive is offered under.
pub fn archive_file_name(id: &str) -> String {
    format!("paspor-data-{id}.zip")
}

fn state_of(code: &str) -> ExportStateDto {
    match code {
        exports::PENDING => ExportStateDto::Pending,
        exports::BUILDING => ExportStateDto::Building,
        exports::READY => ExportStateDto::Ready,
        exports::EXPIRED => ExportStateDto::Expired,
        _ => ExportStateDto::Failed,
    }
}

trait StateCode {
    fn code(self) -> &'static str;
}

impl StateCode for ExportStateDto {
    fn code(self) -> &'static str {
        match self {
            ExportStateDto::Pending => exports::PENDING,
            ExportStateDto::Building => exports::BUILDING,
            ExportStateDto::Ready => exports::READY,
            ExportStateDto::Failed => exports::FAILED,
            ExportStateDto::Expired => exports::EXPIRED,
        }
    }
}

fn export_dto(record: ExportRecord) -> DataExportDto {
    let state = state_of(&record.state);
    let ready = state == ExportStateDto::Ready;
    DataExportDto {
        archive_url: ready.then(|| format!("/v1/me/exports/{}/archive", record.id)),
        id: record.id,
        state,
        progress: ExportProgressDto {
            done: u32::try_from(record.steps_done).unwrap_or(0),
            total: u32::try_from(record.steps_total).unwrap_or(0),
        },
        requested_at: record.requested_at,
        ready_at: record.ready_at,
        expires_at: record.expires_at,
        archive_bytes: record
            .archive_bytes
            .filter(|_| ready)
            .and_then(|bytes| u64::try_from(bytes).ok()),
    }
}
