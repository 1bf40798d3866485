//! Checking an applicant's data as a whole, collecting every problem so that a client
//! learns all of them from one answer. A creation is checked as given; a change is laid
//! over the stored applicant and the result checked the same way, so that no sequence of
//! changes can reach what a creation would refuse.

use chrono::NaiveDate;
use paspor_domain::{MaritalStatus, Nik, NikError, Sex, needs_guardian};
use paspor_openapi::{ApplicantCreateRequest, ApplicantPatch};
use paspor_persistence::applicants::{ApplicantRecord, NewApplicant};

use super::ApplicantError;
use crate::locale::{Message, Text};
use crate::said::field;

/// The longest name, place or address accepted.
const MAX_TEXT_CHARS: usize = 200;

/// The longest previous passport number accepted.
const MAX_PASSPORT_NUMBER_CHARS: usize = 20;

/// An applicant's data before it is checked.
#[derive(Debug, Clone)]
pub struct Draft {
    nik: String,
    full_name: String,
    place_of_birth: String,
    birth_date: NaiveDate,
    sex: Sex,
    address: String,
    father_name: String,
    mother_name: String,
    marital_status: MaritalStatus,
    dual_citizen_child: bool,
    previous_passport_number: Option<String>,
    guardian_nik: Option<String>,
}

impl From<ApplicantCreateRequest> for Draft {
    fn from(request: ApplicantCreateRequest) -> Self {
        Draft {
            nik: request.nik,
            full_name: request.full_name,
            place_of_birth: request.place_of_birth,
            birth_date: request.birth_date,
            sex: request.sex.into(),
            address: request.address,
            father_name: request.father_name,
            mother_name: request.mother_name,
            marital_status: request.marital_status.into(),
            dual_citizen_child: request.dual_citizen_child,
            previous_passport_number: request.previous_passport_number,
            guardian_nik: request.guardian_nik,
        }
    }
}

impl Draft {
    /// The stored applicant with `patch` laid over it.
    pub fn patched(current: ApplicantRecord, patch: ApplicantPatch) -> Draft {
        Draft {
            nik: patch.nik.unwrap_or_else(|| current.nik.into()),
            full_name: patch.full_name.unwrap_or(current.full_name),
            place_of_birth: patch.place_of_birth.unwrap_or(current.place_of_birth),
            birth_date: patch.birth_date.unwrap_or(current.birth_date),
            sex: patch.sex.map_or(current.sex, Into::into),
            address: patch.address.unwrap_or(current.address),
            father_name: patch.father_name.unwrap_or(current.father_name),
            mother_name: patch.mother_name.unwrap_or(current.mother_name),
            marital_status: patch
                .marital_status
                .map_or(current.marital_status, Into::into),
            dual_citizen_child: patch
                .dual_citizen_child
                .unwrap_or(current.dual_citizen_child),
            previous_passport_number: patch
                .previous_passport_number
                .unwrap_or(current.previous_passport_number),
            guardian_nik: patch
                .guardian_nik
                .unwrap_or_else(|| current.guardian_nik.map(Into::into)),
        }
    }
}

/// The problems found so far: values that break the published schema, and values it
/// accepts that a rule refuses.
#[derive(Debug, Default)]
struct Fields {
    problems: Vec<(String, Text)>,
    rules: Vec<(String, Text)>,
}

impl Fields {
    fn refuse(&mut self, field: &str, reason: impl Into<Text>) {
        self.problems.push((field.to_owned(), reason.into()));
    }

    fn refuse_by_rule(&mut self, field: &str, reason: impl Into<Text>) {
        self.rules.push((field.to_owned(), reason.into()));
    }

    /// A NIK, strictly: exactly 16 digits (the schema's pattern) that decode (a rule:
    /// region codes, a real birth date, a serial).
    fn nik(&mut self, field: &str, value: &str) -> Option<Nik> {
        Nik::parse(value)
            .map_err(|error| match error {
                NikError::Length { .. } | NikError::NonDigit => self.refuse(field, error),
                _ => self.refuse_by_rule(field, error),
            })
            .ok()
    }

    /// A name, place or address: 1 to 200 characters (counted as sent), not only
    /// whitespace, no control characters (the schema's `TEXT_PATTERN`); stored trimmed.
    fn text(&mut self, field: &str, value: &str) -> Option<String> {
        let text = value.trim();
        if text.is_empty() {
            self.refuse(field, field::empty());
            None
        } else if value.chars().count() > MAX_TEXT_CHARS {
            self.refuse(field, field::too_long(MAX_TEXT_CHARS));
            None
        } else if text.chars().any(char::is_control) {
            self.refuse(field, field::control_characters());
            None
        } else {
            Some(text.to_owned())
        }
    }

    /// A passport number as printed: 1 to 20 upper-case letters and digits.
    fn passport_number(&mut self, field: &str, value: &str) -> Option<String> {
        let well_formed = (1..=MAX_PASSPORT_NUMBER_CHARS).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if well_formed {
            Some(value.to_owned())
        } else {
            self.refuse(
                field,
                Message::new("passport-number-form").with("max", MAX_PASSPORT_NUMBER_CHARS),
            );
            None
        }
    }
}

