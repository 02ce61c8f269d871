//! Signature and freshness checks: pure functions of the body, the signature,
//! the secrets and the time, with the time injectable.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::error::{SignatureError, WebhookError};
use super::event::{self, WebhookRequest};

type HmacSha256 = Hmac<Sha256>;

/// The header that carries the signature: the lowercase hex HMAC-SHA256 of
/// the raw body, keyed with the workspace's request-signing secret.
pub const SIGNATURE_HEADER: &str = "Plain-Request-Signature";

/// How far a delivery attempt's timestamp may be from now, either way, by
/// default: five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Checks that requests come from Plain: their signature, and for webhooks
/// the age of the delivery attempt.
///
/// Holds one or more request-signing secrets (several while rotating: a
/// signature made with any of them is accepted), a tolerance for the
/// delivery timestamp ([`DEFAULT_TOLERANCE`]) and a clock (the system's,
/// unless replaced for tests). Cloning is cheap; secrets never appear in
/// `Debug` output.
///
/// ```
/// use plain_sdk::webhooks::{self, Event, Verifier};
///
/// # fn handle(body: &[u8], signature_header: &str) -> Result<(), webhooks::WebhookError> {
/// let verifier = Verifier::new("the workspace's request-signing secret");
/// let request = verifier.verify_and_parse(body, signature_header)?;
/// match &request.event {
///     Event::ThreadCreated(payload) => println!("new thread {}", payload.thread.id),
///     other => println!("{} ignored", other.event_type()),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    /// One keyed HMAC per secret, ready to clone: the key schedule is done once.
    keys: Vec<HmacSha256>,
    /// Whether any secret given was empty: then nothing verifies.
    empty_secret: bool,
    tolerance: Duration,
    clock: Option<Arc<dyn Fn() -> SystemTime + Send + Sync>>,
}

impl Verifier {
    /// A verifier for one request-signing secret.
    ///
    /// An empty secret is accepted here but makes every check fail with
    /// [`SignatureError::NoSecret`]: a missing configuration never passes.
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Self::with_secrets([secret])
    }

    /// A verifier that accepts a signature made with any of `secrets`, for
    /// rotating the secret without downtime: list the new one and the old
    /// one until Plain signs with the new one only.
    pub fn with_secrets<S: AsRef<[u8]>>(secrets: impl IntoIterator<Item = S>) -> Self {
        let mut keys = Vec::new();
        let mut empty_secret = false;
        for secret in secrets {
            let secret = secret.as_ref();
            if secret.is_empty() {
                empty_secret = true;
                continue;
            }
            // HMAC accepts keys of any length.
            if let Ok(key) = HmacSha256::new_from_slice(secret) {
                keys.push(key);
            }
        }
        Verifier {
            inner: Arc::new(Inner {
                keys,
                empty_secret,
                tolerance: DEFAULT_TOLERANCE,
                clock: None,
            }),
        }
    }

    /// Sets how far the delivery attempt's timestamp may be from now, in
    /// either direction.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        Arc::make_mut(&mut self.inner).tolerance = tolerance;
        self
    }

    /// Replaces the system clock, for tests.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime, UNIX_EPOCH};
    /// use plain_sdk::webhooks::Verifier;
    ///
    /// let fixed = UNIX_EPOCH + Duration::from_secs(1_776_766_530);
    /// let verifier = Verifier::new("secret").clock(move || fixed);
    /// # let _ = verifier;
    /// ```
    pub fn clock(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        Arc::make_mut(&mut self.inner).clock = Some(Arc::new(now));
        self
    }

    /// The tolerance in force.
    pub fn tolerance_in_force(&self) -> Duration {
        self.inner.tolerance
    }

    fn now(&self) -> SystemTime {
        match &self.inner.clock {
            Some(clock) => clock(),
            None => SystemTime::now(),
        }
    }

    /// Checks the signature alone: `signature` (the `Plain-Request-Signature`
    /// header) must be the hex HMAC-SHA256 of `body` under one of the
    /// secrets, compared in constant time. This is the whole check for
    /// customer-card requests, which carry no timestamp.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Signature`], saying why.
    pub fn verify_signature(&self, body: &[u8], signature: &str) -> Result<(), WebhookError> {
        if self.inner.empty_secret || self.inner.keys.is_empty() {
            return Err(SignatureError::NoSecret.into());
        }
        let signature = signature.trim_matches(|c: char| c == ' ' || c == '\t');
        if signature.is_empty() {
            return Err(SignatureError::Missing.into());
        }
        if body.is_empty() {
            return Err(SignatureError::EmptyBody.into());
        }
        let expected = decode_hex32(signature).ok_or(SignatureError::Malformed)?;
        for key in &self.inner.keys {
            let mut mac = key.clone();
            mac.update(body);
            // `verify_slice` compares in constant time.
            if mac.verify_slice(&expected).is_ok() {
                return Ok(());
            }
        }
        Err(SignatureError::Mismatch.into())
    }

    /// Checks a webhook delivery: its signature, then that
    /// `webhookMetadata.webhookDeliveryAttemptTimestamp` is within the
    /// tolerance of the clock's now.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Signature`], [`WebhookError::Expired`], or
    /// [`WebhookError::Payload`] when the signed body has no readable
    /// timestamp.
    pub fn verify(&self, body: &[u8], signature: &str) -> Result<(), WebhookError> {
        self.verify_at(body, signature, self.now())
    }

    /// [`verify`](Self::verify) at the time `now`.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify).
    pub fn verify_at(
        &self,
        body: &[u8],
        signature: &str,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        self.verify_signature(body, signature)?;
        let timestamp = event::delivery_timestamp(body)?;
        check_fresh(&timestamp, now, self.inner.tolerance)
    }

    /// Verifies a webhook delivery as [`verify`](Self::verify) does and
    /// decodes it into a typed [`WebhookRequest`], reading the body once
    /// after the signature check.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Signature`] and [`WebhookError::Expired`] first;
    /// then [`WebhookError::VersionMismatch`] or [`WebhookError::Payload`]
    /// for a body that does not decode.
    pub fn verify_and_parse(
        &self,
        body: &[u8],
        signature: &str,
    ) -> Result<WebhookRequest, WebhookError> {
        self.verify_and_parse_at(body, signature, self.now())
    }

    /// [`verify_and_parse`](Self::verify_and_parse) at the time `now`.
    ///
    /// # Errors
    ///
    /// As [`verify_and_parse`](Self::verify_and_parse).
    pub fn verify_and_parse_at(
        &self,
        body: &[u8],
        signature: &str,
        now: SystemTime,
    ) -> Result<WebhookRequest, WebhookError> {
        self.verify_signature(body, signature)?;
        let tolerance = self.inner.tolerance;
        event::parse_with(body, |timestamp| check_fresh(timestamp, now, tolerance))
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field(
                "secrets",
                &format_args!("[{} redacted]", self.inner.keys.len()),
            )
            .field("empty_secret", &self.inner.empty_secret)
            .field("tolerance", &self.inner.tolerance)
            .field(
                "clock",
                &if self.inner.clock.is_some() {
                    "custom"
                } else {
                    "system"
                },
            )
            .finish()
    }
}

