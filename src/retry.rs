//! When to send a request again, and how long to wait first.
//!
//! One pure function of (policy, operation kind, idempotency, the failure,
//! the attempt) decides every retry: time and randomness come in as
//! arguments, so every rule below is covered by a table of unit tests and a
//! property test over the whole input space. The client's retry loop only
//! asks it, sleeps and resends. What a failure means for resending is
//! decided once, by the error, and is what [`Error::is_retryable`](crate::Error::is_retryable) answers.
//!
//! # The rules
//!
//! | error | query | mutation |
//! |---|---|---|
//! | HTTP 429, or `RATE_LIMITED` with no data | wait for `Retry-After`, else until `x-ratelimit-reset`, plus jitter; retry | the same: the request was rejected, not run |
//! | could not connect (refused, DNS, TLS, connect timeout): nothing was sent | backoff, retry | backoff, retry |
//! | HTTP 500/502/503/504, a timeout, a connection broken after sending | backoff, retry | retry only if idempotent; otherwise give up, saying so |
//! | anything else (a redirect, 400, 401, 403, GraphQL errors, also `RATE_LIMITED` next to data, a `MutationError`, decoding) | give up | give up |
//!
//! A response that carries data ran, whatever its `errors` say: it is
//! returned as [`ErrorKind::GraphQl`](crate::ErrorKind::GraphQl) with the data kept,
//! never resent. A redirect is never followed (Plain's API does not
//! redirect; following one would send the request, and the API key, where
//! the answer points) and never resent.
//!
//! "Nothing was sent" is read from reqwest: an error for which
//! [`reqwest::Error::is_connect`] holds happened while connecting (DNS, TCP
//! or TLS), before the request's first byte was written. Every other
//! transport error, and every timeout, may have come after Plain received the
//! request, so a mutation behind it may have run.
//!
//! A mutation is idempotent when the caller marks the call so
//! ([`PlainClient::idempotent`](crate::PlainClient::idempotent)) or by nature:
//! upserts, and creates whose input carries an `externalId` that Plain's
//! schema documents as unique (`createThreadEvent`, `createCustomerEvent`,
//! `createThread`, `createTier`): Plain refuses a second create with the
//! same one. The list is reviewed by hand and checked against the schema by
//! the crate's tests; a mutation Plain adds is not idempotent until it is
//! listed. Each generated method's documentation says which applies.
//!
//! Backoff is exponential with full jitter: before attempt `n + 1` the client
//! waits a uniformly random time in `[0, min(max_delay, base_delay * 2^(n-1)))`.
//! The loop stops after `max_attempts` sends, or when a wait would end past
//! `budget` since the first send: a rate-limit reset further away fails at
//! once, with [`Error::gave_up`](crate::Error::gave_up) saying
//! [`GiveUp::BudgetExhausted`]. Each attempt is bounded by the client's
//! timeout, so a call never hangs; every wait saturates, whatever the
//! durations.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::operation::OperationKind;
use crate::response::AskedWait;

/// How the client retries failed requests. Set it on the builder
/// ([`PlainClientBuilder::retry_policy`](crate::PlainClientBuilder::retry_policy))
/// or for some calls ([`PlainClient::with_retry_policy`](crate::PlainClient::with_retry_policy)).
///
/// ```
/// use std::time::Duration;
/// use plain_sdk::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(5)
///     .budget(Duration::from_secs(120));
/// assert_eq!(patient.max_attempts, 5);
/// assert!(!RetryPolicy::none().is_enabled());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Sends at most this many times, the first included (1: never retry).
    pub max_attempts: u32,
    /// The first backoff step; each later one doubles.
    pub base_delay: Duration,
    /// No backoff wait is longer than this. (A rate-limit wait is as long as
    /// Plain says, within the budget.)
    pub max_delay: Duration,
    /// No retry is started when its wait would end this long after the first send.
    pub budget: Duration,
}

impl RetryPolicy {
    /// Default for [`RetryPolicy::max_attempts`].
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// Default for [`RetryPolicy::base_delay`].
    pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(200);
    /// Default for [`RetryPolicy::max_delay`].
    pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(5);
    /// Default for [`RetryPolicy::budget`].
    pub const DEFAULT_BUDGET: Duration = Duration::from_secs(30);

