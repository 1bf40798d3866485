//! Applying the registry's lines to the rows tied to a person: the one piece of work that
//! closing and the retention job share, so that what either does is what the registry
//! says.

use paspor_persistence::erasure::{blank_tied, delete_tied};
use paspor_persistence::{DbConnection, StoreResult};

use super::retention::{REGISTRY, Rule, TableRule, Tie};

/// The ids rows may be tied by, split between what is kept (tied to a decided
/// application) and what is erased.
#[derive(Debug, Default)]
pub(super) struct Tied {
    pub account: Vec<String>,
    pub contacts: Vec<String>,
    pub kept_applicants: Vec<String>,
    pub erased_applicants: Vec<String>,
    pub kept_applications: Vec<String>,
    pub erased_applications: Vec<String>,
    pub kept_passports: Vec<String>,
    pub erased_passports: Vec<String>,
}

/// Applies every line of the registry, in its order, to the rows tied by `tied`.
pub(super) fn apply_registry(conn: &mut DbConnection, tied: &Tied) -> StoreResult<()> {
    for line in REGISTRY {
        let (columns, kept, erased): (&[&str], &[String], &[String]) = match line.tie {
            Tie::Unlinked => continue,
            // An account's own rows and what was sent to it: no decision tells them apart,
            // so the line's rule says all (an `Erase` erases them, a `Keep` keeps them).
            Tie::Account(columns) => (columns, &tied.account, &[]),
            Tie::Contact(columns) => (columns, &tied.contacts, &[]),
            Tie::Applicant(columns) => (columns, &tied.kept_applicants, &tied.erased_applicants),
            Tie::Application(columns) => {
                (columns, &tied.kept_applications, &tied.erased_applications)
            }
            Tie::Passport(columns) => (columns, &tied.kept_passports, &tied.erased_passports),
        };
        keep(conn, line, columns, kept)?;
        erase(conn, line, columns, erased)?;
    }
    Ok(())
}

/// The rows of a decided application: kept where the registry keeps them, blanked as it says.
fn keep(
    conn: &mut DbConnection,
    line: &TableRule,
    columns: &[&str],
    ids: &[String],
) -> StoreResult<()> {
    match line.rule {
        Rule::Erase => {
            delete_tied(conn, line.table, columns, ids)?;
        }
        Rule::Anonymise { .. } | Rule::Keep { .. } => {
            blank_tied(conn, line.table, columns, line.blanked(), ids)?;
        }
        Rule::NotPersonal { .. } => {}
    }
    Ok(())
}

/// The rows nothing keeps: deleted, or blanked where the registry keeps the row whatever
/// became of the application (payments) or keeps it for statistics.
fn erase(
    conn: &mut DbConnection,
    line: &TableRule,
    columns: &[&str],
    ids: &[String],
) -> StoreResult<()> {
    match line.rule {
        Rule::Erase
        | Rule::Keep {
            undecided_too: false,
            ..
        } => {
            delete_tied(conn, line.table, columns, ids)?;
        }
        Rule::Anonymise { .. }
        | Rule::Keep {
            undecided_too: true,
            ..
        } => {
            blank_tied(conn, line.table, columns, line.blanked(), ids)?;
        }
        Rule::NotPersonal { .. } => {}
    }
    Ok(())
}
