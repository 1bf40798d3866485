//! Where a passport book stands, beside its application's status.

use crate::application::ApplicationStatus;

code_enum! {
    /// Where a passport book stands.
    pub enum PassportStatus {
        /// Printed; not yet at the collection counter.
        Issued => "issued",
        /// At the counter, to be collected by the collection deadline.
        Ready => "ready",
        /// Handed over.
        Collected => "collected",
        /// Not collected in time: cancelled.
        Cancelled => "cancelled",
    }
}

impl PassportStatus {
    /// The book's status while its application is in `status`; `None` before issuance.
    #[must_use]
    pub const fn of_application(status: ApplicationStatus) -> Option<Self> {
        match status {
            ApplicationStatus::Issued => Some(Self::Issued),
            ApplicationStatus::Ready => Some(Self::Ready),
            ApplicationStatus::Collected => Some(Self::Collected),
            ApplicationStatus::UncollectedCancelled => Some(Self::Cancelled),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&PassportStatus::ALL, PassportStatus::as_str);
    }

    #[test]
    fn follows_the_application_from_issuance_on() {
        use ApplicationStatus as A;
        let with_book: Vec<_> = A::ALL
            .into_iter()
            .filter_map(|status| PassportStatus::of_application(status).map(|book| (status, book)))
            .collect();
        assert_eq!(
            with_book,
            [
                (A::Issued, PassportStatus::Issued),
                (A::Ready, PassportStatus::Ready),
                (A::Collected, PassportStatus::Collected),
                (A::UncollectedCancelled, PassportStatus::Cancelled),
            ]
        );
    }
}
