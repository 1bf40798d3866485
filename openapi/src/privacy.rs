//! The person's own data on the wire (UU PDP): consents, corrections of applicants' data,
//! and exports (a copy of everything the service holds about the account).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ApplicantPatch;

wire_enum! {
    /// What a consent is about: the privacy notice agreed to at registration, or notices
    /// by WhatsApp (optional, withdrawable).
    ConsentPurposeDto => paspor_domain::privacy::ConsentPurpose {
        PrivacyNotice, WhatsApp = "whatsapp"
    }
}

/// One consent: given at `granted_at` to `version` of the text, and withdrawn at
/// `withdrawn_at` if it was. Withdrawn records are kept: they are the history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConsentDto {
    /// What was agreed to.
    pub purpose: ConsentPurposeDto,
    /// The version of the privacy notice in force when it was given.
    #[schema(example = "2026-12-01")]
    pub version: String,
    /// When it was given.
    pub granted_at: DateTime<Utc>,
    /// When it was withdrawn; absent while it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// A page of the account's consents, newest first, standing and withdrawn.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConsentPage {
    /// The consents of this page.
    pub items: Vec<ConsentDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many consent records the account has in all.
    pub total: u64,
}

/// Who made a correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CorrectorDto {
    /// The account holder.
    #[serde(rename = "self")]
    Person,
    /// An officer of the office named.
    Officer,
}

/// One correction of an applicant's data: which fields changed, by whom, when and why. The
/// values are not repeated here: the applicant shows the current ones.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CorrectionDto {
    /// The correction's id.
    pub id: String,
    /// The names of the fields changed.
    #[schema(example = json!(["full_name", "address"]))]
    pub fields: Vec<String>,
    /// The person or an officer.
    pub corrected_by: CorrectorDto,
    /// The office whose officer corrected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_id: Option<String>,
    /// Why, as the officer wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// The corrections of one applicant, oldest first (a handful at most: each is a change of
/// identity or contact data).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CorrectionList {
    /// The corrections.
    pub items: Vec<CorrectionDto>,
}

/// An officer's correction of an applicant's data: the fields to change and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeCorrectionRequest {
    /// The fields to change, as on `PATCH /v1/applicants/{id}`.
    pub changes: ApplicantPatch,
    /// Why: what the officer saw (the document that shows the right value), 1 to 500
    /// characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "KTP shows the name as Siti Rahayu"
    )]
    pub reason: String,
}

/// Where an export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportStateDto {
    /// Asked for; waiting to be built.
    Pending,
    /// Being built: see `progress`.
    Building,
    /// The archive can be downloaded until `expires_at`.
    Ready,
    /// Building failed; ask for a new export.
    Failed,
    /// The archive was deleted after 7 days; ask for a new export.
    Expired,
}

/// How far the build is: one step per section of data and one per document file.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct ExportProgressDto {
    /// Steps done.
    pub done: u32,
    /// Steps in all; 0 until the build has counted them.
    pub total: u32,
}

/// A copy of everything the service holds about the account and the people on it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DataExportDto {
    /// The export's id.
    pub id: String,
    /// Where it stands.
    pub state: ExportStateDto,
    /// How far the build is.
    pub progress: ExportProgressDto,
    /// When it was asked for.
    pub requested_at: DateTime<Utc>,
    /// When the archive was ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_at: Option<DateTime<Utc>>,
    /// When the archive is (or was) deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// The archive's size in bytes, once ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_bytes: Option<u64>,
    /// Where to download the archive (a ZIP), once ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "/v1/me/exports/0190d6b2-7c1e-7000-8000-000000000000/archive")]
    pub archive_url: Option<String>,
}
