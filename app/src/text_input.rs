//! Which characters text from a client may hold, checked once at the edge for every route.
//!
//! No control character (Unicode `Cc`: U+0000 to U+001F, U+007F to U+009F) is taken
//! anywhere a client puts text: path segments, query parameters, form fields, and JSON
//! strings (keys too), where only tab, line feed and carriage return are allowed, for the
//! free text of notes and answers. The contract's own patterns say the same of most fields;
//! this holds it for all of them. The sharpest reason is NUL: PostgreSQL cannot store it in
//! text, so one that reached a query failed the request with a 500 there (and was kept on
//! SQLite). The others are never meaningful in this service's text and make logs, exports
//! and screens lie.

use serde_json::Value;

use crate::locale::Message;
use crate::refusal::Refusal;

/// The reason given for a parameter, header or form field.
pub const PARAMETER_REASON: &str =
    "must not contain control characters (U+0000 to U+001F, U+007F to U+009F)";

/// The reason given for a JSON string.
pub const JSON_REASON: &str = "must not contain control characters (U+0000 to U+001F, U+007F to \
     U+009F) other than tab, line feed and carriage return";

/// [`PARAMETER_REASON`] as people read it, in their language.
pub fn parameter_reason() -> Message {
    Message::new("field-parameter-control-characters")
}

/// [`JSON_REASON`] as people read it, in their language.
pub fn json_reason() -> Message {
    Message::new("field-json-control-characters")
}

/// Whether `c` may not appear in a parameter, a header or a form field.
pub fn forbidden_in_parameter(c: char) -> bool {
    c.is_control()
}

/// Whether `c` may not appear in a JSON string.
pub fn forbidden_in_json(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A name fit for a problem's `errors[].field` when the name itself is what is wrong:
/// control characters shown as escapes, never sent raw.
pub fn printable_name(name: &str) -> String {
    if name.chars().any(forbidden_in_parameter) {
        name.escape_debug().to_string()
    } else {
        name.to_owned()
    }
}

/// 400 naming the first JSON string (value or key) of `body` that holds a forbidden
/// character. A body that is not JSON passes: the route's parser refuses it in its own
/// words. Bytes that cannot spell a forbidden character are not parsed twice.
pub fn check_json(body: &[u8]) -> Result<(), Refusal> {
    match json_field_with_control(body) {
        Some(field) => Err(Refusal::invalid_field(field, json_reason())),
        None => Ok(()),
    }
}

/// The first JSON string (value or key) of `body` that holds a forbidden character, as a
/// field path (`travel.contact_name`, `answers[0].answer`; `body` for the whole body).
pub fn json_field_with_control(body: &[u8]) -> Option<String> {
    if !may_hold_a_control(body) {
        return None;
    }
    let value = serde_json::from_slice::<Value>(body).ok()?;
    first_forbidden(&value, &mut String::new())
}

/// Whether JSON text could spell a forbidden character: raw DEL or a UTF-8 C1 character
/// (raw C0 characters are not JSON at all), or an escape that is not `\t`, `\n`, `\r`,
/// `\"`, `\\` or `\/` (`\b`, `\f`, and every `\u`, which may be a control's escape).
fn may_hold_a_control(body: &[u8]) -> bool {
    body.windows(2).any(|pair| match pair {
        [b'\\', next] => matches!(next, b'u' | b'b' | b'f'),
        [0xC2, next] => (0x80..=0x9F).contains(next),
        _ => false,
    }) || body.contains(&0x7F)
}

/// The path (`a.b[0].c`) of the first string in `value` that holds a forbidden character.
fn first_forbidden(value: &Value, path: &mut String) -> Option<String> {
    match value {
        Value::String(text) if text.chars().any(forbidden_in_json) => Some(field(path)),
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            let length = path.len();
            path.push_str(&format!("[{index}]"));
            let found = first_forbidden(item, path);
            path.truncate(length);
            found
        }),
        Value::Object(members) => members.iter().find_map(|(key, member)| {
            let length = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            if key.chars().any(forbidden_in_json) {
                path.push_str(&key.escape_debug().to_string());
                return Some(field(path));
            }
            path.push_str(key);
            let found = first_forbidden(member, path);
            path.truncate(length);
            found
        }),
        _ => None,
    }
}

/// The body itself when the offending string is the whole body.
fn field(path: &str) -> String {
    if path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn refused_field(body: &str) -> Option<String> {
        let error = check_json(body.as_bytes()).err()?;
        assert_eq!(error.kind(), crate::RefusalKind::Invalid);
        let text = error.to_string();
        Some(text[1..text[1..].find('`').unwrap() + 1].to_owned())
    }

    #[test]
    fn control_characters_are_named_where_they_are() {
        assert_eq!(refused_field(r#"{"a":"x\u0000y"}"#).as_deref(), Some("a"));
        assert_eq!(
            refused_field(r#"{"travel":{"contact_name":"x\u001by"}}"#).as_deref(),
            Some("travel.contact_name")
        );
        assert_eq!(
            refused_field(r#"{"answers":[{"q":"ok"},{"q":"a\bb"}]}"#).as_deref(),
            Some("answers[1].q")
        );
        assert_eq!(refused_field(r#"{"a":"\f"}"#).as_deref(), Some("a"));
        assert_eq!(refused_field("{\"a\":\"x\u{7f}\"}").as_deref(), Some("a"));
        assert_eq!(refused_field("{\"a\":\"x\u{85}\"}").as_deref(), Some("a"));
        assert_eq!(refused_field(r#"{"a":"\u009f"}"#).as_deref(), Some("a"));
        assert_eq!(refused_field(r#""\u0000""#).as_deref(), Some("body"));
        assert_eq!(refused_field(r#"{"a\u0000":1}"#).as_deref(), Some("a\\0"));
    }

    #[test]
    fn ordinary_text_passes() {
        for body in [
            r#"{"notes":"line one\nline two\r\n\tindented"}"#,
            r#"{"name":"Siti Rahayu","quote":"\"kopi\" \\ \/ é 日本 \ud83d\ude00"}"#,
            r#"{"a":"\u00a0\u00e9"}"#,
            "{\"a\":\"\u{a0}\"}",
            "not json at all \\u0000",
            r#"{"a":1,"b":[true,null,2.5]}"#,
        ] {
            assert_eq!(refused_field(body), None, "{body}");
        }
    }

    proptest! {
        /// Any JSON string is refused exactly when it holds a forbidden character, and the
        /// quick scan never lets one through.
        #[test]
        fn a_string_is_refused_exactly_when_it_holds_a_control(text in any::<String>()) {
            let body = serde_json::to_vec(&serde_json::json!({ "field": text })).unwrap();
            let refused = check_json(&body).is_err();
            prop_assert_eq!(refused, text.chars().any(forbidden_in_json));
        }

        #[test]
        fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = check_json(&body);
        }
    }
}
