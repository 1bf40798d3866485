//! Checking the fields of account requests, collecting every problem so that a client
//! learns all of them from one answer.

use paspor_domain::account::{
    EmailAddress, PasswordError, PhoneNumber, check_password, one_time_code,
};

use super::AccountError;
use crate::locale::{Message, Text};
use crate::said::field;

/// The email address of a request that carries nothing else to check.
pub fn email_only(value: &str) -> Result<EmailAddress, AccountError> {
    EmailAddress::parse(value).map_err(|error| AccountError::field("email", error))
}

/// The longest refresh token accepted (the schema's `maxLength`; issued ones are shorter).
const MAX_REFRESH_TOKEN_CHARS: usize = 256;

/// A refresh token's form: 1 to 256 characters. Any other is no token of this service.
pub fn refresh_token_form(value: &str) -> Result<(), AccountError> {
    if (1..=MAX_REFRESH_TOKEN_CHARS).contains(&value.chars().count()) {
        Ok(())
    } else {
        Err(AccountError::field(
            "refresh_token",
            Message::new("refresh-token-form").with("max", MAX_REFRESH_TOKEN_CHARS),
        ))
    }
}

/// The longest full name accepted.
const MAX_NAME_CHARS: usize = 200;

/// The longest privacy notice version accepted (the schema's `maxLength`).
const MAX_NOTICE_VERSION_CHARS: usize = 32;

/// The longest phone number accepted, separators included.
const MAX_PHONE_CHARS: usize = 32;

/// The problems found so far: values that break the published schema, and values it
/// accepts that a rule refuses.
#[derive(Debug, Default)]
pub struct Fields {
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

    /// An email address, normalised.
    pub fn email(&mut self, field: &str, value: &str) -> Option<EmailAddress> {
        EmailAddress::parse(value)
            .map_err(|error| self.refuse(field, error))
            .ok()
    }

    /// An Indonesian phone number in +62 form, at most 32 characters as sent.
    pub fn phone(&mut self, field: &str, value: &str) -> Option<PhoneNumber> {
        if value.chars().count() > MAX_PHONE_CHARS {
            self.refuse(field, field::too_long(MAX_PHONE_CHARS));
            return None;
        }
        PhoneNumber::parse(value)
            .map_err(|error| self.refuse(field, error))
            .ok()
    }

    /// A full name: 1 to 200 characters (counted as sent, as the schema's `maxLength`), not
    /// only whitespace, no control characters; stored trimmed.
    pub fn full_name(&mut self, field: &str, value: &str) -> Option<String> {
        let name = value.trim();
        if name.is_empty() {
            self.refuse(field, field::empty());
            None
        } else if value.chars().count() > MAX_NAME_CHARS {
            self.refuse(field, field::too_long(MAX_NAME_CHARS));
            None
        } else if name.chars().any(char::is_control) {
            self.refuse(field, field::control_characters());
            None
        } else {
            Some(name.to_owned())
        }
    }

    /// A password that may be set: long enough, not too long (the schema says so), and
    /// not common (a rule).
    pub fn new_password(&mut self, field: &str, value: &str) {
        match check_password(value) {
            Ok(()) => {}
            Err(error @ PasswordError::Common) => self.refuse_by_rule(field, error),
            Err(error) => self.refuse(field, error),
        }
    }

    /// The privacy notice version the app showed, when sent: at most 32 characters (the
    /// schema), and the version in force (a rule: the app must show the current notice).
    pub fn privacy_notice_version(&mut self, field: &str, value: Option<&str>, current: &str) {
        match value {
            None => {}
            Some(value) if value.chars().count() > MAX_NOTICE_VERSION_CHARS => {
                self.refuse(field, field::too_long(MAX_NOTICE_VERSION_CHARS));
            }
            Some(value) if value != current => self.refuse_by_rule(
                field,
                Message::new("consent-notice-version-not-current").with("current", current),
            ),
            Some(_) => {}
        }
    }

    /// A one-time code's form: six digits.
    pub fn code(&mut self, field: &str, value: &str) {
        if !one_time_code::is_well_formed(value) {
            self.refuse(field, Message::new("code-form"));
        }
    }

    /// A code sent by WhatsApp: six digits.
    pub fn whatsapp_code(&mut self, field: &str, value: &str) {
        if !one_time_code::is_well_formed(value) {
            self.refuse(field, Message::new("code-form-whatsapp"));
        }
    }

    /// Ok when nothing was refused; else every problem, as invalid (400) when any value
    /// breaks the schema, as refused by a rule (422) otherwise.
    pub fn finish(mut self) -> Result<(), AccountError> {
        if !self.problems.is_empty() {
            self.problems.append(&mut self.rules);
            Err(AccountError::Invalid(self.problems))
        } else if !self.rules.is_empty() {
            Err(AccountError::Rejected(self.rules))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_collected() {
        let mut fields = Fields::default();
        assert!(fields.email("email", "not an address").is_none());
        assert!(fields.phone("phone", "+1 555 0100").is_none());
        assert!(fields.full_name("full_name", "   ").is_none());
        fields.new_password("password", "password123");
        fields.code("code", "12345");
        let Err(AccountError::Invalid(problems)) = fields.finish() else {
            panic!("refused");
        };
        let names: Vec<_> = problems.iter().map(|(field, _)| field.as_str()).collect();
        // The common password is refused by a rule: listed after what breaks the schema.
        assert_eq!(names, ["email", "phone", "full_name", "code", "password"]);
    }

    #[test]
    fn good_input_passes_normalised() {
        let mut fields = Fields::default();
        let email = fields.email("email", " Siti@Example.COM ").unwrap();
        let phone = fields.phone("phone", "0812-3456-7890").unwrap();
        let name = fields.full_name("full_name", "  Siti Rahayu ").unwrap();
        fields.new_password("password", "kopi tubruk di pagi hari");
        fields.code("code", "042917");
        assert!(fields.finish().is_ok());
        assert_eq!(email.as_str(), "siti@example.com");
        assert_eq!(phone.as_str(), "+6281234567890");
        assert_eq!(name, "Siti Rahayu");
    }

    #[test]
    fn names_have_bounds() {
        let mut fields = Fields::default();
        assert!(fields.full_name("n", &"a".repeat(200)).is_some());
        assert!(fields.full_name("n", &"a".repeat(201)).is_none());
        assert!(fields.full_name("n", "a\u{0}b").is_none());
    }
}
