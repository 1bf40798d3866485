//! Telling an application's holder that the office moved it on: an email to the account and
//! a push notice to its devices, in the account's language, written to the outbox in the
//! transaction of the change.
//!
//! Every office-side move goes through [`notify_holder`]: it also publishes the
//! `application.status_changed` webhook event to integrators (with the status the
//! application is now in), for walk-ins too, and reaches the holder through
//! [`crate::notice::tell_account`], where every channel joins. An application without an
//! account (a walk-in registered at the counter) has no holder to email or push to.

use chrono::{DateTime, Utc};
use paspor_persistence::{DbConnection, StoreResult, applications};

use crate::locale::Language;
pub use crate::notice::Notice;
use crate::notice::tell_account;

/// Enqueues the notice `compose` writes (in the holder's language) for the holder of
/// `application_id`; returns whether there was one.
pub fn notify_holder(
    conn: &mut DbConnection,
    application_id: &str,
    compose: &dyn Fn(Language) -> Notice,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    crate::webhooks::application_status_changed(conn, application_id, now)?;
    let Some(owner) = applications::owner_of(conn, application_id)? else {
        return Ok(false);
    };
    tell_account(conn, &owner, compose, now)?;
    Ok(true)
}
