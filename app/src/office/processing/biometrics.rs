//! Recording the photo and fingerprints captured for an application in review: the
//! references only (the biometric system keeps the data). A recapture replaces the earlier
//! one; the audit record shows both.

use chrono::{DateTime, Utc};
use paspor_domain::examination::BiometricCapture;
use paspor_openapi::{BiometricsRequest, OfficeApplicationDto};
use paspor_persistence::DbConnection;
use paspor_persistence::processing::biometrics::{self, BiometricsRecord};
use serde_json::json;

use super::ProcessingError;
use super::lookup::{AtOffice, locked_application_at, require_review};
use super::view::current_view;
use crate::audit::{self, Change};
use crate::office::OfficeStaff;
use crate::state::AppState;
use crate::write::Write;

/// What an audit record shows of a capture.
fn snapshot(record: &BiometricsRecord) -> serde_json::Value {
    json!({
        "photo_reference": record.capture.photo_reference,
        "fingerprints_reference": record.capture.fingerprints_reference,
        "station_id": record.capture.station_id,
        "captured_at": record.captured_at,
        "captured_by": record.captured_by,
    })
}

/// Inside a write transaction: records the capture.
fn capture(
    conn: &mut DbConnection,
    at: &AtOffice,
    id: &str,
    capture: BiometricCapture,
    now: DateTime<Utc>,
) -> Result<(), ProcessingError> {
    let record = locked_application_at(conn, &at.office, id)?;
    require_review(&record, "capturing biometrics")?;
    let stored = BiometricsRecord {
        application_id: id.to_owned(),
        capture,
        captured_at: now,
        captured_by: at.actor.account.clone(),
    };
    let earlier = biometrics::put(conn, &stored)?;
    audit::record(
        conn,
        &at.actor,
        now,
        Change {
            action: "application.biometrics",
            object_type: "application",
            object_id: id,
            before: earlier.as_ref().map(snapshot).as_ref(),
            after: Some(&snapshot(&stored)),
        },
    )?;
    Ok(())
}

/// Records the biometrics captured for one of the office's applications.
pub fn record_biometrics(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    request: BiometricsRequest,
) -> Result<Write<OfficeApplicationDto, ProcessingError>, ProcessingError> {
    let at = AtOffice::of(staff);
    let captured = BiometricCapture::parse(
        &request.photo_reference,
        &request.fingerprints_reference,
        &request.station_id,
    )
    .map_err(ProcessingError::Invalid)?;
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        capture(conn, &at, &id, captured, now)?;
        current_view(conn, &at.office, &id)
    }))
}
