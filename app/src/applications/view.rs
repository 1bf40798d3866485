//! Applications as the applicant sees them: with the fee quote under the schedule and
//! validity rules in force today (the kinds and terms offered, each priced) and the
//! status history.

use chrono::NaiveDate;
use paspor_domain::Channel;
use paspor_domain::offer::{Holder, Offer, OfferRequest};
use paspor_domain::office::Office;
use paspor_domain::quota::Session;
use paspor_openapi::{
    ApplicationDto, ApplicationPage, ApplicationPaymentDto, BookingDto, BookingStateDto,
    HistoryEntryDto, PageQuery, QuoteDto,
};
use paspor_persistence::DbConnection;
use paspor_persistence::application_bookings;
use paspor_persistence::applications::{
    self, ApplicantFacts, ApplicationRecord, DraftContent, HistoryEntry, InFull,
};
use paspor_persistence::bookings::ApplicationBooking;
use paspor_persistence::payments::{self, PaymentRecord};

use super::ApplicationError;
use super::input::travel_dto;
use crate::auth::Applicant;
use crate::offer::{Basis, Pricing, holder, stored_offer};
use crate::paging::page_of;
use crate::reference_data::ReferenceData;
use crate::refusal::Refusal;
use crate::state::AppState;

/// What a draft asks for, as an offer asks it.
pub(crate) fn offer_request(content: &DraftContent) -> OfferRequest {
    OfferRequest {
        passport_kind: content.passport_kind,
        service: content.service,
        application_kind: content.application_kind,
        disaster: false,
        validity_years: content.validity_years,
    }
}

/// Whose passport: the applicant's facts (any adult's, should the applicant be gone).
pub(crate) fn holder_of(applicant: Option<&ApplicantFacts>) -> Holder {
    applicant.map_or(Holder::Adult, holder)
}

/// What the applicant would pay today at the draft's office, with the choices offered;
/// `None` when nothing in force can price it.
fn offer_for(
    record: &ApplicationRecord,
    applicant: Option<&ApplicantFacts>,
    basis: Basis<'_>,
    office: Option<&Office>,
) -> Option<Offer> {
    stored_offer(
        basis,
        &holder_of(applicant),
        office,
        &offer_request(&record.content),
    )
}

/// The wire form of an application.
pub(super) fn application_dto(
    record: ApplicationRecord,
    history: Vec<HistoryEntry>,
    offer: Option<&Offer>,
    booking: Option<BookingDto>,
    payment: Option<ApplicationPaymentDto>,
) -> ApplicationDto {
    ApplicationDto {
        validity_years: offer
            .map(|offer| offer.validity_years)
            .or(record.content.validity_years),
        office_id: record.content.office_id.clone(),
        travel: travel_dto(&record.content),
        id: record.id,
        applicant_id: record.applicant_id,
        status: record.status.into(),
        passport_kind: record.content.passport_kind.into(),
        application_kind: record.content.application_kind.code().into(),
        replacement_reason: record
            .content
            .application_kind
            .replacement_reason()
            .map(Into::into),
        service: record.content.service.into(),
        quote: offer.map(QuoteDto::from),
        booking,
        payment,
        history: history
            .into_iter()
            .map(|entry| HistoryEntryDto {
                status: entry.status.into(),
                at: entry.at,
                note: entry.note,
            })
            .collect(),
        created_at: record.created_at,
        updated_at: record.updated_at,
    }
}

/// The wire form of a booking in its session: the one place the two are put together,
/// for an application as its owner reads it and for a walk-in as the office does.
pub fn booking_in_session(
    booking: &ApplicationBooking,
    session: &Session,
    channel: Channel,
) -> BookingDto {
    BookingDto {
        id: booking.id.clone(),
        office_id: session.office_id.clone(),
        session_id: session.id.clone(),
        date: session.date,
        starts: session.starts.format("%H:%M").to_string(),
        ends: session.ends.format("%H:%M").to_string(),
        channel: channel.into(),
        state: if booking.hold_deadline.is_some() {
            BookingStateDto::AwaitingPayment
        } else {
            BookingStateDto::Paid
        },
        billing_code: booking.billing_code.clone(),
        amount: booking.amount,
        currency: paspor_domain::CURRENCY.to_owned(),
        payment_deadline: booking.hold_deadline,
    }
}

/// The wire form of the payment that paid an application.
fn payment_dto(record: PaymentRecord) -> ApplicationPaymentDto {
    ApplicationPaymentDto {
        amount: record.notice.amount,
        currency: paspor_domain::CURRENCY.to_owned(),
        paid_at: record.notice.paid_at,
        ntpn: record.notice.ntpn,
        channel: record.notice.channel,
    }
}

