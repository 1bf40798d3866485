//! Everything stored about one account and the people on it, table by table, as the
//! archive's records: each row a JSON object of its columns by name.
//!
//! This is the one place where rows become JSON on purpose: a copy of one's data under UU
//! PDP is a copy of what is stored, so the archive's records follow the tables (versioned by
//! the archive's `format_version`). A column is left out only where it is not the person's
//! data or would weaken a secret: password and token hashes, push tokens, storage keys,
//! officers' free notes, the officer's id on audit records; screenings are left out whole
//! (an officer's assessment of trafficking indicators; see `docs/PRIVACY.md`).
//!
//! One function per section, each taking the [`Subject`], so that a table added later is a
//! function added here and a line in the app's list of sections.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{Map, Value};

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{
    applicant_corrections, applicants, application_decisions, application_deliveries,
    application_document_checks, application_documents, application_history,
    application_interviews, applications, audit_records, bookings, consents, data_exports, devices,
    document_reads, office_sessions, outbox_messages, passport_dispatches, passport_hand_overs,
    passports, payments, users, waitlist_entries, walk_ins,
};

/// The records of one section: one JSON object per row.
pub type Records = Vec<Value>;

/// Whose data is read: the account, the people on it and their applications, and the
/// addresses the service sends to.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// The account.
    pub account_id: String,
    /// Its applicants.
    pub applicant_ids: Vec<String>,
    /// Their applications (the account's and any registered for them at an office).
    pub application_ids: Vec<String>,
    /// The addresses notices went to: the account's email, phone number and push tokens.
    pub recipients: Vec<String>,
}

/// Finds the account's applicants, applications and notice recipients.
pub fn subject(conn: &mut DbConnection, account_id: &str) -> StoreResult<Subject> {
    let applicant_ids: Vec<String> = applicants::table
        .filter(applicants::account_id.eq(account_id))
        .order(applicants::id)
        .select(applicants::id)
        .load(conn)?;
    let application_ids: Vec<String> = applications::table
        .filter(
            applications::account_id
                .eq(account_id)
                .or(applications::applicant_id.eq_any(&applicant_ids)),
        )
        .order(applications::id)
        .select(applications::id)
        .load(conn)?;
    let mut recipients: Vec<String> = users::table
        .find(account_id)
        .select((users::email, users::phone))
        .load::<(String, String)>(conn)?
        .into_iter()
        .flat_map(|(email, phone)| [email, phone])
        .filter(|address| !address.is_empty())
        .collect();
    recipients.extend(
        devices::table
            .filter(devices::account_id.eq(account_id))
            .select(devices::token)
            .load::<String>(conn)?,
    );
    Ok(Subject {
        account_id: account_id.to_owned(),
        applicant_ids,
        application_ids,
        recipients,
    })
}

/// A column's value in the archive: instants as RFC 3339 UTC, dates as `YYYY-MM-DD`.
trait Export {
    fn export(self) -> Value;
}

impl Export for String {
    fn export(self) -> Value {
        Value::String(self)
    }
}

impl Export for i32 {
    fn export(self) -> Value {
        Value::from(self)
    }
}

impl Export for i64 {
    fn export(self) -> Value {
        Value::from(self)
    }
}

impl Export for bool {
    fn export(self) -> Value {
        Value::Bool(self)
    }
}

impl Export for NaiveDate {
    fn export(self) -> Value {
        Value::String(self.format("%Y-%m-%d").to_string())
    }
}

impl Export for NaiveDateTime {
    fn export(self) -> Value {
        Value::String(
            self.and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        )
    }
}

impl<T: Export> Export for Option<T> {
    fn export(self) -> Value {
        self.map_or(Value::Null, Export::export)
    }
}

/// A row type of the archive: the columns named, read by name, written as a JSON object.
macro_rules! record {
    ($name:ident from $table:ident { $($field:ident : $ty:ty),+ $(,)? }) => {
        #[derive(Queryable, Selectable)]
        #[diesel(table_name = $table)]
        struct $name {
            $($field: $ty),+
        }

        impl $name {
            fn into_json(self) -> Value {
                let mut object = Map::new();
                $(object.insert(stringify!($field).to_owned(), self.$field.export());)+
                Value::Object(object)
            }
        }
    };
}

