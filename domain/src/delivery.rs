//! Delivery of passports by post: the provinces an address may name, how the fee is paid,
//! the courier, and the form of a postal code and a tracking number.

use crate::application::ApplicationStatus;

/// Indonesia's 38 provinces, as an address names them.
pub const PROVINCES: [&str; 38] = [
    "Aceh",
    "Sumatera Utara",
    "Sumatera Barat",
    "Riau",
    "Kepulauan Riau",
    "Jambi",
    "Bengkulu",
    "Sumatera Selatan",
    "Kepulauan Bangka Belitung",
    "Lampung",
    "Banten",
    "DKI Jakarta",
    "Jawa Barat",
    "Jawa Tengah",
    "DI Yogyakarta",
    "Jawa Timur",
    "Bali",
    "Nusa Tenggara Barat",
    "Nusa Tenggara Timur",
    "Kalimantan Barat",
    "Kalimantan Tengah",
    "Kalimantan Selatan",
    "Kalimantan Timur",
    "Kalimantan Utara",
    "Sulawesi Utara",
    "Gorontalo",
    "Sulawesi Tengah",
    "Sulawesi Barat",
    "Sulawesi Selatan",
    "Sulawesi Tenggara",
    "Maluku",
    "Maluku Utara",
    "Papua",
    "Papua Barat",
    "Papua Barat Daya",
    "Papua Tengah",
    "Papua Pegunungan",
    "Papua Selatan",
];

code_enum! {
    /// How a delivery's fee is paid.
    pub enum FeePayment {
        /// Added to the amount due for the application (chosen before paying).
        WithApplicationFee => "with_application_fee",
        /// Paid to the courier on delivery (chosen after paying).
        OnDelivery => "on_delivery",
    }
}

code_enum! {
    /// The courier that delivers passports.
    pub enum Courier {
        /// PT Pos Indonesia.
        PosIndonesia => "pos_indonesia",
    }
}

/// Whether `province` is one of [`PROVINCES`] (exactly as written there).
#[must_use]
pub fn is_province(province: &str) -> bool {
    PROVINCES.contains(&province)
}

/// Whether `code` is a postal code: five ASCII digits.
#[must_use]
pub fn is_postal_code(code: &str) -> bool {
    code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `number` is a tracking number: 6 to 40 ASCII letters, digits or dashes.
#[must_use]
pub fn is_tracking_number(number: &str) -> bool {
    (6..=40).contains(&number.len())
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The pattern of [`is_phone`] as the contract declares it, so that a number the contract
/// allows is one the server takes and the other way round.
pub const PHONE_PATTERN: &str = "^\\+?([0-9][ -]?){7,14}[0-9]$";

/// The longest phone number [`is_phone`] takes: `+`, 15 digits and a separator between
/// each two.
pub const MAX_PHONE_CHARS: usize = 30;

/// Whether `phone` is a number a courier can call: an optional leading `+`, then 8 to 15
/// digits, any two of them apart by at most one space or dash ([`PHONE_PATTERN`]).
#[must_use]
pub fn is_phone(phone: &str) -> bool {
    let rest = phone.strip_prefix('+').unwrap_or(phone).as_bytes();
    let digits = rest.iter().filter(|b| b.is_ascii_digit()).count();
    let separator = |b: &u8| *b == b' ' || *b == b'-';
    rest.iter().all(|b| b.is_ascii_digit() || separator(b))
        && rest.first().is_some_and(u8::is_ascii_digit)
        && rest.last().is_some_and(u8::is_ascii_digit)
        && rest
            .windows(2)
            .all(|pair| !(separator(&pair[0]) && separator(&pair[1])))
        && (8..=15).contains(&digits)
}

/// How the fee of a delivery chosen while the application is in `status` is paid, or
/// `None` when delivery cannot be chosen (or changed) then: before a booking (the office,
/// which must deliver, is not known), and once the passport is handed over or the
/// application has ended.
#[must_use]
pub fn fee_payment_in(status: ApplicationStatus) -> Option<FeePayment> {
    use ApplicationStatus as S;
    match status {
        S::AwaitingPayment => Some(FeePayment::WithApplicationFee),
        S::Paid
        | S::CheckedIn
        | S::AwaitingDocuments
        | S::InReview
        | S::Postponed
        | S::Approved
        | S::Issued
        | S::Ready => Some(FeePayment::OnDelivery),
        S::Draft
        | S::Expired
        | S::Cancelled
        | S::Refused
        | S::Collected
        | S::UncollectedCancelled => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;

    #[test]
    fn thirty_eight_distinct_provinces() {
        let distinct: std::collections::HashSet<_> = PROVINCES.iter().collect();
        assert_eq!(distinct.len(), 38);
        assert!(is_province("Papua Barat Daya"));
        assert!(!is_province("papua barat daya"));
        assert!(!is_province("Narnia"));
    }

    #[test]
    fn forms_at_their_edges() {
        assert!(is_postal_code("33128"));
        for bad in ["3312", "331280", "3312a", "٣٣١٢٨", ""] {
            assert!(!is_postal_code(bad), "{bad}");
        }
        assert!(is_tracking_number("P26120"));
        assert!(!is_tracking_number("P2612"));
        assert!(is_tracking_number(&"A".repeat(40)));
        assert!(!is_tracking_number(&"A".repeat(41)));
        assert!(!is_tracking_number("P261 207"));
        assert!(is_phone("0812-3456-7890"));
        assert!(is_phone("+62 812 3456 7890"));
        assert!(!is_phone("0812"));
        assert!(!is_phone("0812-3456-789x"));
        assert!(!is_phone("+62+812345678"));
        // The contract's pattern, boundary by boundary.
        assert!(is_phone("12345678") && !is_phone("1234567"));
        assert!(is_phone("123456789012345") && !is_phone("1234567890123456"));
        assert!(is_phone("+1-2-3-4-5-6-7-8-9-0-1-2-3-4-5"));
        assert_eq!("+1-2-3-4-5-6-7-8-9-0-1-2-3-4-5".len(), MAX_PHONE_CHARS);
        assert!(!is_phone("0812--3456-7890"), "two separators together");
        assert!(!is_phone("-081234567890") && !is_phone("081234567890-"));
        assert!(!is_phone("+ 081234567890") && !is_phone(""));
    }

    #[test]
    fn the_fee_is_paid_with_the_application_only_before_payment() {
        assert_eq!(
            fee_payment_in(ApplicationStatus::AwaitingPayment),
            Some(FeePayment::WithApplicationFee)
        );
        assert_eq!(
            fee_payment_in(ApplicationStatus::Ready),
            Some(FeePayment::OnDelivery)
        );
        assert_eq!(fee_payment_in(ApplicationStatus::Draft), None);
        assert_eq!(fee_payment_in(ApplicationStatus::Collected), None);
        assert_codes(&FeePayment::ALL, FeePayment::as_str);
        assert_codes(&Courier::ALL, Courier::as_str);
    }
}