/// Signs `body` as Plain does: the lowercase hex HMAC-SHA256 of the body
/// keyed with `secret`. For your own tests: send the result as the
/// [`SIGNATURE_HEADER`].
///
/// ```
/// use plain_sdk::webhooks::{sign, Verifier};
///
/// let body = br#"{"cardKeys":["plan"],"customer":{"id":"c_1","email":"a@b.c"},"thread":null}"#;
/// let signature = sign("test-secret", body);
/// assert_eq!(signature.len(), 64);
/// assert!(Verifier::new("test-secret").verify_signature(body, &signature).is_ok());
/// ```
pub fn sign(secret: impl AsRef<[u8]>, body: &[u8]) -> String {
    let mut mac = match HmacSha256::new_from_slice(secret.as_ref()) {
        Ok(mac) => mac,
        // Unreachable: HMAC takes keys of any length.
        Err(_) => return String::new(),
    };
    mac.update(body);
    encode_hex(&mac.finalize().into_bytes())
}

/// Whether `timestamp` is within `tolerance` of `now`.
pub(crate) fn check_fresh(
    timestamp: &str,
    now: SystemTime,
    tolerance: Duration,
) -> Result<(), WebhookError> {
    let Some(sent) = crate::time::parse(timestamp, &crate::time::Syntax::RFC3339)
        .map(crate::time::Timestamp::unix_millis)
    else {
        return Err(WebhookError::payload(
            "webhookMetadata.webhookDeliveryAttemptTimestamp",
            format!(
                "not an RFC 3339 date-time: {:?}",
                timestamp.chars().take(64).collect::<String>()
            ),
        ));
    };
    let now_ms: i128 = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_millis()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_millis()).unwrap_or(i128::MAX),
    };
    let skew = now_ms - i128::from(sent);
    let limit = i128::try_from(tolerance.as_millis()).unwrap_or(i128::MAX);
    if skew.abs() <= limit {
        return Ok(());
    }
    Err(WebhookError::Expired {
        timestamp: timestamp.to_owned(),
        skew: Duration::from_millis(u64::try_from(skew.unsigned_abs()).unwrap_or(u64::MAX)),
        in_future: skew < 0,
        tolerance,
    })
}

fn decode_hex32(s: &str) -> Option<[u8; 32]> {
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes: Vec<u8> = (0..32).map(|i| i * 8 + 3).collect();
        let hex = encode_hex(&bytes);
        assert_eq!(decode_hex32(&hex).map(|a| a.to_vec()), Some(bytes.clone()));
        assert_eq!(
            decode_hex32(&hex.to_uppercase()).map(|a| a.to_vec()),
            Some(bytes)
        );
        assert_eq!(decode_hex32(&hex[..62]), None);
        assert_eq!(decode_hex32(&format!("{}zz", &hex[..62])), None);
        assert_eq!(decode_hex32("é"), None);
    }

    #[test]
    fn sign_matches_a_known_hmac() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn freshness_is_symmetric() {
        let t = "2026-04-21T10:15:30.000Z";
        let sent = UNIX_EPOCH + Duration::from_millis(1_776_766_530_000);
        let tol = Duration::from_secs(300);
        assert!(check_fresh(t, sent, tol).is_ok());
        assert!(check_fresh(t, sent + tol, tol).is_ok());
        assert!(check_fresh(t, sent - tol, tol).is_ok());
        let late = check_fresh(t, sent + tol + Duration::from_millis(1), tol).unwrap_err();
        assert!(matches!(
            late,
            WebhookError::Expired {
                in_future: false,
                ..
            }
        ));
        let early = check_fresh(t, sent - tol - Duration::from_millis(1), tol).unwrap_err();
        assert!(matches!(
            early,
            WebhookError::Expired {
                in_future: true,
                ..
            }
        ));
        assert_eq!(
            check_fresh("yesterday", sent, tol).unwrap_err().kind(),
            "payload"
        );
    }
}
