//! Where an application's passport is delivered by post, when its applicant chose that
//! over collecting it at the office, with the fee and how it is paid. Written under the
//! application's lock (`applications::lock_owned`), so a read then an insert or update is
//! exact without an upsert.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::application_deliveries;
use crate::time::{from_db, to_db};

/// How a delivery's fee is paid.
pub const WITH_APPLICATION_FEE: &str = "with_application_fee";
/// Paid to the courier when the passport is delivered.
pub const ON_DELIVERY: &str = "on_delivery";

/// The delivery an applicant chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub recipient_name: String,
    pub phone: String,
    pub address_line1: String,
    pub address_line2: Option<String>,
    pub city: String,
    pub province: String,
    pub postal_code: String,
    /// The fee in rupiah.
    pub fee: i64,
    /// [`WITH_APPLICATION_FEE`] or [`ON_DELIVERY`].
    pub fee_payment: String,
    pub chosen_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

type Row = (
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    i64,
    String,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
);

/// The delivery chosen for application `id`, if any.
pub fn find(conn: &mut DbConnection, application_id: &str) -> StoreResult<Option<Delivery>> {
    let row: Option<Row> = application_deliveries::table
        .find(application_id)
        .select((
            application_deliveries::recipient_name,
            application_deliveries::phone,
            application_deliveries::address_line1,
            application_deliveries::address_line2,
            application_deliveries::city,
            application_deliveries::province,
            application_deliveries::postal_code,
            application_deliveries::fee,
            application_deliveries::fee_payment,
            application_deliveries::chosen_at,
            application_deliveries::updated_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(
            recipient_name,
            phone,
            address_line1,
            address_line2,
            city,
            province,
            postal_code,
            fee,
            fee_payment,
            chosen_at,
            updated_at,
        )| Delivery {
            recipient_name,
            phone,
            address_line1,
            address_line2,
            city,
            province,
            postal_code,
            fee,
            fee_payment,
            chosen_at: from_db(chosen_at),
            updated_at: from_db(updated_at),
        },
    ))
}

/// Stores the delivery of application `id`: inserted when `existed` is false, else
/// replaced. Inside the application's lock, which decided `existed`.
pub fn store(
    conn: &mut DbConnection,
    application_id: &str,
    delivery: &Delivery,
    existed: bool,
) -> StoreResult<()> {
    let values = (
        application_deliveries::recipient_name.eq(&delivery.recipient_name),
        application_deliveries::phone.eq(&delivery.phone),
        application_deliveries::address_line1.eq(&delivery.address_line1),
        application_deliveries::address_line2.eq(delivery.address_line2.as_deref()),
        application_deliveries::city.eq(&delivery.city),
        application_deliveries::province.eq(&delivery.province),
        application_deliveries::postal_code.eq(&delivery.postal_code),
        application_deliveries::fee.eq(delivery.fee),
        application_deliveries::fee_payment.eq(&delivery.fee_payment),
        application_deliveries::chosen_at.eq(to_db(delivery.chosen_at)),
        application_deliveries::updated_at.eq(to_db(delivery.updated_at)),
    );
    if existed {
        diesel::update(application_deliveries::table.find(application_id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(application_deliveries::table)
            .values((
                application_deliveries::application_id.eq(application_id),
                values,
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes the delivery of application `id` (back to collection at the office).
pub fn remove(conn: &mut DbConnection, application_id: &str) -> StoreResult<Conditional> {
    let removed =
        diesel::delete(application_deliveries::table.find(application_id)).execute(conn)?;
    Ok(Conditional::of_rows(removed))
}
