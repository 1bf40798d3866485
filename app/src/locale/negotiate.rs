//! Choosing the language of an answer from the request's `Accept-Language` (RFC 9110
//! §12.5.4): the ranges by weight, highest first (the header's order breaks ties, and a
//! weight of 0 refuses a language), matched against the languages the service writes by
//! Fluent's own negotiation, so that `en-GB` is answered in `en`. Anything else (no header,
//! only unknown languages, a malformed one) gets the default, Indonesian: a reader is never
//! refused for their header.

use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

use super::Language;

/// A range's weight in thousandths, as `q=` gives it (three decimals at most), or `None`
/// when it is not a valid weight.
fn weight(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The language ranges a header asks for, most wanted first; unparsable ones left out.
fn requested(header: &str) -> Vec<LanguageIdentifier> {
    let mut ranges: Vec<(u16, LanguageIdentifier)> = header
        .split(',')
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let range = parts.next()?.trim();
            let mut q = 1000;
            for parameter in parts {
                let (name, value) = parameter.trim().split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    q = weight(value.trim())?;
                }
            }
            let language = range.parse::<LanguageIdentifier>().ok()?;
            (q > 0).then_some((q, language))
        })
        .collect();
    // Stable: equal weights keep the header's order.
    ranges.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    ranges.into_iter().map(|(_, language)| language).collect()
}

fn identifier(language: Language) -> LanguageIdentifier {
    // Both tags are constants that parse; the default identifier is never used instead.
    language.tag().parse().unwrap_or_default()
}

/// The language to answer in, from the request's `Accept-Language` if it has one.
pub fn negotiate(accept_language: Option<&str>) -> Language {
    let Some(header) = accept_language else {
        return Language::DEFAULT;
    };
    let available: Vec<LanguageIdentifier> = Language::ALL.map(identifier).to_vec();
    let default = identifier(Language::DEFAULT);
    let chosen = negotiate_languages(
        &requested(header),
        &available,
        Some(&default),
        NegotiationStrategy::Lookup,
    );
    chosen
        .first()
        .and_then(|chosen| {
            Language::ALL
                .into_iter()
                .find(|language| identifier(*language) == **chosen)
        })
        .unwrap_or(Language::DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_header_or_nothing_known_is_indonesian() {
        for header in [
            None,
            Some(""),
            Some("fr"),
            Some("de-DE, fr;q=0.8"),
            Some("*"),
            Some("!!!, ;;;, q=1"),
            Some("en;q=0"),
            Some("en;q=2"),
            Some("en;q=abc"),
            Some("en;q=0.0001"),
            Some("xx-yy-zz-123456789"),
        ] {
            assert_eq!(negotiate(header), Language::Indonesian, "{header:?}");
        }
    }

    #[test]
    fn english_when_it_is_the_most_wanted_language_known() {
        for header in [
            "en",
            "EN",
            "en-GB",
            "en-US,en;q=0.9",
            "fr, en;q=0.5",
            "id;q=0.4, en;q=0.8",
            "en;q=1.0, id;q=1.0",
            "de;q=0.9, en;q=0.1, id;q=0",
        ] {
            assert_eq!(negotiate(Some(header)), Language::English, "{header}");
        }
    }

    #[test]
    fn indonesian_when_asked_for_first_or_weighed_higher() {
        for header in [
            "id",
            "id-ID",
            "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7",
            "en;q=0.5, id",
            "id, en",
            "en;q=0.9, id;q=0.9, id;q=0.95",
        ] {
            assert_eq!(negotiate(Some(header)), Language::Indonesian, "{header}");
        }
    }

    #[test]
    fn weights_at_their_edges() {
        assert_eq!(weight("1"), Some(1000));
        assert_eq!(weight("1.000"), Some(1000));
        assert_eq!(weight("1.001"), None);
        assert_eq!(weight("0"), Some(0));
        assert_eq!(weight("0.5"), Some(500));
        assert_eq!(weight("0.005"), Some(5));
        assert_eq!(weight("0.0005"), None);
        assert_eq!(weight("-0.5"), None);
        assert_eq!(weight(""), None);
        assert_eq!(weight("0.x"), None);
    }
}
