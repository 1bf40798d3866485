//! The events that move an application from one state to the next.

code_enum! {
    /// Something that happened to an application.
    pub enum ApplicationEvent {
        /// Booked: draft to awaiting payment.
        Submit => "submit",
        PaymentReceived => "payment_received",
        PaymentDeadlinePassed => "payment_deadline_passed",
        Reschedule => "reschedule",
        Cancel => "cancel",
        CheckIn => "check_in",
        DocumentsMissing => "documents_missing",
        DocumentsComplete => "documents_complete",
        DocumentsDeadlinePassed => "documents_deadline_passed",
        Approve => "approve",
        Postpone => "postpone",
        Refuse => "refuse",
        Issue => "issue",
        MarkReady => "mark_ready",
        HandOver => "hand_over",
        CollectionDeadlinePassed => "collection_deadline_passed",
    }
}

impl ApplicationEvent {
    /// The event as a verb phrase, to precede "an application": "cannot … an
    /// application that is ...".
    #[must_use]
    pub const fn verb_phrase(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::PaymentReceived => "record a payment for",
            Self::PaymentDeadlinePassed => "expire for non-payment",
            Self::Reschedule => "reschedule",
            Self::Cancel => "cancel",
            Self::CheckIn => "check in",
            Self::DocumentsMissing => "ask for missing documents for",
            Self::DocumentsComplete => "complete the documents of",
            Self::DocumentsDeadlinePassed => "refuse for missing documents",
            Self::Approve => "approve",
            Self::Postpone => "postpone",
            Self::Refuse => "refuse",
            Self::Issue => "issue the passport of",
            Self::MarkReady => "mark ready for collection",
            Self::HandOver => "hand over the passport of",
            Self::CollectionDeadlinePassed => "cancel as uncollected",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&ApplicationEvent::ALL, ApplicationEvent::as_str);
    }
}
