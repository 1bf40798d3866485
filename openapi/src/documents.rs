//! Documents on the wire: what the list of an application's documents says of each, and
//! the checklist of what the person must bring. The files themselves travel as raw bytes
//! (`PUT` and `GET` of one document), not as JSON.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::MediaType;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::{ApplicantGroupDto, DocumentKindDto, DocumentNeedDto, DocumentPurposeDto};

/// A document's type, as recognised from its content (never from a header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum DocumentMediaTypeDto {
    /// A JPEG image.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// A PNG image.
    #[serde(rename = "image/png")]
    Png,
    /// A PDF document.
    #[serde(rename = "application/pdf")]
    Pdf,
}

impl From<MediaType> for DocumentMediaTypeDto {
    fn from(value: MediaType) -> Self {
        match value {
            MediaType::Jpeg => DocumentMediaTypeDto::Jpeg,
            MediaType::Png => DocumentMediaTypeDto::Png,
            MediaType::Pdf => DocumentMediaTypeDto::Pdf,
        }
    }
}

/// One document of an application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentDto {
    /// What it is.
    pub kind: DocumentKindDto,
    /// Its type; the `Content-Type` it is served with.
    pub media_type: DocumentMediaTypeDto,
    /// Its length in bytes.
    #[schema(example = 284_113)]
    pub size_bytes: u64,
    /// The SHA-256 of its content, lowercase hex; also its `ETag`.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
    /// When it was uploaded (a replacement counts anew).
    pub uploaded_at: DateTime<Utc>,
}

/// An application's documents, one per kind at most, in the fixed order of the kinds'
/// schema (`identity_card`, `family_card`, `birth_certificate`, ...). There are never more
/// than the eleven kinds, so the list is not paged.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentList {
    /// The documents uploaded so far.
    pub items: Vec<DocumentDto>,
}

/// A read of one of the application's documents by the staff of an office: which office,
/// which document, when. The officer is not named (the office answers for its staff; the
/// audit keeps who).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentReadDto {
    /// Which document was read.
    pub kind: DocumentKindDto,
    /// The office whose officer or office admin read it.
    pub office_id: String,
    /// That office's name.
    #[schema(example = "Kantor Imigrasi Kelas I TPI Jakarta Selatan")]
    pub office_name: String,
    /// When.
    pub read_at: DateTime<Utc>,
}

/// Who looked at an application's documents, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentReadPage {
    /// The reads of this page.
    pub items: Vec<DocumentReadDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many reads there are in all.
    pub total: u64,
}

/// The language of a checklist's labels and hints: Indonesian (`id`, the default) or
/// English (`en`), as negotiated from `Accept-Language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LanguageDto {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

/// One thing the person must (or may be asked to) bring, met by one document of its kinds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentChecklistItemDto {
    /// What it is for.
    pub purpose: DocumentPurposeDto,
    /// Required, or optional (the office may ask for it).
    pub requirement: DocumentNeedDto,
    /// The usual kind: what to upload.
    pub kind: DocumentKindDto,
    /// Kinds taken in its place (e.g. a diploma or marriage book for a birth certificate);
    /// empty for most.
    pub alternatives: Vec<DocumentKindDto>,
    /// Whether a document of `kind` or of an alternative is uploaded.
    pub uploaded: bool,
    /// The kind uploaded that meets it (the usual one first); null while none is.
    pub uploaded_kind: Option<DocumentKindDto>,
    /// Required and not uploaded.
    pub missing: bool,
    /// The document's name, in `language`.
    #[schema(example = "Akta Kelahiran")]
    pub label: String,
    /// What it must show or why it is asked for, in `language`.
    pub hint: String,
}

/// What the person must bring for this application, what is uploaded and what is missing.
/// The machine fields (codes, booleans) are the same in every language; `label`, `hint` and
/// `summary` are in `language`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentChecklistDto {
    /// The application's id.
    pub application_id: String,
    /// Whose documents are asked for.
    pub applicant_group: ApplicantGroupDto,
    /// The day the applicant's age is taken on: the appointment's date once booked (for the
    /// applicant and the office alike), else today (WIB; the office's today for its staff).
    pub as_of: NaiveDate,
    /// Nothing required is missing.
    pub complete: bool,
    /// The usual kind of each item missing, in order; empty when complete.
    pub missing: Vec<DocumentKindDto>,
    /// The language of the texts (also `Content-Language`).
    pub language: LanguageDto,
    /// One sentence on where the checklist stands, in `language`.
    pub summary: String,
    /// What to bring, in the order the office checks it.
    pub items: Vec<DocumentChecklistItemDto>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_their_mime_names_on_the_wire() {
        for media in MediaType::ALL {
            let wire = serde_json::to_value(DocumentMediaTypeDto::from(media)).unwrap();
            assert_eq!(wire, media.as_str());
        }
    }
}
