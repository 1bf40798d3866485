//! What each reminder says, in the reader's language (`app/locales/*/reminders.ftl`), and
//! what it needs to say it: the place (office, address, session, the office's zone) and
//! the application's document checklist (what to bring, its names as the checklist
//! gives them).

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::document::checklist::Checklist;
use paspor_domain::document::requirements::{Need, requirements};
use paspor_domain::quota::Session;
use paspor_domain::{DocumentKind, TimeZone};
use paspor_persistence::DbConnection;
use paspor_persistence::applications::ApplicationRecord;
use paspor_persistence::bookings::ApplicationBooking;
use paspor_persistence::{offices, sessions};

use super::ReminderError;
use crate::applications::appointment_at;
use crate::documents::checklist::{document_case, facts_of, uploaded_kinds};
use crate::locale::clock::{instant_at, long_date, time_of_day};
use crate::locale::money::rupiah;
use crate::locale::{Args, Language, text};
use crate::notice::Notice;

/// Where and when an appointment is.
pub(super) struct Place {
    /// The office's name.
    pub office: String,
    /// Its address, with the city.
    pub address: String,
    /// Its time zone.
    pub zone: TimeZone,
    /// The session booked.
    pub session: Session,
}

/// The place of session `session_id`.
pub(super) fn place_of(conn: &mut DbConnection, session_id: &str) -> Result<Place, ReminderError> {
    let session = sessions::find(conn, session_id)?
        .ok_or_else(|| anyhow::anyhow!("session {session_id} is gone"))?;
    let office = offices::find(conn, &session.office_id)?
        .ok_or_else(|| anyhow::anyhow!("office {} is gone", session.office_id))?;
    Ok(Place {
        address: format!("{}, {}", office.address, office.city),
        office: office.name,
        zone: office.time_zone,
        session,
    })
}

/// A document to bring: its kind, and whether the officer only may ask for it.
pub(super) struct Bring {
    kind: DocumentKind,
    optional: bool,
}

/// What application `record`'s holder brings on `date`: its checklist's items, each the
/// kind uploaded for it (or the usual one), the applicant's age taken on that date.
pub(super) fn what_to_bring(
    conn: &mut DbConnection,
    record: &ApplicationRecord,
    date: NaiveDate,
) -> Result<Vec<Bring>, ReminderError> {
    let facts = facts_of(conn, record)?;
    let uploaded = uploaded_kinds(conn, &record.id)?;
    let case = document_case(record, &facts, date);
    let checklist = Checklist::new(requirements(&case), &uploaded);
    Ok(checklist
        .items
        .iter()
        .map(|item| Bring {
            kind: item
                .supplied
                .unwrap_or_else(|| item.requirement.usual_kind()),
            optional: item.requirement.need == Need::Optional,
        })
        .collect())
}

/// The payment deadline of `booking` at `place` is near.
pub(super) fn payment(
    language: Language,
    place: &Place,
    booking: &ApplicationBooking,
    deadline: DateTime<Utc>,
) -> Notice {
    let mut args = Args::new();
    args.set("office", place.office.clone());
    args.set(
        "appointment",
        appointment_at(language, &place.session, place.zone),
    );
    args.set("amount", rupiah(booking.amount));
    args.set("billing_code", booking.billing_code.clone());
    args.set("deadline", instant_at(language, deadline, place.zone));
    Notice::of(language, "reminder-payment", &args)
}

/// The appointment at `place` is near: bring `bring`.
pub(super) fn appointment(language: Language, place: &Place, bring: &[Bring]) -> Notice {
    let documents: Vec<String> = bring
        .iter()
        .map(|item| {
            let mut args = Args::new();
            args.set("name", text(language, &format!("kind-{}", item.kind), None));
            let id = if item.optional {
                "reminder-appointment-document-optional"
            } else {
                "reminder-appointment-document"
            };
            text(language, id, Some(&args))
        })
        .collect();
    let mut args = Args::new();
    args.set("office", place.office.clone());
    args.set("address", place.address.clone());
    args.set(
        "appointment",
        appointment_at(language, &place.session, place.zone),
    );
    args.set("start", time_of_day(language, place.session.starts));
    args.set("documents", documents.join("\n"));
    Notice::of(language, "reminder-appointment", &args)
}

/// A ready passport's last collection day is near.
pub(super) fn collection(language: Language, number: &str, collect_by: NaiveDate) -> Notice {
    let mut args = Args::new();
    args.set("number", number.to_owned());
    args.set("collect_by", long_date(language, collect_by));
    Notice::of(language, "reminder-collection", &args)
}
