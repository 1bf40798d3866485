//! After the decision: issuing the passport of an approved application, making it ready
//! and cancelling it when uncollected (a background job), handing it over, and the
//! applicant's view of their passports.
//!
//! Every move goes through `applications::move_status` (conditional, with history) under
//! `applications::lock` in a write transaction, and notifies the holder; the staff actions
//! append one audit record each, in the same transaction.

mod access;
mod collection;
mod dispatch;
mod error;
mod hand_over;
mod issue;
mod notices;
mod view;

pub use collection::{CollectionPass, advance_collection};
pub use dispatch::dispatch;
pub use error::IssuanceError;
pub use hand_over::hand_over;
pub use issue::issue;
pub use view::{list_passports, show_passport};
