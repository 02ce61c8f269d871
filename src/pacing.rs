//! Opt-in rate-limit pacing: requests spaced so that a workspace's budget
//! is used, never overrun.
//!
//! Plain allows a workspace a number of requests per minute (450 to 1,000,
//! by plan) and answers 429 beyond it. Every response carries the budget:
//! `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset`. A
//! client built with [`PlainClientBuilder::pacing`] reads those headers and
//! hands out send slots one interval apart, across every task using the
//! client (and its clones):
//!
//! - the interval is the window divided by the limit, less a headroom of
//!   2 % (at least one request) for the requests whose arrival order the
//!   network shuffles;
//! - the limit is learned from `x-ratelimit-limit`; until the first response
//!   it is [`Pacer::initial_limit`] (450, Plain's smallest plan);
//! - the window is learned from how `x-ratelimit-reset` moves from one
//!   window to the next (60 s until then);
//! - a response with nothing left (`remaining: 0`), or a 429, holds every
//!   slot until the reset (or `Retry-After`).
//!
//! The schedule lives in a [`PacingStore`]: [`InProcessPacing`] for one
//! process, `RedisStore` (feature `redis`) for replicas sharing one
//! workspace's budget.
//!
//! ```no_run
//! # fn run() -> plain_sdk::Result<()> {
//! use plain_sdk::{pacing::Pacer, PlainClient};
//!
//! let client = PlainClient::builder(std::env::var("PLAIN_API_KEY").unwrap_or_default())
//!     .pacing(Pacer::new())
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! [`PlainClientBuilder::pacing`]: crate::PlainClientBuilder::pacing

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::response::RateLimit;
pub use crate::store::{StoreError, StoreFuture};

/// Plain's smallest plan: the rate a pacer starts at before it has seen a limit.
pub const DEFAULT_INITIAL_LIMIT: u32 = 450;
/// Plain's rate-limit window, until the headers show another.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);
/// The key a pacer's schedule is stored under unless [`Pacer::key`] says otherwise.
pub const DEFAULT_KEY: &str = "plain-sdk:pacing";

/// One slot asked of a [`PacingStore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reservation {
    /// The caller's clock.
    pub now: SystemTime,
    /// No slot before this time (a hold until the budget resets).
    pub not_before: SystemTime,
    /// How far apart slots are.
    pub interval: Duration,
}

impl Reservation {
    /// A reservation at `now`, slots `interval` apart, none before `not_before`.
    pub fn new(now: SystemTime, not_before: SystemTime, interval: Duration) -> Self {
        Reservation {
            now,
            not_before,
            interval,
        }
    }

    /// The decision every store makes, atomically: given the next free slot
    /// stored under the key (`None` when nothing is), returns the slot
    /// granted and the next free slot to store.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use plain_sdk::pacing::Reservation;
    ///
    /// let at = |ms| UNIX_EPOCH + Duration::from_millis(ms);
    /// let r = Reservation::new(at(1_000), at(0), Duration::from_millis(100));
    /// assert_eq!(r.grant(Some(at(1_250))), (at(1_250), at(1_350)));
    /// assert_eq!(r.grant(Some(at(900))), (at(1_000), at(1_100)));
    /// ```
    pub fn grant(&self, next_free: Option<SystemTime>) -> (SystemTime, SystemTime) {
        let slot = next_free
            .unwrap_or(self.now)
            .max(self.now)
            .max(self.not_before);
        (slot, slot + self.interval)
    }
}

/// Where a pacer's schedule lives: the next free send slot under a key.
///
/// An implementation makes [`Reservation::grant`]'s decision atomically,
/// so that every task and every process using the store gets its own slot.
pub trait PacingStore: Send + Sync + fmt::Debug + 'static {
    /// Grants the next slot under `key` (see [`Reservation::grant`]).
    fn reserve<'a>(&'a self, key: &'a str, reservation: Reservation)
        -> StoreFuture<'a, SystemTime>;
}

/// A schedule in this process's memory: shared by the clients given the
/// same store, gone when the process ends.
#[derive(Debug, Default)]
pub struct InProcessPacing {
    next_free: Mutex<HashMap<String, SystemTime>>,
}

