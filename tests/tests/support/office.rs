//! Applications brought to `approved`, for the tests of what follows the decision.
//!
//! These tests start from an approval set directly in the database, so that their dates stay
//! theirs to choose (checking in through the routes needs the appointment day). The routes
//! that lead to an approval are tested in `office_processing`, and the whole way from booking
//! to collection through the routes alone in `office_journey`.

use paspor_api::clock::Clock as _;
use paspor_domain::ApplicationStatus;
use paspor_openapi::TokenPairDto;
use paspor_persistence::{StoreError, applications, write_transaction};

use super::app::TestApp;
use super::applications::paid_application;

/// A new application of the signed-in applicant for the person with this NIK, booked on
/// `DATE` at the seed office, paid, and approved (see [`approve`]); returns its id.
pub async fn approved_application(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let id = paid_application(app, tokens, nik).await;
    approve(app, &id);
    id
}

/// Moves a paid application paid → checked_in → in_review → approved directly in the
/// database, each move with its history entry.
pub fn approve(app: &TestApp, id: &str) {
    let mut conn = app.pool().get().expect("a connection");
    let now = app.clock.now();
    write_transaction(&mut conn, |conn| {
        let mut application = applications::lock(conn, id)?.expect("the application");
        for (from, to) in [
            (ApplicationStatus::Paid, ApplicationStatus::CheckedIn),
            (ApplicationStatus::CheckedIn, ApplicationStatus::InReview),
            (ApplicationStatus::InReview, ApplicationStatus::Approved),
        ] {
            assert_eq!(application.status, from, "{id}");
            let moved = applications::move_status(conn, &mut application, to, None, now)?;
            assert!(moved.applied(), "{id} was not {from}");
        }
        Ok::<_, StoreError>(())
    })
    .expect("the moves are stored");
}