/// Checks every field of `draft` on `today`, the date ages are counted on.
pub fn check(draft: Draft, today: NaiveDate) -> Result<NewApplicant, ApplicantError> {
    let mut fields = Fields::default();
    let nik = fields.nik("nik", &draft.nik);
    let full_name = fields.text("full_name", &draft.full_name);
    let place_of_birth = fields.text("place_of_birth", &draft.place_of_birth);
    let address = fields.text("address", &draft.address);
    let father_name = fields.text("father_name", &draft.father_name);
    let mother_name = fields.text("mother_name", &draft.mother_name);
    let born = draft.birth_date <= today;
    if !born {
        fields.refuse_by_rule("birth_date", Message::new("field-in-future"));
    }
    let previous_passport_number = draft
        .previous_passport_number
        .as_deref()
        .and_then(|number| fields.passport_number("previous_passport_number", number));
    let guardian_nik = match draft.guardian_nik.as_deref() {
        Some(value) => fields.nik("guardian_nik", value),
        // Only a real birth date says whether this is a child.
        None if born && needs_guardian(draft.birth_date, today) => {
            fields.refuse_by_rule("guardian_nik", Message::new("guardian-required"));
            None
        }
        None => None,
    };
    if guardian_nik.is_some() && guardian_nik == nik {
        fields.refuse_by_rule("guardian_nik", Message::new("guardian-not-self"));
    }
    let (
        true,
        Some(nik),
        Some(full_name),
        Some(place_of_birth),
        Some(address),
        Some(father_name),
        Some(mother_name),
    ) = (
        fields.problems.is_empty() && fields.rules.is_empty(),
        nik,
        full_name,
        place_of_birth,
        address,
        father_name,
        mother_name,
    )
    else {
        return Err(if fields.problems.is_empty() {
            ApplicantError::Rejected(fields.rules)
        } else {
            fields.problems.append(&mut fields.rules);
            ApplicantError::Invalid(fields.problems)
        });
    };
    Ok(NewApplicant {
        nik,
        full_name,
        place_of_birth,
        birth_date: draft.birth_date,
        sex: draft.sex,
        address,
        father_name,
        mother_name,
        marital_status: draft.marital_status,
        dual_citizen_child: draft.dual_citizen_child,
        previous_passport_number,
        guardian_nik,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The test server's date.
    fn today() -> NaiveDate {
        d(2026, 11, 25)
    }

    fn adult() -> Draft {
        Draft {
            nik: "3171011505900001".to_owned(),
            full_name: "  Budi Santoso ".to_owned(),
            place_of_birth: "Jakarta".to_owned(),
            birth_date: d(1990, 5, 15),
            sex: Sex::Male,
            address: "Jl. Merdeka No. 1".to_owned(),
            father_name: "Slamet".to_owned(),
            mother_name: "Sri".to_owned(),
            marital_status: MaritalStatus::Married,
            dual_citizen_child: false,
            previous_passport_number: None,
            guardian_nik: None,
        }
    }

    fn refused(draft: Draft) -> Vec<String> {
        match check(draft, today()) {
            Err(ApplicantError::Invalid(problems) | ApplicantError::Rejected(problems)) => {
                problems.into_iter().map(|(field, _)| field).collect()
            }
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn good_data_passes_trimmed() {
        let checked = check(adult(), today()).unwrap();
        assert_eq!(checked.full_name, "Budi Santoso");
        assert_eq!(checked.nik.as_str(), "3171011505900001");
    }

    #[test]
    fn every_problem_is_collected() {
        let draft = Draft {
            nik: "317101150590000".to_owned(),
            full_name: " ".to_owned(),
            place_of_birth: "a".repeat(201),
            birth_date: d(2026, 11, 26),
            address: "Jl.\u{0}".to_owned(),
            previous_passport_number: Some("c123".to_owned()),
            guardian_nik: Some("x".to_owned()),
            ..adult()
        };
        assert_eq!(
            refused(draft),
            [
                "nik",
                "full_name",
                "place_of_birth",
                "address",
                "previous_passport_number",
                "guardian_nik",
                // Refused by a rule: listed after what breaks the schema.
                "birth_date",
            ]
        );
    }

    #[test]
    fn a_child_needs_a_guardian_until_17() {
        let child = Draft {
            birth_date: d(2009, 11, 26),
            ..adult()
        };
        assert_eq!(refused(child.clone()), ["guardian_nik"]);
        let guarded = Draft {
            guardian_nik: Some("3171015505900002".to_owned()),
            ..child
        };
        assert!(check(guarded, today()).is_ok());
        let seventeen_today = Draft {
            birth_date: d(2009, 11, 25),
            ..adult()
        };
        assert!(check(seventeen_today, today()).is_ok());
    }

    #[test]
    fn the_guardian_is_someone_else() {
        let own = Draft {
            guardian_nik: Some("3171011505900001".to_owned()),
            ..adult()
        };
        assert_eq!(refused(own), ["guardian_nik"]);
    }

    #[test]
    fn passport_numbers_have_a_form() {
        for (number, ok) in [
            ("C1234567", true),
            ("A", true),
            (&*"9".repeat(20), true),
            (&*"9".repeat(21), false),
            ("", false),
            ("c1234567", false),
            (" C1234567", false),
            ("C-123", false),
        ] {
            let draft = Draft {
                previous_passport_number: Some(number.to_owned()),
                ..adult()
            };
            assert_eq!(check(draft, today()).is_ok(), ok, "{number:?}");
        }
    }
}
