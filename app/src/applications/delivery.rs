//! Delivery of the passport by post (PT Pos Indonesia) instead of collection at the office,
//! chosen by the applicant from the booking until the passport is handed over or sent.
//!
//! The office booked must deliver by post. The fee is the tariff item `postal_delivery` of
//! the schedule in force. Chosen before payment, it is added to the booking's amount due
//! (the billing code is paid with it); chosen after payment, it is paid to the courier on
//! delivery. Changing the address keeps the fee as first chosen. Going back to collection
//! takes the fee off the amount due before payment; once the fee was paid with the
//! application, it is refused. Every write runs under the application's lock, which a
//! payment and the office's dispatch take too.

use paspor_domain::delivery::{FeePayment, fee_payment_in, is_phone, is_postal_code, is_province};
use paspor_domain::{TariffItem, schedule_in_force};
use paspor_openapi::{DeliveryDto, DeliveryRequest, DispatchDto};
use paspor_persistence::bookings::{self, ApplicationBooking};
use paspor_persistence::deliveries::{self, Delivery};
use paspor_persistence::{DbConnection, applications, offices, passports, write_transaction};

use crate::auth::Applicant;
use crate::locale::{Message, Text};
use crate::offer::Pricing;
use crate::refusal::{Refusal, RefusalKind};
use crate::said::field;
use crate::state::AppState;

/// The longest name, line, city and province accepted, in characters.
const MAX_NAME: usize = 100;
const MAX_LINE: usize = 200;
const MAX_PHONE: usize = paspor_domain::delivery::MAX_PHONE_CHARS;
const MAX_PROVINCE: usize = 60;

/// The address asked for, each field trimmed and checked; every problem at once.
struct Address {
    recipient_name: String,
    phone: String,
    address_line1: String,
    address_line2: Option<String>,
    city: String,
    province: String,
    postal_code: String,
}

fn checked(request: DeliveryRequest) -> Result<Address, Refusal> {
    let mut problems: Vec<(String, Text)> = Vec::new();
    let mut text = |name: &str, value: &str, max: usize, required: bool| {
        let value = value.trim();
        let problem = if value.is_empty() && required {
            Some(Message::new("field-required"))
        } else if value.chars().count() > max {
            Some(field::too_long(max))
        } else if value.chars().any(char::is_control) {
            Some(field::control_characters())
        } else {
            None
        };
        if let Some(problem) = problem {
            problems.push((name.to_owned(), problem.into()));
        }
        value.to_owned()
    };
    let recipient_name = text("recipient_name", &request.recipient_name, MAX_NAME, true);
    let phone = text("phone", &request.phone, MAX_PHONE, true);
    let address_line1 = text("address_line1", &request.address_line1, MAX_LINE, true);
    let address_line2 = request
        .address_line2
        .as_deref()
        .map(|line| text("address_line2", line, MAX_LINE, false))
        .filter(|line| !line.is_empty());
    let city = text("city", &request.city, MAX_NAME, true);
    let province = text("province", &request.province, MAX_PROVINCE, true);
    let postal_code = request.postal_code.trim().to_owned();
    let named = |problems: &[(String, Text)], name: &str| problems.iter().any(|(f, _)| f == name);
    if !named(&problems, "phone") && !is_phone(&phone) {
        problems.push((
            "phone".to_owned(),
            Message::new("delivery-phone-form").into(),
        ));
    }
    if !named(&problems, "province") && !is_province(&province) {
        problems.push((
            "province".to_owned(),
            Message::new("delivery-province-unknown").into(),
        ));
    }
    if !is_postal_code(&postal_code) {
        problems.push((
            "postal_code".to_owned(),
            Message::new("delivery-postal-code-form").into(),
        ));
    }
    if !problems.is_empty() {
        return Err(Refusal::invalid_fields(problems));
    }
    Ok(Address {
        recipient_name,
        phone,
        address_line1,
        address_line2,
        city,
        province,
        postal_code,
    })
}

fn conflict(message: Message) -> Refusal {
    Refusal::new(RefusalKind::Conflict, message)
}

fn status_word(status: paspor_domain::ApplicationStatus) -> Message {
    Message::new(format!("status-{}", status.as_str()))
}

