//! The transition table: which event moves which state where.

use serde::{Deserialize, Serialize};

use super::{ApplicationEvent, ApplicationStatus};

/// An event that does not apply to the application's current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[error("cannot {} an application that is {}", event.verb_phrase(), from.description())]
pub struct TransitionError {
    pub from: ApplicationStatus,
    pub event: ApplicationEvent,
}

/// The state after `event`, or why the event does not apply.
pub fn next_status(
    from: ApplicationStatus,
    event: ApplicationEvent,
) -> Result<ApplicationStatus, TransitionError> {
    use ApplicationEvent as E;
    use ApplicationStatus as S;

    let to = match (from, event) {
        (S::Draft, E::Submit) => S::AwaitingPayment,
        (S::AwaitingPayment, E::PaymentReceived) => S::Paid,
        (S::AwaitingPayment, E::PaymentDeadlinePassed) => S::Expired,
        // How many times is `check_reschedule`'s business; the state does not change.
        (S::Paid, E::Reschedule) => S::Paid,
        (S::Draft | S::AwaitingPayment | S::Paid, E::Cancel) => S::Cancelled,
        (S::Paid, E::CheckIn) => S::CheckedIn,
        (S::CheckedIn, E::DocumentsMissing) => S::AwaitingDocuments,
        (S::CheckedIn | S::AwaitingDocuments, E::DocumentsComplete) => S::InReview,
        (S::AwaitingDocuments, E::DocumentsDeadlinePassed) => S::Refused,
        (S::InReview, E::Approve) => S::Approved,
        (S::InReview, E::Postpone) => S::Postponed,
        (S::InReview, E::Refuse) => S::Refused,
        (S::Approved, E::Issue) => S::Issued,
        (S::Issued, E::MarkReady) => S::Ready,
        (S::Ready, E::HandOver) => S::Collected,
        (S::Ready, E::CollectionDeadlinePassed) => S::UncollectedCancelled,
        _ => return Err(TransitionError { from, event }),
    };
    Ok(to)
}

/// The events that apply to an application in `status`, in declaration order.
#[must_use]
pub fn allowed_events(status: ApplicationStatus) -> Vec<ApplicationEvent> {
    ApplicationEvent::ALL
        .into_iter()
        .filter(|&e| next_status(status, e).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationEvent as E;
    use ApplicationStatus as S;

    /// The table of PRODUCT.md, written out independently of `next_status`.
    const TABLE: [(S, E, S); 18] = [
        (S::Draft, E::Submit, S::AwaitingPayment),
        (S::AwaitingPayment, E::PaymentReceived, S::Paid),
        (S::AwaitingPayment, E::PaymentDeadlinePassed, S::Expired),
        (S::Paid, E::Reschedule, S::Paid),
        (S::Draft, E::Cancel, S::Cancelled),
        (S::AwaitingPayment, E::Cancel, S::Cancelled),
        (S::Paid, E::Cancel, S::Cancelled),
        (S::Paid, E::CheckIn, S::CheckedIn),
        (S::CheckedIn, E::DocumentsMissing, S::AwaitingDocuments),
        (S::CheckedIn, E::DocumentsComplete, S::InReview),
        (S::AwaitingDocuments, E::DocumentsComplete, S::InReview),
        (S::AwaitingDocuments, E::DocumentsDeadlinePassed, S::Refused),
        (S::InReview, E::Approve, S::Approved),
        (S::InReview, E::Postpone, S::Postponed),
        (S::InReview, E::Refuse, S::Refused),
        (S::Approved, E::Issue, S::Issued),
        (S::Issued, E::MarkReady, S::Ready),
        (S::Ready, E::HandOver, S::Collected),
    ];

    const EXTRA: (S, E, S) = (
        S::Ready,
        E::CollectionDeadlinePassed,
        S::UncollectedCancelled,
    );

    fn expected(from: S, event: E) -> Option<S> {
        TABLE
            .iter()
            .chain([&EXTRA])
            .find(|(f, e, _)| *f == from && *e == event)
            .map(|&(_, _, to)| to)
    }

    #[test]
    fn every_allowed_move() {
        for (from, event, to) in TABLE.into_iter().chain([EXTRA]) {
            assert_eq!(next_status(from, event), Ok(to), "{from} --{event}-->");
        }
    }

    #[test]
    fn every_other_pair_is_refused() {
        let mut refused = 0;
        for from in S::ALL {
            for event in E::ALL {
                match expected(from, event) {
                    Some(to) => assert_eq!(next_status(from, event), Ok(to)),
                    None => {
                        assert_eq!(
                            next_status(from, event),
                            Err(TransitionError { from, event }),
                            "{from} --{event}-->"
                        );
                        refused += 1;
                    }
                }
            }
        }
        assert_eq!(refused, S::ALL.len() * E::ALL.len() - TABLE.len() - 1);
    }

    #[test]
    fn terminal_states_accept_nothing() {
        for from in S::ALL.into_iter().filter(|s| s.is_terminal()) {
            assert!(allowed_events(from).is_empty(), "{from}");
        }
        // And every other state accepts something: no dead ends.
        for from in S::ALL.into_iter().filter(|s| !s.is_terminal()) {
            assert!(!allowed_events(from).is_empty(), "{from}");
        }
    }

    #[test]
    fn every_state_is_reachable_from_draft() {
        let mut seen = vec![S::Draft];
        let mut i = 0;
        while i < seen.len() {
            let from = seen[i];
            for to in allowed_events(from)
                .into_iter()
                .filter_map(|e| next_status(from, e).ok())
            {
                if !seen.contains(&to) {
                    seen.push(to);
                }
            }
            i += 1;
        }
        assert_eq!(seen.len(), S::ALL.len());
    }

    #[test]
    fn allowed_events_of_paid() {
        assert_eq!(
            allowed_events(S::Paid),
            vec![E::Reschedule, E::Cancel, E::CheckIn]
        );
    }

    #[test]
    fn messages_are_human() {
        let err = next_status(S::Collected, E::Cancel).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot cancel an application that is collected"
        );
        let err = next_status(S::Draft, E::PaymentReceived).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot record a payment for an application that is still a draft"
        );
        let err = next_status(S::Paid, E::Reschedule).map(|_| ());
        assert_eq!(err, Ok(()));
    }
}