    /// Never retry: every call sends once.
    pub const fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            base_delay: Self::DEFAULT_BASE_DELAY,
            max_delay: Self::DEFAULT_MAX_DELAY,
            budget: Duration::ZERO,
        }
    }

    /// Sends at most `attempts` times, the first included; 0 counts as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff step.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff wait.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest time from the first send to the start of the last retry.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Whether this policy ever retries.
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms up to 5 s, a 30 s budget.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            base_delay: Self::DEFAULT_BASE_DELAY,
            max_delay: Self::DEFAULT_MAX_DELAY,
            budget: Self::DEFAULT_BUDGET,
        }
    }
}

/// The facts about the attempt that just failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Attempt {
    /// Its number, from 1.
    pub number: u32,
    /// Time since the first attempt started.
    pub elapsed: Duration,
    /// The wall-clock time now, against which `x-ratelimit-reset` is read.
    pub now: SystemTime,
    /// A uniformly random number in `[0, 1)`, for jitter.
    pub random: f64,
}

impl Attempt {
    /// An attempt with the given facts.
    pub(crate) fn new(number: u32, elapsed: Duration, now: SystemTime, random: f64) -> Self {
        Attempt {
            number,
            elapsed,
            now,
            random,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then send again.
    Retry(Duration),
    /// Return the error.
    GiveUp(GiveUp),
}

/// Why a failed request was not sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GiveUp {
    /// The error is final: sending the same request again would fail the same way.
    NotRetryable,
    /// A mutation failed in a way that it may have run (a 5xx, a timeout, a
    /// connection broken after sending), and it is not idempotent.
    MutationMayHaveRun,
    /// The policy never retries.
    Disabled,
    /// The policy's `max_attempts` were all used.
    AttemptsExhausted,
    /// The next wait would end past the policy's budget.
    BudgetExhausted {
        /// The wait that did not fit.
        wait: Duration,
    },
}

impl GiveUp {
    /// Whether the reason is worth stating in the error: everything but
    /// [`GiveUp::NotRetryable`], which the error's kind already says.
    pub fn is_notable(&self) -> bool {
        !matches!(self, GiveUp::NotRetryable)
    }
}

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GiveUp::NotRetryable => f.write_str("not retried: the error is final"),
            GiveUp::MutationMayHaveRun => f.write_str(
                "not retried: the mutation may have run; mark the call idempotent to allow retries",
            ),
            GiveUp::Disabled => f.write_str("not retried: retries are off"),
            GiveUp::AttemptsExhausted => f.write_str("gave up: no attempts left"),
            GiveUp::BudgetExhausted { wait } => write!(
                f,
                "gave up: waiting {} more would pass the retry budget",
                fmt_duration(*wait)
            ),
        }
    }
}

/// What a failure means for resending, independent of policy: computed
/// once by the error ([`Error::failure`](crate::Error)), read by [`decide`]
/// and by [`Error::is_retryable`](crate::Error::is_retryable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Rejected by the rate limiter, not run; wait as Plain said, if it did.
    RateLimited(AskedWait),
    /// Failed before the request was sent.
    NotSent,
    /// Failed in a way that the request may have run.
    MayHaveRun,
    /// Sending it again would fail the same way.
    Final,
}

