//! The wire form of a stored applicant, with what follows from it on the day it is read:
//! the age, and the NIK's disagreements with the birth date and sex.

use chrono::NaiveDate;
use paspor_domain::age_on;
use paspor_openapi::{ApplicantDto, NikWarningDto};
use paspor_persistence::applicants::ApplicantRecord;

/// The applicant as sent on `today`.
pub fn applicant_dto(record: ApplicantRecord, today: NaiveDate) -> ApplicantDto {
    let warnings = record
        .nik
        .cross_check(record.birth_date, record.sex)
        .iter()
        .map(NikWarningDto::from)
        .collect();
    ApplicantDto {
        // A birth date after today is refused on the way in; 0 only if the clock went back.
        age: age_on(record.birth_date, today).unwrap_or(0),
        warnings,
        id: record.id,
        nik: record.nik.into(),
        full_name: record.full_name,
        place_of_birth: record.place_of_birth,
        birth_date: record.birth_date,
        sex: record.sex.into(),
        address: record.address,
        father_name: record.father_name,
        mother_name: record.mother_name,
        marital_status: record.marital_status.into(),
        dual_citizen_child: record.dual_citizen_child,
        previous_passport_number: record.previous_passport_number,
        guardian_nik: record.guardian_nik.map(Into::into),
        created_at: record.created_at,
        updated_at: record.updated_at,
    }
}
