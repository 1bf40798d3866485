//! The messages of each language, embedded from `app/locales/<language>/*.ftl` and parsed
//! once into a Fluent bundle per language, shared by every thread.
//!
//! A subject is a file in every language: name it once in `subjects!` below. The tests keep
//! the languages in step (every message in each, with the same variables) and refuse a file
//! that does not parse, so that a message can only be missing at run time through a code
//! the files forget; then the default language's message is used, or the message's id.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::Language;

/// The arguments a message's variables take.
pub type Args<'a> = FluentArgs<'a>;

/// Each language's files: (file name, content).
fn sources(language: Language) -> &'static [(&'static str, &'static str)] {
    match language {
        Language::Indonesian => SOURCES_ID,
        Language::English => SOURCES_EN,
    }
}

/// The subjects, each a file `<subject>.ftl` in every language's folder: one line each.
macro_rules! subjects {
    ($($subject:literal),+ $(,)?) => {
        const SOURCES_ID: &[(&str, &str)] = &[
            $(
                (concat!($subject, ".ftl"), include_str!(concat!("../../locales/id/", $subject, ".ftl"))),
            )+
        ];
        const SOURCES_EN: &[(&str, &str)] = &[
            $(
                (concat!($subject, ".ftl"), include_str!(concat!("../../locales/en/", $subject, ".ftl"))),
            )+
        ];
    };
}

subjects![
    "accounts",
    "calendar",
    "documents",
    "fields",
    "notices",
    "office_notices",
    "privacy",
    "problems",
    "receipt",
    "reminders",
    "settlement",
    "status",
];

/// Every language's files, for the catalogue's tests.
#[cfg(test)]
pub(super) const SOURCES: [(Language, &[(&str, &str)]); 2] = [
    (Language::Indonesian, SOURCES_ID),
    (Language::English, SOURCES_EN),
];

type Bundle = FluentBundle<FluentResource>;

/// A language's bundle. A file that does not parse is logged and what parsed of it is kept
/// (the tests fail on it first).
fn bundle(language: Language) -> Bundle {
    let locale = language.tag().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![locale]);
    // Plain text for JSON and email: no Unicode isolation marks around placeables.
    bundle.set_use_isolating(false);
    for (name, source) in sources(language) {
        let resource =
            FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(partial, errors)| {
                tracing::error!(
                    file = name,
                    language = language.tag(),
                    ?errors,
                    "a message file does not parse"
                );
                partial
            });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(
                file = name,
                language = language.tag(),
                ?errors,
                "a message is defined twice"
            );
        }
    }
    bundle
}

static BUNDLES: LazyLock<[Bundle; 2]> =
    LazyLock::new(|| [bundle(Language::Indonesian), bundle(Language::English)]);

fn bundle_of(language: Language) -> &'static Bundle {
    match language {
        Language::Indonesian => &BUNDLES[0],
        Language::English => &BUNDLES[1],
    }
}

/// `id`'s text in `language` with `args`, or `None` when the language lacks it.
fn format(language: Language, id: &str, args: Option<&Args<'_>>) -> Option<String> {
    let bundle = bundle_of(language);
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned();
    if !errors.is_empty() {
        tracing::warn!(
            id,
            language = language.tag(),
            ?errors,
            "a message was formatted with errors"
        );
    }
    Some(text)
}

/// Whether `language` has a message `id` with a value.
pub fn has_message(language: Language, id: &str) -> bool {
    bundle_of(language)
        .get_message(id)
        .is_some_and(|message| message.value().is_some())
}

