//! What a receipt says, read on one connection: the payment that paid the application
//! (none: no receipt yet), what it paid for (the booking's bill priced again under the
//! tariff in force on the day it was booked, or one line of the amount when that no longer
//! adds up to it), the applicant, the appointment, and what a check-in code is made from.

use chrono::NaiveDate;
use paspor_domain::ApplicationStatus;
use paspor_domain::delivery::FeePayment;
use paspor_domain::office::Office;
use paspor_domain::quota::Session;
use paspor_openapi::{
    LanguageDto, ReceiptAppointmentDto, ReceiptDto, ReceiptItemDto, ReceiptPaymentDto,
};
use paspor_persistence::applications::{self, ApplicationRecord};
use paspor_persistence::bookings::ApplicationBooking;
use paspor_persistence::payments::{self, PaymentRecord};
use paspor_persistence::{DbConnection, applicants, bookings, deliveries, offices, sessions};

use crate::applications::{holder_of, offer_request};
use crate::check_in::CheckIn;
use crate::locale::clock::{instant_at, local_date_time};
use crate::locale::money::rupiah;
use crate::locale::{Language, Message, text};
use crate::offer::{Pricing, stored_offer};
use crate::reference_data::ReferenceData;
use crate::refusal::{Refusal, RefusalKind};

/// A receipt as read, and the check-in its code is to be issued for (while one is due).
pub(super) struct Drafted {
    pub receipt: ReceiptDto,
    pub check_in: Option<CheckIn>,
}

/// The answer while nothing has paid the application.
fn unpaid(record: &ApplicationRecord) -> Refusal {
    Refusal::new(
        RefusalKind::Conflict,
        Message::new("receipt-unpaid").with("status", record.status.as_str()),
    )
}

/// The current booking of the application with its session and office, if it holds one.
fn appointment_of(
    conn: &mut DbConnection,
    record: &ApplicationRecord,
) -> Result<Option<(ApplicationBooking, Session, Office)>, Refusal> {
    let Some(booking) = bookings::current_of_application(conn, &record.id)? else {
        return Ok(None);
    };
    let session = sessions::find(conn, &booking.session_id)?.ok_or_else(|| {
        Refusal::internal(anyhow::anyhow!(
            "session {} of booking {} is gone",
            booking.session_id,
            booking.id
        ))
    })?;
    let office = offices::find(conn, &session.office_id)?.ok_or_else(|| {
        Refusal::internal(anyhow::anyhow!(
            "office {} of a session is gone",
            session.office_id
        ))
    })?;
    Ok(Some((booking, session, office)))
}

/// What was paid for, line by line: the bill as the booking priced it, in `language`.
/// The lines are those of the draft priced on `booked_on` at `office`; when they do not
/// add up to the amount paid (the schedule of that day is switched off, the draft's
/// choice no longer priced), one line of the amount paid instead, so that the items
/// always add up to the total.
fn items(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    record: &ApplicationRecord,
    office: Option<&Office>,
    booked_on: NaiveDate,
    paid: i64,
    language: Language,
) -> Result<Vec<ReceiptItemDto>, Refusal> {
    let facts = applications::facts_of_applicant(conn, &record.applicant_id)?;
    let pricing = Pricing::remembered(conn, reference)?;
    let offer = stored_offer(
        pricing.on(booked_on),
        &holder_of(facts.as_ref()),
        office,
        &offer_request(&record.content),
    );
    let item = |code: Option<paspor_domain::TariffItem>, amount: i64| {
        let id = code.map_or_else(
            || "receipt-item-fee".to_owned(),
            |code| format!("receipt-item-{}", code.as_str()),
        );
        ReceiptItemDto {
            code: code.map(Into::into),
            label: text(language, &id, None),
            amount,
            amount_text: rupiah(amount),
        }
    };
    // A delivery by post chosen before payment was paid with the application: its line.
    let delivery = deliveries::find(conn, &record.id)?
        .filter(|delivery| delivery.fee_payment == FeePayment::WithApplicationFee.as_str())
        .map(|delivery| delivery.fee);
    let lines_total = offer
        .as_ref()
        .map(|offer| offer.quote.total.saturating_add(delivery.unwrap_or(0)));
    Ok(match offer {
        Some(offer) if lines_total == Some(paid) => offer
            .quote
            .items
            .iter()
            .map(|line| item(Some(line.item), line.amount))
            .chain(delivery.map(|fee| item(Some(paspor_domain::TariffItem::PostalDelivery), fee)))
            .collect(),
        _ => vec![item(None, paid)],
    })
}