impl InProcessPacing {
    /// An empty schedule.
    pub fn new() -> Self {
        Self::default()
    }

    fn reserve_now(&self, key: &str, reservation: Reservation) -> SystemTime {
        let mut next_free = self
            .next_free
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (slot, next) = reservation.grant(next_free.get(key).copied());
        next_free.insert(key.to_owned(), next);
        slot
    }
}

impl PacingStore for InProcessPacing {
    fn reserve<'a>(
        &'a self,
        key: &'a str,
        reservation: Reservation,
    ) -> StoreFuture<'a, SystemTime> {
        let slot = self.reserve_now(key, reservation);
        Box::pin(async move { Ok(slot) })
    }
}

/// How a client paces its requests (see the [module](self)). Cheap to
/// clone; clones share the store.
#[derive(Clone, Debug)]
pub struct Pacer {
    store: Arc<dyn PacingStore>,
    key: Cow<'static, str>,
    initial_limit: u32,
    window: Duration,
}

impl Default for Pacer {
    fn default() -> Self {
        Self::new()
    }
}

impl Pacer {
    /// Pacing within this process ([`InProcessPacing`]).
    pub fn new() -> Self {
        Self::with_store(InProcessPacing::new())
    }

    /// Pacing whose schedule lives in `store`, e.g. Redis, shared by every
    /// replica that uses the same store and key.
    pub fn with_store(store: impl PacingStore) -> Self {
        Self::with_shared_store(Arc::new(store))
    }

    /// Like [`Pacer::with_store`], for a store you keep a handle to.
    pub fn with_shared_store(store: Arc<dyn PacingStore>) -> Self {
        Pacer {
            store,
            key: Cow::Borrowed(DEFAULT_KEY),
            initial_limit: DEFAULT_INITIAL_LIMIT,
            window: DEFAULT_WINDOW,
        }
    }

    /// The key the schedule is stored under (default [`DEFAULT_KEY`]): one
    /// per workspace, when one store serves several.
    pub fn key(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.key = key.into();
        self
    }

    /// Requests per window to pace at until a response states the limit
    /// (default [`DEFAULT_INITIAL_LIMIT`]); at least 1.
    pub fn initial_limit(mut self, limit: u32) -> Self {
        self.initial_limit = limit.max(1);
        self
    }

    /// The rate-limit window until the headers show another (default
    /// [`DEFAULT_WINDOW`], Plain's minute); at least 1 ms. The pacer learns
    /// a window from how `x-ratelimit-reset` moves, but only after the first
    /// one has passed: set it when your endpoint's window is known to differ.
    pub fn window(mut self, window: Duration) -> Self {
        self.window = window.max(Duration::from_millis(1));
        self
    }
}

/// What a client has learned of its budget. Pure: every decision of the
/// pacer is a method here, tested by table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Budget {
    limit: Option<u64>,
    window: Duration,
    last_reset: Option<SystemTime>,
    hold_until: Option<SystemTime>,
}

impl Budget {
    pub(crate) fn new(window: Duration) -> Self {
        Budget {
            limit: None,
            window,
            last_reset: None,
            hold_until: None,
        }
    }

    /// Learns from one response's rate-limit headers, read at `now`.
    pub(crate) fn observe(&mut self, seen: &RateLimit, now: SystemTime) {
        if let Some(limit) = seen.limit.filter(|&l| l > 0) {
            self.limit = Some(limit);
        }
        let Some(reset) = seen.reset_at else {
            return;
        };
        // A window is at least as long as the wait until its reset, and as
        // long as the step between two consecutive resets. A step of more
        // than half again the window is windows skipped while idle.
        if let Ok(until_reset) = reset.duration_since(now) {
            self.window = self.window.max(until_reset);
        }
        if let Some(step) = self
            .last_reset
            .and_then(|last| reset.duration_since(last).ok())
        {
            if !step.is_zero() && step < self.window + self.window / 2 {
                self.window = step;
            }
        }
        if self.last_reset.is_none_or(|last| reset > last) {
            self.last_reset = Some(reset);
        }
        if seen.remaining == Some(0) && reset > now {
            self.hold(reset);
        }
    }

