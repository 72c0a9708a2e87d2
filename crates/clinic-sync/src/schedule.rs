//! When a site syncs: on a timer, at once when asked, and after a failure again only after a
//! growing, jittered pause (so a clinic's sites do not all knock at a recovering server at once).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use tokio::sync::Notify;

use crate::client::SyncError;

/// How often a site syncs when all is well, and how the pauses after failures grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    pub every: Duration,
    pub first_retry: Duration,
    pub longest_retry: Duration,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence { every: Duration::from_secs(30), first_retry: Duration::from_secs(2), longest_retry: Duration::from_secs(300) }
    }
}

impl Cadence {
    /// The pauses after one, two, three… failures in a row: doubling, jittered, capped.
    pub fn retries(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::default()
            .with_min_delay(self.first_retry)
            .with_max_delay(self.longest_retry)
            .with_jitter()
            .without_max_times()
            .build()
    }
}

/// Asks the background loop to sync now (the "Sync now" button, a change just made).
#[derive(Debug, Clone, Default)]
pub struct SyncNow(Arc<Notify>);

impl SyncNow {
    /// Wakes the loop; a request while a sync runs starts another right after it.
    pub fn request(&self) {
        self.0.notify_one();
    }

    async fn requested(&self) {
        self.0.notified().await;
    }
}

/// Runs `attempt` forever: after a success every `cadence.every`, after a failure after the next
/// back-off pause; `now` cuts any wait short. `attempt` returns `None` when there is nothing to
/// do (not enrolled), which waits like a success.
pub async fn run_forever<F, Fut>(cadence: Cadence, now: SyncNow, mut attempt: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<Result<(), SyncError>>>,
{
    let mut retries = cadence.retries();
    loop {
        let wait = match attempt().await {
            Some(Err(e)) => {
                let pause = retries.next().unwrap_or(cadence.longest_retry);
                tracing::info!(retry_in_s = pause.as_secs(), "sync failed: {e}");
                pause
            }
            Some(Ok(())) | None => {
                retries = cadence.retries();
                cadence.every
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = now.requested() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_with_jitter_up_to_the_cap() {
        let cadence = Cadence {
            every: Duration::from_secs(30),
            first_retry: Duration::from_secs(2),
            longest_retry: Duration::from_secs(60),
        };
        let pauses: Vec<Duration> = cadence.retries().take(12).collect();
        assert_eq!(pauses.len(), 12, "retries never run out");
        assert!(pauses[0] >= Duration::from_secs(2) && pauses[0] <= Duration::from_secs(4), "{pauses:?}");
        assert!(pauses[3] >= Duration::from_secs(16), "{pauses:?}");
        assert!(pauses.iter().all(|p| *p <= Duration::from_secs(120)), "capped (jitter adds at most the delay): {pauses:?}");
        let again: Vec<Duration> = cadence.retries().take(12).collect();
        assert_ne!(pauses, again, "jittered");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failure_waits_a_pause_and_a_request_cuts_the_wait_short() {
        let calls = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let now = SyncNow::default();
        let cadence = Cadence {
            every: Duration::from_secs(3600),
            first_retry: Duration::from_secs(600),
            longest_retry: Duration::from_secs(600),
        };
        let counter = calls.clone();
        let task = tokio::spawn(run_forever(cadence, now.clone(), move || {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async move { Some(if n == 0 { Err(SyncError::TimedOut) } else { Ok(()) }) }
        }));
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1, "one attempt, then a long pause");
        now.request();
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2, "sync now does not wait for the pause");
        task.abort();
    }
}
