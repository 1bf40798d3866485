//! Documents of applications as use cases the routes call: upload (or replace) one kind,
//! list them, fetch one back, and the checklist of what the person must bring.
//!
//! A file is written whole to the document store first, and recorded in the database only
//! then: a reader never meets a row whose file is half-written. The price is that a crash
//! (or a request cancelled) between the two can leave a file no row names; such files are
//! never served.
//!
//! Every stored document is encrypted at rest (`cipher.rs`); officers' reads are recorded
//! and shown to the applicant (`reads.rs`).

mod access;
pub(crate) mod checklist;
mod cipher;
mod error;
mod read;
mod reads;
mod reencrypt;
mod store;
mod upload;

pub use checklist::show_checklist;
pub use cipher::{DocumentKey, DocumentKeys, SealError};
pub use error::DocumentError;
pub use read::{fetch_document, find_document, list_documents};
pub use reads::list_document_reads;
pub use reencrypt::{ReencryptionProgress, reencrypt_all};
pub use store::{DocumentStore, Reencrypted};
pub use upload::upload_document;