fn json<R>(rows: Vec<R>, into_json: fn(R) -> Value) -> Records {
    rows.into_iter().map(into_json).collect()
}

record!(ProfileRow from users {
    id: String, email: String, phone: String, full_name: String, role: String,
    office_id: Option<String>, language: String,
    email_verified_at: Option<NaiveDateTime>, phone_verified_at: Option<NaiveDateTime>,
    whatsapp_opted_in_at: Option<NaiveDateTime>, failed_logins: i32,
    locked_until: Option<NaiveDateTime>, disabled_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>, created_at: NaiveDateTime, updated_at: NaiveDateTime,
});

/// The account itself, without its password hash.
pub fn profile(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = users::table
        .find(&subject.account_id)
        .select(ProfileRow::as_select())
        .load(conn)?;
    Ok(json(rows, ProfileRow::into_json))
}

record!(ConsentRow from consents {
    id: String, purpose: String, version: String, granted_at: NaiveDateTime,
    withdrawn_at: Option<NaiveDateTime>,
});

/// What the person agreed to and withdrew.
pub fn consents(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = consents::table
        .filter(consents::user_id.eq(&subject.account_id))
        .order((consents::granted_at, consents::id))
        .select(ConsentRow::as_select())
        .load(conn)?;
    Ok(json(rows, ConsentRow::into_json))
}

record!(ApplicantRow from applicants {
    id: String, nik: String, full_name: String, place_of_birth: String, birth_date: NaiveDate,
    sex: String, address: String, father_name: String, mother_name: String,
    marital_status: String, dual_citizen_child: bool, previous_passport_number: Option<String>,
    guardian_nik: Option<String>, created_at: NaiveDateTime, updated_at: NaiveDateTime,
});

/// The people the account applies for.
pub fn applicants(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = applicants::table
        .filter(applicants::id.eq_any(&subject.applicant_ids))
        .order(applicants::id)
        .select(ApplicantRow::as_select())
        .load(conn)?;
    Ok(json(rows, ApplicantRow::into_json))
}

record!(CorrectionRow from applicant_corrections {
    id: String, applicant_id: String, fields: String, corrected_by: String,
    office_id: Option<String>, reason: Option<String>, at: NaiveDateTime,
});

/// The corrections of their data.
pub fn corrections(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = applicant_corrections::table
        .filter(applicant_corrections::applicant_id.eq_any(&subject.applicant_ids))
        .order((applicant_corrections::at, applicant_corrections::id))
        .select(CorrectionRow::as_select())
        .load(conn)?;
    Ok(json(rows, CorrectionRow::into_json))
}

record!(ApplicationRow from applications {
    id: String, applicant_id: String, nik: String, status: String, active: bool,
    passport_kind: String, application_kind: String, replacement_reason: Option<String>,
    service: String, travel_purpose: String, destination_country: String,
    planned_departure: Option<NaiveDate>, address_abroad: Option<String>,
    length_of_stay_days: Option<i32>, contact_name: Option<String>,
    contact_phone: Option<String>, has_return_ticket: Option<bool>,
    accommodation: Option<String>, labour_recommendation_letter: bool, version: i32,
    reschedules: i32, validity_years: Option<i32>, office_id: Option<String>,
    created_at: NaiveDateTime, updated_at: NaiveDateTime,
});

/// Their applications.
pub fn applications(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = applications::table
        .filter(applications::id.eq_any(&subject.application_ids))
        .order(applications::id)
        .select(ApplicationRow::as_select())
        .load(conn)?;
    Ok(json(rows, ApplicationRow::into_json))
}

record!(HistoryRow from application_history {
    id: String, application_id: String, status: String, note: Option<String>, at: NaiveDateTime,
});

