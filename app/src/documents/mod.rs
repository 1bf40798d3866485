//! Documents of applications as use cases the routes call: upload (or replace) one kind,
//! list them, fetch one back, and the checklist of what the person must bring.
//!
//! A file is written whole to the document store first, and recorded in the database only
//! then: a reader never meets a row whose file is half-written. The price is that a crash
//! (or a request cancelled) between the two can leave a file no row names; such files are
//! never served.

mod access;
pub(crate) mod checklist;
mod error;
mod read;
mod store;
mod upload;

pub use checklist::show_checklist;
pub use error::DocumentError;
pub use read::{fetch_document, find_document, list_documents};
pub use store::DocumentStore;
pub use upload::upload_document;
