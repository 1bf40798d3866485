//! The payment channel's daily settlement report (system admins): imported once per file,
//! each line matched to the booking of its billing code and reconciled in a transaction of
//! its own under the application's lock, so that a payment is applied once whether its
//! notice, the report, or several imports of the report come at once. A payment made in
//! time whose notice never came is applied as the notice would have been, on its place if
//! still held or free, else on the nearest free place of the same office, else without a
//! place (the person books one); the rest is listed for an admin. The format is in
//! `docs/INTEGRATORS.md` §23 and `paspor_domain::settlement_report`.

mod error;
mod import;
mod read;
mod reconcile;

pub use error::SettlementError;
pub use import::{Imported, import_report};
pub use read::{list_lines, show_report};
