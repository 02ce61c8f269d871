//! [`MockPlain`](super::MockPlain)'s rate limit: a fixed budget per window,
//! windows aligned to multiples of their length since the Unix epoch (as a
//! per-minute limit resets on the minute), stated in Plain's headers.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// What the limiter says of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Admission {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    pub reset: SystemTime,
}

impl Admission {
    /// Plain's rate-limit headers for this admission.
    pub(crate) fn headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("x-ratelimit-limit", self.limit.to_string()),
            ("x-ratelimit-remaining", self.remaining.to_string()),
            ("x-ratelimit-reset", crate::time::format_rfc3339(self.reset)),
        ]
    }
}

/// `limit` requests per `window`.
#[derive(Debug)]
pub(crate) struct WindowLimit {
    limit: u32,
    window: Duration,
    /// The current window's number and the requests counted in it.
    used: Mutex<(u128, u32)>,
}

impl WindowLimit {
    pub(crate) fn new(limit: u32, window: Duration) -> Self {
        WindowLimit {
            limit,
            window: window.max(Duration::from_millis(1)),
            used: Mutex::new((0, 0)),
        }
    }

    /// Counts a request arriving at `now`.
    pub(crate) fn admit(&self, now: SystemTime) -> Admission {
        let since_epoch = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        let window_ms = self.window.as_millis();
        let number = since_epoch.as_millis() / window_ms;
        let reset_ms = u64::try_from((number + 1) * window_ms).unwrap_or(u64::MAX);
        let reset = SystemTime::UNIX_EPOCH + Duration::from_millis(reset_ms);
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        if used.0 != number {
            *used = (number, 0);
        }
        let allowed = used.1 < self.limit;
        if allowed {
            used.1 += 1;
        }
        Admission {
            allowed,
            limit: self.limit,
            remaining: self.limit - used.1,
            reset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_admits_its_limit_then_resets_on_its_boundary() {
        let at = |ms: u64| SystemTime::UNIX_EPOCH + Duration::from_millis(ms);
        let limit = WindowLimit::new(2, Duration::from_secs(10));
        #[rustfmt::skip]
        let cases = [
            (10_000, true, 1, 20_000),
            (15_000, true, 0, 20_000),
            (19_999, false, 0, 20_000),
            (20_000, true, 1, 30_000),
            (45_000, true, 1, 50_000),
        ];
        for (now, allowed, remaining, reset) in cases {
            let admission = limit.admit(at(now));
            assert_eq!(
                (admission.allowed, admission.remaining, admission.reset),
                (allowed, remaining, at(reset)),
                "at {now} ms"
            );
        }
        let headers = limit.admit(at(45_001)).headers();
        assert_eq!(
            headers[2],
            ("x-ratelimit-reset", "1970-01-01T00:00:50.000Z".to_owned())
        );
    }
}
