//! Telling an application's holder that the office moved it on: an email to the account and
//! a push notice to its devices, written to the outbox in the transaction of the change.
//!
//! Every office-side move goes through [`notify_holder`], so that a later channel has one
//! place to join: it also publishes the `application.status_changed` webhook event to
//! integrators (with the status the application is now in), for walk-ins too. An
//! application without an account (a walk-in registered at the counter) has no holder to
//! email or push to.

use chrono::{DateTime, Utc};
use paspor_persistence::accounts::users;
use paspor_persistence::outbox::{self, Channel, NewMessage};
use paspor_persistence::{DbConnection, StoreResult, applications};

use crate::applications::{PushNotice, push_to_devices};

/// What the holder is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The email's subject.
    pub subject: String,
    /// The email's text.
    pub body: String,
    /// The push notice's title.
    pub push_title: &'static str,
    /// The push notice's one line (nothing a lock screen should not show).
    pub push_body: String,
}

/// Enqueues `notice` for the holder of `application_id`; returns whether there was one.
pub fn notify_holder(
    conn: &mut DbConnection,
    application_id: &str,
    notice: &Notice,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    crate::webhooks::application_status_changed(conn, application_id, now)?;
    let Some(owner) = applications::owner_of(conn, application_id)? else {
        return Ok(false);
    };
    if let Some(user) = users::find(conn, &owner)? {
        let email = NewMessage {
            channel: Channel::Email,
            recipient: user.email,
            subject: notice.subject.clone(),
            body: notice.body.clone(),
            code: None,
        };
        outbox::enqueue(conn, &email, now)?;
    }
    let push = PushNotice {
        title: notice.push_title,
        body: notice.push_body.clone(),
    };
    push_to_devices(conn, &owner, &push, now)?;
    Ok(true)
}
