//! Delivery of the passport by post (PT Pos Indonesia): the address an applicant chooses,
//! the fee and how it is paid, and the office's hand-over to the courier.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

wire_enum! {
    /// How a delivery's fee is paid: with the application's fee (chosen before paying: it
    /// is added to the amount due) or to the courier on delivery (chosen after paying).
    DeliveryFeePaymentDto => paspor_domain::delivery::FeePayment { WithApplicationFee, OnDelivery }
}

wire_enum! {
    /// The courier that delivers passports.
    CourierDto => paspor_domain::delivery::Courier { PosIndonesia }
}

/// Where to deliver the passport, in Indonesia.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryRequest {
    /// Who receives the parcel.
    #[schema(
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Siti Rahayu"
    )]
    pub recipient_name: String,
    /// A phone number the courier can call: an optional leading `+`, then 8 to 15 digits,
    /// any two of them apart by at most one space or dash.
    #[schema(
        max_length = 30,
        pattern = "^\\+?([0-9][ -]?){7,14}[0-9]$",
        example = "0812-3456-7890"
    )]
    pub phone: String,
    /// Street, number, RT/RW.
    #[schema(
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Jl. Mentok No. 5, RT 02/RW 03"
    )]
    pub address_line1: String,
    /// Kelurahan/desa and kecamatan, if wanted.
    #[schema(
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$",
        example = "Kel. Bukit Intan, Kec. Bukit Intan"
    )]
    pub address_line2: Option<String>,
    /// City or regency (kota/kabupaten).
    #[schema(
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Pangkalpinang"
    )]
    pub city: String,
    /// One of Indonesia's 38 provinces, as named in `docs/INTEGRATORS.md` (e.g. `DKI Jakarta`,
    /// `Kepulauan Bangka Belitung`, `Papua Barat Daya`).
    #[schema(schema_with = province_schema)]
    pub province: String,
    /// The five-digit postal code.
    #[schema(pattern = "^[0-9]{5}$", example = "33128")]
    pub postal_code: String,
}

/// A province: one of the 38 names the server takes (`paspor_domain::delivery::PROVINCES`),
/// listed in the contract so that a client can offer them and a valid request is never
/// refused for its province.
fn province_schema() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "One of Indonesia's 38 provinces, written exactly as listed (e.g. `DKI Jakarta`, \
             `Kepulauan Bangka Belitung`, `Papua Barat Daya`)",
        ))
        .enum_values(Some(paspor_domain::delivery::PROVINCES))
        .build()
}

/// The delivery an application's applicant chose.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeliveryDto {
    /// The application.
    pub application_id: String,
    pub recipient_name: String,
    pub phone: String,
    pub address_line1: String,
    pub address_line2: Option<String>,
    pub city: String,
    pub province: String,
    pub postal_code: String,
    /// The fee in rupiah, from the tariff schedule in force (item `postal_delivery`).
    #[schema(example = 35000)]
    pub fee: i64,
    pub fee_payment: DeliveryFeePaymentDto,
    /// What the application's booking is due now, in rupiah, with the fee when it is paid
    /// with the application's fee; null once paid.
    pub amount_due: Option<i64>,
    /// When the passport was handed to the courier; null until then.
    pub dispatch: Option<DispatchDto>,
}

/// A ready passport handed to the courier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchRequest {
    pub courier: CourierDto,
    /// The courier's tracking number: 6 to 40 letters, digits or dashes.
    #[schema(
        min_length = 6,
        max_length = 40,
        pattern = "^[A-Za-z0-9-]+$",
        example = "P2612070012345"
    )]
    pub tracking_number: String,
}

/// A passport's hand-over to the courier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DispatchDto {
    pub courier: CourierDto,
    pub tracking_number: String,
    /// When it was handed to the courier.
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::DeliveryRequest;

    #[test]
    fn the_phone_pattern_and_length_are_the_servers() {
        let schema = serde_json::to_value(DeliveryRequest::schema()).unwrap();
        let phone = &schema["properties"]["phone"];
        assert_eq!(phone["pattern"], paspor_domain::delivery::PHONE_PATTERN);
        assert_eq!(phone["maxLength"], paspor_domain::delivery::MAX_PHONE_CHARS);
        let provinces = schema["properties"]["province"]["enum"].as_array().unwrap();
        assert_eq!(provinces.len(), paspor_domain::delivery::PROVINCES.len());
    }
}
