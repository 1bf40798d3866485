//! Rules around the transitions that depend on dates and counts: reschedule once and no
//! later than the day before the appointment; cancel any time before it; the 30-day windows
//! for missing documents and for collection.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ApplicationStatus;

/// An application may be rescheduled this many times.
pub const MAX_RESCHEDULES: u32 = 1;
/// Days within which missing documents may be supplied after check-in.
pub const DOCUMENTS_GRACE_DAYS: u32 = 30;
/// Days within which a ready passport must be collected.
pub const COLLECTION_DAYS: u32 = 30;

/// Why an application cannot be rescheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum RescheduleError {
    #[error("only a paid application can be rescheduled; this one is {}", status.description())]
    NotPaid { status: ApplicationStatus },
    #[error("an application can be rescheduled only once")]
    AlreadyRescheduled,
    #[error(
        "an appointment can be rescheduled no later than the day before it \
         (the appointment is on {appointment_date})"
    )]
    TooLate { appointment_date: NaiveDate },
}

/// Why an application cannot be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CancelError {
    #[error("an application that is {} can no longer be cancelled", status.description())]
    NotCancellable { status: ApplicationStatus },
    #[error(
        "an application can be cancelled only before its appointment \
         (the appointment is on {appointment_date})"
    )]
    AppointmentPassed { appointment_date: NaiveDate },
}

/// Whether a paid application may move its appointment today: once, and no later than the
/// day before the appointment (`today < appointment_date`).
pub fn check_reschedule(
    status: ApplicationStatus,
    reschedules_done: u32,
    appointment_date: NaiveDate,
    today: NaiveDate,
) -> Result<(), RescheduleError> {
    if status != ApplicationStatus::Paid {
        return Err(RescheduleError::NotPaid { status });
    }
    if reschedules_done >= MAX_RESCHEDULES {
        return Err(RescheduleError::AlreadyRescheduled);
    }
    if today >= appointment_date {
        return Err(RescheduleError::TooLate { appointment_date });
    }
    Ok(())
}

/// Whether an application may be cancelled today: a draft, awaiting payment or paid, and
/// before the day of the appointment when it has one. Fees already paid are not refunded.
pub fn check_cancel(
    status: ApplicationStatus,
    appointment_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), CancelError> {
    use ApplicationStatus as S;
    if !matches!(status, S::Draft | S::AwaitingPayment | S::Paid) {
        return Err(CancelError::NotCancellable { status });
    }
    match appointment_date {
        Some(appointment_date) if today >= appointment_date => {
            Err(CancelError::AppointmentPassed { appointment_date })
        }
        _ => Ok(()),
    }
}

/// The last day on which documents missing at check-in may be supplied.
#[must_use]
pub fn documents_deadline(checked_in_on: NaiveDate) -> NaiveDate {
    add_days(checked_in_on, DOCUMENTS_GRACE_DAYS)
}

/// The last day on which a passport ready on `ready_on` may be collected.
#[must_use]
pub fn collection_deadline(ready_on: NaiveDate) -> NaiveDate {
    add_days(ready_on, COLLECTION_DAYS)
}

fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::{ApplicationEvent, next_status};
    use ApplicationStatus as S;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reschedule_edges() {
        let appt = d(2026, 12, 10);
        let cases = [
            (S::Paid, 0, d(2026, 12, 8), Ok(())),
            (S::Paid, 0, d(2026, 12, 9), Ok(())),
            (
                S::Paid,
                0,
                d(2026, 12, 10),
                Err(RescheduleError::TooLate {
                    appointment_date: appt,
                }),
            ),
            (
                S::Paid,
                0,
                d(2026, 12, 11),
                Err(RescheduleError::TooLate {
                    appointment_date: appt,
                }),
            ),
            (
                S::Paid,
                1,
                d(2026, 12, 1),
                Err(RescheduleError::AlreadyRescheduled),
            ),
            (
                S::Paid,
                2,
                d(2026, 12, 1),
                Err(RescheduleError::AlreadyRescheduled),
            ),
            (
                S::AwaitingPayment,
                0,
                d(2026, 12, 1),
                Err(RescheduleError::NotPaid {
                    status: S::AwaitingPayment,
                }),
            ),
            (
                S::Draft,
                0,
                d(2026, 12, 1),
                Err(RescheduleError::NotPaid { status: S::Draft }),
            ),
            (
                S::CheckedIn,
                0,
                d(2026, 12, 1),
                Err(RescheduleError::NotPaid {
                    status: S::CheckedIn,
                }),
            ),
        ];
        for (status, done, today, expected) in cases {
            assert_eq!(
                check_reschedule(status, done, appt, today),
                expected,
                "{status} after {done} on {today}"
            );
        }
        // Only paid states pass, which is where the state machine allows it too.
        for status in S::ALL {
            let ok = check_reschedule(status, 0, appt, d(2026, 12, 1)).is_ok();
            assert_eq!(
                ok,
                next_status(status, ApplicationEvent::Reschedule).is_ok(),
                "{status}"
            );
        }
        assert_eq!(
            RescheduleError::TooLate {
                appointment_date: appt
            }
            .to_string(),
            "an appointment can be rescheduled no later than the day before it \
             (the appointment is on 2026-12-10)"
        );
    }

    #[test]
    fn cancel_edges() {
        let appt = Some(d(2026, 12, 10));
        let passed = Err(CancelError::AppointmentPassed {
            appointment_date: d(2026, 12, 10),
        });
        let cases = [
            (S::Draft, None, d(2026, 12, 10), Ok(())),
            (S::AwaitingPayment, appt, d(2026, 12, 9), Ok(())),
            (S::Paid, appt, d(2026, 12, 9), Ok(())),
            (S::Paid, appt, d(2026, 12, 10), passed),
            (S::Paid, appt, d(2026, 12, 11), passed),
            (S::Draft, appt, d(2026, 12, 10), passed),
        ];
        for (status, appt, today, expected) in cases {
            assert_eq!(
                check_cancel(status, appt, today),
                expected,
                "{status} on {today}"
            );
        }
        for status in S::ALL {
            let ok = check_cancel(status, None, d(2026, 12, 1)).is_ok();
            assert_eq!(
                ok,
                next_status(status, ApplicationEvent::Cancel).is_ok(),
                "{status}"
            );
            if !ok {
                assert_eq!(
                    check_cancel(status, appt, d(2026, 12, 1)),
                    Err(CancelError::NotCancellable { status })
                );
            }
        }
        assert_eq!(
            CancelError::NotCancellable {
                status: S::CheckedIn
            }
            .to_string(),
            "an application that is checked in can no longer be cancelled"
        );
    }

    #[test]
    fn thirty_day_windows() {
        assert_eq!(documents_deadline(d(2026, 12, 10)), d(2027, 1, 9));
        assert_eq!(collection_deadline(d(2027, 2, 1)), d(2027, 3, 3));
        assert_eq!(collection_deadline(NaiveDate::MAX), NaiveDate::MAX);
    }
}
