//! Settling by hand a payment that matched no payable booking (an unknown billing code, or
//! a payment that arrived after its booking expired): an admin either credits it to an
//! application, or marks it refunded (the money goes back outside this service).
//!
//! A payment is credited only to an application that is still waiting for exactly that
//! payment. An expired application lost its place when its booking lapsed: the place may
//! already be someone else's, so crediting it would either oversell the session or make it
//! "paid" without an appointment. Such a payment is refunded, and the applicant books again.

use chrono::{DateTime, Utc};

use crate::application::ApplicationStatus;

code_enum! {
    /// What became of one line of the payment channel's settlement report.
    pub enum LineOutcome {
        /// Not reconciled yet.
        Pending => "pending",
        /// Paid in time, its notice never came: applied, and its place kept or taken back.
        Restored => "restored",
        /// Paid in time, its notice never came, and its place was someone else's by then:
        /// applied, and booked in the nearest free session of the same office.
        Moved => "moved",
        /// Paid in time, its notice never came, and no session near enough had room:
        /// applied, and the person picks a session.
        PaidWithoutPlace => "paid_without_place",
        /// Its notice came: nothing to do.
        AlreadyApplied => "already_applied",
        /// Paid after the deadline, or for an application that is due nothing: to refund.
        Refund => "refund",
        /// No application's booking has this billing code, or the amount is not the one
        /// due: listed for an admin.
        Unmatched => "unmatched",
    }
}

/// What a payment the channel settled (a line of its report) means for the application
/// whose booking has its billing code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettledPayment {
    /// Paid before the deadline and not applied yet: apply it.
    Credit,
    /// The application is past payment: paid already (whether by this payment is for the
    /// caller to tell from the payments kept).
    PastPayment,
    /// Paid after the deadline: refund, as a late notice is.
    PaidLate,
    /// The application is due nothing (cancelled, a draft): refund.
    NothingDue(ApplicationStatus),
    /// Not the amount due: unmatched.
    WrongAmount { paid: i64, due: i64 },
}

/// Judges a settled payment of `paid`, made at `paid_at`, for an application in `status`
/// whose booking asks `due` by `deadline` (none once paid).
pub fn judge_settled(
    status: ApplicationStatus,
    paid: i64,
    due: i64,
    paid_at: DateTime<Utc>,
    deadline: Option<DateTime<Utc>>,
) -> SettledPayment {
    if paid != due {
        return SettledPayment::WrongAmount { paid, due };
    }
    match status {
        ApplicationStatus::AwaitingPayment | ApplicationStatus::Expired => match deadline {
            Some(deadline) if paid_at <= deadline => SettledPayment::Credit,
            Some(_) => SettledPayment::PaidLate,
            // Waiting for payment, its booking keeps no deadline: paid already.
            None => SettledPayment::PastPayment,
        },
        ApplicationStatus::Draft | ApplicationStatus::Cancelled => {
            SettledPayment::NothingDue(status)
        }
        _ => SettledPayment::PastPayment,
    }
}

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
        assert_codes(&LineOutcome::ALL, LineOutcome::as_str);
    }

    #[test]
    fn a_settled_payment_is_credited_only_if_made_by_the_deadline() {
        let deadline = DateTime::parse_from_rfc3339("2026-11-25T05:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let second = chrono::TimeDelta::seconds(1);
        for status in [
            ApplicationStatus::AwaitingPayment,
            ApplicationStatus::Expired,
        ] {
            let judge = |paid_at| judge_settled(status, 650_000, 650_000, paid_at, Some(deadline));
            assert_eq!(judge(deadline - second), SettledPayment::Credit, "{status}");
            assert_eq!(judge(deadline), SettledPayment::Credit, "{status}");
            assert_eq!(
                judge(deadline + second),
                SettledPayment::PaidLate,
                "{status}"
            );
        }
        assert_eq!(
            judge_settled(
                ApplicationStatus::Expired,
                1,
                650_000,
                deadline,
                Some(deadline)
            ),
            SettledPayment::WrongAmount {
                paid: 1,
                due: 650_000
            }
        );
        assert_eq!(
            judge_settled(ApplicationStatus::Paid, 650_000, 650_000, deadline, None),
            SettledPayment::PastPayment
        );
        assert_eq!(
            judge_settled(
                ApplicationStatus::Cancelled,
                650_000,
                650_000,
                deadline,
                Some(deadline)
            ),
            SettledPayment::NothingDue(ApplicationStatus::Cancelled)
        );
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
