//! The officers' work on an application at their office, from check-in to the decision:
//! the day's appointments, check-in by scanned code, the document check (and the job that
//! refuses applications whose missing documents never came, and the document checklist it
//! is judged by), biometrics, the trafficking indicators and the screenings kept of them,
//! the interview and the decision.
//!
//! Officers and office admins act on their own office's applications only (an application
//! belongs to the office of its current booking); another office's is answered 404. Every
//! write locks the application, moves it with the domain's `next_status` and a conditional
//! `move_status`, appends one audit record and notifies the holder, in one transaction.

mod appointments;
mod biometrics;
mod check_in;
mod checklist;
mod deadline;
mod decision;
mod documents;
mod error;
mod indicators;
mod interview;
mod lookup;
mod notices;
mod screenings;
mod view;

pub use appointments::list_appointments;
pub use biometrics::record_biometrics;
pub use check_in::check_in;
pub use checklist::show_document_checklist;
pub use deadline::refuse_overdue;
pub use decision::record_decision;
pub use documents::record_document_check;
pub use error::ProcessingError;
pub use indicators::show_indicators;
pub use interview::record_interview;
pub use lookup::AtOffice;
pub use screenings::{list_screenings, record_screening, show_screening};
pub use view::show_application;
