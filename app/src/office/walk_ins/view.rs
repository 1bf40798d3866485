//! A walk-in as the office sees it: its application's status, its place and payment, the
//! fee line by line, and the check-in code printed on its queue ticket.

use chrono::NaiveDate;
use paspor_domain::offer::{Offer, OfferRequest};
use paspor_domain::office::Office;
use paspor_domain::{ApplicationKind, ApplicationStatus, Channel, PassportKind, Service, TimeZone};
use paspor_openapi::{BookingDto, CheckInCodeDto, QuoteDto, WalkInDto};
use paspor_persistence::applications::ApplicantFacts;
use paspor_persistence::walk_ins::WalkInRecord;
use paspor_persistence::{DbConnection, bookings, sessions};

use super::WalkInError;
use crate::applications::booking_in_session;
use crate::check_in::{self, CheckIn, CheckInKey};
use crate::offer::{Pricing, holder, stored_offer};

/// What is priced: the walk-in's passport, service and kind, for its person.
pub(super) struct Priced<'a> {
    pub passport_kind: PassportKind,
    pub service: Service,
    pub application_kind: ApplicationKind,
    /// The loss or damage came from a disaster: no penalty.
    pub disaster: bool,
    pub applicant: &'a ApplicantFacts,
}

/// The fee at `office` under the schedule and validity rules in force on `date` (the
/// person's longest term); `None` when nothing can price it.
pub(super) fn quote_on(
    priced: &Priced<'_>,
    pricing: &Pricing,
    office: &Office,
    date: NaiveDate,
) -> Option<Offer> {
    let request = OfferRequest {
        passport_kind: priced.passport_kind,
        service: priced.service,
        application_kind: priced.application_kind,
        disaster: priced.disaster,
        validity_years: None,
    };
    stored_offer(
        pricing.on(date),
        &holder(priced.applicant),
        Some(office),
        &request,
    )
}

/// A walk-in with what its view needs from other tables, read on one connection.
pub(super) struct Loaded {
    record: WalkInRecord,
    booking: Option<BookingDto>,
    quote: Option<QuoteDto>,
    time_zone: TimeZone,
}

/// Loads the walk-in's booking (if not given back) and prices it as registered.
pub(super) fn load(
    conn: &mut DbConnection,
    record: WalkInRecord,
    office: &Office,
    pricing: &Pricing,
) -> Result<Loaded, WalkInError> {
    let time_zone = office.time_zone;
    let channel = record.kind.channel();
    let booking = match bookings::current_of_application(conn, &record.application_id)? {
        Some(booking) => {
            let session = sessions::find(conn, &booking.session_id)?.ok_or_else(|| {
                anyhow::anyhow!(
                    "session {} of booking {} is gone",
                    booking.session_id,
                    booking.id
                )
            })?;
            Some(booking_in_session(&booking, &session, channel))
        }
        None => None,
    };
    let priced = Priced {
        passport_kind: record.passport_kind,
        service: record.service,
        application_kind: record.application_kind,
        disaster: record.disaster,
        applicant: &record.applicant,
    };
    let quote = quote_on(&priced, pricing, office, record.visit_date);
    Ok(Loaded {
        quote: quote.as_ref().map(QuoteDto::from),
        record,
        booking,
        time_zone,
    })
}

/// The wire form, with a check-in code for the visit date while one is of use (the fee
/// awaited or paid).
pub(super) fn dto(loaded: Loaded, key: &CheckInKey) -> Result<WalkInDto, WalkInError> {
    let Loaded {
        record,
        booking,
        quote,
        time_zone,
    } = loaded;
    let check_in_code = match record.status {
        ApplicationStatus::AwaitingPayment | ApplicationStatus::Paid => {
            let check_in = CheckIn {
                application_id: record.application_id.clone(),
                office_id: record.office_id.clone(),
                date: record.visit_date,
            };
            let valid = check_in::validity(record.visit_date, time_zone);
            Some(CheckInCodeDto {
                code: check_in::issue(key, &check_in)?,
                application_id: check_in.application_id,
                office_id: check_in.office_id,
                date: check_in.date,
                valid_from: valid.start,
                valid_until: valid.end,
            })
        }
        _ => None,
    };
    let channel: Channel = record.kind.channel();
    Ok(WalkInDto {
        application_id: record.application_id,
        applicant_id: record.applicant_id,
        office_id: record.office_id,
        kind: record.kind.into(),
        visit_date: record.visit_date,
        status: record.status.into(),
        nik: record.applicant.nik,
        full_name: record.full_name,
        passport_kind: record.passport_kind.into(),
        application_kind: record.application_kind.code().into(),
        replacement_reason: record.application_kind.replacement_reason().map(Into::into),
        service: record.service.into(),
        channel: channel.into(),
        booking,
        quote,
        check_in_code,
        priority_grounds: record.grounds.into_iter().map(Into::into).collect(),
        disaster: record.disaster,
        examination_reference: record.examination_reference,
        registered_by: record.registered_by,
        registered_at: record.registered_at,
    })
}