/// The text of message `id` in `language`, its variables from `args`. A message the
/// language lacks falls back to the default language's, then to `id` itself (logged).
pub fn text(language: Language, id: &str, args: Option<&Args<'_>>) -> String {
    format(language, id, args)
        .or_else(|| {
            tracing::warn!(
                id,
                language = language.tag(),
                "no such message; the default language's is used"
            );
            format(Language::DEFAULT, id, args)
        })
        .unwrap_or_else(|| {
            tracing::error!(id, "no such message in any language");
            id.to_owned()
        })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// The variables a pattern uses, however deep (selectors, variants, call arguments).
    fn variables_of_pattern(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                variables_of_expression(expression, found);
            }
        }
    }

    fn variables_of_expression(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
        match expression {
            Expression::Inline(inline) => variables_of_inline(inline, found),
            Expression::Select { selector, variants } => {
                variables_of_inline(selector, found);
                for variant in variants {
                    variables_of_pattern(&variant.value, found);
                }
            }
        }
    }

    fn variables_of_inline(inline: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
        match inline {
            InlineExpression::VariableReference { id } => {
                found.insert(id.name.to_owned());
            }
            InlineExpression::FunctionReference { arguments, .. }
            | InlineExpression::TermReference {
                arguments: Some(arguments),
                ..
            } => {
                for argument in &arguments.positional {
                    variables_of_inline(argument, found);
                }
                for argument in &arguments.named {
                    variables_of_inline(&argument.value, found);
                }
            }
            InlineExpression::Placeable { expression } => {
                variables_of_expression(expression, found);
            }
            _ => {}
        }
    }

    #[test]
    fn every_file_in_the_locales_folders_is_a_subject() {
        for (language, files) in SOURCES {
            let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(language.tag());
            let mut on_disk: Vec<String> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".ftl"))
                .collect();
            on_disk.sort();
            let mut embedded: Vec<String> = names(files).iter().map(|n| (*n).to_owned()).collect();
            embedded.sort();
            assert_eq!(on_disk, embedded, "{folder:?}");
        }
    }

    fn names<'a>(files: &[(&'a str, &str)]) -> Vec<&'a str> {
        files.iter().map(|(name, _)| *name).collect()
    }

    /// A language's messages: (file, id) to the variables each uses.
    fn messages(files: &[(&str, &str)]) -> BTreeMap<(String, String), BTreeSet<String>> {
        let mut messages = BTreeMap::new();
        for (name, source) in files {
            let resource = fluent_syntax::parser::parse(*source)
                .unwrap_or_else(|(_, errors)| panic!("{name} does not parse: {errors:?}"));
            for entry in resource.body {
                if let Entry::Message(message) = entry {
                    let mut variables = BTreeSet::new();
                    if let Some(value) = &message.value {
                        variables_of_pattern(value, &mut variables);
                    }
                    for attribute in &message.attributes {
                        variables_of_pattern(&attribute.value, &mut variables);
                    }
                    let key = ((*name).to_owned(), message.id.name.to_owned());
                    assert!(
                        messages.insert(key.clone(), variables).is_none(),
                        "{key:?} is defined twice"
                    );
                }
            }
        }
        messages
    }

    #[test]
    fn every_message_is_in_every_language_with_the_same_variables() {
        let [(_, default), others @ ..] = SOURCES;
        let reference = messages(default);
        assert!(!reference.is_empty());
        for (language, files) in others {
            assert_eq!(names(files), names(default), "{language:?} has other files");
            let theirs = messages(files);
            for (key, variables) in &reference {
                let their_variables = theirs
                    .get(key)
                    .unwrap_or_else(|| panic!("{key:?} has no {language:?} translation"));
                assert_eq!(
                    their_variables, variables,
                    "{key:?}: the variables differ in {language:?}"
                );
            }
            for key in theirs.keys() {
                assert!(
                    reference.contains_key(key),
                    "{key:?} ({language:?}) is not in the default language"
                );
            }
        }
    }

    #[test]
    fn a_message_is_found_formatted_and_falls_back() {
        let mut args = Args::new();
        args.set("missing", 2);
        assert_eq!(
            text(Language::Indonesian, "checklist-summary", Some(&args)),
            "2 dokumen wajib belum diunggah."
        );
        assert_eq!(
            text(Language::English, "checklist-summary", Some(&args)),
            "2 required documents are not uploaded yet."
        );
        args.set("missing", 1);
        assert_eq!(
            text(Language::English, "checklist-summary", Some(&args)),
            "One required document is not uploaded yet."
        );
        assert_eq!(
            text(Language::English, "kind-family_card", None),
            "Family card (Kartu Keluarga)"
        );
        assert_eq!(
            text(Language::Indonesian, "no-such-message", None),
            "no-such-message"
        );
    }
}
