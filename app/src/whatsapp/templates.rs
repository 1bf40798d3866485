//! The WhatsApp templates this service sends. WhatsApp only delivers a business-initiated
//! message from a template the operator has registered (and Meta approved) under the same
//! name, in each language, with the same number of body parameters: this list is what to
//! register (docs/INTEGRATORS.md repeats it).

use crate::locale::Language;

use super::Filled;

/// A template and the parameters its body takes, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Authentication template: `{{1}}` the code (also on the copy-code button).
    PhoneVerification,
    /// Utility: a place is booked; `{{1}}` office, `{{2}}` appointment (local, with zone),
    /// `{{3}}` billing code, `{{4}}` amount, `{{5}}` pay-by deadline (local, with zone).
    Booked,
    /// Utility: the fee is paid; `{{1}}` billing code, `{{2}}` amount paid.
    Paid,
    /// Utility: any other notice about an application (reminders, the office's steps, a
    /// moved appointment); `{{1}}` its title, `{{2}}` its one line, as the push notice has them.
    Notice,
}

impl Template {
    /// Every template, for documentation and tests.
    pub const ALL: [Template; 4] = [
        Template::PhoneVerification,
        Template::Booked,
        Template::Paid,
        Template::Notice,
    ];

    /// The name registered with Meta.
    pub const fn name(self) -> &'static str {
        match self {
            Template::PhoneVerification => "paspor_phone_verification",
            Template::Booked => "paspor_booked",
            Template::Paid => "paspor_paid",
            Template::Notice => "paspor_notice",
        }
    }

    /// How many body parameters it takes.
    pub const fn parameters(self) -> usize {
        match self {
            Template::PhoneVerification => 1,
            Template::Booked => 5,
            Template::Paid | Template::Notice => 2,
        }
    }

    /// The template in `language`, filled with `params` (as many as it takes: extra ones
    /// are dropped, missing ones left empty, so that a notice never fails on its count).
    pub fn fill(self, language: Language, mut params: Vec<String>) -> Filled {
        params.resize(self.parameters(), String::new());
        let code = (self == Template::PhoneVerification).then(|| params[0].clone());
        Filled {
            name: self.name().to_owned(),
            language: language.tag().to_owned(),
            params,
            code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_template_has_exactly_its_parameters() {
        let booked = Template::Booked.fill(Language::English, vec!["a".to_owned()]);
        assert_eq!(booked.params, ["a", "", "", "", ""]);
        assert_eq!(booked.language, "en");
        assert_eq!(booked.code, None);
        let code = Template::PhoneVerification.fill(
            Language::Indonesian,
            vec!["123456".to_owned(), "extra".to_owned()],
        );
        assert_eq!(code.params, ["123456"]);
        assert_eq!(code.code.as_deref(), Some("123456"));
        assert_eq!(code.language, "id");
    }
}
