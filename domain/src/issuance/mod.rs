//! After the decision: the passport is printed (issued) with a number, a term and a ready
//! date; the holder, a family member on the same family card or a proxy collects it.
//!
//! - [`working_days`]: counting an office's working days (no weekends, no holidays), for
//!   the ready date four working days after the issue date.
//! - [`number`]: the passport number's documented format, parsed and generated.
//! - [`benefit`]: what an electronic passport lets its holder do.
//! - [`hand_over`]: who may collect, and the family card number checked for a family member.
//! - [`status`]: where the book stands (issued, ready, collected, cancelled).
//!
//! The collection deadline (30 days after the ready date) is
//! [`crate::application::collection_deadline`], beside the other 30-day window.

pub mod benefit;
pub mod hand_over;
pub mod number;
pub mod status;
pub mod working_days;

pub use benefit::{Benefit, benefits};
pub use hand_over::{FamilyCardError, FamilyCardNumber, RecipientKind};
pub use number::{PassportNumber, PassportNumberError};
pub use status::PassportStatus;
pub use working_days::{
    NoWorkingDay, READY_AFTER_WORKING_DAYS, add_working_days, is_working_day, last_date_examined,
    ready_date,
};
