//! The receipt of a paid application, for its owner and for the staff of the office it
//! is booked at: what was paid for and how much, the NTPN and channel the state's payment
//! system reported, the appointment in the office's time zone and the check-in code, in
//! the reader's language; as JSON ([`ReceiptDto`]) or as a PDF with the code as a QR code
//! ([`pdf::render`]).

mod content;
pub mod pdf;

use paspor_openapi::ReceiptDto;
use paspor_persistence::DbConnection;
use paspor_persistence::applications::{self, ApplicationRecord};
use paspor_persistence::processing::appointments::application_at_office;

use crate::auth::Applicant;
use crate::check_in;
use crate::locale::Language;
use crate::notice::language_of_account;
use crate::office::OfficeStaff;
use crate::refusal::Refusal;
use crate::state::AppState;
use content::Drafted;

/// The language a receipt is written in: the one the request names in `Accept-Language`,
/// else the language saved on the applying account (what its notices are written in), so
/// that the owner and the officer reading it see the same receipt.
fn receipt_language(
    conn: &mut DbConnection,
    asked: Option<Language>,
    record: &ApplicationRecord,
) -> Result<Language, Refusal> {
    if let Some(asked) = asked {
        return Ok(asked);
    }
    Ok(match &record.account_id {
        Some(account) => language_of_account(conn, account)?,
        None => Language::DEFAULT,
    })
}

/// The receipt of one of the caller's applications, in the language `asked` or else the
/// account's: 404 for another's, 409 while unpaid.
pub async fn show_receipt(
    state: &AppState,
    principal: &Applicant,
    id: String,
    asked: Option<Language>,
) -> Result<ReceiptDto, Refusal> {
    let account = principal.account.clone();
    let reference = state.reference.clone();
    let drafted = state
        .db
        .run(move |conn| {
            let record = applications::find_owned(conn, &account, &id)?
                .ok_or_else(|| Refusal::not_found("application"))?;
            let language = receipt_language(conn, asked, &record)?;
            content::draft(conn, &reference, record, language)
        })
        .await?;
    finish(state, drafted)
}

/// The receipt of an application booked at the caller's office (officers and office
/// admins): 404 for another office's, 409 while unpaid.
pub async fn show_office_receipt(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    asked: Option<Language>,
) -> Result<ReceiptDto, Refusal> {
    let office = staff.office().to_owned();
    let reference = state.reference.clone();
    let drafted = state
        .db
        .run(move |conn| {
            let record = application_at_office(conn, &office, &id)?
                .ok_or_else(|| Refusal::not_found("application"))?;
            let language = receipt_language(conn, asked, &record)?;
            content::draft(conn, &reference, record, language)
        })
        .await?;
    finish(state, drafted)
}

/// The receipt with its check-in code signed, where one is due.
fn finish(state: &AppState, drafted: Drafted) -> Result<ReceiptDto, Refusal> {
    let Drafted {
        mut receipt,
        check_in,
    } = drafted;
    receipt.check_in_code = check_in
        .map(|check_in| check_in::issue(&state.check_in, &check_in))
        .transpose()
        .map_err(Refusal::internal)?;
    Ok(receipt)
}