/// The day a booking was made, on the office's calendar (UTC with no office).
fn booked_on(booking: &ApplicationBooking, office: Option<&Office>) -> NaiveDate {
    office.map_or_else(
        || booking.created_at.date_naive(),
        |office| office.time_zone.to_local(booking.created_at).date(),
    )
}

/// The receipt of `record` in `language`, refused (409) while nothing has paid it.
pub(super) fn draft(
    conn: &mut DbConnection,
    reference: &ReferenceData,
    record: ApplicationRecord,
    language: Language,
) -> Result<Drafted, Refusal> {
    let ids = [record.id.as_str()];
    let Some(payment) = payments::paid_for(conn, &ids)?.remove(&record.id) else {
        return Err(unpaid(&record));
    };
    let applicant = applicants::find(conn, &record.applicant_id)?.ok_or_else(|| {
        Refusal::internal(anyhow::anyhow!(
            "applicant {} of {} is gone",
            record.applicant_id,
            record.id
        ))
    })?;
    let appointment = appointment_of(conn, &record)?;
    // The booking paid is the one the billing code names: the current one, unless the
    // application has since let its place go.
    let paid_booking = match &appointment {
        Some((booking, _, _)) if booking.billing_code == payment.notice.billing_code => {
            Some(booking.clone())
        }
        _ => bookings::find_by_billing_code(conn, &payment.notice.billing_code)?,
    };
    // The office of the appointment; once it is gone, the office of the booking paid,
    // whose clock the payment and the bill are read on.
    let office = match (&appointment, &paid_booking) {
        (Some((_, _, office)), _) => Some(office.clone()),
        (None, Some(booking)) => match sessions::find(conn, &booking.session_id)? {
            Some(session) => offices::find(conn, &session.office_id)?,
            None => None,
        },
        (None, None) => None,
    };
    let office = office.as_ref();
    let booked_on = paid_booking.as_ref().map_or_else(
        || payment.notice.paid_at.date_naive(),
        |b| booked_on(b, office),
    );
    let items = items(
        conn,
        reference,
        &record,
        office,
        booked_on,
        payment.notice.amount,
        language,
    )?;
    // The code the office scans, while the application is paid and awaits its day.
    let check_in = match &appointment {
        Some((booking, session, office))
            if record.status == ApplicationStatus::Paid && booking.hold_deadline.is_none() =>
        {
            Some(CheckIn {
                application_id: record.id.clone(),
                office_id: office.id.clone(),
                date: session.date,
            })
        }
        _ => None,
    };
    let zone = office.map(|office| office.time_zone);
    let receipt = ReceiptDto {
        language: LanguageDto::from(language),
        title: text(language, "receipt-title", None),
        application_id: record.id.clone(),
        applicant_name: applicant.full_name,
        items,
        payment: payment_dto(&payment, zone, language),
        appointment: appointment
            .map(|(_, session, office)| appointment_dto(&session, &office, language)),
        check_in_code: None,
    };
    Ok(Drafted { receipt, check_in })
}

fn payment_dto(
    payment: &PaymentRecord,
    zone: Option<paspor_domain::TimeZone>,
    language: Language,
) -> ReceiptPaymentDto {
    let notice = &payment.notice;
    // With no booking to name the office (a paid application always has one): WIB, the
    // zone of most applicants.
    let zone = zone.unwrap_or(paspor_domain::TimeZone::Wib);
    ReceiptPaymentDto {
        amount: notice.amount,
        amount_text: rupiah(notice.amount),
        currency: paspor_domain::CURRENCY.to_owned(),
        billing_code: notice.billing_code.clone(),
        ntpn: notice.ntpn.clone(),
        channel: notice.channel.clone(),
        paid_at: notice.paid_at,
        paid_at_text: instant_at(language, notice.paid_at, zone),
    }
}

fn appointment_dto(
    session: &Session,
    office: &Office,
    language: Language,
) -> ReceiptAppointmentDto {
    ReceiptAppointmentDto {
        office_id: office.id.clone(),
        office_name: office.name.clone(),
        office_address: format!("{}, {}, {}", office.address, office.city, office.province),
        time_zone: office.time_zone.into(),
        date: session.date,
        starts: session.starts.format("%H:%M").to_string(),
        ends: session.ends.format("%H:%M").to_string(),
        text: local_date_time(language, session.date, session.starts, office.time_zone),
    }
}

#[cfg(test)]
mod tests {
    use paspor_domain::TariffItem;

    use crate::locale::{Language, has_message};

    #[test]
    fn every_tariff_item_has_a_receipt_label_in_each_language() {
        for language in Language::ALL {
            for item in TariffItem::ALL {
                let id = format!("receipt-item-{}", item.as_str());
                assert!(has_message(language, &id), "{id} ({language:?})");
            }
            assert!(has_message(language, "receipt-item-fee"));
        }
    }
}
