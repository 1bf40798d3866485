//! The person's data rights over HTTP: consents recorded at registration and for WhatsApp,
//! withdrawn as the rules allow; corrections of applicants' data by the person and by the
//! office; and exports of everything held about the account, built in the background and
//! downloaded as a ZIP that the tests open.

mod consents;
mod corrections;
mod exports;
