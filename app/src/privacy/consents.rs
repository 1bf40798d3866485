//! What the account holder agreed to: the privacy notice (recorded at registration, with
//! the version in force) and the optional channels (WhatsApp), each grant a record that its
//! withdrawal closes and keeps. Listing shows them all; withdrawing the WhatsApp consent
//! also stops WhatsApp notices; the privacy notice's ends only with the account.

use chrono::{DateTime, Utc};
use paspor_domain::privacy::ConsentPurpose;
use paspor_openapi::{ConsentDto, ConsentPage, PageQuery};
use paspor_persistence::accounts::{phone, users};
use paspor_persistence::consents::{self, ConsentRecord};
use paspor_persistence::{DbConnection, StoreResult, write_transaction};

use super::PrivacyError;
use crate::auth::AccountHolder;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// Records the registration's consent to the privacy notice `version`, inside the
/// registration's transaction.
pub fn record_privacy_notice(
    conn: &mut DbConnection,
    account: &str,
    version: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    // A new account has no consent yet: this one is always recorded.
    let _recorded = consents::grant(conn, account, ConsentPurpose::PrivacyNotice, version, now)?;
    Ok(())
}

/// Records the holder's choice about WhatsApp notices, under the account's lock (taken by
/// the caller): the opt-in time on the account that the senders read, and a consent record
/// opened (kept if open already) or closed.
pub fn record_whatsapp_choice(
    conn: &mut DbConnection,
    account: &str,
    opted_in: bool,
    version: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    phone::set_whatsapp_opt_in(conn, account, opted_in.then_some(now))?;
    // Skipped when the choice stands already: opting in twice keeps the first grant,
    // withdrawing twice has nothing more to close.
    let _changed = if opted_in {
        consents::grant(conn, account, ConsentPurpose::WhatsApp, version, now)?
    } else {
        consents::withdraw(conn, account, ConsentPurpose::WhatsApp, now)?
    };
    Ok(())
}

/// Ends every consent of a closing account (the privacy notice's included: it lasts as
/// long as the account), inside the closing's transaction.
pub fn end_with_account(
    conn: &mut DbConnection,
    account: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    consents::withdraw_all(conn, account, now)?;
    Ok(())
}

/// A page of the caller's consents, newest first.
pub async fn list_consents(
    state: &AppState,
    principal: &AccountHolder,
    paging: PageQuery,
) -> Result<ConsentPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let account = principal.account.clone();
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .call(move |conn| {
            let total = consents::count(conn, &account)?;
            let records = consents::list(conn, &account, offset, i64::from(per_page))?;
            Ok::<_, PrivacyError>((records, total))
        })
        .await?;
    Ok(ConsentPage {
        items: records.into_iter().map(consent_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Withdraws the caller's consent to `purpose` (nothing to do when none stands). The
/// privacy notice's cannot be withdrawn while the account is open.
pub async fn withdraw_consent(
    state: &AppState,
    principal: &AccountHolder,
    purpose: String,
) -> Result<(), PrivacyError> {
    let purpose: ConsentPurpose = purpose.parse().map_err(|_| PrivacyError::UnknownPurpose)?;
    if !purpose.withdrawable_while_open() {
        return Err(PrivacyError::PrivacyNoticeWhileOpen);
    }
    let account = principal.account.clone();
    let now = state.clock.now();
    let version = state.privacy.notice_version.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                if users::lock_open(conn, &account)?.skipped() {
                    return Err(PrivacyError::AccountClosed);
                }
                match purpose {
                    ConsentPurpose::WhatsApp => {
                        record_whatsapp_choice(conn, &account, false, &version, now)?;
                    }
                    ConsentPurpose::PrivacyNotice => {
                        return Err(PrivacyError::PrivacyNoticeWhileOpen);
                    }
                }
                Ok(())
            })
        })
        .await
}

fn consent_dto(record: ConsentRecord) -> ConsentDto {
    ConsentDto {
        purpose: record.purpose.into(),
        version: record.version,
        granted_at: record.granted_at,
        withdrawn_at: record.withdrawn_at,
    }
}
