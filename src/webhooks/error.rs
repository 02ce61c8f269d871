//! What can go wrong receiving a webhook or a customer-card request.

use std::fmt;
use std::time::Duration;

/// Why a request from Plain was refused.
///
/// [`kind`](Self::kind) gives a short stable name (`signature`, `expired`,
/// `version_mismatch`, `payload`) and [`http_status`](Self::http_status) the
/// status to answer Plain with. No variant holds a secret or the signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request is not signed by a secret this service knows, or could
    /// not be checked (see [`SignatureError`]). Nothing in the body can be
    /// trusted.
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    /// The signature is good but the delivery attempt's timestamp is further
    /// from now than the tolerance: a replay, or a clock that is off.
    #[error(
        "expired: the delivery attempt timestamp {timestamp} is {} s {} now, beyond the tolerance of {} s (a replayed request, or a clock that is off)",
        .skew.as_secs(),
        if *.in_future { "ahead of" } else { "behind" },
        .tolerance.as_secs()
    )]
    Expired {
        /// `webhookMetadata.webhookDeliveryAttemptTimestamp`, as sent.
        timestamp: String,
        /// How far it is from now.
        skew: Duration,
        /// Whether it lies in the future (`false`: in the past).
        in_future: bool,
        /// The tolerance it exceeds.
        tolerance: Duration,
    },
    /// The payload does not decode, and it was written for another webhook
    /// schema version than this SDK's, or says no version at all: update
    /// the SDK, or pin the webhook target in Plain to the SDK's version.
    #[error(
        "version mismatch: the payload is {} but this SDK decodes webhook version {expected} (align them: update plain-sdk, or pin the webhook target in Plain to {expected}); {error}",
        fmt_found(.found.as_deref())
    )]
    VersionMismatch {
        /// The version this SDK's types were generated from
        /// ([`WEBHOOK_TARGET_VERSION`](crate::webhooks::WEBHOOK_TARGET_VERSION)).
        expected: &'static str,
        /// `webhookMetadata.webhookTargetVersion` of the payload (at most 64
        /// characters of it), or `None` when the payload has none.
        found: Option<String>,
        /// Where decoding failed.
        error: PayloadError,
    },
    /// The body is not what Plain's schema describes: not JSON, or a field
    /// missing or of the wrong type. The error names the path.
    #[error("payload: {0}")]
    Payload(PayloadError),
}

fn fmt_found(found: Option<&str>) -> String {
    match found {
        Some(version) => format!("webhook version {version:?}"),
        None => "without a webhookMetadata.webhookTargetVersion".to_owned(),
    }
}

impl WebhookError {
    /// A short stable name: `signature`, `expired`, `version_mismatch` or `payload`.
    pub fn kind(&self) -> &'static str {
        match self {
            WebhookError::Signature(_) => "signature",
            WebhookError::Expired { .. } => "expired",
            WebhookError::VersionMismatch { .. } => "version_mismatch",
            WebhookError::Payload(_) => "payload",
        }
    }

    /// The HTTP status to answer with: 401 for a bad signature or an expired
    /// delivery, 400 for a malformed payload, 422 for a version mismatch, and
    /// 500 when no secret is configured (the service's fault, not Plain's).
    pub fn http_status(&self) -> u16 {
        match self {
            WebhookError::Signature(SignatureError::NoSecret) => 500,
            WebhookError::Signature(_) | WebhookError::Expired { .. } => 401,
            WebhookError::VersionMismatch { .. } => 422,
            WebhookError::Payload(_) => 400,
        }
    }

    /// The JSON path of a payload or version-mismatch error.
    pub fn path(&self) -> Option<&str> {
        match self {
            WebhookError::Payload(e) | WebhookError::VersionMismatch { error: e, .. } => {
                Some(e.path())
            }
            _ => None,
        }
    }

    pub(crate) fn payload(path: impl Into<String>, message: impl Into<String>) -> Self {
        WebhookError::Payload(PayloadError {
            path: path.into(),
            message: message.into(),
        })
    }
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// No `Plain-Request-Signature` header, or an empty one.
    #[error("the Plain-Request-Signature header is missing or empty")]
    Missing,
    /// The header is not 64 hexadecimal digits (a hex HMAC-SHA256).
    #[error("the Plain-Request-Signature header is not 64 hexadecimal digits")]
    Malformed,
    /// The signature matches none of the configured secrets.
    #[error("the signature matches none of the configured secrets (check the workspace's request-signing secret)")]
    Mismatch,
    /// The verifier has no secret, or one of its secrets is empty: nothing
    /// can be verified until it is configured.
    #[error("no request-signing secret is configured, or one is empty")]
    NoSecret,
    /// The body is empty: there is nothing to verify.
    #[error("the body is empty")]
    EmptyBody,
}

/// Where and why a body did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PayloadError {
    path: String,
    message: String,
}

impl PayloadError {
    /// The JSON path where decoding failed, such as
    /// `payload.thread.createdBy.userId` or `payload.email.to`; empty for the
    /// body as a whole (not JSON, or not an object).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<super::de::PathError> for PayloadError {
    fn from(e: super::de::PathError) -> Self {
        PayloadError {
            path: e.path,
            message: e.message,
        }
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for PayloadError {}
