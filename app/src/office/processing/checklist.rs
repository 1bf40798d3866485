//! The document checklist of one of the office's applications, as the applicant sees it
//! (walk-ins included, whose documents are shown at the counter rather than uploaded): what
//! the person must bring, the rule the document check holds the officer to.

use paspor_openapi::DocumentChecklistDto;

use super::ProcessingError;
use super::lookup::{AtOffice, application_at, office_today};
use crate::documents::checklist::{
    checklist_dto, document_case, facts_of, judged_on, uploaded_kinds,
};
use crate::locale::Language;
use crate::office::OfficeStaff;
use crate::state::AppState;

/// The checklist of one of the office's applications, in `language`.
pub async fn show_document_checklist(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    language: Language,
) -> Result<DocumentChecklistDto, ProcessingError> {
    let at = AtOffice::of(staff);
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            let record = application_at(conn, &at.office, &id)?;
            let (_, today) = office_today(conn, &at.office, now)?;
            let facts = facts_of(conn, &record)?;
            let uploaded = uploaded_kinds(conn, &id)?;
            let on = judged_on(conn, &id, today)?;
            let case = document_case(&record, &facts, on);
            Ok(checklist_dto(id, &case, &uploaded, language))
        })
        .await
}
