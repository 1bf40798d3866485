//! What applicants do with their applications, as use cases the routes call: create a
//! draft, change it while it is one, read it back with its quote and history, list them,
//! delete a draft, book it (with the proof of work the operator may ask for), and show the
//! check-in code once it is paid.

mod booking;
mod changes;
mod check_in_code;
mod choice;
mod delivery;
mod drafts;
mod error;
mod expiry;
mod input;
mod notices;
mod proof;
mod restart;
mod view;
mod waitlist;

pub use booking::booking;
/// For walk-ins registered at the office: a billing code as a booking draws it.
pub use booking::new_billing_code;
pub use changes::{cancel, reschedule};
pub use check_in_code::check_in_code;
pub use delivery::{choose_delivery, drop_delivery, show_delivery};
pub use drafts::{create_draft, delete_draft, update_draft};
pub use error::ApplicationError;
pub use expiry::expire_lapsed;
pub use input::draft_content;
pub use input::travel_dto;
pub use notices::{
    PushNotice, appointment as appointment_at, paid as paid_notice, push_to_devices,
};
pub use proof::{book, booking_challenge};
pub use restart::restart;
pub use view::booking_in_session;
/// What a receipt prices again: the draft's request and whose passport it is.
pub(crate) use view::{holder_of, offer_request};
pub use view::{list_applications, show_application};
pub use waitlist::{join_waitlist, offer_freed_places, show_waitlist};