/// Whether to send a failed request again, and after how long.
///
/// `idempotent` says that running the operation twice does no harm (see the
/// [module docs](self)); it matters only for mutations. Never panics, for
/// any policy, failure and attempt: every sum saturates.
pub(crate) fn decide(
    policy: &RetryPolicy,
    kind: OperationKind,
    idempotent: bool,
    failure: Failure,
    attempt: &Attempt,
) -> Decision {
    let random = if attempt.random.is_finite() {
        attempt.random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let backoff = || {
        let exponent = attempt.number.saturating_sub(1).min(31);
        let step = policy
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(policy.max_delay);
        scale(step, random)
    };
    let wait = match failure {
        Failure::Final => return Decision::GiveUp(GiveUp::NotRetryable),
        Failure::MayHaveRun if kind == OperationKind::Mutation && !idempotent => {
            return Decision::GiveUp(GiveUp::MutationMayHaveRun)
        }
        Failure::RateLimited(asked) => {
            match asked.from(attempt.now) {
                Some(wait) => {
                    // Spread the clients that wait for the same reset.
                    let spread = policy.base_delay.max(wait / 10).min(policy.max_delay);
                    wait.saturating_add(scale(spread, random))
                }
                None => backoff(),
            }
        }
        Failure::NotSent | Failure::MayHaveRun => backoff(),
    };
    if !policy.is_enabled() {
        return Decision::GiveUp(GiveUp::Disabled);
    }
    if attempt.number >= policy.max_attempts {
        return Decision::GiveUp(GiveUp::AttemptsExhausted);
    }
    if attempt.elapsed.saturating_add(wait) > policy.budget {
        return Decision::GiveUp(GiveUp::BudgetExhausted { wait });
    }
    Decision::Retry(wait)
}

/// `d × factor` for a factor in `[0, 1]`, never more than `d`: float
/// rounding near `Duration::MAX` must not panic.
fn scale(d: Duration, factor: f64) -> Duration {
    Duration::try_from_secs_f64(d.as_secs_f64() * factor).map_or(d, |scaled| scaled.min(d))
}

/// A number in `[0, 1)` for jitter, from the standard library's per-process
/// random hash keys (each `RandomState` gets fresh ones).
pub(crate) fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `1.5s`, `250ms`: short and exact enough for messages and logs.
pub(crate) fn fmt_duration(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        format!("{}ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;
    use OperationKind::{Mutation, Query};

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .max_attempts(4)
            .base_delay(MS(100))
            .max_delay(MS(1000))
            .budget(Duration::from_secs(10))
    }

    fn at(number: u32, elapsed_ms: u64, random: f64) -> Attempt {
        Attempt::new(number, MS(elapsed_ms), UNIX_EPOCH, random)
    }

    /// Rate limited, told to wait `wait` by `Retry-After`.
    fn told(wait: Duration) -> Failure {
        Failure::RateLimited(AskedWait {
            retry_after: Some(wait),
            reset_at: None,
        })
    }

    /// Rate limited, the window resetting `after` from the attempt's `now` (the epoch).
    fn resets_in(after: Duration) -> Failure {
        Failure::RateLimited(AskedWait {
            retry_after: None,
            reset_at: Some(UNIX_EPOCH + after),
        })
    }

    const NO_FIGURES: Failure = Failure::RateLimited(AskedWait {
        retry_after: None,
        reset_at: None,
    });

    #[test]
    fn decision_table() {
        use Decision::{GiveUp as G, Retry as R};
        use Failure::*;
        let p = policy();
        let none = RetryPolicy::none();
        let secs = Duration::from_secs;
        #[rustfmt::skip]
        let cases: Vec<(&str, RetryPolicy, OperationKind, bool, Failure, Attempt, Decision)> = vec![
            // Rate limits: queries and mutations alike; wait as told plus jitter.
            ("429 query, told 2s", p, Query, false, told(MS(2000)), at(1, 0, 0.0), R(MS(2000))),
            ("429 mutation, told 2s, max jitter", p, Mutation, false, told(MS(2000)), at(1, 0, 0.5), R(MS(2100))),
            ("429 jitter is at least base", p, Mutation, false, told(MS(0)), at(1, 0, 0.5), R(MS(50))),
            ("429 jitter capped by max_delay", p, Query, false, told(secs(9)), at(1, 0, 1.0), R(MS(9900))),
            ("429 until the reset", p, Mutation, false, resets_in(secs(3)), at(1, 0, 0.0), R(secs(3))),
            ("429 Retry-After wins over the reset", p, Query, false, RateLimited(AskedWait { retry_after: Some(secs(1)), reset_at: Some(UNIX_EPOCH + secs(8)) }), at(1, 0, 0.0), R(secs(1))),
            ("429 reset in the past is now", p, Query, false, RateLimited(AskedWait { retry_after: None, reset_at: Some(UNIX_EPOCH) }), Attempt::new(1, MS(0), UNIX_EPOCH + secs(60), 0.0), R(MS(0))),
            ("429 without figures backs off", p, Mutation, false, NO_FIGURES, at(2, 0, 0.5), R(MS(100))),
            ("429 wait past budget", p, Query, false, told(secs(20)), at(1, 0, 0.0), G(GiveUp::BudgetExhausted { wait: secs(20) })),
            ("429 elapsed plus wait past budget", p, Query, false, told(secs(2)), at(2, 9000, 0.0), G(GiveUp::BudgetExhausted { wait: secs(2) })),
            ("429 last attempt", p, Query, false, told(MS(10)), at(4, 0, 0.0), G(GiveUp::AttemptsExhausted)),
            ("429 retries off", none, Mutation, false, told(MS(10)), at(1, 0, 0.0), G(GiveUp::Disabled)),
            ("429 told Duration::MAX", RetryPolicy { budget: Duration::MAX, ..p }, Query, false, told(Duration::MAX), at(1, 0, 1.0), R(Duration::MAX)),
            // Not sent: backoff with full jitter, for every kind.
            ("connect query 1st", p, Query, false, NotSent, at(1, 0, 0.5), R(MS(50))),
            ("connect mutation 1st", p, Mutation, false, NotSent, at(1, 0, 0.5), R(MS(50))),
            ("connect mutation 2nd doubles", p, Mutation, false, NotSent, at(2, 0, 0.5), R(MS(100))),
            ("connect 3rd doubles again", p, Query, false, NotSent, at(3, 0, 0.5), R(MS(200))),
            ("backoff capped by max_delay", RetryPolicy { max_attempts: 50, ..p }, Query, false, NotSent, at(20, 0, 0.5), R(MS(500))),
            ("backoff exponent never overflows", RetryPolicy { max_attempts: u32::MAX, budget: Duration::MAX, ..p }, Query, false, NotSent, at(u32::MAX - 1, 0, 1.0), R(MS(1000))),
            ("backoff near Duration::MAX", RetryPolicy { max_attempts: 9, base_delay: Duration::MAX, max_delay: Duration::MAX, budget: Duration::MAX }, Query, false, NotSent, at(3, 0, 1.0), R(Duration::MAX)),
            ("full jitter can be zero", p, Query, false, NotSent, at(1, 0, 0.0), R(MS(0))),
            ("random out of range is clamped", p, Query, false, NotSent, at(1, 0, 7.0), R(MS(100))),
            ("random NaN is zero", p, Query, false, NotSent, at(1, 0, f64::NAN), R(MS(0))),
            ("connect last attempt", p, Mutation, false, NotSent, at(4, 0, 0.5), G(GiveUp::AttemptsExhausted)),
            ("connect retries off", none, Query, false, NotSent, at(1, 0, 0.5), G(GiveUp::Disabled)),
            // May have run: queries retry; mutations only when idempotent.
            ("5xx query", p, Query, false, MayHaveRun, at(1, 0, 1.0), R(MS(100))),
            ("5xx query 2nd", p, Query, false, MayHaveRun, at(2, 500, 1.0), R(MS(200))),
            ("5xx mutation", p, Mutation, false, MayHaveRun, at(1, 0, 1.0), G(GiveUp::MutationMayHaveRun)),
            ("5xx mutation, retries off", none, Mutation, false, MayHaveRun, at(1, 0, 1.0), G(GiveUp::MutationMayHaveRun)),
            ("5xx idempotent mutation", p, Mutation, true, MayHaveRun, at(1, 0, 1.0), R(MS(100))),
            ("5xx idempotent mutation last", p, Mutation, true, MayHaveRun, at(4, 0, 1.0), G(GiveUp::AttemptsExhausted)),
            ("5xx query past budget", p, Query, false, MayHaveRun, at(2, 9950, 1.0), G(GiveUp::BudgetExhausted { wait: MS(200) })),
            ("5xx query retries off", none, Query, false, MayHaveRun, at(1, 0, 1.0), G(GiveUp::Disabled)),
            // Final errors never retry.
            ("final query", p, Query, false, Final, at(1, 0, 0.5), G(GiveUp::NotRetryable)),
            ("final idempotent mutation", p, Mutation, true, Final, at(1, 0, 0.5), G(GiveUp::NotRetryable)),
        ];
        for (name, policy, kind, idempotent, failure, attempt, expected) in cases {
            assert_eq!(
                decide(&policy, kind, idempotent, failure, &attempt),
                expected,
                "{name}"
            );
        }
    }

    fn any_duration() -> impl proptest::strategy::Strategy<Value = Duration> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Duration::ZERO),
            Just(Duration::MAX),
            (0u64..=u64::MAX, 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
            (0u64..100_000).prop_map(Duration::from_millis),
        ]
    }

    fn any_time() -> impl proptest::strategy::Strategy<Value = SystemTime> {
        use proptest::prelude::*;
        // SystemTime holds at most about 2^63 seconds past the epoch.
        (0u64..=(i64::MAX as u64), 0u32..1_000_000_000).prop_map(|(s, n)| {
            UNIX_EPOCH
                .checked_add(Duration::new(s, n))
                .unwrap_or(UNIX_EPOCH)
        })
    }

    fn any_failure() -> impl proptest::strategy::Strategy<Value = Failure> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Failure::NotSent),
            Just(Failure::MayHaveRun),
            Just(Failure::Final),
            (
                proptest::option::of(any_duration()),
                proptest::option::of(any_time())
            )
                .prop_map(|(retry_after, reset_at)| Failure::RateLimited(AskedWait {
                    retry_after,
                    reset_at
                })),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Over the whole input space: no panic, and a retry only within
        /// the policy's attempts and budget, for a failure that allows one.
        #[test]
        fn decide_never_panics_and_keeps_its_bounds(
            max_attempts in proptest::prelude::any::<u32>(),
            base_delay in any_duration(),
            max_delay in any_duration(),
            budget in any_duration(),
            mutation in proptest::prelude::any::<bool>(),
            idempotent in proptest::prelude::any::<bool>(),
            failure in any_failure(),
            number in proptest::prelude::any::<u32>(),
            elapsed in any_duration(),
            now in any_time(),
            random in proptest::prelude::any::<f64>(),
        ) {
            let policy = RetryPolicy { max_attempts, base_delay, max_delay, budget };
            let kind = if mutation { Mutation } else { Query };
            let attempt = Attempt::new(number, elapsed, now, random);
            if let Decision::Retry(wait) = decide(&policy, kind, idempotent, failure, &attempt) {
                proptest::prop_assert!(number < max_attempts);
                proptest::prop_assert!(elapsed.saturating_add(wait) <= budget);
                proptest::prop_assert!(failure != Failure::Final);
                proptest::prop_assert!(!(failure == Failure::MayHaveRun && mutation && !idempotent));
            }
        }
    }

    #[test]
    fn scale_saturates() {
        assert_eq!(scale(Duration::MAX, 1.0), Duration::MAX);
        assert_eq!(scale(Duration::MAX, 0.0), Duration::ZERO);
        assert_eq!(scale(MS(1000), 0.25), MS(250));
        assert!(scale(Duration::MAX, 0.999_999) <= Duration::MAX);
    }

    #[test]
    fn random_unit_is_in_range_and_varies() {
        let samples: Vec<f64> = (0..64).map(|_| random_unit()).collect();
        assert!(samples.iter().all(|x| (0.0..1.0).contains(x)));
        let first = samples[0];
        assert!(samples.iter().any(|x| *x != first));
    }

    #[test]
    fn policy_setters() {
        let p = RetryPolicy::default().max_attempts(0);
        assert_eq!(p.max_attempts, 1);
        assert!(!p.is_enabled());
        assert!(RetryPolicy::default().is_enabled());
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }

    #[test]
    fn give_up_messages() {
        assert_eq!(
            GiveUp::MutationMayHaveRun.to_string(),
            "not retried: the mutation may have run; mark the call idempotent to allow retries"
        );
        assert_eq!(
            GiveUp::BudgetExhausted { wait: MS(1500) }.to_string(),
            "gave up: waiting 1.5s more would pass the retry budget"
        );
        assert!(!GiveUp::NotRetryable.is_notable());
        assert!(GiveUp::AttemptsExhausted.is_notable());
    }
}
