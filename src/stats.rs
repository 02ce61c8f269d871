//! Counts of what a client has sent, for metrics and bulk jobs' reports.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// What a client (and its clones) has done since it was built: see
/// [`PlainClient::stats`](crate::PlainClient::stats).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientStats {
    /// Requests sent, retries included.
    pub requests: u64,
    /// Responses that were 429 (rate limited), whether retried or not.
    pub rate_limited: u64,
    /// Time requests spent waiting for a pacing slot, summed over tasks.
    pub paced: Duration,
}

/// The live counters behind [`ClientStats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    requests: AtomicU64,
    rate_limited: AtomicU64,
    paced_nanos: AtomicU64,
}

impl Counters {
    pub(crate) fn sent(&self) {
        self.requests.fetch_add(1, Relaxed);
    }

    pub(crate) fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Relaxed);
    }

    pub(crate) fn paced(&self, wait: Duration) {
        let nanos = u64::try_from(wait.as_nanos()).unwrap_or(u64::MAX);
        self.paced_nanos.fetch_add(nanos, Relaxed);
    }

    pub(crate) fn snapshot(&self) -> ClientStats {
        ClientStats {
            requests: self.requests.load(Relaxed),
            rate_limited: self.rate_limited.load(Relaxed),
            paced: Duration::from_nanos(self.paced_nanos.load(Relaxed)),
        }
    }
}
