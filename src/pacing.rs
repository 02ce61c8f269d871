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
//! - once a response has told the budget, the interval is what is left of
//!   it (`x-ratelimit-remaining`, less a headroom of 2 % of the limit, at
//!   least one request) spread over what is left of the window (until
//!   `x-ratelimit-reset`): no window is assumed, and what other clients of
//!   the workspace spend slows this one as soon as a response shows it;
//!   the slots granted since the reading are counted, and once they are
//!   all it leaves, requests wait for the reset;
//! - while the budget is unknown (before the first answer, and after each
//!   reset until the next window's first answer), one request goes alone
//!   and the others wait for its answer;
//! - only an endpoint that sends no `x-ratelimit-remaining` and
//!   `x-ratelimit-reset` is paced by a guess: [`Pacer::window`] over the
//!   limit (`x-ratelimit-limit`, else [`Pacer::initial_limit`]);
//! - a response with nothing left (`remaining: 0`), or one the rate limiter
//!   refused, holds every slot until the reset (or `Retry-After`), once.
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

    /// Requests per window to pace at when the endpoint sends no budget
    /// and no `x-ratelimit-limit` (default [`DEFAULT_INITIAL_LIMIT`]); at
    /// least 1.
    pub fn initial_limit(mut self, limit: u32) -> Self {
        self.initial_limit = limit.max(1);
        self
    }

    /// The rate-limit window to pace by when the endpoint sends no
    /// `x-ratelimit-remaining` and `x-ratelimit-reset` (default
    /// [`DEFAULT_WINDOW`], Plain's minute); at least 1 ms. Plain sends them:
    /// then the headers decide.
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
    /// The window's length: none until a response shows a reset.
    window: Option<Duration>,
    /// Until then, the pacer's configured window.
    assumed_window: Duration,
    last_reset: Option<SystemTime>,
    /// The newest reading of the current window.
    reading: Option<Reading>,
    /// Slots this client granted since that reading counted them.
    granted: u64,
    /// A response came without rate-limit headers: there is nothing to
    /// wait for, and the window over the limit paces.
    headerless: bool,
    hold_until: Option<SystemTime>,
}

/// The slots of a window never handed out: 2 % of the limit (at least
/// one), for a request that crosses the reset on its way and for the
/// requests of other clients of the workspace still on their way. This
/// client's own are counted exactly (see [`Budget::plan`]).
fn headroom(limit: u64) -> u64 {
    (limit / 50).max(1)
}

/// What a request waiting for a slot does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Reserve a slot: none before `not_before`, the next `interval` later.
    Slot {
        not_before: SystemTime,
        interval: Duration,
    },
    /// This window's budget is all granted: ask again at its reset.
    WaitUntil(SystemTime),
}

/// `x-ratelimit-remaining` and the `x-ratelimit-reset` it counts down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reading {
    remaining: u64,
    reset: SystemTime,
}

impl Budget {
    pub(crate) fn new(assumed_window: Duration) -> Self {
        Budget {
            limit: None,
            window: None,
            assumed_window,
            last_reset: None,
            reading: None,
            granted: 0,
            headerless: false,
            hold_until: None,
        }
    }

    /// Learns from one response's rate-limit headers, read at `now`.
    pub(crate) fn observe(&mut self, seen: &RateLimit, now: SystemTime) {
        if let Some(limit) = seen.limit.filter(|&l| l > 0) {
            self.limit = Some(limit);
        }
        let (Some(reset), Some(remaining)) = (seen.reset_at, seen.remaining) else {
            self.headerless |= self.reading.is_none();
            return;
        };
        self.learn_window(reset, now);
        match self.reading {
            // Answers overtake each other: within one window the
            // smallest count is the newest, and the requests it now
            // counts are no longer this client's to count.
            Some(held) if held.reset == reset => {
                let newly_counted = held.remaining.saturating_sub(remaining);
                self.granted = self.granted.saturating_sub(newly_counted);
                self.reading = Some(Reading {
                    remaining: held.remaining.min(remaining),
                    reset,
                });
            }
            // An older window's count is stale.
            Some(held) if held.reset > reset => {}
            _ => {
                self.reading = Some(Reading { remaining, reset });
                self.granted = 0;
            }
        }
        if remaining == 0 && reset > now {
            self.hold(reset);
        }
    }

    /// A window is at least as long as the wait until its reset, and as
    /// long as the step between two consecutive resets. A step of more
    /// than half again the window is windows skipped while idle.
    fn learn_window(&mut self, reset: SystemTime, now: SystemTime) {
        let until_reset = reset.duration_since(now).ok().filter(|d| !d.is_zero());
        if let Some(until_reset) = until_reset {
            self.window = Some(self.window.map_or(until_reset, |w| w.max(until_reset)));
        }
        if let (Some(step), Some(window)) = (
            self.last_reset
                .and_then(|last| reset.duration_since(last).ok()),
            self.window,
        ) {
            if !step.is_zero() && step < window + window / 2 {
                self.window = Some(step);
            }
        }
        if self.last_reset.is_none_or(|last| reset > last) {
            self.last_reset = Some(reset);
        }
    }

