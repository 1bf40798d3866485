//! Entity tags of answers that clients poll: a hash of the body itself, so that a client
//! is told "unchanged" exactly when nothing it would see has changed, with no version
//! bookkeeping to forget. And the other use of tags: a change made on condition that
//! what it changes is still the version the caller read (`If-Match`), so that two admins
//! changing one thing at once cannot silently undo each other's change.

use sha2::{Digest, Sha256};

use crate::locale::Message;
use crate::refusal::{Refusal, RefusalKind};

/// A request's `If-Match`, as the edge read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// No `If-Match` was sent.
    Absent,
    /// `*`: any current version.
    Any,
    /// The tags listed (weak ones never match: RFC 9110 compares strongly).
    Tags(Vec<String>),
}

impl IfMatch {
    /// Reads the header's value (`None` when absent).
    pub fn parse(value: Option<&str>) -> IfMatch {
        match value.map(str::trim) {
            None => IfMatch::Absent,
            Some("*") => IfMatch::Any,
            Some(list) => IfMatch::Tags(
                list.split(',')
                    .map(str::trim)
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        }
    }

    /// Whether a change may go ahead on the version tagged `current`: 428 when the
    /// condition is missing (the change must name what it changes), 412 when it names
    /// another version.
    pub fn check(&self, current: &str) -> Result<(), Refusal> {
        match self {
            IfMatch::Absent => Err(Refusal::new(
                RefusalKind::PreconditionRequired,
                Message::new("if-match-required").with("current", current),
            )),
            IfMatch::Any => Ok(()),
            IfMatch::Tags(tags) if tags.iter().any(|tag| tag == current) => Ok(()),
            IfMatch::Tags(_) => Err(Refusal::new(
                RefusalKind::PreconditionFailed,
                Message::new("if-match-stale").with("current", current),
            )),
        }
    }
}

/// The strong entity tag of a body: the first 128 bits of its SHA-256, quoted.
pub fn strong_tag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

#[cfg(test)]
mod tests {
    use super::strong_tag;

    #[test]
    fn if_match_names_the_current_version_or_any() {
        use super::IfMatch;
        use crate::refusal::RefusalKind;

        let current = "\"v2\"";
        assert_eq!(IfMatch::parse(None), IfMatch::Absent);
        assert_eq!(IfMatch::parse(Some(" * ")), IfMatch::Any);
        let kind = |header: Option<&str>| {
            IfMatch::parse(header)
                .check(current)
                .err()
                .map(|r| r.kind())
        };
        assert_eq!(kind(Some("\"v2\"")), None);
        assert_eq!(kind(Some("\"v1\", \"v2\"")), None);
        assert_eq!(kind(Some("*")), None);
        assert_eq!(kind(None), Some(RefusalKind::PreconditionRequired));
        for stale in ["\"v1\"", "W/\"v2\"", "v2", "", "\"v2"] {
            assert_eq!(
                kind(Some(stale)),
                Some(RefusalKind::PreconditionFailed),
                "{stale}"
            );
        }
    }

    #[test]
    fn the_same_body_has_the_same_tag_and_another_another() {
        assert_eq!(strong_tag(b"{}"), strong_tag(b"{}"));
        assert_ne!(strong_tag(b"{}"), strong_tag(b"[]"));
        assert_eq!(strong_tag(b"{}").len(), 34);
    }
}