/// The application's delivery, if its applicant chose one (404 otherwise, and for an
/// application that is not the caller's).
pub async fn show_delivery(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<DeliveryDto, Refusal> {
    let account = principal.account.clone();
    state
        .db
        .run(move |conn| {
            let application = applications::find_owned(conn, &account, &id)?
                .ok_or_else(|| Refusal::not_found("application"))?;
            let delivery = deliveries::find(conn, &application.id)?
                .ok_or_else(|| Refusal::not_found("delivery"))?;
            let booking = bookings::current_of_application(conn, &application.id)?;
            dto(conn, &application.id, delivery, booking.as_ref())
        })
        .await
}

/// Chooses delivery to the address asked for (or changes its address).
pub async fn choose_delivery(
    state: &AppState,
    principal: &Applicant,
    id: String,
    request: DeliveryRequest,
) -> Result<DeliveryDto, Refusal> {
    let address = checked(request)?;
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let application = applications::lock_owned(conn, &account, &id)?
                    .ok_or_else(|| Refusal::not_found("application"))?;
                let status = application.status;
                let Some(payment) = fee_payment_in(status) else {
                    return Err(conflict(
                        Message::new("delivery-not-now").with("status", status_word(status)),
                    ));
                };
                let booking = bookings::current_of_application(conn, application.id())?
                    .ok_or_else(|| {
                        conflict(
                            Message::new("delivery-not-now").with("status", status_word(status)),
                        )
                    })?;
                let office_id = bookings::booked_office(conn, application.id())?
                    .ok_or_else(|| anyhow::anyhow!("booking {} has no office", booking.id))?;
                let office = offices::find(conn, &office_id)?
                    .ok_or_else(|| anyhow::anyhow!("office {office_id} is gone"))?;
                if !office.delivers_by_post {
                    return Err(conflict(
                        Message::new("delivery-office-does-not").with("office", office.name),
                    ));
                }
                let existing = deliveries::find(conn, application.id())?;
                let (fee, fee_payment, chosen_at) = match &existing {
                    // The fee stays as first chosen: only the address changes.
                    Some(before) => (before.fee, before.fee_payment.clone(), before.chosen_at),
                    None => {
                        let fee = delivery_fee(conn, today)?;
                        if payment == FeePayment::WithApplicationFee {
                            let due = booking.amount.checked_add(fee).ok_or_else(|| {
                                anyhow::anyhow!("the amount due overflows with the fee")
                            })?;
                            if bookings::set_amount_due(conn, &booking.id, due)?.skipped() {
                                return Err(anyhow::anyhow!(
                                    "booking {} of an application awaiting payment is paid",
                                    booking.id
                                )
                                .into());
                            }
                        }
                        (fee, payment.as_str().to_owned(), now)
                    }
                };
                let delivery = Delivery {
                    recipient_name: address.recipient_name,
                    phone: address.phone,
                    address_line1: address.address_line1,
                    address_line2: address.address_line2,
                    city: address.city,
                    province: address.province,
                    postal_code: address.postal_code,
                    fee,
                    fee_payment,
                    chosen_at,
                    updated_at: now,
                };
                deliveries::store(conn, application.id(), &delivery, existing.is_some())?;
                let booking = bookings::current_of_application(conn, application.id())?;
                dto(conn, application.id(), delivery, booking.as_ref())
            })
        })
        .await
}

/// Goes back to collection at the office.
pub async fn drop_delivery(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<(), Refusal> {
    let account = principal.account.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let application = applications::lock_owned(conn, &account, &id)?
                    .ok_or_else(|| Refusal::not_found("application"))?;
                let delivery = deliveries::find(conn, application.id())?
                    .ok_or_else(|| Refusal::not_found("delivery"))?;
                let status = application.status;
                if fee_payment_in(status).is_none() {
                    return Err(conflict(
                        Message::new("delivery-not-now").with("status", status_word(status)),
                    ));
                }
                if delivery.fee_payment == FeePayment::WithApplicationFee.as_str() {
                    let booking = bookings::current_of_application(conn, application.id())?;
                    let unpaid = booking.filter(|booking| booking.hold_deadline.is_some());
                    let Some(booking) = unpaid else {
                        return Err(conflict(Message::new("delivery-fee-paid")));
                    };
                    let due = booking.amount.saturating_sub(delivery.fee);
                    if bookings::set_amount_due(conn, &booking.id, due)?.skipped() {
                        return Err(conflict(Message::new("delivery-fee-paid")));
                    }
                }
                if deliveries::remove(conn, application.id())?.skipped() {
                    return Err(anyhow::anyhow!("delivery of {id} is gone under its lock").into());
                }
                Ok::<_, Refusal>(())
            })
        })
        .await
}

/// The delivery fee under the tariff schedule in force `today`.
fn delivery_fee(conn: &mut DbConnection, today: chrono::NaiveDate) -> Result<i64, Refusal> {
    let pricing = Pricing::stored(conn)?;
    schedule_in_force(&pricing.schedules, today)
        .and_then(|schedule| schedule.price(TariffItem::PostalDelivery))
        .ok_or_else(|| conflict(Message::new("delivery-not-priced")))
}

fn dto(
    conn: &mut DbConnection,
    application_id: &str,
    delivery: Delivery,
    booking: Option<&ApplicationBooking>,
) -> Result<DeliveryDto, Refusal> {
    let dispatch = passports::find_by_application(conn, application_id)?
        .and_then(|passport| passport.dispatch);
    let fee_payment: FeePayment = delivery
        .fee_payment
        .parse()
        .map_err(|_| anyhow::anyhow!("fee payment {:?}", delivery.fee_payment))?;
    Ok(DeliveryDto {
        application_id: application_id.to_owned(),
        recipient_name: delivery.recipient_name,
        phone: delivery.phone,
        address_line1: delivery.address_line1,
        address_line2: delivery.address_line2,
        city: delivery.city,
        province: delivery.province,
        postal_code: delivery.postal_code,
        fee: delivery.fee,
        fee_payment: fee_payment.into(),
        amount_due: booking
            .filter(|booking| booking.hold_deadline.is_some())
            .map(|booking| booking.amount),
        dispatch: dispatch.and_then(|dispatch| {
            Some(DispatchDto {
                courier: dispatch
                    .courier
                    .parse::<paspor_domain::delivery::Courier>()
                    .ok()?
                    .into(),
                tracking_number: dispatch.tracking_number,
                at: dispatch.at,
            })
        }),
    })
}
