//! The check-in code the app shows as a QR code at the office on the day of the appointment.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A signed code naming the application, the office and the day, valid on that day only
/// (local midnight to local midnight at the office).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckInCodeDto {
    /// What the QR code holds: `<payload>.<signature>`, both base64url. Opaque to the app;
    /// the office checks its signature, office and day when scanning it.
    #[schema(
        pattern = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
        example = "djF8MDE5M2ExMTEtMjIyMi03MzMzLTg0NDQtNTU1NTY2NjY3Nzc3fDAxOTNhMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMXwyMDI2LTExLTI2.gvcMuBg4RPcL1C0ozEV2sBWfxLKiVwRruxmVIP2mAk0"
    )]
    pub code: String,
    /// The application it checks in.
    pub application_id: String,
    /// The office it is valid at.
    pub office_id: String,
    /// The appointment's date, in the office's calendar.
    #[schema(format = "date", example = "2026-11-26")]
    pub date: NaiveDate,
    /// When it starts being valid: local midnight at the office on `date`.
    pub valid_from: DateTime<Utc>,
    /// When it stops being valid (exclusive): the next local midnight at the office.
    pub valid_until: DateTime<Utc>,
}
