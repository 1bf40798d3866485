//! What every black-box test uses: a running server with its own database, a client, a
//! clock the test controls, a bounded wait for background work, and the macro that runs a
//! test on both backends.

mod accounts;
mod app;
mod applications;
mod contract;
mod database;
mod integrators;
mod jobs;
mod office;
mod payments;
mod races;
mod rows;
mod s3;
pub mod stall;
mod wait;

pub use accounts::{PASSWORD, SEED_OFFICE_ID, access, refresh};
pub use app::{Answer, TestApp, instant};
pub use applications::{
    DATE, add_applicant, book_new, draft, nth_nik, paid_application, pay, seed_session_on_date,
    upload_document, upload_required_documents,
};
pub use database::TestDatabase;
pub use integrators::{Client, token_of};
pub use jobs::BOOKING_EXPIRY;
pub use office::{approve, approved_application};
pub use paspor_api::clock::Clock;
pub use payments::{PAYMENT_SECRET, notify, notify_raw, paid_notice};
pub use races::{AT_ONCE, ROUNDS, at_once, split};
pub use rows::insert_hold;
pub use s3::TestBucket;
pub use wait::eventually;

/// Defines a test that runs once on SQLite and once on PostgreSQL, as two tests named
/// `<name>::sqlite` and `<name>::postgres`. Without a reachable PostgreSQL the second
/// prints SKIPPED (or fails when `REQUIRE_POSTGRES=1`).
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            // Globs: each test uses a different part of its file and of the support module.
            #[allow(unused_imports, reason = "not every test uses every helper")]
            use super::*;
            #[allow(unused_imports, reason = "not every test uses every helper")]
            use crate::support::*;

            async fn run($app: crate::support::TestApp) $body

            #[actix_web::test]
            async fn sqlite() {
                run(crate::support::TestApp::start(crate::support::TestDatabase::sqlite()).await).await;
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(database) = crate::support::TestDatabase::postgres(stringify!($name)) {
                    run(crate::support::TestApp::start(database).await).await;
                }
            }
        }
    };
}
