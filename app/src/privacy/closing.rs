//! Erasure at closing: inside the closing's transaction, under the account's lock, every
//! row tied to the account, its applicants and their applications is erased, blanked or
//! kept as the registry says; each decided application kept gets its hold (until when);
//! the document files no longer kept are recorded for deletion, and deleted from the store
//! once the transaction committed (`super::expiry::delete_files`; the retention job tries
//! again what failed).

use chrono::{DateTime, Months, NaiveTime, Utc};
use paspor_persistence::erasure::{self, AccountApplication};
use paspor_persistence::{DbConnection, StoreResult};

use super::registry_work::{Tied, apply_registry};
use crate::config::RetentionSettings;

/// `at` plus `years` (the last day of February for a 29 February that has none).
pub(super) fn years_after(at: DateTime<Utc>, years: u32) -> DateTime<Utc> {
    at.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Erases what closing account `account` (locked by the caller, open until now) erases and
/// keeps what the law keeps; `email` and `phone` are the account's as they were. Returns
/// how many document files were recorded for deletion: once the transaction committed,
/// `super::expiry::delete_files` deletes them from the store.
pub fn erase_at_closing(
    conn: &mut DbConnection,
    account: &str,
    email: &str,
    phone: &str,
    settings: &RetentionSettings,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let applications = erasure::applications_of_account(conn, account)?;
    let (kept, erased): (Vec<AccountApplication>, Vec<AccountApplication>) =
        applications.into_iter().partition(|found| found.decided);
    let kept_applications: Vec<String> = kept.iter().map(|found| found.id.clone()).collect();
    let erased_applications: Vec<String> = erased.iter().map(|found| found.id.clone()).collect();
    let mut kept_applicants: Vec<String> = kept
        .iter()
        .map(|found| found.applicant_id.clone())
        .collect();
    kept_applicants.sort();
    kept_applicants.dedup();
    let erased_applicants = erasure::applicants_of_account(conn, account)?
        .into_iter()
        .filter(|applicant| !kept_applicants.contains(applicant))
        .collect();
    let passports = erasure::passports_of(conn, &kept_applications)?;
    for application in &kept_applications {
        // Without a recorded decision (a decision older than its record), the period
        // counts from the closing: kept longer rather than shorter.
        let decided = erasure::decided_at(conn, application)?.unwrap_or(now);
        let mut kept_until = years_after(decided, settings.decision_years);
        for (_, _, expiry) in passports.iter().filter(|(_, of, _)| of == application) {
            let expired = expiry.and_time(NaiveTime::MIN).and_utc();
            kept_until = kept_until.max(years_after(expired, settings.passport_years));
        }
        erasure::hold(conn, application, kept_until, now)?;
    }
    let mut contacts = vec![email.to_owned(), crate::accounts::sign_in_subject(email)];
    if !phone.is_empty() {
        contacts.push(phone.to_owned());
    }
    contacts.extend(erasure::device_tokens(conn, account)?);
    let files = erasure::document_keys(conn, &erased_applications)?;
    for file in &files {
        erasure::record_file_deletion(conn, file, now)?;
    }
    let tied = Tied {
        account: vec![account.to_owned()],
        contacts,
        kept_applicants,
        erased_applicants,
        kept_applications,
        erased_applications,
        kept_passports: passports.into_iter().map(|(id, _, _)| id).collect(),
        erased_passports: Vec::new(),
    };
    apply_registry(conn, &tied)?;
    Ok(files.len())
}
