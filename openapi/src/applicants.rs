//! Applicants on the wire: the people an account applies for (the holder and family
//! members), as they are added, changed and read back with their age and NIK warnings.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::NikWarning;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::enums::{MaritalStatusDto, SexDto};

/// A person to apply for. A child under 17 needs the NIK of a parent or guardian.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantCreateRequest {
    /// The identity number (NIK): 16 digits. A birth date or sex that differs from what
    /// the NIK encodes is accepted, with a warning.
    #[schema(
        pattern = "^[0-9]{16}$",
        min_length = 16,
        max_length = 16,
        example = "3171011505900001"
    )]
    pub nik: String,
    /// The full name as on the identity card.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Budi Santoso"
    )]
    pub full_name: String,
    /// Where the person was born.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Jakarta"
    )]
    pub place_of_birth: String,
    /// The birth date, not in the future.
    #[schema(format = "date", example = "1990-05-15")]
    pub birth_date: NaiveDate,
    /// Sex as on the identity card.
    pub sex: SexDto,
    /// The address as on the identity card.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Jl. Merdeka No. 1, RT 001/RW 002, Gambir, Jakarta Pusat"
    )]
    pub address: String,
    /// The father's full name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Slamet Santoso"
    )]
    pub father_name: String,
    /// The mother's full name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Sri Wahyuni"
    )]
    pub mother_name: String,
    /// Marital status.
    pub marital_status: MaritalStatusDto,
    /// A child with limited dual citizenship (anak berkewarganegaraan ganda).
    pub dual_citizen_child: bool,
    /// The number of the person's previous passport, if there was one.
    #[schema(pattern = "^[A-Z0-9]{1,20}$", max_length = 20, example = "C1234567")]
    pub previous_passport_number: Option<String>,
    /// The NIK of a parent or guardian: required under 17.
    #[schema(
        pattern = "^[0-9]{16}$",
        min_length = 16,
        max_length = 16,
        example = "3171015505650002"
    )]
    pub guardian_nik: Option<String>,
}

/// Changes to an applicant: absent (or `null`) fields stay as they are, except
/// `previous_passport_number` and `guardian_nik`, which `null` clears. The result is
/// checked as a whole, as on creation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantPatch {
    /// A new identity number (NIK).
    #[schema(pattern = "^[0-9]{16}$", min_length = 16, max_length = 16)]
    pub nik: Option<String>,
    /// A new full name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub full_name: Option<String>,
    /// A new place of birth.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub place_of_birth: Option<String>,
    /// A new birth date.
    #[schema(format = "date")]
    pub birth_date: Option<NaiveDate>,
    /// A new sex.
    pub sex: Option<SexDto>,
    /// A new address.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub address: Option<String>,
    /// A new father's name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub father_name: Option<String>,
    /// A new mother's name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub mother_name: Option<String>,
    /// A new marital status.
    pub marital_status: Option<MaritalStatusDto>,
    /// Whether the person is a child with limited dual citizenship.
    pub dual_citizen_child: Option<bool>,
    /// A new previous passport number, or `null` for none.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(
        value_type = Option<String>,
        pattern = "^[A-Z0-9]{1,20}$",
        max_length = 20
    )]
    pub previous_passport_number: Option<Option<String>>,
    /// A new guardian's NIK, or `null` for none (refused while the person is under 17).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(
        value_type = Option<String>,
        pattern = "^[0-9]{16}$",
        min_length = 16,
        max_length = 16
    )]
    pub guardian_nik: Option<Option<String>>,
}

/// Tells a field sent as `null` (`Some(None)`) from one left out (`None`, by `default`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A person the account applies for.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicantDto {
    /// The applicant's id.
    pub id: String,
    /// The identity number (NIK).
    #[schema(pattern = "^[0-9]{16}$", example = "3171011505900001")]
    pub nik: String,
    /// The full name.
    pub full_name: String,
    /// The place of birth.
    pub place_of_birth: String,
    /// The birth date.
    #[schema(format = "date")]
    pub birth_date: NaiveDate,
    /// Age in whole years today (in Western Indonesia's calendar).
    #[schema(example = 36)]
    pub age: u32,
    /// Sex.
    pub sex: SexDto,
    /// The address.
    pub address: String,
    /// The father's full name.
    pub father_name: String,
    /// The mother's full name.
    pub mother_name: String,
    /// Marital status.
    pub marital_status: MaritalStatusDto,
    /// A child with limited dual citizenship.
    pub dual_citizen_child: bool,
    /// The previous passport's number; null when there was none.
    pub previous_passport_number: Option<String>,
    /// The NIK of a parent or guardian; null when none was given.
    pub guardian_nik: Option<String>,
    /// Where the NIK disagrees with the birth date or sex given: for the officer to look
    /// at, not a refusal. Empty when they agree.
    pub warnings: Vec<NikWarningDto>,
    /// When the applicant was added.
    pub created_at: DateTime<Utc>,
    /// When the applicant last changed.
    pub updated_at: DateTime<Utc>,
}

/// What a NIK warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NikWarningCodeDto {
    /// The NIK encodes another birth date (day, month and two-digit year).
    BirthDateMismatch,
    /// The NIK encodes the other sex (40 is added to the day for women).
    SexMismatch,
}

/// A difference between the NIK and the data given with it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "code": "sex_mismatch",
    "message": "the NIK encodes the sex male but the declared sex is female"
}))]
pub struct NikWarningDto {
    /// Which difference, for programs.
    pub code: NikWarningCodeDto,
    /// The difference explained, for people.
    pub message: String,
}

impl From<&NikWarning> for NikWarningDto {
    fn from(warning: &NikWarning) -> Self {
        NikWarningDto {
            code: match warning {
                NikWarning::BirthDateMismatch { .. } => NikWarningCodeDto::BirthDateMismatch,
                NikWarning::SexMismatch { .. } => NikWarningCodeDto::SexMismatch,
            },
            message: warning.message(),
        }
    }
}

/// A page of the account's applicants, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicantPage {
    /// The applicants of this page.
    pub items: Vec<ApplicantDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many applicants the account has in all.
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use paspor_domain::{Nik, Sex};

    #[test]
    fn a_patch_tells_null_from_absent() {
        let patch: ApplicantPatch =
            serde_json::from_str(r#"{"guardian_nik": null, "full_name": "Budi"}"#).unwrap();
        assert_eq!(patch.guardian_nik, Some(None));
        assert_eq!(patch.previous_passport_number, None);
        assert_eq!(patch.full_name.as_deref(), Some("Budi"));
        let patch: ApplicantPatch =
            serde_json::from_str(r#"{"previous_passport_number": "C1234567"}"#).unwrap();
        assert_eq!(
            patch.previous_passport_number,
            Some(Some("C1234567".to_owned()))
        );
        assert!(serde_json::from_str::<ApplicantPatch>(r#"{"destination": "JP"}"#).is_err());
    }

    #[test]
    fn warning_codes_are_the_domain_codes() {
        let nik = Nik::parse("3171011505900001").unwrap();
        let date = NaiveDate::from_ymd_opt(1991, 5, 15).unwrap();
        for warning in nik.cross_check(date, Sex::Female) {
            let dto = NikWarningDto::from(&warning);
            assert_eq!(serde_json::to_value(dto.code).unwrap(), warning.code());
            assert_eq!(dto.message, warning.message());
        }
    }
}
