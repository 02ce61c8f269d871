//! A webhook request and its typed event.
//!
//! The body is read once into an envelope whose `payload` stays raw JSON;
//! the event type then picks the payload type (a generated `match`, nothing
//! built per call) and the payload is decoded from the raw text with its
//! path tracked.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::de::{self, PathError};
use super::error::{PayloadError, WebhookError};

include!(concat!(env!("OUT_DIR"), "/webhook_events.rs"));

/// A webhook delivery from Plain: the envelope's facts and the typed event.
///
/// Serializes back to Plain's shape (`id`, `type`, `timestamp`,
/// `workspaceId`, `webhookMetadata`, `payload`), minus fields this SDK does
/// not know.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct WebhookRequest {
    /// The event's id; the same across delivery attempts, so use it to
    /// ignore duplicates.
    pub id: String,
    /// The event type, such as `thread.thread_created` (`type` in the JSON).
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event happened (RFC 3339).
    pub timestamp: String,
    /// The workspace the event belongs to.
    #[serde(rename = "workspaceId")]
    pub workspace_id: String,
    /// About this delivery: target, version, attempt number and time.
    #[serde(rename = "webhookMetadata")]
    pub webhook_metadata: super::payloads::WebhookMetadata,
    /// The typed event (`payload` in the JSON).
    #[serde(rename = "payload")]
    pub event: Event,
}

impl WebhookRequest {
    /// The webhook schema version the payload was written for
    /// (`webhookMetadata.webhookTargetVersion`).
    pub fn target_version(&self) -> &str {
        &self.webhook_metadata.webhook_target_version
    }

    /// Whether the payload's version is the one this SDK was generated from
    /// ([`WEBHOOK_TARGET_VERSION`]).
    pub fn is_current_version(&self) -> bool {
        self.target_version() == WEBHOOK_TARGET_VERSION
    }
}

/// An event whose type this SDK does not know: its type and payload as sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// The event type, as sent.
    pub event_type: String,
    /// The payload, as sent.
    pub payload: serde_json::Value,
}

/// Decodes a webhook body without verifying it.
///
/// Use [`Verifier::verify_and_parse`](super::Verifier::verify_and_parse)
/// for requests from the network; this is for bodies already verified, or
/// for tests.
///
/// # Errors
///
/// [`WebhookError::VersionMismatch`] for a body that does not decode and
/// was written for another webhook schema version; otherwise
/// [`WebhookError::Payload`], naming the path that failed.
pub fn parse(body: &[u8]) -> Result<WebhookRequest, WebhookError> {
    parse_with(body, |_| Ok(()))
}

/// The envelope, with the payload left as raw JSON.
#[derive(Deserialize)]
struct Envelope<'a> {
    id: String,
    #[serde(rename = "type")]
    event_type: String,
    timestamp: String,
    #[serde(rename = "workspaceId")]
    workspace_id: String,
    #[serde(rename = "webhookMetadata")]
    webhook_metadata: Metadata,
    #[serde(borrow)]
    payload: &'a RawValue,
}

/// Decodes `body`, calling `check` with the delivery attempt's timestamp
/// before decoding the payload (or before reporting why the envelope did not
/// decode, when the timestamp can still be found).
pub(crate) fn parse_with(
    body: &[u8],
    check: impl FnOnce(&str) -> Result<(), WebhookError>,
) -> Result<WebhookRequest, WebhookError> {
    let envelope: Envelope<'_> = match de::from_slice(body) {
        Ok(envelope) => envelope,
        Err(e) => {
            if let Ok(timestamp) = delivery_timestamp(body) {
                check(&timestamp)?;
            }
            return Err(classify(e, target_version(body).as_deref()));
        }
    };
    check(&envelope.webhook_metadata.webhook_delivery_attempt_timestamp)?;
    match decode_payload(&envelope.event_type, envelope.payload.get()) {
        Ok(event) => Ok(WebhookRequest {
            id: envelope.id,
            event_type: envelope.event_type,
            timestamp: envelope.timestamp,
            workspace_id: envelope.workspace_id,
            webhook_metadata: envelope.webhook_metadata,
            event,
        }),
        Err(e) => Err(classify(
            e.under("payload"),
            Some(&envelope.webhook_metadata.webhook_target_version),
        )),
    }
}

/// A decoding error, as a version mismatch when the body says it was written
/// for another version.
fn classify(error: PathError, version: Option<&str>) -> WebhookError {
    let error = PayloadError::from(error);
    match version {
        Some(found) if found != WEBHOOK_TARGET_VERSION => WebhookError::VersionMismatch {
            expected: WEBHOOK_TARGET_VERSION,
            found: found.chars().take(64).collect(),
            error,
        },
        _ => WebhookError::Payload(error),
    }
}

/// `webhookMetadata.webhookDeliveryAttemptTimestamp`, read without decoding
/// the rest.
pub(crate) fn delivery_timestamp(body: &[u8]) -> Result<String, WebhookError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "webhookMetadata")]
        metadata: MetadataProbe,
    }
    #[derive(Deserialize)]
    struct MetadataProbe {
        #[serde(rename = "webhookDeliveryAttemptTimestamp")]
        timestamp: String,
    }
    de::from_slice::<Probe>(body)
        .map(|p| p.metadata.timestamp)
        .map_err(|e| WebhookError::Payload(e.into()))
}

/// `webhookMetadata.webhookTargetVersion`, if the body has one.
fn target_version(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "webhookMetadata")]
        metadata: Option<MetadataProbe>,
    }
    #[derive(Deserialize)]
    struct MetadataProbe {
        #[serde(rename = "webhookTargetVersion")]
        version: Option<serde_json::Value>,
    }
    let probe: Probe = serde_json::from_slice(body).ok()?;
    match probe.metadata?.version? {
        serde_json::Value::String(version) => Some(version),
        _ => None,
    }
}
