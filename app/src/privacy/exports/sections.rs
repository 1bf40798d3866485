//! The sections of an export's `data.json`, in order: one function each, reading one kind
//! of data about the [`Subject`]. A table added to the service joins the export as one line
//! here (and its reading function in `paspor_persistence::exports::records`).

use paspor_persistence::exports::records::{self, Records, Subject};
use paspor_persistence::{DbConnection, StoreResult};

/// Reads one section's records.
pub type ReadSection = fn(&mut DbConnection, &Subject) -> StoreResult<Records>;

/// Every section: its key in `data.json` and how it is read.
pub const SECTIONS: &[(&str, ReadSection)] = &[
    ("profile", records::profile),
    ("consents", records::consents),
    ("applicants", records::applicants),
    ("applicant_corrections", records::corrections),
    ("applications", records::applications),
    ("application_history", records::application_history),
    ("office_records", records::office_records),
    ("bookings", records::bookings),
    ("payments", records::payments),
    ("documents", records::documents),
    ("document_reads", records::document_reads),
    ("waitlist_entries", records::waitlist),
    ("walk_ins", records::walk_ins),
    ("passports", records::passports),
    ("deliveries", records::deliveries),
    ("passport_dispatches", records::dispatches),
    ("notices", records::notices),
    ("devices", records::devices),
    ("audit", records::audit),
    ("exports", records::exports),
];
