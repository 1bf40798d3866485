//! Identifiers: UUID v7 as text, so that ids sort by creation time on both backends.

/// A new time-ordered identifier.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
