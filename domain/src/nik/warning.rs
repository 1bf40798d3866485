//! Warnings from comparing a NIK with the applicant's declared data.
//!
//! They go to the officer, who decides: a mismatch is not a rejection, since real NIKs with
//! mismatches exist (late registration, clerical errors at the civil registry).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Sex;

/// A difference between what the NIK encodes and what the applicant declared.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NikWarning {
    BirthDateMismatch {
        /// The encoded date, `DD-MM-YY` (the women's 40 removed).
        nik: String,
        declared: NaiveDate,
    },
    SexMismatch {
        nik: Sex,
        declared: Sex,
    },
}

impl NikWarning {
    /// Stable code of the warning.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::BirthDateMismatch { .. } => "birth_date_mismatch",
            Self::SexMismatch { .. } => "sex_mismatch",
        }
    }

    /// A sentence for the officer.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::BirthDateMismatch { nik, declared } => format!(
                "the NIK encodes the birth date {nik} (DD-MM-YY) but the declared birth date \
                 is {}",
                declared.format("%d-%m-%Y")
            ),
            Self::SexMismatch { nik, declared } => {
                format!("the NIK encodes the sex {nik} but the declared sex is {declared}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages() {
        let w = NikWarning::BirthDateMismatch {
            nik: "12-05-90".to_owned(),
            declared: NaiveDate::from_ymd_opt(1991, 5, 12).unwrap(),
        };
        assert_eq!(w.code(), "birth_date_mismatch");
        assert_eq!(
            w.message(),
            "the NIK encodes the birth date 12-05-90 (DD-MM-YY) but the declared birth date \
             is 12-05-1991"
        );
        let w = NikWarning::SexMismatch {
            nik: Sex::Female,
            declared: Sex::Male,
        };
        assert_eq!(w.code(), "sex_mismatch");
        assert_eq!(
            w.message(),
            "the NIK encodes the sex female but the declared sex is male"
        );
    }
}