/// Every status each application went through.
pub fn application_history(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = application_history::table
        .filter(application_history::application_id.eq_any(&subject.application_ids))
        .order((application_history::at, application_history::id))
        .select(HistoryRow::as_select())
        .load(conn)?;
    Ok(json(rows, HistoryRow::into_json))
}

record!(BookingRow from bookings {
    id: String, application_id: Option<String>, session_id: String, channel: String,
    hold_deadline: Option<NaiveDateTime>, released_at: Option<NaiveDateTime>,
    billing_code: Option<String>, amount: Option<i64>, offer: bool, created_at: NaiveDateTime,
});

record!(SessionRow from office_sessions {
    id: String, office_id: String, session_date: NaiveDate, starts_minute: i32,
    ends_minute: i32,
});

/// Their bookings, with the office, date and times of each booked session.
pub fn bookings(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows: Vec<(BookingRow, SessionRow)> = bookings::table
        .inner_join(office_sessions::table)
        .filter(bookings::application_id.eq_any(&subject.application_ids))
        .order((bookings::created_at, bookings::id))
        .select((BookingRow::as_select(), SessionRow::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(booking, session)| {
            let mut record = booking.into_json();
            if let Value::Object(fields) = &mut record {
                fields.insert("session".to_owned(), session.into_json());
            }
            record
        })
        .collect())
}

record!(PaymentRow from payments {
    id: String, application_id: Option<String>, billing_code: String, amount: i64,
    ntpn: Option<String>, channel: Option<String>, paid_at: NaiveDateTime, status: String,
    received_at: NaiveDateTime, settlement_resolution: Option<String>,
    settled_at: Option<NaiveDateTime>,
});

/// Their payments (amounts in rupiah, the NTPN the treasury gave each).
pub fn payments(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = payments::table
        .filter(payments::application_id.eq_any(&subject.application_ids))
        .order((payments::received_at, payments::id))
        .select(PaymentRow::as_select())
        .load(conn)?;
    Ok(json(rows, PaymentRow::into_json))
}

record!(DocumentRow from application_documents {
    application_id: String, kind: String, media_type: String, size_bytes: i64,
    sha256: String, uploaded_at: NaiveDateTime,
});

/// Their documents' metadata (the files themselves are read through the document store).
pub fn documents(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = application_documents::table
        .filter(application_documents::application_id.eq_any(&subject.application_ids))
        .order((
            application_documents::application_id,
            application_documents::kind,
        ))
        .select(DocumentRow::as_select())
        .load(conn)?;
    Ok(json(rows, DocumentRow::into_json))
}

/// A document file to copy into the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    /// Its application.
    pub application_id: String,
    /// Its kind's code.
    pub kind: String,
    /// Its media type.
    pub media_type: String,
    /// Where the document store keeps it.
    pub storage_key: String,
}

/// The files of their documents, in the order of [`documents`].
pub fn document_files(
    conn: &mut DbConnection,
    subject: &Subject,
) -> StoreResult<Vec<DocumentFile>> {
    let rows: Vec<(String, String, String, String)> = application_documents::table
        .filter(application_documents::application_id.eq_any(&subject.application_ids))
        .order((
            application_documents::application_id,
            application_documents::kind,
        ))
        .select((
            application_documents::application_id,
            application_documents::kind,
            application_documents::media_type,
            application_documents::storage_key,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(application_id, kind, media_type, storage_key)| DocumentFile {
                application_id,
                kind,
                media_type,
                storage_key,
            },
        )
        .collect())
}

record!(CheckRow from application_document_checks {
    application_id: String, missing: String, presented: String, deadline: Option<NaiveDate>,
    due_at: Option<NaiveDateTime>, checked_at: NaiveDateTime,
});

record!(InterviewRow from application_interviews {
    application_id: String, answers: String, recorded_at: NaiveDateTime,
});

record!(DecisionRow from application_decisions {
    application_id: String, outcome: String, reason_code: Option<String>,
    hold_until: Option<NaiveDate>, decided_at: NaiveDateTime,
});

