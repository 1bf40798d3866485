//! Corrections of an applicant's data, as the history shows them: which fields changed,
//! by whom (the person, or an officer of an office), when and why. The person corrects
//! contact data always and identity data until the office checked it
//! ([`paspor_domain::privacy::self_correction`]); after that an officer of the office
//! holding the application corrects it (`crate::office::corrections`).

use paspor_domain::privacy::Corrector;
use paspor_openapi::{CorrectionDto, CorrectionList, CorrectorDto};
use paspor_persistence::applicants::{self, ApplicantRecord, NewApplicant};
use paspor_persistence::corrections::{self, CorrectionRecord};

use super::ApplicantError;
use crate::auth::Applicant;
use crate::state::AppState;

/// The names of the fields `next` changes of `current`, in the order of the schema.
pub fn changed_fields(current: &ApplicantRecord, next: &NewApplicant) -> Vec<&'static str> {
    let differs = [
        ("nik", current.nik != next.nik),
        ("full_name", current.full_name != next.full_name),
        (
            "place_of_birth",
            current.place_of_birth != next.place_of_birth,
        ),
        ("birth_date", current.birth_date != next.birth_date),
        ("sex", current.sex != next.sex),
        ("address", current.address != next.address),
        ("father_name", current.father_name != next.father_name),
        ("mother_name", current.mother_name != next.mother_name),
        (
            "marital_status",
            current.marital_status != next.marital_status,
        ),
        (
            "dual_citizen_child",
            current.dual_citizen_child != next.dual_citizen_child,
        ),
        (
            "previous_passport_number",
            current.previous_passport_number != next.previous_passport_number,
        ),
        ("guardian_nik", current.guardian_nik != next.guardian_nik),
    ];
    differs
        .into_iter()
        .filter_map(|(field, changed)| changed.then_some(field))
        .collect()
}

/// The corrections of the caller's applicant `id`, oldest first.
pub async fn list_corrections(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<CorrectionList, ApplicantError> {
    let account = principal.account.clone();
    let records = state
        .db
        .call(move |conn| {
            if applicants::find_owned(conn, &account, &id)?.is_none() {
                return Err(ApplicantError::NotFound);
            }
            Ok(corrections::of_applicant(conn, &id)?)
        })
        .await?;
    Ok(CorrectionList {
        items: records.into_iter().map(correction_dto).collect(),
    })
}

/// A correction on the wire.
pub fn correction_dto(record: CorrectionRecord) -> CorrectionDto {
    CorrectionDto {
        id: record.id,
        fields: record.fields,
        corrected_by: if record.corrected_by == Corrector::Officer.as_str() {
            CorrectorDto::Officer
        } else {
            CorrectorDto::Person
        },
        office_id: record.office_id,
        reason: record.reason,
        at: record.at,
    }
}
