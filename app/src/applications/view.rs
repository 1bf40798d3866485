//! Applications as the applicant sees them: with the fee quote under the schedule in
//! force today and the status history.

use chrono::NaiveDate;
use paspor_domain::quota::Session;
use paspor_domain::{
    Channel, Quote, QuoteRequest, TariffSchedule, ValidityRequest, quote as price,
    schedule_in_force, validity,
};
use paspor_openapi::{
    ApplicationDto, ApplicationPage, BookingDto, BookingStateDto, HistoryEntryDto, PageQuery,
    QuoteDto,
};
use paspor_persistence::DbConnection;
use paspor_persistence::application_bookings;
use paspor_persistence::applications::{self, ApplicantFacts, ApplicationRecord, HistoryEntry};
use paspor_persistence::bookings::ApplicationBooking;

use super::ApplicationError;
use super::input::travel_dto;
use crate::auth::Applicant;
use crate::paging::page_of;
use crate::reference_data::ReferenceData;
use crate::refusal::Refusal;
use crate::state::AppState;

/// What the applicant would pay today; `None` when no schedule in force can price it.
pub(super) fn quote_for(
    record: &ApplicationRecord,
    applicant: Option<&ApplicantFacts>,
    schedules: &[TariffSchedule],
    today: NaiveDate,
) -> Option<Quote> {
    let schedule = schedule_in_force(schedules, today)?;
    // Schedules that price by validity need the term the applicant would get if issued today.
    let validity_years = applicant.and_then(|applicant| {
        validity(&ValidityRequest {
            birth_date: applicant.birth_date,
            issue_date: today,
            dual_citizen_child: applicant.dual_citizen_child,
            married: applicant.married,
        })
        .ok()
        .map(|term| term.rule.nominal_years())
    });
    let request = QuoteRequest {
        passport_kind: record.content.passport_kind,
        service: record.content.service,
        application_kind: record.content.application_kind,
        disaster: false,
        validity_years,
    };
    price(schedule, &request).ok()
}

/// The wire form of an application.
pub(super) fn application_dto(
    record: ApplicationRecord,
    history: Vec<HistoryEntry>,
    quote: Option<QuoteDto>,
    booking: Option<BookingDto>,
) -> ApplicationDto {
    ApplicationDto {
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
        quote,
        booking,
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

/// Loads what the view of one application needs, on one connection.
pub(super) fn load_view(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    record: ApplicationRecord,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    let schedules = reference.tariffs(conn)?;
    // Whoever may see the record may see its applicant's facts (a walk-in has no account).
    let applicant = applications::facts_of_applicant(conn, &record.applicant_id)?;
    view_priced(conn, record, applicant, &schedules, today)
}

/// [`load_view`] with the applicant's facts and the tariff schedules already read.
fn view_priced(
    conn: &mut DbConnection,
    record: ApplicationRecord,
    applicant: Option<ApplicantFacts>,
    schedules: &[TariffSchedule],
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    let mut views = views_priced(conn, vec![(record, applicant)], schedules, today)?;
    views
        .pop()
        .ok_or_else(|| anyhow::anyhow!("the view of one application made none").into())
}

/// The views of applications whose applicants' facts and tariff schedules are read: their
/// histories and their bookings with their sessions are read in one statement each,
/// however many applications there are.
fn views_priced(
    conn: &mut DbConnection,
    records: Vec<(ApplicationRecord, Option<ApplicantFacts>)>,
    schedules: &[TariffSchedule],
    today: NaiveDate,
) -> Result<Vec<ApplicationDto>, ApplicationError> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = records
        .iter()
        .map(|(record, _)| record.id.clone())
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut histories = applications::histories(conn, &ids)?;
    let mut bookings = application_bookings::current_with_sessions(conn, &ids)?;
    Ok(records
        .into_iter()
        .map(|(record, applicant)| {
            let history = histories.remove(&record.id).unwrap_or_default();
            let quote = quote_for(&record, applicant.as_ref(), schedules, today);
            let channel = Channel::from(record.content.service);
            let booking = bookings
                .remove(&record.id)
                .map(|(booking, session)| booking_in_session(&booking, &session, channel));
            application_dto(record, history, quote.as_ref().map(QuoteDto::from), booking)
        })
        .collect())
}

/// The view of the account's application `id`; not found when it is another's.
pub(super) fn view_owned(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    account: &str,
    id: &str,
    today: NaiveDate,
) -> Result<ApplicationDto, ApplicationError> {
    let (record, applicant) = applications::find_owned_with_facts(conn, account, id)?
        .ok_or(ApplicationError::NotFound("application"))?;
    let schedules = reference.tariffs(conn)?;
    view_priced(conn, record, applicant, &schedules, today)
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
            let (records, total) =
                applications::list_owned_with_facts(conn, &account, offset, i64::from(per_page))?;
            let schedules = reference.tariffs(conn)?;
            let items = views_priced(conn, records, &schedules, today)?;
            Ok(ApplicationPage {
                items,
                page,
                per_page,
                total: u64::try_from(total).unwrap_or(0),
            })
        })
        .await
}
