//! The life of an application: its states, the events that move it, and the rules for
//! rescheduling and cancelling.
//!
//! ```text
//! Draft --submit--> AwaitingPayment --payment_received--> Paid --check_in--> CheckedIn
//!                   |                                     |  ^
//!                   +--payment_deadline_passed--> Expired +--+ reschedule (once)
//! Draft, AwaitingPayment, Paid --cancel--> Cancelled
//! CheckedIn --documents_missing--> AwaitingDocuments --documents_deadline_passed--> Refused
//! CheckedIn, AwaitingDocuments --documents_complete--> InReview
//! InReview --approve--> Approved --issue--> Issued --mark_ready--> Ready --hand_over--> Collected
//! InReview --postpone--> Postponed, --refuse--> Refused
//! Ready --collection_deadline_passed--> UncollectedCancelled
//! ```

mod event;
mod rules;
mod status;
mod transition;

pub use event::ApplicationEvent;
pub use rules::{
    COLLECTION_DAYS, CancelError, DOCUMENTS_GRACE_DAYS, MAX_RESCHEDULES, RescheduleError,
    check_cancel, check_reschedule, collection_deadline, documents_deadline,
};
pub use status::ApplicationStatus;
pub use transition::{TransitionError, allowed_events, next_status};
