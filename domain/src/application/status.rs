//! The states of an application.

code_enum! {
    /// Where an application stands.
    pub enum ApplicationStatus {
        /// Being filled in by the applicant; resumable.
        Draft => "draft",
        /// Booked: a place is held and a billing code issued, payment due within 2 hours.
        AwaitingPayment => "awaiting_payment",
        /// Paid; waiting for the appointment.
        Paid => "paid",
        /// Not paid in time: the place went back to the pool.
        Expired => "expired",
        /// Cancelled by the applicant before the appointment (no refund).
        Cancelled => "cancelled",
        /// Arrived at the office and scanned in.
        CheckedIn => "checked_in",
        /// Documents missing; they may be supplied within 30 days.
        AwaitingDocuments => "awaiting_documents",
        /// Documents complete: photo, fingerprints, interview, decision.
        InReview => "in_review",
        /// Held back (e.g. suspected trafficking, false statements), up to 2 years.
        Postponed => "postponed",
        Refused => "refused",
        Approved => "approved",
        /// The book is printed.
        Issued => "issued",
        /// Ready for collection, within 30 days.
        Ready => "ready",
        Collected => "collected",
        /// Not collected within 30 days.
        UncollectedCancelled => "uncollected_cancelled",
    }
}

impl ApplicationStatus {
    /// No event moves the application on from here.
    #[must_use]
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Expired
                | Self::Cancelled
                | Self::Postponed
                | Self::Refused
                | Self::Collected
                | Self::UncollectedCancelled
        )
    }

    /// A decision was reached on it: approved (and what follows: issued, ready, collected,
    /// uncollected), refused or postponed. What immigration keeps of an application after
    /// its account closed is what was decided (`docs/PRIVACY.md`).
    #[must_use]
    pub const fn is_decided(self) -> bool {
        matches!(
            self,
            Self::Postponed
                | Self::Refused
                | Self::Approved
                | Self::Issued
                | Self::Ready
                | Self::Collected
                | Self::UncollectedCancelled
        )
    }

    /// Counts towards "one person, one active application": everything not terminal,
    /// a draft included.
    #[must_use]
    pub const fn is_active(self) -> bool {
        !self.is_terminal()
    }

    /// Holds a place in a session's quota.
    #[must_use]
    pub const fn holds_place(self) -> bool {
        matches!(self, Self::AwaitingPayment | Self::Paid)
    }

    /// The state in words, to follow "an application that is ...".
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::Draft => "still a draft",
            Self::AwaitingPayment => "awaiting payment",
            Self::Paid => "paid",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::CheckedIn => "checked in",
            Self::AwaitingDocuments => "awaiting documents",
            Self::InReview => "in review",
            Self::Postponed => "postponed",
            Self::Refused => "refused",
            Self::Approved => "approved",
            Self::Issued => "issued",
            Self::Ready => "ready for collection",
            Self::Collected => "collected",
            Self::UncollectedCancelled => "cancelled as uncollected",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&ApplicationStatus::ALL, ApplicationStatus::as_str);
    }

    #[test]
    fn predicates() {
        use ApplicationStatus as S;
        let terminal = [
            S::Expired,
            S::Cancelled,
            S::Postponed,
            S::Refused,
            S::Collected,
            S::UncollectedCancelled,
        ];
        for s in ApplicationStatus::ALL {
            assert_eq!(s.is_terminal(), terminal.contains(&s), "{s}");
            assert_eq!(s.is_active(), !terminal.contains(&s), "{s}");
            assert_eq!(
                s.holds_place(),
                matches!(s, S::AwaitingPayment | S::Paid),
                "{s}"
            );
        }
        assert!(S::Draft.is_active());
    }
}