/// What the office recorded of their applications: document checks, interview answers and
/// decisions (officers' free notes left out).
pub fn office_records(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let ids = &subject.application_ids;
    let checks = application_document_checks::table
        .filter(application_document_checks::application_id.eq_any(ids))
        .order(application_document_checks::application_id)
        .select(CheckRow::as_select())
        .load(conn)?;
    let interviews = application_interviews::table
        .filter(application_interviews::application_id.eq_any(ids))
        .order(application_interviews::application_id)
        .select(InterviewRow::as_select())
        .load(conn)?;
    let decisions = application_decisions::table
        .filter(application_decisions::application_id.eq_any(ids))
        .order(application_decisions::application_id)
        .select(DecisionRow::as_select())
        .load(conn)?;
    let tagged = |kind: &str, record: Value| {
        let mut object = Map::new();
        object.insert("record".to_owned(), Value::String(kind.to_owned()));
        if let Value::Object(fields) = record {
            object.extend(fields);
        }
        Value::Object(object)
    };
    let mut records: Records = Vec::new();
    records.extend(
        checks
            .into_iter()
            .map(|row| tagged("document_check", row.into_json())),
    );
    records.extend(
        interviews
            .into_iter()
            .map(|row| tagged("interview", row.into_json())),
    );
    records.extend(
        decisions
            .into_iter()
            .map(|row| tagged("decision", row.into_json())),
    );
    Ok(records)
}

record!(NoticeRow from outbox_messages {
    id: String, channel: String, recipient: String, subject: String, body: String,
    status: String, created_at: NaiveDateTime, sent_at: Option<NaiveDateTime>,
});

/// The notices sent (or still to send) to the account's current email address, phone
/// number and devices.
pub fn notices(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = outbox_messages::table
        .filter(outbox_messages::recipient.eq_any(&subject.recipients))
        .order((outbox_messages::created_at, outbox_messages::id))
        .select(NoticeRow::as_select())
        .load(conn)?;
    Ok(json(rows, NoticeRow::into_json))
}

record!(DeviceRow from devices {
    id: String, platform: String, created_at: NaiveDateTime, updated_at: NaiveDateTime,
});

/// The devices registered for push notices (their tokens left out: a sender's credential).
pub fn devices(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = devices::table
        .filter(devices::account_id.eq(&subject.account_id))
        .order((devices::created_at, devices::id))
        .select(DeviceRow::as_select())
        .load(conn)?;
    Ok(json(rows, DeviceRow::into_json))
}

record!(WaitlistRow from waitlist_entries {
    id: String, application_id: String, office_id: String, from_date: NaiveDate,
    to_date: NaiveDate, channel: String, status: String, created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
});

/// Their places on waitlists.
pub fn waitlist(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = waitlist_entries::table
        .filter(waitlist_entries::application_id.eq_any(&subject.application_ids))
        .order((waitlist_entries::created_at, waitlist_entries::id))
        .select(WaitlistRow::as_select())
        .load(conn)?;
    Ok(json(rows, WaitlistRow::into_json))
}

record!(DocumentReadRow from document_reads {
    application_id: String, kind: String, office_id: String, read_at: NaiveDateTime,
});

/// Which office read which of their documents, and when (the officer's own account is the
/// audit's, not the person's data, as on the applicant's own view of the reads).
pub fn document_reads(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = document_reads::table
        .filter(document_reads::application_id.eq_any(&subject.application_ids))
        .order((document_reads::read_at, document_reads::id))
        .select(DocumentReadRow::as_select())
        .load(conn)?;
    Ok(json(rows, DocumentReadRow::into_json))
}

record!(DeliveryRow from application_deliveries {
    application_id: String, recipient_name: String, phone: String, address_line1: String,
    address_line2: Option<String>, city: String, province: String, postal_code: String,
    fee: i64, fee_payment: String, chosen_at: NaiveDateTime, updated_at: NaiveDateTime,
});

