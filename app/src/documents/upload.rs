//! Uploading a document: recognised from its content, written whole to the store, and
//! only then recorded, replacing (and afterwards removing) the file of the same kind.

use paspor_domain::{DocumentKind, MediaType};
use paspor_openapi::DocumentDto;
use paspor_persistence::documents::{self, DocumentRecord};
use paspor_persistence::{applications, write_transaction};

use super::DocumentError;
use super::access::{accepting, may_change};
use super::read::document_dto;
use crate::auth::Applicant;
use crate::state::AppState;

/// A document as recorded, and whether it replaced one of its kind.
#[derive(Debug, Clone)]
pub struct Uploaded {
    /// The document.
    pub document: DocumentDto,
    /// Whether a document of this kind was there before.
    pub replaced: bool,
}

/// Stores `content` as the caller's application's document of `kind`.
pub async fn upload_document(
    state: &AppState,
    principal: &Applicant,
    id: String,
    kind: DocumentKind,
    content: bytes::Bytes,
) -> Result<Uploaded, DocumentError> {
    let media_type = MediaType::sniff(&content).ok_or(DocumentError::UnsupportedType)?;
    let account = principal.account.clone();
    // Refusals first: a file is not written only to be thrown away.
    let (check_account, check_id) = (account.clone(), id.clone());
    state
        .db
        .call(move |conn| may_change(conn, &check_account, &check_id))
        .await?;

    let saved = state.documents.save(content, media_type).await?;
    let record = DocumentRecord {
        application_id: id.clone(),
        kind,
        media_type,
        size_bytes: saved.size,
        sha256: saved.sha256,
        storage_key: saved.key.clone(),
        uploaded_at: state.clock.now(),
    };
    let stored = record.clone();
    let recorded = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                // Checked again under the lock: the state may have moved since.
                let application = applications::lock_owned(conn, &account, &id)?
                    .ok_or(DocumentError::NotFound(None))?;
                accepting(&application)?;
                Ok::<_, DocumentError>(documents::put(conn, &application, &stored)?)
            })
        })
        .await;
    match recorded {
        Ok(replaced) => {
            let was_replaced = replaced.is_some();
            state
                .documents
                .discard(replaced.into_iter().collect())
                .await;
            Ok(Uploaded {
                document: document_dto(&record),
                replaced: was_replaced,
            })
        }
        Err(error) => {
            state.documents.discard(vec![saved.key]).await;
            Err(error)
        }
    }
}
