//! Who looked at an application's documents: the reads by office staff that
//! [`super::find_document`] records, as the applicant sees them (the office and when, not
//! the officer, whose account the record keeps for the audit).

use paspor_openapi::{DocumentReadDto, DocumentReadPage, PageQuery};
use paspor_persistence::{applications, document_reads};

use super::DocumentError;
use crate::auth::Applicant;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// A page of the reads of the caller's application's documents, oldest first; another
/// account's application is not found.
pub async fn list_document_reads(
    state: &AppState,
    principal: &Applicant,
    id: String,
    paging: PageQuery,
) -> Result<DocumentReadPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let account = principal.account.clone();
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (reads, total) = state
        .db
        .call(move |conn| {
            let owned = applications::owner_of(conn, &id)?.is_some_and(|owner| owner == account);
            if !owned {
                return Err(DocumentError::NotFound(None));
            }
            let total = document_reads::count_of(conn, &id)?;
            let reads = document_reads::list_of(conn, &id, offset, i64::from(per_page))?;
            Ok((reads, total))
        })
        .await?;
    Ok(DocumentReadPage {
        items: reads
            .into_iter()
            .map(|read| DocumentReadDto {
                kind: read.kind.into(),
                office_id: read.office_id,
                office_name: read.office_name,
                read_at: read.read_at,
            })
            .collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}
