//! The outcome of a conditional write: an update or delete guarded by a condition on the
//! row (a compare-and-set), which another transaction may have made false first.
//!
//! It is `#[must_use]`: a caller that ignores whether the write happened gets a warning,
//! an error under `clippy -D warnings`. That is how "the booking ignored the result of
//! moving its application's status" cannot come back.

/// Whether a conditional write happened.
#[must_use = "a conditional write may not have happened: check `applied()` or `skipped()`"]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conditional {
    /// The condition held and the row was written.
    Applied,
    /// The condition did not hold (any more): nothing was written.
    Skipped,
}

impl Conditional {
    /// From the number of rows a statement that targets one row changed.
    pub(crate) fn of_rows(rows: usize) -> Conditional {
        if rows == 1 {
            Conditional::Applied
        } else {
            Conditional::Skipped
        }
    }

    /// From a condition checked by the caller.
    pub(crate) fn of(applied: bool) -> Conditional {
        if applied {
            Conditional::Applied
        } else {
            Conditional::Skipped
        }
    }

    /// Whether the write happened.
    pub fn applied(self) -> bool {
        self == Conditional::Applied
    }

    /// Whether nothing was written.
    pub fn skipped(self) -> bool {
        self == Conditional::Skipped
    }
}
