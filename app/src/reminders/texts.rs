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

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone as _};
    use paspor_domain::quota::Capacity;

    use super::*;

    #[test]
    fn the_payment_reminder_keeps_the_billing_code_off_the_push_notice() {
        let place = Place {
            office: "Kantor Imigrasi Kelas I TPI Jayapura".to_owned(),
            address: "Jl. Percetakan Negara, Jayapura".to_owned(),
            zone: TimeZone::Wit,
            session: Session {
                id: "s".to_owned(),
                office_id: "o".to_owned(),
                date: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
                starts: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                ends: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                capacity: Capacity::default(),
                release_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
                walk_in_only: false,
            },
        };
        let deadline = Utc.with_ymd_and_hms(2026, 12, 7, 3, 0, 0).unwrap();
        let booking = ApplicationBooking {
            id: "b".to_owned(),
            session_id: "s".to_owned(),
            application_id: "a".to_owned(),
            billing_code: "820261207000001".to_owned(),
            amount: 650_000,
            hold_deadline: Some(deadline),
            released_at: None,
            created_at: deadline,
        };
        let notice = payment(Language::English, &place, &booking, deadline);
        assert!(
            notice.body.contains(
                "Pay Rp650.000 with billing code 820261207000001 before Monday, 7 December 2026 at 12:00 WIT."
            ),
            "{notice:?}"
        );
        assert!(!notice.push_title.contains("820261207000001"));
        assert!(!notice.push_body.contains("820261207000001"));
        assert!(notice.push_body.contains("12:00 WIT"), "{notice:?}");
        let bring = [
            Bring {
                kind: DocumentKind::IdentityCard,
                optional: false,
            },
            Bring {
                kind: DocumentKind::OldPassport,
                optional: true,
            },
        ];
        let reminder = appointment(Language::Indonesian, &place, &bring);
        assert!(
            reminder
                .body
                .contains("pada Selasa, 8 Desember 2026 pukul 08.00 WIT."),
            "{reminder:?}"
        );
        assert!(
            reminder
                .body
                .contains("\n- KTP\n- Paspor lama (jika diminta petugas)\n"),
            "{reminder:?}"
        );
    }
}
