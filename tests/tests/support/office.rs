//! Applications brought to `approved`, for the tests of what follows the decision.
//!
//! These tests start from an approval set directly in the database, so that their dates stay
//! theirs to choose (checking in through the routes needs the appointment day). The routes
//! that lead to an approval are tested in `office_processing`, and the whole way from booking
//! to collection through the routes alone in `office_journey`.

use paspor_api::clock::Clock as _;
use paspor_domain::ApplicationStatus;
use paspor_persistence::applications::move_status;
use serde_json::Value;

use super::app::TestApp;
use super::applications::paid_application;

/// A new application of the signed-in applicant for the person with this NIK, booked on
/// `DATE` at the seed office, paid, and approved (see [`approve`]); returns its id.
pub async fn approved_application(app: &TestApp, tokens: &Value, nik: &str) -> String {
    let id = paid_application(app, tokens, nik).await;
    approve(app, &id);
    id
}

/// Moves a paid application paid → checked_in → in_review → approved directly in the
/// database, each move with its history entry.
pub fn approve(app: &TestApp, id: &str) {
    let mut conn = app.pool().get().expect("a connection");
    let now = app.clock.now();
    for (from, to) in [
        (ApplicationStatus::Paid, ApplicationStatus::CheckedIn),
        (ApplicationStatus::CheckedIn, ApplicationStatus::InReview),
        (ApplicationStatus::InReview, ApplicationStatus::Approved),
    ] {
        let moved = move_status(&mut conn, id, from, to, None, now).expect("the move is stored");
        assert!(moved, "{id} was not {from}");
    }
}
