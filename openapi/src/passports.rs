//! Passports on the wire: the book an approved application becomes (its number, kind,
//! dates and status), what an officer sends to issue it and to hand it over, and the pages
//! of an applicant's passports.
//!
//! Passport numbers have a documented format: one capital letter for the kind of book,
//! `E` for electronic (e-paspor) and `X` for non-electronic (paspor biasa), followed by 7
//! digits (e.g. `E1234567`), unique across the service.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::PassportKindDto;

wire_enum! {
    /// Where a passport book stands: `issued` (printed), `ready` (at the counter until
    /// `collect_by`), `collected`, or `cancelled` (not collected in time).
    PassportStatusDto => paspor_domain::issuance::PassportStatus {
        Issued, Ready, Collected, Cancelled
    }
}

wire_enum! {
    /// What an electronic passport brings: a `biometric_chip` (the holder's data, face and
    /// fingerprints, harder to forge), airport `autogate`s, and `visa_waiver_registration`
    /// (visa waivers that require an e-passport, e.g. Japan's). Codes only: the app words
    /// them in its language.
    BenefitDto => paspor_domain::issuance::Benefit {
        BiometricChip, Autogate, VisaWaiverRegistration
    }
}

wire_enum! {
    /// Who collects a passport: the `holder`, a `family_member` on the holder's family card,
    /// or a `proxy` with a power of attorney.
    RecipientKindDto => paspor_domain::issuance::RecipientKind { Holder, FamilyMember, Proxy }
}

/// Who received a collected passport, and when.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PassportHandOverDto {
    /// The holder, a family member or a proxy.
    pub recipient: RecipientKindDto,
    /// The recipient's name.
    pub recipient_name: String,
    /// When it was handed over.
    pub at: DateTime<Utc>,
}

/// A passport book.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PassportDto {
    /// Its id.
    pub id: String,
    /// The passport number: `E` (electronic) or `X` (non-electronic) followed by 7 digits;
    /// unique.
    #[schema(pattern = "^[EX][0-9]{7}$", example = "E1234567")]
    pub number: String,
    /// Electronic or non-electronic.
    pub kind: PassportKindDto,
    /// Whether the book carries a chip (electronic passports).
    pub chip: bool,
    /// The number of pages (48 for both kinds).
    #[schema(example = 48)]
    pub pages: u8,
    /// The holder's name as printed.
    pub holder_name: String,
    /// The issue date, in the issuing office's calendar.
    #[schema(format = "date", example = "2026-11-25")]
    pub issue_date: NaiveDate,
    /// The last day it is valid.
    #[schema(format = "date", example = "2036-11-24")]
    pub expiry_date: NaiveDate,
    /// From when it can be collected: 4 of the office's working days after the issue date
    /// (weekends and the office's holidays do not count).
    #[schema(format = "date", example = "2026-12-01")]
    pub ready_date: NaiveDate,
    /// The last day it can be collected: 30 days after the ready date. Uncollected by then,
    /// it is cancelled.
    #[schema(format = "date", example = "2026-12-31")]
    pub collect_by: NaiveDate,
    /// Where the book stands.
    pub status: PassportStatusDto,
    /// The office that issued it, where it is collected.
    pub office_id: String,
    /// The application it was issued for.
    pub application_id: String,
    /// What the chip allows: every benefit for an electronic passport, none for a
    /// non-electronic one.
    pub benefits: Vec<BenefitDto>,
    /// Who received it; null until it is collected.
    pub hand_over: Option<PassportHandOverDto>,
    /// Its hand-over to the courier, when it is delivered by post; null otherwise.
    pub dispatch: Option<crate::DispatchDto>,
}

/// A page of the account's passports, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PassportPage {
    /// The passports of this page.
    pub items: Vec<PassportDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many passports there are in all.
    pub total: u64,
}

/// Issuing the passport of an approved application: an empty object (everything comes
/// from the application, the applicant and the office).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuanceRequest {}

/// Handing a ready passport over, with what the officer checked.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandOverRequest {
    /// Who collects it.
    pub recipient: RecipientKindDto,
    /// The recipient's name as on their identity card: required for a family member or a
    /// proxy; for the holder it defaults to the name printed in the passport.
    #[schema(
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$",
        example = "Siti Rahayu"
    )]
    pub recipient_name: Option<String>,
    /// The recipient's NIK (16 digits): required for a family member or a proxy, and must
    /// not be the holder's; for the holder, if given, it must be the holder's.
    #[schema(pattern = "^[0-9]{16}$", example = "3171015505900002")]
    pub recipient_nik: Option<String>,
    /// The number of the family card (Kartu Keluarga, 16 digits) that the officer checked
    /// lists both the holder and the recipient: required for a family member, refused for
    /// anyone else.
    #[schema(pattern = "^[0-9]{16}$", example = "1971010101230001")]
    pub family_card_number: Option<String>,
    /// The reference of the power of attorney (surat kuasa) the proxy showed: required for
    /// a proxy, refused for anyone else.
    #[schema(
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$",
        example = "SK-123/2026"
    )]
    pub power_of_attorney_reference: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn every_wire_code_is_the_domain_code() {
        use paspor_domain::issuance::{Benefit, PassportStatus, RecipientKind};
        for dto in PassportStatusDto::ALL {
            assert_eq!(code(dto), PassportStatus::from(*dto).as_str());
        }
        for dto in BenefitDto::ALL {
            assert_eq!(code(dto), Benefit::from(*dto).as_str());
        }
        for dto in RecipientKindDto::ALL {
            assert_eq!(code(dto), RecipientKind::from(*dto).as_str());
        }
    }

    #[test]
    fn the_issuance_body_is_an_empty_object() {
        assert!(serde_json::from_str::<IssuanceRequest>("{}").is_ok());
        assert!(serde_json::from_str::<IssuanceRequest>(r#"{"number":"E1"}"#).is_err());
    }
}
