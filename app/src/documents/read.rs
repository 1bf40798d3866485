//! Reading documents back: the list of an application's documents, and one document's
//! bytes with what its answer needs (type and checksum).

use paspor_domain::account::Role;
use paspor_domain::{DocumentKind, MediaType};
use paspor_openapi::{DocumentDto, DocumentList};
use paspor_persistence::document_reads::{self, DocumentRead};
use paspor_persistence::documents::{self, DocumentRecord};

use super::DocumentError;
use super::access::may_see;
use crate::auth::Principal;
use crate::state::AppState;

/// The wire form of a recorded document.
pub(super) fn document_dto(record: &DocumentRecord) -> DocumentDto {
    DocumentDto {
        kind: record.kind.into(),
        media_type: record.media_type.into(),
        size_bytes: record.size_bytes,
        sha256: record.sha256.clone(),
        uploaded_at: record.uploaded_at,
    }
}

/// The documents of an application the caller may see.
pub async fn list_documents(
    state: &AppState,
    principal: &Principal,
    id: String,
) -> Result<DocumentList, DocumentError> {
    let principal = principal.clone();
    state
        .db
        .call(move |conn| {
            may_see(conn, &principal, &id)?;
            let records = documents::list(conn, &id)?;
            Ok(DocumentList {
                items: records.iter().map(document_dto).collect(),
            })
        })
        .await
}

/// The record of one document of an application the caller may see, without its content
/// (enough to answer a conditional request).
///
/// A read by office staff is recorded in the same call, for the applicant to see (see
/// `reads.rs`): whether the content is then sent or the reader's copy is still current
/// (304), the office has the document before it. The applicant's own reads are not.
pub async fn find_document(
    state: &AppState,
    principal: &Principal,
    id: String,
    kind: DocumentKind,
) -> Result<DocumentRecord, DocumentError> {
    let principal = principal.clone();
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            may_see(conn, &principal, &id)?;
            let record =
                documents::find(conn, &id, kind)?.ok_or(DocumentError::NotFound(Some(kind)))?;
            // `may_see` admitted staff only with the office the application is booked at.
            if let (Role::Officer | Role::OfficeAdmin, Some(office)) =
                (principal.role, &principal.office)
            {
                document_reads::record(
                    conn,
                    &DocumentRead {
                        application_id: id,
                        kind,
                        office_id: office.clone(),
                        staff_account_id: principal.account.clone(),
                        read_at: now,
                    },
                )?;
            }
            Ok(record)
        })
        .await
}

/// A document's content and the type it is served as.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    /// Its type.
    pub media_type: MediaType,
    /// The bytes, as uploaded.
    pub content: Vec<u8>,
}

/// The content of a document found with [`find_document`].
pub async fn fetch_document(
    state: &AppState,
    record: DocumentRecord,
) -> Result<DocumentFile, DocumentError> {
    let content = state.documents.read(record.storage_key.clone()).await?;
    // Served with the recorded length: a file changed behind the store's back would
    // otherwise break the answer half-way.
    if content.len() as u64 != record.size_bytes {
        return Err(DocumentError::Internal(anyhow::anyhow!(
            "document file {} holds {} bytes, {} recorded",
            record.storage_key,
            content.len(),
            record.size_bytes
        )));
    }
    Ok(DocumentFile {
        media_type: record.media_type,
        content,
    })
}
