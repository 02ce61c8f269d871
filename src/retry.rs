//! When to send a request again, and how long to wait first.
//!
//! [`decide`] is a pure function of (policy, operation kind, idempotency,
//! error, attempt): time and randomness come in as arguments, so every rule
//! below is covered by a table of unit tests. The client's retry loop only
//! calls it, sleeps and resends.
//!
//! # The rules
//!
//! | error | query | mutation |
//! |---|---|---|
//! | HTTP 429 / `RATE_LIMITED` | wait for `Retry-After`, else until `x-ratelimit-reset`, plus jitter; retry | the same: the request was rejected, not run |
//! | could not connect (refused, DNS, TLS, connect timeout): nothing was sent | backoff, retry | backoff, retry |
//! | HTTP 500/502/503/504, a timeout, a connection broken after sending | backoff, retry | retry only if idempotent; otherwise give up, saying so |
//! | anything else (400, 401, 403, GraphQL errors, a `MutationError`, decoding) | give up | give up |
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
//! `createThread`): Plain refuses a second create with the same one. Each
//! generated method's documentation says which applies.
//!
//! Backoff is exponential with full jitter: before attempt `n + 1` the client
//! waits a uniformly random time in `[0, min(max_delay, base_delay * 2^(n-1)))`.
//! The loop stops after `max_attempts` sends, or when a wait would end past
//! `budget` since the first send.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::client::OperationKind;
use crate::error::Error;

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
#[non_exhaustive]
pub struct Attempt {
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
    pub fn new(number: u32, elapsed: Duration, now: SystemTime, random: f64) -> Self {
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
pub enum Decision {
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

/// What a failure means for resending, independent of policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Rejected by the rate limiter, not run; wait this long if Plain said.
    RateLimited(Option<Duration>),
    /// Failed before the request was sent.
    NotSent,
    /// Failed in a way that the request may have run.
    MayHaveRun,
    /// Sending it again would fail the same way.
    Final,
}

/// Classifies an error for [`decide`]; `now` reads `x-ratelimit-reset`.
pub(crate) fn failure_of(error: &Error, now: SystemTime) -> Failure {
    match error {
        Error::RateLimited { rate_limit, .. } => {
            let wait = rate_limit.retry_after.or_else(|| {
                let reset = parse_iso8601(rate_limit.reset.as_deref()?)?;
                // A reset already past means "now".
                Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
            });
            Failure::RateLimited(wait)
        }
        Error::Transport { source, .. } if source.is_connect() => Failure::NotSent,
        Error::Transport { .. } | Error::Timeout { .. } => Failure::MayHaveRun,
        Error::Server {
            status: 500 | 502 | 503 | 504,
            ..
        } => Failure::MayHaveRun,
        _ => Failure::Final,
    }
}

/// Whether to send a failed request again, and after how long.
///
/// `idempotent` says that running the operation twice does no harm (see the
/// [module docs](self)); it matters only for mutations.
pub fn decide(
    policy: &RetryPolicy,
    kind: OperationKind,
    idempotent: bool,
    error: &Error,
    attempt: &Attempt,
) -> Decision {
    decide_failure(
        policy,
        kind,
        idempotent,
        failure_of(error, attempt.now),
        attempt,
    )
}

pub(crate) fn decide_failure(
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
        step.mul_f64(random)
    };
    let wait = match failure {
        Failure::Final => return Decision::GiveUp(GiveUp::NotRetryable),
        Failure::MayHaveRun if kind == OperationKind::Mutation && !idempotent => {
            return Decision::GiveUp(GiveUp::MutationMayHaveRun)
        }
        Failure::RateLimited(Some(wait)) => {
            // Spread the clients that wait for the same reset.
            let spread = policy.base_delay.max(wait / 10).min(policy.max_delay);
            wait.saturating_add(spread.mul_f64(random))
        }
        Failure::RateLimited(None) | Failure::NotSent | Failure::MayHaveRun => backoff(),
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

/// A number in `[0, 1)` for jitter, from the standard library's per-process
/// random hash keys (each `RandomState` gets fresh ones).
pub(crate) fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses an ISO-8601 / RFC 3339 date-time such as `2026-01-06T15:30:00.000Z`
/// or `2026-01-06T16:30:00+01:00`. No offset means UTC. Times before 1970
/// and anything malformed give `None`.
pub fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let b = text.trim().as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        digits.iter().try_fold(0u32, |n, d| {
            n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
    };
    let sep = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Fraction of a second: any number of digits, nanoseconds kept.
    let mut i = 19;
    let mut nanos = 0u32;
    if sep(i, b".,") {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start).min(9)..9 {
            nanos *= 10;
        }
    }
    // Offset: none, `Z`, `±HH:MM`, `±HHMM` or `±HH`.
    let offset_secs: i64 = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = num(i + 1..i + 3)?;
            let minutes = match b.len() - (i + 3) {
                0 => 0,
                2 => num(i + 3..i + 5)?,
                3 if b[i + 3] == b':' => num(i + 4..i + 6)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let secs = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'+' {
                secs
            } else {
                -secs
            }
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(year), month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_secs;
    let secs = u64::try_from(secs).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    use crate::error::{RateLimit, ResponseMeta};
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

    #[test]
    fn decision_table() {
        use Decision::{GiveUp as G, Retry as R};
        use Failure::*;
        let p = policy();
        let none = RetryPolicy::none();
        #[rustfmt::skip]
        let cases: Vec<(&str, RetryPolicy, OperationKind, bool, Failure, Attempt, Decision)> = vec![
            // Rate limits: queries and mutations alike; wait as told plus jitter.
            ("429 query, told 2s", p, Query, false, RateLimited(Some(MS(2000))), at(1, 0, 0.0), R(MS(2000))),
            ("429 mutation, told 2s, max jitter", p, Mutation, false, RateLimited(Some(MS(2000))), at(1, 0, 0.5), R(MS(2100))),
            ("429 jitter is at least base", p, Mutation, false, RateLimited(Some(MS(0))), at(1, 0, 0.5), R(MS(50))),
            ("429 jitter capped by max_delay", p, Query, false, RateLimited(Some(Duration::from_secs(9))), at(1, 0, 1.0), R(MS(9900))),
            ("429 without figures backs off", p, Mutation, false, RateLimited(None), at(2, 0, 0.5), R(MS(100))),
            ("429 wait past budget", p, Query, false, RateLimited(Some(Duration::from_secs(20))), at(1, 0, 0.0), G(GiveUp::BudgetExhausted { wait: Duration::from_secs(20) })),
            ("429 elapsed plus wait past budget", p, Query, false, RateLimited(Some(Duration::from_secs(2))), at(2, 9000, 0.0), G(GiveUp::BudgetExhausted { wait: Duration::from_secs(2) })),
            ("429 last attempt", p, Query, false, RateLimited(Some(MS(10))), at(4, 0, 0.0), G(GiveUp::AttemptsExhausted)),
            ("429 retries off", none, Mutation, false, RateLimited(Some(MS(10))), at(1, 0, 0.0), G(GiveUp::Disabled)),
            // Not sent: backoff with full jitter, for every kind.
            ("connect query 1st", p, Query, false, NotSent, at(1, 0, 0.5), R(MS(50))),
            ("connect mutation 1st", p, Mutation, false, NotSent, at(1, 0, 0.5), R(MS(50))),
            ("connect mutation 2nd doubles", p, Mutation, false, NotSent, at(2, 0, 0.5), R(MS(100))),
            ("connect 3rd doubles again", p, Query, false, NotSent, at(3, 0, 0.5), R(MS(200))),
            ("backoff capped by max_delay", RetryPolicy { max_attempts: 50, ..p }, Query, false, NotSent, at(20, 0, 0.5), R(MS(500))),
            ("backoff exponent never overflows", RetryPolicy { max_attempts: u32::MAX, budget: Duration::MAX, ..p }, Query, false, NotSent, at(u32::MAX - 1, 0, 1.0), R(MS(1000))),
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
                decide_failure(&policy, kind, idempotent, failure, &attempt),
                expected,
                "{name}"
            );
        }
    }

    fn meta() -> Box<ResponseMeta> {
        Box::new(ResponseMeta {
            attempts: 1,
            ..ResponseMeta::default()
        })
    }

    fn server(status: u16) -> Error {
        Error::Server {
            status,
            errors: Vec::new(),
            body: crate::error::BodySnippet::default(),
            meta: meta(),
        }
    }

    fn rate_limited(reset: Option<&str>, retry_after: Option<u64>) -> Error {
        Error::RateLimited {
            rate_limit: RateLimit {
                reset: reset.map(str::to_owned),
                retry_after: retry_after.map(Duration::from_secs),
                ..RateLimit::default()
            },
            errors: Vec::new(),
            meta: meta(),
        }
    }

    #[test]
    fn failure_table() {
        let now = parse_iso8601("2026-01-06T15:29:30Z").unwrap();
        let cases: Vec<(&str, Error, Failure)> = vec![
            (
                "reset in 30 s",
                rate_limited(Some("2026-01-06T15:30:00.000Z"), None),
                Failure::RateLimited(Some(Duration::from_secs(30))),
            ),
            (
                "reset with an offset",
                rate_limited(Some("2026-01-06T16:30:00.250+01:00"), None),
                Failure::RateLimited(Some(MS(30_250))),
            ),
            (
                "Retry-After wins over reset",
                rate_limited(Some("2026-01-06T15:30:00Z"), Some(3)),
                Failure::RateLimited(Some(Duration::from_secs(3))),
            ),
            (
                "reset in the past is now",
                rate_limited(Some("2026-01-06T15:00:00Z"), None),
                Failure::RateLimited(Some(Duration::ZERO)),
            ),
            (
                "unparseable reset",
                rate_limited(Some("2026-13-06T15:00:00Z"), None),
                Failure::RateLimited(None),
            ),
            (
                "no figures",
                rate_limited(None, None),
                Failure::RateLimited(None),
            ),
            ("500", server(500), Failure::MayHaveRun),
            ("502", server(502), Failure::MayHaveRun),
            ("503", server(503), Failure::MayHaveRun),
            ("504", server(504), Failure::MayHaveRun),
            ("501", server(501), Failure::Final),
            ("404", server(404), Failure::Final),
            (
                "timeout",
                Error::Timeout {
                    timeout: MS(10),
                    meta: meta(),
                },
                Failure::MayHaveRun,
            ),
            (
                "400",
                Error::BadRequest {
                    errors: Vec::new(),
                    body: Default::default(),
                    meta: meta(),
                },
                Failure::Final,
            ),
            (
                "401/403",
                Error::Forbidden {
                    message: "no".into(),
                    mutation_error: None,
                    meta: meta(),
                },
                Failure::Final,
            ),
            (
                "GraphQL errors",
                Error::GraphQl {
                    errors: Vec::new(),
                    data: None,
                    meta: meta(),
                },
                Failure::Final,
            ),
            (
                "decode",
                Error::Decode {
                    message: "x".into(),
                    body: Default::default(),
                    source: None,
                    meta: meta(),
                },
                Failure::Final,
            ),
            (
                "too large",
                Error::ResponseTooLarge {
                    limit: 1,
                    meta: meta(),
                },
                Failure::Final,
            ),
            ("config", Error::config("x"), Failure::Final),
        ];
        for (name, error, expected) in cases {
            assert_eq!(failure_of(&error, now), expected, "{name}");
        }
    }

    #[test]
    fn decide_reads_the_error() {
        let now = parse_iso8601("2026-01-06T15:29:59Z").unwrap();
        let attempt = Attempt::new(1, Duration::ZERO, now, 0.0);
        let error = rate_limited(Some("2026-01-06T15:30:00Z"), None);
        assert_eq!(
            decide(&policy(), Mutation, false, &error, &attempt),
            Decision::Retry(Duration::from_secs(1))
        );
        assert_eq!(
            decide(&policy(), Mutation, false, &server(503), &attempt),
            Decision::GiveUp(GiveUp::MutationMayHaveRun)
        );
    }

    #[test]
    fn iso8601() {
        let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).unwrap();
        let cases: Vec<(&str, Option<Duration>)> = vec![
            ("1970-01-01T00:00:00Z", Some(Duration::ZERO)),
            ("1970-01-01T00:00:01.5Z", Some(MS(1500))),
            (
                "2026-01-06T15:30:00.000Z",
                Some(Duration::from_secs(1_767_713_400)),
            ),
            (
                "2026-01-06T15:30:00Z",
                Some(Duration::from_secs(1_767_713_400)),
            ),
            (
                "2026-01-06t15:30:00z",
                Some(Duration::from_secs(1_767_713_400)),
            ),
            (
                "2026-01-06 15:30:00",
                Some(Duration::from_secs(1_767_713_400)),
            ),
            (
                "2026-01-06T16:30:00+01:00",
                Some(Duration::from_secs(1_767_713_400)),
            ),
            (
                "2026-01-06T14:00:00-0130",
                Some(Duration::from_secs(1_767_713_400)),
            ),
            (
                "2026-01-06T17:30:00+02",
                Some(Duration::from_secs(1_767_713_400)),
            ),
            (
                " 2026-01-06T15:30:00.123456789123Z ",
                Some(Duration::new(1_767_713_400, 123_456_789)),
            ),
            (
                "2024-02-29T00:00:00Z",
                Some(Duration::from_secs(1_709_164_800)),
            ),
            (
                "2000-03-01T00:00:00Z",
                Some(Duration::from_secs(951_868_800)),
            ),
            ("2023-02-29T00:00:00Z", None),
            ("1900-02-29T00:00:00Z", None),
            ("1969-12-31T23:59:59Z", None),
            ("1970-01-01T00:30:00+01:00", None),
            ("2026-00-06T15:30:00Z", None),
            ("2026-01-32T15:30:00Z", None),
            ("2026-01-06T24:00:00Z", None),
            ("2026-01-06T15:60:00Z", None),
            ("2026-01-06T15:30:00.Z", None),
            ("2026-01-06T15:30:00ZZ", None),
            ("2026-01-06T15:30:00+1", None),
            ("2026-01-06T15:30:00+24:00", None),
            ("2026-01-06T15:30", None),
            ("2026-01-06", None),
            ("soon", None),
            ("", None),
            ("２026-01-06T15:30:00Z", None),
            ("+026-01-06T15:30:00Z", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_iso8601(text).map(secs), expected, "{text:?}");
        }
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