    /// No slot before `until` (the budget is spent until then).
    pub(crate) fn hold(&mut self, until: SystemTime) {
        self.hold_until = Some(self.hold_until.map_or(until, |held| held.max(until)));
    }

    /// How far apart requests go: the window over the limit less headroom.
    pub(crate) fn interval(&self, initial_limit: u32) -> Duration {
        let limit = self.limit.unwrap_or(u64::from(initial_limit)).max(1);
        let headroom = (limit / 50).max(1);
        let paced = limit.saturating_sub(headroom).max(1);
        let per_request = self.window.as_nanos() / u128::from(paced);
        Duration::from_nanos(u64::try_from(per_request).unwrap_or(u64::MAX))
    }

    /// The earliest any slot may be.
    pub(crate) fn not_before(&self) -> SystemTime {
        self.hold_until.unwrap_or(SystemTime::UNIX_EPOCH)
    }

    /// The longest a task waits for one slot: a schedule further out than
    /// two windows is one a clock or a store got wrong.
    pub(crate) fn max_wait(&self) -> Duration {
        self.window * 2
    }
}

/// A client's pacing at run time: its pacer, what it has learned, and a
/// schedule of its own for when the store fails.
#[derive(Debug)]
pub(crate) struct Pacing {
    pacer: Pacer,
    budget: Mutex<Budget>,
    fallback: InProcessPacing,
}

impl Pacing {
    pub(crate) fn new(pacer: Pacer) -> Self {
        Pacing {
            budget: Mutex::new(Budget::new(pacer.window)),
            pacer,
            fallback: InProcessPacing::new(),
        }
    }

