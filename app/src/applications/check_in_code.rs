//! The check-in code of a paid application: what the app shows as a QR code at the office
//! on the day of the appointment.

use paspor_domain::{ApplicationStatus, TimeZone};
use paspor_openapi::CheckInCodeDto;
use paspor_persistence::{DbConnection, applications, bookings, offices, sessions};

use super::ApplicationError;
use crate::auth::Applicant;
use crate::check_in::{self, CheckIn};
use crate::locale::Message;
use crate::state::AppState;

/// Where and when the caller's application checks in, with the office's time zone.
fn appointment(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
) -> Result<(CheckIn, TimeZone), ApplicationError> {
    let record = applications::find_owned(conn, account, id)?
        .ok_or(ApplicationError::NotFound("application"))?;
    let unpaid = || {
        ApplicationError::Refused(
            Message::new("check-in-code-not-yet")
                .with("status", record.status.as_str())
                .into(),
        )
    };
    if record.status != ApplicationStatus::Paid {
        return Err(unpaid());
    }
    // A paid booking no longer waits for payment.
    let booking = bookings::current_of_application(conn, &record.id)?
        .filter(|booking| booking.hold_deadline.is_none())
        .ok_or_else(unpaid)?;
    let session = sessions::find(conn, &booking.session_id)?.ok_or_else(|| {
        anyhow::anyhow!(
            "session {} of booking {} is gone",
            booking.session_id,
            booking.id
        )
    })?;
    let office = offices::find(conn, &session.office_id)?
        .ok_or_else(|| anyhow::anyhow!("office {} of a session is gone", session.office_id))?;
    let check_in = CheckIn {
        application_id: record.id,
        office_id: office.id,
        date: session.date,
    };
    Ok((check_in, office.time_zone))
}

/// The check-in code of one of the caller's applications; refused unless it is paid.
pub async fn check_in_code(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<CheckInCodeDto, ApplicationError> {
    let account = principal.account.clone();
    let (check_in, time_zone) = state
        .db
        .call(move |conn| appointment(conn, &account, &id))
        .await?;
    let code = check_in::issue(&state.check_in, &check_in)?;
    let valid = check_in::validity(check_in.date, time_zone);
    Ok(CheckInCodeDto {
        code,
        application_id: check_in.application_id,
        office_id: check_in.office_id,
        date: check_in.date,
        valid_from: valid.start,
        valid_until: valid.end,
    })
}
