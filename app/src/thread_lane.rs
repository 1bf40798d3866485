//! A few OS threads of their own taking blocking jobs in turn, for work that must not queue
//! behind the rest: password hashes (slow on purpose), and the reads every client makes
//! (availability, whether a token's sign-in is live), which a rush of bookings would
//! otherwise hold up in the shared blocking pool.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, mpsc};

/// Work for a lane's thread.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// The queue of a lane's threads; they end when the last clone is dropped.
#[derive(Debug, Clone)]
pub struct ThreadLane {
    name: &'static str,
    jobs: mpsc::Sender<Job>,
}

/// A job on the lane failed (it panicked) or the lane's threads have stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a job on the {0} threads failed, or they have stopped")]
pub struct LaneFailed(pub &'static str);

impl ThreadLane {
    /// `threads` threads (at least one) named `name-N`, each running `on_start` first.
    pub fn new(name: &'static str, threads: usize, on_start: fn()) -> std::io::Result<ThreadLane> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for number in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("{name}-{number}"))
                .spawn(move || {
                    on_start();
                    loop {
                        // The lock is released as soon as a job is taken.
                        let next = queue
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .recv();
                        match next {
                            // A job that panics fails alone (its requester hears nothing
                            // and is told the lane failed); the thread takes the next.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                            }
                            Err(mpsc::RecvError) => return,
                        }
                    }
                })?;
        }
        Ok(ThreadLane { name, jobs })
    }

    /// Queues `job` for the next free thread.
    pub fn send(&self, job: impl FnOnce() + Send + 'static) -> Result<(), LaneFailed> {
        self.jobs
            .send(Box::new(job))
            .map_err(|_| LaneFailed(self.name))
    }

    /// Runs `work` on a thread of the lane and waits for its result without blocking the
    /// caller's thread.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, LaneFailed> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.send(move || {
            // The requester may have gone: nothing to tell.
            let _ = reply.send(work());
        })?;
        answer.await.map_err(|_| LaneFailed(self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_lane_s_own_threads() {
        let lane = ThreadLane::new("test-lane", 2, || {}).unwrap();
        let names = futures_util::future::join_all(
            (0..4).map(|_| lane.run(|| std::thread::current().name().map(str::to_owned))),
        )
        .await;
        for name in names {
            let name = name.unwrap().unwrap();
            assert!(name.starts_with("test-lane-"), "{name}");
        }
    }

    #[tokio::test]
    async fn a_job_that_panics_fails_alone_and_the_thread_goes_on() {
        let lane = ThreadLane::new("test-lane", 1, || {}).unwrap();
        let failed = lane.run(|| panic!("a job's own failure")).await;
        assert_eq!(failed.map(|_: ()| ()), Err(LaneFailed("test-lane")));
        assert_eq!(lane.run(|| 7).await, Ok(7));
    }
}