    /// No slot before `until` (the budget is spent until then).
    pub(crate) fn hold(&mut self, until: SystemTime) {
        self.hold_until = Some(self.hold_until.map_or(until, |held| held.max(until)));
    }

    /// Whether the budget at `now` is unknown: no answer yet, or the
    /// window of the last reading has passed. Then one request goes alone
    /// to learn it (see `Pacing::wait`).
    pub(crate) fn unknown_at(&self, now: SystemTime) -> bool {
        match self.reading {
            Some(reading) => reading.reset <= now,
            None => !self.headerless,
        }
    }

    /// The reading of the window `now` is in, if a response told it.
    fn current(&self, now: SystemTime) -> Option<(Reading, Duration)> {
        let reading = self.reading?;
        let left = reading.reset.duration_since(now).ok()?;
        (!left.is_zero()).then_some((reading, left))
    }

    /// What the reading leaves to spend in its window, less the [`headroom`].
    fn spendable(&self, reading: Reading, initial_limit: u32) -> u64 {
        let limit = self.limit.unwrap_or(u64::from(initial_limit)).max(1);
        reading.remaining.saturating_sub(headroom(limit))
    }

    /// How far apart requests go from `now`: what is left of the budget
    /// spread over what is left of the window, once a response told both;
    /// otherwise the window over the limit. Either way less the headroom.
    pub(crate) fn interval(&self, now: SystemTime, initial_limit: u32) -> Duration {
        let spread = |time: Duration, requests: u64| {
            let per_request = time.as_nanos() / u128::from(requests.max(1));
            Duration::from_nanos(u64::try_from(per_request).unwrap_or(u64::MAX))
        };
        if let Some((reading, left)) = self.current(now) {
            // Slots granted since the reading are not taken off: they are
            // already spaced within the time left, and spreading what
            // remains after each grant would widen every next step.
            return spread(left, self.spendable(reading, initial_limit));
        }
        let limit = self.limit.unwrap_or(u64::from(initial_limit)).max(1);
        let window = self.window.unwrap_or(self.assumed_window);
        spread(window, limit.saturating_sub(headroom(limit)))
    }

    /// What a request asking for a slot at `now` does, counting the slot
    /// when it gets one: a window's budget is never granted twice over.
    pub(crate) fn plan(&mut self, now: SystemTime, initial_limit: u32) -> Plan {
        let interval = self.interval(now, initial_limit);
        if let Some((reading, _)) = self.current(now) {
            if self.spendable(reading, initial_limit) <= self.granted {
                return Plan::WaitUntil(reading.reset);
            }
            self.granted += 1;
        }
        Plan::Slot {
            not_before: self.not_before(),
            interval,
        }
    }

    /// The earliest any slot may be.
    pub(crate) fn not_before(&self) -> SystemTime {
        self.hold_until.unwrap_or(SystemTime::UNIX_EPOCH)
    }

    /// The longest a task waits for one slot: a schedule further out than
    /// two windows is one a clock or a store got wrong.
    pub(crate) fn max_wait(&self) -> Duration {
        self.window.unwrap_or(self.assumed_window) * 2
    }
}

/// A client's pacing at run time: its pacer, what it has learned, and a
/// schedule of its own for when the store fails.
#[derive(Debug)]
pub(crate) struct Pacing {
    pacer: Pacer,
    budget: Mutex<Budget>,
    fallback: InProcessPacing,
    /// Whether a request is out to learn an unknown budget.
    probing: Mutex<bool>,
    /// Wakes the requests waiting for that one's answer.
    probed: tokio::sync::Notify,
}

/// The request that went alone to learn the budget (see [`Pacing::wait`]).
/// Dropped once its response was observed, or without one (it failed
/// before a response, or its caller gave up): then the next one goes.
#[derive(Debug)]
pub(crate) struct Probe<'a> {
    pacing: &'a Pacing,
}

impl Drop for Probe<'_> {
    fn drop(&mut self) {
        *self.pacing.probing() = false;
        self.pacing.probed.notify_waiters();
    }
}

impl Pacing {
    pub(crate) fn new(pacer: Pacer) -> Self {
        Pacing {
            budget: Mutex::new(Budget::new(pacer.window)),
            pacer,
            fallback: InProcessPacing::new(),
            probing: Mutex::new(false),
            probed: tokio::sync::Notify::new(),
        }
    }