/// Where they asked their passports to be posted.
pub fn deliveries(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = application_deliveries::table
        .filter(application_deliveries::application_id.eq_any(&subject.application_ids))
        .order(application_deliveries::application_id)
        .select(DeliveryRow::as_select())
        .load(conn)?;
    Ok(json(rows, DeliveryRow::into_json))
}

record!(DispatchRow from passport_dispatches {
    passport_id: String, courier: String, tracking_number: String, dispatched_at: NaiveDateTime,
});

/// Their passports handed to the courier, with the tracking number (the officer's own
/// account is the audit's).
pub fn dispatches(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = passport_dispatches::table
        .inner_join(passports::table)
        .filter(passports::application_id.eq_any(&subject.application_ids))
        .order((
            passport_dispatches::dispatched_at,
            passport_dispatches::passport_id,
        ))
        .select(DispatchRow::as_select())
        .load(conn)?;
    Ok(json(rows, DispatchRow::into_json))
}

record!(WalkInRow from walk_ins {
    application_id: String, office_id: String, visit_date: NaiveDate, kind: String,
    priority_grounds: String, disaster: bool, examination_reference: Option<String>,
    registered_at: NaiveDateTime,
});

/// Their visits registered at an office without a booking.
pub fn walk_ins(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = walk_ins::table
        .filter(walk_ins::application_id.eq_any(&subject.application_ids))
        .order(walk_ins::application_id)
        .select(WalkInRow::as_select())
        .load(conn)?;
    Ok(json(rows, WalkInRow::into_json))
}

record!(PassportRow from passports {
    id: String, number: String, application_id: String, office_id: String, kind: String,
    chip: bool, holder_name: String, holder_nik: String, issue_date: NaiveDate,
    expiry_date: NaiveDate, ready_date: NaiveDate, collect_by: NaiveDate, status: String,
    created_at: NaiveDateTime, updated_at: NaiveDateTime,
});

record!(HandOverRow from passport_hand_overs {
    recipient: String, recipient_name: String, recipient_nik: Option<String>,
    family_card_number: Option<String>, power_of_attorney_reference: Option<String>,
    handed_over_at: NaiveDateTime,
});

/// The passports issued to them, with each hand-over.
pub fn passports(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows: Vec<(PassportRow, Option<HandOverRow>)> = passports::table
        .left_join(passport_hand_overs::table)
        .filter(passports::application_id.eq_any(&subject.application_ids))
        .order((passports::created_at, passports::id))
        .select((PassportRow::as_select(), Option::<HandOverRow>::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(passport, hand_over)| {
            let mut record = passport.into_json();
            if let Value::Object(fields) = &mut record {
                fields.insert(
                    "hand_over".to_owned(),
                    hand_over.map_or(Value::Null, HandOverRow::into_json),
                );
            }
            record
        })
        .collect())
}

record!(AuditRow from audit_records {
    id: String, at: NaiveDateTime, actor_role: String, office_id: Option<String>,
    action: String, object_type: String, object_id: String, before_state: Option<String>,
    after_state: Option<String>,
});

/// What staff did to the account, its applicants and applications (the acting office and
/// role; the officer's own id is theirs).
pub fn audit(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let mut objects = vec![subject.account_id.clone()];
    objects.extend(subject.applicant_ids.iter().cloned());
    objects.extend(subject.application_ids.iter().cloned());
    let rows = audit_records::table
        .filter(audit_records::object_id.eq_any(&objects))
        .order((audit_records::at, audit_records::id))
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok(json(rows, AuditRow::into_json))
}

record!(ExportRow from data_exports {
    id: String, state: String, requested_at: NaiveDateTime, ready_at: Option<NaiveDateTime>,
    expires_at: Option<NaiveDateTime>,
});

/// The copies of their data asked for, this one included.
pub fn exports(conn: &mut DbConnection, subject: &Subject) -> StoreResult<Records> {
    let rows = data_exports::table
        .filter(data_exports::account_id.eq(&subject.account_id))
        .order((data_exports::requested_at, data_exports::id))
        .select(ExportRow::as_select())
        .load(conn)?;
    Ok(json(rows, ExportRow::into_json))
}
