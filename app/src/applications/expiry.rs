//! Unpaid bookings past their 2-hour deadline: this marks the application expired and
//! tells the applicant, and gives the booking back once its place is no longer held. The
//! place stops counting at the deadline, or, with a payment grace period
//! (`PASPOR_PAYMENT_GRACE_MINUTES`), at the end of it (the count of places held looks at
//! both): meanwhile a late notice of a payment made in time restores the application on
//! its place (`payments::notices`), and a pass after the grace gives the place back.
//!
//! Safe with several api processes: each application moves once, and only the process that
//! moved it sends the notice. A payment that commits between the look for lapsed bookings
//! and the expiry's transaction wins: the application is locked first, as a payment locks
//! it, and the place is given back only while its hold is still lapsed.

use chrono::{DateTime, Utc};
use paspor_domain::ApplicationStatus;
use paspor_persistence::{DbConnection, applications, bookings, write_transaction};

use super::ApplicationError;
use super::notices;
use crate::notice::tell_account;

/// How many lapsed bookings one pass looks at.
const BATCH: i64 = 100;

/// Expires every application whose booking lapsed unpaid by `now`; returns how many.
pub fn expire_lapsed(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
) -> Result<usize, ApplicationError> {
    let mut expired = 0;
    loop {
        let lapsed = bookings::lapsed_unpaid(conn, now, BATCH)?;
        let full_batch = lapsed.len() as i64 == BATCH;
        for (booking, application, _deadline) in lapsed {
            let moved = write_transaction(conn, |conn| {
                let Some(mut locked) = applications::lock(conn, &application)? else {
                    return Ok(false);
                };
                // Skipped when paid since it was found (the place stays as it now is), or
                // while its place is held for the grace period.
                bookings::release_lapsed(conn, &locked, &booking, now)?.applied();
                // Paid or cancelled since it was found, or expired by an earlier pass (its
                // grace now over, and its place given back just above).
                if locked.status != ApplicationStatus::AwaitingPayment {
                    return Ok(false);
                }
                if applications::move_status(
                    conn,
                    &mut locked,
                    ApplicationStatus::Expired,
                    Some("not paid within 2 hours"),
                    now,
                )?
                .skipped()
                {
                    return Ok(false);
                }
                crate::webhooks::application_status_changed(conn, &application, now)?;
                if let Some(owner) = &locked.account_id {
                    let code = bookings::billing_code_of(conn, &booking)?.unwrap_or_default();
                    tell_account(
                        conn,
                        owner,
                        &|language| notices::expired(language, &code),
                        now,
                    )?;
                }
                Ok::<_, ApplicationError>(true)
            })?;
            expired += usize::from(moved);
        }
        if !full_batch {
            return Ok(expired);
        }
    }
}
