//! A text for people that is written later, in the reader's language: a message id of the
//! Fluent files with its arguments ([`Message`]), or several such joined ([`Text`]). The use
//! cases refuse with these instead of finished sentences, since they do not know who reads
//! the answer; the HTTP edge renders them in the request's language.

use std::borrow::Cow;
use std::fmt;

use fluent_bundle::FluentValue;

use super::{Args, Language, text};

/// A message of the Fluent files and the values of its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    id: Cow<'static, str>,
    args: Vec<(&'static str, Arg)>,
}

/// The value of one of a message's variables.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text shown as it is (a code, an id, a date in RFC 3339, a field name).
    Plain(String),
    /// A number, which Fluent may use to choose a plural form.
    Number(i64),
    /// Text that is itself written in the reader's language (a thing's name).
    Said(Box<Text>),
}

impl Message {
    /// The message `id`, without arguments yet.
    pub fn new(id: impl Into<Cow<'static, str>>) -> Message {
        Message {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Sets the variable `name` to `value`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The message's id in the Fluent files.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The arguments, by name.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// Its text in `language`.
    pub fn render(&self, language: Language) -> String {
        let mut args = Args::new();
        for (name, value) in &self.args {
            let value = match value {
                Arg::Plain(text) => FluentValue::from(text.clone()),
                Arg::Number(number) => FluentValue::from(*number),
                Arg::Said(said) => FluentValue::from(said.render(language)),
            };
            args.set(*name, value);
        }
        text(language, &self.id, Some(&args))
    }
}

/// A text for people, written when the reader's language is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// A message of the Fluent files.
    Said(Message),
    /// Several texts, one after another, separated by "; ".
    Joined(Vec<Text>),
    /// Text that comes from outside this service's messages (a library's own report, a
    /// value the caller sent), shown as it is in every language.
    Verbatim(String),
    /// An English sentence of a refusal that has no message in the files yet: shown as it
    /// is in every language. Each is a gap to close (see `docs/INTEGRATORS.md`).
    Untranslated(String),
}

impl Text {
    /// Its text in `language`.
    pub fn render(&self, language: Language) -> String {
        match self {
            Text::Said(message) => message.render(language),
            Text::Joined(parts) => parts
                .iter()
                .map(|part| part.render(language))
                .collect::<Vec<_>>()
                .join("; "),
            Text::Verbatim(text) | Text::Untranslated(text) => text.clone(),
        }
    }

    /// Every message it holds, however deep (for the tests that check each exists).
    pub fn messages(&self) -> Vec<&Message> {
        let mut found = Vec::new();
        self.collect(&mut found);
        found
    }

    fn collect<'a>(&'a self, found: &mut Vec<&'a Message>) {
        match self {
            Text::Said(message) => {
                found.push(message);
                for (_, arg) in &message.args {
                    if let Arg::Said(said) = arg {
                        said.collect(found);
                    }
                }
            }
            Text::Joined(parts) => parts.iter().for_each(|part| part.collect(found)),
            Text::Verbatim(_) | Text::Untranslated(_) => {}
        }
    }
}

/// English, for logs and errors' `Display`.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::English))
    }
}

/// English, for logs and errors' `Display`.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::English))
    }
}

impl From<Message> for Text {
    fn from(message: Message) -> Self {
        Text::Said(message)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Untranslated(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Untranslated(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Plain(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Plain(text.to_owned())
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Arg::Said(Box::new(Text::Said(message)))
    }
}

impl From<Text> for Arg {
    fn from(text: Text) -> Self {
        Arg::Said(Box::new(text))
    }
}

macro_rules! numbers_are_args {
    ($($number:ty),*) => {$(
        impl From<$number> for Arg {
            fn from(number: $number) -> Self {
                Arg::Number(i64::try_from(number).unwrap_or(i64::MAX))
            }
        }
    )*};
}

numbers_are_args!(i32, i64, u16, u32, u64, usize);
