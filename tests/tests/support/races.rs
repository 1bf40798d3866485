//! Racing one actor against itself: many requests sent at once on the test's runtime, and
//! their answers sorted into the work done and the refusals, each refusal held to the
//! contract (a 4xx problem+json, never a 5xx).

use std::future::Future;

use super::app::Answer;

/// How many requests a race sends at once.
pub const AT_ONCE: usize = 8;

/// How many times each race runs, each time on fresh state: a window of a few
/// milliseconds is hit only now and then, and one round proves little.
pub const ROUNDS: usize = 8;

/// Sends every request at once (futures joined on this runtime, so that all are in flight
/// together) and returns the answers in the order given.
pub async fn at_once<F>(requests: impl IntoIterator<Item = F>) -> Vec<Answer>
where
    F: Future<Output = Answer>,
{
    futures::future::join_all(requests).await
}

/// The answers of a race, split into those whose status is one of `done` and the
/// refusals. Panics on any answer that is neither, or on a refusal that is not a 4xx
/// problem+json: a race is never a reason for a server error.
#[track_caller]
pub fn split<'a>(what: &str, answers: &'a [Answer], done: &[u16]) -> Split<'a> {
    let mut split = Split::default();
    for (index, answer) in answers.iter().enumerate() {
        let status = answer.status.as_u16();
        if done.contains(&status) {
            split.done.push(answer);
            continue;
        }
        assert!(
            (400..500).contains(&status),
            "{what}: request {index} of {} answered {status}, neither {done:?} nor a refusal: {:#}",
            answers.len(),
            answer.json
        );
        assert_eq!(
            answer.header("content-type"),
            "application/problem+json",
            "{what}: refusal {index} ({status}) is not problem+json: {:#}",
            answer.json
        );
        assert_eq!(
            answer.json["status"], status,
            "{what}: refusal {index} names another status: {:#}",
            answer.json
        );
        split.refused.push(answer);
    }
    split
}

/// The answers of a race, sorted.
#[derive(Debug, Default)]
pub struct Split<'a> {
    /// Those that did the work.
    pub done: Vec<&'a Answer>,
    /// The 4xx refusals.
    pub refused: Vec<&'a Answer>,
}

impl Split<'_> {
    /// The statuses of the answers, done first, for failure messages.
    pub fn statuses(&self) -> Vec<u16> {
        self.done
            .iter()
            .chain(&self.refused)
            .map(|answer| answer.status.as_u16())
            .collect()
    }

    /// The details of the refusals, for failure messages.
    pub fn details(&self) -> Vec<String> {
        self.refused
            .iter()
            .map(|answer| {
                format!(
                    "{} {}",
                    answer.status.as_u16(),
                    answer.json["detail"].as_str().unwrap_or_default()
                )
            })
            .collect()
    }
}
