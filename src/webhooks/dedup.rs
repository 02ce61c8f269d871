//! De-duplication of webhook deliveries by event id.
//!
//! Plain delivers each event at least once and retries a failed delivery
//! for days, with the same event id ([`WebhookRequest::id`]). A
//! [`Deduplicator`] remembers the ids it has seen for a window and says
//! whether a delivery is the first: [`InProcessSeen`] remembers within one
//! process, `RedisStore` (feature `redis`) across every replica behind one
//! webhook URL.
//!
//! ```
//! # async fn run() {
//! use std::time::Duration;
//! use plain_sdk::webhooks::Deduplicator;
//!
//! let dedup = Deduplicator::new(Duration::from_secs(3 * 24 * 3600));
//! assert!(dedup.first_delivery("ev_01").await);
//! assert!(!dedup.first_delivery("ev_01").await); // a redelivery: skip it
//! # }
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::WebhookRequest;
use crate::store::StoreFuture;

/// Where a [`Deduplicator`] remembers the ids it has seen.
pub trait SeenStore: Send + Sync + fmt::Debug + 'static {
    /// Records `key` as seen for `window`, atomically; `true` when it was
    /// not already recorded within its window (the first sighting).
    fn first_sighting<'a>(&'a self, key: &'a str, window: Duration) -> StoreFuture<'a, bool>;
}

/// Ids in this process's memory, at most [`InProcessSeen::capacity`] of
/// them: beyond that, the oldest are forgotten first.
#[derive(Debug)]
pub struct InProcessSeen {
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    expiry: HashMap<String, Instant>,
    /// Keys in the order they were recorded, for forgetting the oldest.
    order: VecDeque<(Instant, String)>,
}

impl InProcessSeen {
    /// The number of ids kept unless [`InProcessSeen::with_capacity`] says otherwise.
    pub const DEFAULT_CAPACITY: usize = 100_000;

    /// A store that keeps up to [`InProcessSeen::DEFAULT_CAPACITY`] ids.
    pub fn new() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }

    /// A store that keeps up to `capacity` ids (at least 1).
    pub fn with_capacity(capacity: usize) -> Self {
        InProcessSeen {
            capacity: capacity.max(1),
            seen: Mutex::new(Seen::default()),
        }
    }

    /// How many ids it keeps at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn record(&self, key: &str, window: Duration, now: Instant) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let Seen { expiry, order } = &mut *seen;
        // Forget what has expired.
        while let Some((until, oldest)) = order.front() {
            if *until > now {
                break;
            }
            if expiry.get(oldest) == Some(until) {
                expiry.remove(oldest);
            }
            order.pop_front();
        }
        if expiry.get(key).is_some_and(|until| *until > now) {
            return false;
        }
        // Full: forget the oldest. Every kept id has an entry in `order`.
        while expiry.len() >= self.capacity {
            let Some((until, oldest)) = order.pop_front() else {
                break;
            };
            if expiry.get(&oldest) == Some(&until) {
                expiry.remove(&oldest);
            }
        }
        let until = now + window;
        expiry.insert(key.to_owned(), until);
        order.push_back((until, key.to_owned()));
        true
    }
}

impl Default for InProcessSeen {
    fn default() -> Self {
        Self::new()
    }
}

impl SeenStore for InProcessSeen {
    fn first_sighting<'a>(&'a self, key: &'a str, window: Duration) -> StoreFuture<'a, bool> {
        let first = self.record(key, window, Instant::now());
        Box::pin(async move { Ok(first) })
    }
}

/// Says whether a delivery is the first of its event within a window.
/// Cheap to clone; clones share the store.
#[derive(Clone, Debug)]
pub struct Deduplicator {
    store: Arc<dyn SeenStore>,
    window: Duration,
    prefix: String,
}

impl Deduplicator {
    /// The key prefix unless [`Deduplicator::prefix`] says otherwise.
    pub const DEFAULT_PREFIX: &'static str = "plain-sdk:webhook:";

    /// Remembers ids for `window` in this process ([`InProcessSeen`]).
    pub fn new(window: Duration) -> Self {
        Self::with_store(InProcessSeen::new(), window)
    }

    /// Remembers ids for `window` in `store`, e.g. Redis, shared by every
    /// replica that uses the same store and prefix.
    pub fn with_store(store: impl SeenStore, window: Duration) -> Self {
        Self::with_shared_store(Arc::new(store), window)
    }

    /// Like [`Deduplicator::with_store`], for a store you keep a handle to.
    pub fn with_shared_store(store: Arc<dyn SeenStore>, window: Duration) -> Self {
        Deduplicator {
            store,
            window,
            prefix: Self::DEFAULT_PREFIX.to_owned(),
        }
    }

    /// The prefix of the keys ids are stored under (default
    /// [`Deduplicator::DEFAULT_PREFIX`]), e.g. one per webhook target.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Whether this is the first delivery of event `id` within the window.
    ///
    /// When the store fails, the delivery counts as the first (handling an
    /// event twice beats dropping it) and the error is logged at WARN.
    pub async fn first_delivery(&self, id: &str) -> bool {
        let key = format!("{}{id}", self.prefix);
        match self.store.first_sighting(&key, self.window).await {
            Ok(first) => first,
            Err(error) => {
                tracing::warn!(%error, event_id = id, "webhook de-duplication store failed; handling the delivery");
                true
            }
        }
    }

    /// [`Deduplicator::first_delivery`] of a verified delivery's event id.
    pub async fn is_first(&self, request: &WebhookRequest) -> bool {
        self.first_delivery(&request.id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_seen_once_per_window_and_capacity_is_kept() {
        let start = Instant::now();
        let s = Duration::from_secs;
        let store = InProcessSeen::with_capacity(2);
        #[rustfmt::skip]
        let steps = [
            ("first a", "a", 0, true),
            ("a again", "a", 1, false),
            ("first b", "b", 2, true),
            ("a after its window", "a", 11, true),
            ("b within its window", "b", 11, false),
            ("c: over capacity, b (the oldest) goes", "c", 11, true),
            ("b forgotten", "b", 11, true),
            ("c kept", "c", 11, false),
        ];
        for (name, key, at, first) in steps {
            assert_eq!(store.record(key, s(10), start + s(at)), first, "{name}");
            assert!(store.seen.lock().unwrap().expiry.len() <= 2, "{name}");
        }
    }

    #[tokio::test]
    async fn two_deduplicators_sharing_a_store_see_one_first() {
        let store: Arc<dyn SeenStore> = Arc::new(InProcessSeen::new());
        let one = Deduplicator::with_shared_store(Arc::clone(&store), Duration::from_secs(60));
        let two = Deduplicator::with_shared_store(store, Duration::from_secs(60));
        assert!(one.first_delivery("ev_1").await);
        assert!(!two.first_delivery("ev_1").await);
        // Another prefix is another namespace.
        assert!(two.clone().prefix("other:").first_delivery("ev_1").await);
    }
}