    fn budget(&self) -> std::sync::MutexGuard<'_, Budget> {
        self.budget.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn probing(&self) -> std::sync::MutexGuard<'_, bool> {
        self.probing.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Returns once the budget of the current window is known, or as the
    /// [`Probe`] that goes alone to learn it. Slots handed out on a guess
    /// would be kept after the answer proved it wrong: a guess at a
    /// minute's window holds a 1 s window's requests for seconds, a guess
    /// at a short one meets 429s.
    async fn known_budget(&self) -> Option<Probe<'_>> {
        loop {
            let probed = self.probed.notified();
            tokio::pin!(probed);
            // Registered before the state is read, so no wake-up is missed.
            probed.as_mut().enable();
            if !self.budget().unknown_at(SystemTime::now()) {
                return None;
            }
            {
                let mut probing = self.probing();
                if !*probing {
                    *probing = true;
                    return Some(Probe { pacing: self });
                }
            }
            probed.await;
        }
    }

    /// Waits for this request's slot; returns how long it waited and, for
    /// a request that goes alone to learn the budget, its [`Probe`], to
    /// keep until its response has been observed.
    pub(crate) async fn wait(&self) -> (Duration, Option<Probe<'_>>) {
        let started = SystemTime::now();
        loop {
            let probe = self.known_budget().await;
            let now = SystemTime::now();
            let (plan, max_wait) = {
                let mut budget = self.budget();
                (
                    budget.plan(now, self.pacer.initial_limit),
                    budget.max_wait(),
                )
            };
            let reservation = match plan {
                Plan::Slot {
                    not_before,
                    interval,
                } => Reservation::new(now, not_before, interval),
                Plan::WaitUntil(reset) => {
                    drop(probe);
                    let wait = reset.duration_since(now).unwrap_or(Duration::ZERO);
                    tokio::time::sleep(wait.min(max_wait)).await;
                    continue;
                }
            };
            self.sleep_until_slot(reservation, max_wait).await;
            let waited = SystemTime::now()
                .duration_since(started)
                .unwrap_or(Duration::ZERO);
            return (waited, probe);
        }
    }

    async fn sleep_until_slot(&self, reservation: Reservation, max_wait: Duration) {
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
                wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX),
                "plain pacing slot is further out than two windows; waiting two windows"
            );
        }
        let wait = wait.min(max_wait);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Learns from a response's rate-limit headers; a response the rate
    /// limiter `refused` holds every slot for the wait Plain asked for
    /// (every task waits it out, not just the one that got it). The one
    /// place a refusal holds the pacer.
    pub(crate) fn observe(&self, seen: &RateLimit, refused: bool) {
        let now = SystemTime::now();
        let mut budget = self.budget();
        budget.observe(seen, now);
        if refused {
            if let Some(wait) = seen.wait_from(now) {
                budget.hold(now + wait);
            }
        }
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
        let cases: Vec<(&str, Vec<(u64, RateLimit)>, Option<u64>, Option<Duration>, Option<SystemTime>)> = vec![
            ("nothing seen", vec![], None, None, None),
            ("a limit", vec![(0, seen(Some(600), Some(599), None))], Some(600), None, None),
            ("a zero limit is ignored", vec![(0, seen(Some(0), None, None))], None, None, None),
            ("the first reset bounds the window from below", vec![
                (1_000, seen(Some(100), Some(99), Some(10_000))),
            ], Some(100), Some(s(9)), None),
            ("two resets 10 s apart: a 10 s window", vec![
                (1_000, seen(Some(100), Some(50), Some(10_000))),
                (11_000, seen(Some(100), Some(99), Some(20_000))),
            ], Some(100), Some(s(10)), None),
            ("resets skipped while idle keep the window", vec![
                (1_000, seen(Some(100), Some(50), Some(10_000))),
                (11_000, seen(Some(100), Some(99), Some(20_000))),
                (51_000, seen(Some(100), Some(99), Some(60_000))),
            ], Some(100), Some(s(10)), None),
            ("an hour's window, seen once", vec![
                (0, seen(Some(1_000), Some(999), Some(3_600_000))),
            ], Some(1_000), Some(s(3_600)), None),
            ("nothing left: hold until the reset", vec![
                (1_000, seen(Some(100), Some(0), Some(10_000))),
            ], Some(100), Some(s(9)), Some(at(10_000))),
            ("nothing left after the reset: no hold", vec![
                (11_000, seen(Some(100), Some(0), Some(10_000))),
            ], Some(100), None, None),
            ("an older reset arriving late changes nothing", vec![
                (11_000, seen(Some(100), Some(90), Some(20_000))),
                (11_001, seen(Some(100), Some(1), Some(10_000))),
            ], Some(100), Some(s(9)), None),
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
    fn the_interval_spreads_what_is_left_over_the_time_left() {
        // Responses seen (at ms, headers), then the interval asked at `now` ms.
        #[rustfmt::skip]
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Vec<(u64, RateLimit)>, u64, u64)> = vec![
            ("nothing seen: the initial 450 over the assumed minute, less 9", vec![], 0, 136_054_421),
            ("50 left for 5 s of a 100 limit, less 2", vec![
                (5_000, seen(Some(100), Some(50), Some(10_000))),
            ], 5_000, 104_166_666),
            ("the same reading a second later: 4 s for 48", vec![
                (5_000, seen(Some(100), Some(50), Some(10_000))),
            ], 6_000, 83_333_333),
            ("another client spent the budget: 8 left for 9 s", vec![
                (1_000, seen(Some(100), Some(10), Some(10_000))),
            ], 1_000, 1_125_000_000),
            ("the smaller count of one window wins", vec![
                (1_000, seen(Some(100), Some(10), Some(10_000))),
                (1_001, seen(Some(100), Some(50), Some(10_000))),
            ], 1_000, 1_125_000_000),
            ("within the headroom: one request for what is left", vec![
                (5_000, seen(Some(100), Some(1), Some(10_000))),
            ], 5_000, 5_000_000_000),
            ("past the reset: the learned window over the limit, less 2", vec![
                (1_000, seen(Some(100), Some(50), Some(10_000))),
                (11_000, seen(Some(100), Some(99), Some(20_000))),
            ], 20_000, 102_040_816),
            ("a second's window of 20: 19 left for 1 s, less 1", vec![
                (0, seen(Some(20), Some(19), Some(1_000))),
            ], 0, 55_555_555),
            ("an hour's window: 999 left for the hour, less 20", vec![
                (0, seen(Some(1_000), Some(999), Some(3_600_000))),
            ], 0, 3_677_221_654),
            ("a limit of 1, no reading", vec![(0, seen(Some(1), None, None))], 0, 60_000_000_000),
        ];
        for (name, seen, now, nanos) in cases {
            let mut budget = Budget::new(DEFAULT_WINDOW);
            for (t, rate_limit) in &seen {
                budget.observe(rate_limit, at(*t));
            }
            assert_eq!(
                budget.interval(at(now), DEFAULT_INITIAL_LIMIT),
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

    /// Before any answer, and after each reset, one request goes alone;
    /// the others wait for its answer, or, when it ends without one, the
    /// next goes alone.
    #[tokio::test]
    async fn one_request_goes_alone_while_the_budget_is_unknown() {
        use std::future::Future;
        use std::task::Context;
        let pacing = Pacing::new(Pacer::new());
        let pending =
            |f: std::pin::Pin<&mut dyn Future<Output = (Duration, Option<Probe<'_>>)>>| {
                let mut cx = Context::from_waker(std::task::Waker::noop());
                f.poll(&mut cx).is_pending()
            };

        let (_, probe) = pacing.wait().await;
        let probe = probe.expect("the first request goes alone");
        let mut second = Box::pin(pacing.wait());
        assert!(pending(second.as_mut()), "waits for the first's answer");
        drop(probe); // no answer: the next one goes alone
        let (_, next) = second.await;
        let next = next.expect("the next request goes alone");

        let mut third = Box::pin(pacing.wait());
        assert!(pending(third.as_mut()));
        let reset = SystemTime::now() + Duration::from_secs(60);
        pacing.observe(
            &RateLimit {
                limit: Some(100),
                remaining: Some(99),
                reset_at: Some(reset),
                ..RateLimit::default()
            },
            false,
        );
        drop(next);
        let (_, none) = third.await;
        assert!(none.is_none(), "the budget is known");
    }

    /// A window's budget is granted once: then requests wait for its reset.
    #[test]
    fn a_window_is_never_granted_twice_over() {
        let mut budget = Budget::new(DEFAULT_WINDOW);
        budget.observe(&seen(Some(100), Some(5), Some(10_000)), at(1_000));
        let plans: Vec<Plan> = (0..5).map(|_| budget.plan(at(1_000), 450)).collect();
        // 5 left, less a headroom of 2: three slots, then the reset.
        assert!(matches!(plans[0], Plan::Slot { .. }));
        assert!(matches!(plans[2], Plan::Slot { .. }));
        assert_eq!(plans[3], Plan::WaitUntil(at(10_000)));
        // Answers that count two of the three give nothing back.
        budget.observe(&seen(Some(100), Some(3), Some(10_000)), at(2_000));
        assert_eq!(budget.plan(at(2_000), 450), Plan::WaitUntil(at(10_000)));
        // The next window's answer opens it again.
        assert!(budget.unknown_at(at(10_000)));
        budget.observe(&seen(Some(100), Some(99), Some(20_000)), at(10_001));
        assert!(!budget.unknown_at(at(10_001)));
        assert!(matches!(budget.plan(at(10_001), 450), Plan::Slot { .. }));
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
