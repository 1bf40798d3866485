//! serde's reports of a body, query or path that does not fit its type are English
//! sentences of a few known forms ("missing field `x`", "unknown variant `x`, expected one
//! of `a`, `b`", "invalid type: string \"x\", expected u32"). They are read here into this
//! service's own messages, so that a reader is told in their language what is wrong; what
//! serde quotes (the field, the value, the expected type) is kept as it is. A form not
//! known is passed on verbatim.

use crate::locale::{Message, Text};

/// serde's `message` (without its " at line L column C"), as a reason in messages.
pub fn serde_reason(message: &str) -> Text {
    let message = without_position(message);
    if let Some(field) = message.strip_prefix("missing field ") {
        return said("parse-missing-field")
            .with("field", unquoted(field))
            .into();
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, allowed) = split_expected(rest);
        return said("parse-unknown-variant")
            .with("value", unquoted(value))
            .with("allowed", allowed)
            .into();
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, allowed) = split_expected(rest);
        return said("parse-unknown-field")
            .with("field", unquoted(field))
            .with("allowed", allowed)
            .into();
    }
    for (prefix, id) in [
        ("invalid type: ", "parse-wrong-type"),
        ("invalid value: ", "parse-wrong-value"),
        ("invalid length ", "parse-wrong-length"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return said(id)
                .with("found", found)
                .with("expected", expected)
                .into();
        }
    }
    if message.starts_with("cannot parse") || message.starts_with("invalid digit") {
        return said("parse-not-a-number").into();
    }
    Text::Verbatim(message.to_owned())
}

/// A body that is not JSON at all, stopped at `line` and `column`.
pub fn json_syntax(line: usize, column: usize) -> Text {
    said("parse-json-syntax")
        .with("line", line)
        .with("column", column)
        .into()
}

fn said(id: &'static str) -> Message {
    Message::new(id)
}

/// serde_json adds where it stopped; the field's name says it better.
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    }
}

/// "`x`, expected one of `a`, `b`" into ("`x`", "`a`, `b`").
fn split_expected(rest: &str) -> (&str, &str) {
    match rest.split_once(", expected ") {
        Some((value, expected)) => (
            value,
            expected
                .strip_prefix("one of ")
                .unwrap_or(expected)
                .trim_start(),
        ),
        None => (rest, ""),
    }
}

fn unquoted(text: &str) -> &str {
    text.trim().trim_matches('`')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Language;

    fn id_of(message: &str) -> String {
        match serde_reason(message) {
            Text::Said(said) => said.id().to_owned(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn serde_forms_become_messages() {
        assert_eq!(
            id_of("missing field `nik` at line 1 column 2"),
            "parse-missing-field"
        );
        assert_eq!(
            id_of("unknown variant `blue`, expected one of `electronic`, `non_electronic`"),
            "parse-unknown-variant"
        );
        assert_eq!(
            id_of("unknown field `x`, expected `a` or `b`"),
            "parse-unknown-field"
        );
        assert_eq!(
            id_of("invalid type: string \"1\", expected u32 at line 1 column 9"),
            "parse-wrong-type"
        );
        assert_eq!(
            id_of("invalid value: integer `-1`, expected u8"),
            "parse-wrong-value"
        );
        assert_eq!(id_of("invalid digit found in string"), "parse-not-a-number");
        assert!(matches!(serde_reason("something else"), Text::Verbatim(_)));
    }

    #[test]
    fn what_serde_quotes_is_kept_in_both_languages() {
        let reason = serde_reason("unknown variant `blue`, expected one of `a`, `b`");
        for language in Language::ALL {
            let text = reason.render(language);
            assert!(text.contains("blue") && text.contains("`a`, `b`"), "{text}");
        }
        assert_ne!(
            reason.render(Language::Indonesian),
            reason.render(Language::English)
        );
    }
}