    fn budget(&self) -> std::sync::MutexGuard<'_, Budget> {
        self.budget.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for this request's slot; returns how long it waited.
    pub(crate) async fn wait(&self) -> Duration {
        let (reservation, max_wait) = {
            let budget = self.budget();
            let now = SystemTime::now();
            (
                Reservation::new(
                    now,
                    budget.not_before(),
                    budget.interval(self.pacer.initial_limit),
                ),
                budget.max_wait(),
            )
        };
        let key = &*self.pacer.key;
        let slot = match self.pacer.store.reserve(key, reservation).await {
            Ok(slot) => slot,
            Err(error) => {
                tracing::warn!(%error, "plain pacing store failed; pacing within this process");
                self.fallback.reserve_now(key, reservation)
            }
        };
        let wait = slot
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO);
        if wait > max_wait {
            tracing::warn!(
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "plain pacing slot is further out than two windows; waiting two windows"
            );
        }
        let wait = wait.min(max_wait);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        wait
    }

    /// Learns from a response's headers.
    pub(crate) fn observe(&self, seen: &RateLimit) {
        self.budget().observe(seen, SystemTime::now());
    }

    /// Holds every slot until `until`, after a 429.
    pub(crate) fn hold(&self, until: SystemTime) {
        self.budget().hold(until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn at(ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(ms)
    }

    fn seen(limit: Option<u64>, remaining: Option<u64>, reset_ms: Option<u64>) -> RateLimit {
        RateLimit {
            limit,
            remaining,
            reset_at: reset_ms.map(at),
            ..RateLimit::default()
        }
    }

    #[test]
    fn grants_are_one_interval_apart_and_never_early() {
        let ms = Duration::from_millis;
        #[rustfmt::skip]
        let cases = [
            ("empty schedule: now", Reservation::new(at(1_000), at(0), ms(100)), None, (at(1_000), at(1_100))),
            ("a slot ahead: that slot", Reservation::new(at(1_000), at(0), ms(100)), Some(at(1_500)), (at(1_500), at(1_600))),
            ("a slot in the past: now", Reservation::new(at(1_000), at(0), ms(100)), Some(at(10)), (at(1_000), at(1_100))),
            ("held: the hold", Reservation::new(at(1_000), at(5_000), ms(100)), Some(at(1_500)), (at(5_000), at(5_100))),
            ("zero interval", Reservation::new(at(1_000), at(0), ms(0)), Some(at(1_000)), (at(1_000), at(1_000))),
        ];
        for (name, reservation, stored, expected) in cases {
            assert_eq!(reservation.grant(stored), expected, "{name}");
        }
    }

    #[test]
    fn the_budget_learns_limit_window_and_holds() {
        let s = Duration::from_secs;
        #[rustfmt::skip]
        // (name, responses seen at times in ms, limit, window, hold) learned.
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Vec<(u64, RateLimit)>, Option<u64>, Duration, Option<SystemTime>)> = vec![
            ("nothing seen", vec![], None, s(60), None),
            ("a limit", vec![(0, seen(Some(600), Some(599), None))], Some(600), s(60), None),
            ("a zero limit is ignored", vec![(0, seen(Some(0), None, None))], None, s(60), None),
            ("two resets 10 s apart: a 10 s window", vec![
                (1_000, seen(Some(100), Some(50), Some(10_000))),
                (11_000, seen(Some(100), Some(99), Some(20_000))),
            ], Some(100), s(10), None),
            ("resets skipped while idle keep the window", vec![
                (1_000, seen(Some(100), Some(50), Some(10_000))),
                (11_000, seen(Some(100), Some(99), Some(20_000))),
                (51_000, seen(Some(100), Some(99), Some(60_000))),
            ], Some(100), s(10), None),
            ("a reset further out than the window widens it", vec![
                (0, seen(Some(100), Some(50), Some(90_000))),
            ], Some(100), s(90), None),
            ("nothing left: hold until the reset", vec![
                (1_000, seen(Some(100), Some(0), Some(10_000))),
            ], Some(100), s(60), Some(at(10_000))),
            ("nothing left after the reset: no hold", vec![
                (11_000, seen(Some(100), Some(0), Some(10_000))),
            ], Some(100), s(60), None),
            ("an older reset arriving late changes nothing", vec![
                (11_000, seen(Some(100), Some(90), Some(20_000))),
                (11_001, seen(Some(100), Some(1), Some(10_000))),
            ], Some(100), s(60), None),
        ];
        for (name, seen, limit, window, hold) in cases {
            let mut budget = Budget::new(DEFAULT_WINDOW);
            for (now, rate_limit) in &seen {
                budget.observe(rate_limit, at(*now));
            }
            assert_eq!(budget.limit, limit, "{name}");
            assert_eq!(budget.window, window, "{name}");
            assert_eq!(budget.hold_until, hold, "{name}");
        }
    }

    #[test]
    fn the_interval_keeps_headroom() {
        let budget = |limit: Option<u64>, window_s: u64| Budget {
            limit,
            window: Duration::from_secs(window_s),
            ..Budget::new(DEFAULT_WINDOW)
        };
        #[rustfmt::skip]
        let cases = [
            ("unknown: the initial 450 a minute, less 9", budget(None, 60), 450, 136_054_421),
            ("1,000 a minute, less 20", budget(Some(1_000), 60), 450, 61_224_489),
            ("100 in 10 s, less 2", budget(Some(100), 10), 450, 102_040_816),
            ("a limit of 1", budget(Some(1), 60), 450, 60_000_000_000),
            ("a limit of 2, less 1", budget(Some(2), 60), 450, 60_000_000_000),
        ];
        for (name, budget, initial, nanos) in cases {
            assert_eq!(
                budget.interval(initial),
                Duration::from_nanos(nanos),
                "{name}"
            );
        }
    }

    #[test]
    fn holds_only_move_later() {
        let mut budget = Budget::new(DEFAULT_WINDOW);
        budget.hold(at(5_000));
        budget.hold(at(1_000));
        assert_eq!(budget.not_before(), at(5_000));
    }

    #[tokio::test]
    async fn tasks_sharing_a_store_get_distinct_slots() {
        let store = InProcessPacing::new();
        let now = SystemTime::now();
        let r = Reservation::new(now, UNIX_EPOCH, Duration::from_millis(100));
        let mut slots = Vec::new();
        for _ in 0..5 {
            slots.push(store.reserve("k", r).await.unwrap());
        }
        for pair in slots.windows(2) {
            assert_eq!(
                pair[1].duration_since(pair[0]).unwrap(),
                Duration::from_millis(100)
            );
        }
        // Another key is another schedule.
        assert_eq!(store.reserve("other", r).await.unwrap(), now);
    }
}
