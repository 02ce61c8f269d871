//! A webhook request and its typed event.
//!
//! The body is read once into a `serde_json::Value`; the envelope's fields
//! are taken from it, the event type picks the payload type (a generated
//! `match`, nothing built per call), and the payload is decoded by the
//! generated decoders, which name the path of anything wrong.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::de::{self, At, PathError};
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
/// was written for another webhook schema version, or names none; otherwise
/// [`WebhookError::Payload`], naming the path that failed.
pub fn parse(body: &[u8]) -> Result<WebhookRequest, WebhookError> {
    parse_with(body, |_| Ok(()))
}

/// Decodes `body`, calling `check` with the delivery attempt's timestamp
/// before anything else is decoded.
pub(crate) fn parse_with(
    body: &[u8],
    check: impl FnOnce(&str) -> Result<(), WebhookError>,
) -> Result<WebhookRequest, WebhookError> {
    let root = At::ROOT;
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| WebhookError::payload(String::new(), e.to_string()))?;
    let mut object = de::object(value, &root).map_err(|e| WebhookError::Payload(e.into()))?;
    let version = target_version(&object);
    let classify = |e: PathError| classify(e, version.as_deref());

    let metadata_at = root.key("webhookMetadata");
    let timestamp_at = metadata_at.key("webhookDeliveryAttemptTimestamp");
    match object
        .get("webhookMetadata")
        .and_then(|m| m.get("webhookDeliveryAttemptTimestamp"))
    {
        Some(Value::String(timestamp)) => check(timestamp)?,
        Some(other) => return Err(classify(timestamp_at.invalid_type(other, "a string"))),
        None => return Err(classify(timestamp_at.error("missing"))),
    }

    let decode = |object: &mut Map<String, Value>| -> Result<WebhookRequest, PathError> {
        let id = de::required(object, "id", &root)?;
        let event_type: String = de::required(object, "type", &root)?;
        let timestamp = de::required(object, "timestamp", &root)?;
        let workspace_id = de::required(object, "workspaceId", &root)?;
        let webhook_metadata = de::required(object, "webhookMetadata", &root)?;
        let payload_at = root.key("payload");
        let payload = object
            .remove("payload")
            .ok_or_else(|| payload_at.error("missing"))?;
        let event = decode_payload(&event_type, payload, &payload_at)?;
        Ok(WebhookRequest {
            id,
            event_type,
            timestamp,
            workspace_id,
            webhook_metadata,
            event,
        })
    };
    decode(&mut object).map_err(classify)
}

/// A decoding error, as a version mismatch when the body says it was written
/// for another version or says no version: a body Plain sends always names
/// one, so the likelier cause of both is an SDK and a webhook target that
/// disagree.
fn classify(error: PathError, version: Option<&str>) -> WebhookError {
    let error = PayloadError::from(error);
    match version {
        Some(found) if found == WEBHOOK_TARGET_VERSION => WebhookError::Payload(error),
        found => WebhookError::VersionMismatch {
            expected: WEBHOOK_TARGET_VERSION,
            found: found.map(|v| v.chars().take(64).collect()),
            error,
        },
    }
}

/// `webhookMetadata.webhookTargetVersion`, if the body has one.
fn target_version(object: &Map<String, Value>) -> Option<String> {
    object
        .get("webhookMetadata")?
        .get("webhookTargetVersion")?
        .as_str()
        .map(str::to_owned)
}

/// `webhookMetadata.webhookDeliveryAttemptTimestamp`, read without decoding
/// the rest.
pub(crate) fn delivery_timestamp(body: &[u8]) -> Result<String, WebhookError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "webhookMetadata")]
        metadata: Option<MetadataProbe>,
    }
    #[derive(Deserialize)]
    struct MetadataProbe {
        #[serde(rename = "webhookDeliveryAttemptTimestamp")]
        timestamp: Option<Value>,
    }
    let at = At::ROOT;
    let probe: Probe = de::from_slice(body).map_err(|e| WebhookError::Payload(e.into()))?;
    let at = at.key("webhookMetadata");
    let at = at.key("webhookDeliveryAttemptTimestamp");
    match probe.metadata.and_then(|m| m.timestamp) {
        Some(Value::String(timestamp)) => Ok(timestamp),
        Some(other) => Err(WebhookError::Payload(
            at.invalid_type(&other, "a string").into(),
        )),
        None => Err(WebhookError::Payload(at.error("missing").into())),
    }
}
