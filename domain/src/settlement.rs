//! Settling by hand a payment that matched no payable booking (an unknown billing code, or
//! a payment that arrived after its booking expired): an admin either credits it to an
//! application, or marks it refunded (the money goes back outside this service).
//!
//! A payment is credited only to an application that is still waiting for exactly that
//! payment. An expired application lost its place when its booking lapsed: the place may
//! already be someone else's, so crediting it would either oversell the session or make it
//! "paid" without an appointment. Such a payment is refunded, and the applicant books again.

use crate::application::ApplicationStatus;

code_enum! {
    /// What an admin did with an unmatched payment.
    pub enum Resolution {
        /// The money went back to the payer (outside this service).
        Refunded => "refunded",
        /// The payment paid an application waiting for it.
        Applied => "applied",
    }
}

/// Why a payment cannot be credited to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreditRefused {
    #[error(
        "the application expired before the payment arrived and its place was released: \
         refund the payment instead (the applicant books again)"
    )]
    PlaceReleased,
    #[error("the application is {0}: no payment is due on it; refund the payment instead")]
    NothingDue(ApplicationStatus),
    #[error("the amount paid ({paid}) is not the amount due ({due}): refund the payment instead")]
    WrongAmount { paid: i64, due: i64 },
}

/// Whether a payment of `paid` may be credited to an application in `status` whose booking
/// asks `due`.
pub fn check_credit(status: ApplicationStatus, paid: i64, due: i64) -> Result<(), CreditRefused> {
    match status {
        ApplicationStatus::AwaitingPayment if paid == due => Ok(()),
        ApplicationStatus::AwaitingPayment => Err(CreditRefused::WrongAmount { paid, due }),
        ApplicationStatus::Expired => Err(CreditRefused::PlaceReleased),
        other => Err(CreditRefused::NothingDue(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;

    #[test]
    fn codes() {
        assert_codes(&Resolution::ALL, Resolution::as_str);
    }

    #[test]
    fn only_an_application_awaiting_that_amount_is_credited() {
        for status in ApplicationStatus::ALL {
            let expected = match status {
                ApplicationStatus::AwaitingPayment => Ok(()),
                ApplicationStatus::Expired => Err(CreditRefused::PlaceReleased),
                other => Err(CreditRefused::NothingDue(other)),
            };
            assert_eq!(check_credit(status, 650_000, 650_000), expected, "{status}");
        }
        assert_eq!(
            check_credit(ApplicationStatus::AwaitingPayment, 350_000, 650_000),
            Err(CreditRefused::WrongAmount {
                paid: 350_000,
                due: 650_000
            })
        );
        assert_eq!(
            CreditRefused::NothingDue(ApplicationStatus::Paid).to_string(),
            "the application is paid: no payment is due on it; refund the payment instead"
        );
    }
}
