//! The languages a person reads the service's texts in, and the texts themselves: Fluent
//! messages in one file per language and subject (`app/locales/<language>/<subject>.ftl`),
//! embedded at build time. Bahasa Indonesia is the default; English is given on request
//! (`Accept-Language`). Each subject is a file in both languages, the catalogue test keeping
//! them in step; [`clock`] writes instants in an office's zone and [`money`] writes rupiah.

mod catalogue;
pub mod clock;
mod message;
pub mod money;
mod negotiate;

pub use catalogue::{Args, has_message, text};
pub use message::{Arg, Message, Text};
pub use negotiate::negotiate;

use paspor_openapi::LanguageDto;

/// A language the service writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Bahasa Indonesia: the default, for every reader who asks for no other.
    Indonesian,
    /// English, on request.
    English,
}

impl Language {
    /// Every language, the default first.
    pub const ALL: [Language; 2] = [Language::Indonesian, Language::English];

    /// The language of a reader who asks for none the service writes.
    pub const DEFAULT: Language = Language::Indonesian;

    /// Its BCP 47 tag, as sent in `Content-Language`.
    pub const fn tag(self) -> &'static str {
        match self {
            Language::Indonesian => "id",
            Language::English => "en",
        }
    }

    /// The language of a stored or requested code (`id`, `en`), or `None` for any other.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.tag() == tag)
    }

    /// The language of a code stored on an account; the default for one it does not know.
    pub fn of_account(tag: &str) -> Language {
        Language::from_tag(tag).unwrap_or(Language::DEFAULT)
    }
}

impl From<LanguageDto> for Language {
    fn from(language: LanguageDto) -> Self {
        match language {
            LanguageDto::Id => Language::Indonesian,
            LanguageDto::En => Language::English,
        }
    }
}

impl From<Language> for LanguageDto {
    fn from(language: Language) -> Self {
        match language {
            Language::Indonesian => LanguageDto::Id,
            Language::English => LanguageDto::En,
        }
    }
}