/// Loads what the view of one application needs, on one connection.
pub(super) fn load_view(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    record: ApplicationRecord,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    // Whoever may see the record may see its applicant's facts (a walk-in has no account).
    let applicant = applications::facts_of_applicant(conn, &record.applicant_id)?;
    view_priced(conn, reference, record, applicant, today)
}

/// [`load_view`] with the applicant's facts already read.
fn view_priced(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    record: ApplicationRecord,
    applicant: Option<ApplicantFacts>,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    let mut views = views_priced(conn, reference, vec![(record, applicant)], today)?;
    views
        .pop()
        .ok_or_else(|| anyhow::anyhow!("the view of one application made none").into())
}

/// The views of applications whose applicants' facts are read: their histories, their
/// bookings with their sessions and their payments are read in one statement each, however
/// many applications there are.
fn views_priced(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    records: Vec<(ApplicationRecord, Option<ApplicantFacts>)>,
    today: NaiveDate,
) -> Result<Vec<ApplicationDto>, ApplicationError> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let priced = Pricing::remembered(conn, reference)?;
    let ids: Vec<String> = records
        .iter()
        .map(|(record, _)| record.id.clone())
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut histories = applications::histories(conn, &ids)?;
    let mut bookings = application_bookings::current_with_sessions(conn, &ids)?;
    let mut paid = payments::paid_for(conn, &ids)?;
    records
        .into_iter()
        .map(|(record, applicant)| {
            let full = InFull {
                history: histories.remove(&record.id).unwrap_or_default(),
                booking: bookings.remove(&record.id),
                payment: paid.remove(&record.id),
                record,
                applicant,
            };
            view_in_full(conn, reference, &priced, full, today)
        })
        .collect()
}

/// The view of an application read in full, priced today at the office it is booked at,
/// else the office it names, as each office is remembered.
fn view_in_full(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    priced: &Pricing,
    full: InFull,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    let InFull {
        record,
        applicant,
        history,
        booking,
        payment,
    } = full;
    // An expired application's place may be held a while yet for a late payment notice
    // (the grace period): it is not the applicant's to show.
    let booked = booking.filter(|_| record.status != paspor_domain::ApplicationStatus::Expired);
    // The kinds offered are those of the office booked, else of the office named.
    let office_id = booked
        .as_ref()
        .map(|(_, session)| &session.office_id)
        .or(record.content.office_id.as_ref());
    let office = match office_id {
        Some(id) => reference.office(conn, id)?,
        None => None,
    };
    let offer = offer_for(
        &record,
        applicant.as_ref(),
        priced.on(today),
        office.as_ref(),
    );
    let channel = Channel::from(record.content.service);
    let booking = booked.map(|(booking, session)| booking_in_session(&booking, &session, channel));
    let payment = payment.map(payment_dto);
    Ok(application_dto(
        record,
        history,
        offer.as_ref(),
        booking,
        payment,
    ))
}

/// The view of the account's application `id`; not found when it is another's.
pub(super) fn view_owned(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    account: &str,
    id: &str,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    let full = applications::find_owned_in_full(conn, account, id)?
        .ok_or(ApplicationError::NotFound("application"))?;
    let priced = Pricing::remembered(conn, reference)?;
    view_in_full(conn, reference, &priced, full, today)
}

/// One of the caller's applications.
pub async fn show_application(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let today = state.clock.today();
    let reference = state.reference.clone();
    state
        .db
        .call(move |conn| view_owned(conn, &reference, &account, &id, today))
        .await
}

/// A page of the caller's applications, newest first.
pub async fn list_applications(
    state: &AppState,
    principal: &Applicant,
    paging: PageQuery,
) -> Result<ApplicationPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let account = principal.account.clone();
    let today = state.clock.today();
    let offset = i64::from(page - 1) * i64::from(per_page);
    let reference = state.reference.clone();
    state
        .db
        .call(move |conn| {
            let (found, total) =
                applications::list_owned_in_full(conn, &account, offset, i64::from(per_page))?;
            let priced = Pricing::remembered(conn, &reference)?;
            let items = found
                .into_iter()
                .map(|full| view_in_full(conn, &reference, &priced, full, today))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ApplicationPage {
                items,
                page,
                per_page,
                total: u64::try_from(total).unwrap_or(0),
            })
        })
        .await
}
