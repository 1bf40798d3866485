//! Documents on the wire: what the list of an application's documents says of each. The
//! files themselves travel as raw bytes (`PUT` and `GET` of one document), not as JSON.

use chrono::{DateTime, Utc};
use paspor_domain::MediaType;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::DocumentKindDto;

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

/// An application's documents, one per kind at most, in a fixed order of kinds
/// (`identity_card`, `family_card`, `birth_certificate`, `diploma`, `marriage_book`). There
/// are never more than five, so the list is not paged.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentList {
    /// The documents uploaded so far.
    pub items: Vec<DocumentDto>,
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
