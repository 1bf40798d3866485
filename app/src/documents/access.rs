//! Who may see an application's documents, and when they may be changed.
//!
//! The owning account sees them, and so do the officers and office admins of the office
//! where the application is booked (they check the documents at the appointment). To anyone
//! else the application does not exist: 404, never 403, so that ids cannot be probed.

use paspor_domain::accepts_documents;
use paspor_domain::account::Role;
use paspor_persistence::applications::ApplicationRecord;
use paspor_persistence::{DbConnection, applications, bookings};

use super::DocumentError;
use crate::auth::Principal;

/// Ok when `principal` may see the documents of application `id`.
pub(super) fn may_see(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<(), DocumentError> {
    let visible = match principal.role {
        Role::Applicant => {
            applications::owner_of(conn, id)?.is_some_and(|owner| owner == principal.account)
        }
        Role::Officer | Role::OfficeAdmin => match &principal.office {
            Some(office) => bookings::booked_office(conn, id)?.as_ref() == Some(office),
            None => false,
        },
        // Documents hold personal data: no integrator scope reaches them.
        Role::SystemAdmin | Role::Integrator => false,
    };
    if visible {
        Ok(())
    } else {
        Err(DocumentError::NotFound(None))
    }
}

/// Ok when application `id` is `account`'s and still takes documents.
pub(super) fn may_change(
    conn: &mut DbConnection,
    account: &str,
    id: &str,
) -> Result<(), DocumentError> {
    let application =
        applications::find_owned(conn, account, id)?.ok_or(DocumentError::NotFound(None))?;
    accepting(&application)
}

/// Refuses unless `application` still takes documents.
pub(super) fn accepting(application: &ApplicationRecord) -> Result<(), DocumentError> {
    if accepts_documents(application.status) {
        Ok(())
    } else {
        Err(DocumentError::Closed(application.status))
    }
}
