//! What applicants do with their applications, as use cases the routes call: create a
//! draft, change it while it is one, read it back with its quote and history, list them,
//! delete a draft.

mod booking;
mod changes;
mod drafts;
mod error;
mod expiry;
mod input;
mod notices;
mod view;
mod waitlist;

pub use booking::book;
pub use changes::{cancel, reschedule};
pub use drafts::{create_draft, delete_draft, update_draft};
pub use error::ApplicationError;
pub use expiry::expire_lapsed;
pub use notices::paid as paid_notice;
pub use view::{list_applications, show_application};
pub use waitlist::{join_waitlist, offer_freed_places, show_waitlist};
