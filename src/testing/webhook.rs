//! Webhook deliveries as Plain sends them, for testing a webhook endpoint
//! end to end: a schema-valid body of any event type (or your own), signed
//! with your secret, sent to a URL or handed over as an HTTP request for a
//! handler (an axum `Router`, say) to take directly.

use std::cell::Cell;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::MockError;
use crate::webhooks::{sign, SIGNATURE_HEADER};

/// Written to `$OUT_DIR` by the build script with `testing` and `webhooks`.
const WEBHOOK_SCHEMA_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/webhook-schema.json"));
/// `$ref` chains and nesting deeper than this are a broken schema, not a payload.
const MAX_DEPTH: usize = 64;
/// The part of an endpoint's answer [`WebhookDelivery::send`] keeps.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// How much of the schema a sample fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SampleShape {
    /// Every property, one member of each union and enum (successive ones,
    /// so the samples of all event types together reach most variants).
    Full,
    /// Only required properties; every nullable value null.
    Minimal,
}

/// One webhook delivery: the body Plain would POST.
///
/// ```
/// use plain_sdk::testing::WebhookDelivery;
/// use plain_sdk::webhooks::{Event, Verifier};
///
/// let delivery = WebhookDelivery::sample("thread.thread_created")?;
/// let signature = delivery.signature("whsec");
/// let request = Verifier::new("whsec").verify_and_parse(delivery.body(), &signature)?;
/// assert!(matches!(request.event, Event::ThreadCreated(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct WebhookDelivery {
    body: Vec<u8>,
}

/// What a webhook endpoint answered [`WebhookDelivery::send`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WebhookAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The start of the body (at most 64 KiB).
    pub body: Vec<u8>,
}

impl WebhookDelivery {
    /// A schema-valid delivery of `event_type` (`"thread.thread_created"` …,
    /// see [`EVENT_TYPES`](crate::webhooks::EVENT_TYPES)), every property
    /// filled, delivered now.
    pub fn sample(event_type: &str) -> Result<WebhookDelivery, MockError> {
        WebhookDelivery::sample_with(event_type, SampleShape::Full, SystemTime::now())
    }

    /// A schema-valid delivery of `event_type` of the given shape, with every
    /// timestamp in it set to `delivered_at`.
    pub fn sample_with(
        event_type: &str,
        shape: SampleShape,
        delivered_at: SystemTime,
    ) -> Result<WebhookDelivery, MockError> {
        let schema = webhook_schema().map_err(MockError)?;
        let timestamp = crate::time::format_rfc3339(delivered_at);
        let body = schema
            .body(event_type, shape, &timestamp)
            .map_err(MockError)?;
        WebhookDelivery::json(&body)
    }

    /// A delivery of your own body (a whole webhook request:
    /// `{"id", "type", "timestamp", "workspaceId", "payload",
    /// "webhookMetadata"}`), its `webhookMetadata.webhookDeliveryAttemptTimestamp`
    /// set to now so that a verifier finds it fresh.
    pub fn from_body(body: impl Serialize) -> Result<WebhookDelivery, MockError> {
        let mut body = serde_json::to_value(body)
            .map_err(|e| MockError(format!("the webhook body did not serialize: {e}")))?;
        if let Some(metadata) = body
            .get_mut("webhookMetadata")
            .and_then(Value::as_object_mut)
        {
            metadata.insert(
                "webhookDeliveryAttemptTimestamp".to_owned(),
                Value::String(crate::time::format_rfc3339(SystemTime::now())),
            );
        }
        WebhookDelivery::json(&body)
    }

    fn json(body: &Value) -> Result<WebhookDelivery, MockError> {
        serde_json::to_vec(body)
            .map(|body| WebhookDelivery { body })
            .map_err(|e| MockError(format!("the webhook body did not serialize: {e}")))
    }

    /// The raw body, as sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The `Plain-Request-Signature` Plain sends with it, for `secret`.
    pub fn signature(&self, secret: &str) -> String {
        sign(secret, &self.body)
    }

    /// The delivery as an HTTP request to `uri` (a path such as
    /// `/webhooks/plain` will do), signed with `secret`: for a handler to
    /// take without a network (`tower::ServiceExt::oneshot` on an axum
    /// `Router`, after `.map(axum::body::Body::from)`).
    pub fn request(&self, uri: &str, secret: &str) -> Result<hyper::Request<Vec<u8>>, MockError> {
        hyper::Request::post(uri)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, self.signature(secret))
            .body(self.body.clone())
            .map_err(|e| MockError(format!("not a request URI: {uri:?}: {e}")))
    }

    /// POSTs the delivery to `url`, signed with `secret`, as Plain does.
    pub async fn send(&self, url: &str, secret: &str) -> Result<WebhookAnswer, MockError> {
        let failed = |e: reqwest::Error| MockError(format!("delivering the webhook to {url}: {e}"));
        let mut response = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, self.signature(secret))
            .timeout(Duration::from_secs(30))
            .body(self.body.clone())
            .send()
            .await
            .map_err(failed)?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            let room = MAX_ANSWER_BYTES - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() == MAX_ANSWER_BYTES {
                break;
            }
        }
        Ok(WebhookAnswer { status, body })
    }
}

/// Plain's webhook JSON Schema, parsed once.
struct WebhookSchema {
    root: Value,
}

fn webhook_schema() -> Result<&'static WebhookSchema, String> {
    static PARSED: OnceLock<Result<WebhookSchema, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            serde_json::from_str(WEBHOOK_SCHEMA_TEXT)
                .map(|root| WebhookSchema { root })
                .map_err(|e| format!("Plain's webhook schema is not JSON: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Completes `body` (a whole webhook request) as the schema requires: a
/// required property that may be null and is left out (a component's
/// `textSize` when none was sent, say) is added as null. Members of an
/// `anyOf` are told apart by their `const` properties (`type`,
/// `eventType`, `actorType` …).
pub(crate) fn conform(body: &mut Value) {
    if let Ok(schema) = webhook_schema() {
        schema.conform(&schema.root, body, 0);
    }
}

impl WebhookSchema {
    fn conform(&self, node: &Value, value: &mut Value, depth: usize) {
        let Ok(node) = self.deref(node) else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(members) = node.get("anyOf").and_then(Value::as_array) {
            if let Some(member) = members.iter().find(|m| self.fits(m, value, depth)) {
                self.conform(member, value, depth + 1);
            }
            return;
        }
        match value {
            Value::Object(object) => {
                let properties = node.get("properties").and_then(Value::as_object);
                let required = node.get("required").and_then(Value::as_array);
                for key in required.into_iter().flatten().filter_map(Value::as_str) {
                    let nullable = properties
                        .and_then(|p| p.get(key))
                        .is_some_and(|p| self.admits_null(p, depth));
                    if nullable && !object.contains_key(key) {
                        object.insert(key.to_owned(), Value::Null);
                    }
                }
                for (key, value) in object.iter_mut() {
                    if let Some(property) = properties.and_then(|p| p.get(key)) {
                        self.conform(property, value, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = node.get("items") {
                    for value in items {
                        self.conform(item, value, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether `value` can be of the `anyOf` member `node`: null for a
    /// nullable one, and an object whose `const` properties it matches.
    fn fits(&self, node: &Value, value: &Value, depth: usize) -> bool {
        let Ok(node) = self.deref(node) else {
            return false;
        };
        if depth > MAX_DEPTH {
            return false;
        }
        if let Some(members) = node.get("anyOf").and_then(Value::as_array) {
            return members.iter().any(|m| self.fits(m, value, depth + 1));
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Value::String(one)) => vec![one.as_str()],
            Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        match value {
            Value::Null => types.contains(&"null"),
            Value::Object(object) => {
                let consts = node
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .filter_map(|(key, p)| p.get("const").map(|c| (key, c)));
                (types.is_empty() || types.contains(&"object"))
                    && consts
                        .into_iter()
                        .all(|(key, c)| object.get(key) == Some(c))
            }
            _ => true,
        }
    }

    fn admits_null(&self, node: &Value, depth: usize) -> bool {
        self.fits(node, &Value::Null, depth + 1)
    }
}

/// Writing one instance: the shape, the timestamp every date-time takes,
/// and the turn that makes successive unions and enums take successive members.
struct Instance<'a> {
    schema: &'a WebhookSchema,
    shape: SampleShape,
    timestamp: &'a str,
    turn: Cell<usize>,
}

impl WebhookSchema {
    fn node(&self, pointer: &str) -> Result<&Value, String> {
        self.root
            .pointer(pointer)
            .ok_or_else(|| format!("the webhook schema has no node at {pointer}"))
    }

    fn deref<'v>(&'v self, mut node: &'v Value) -> Result<&'v Value, String> {
        for _ in 0..MAX_DEPTH {
            match node.get("$ref").and_then(Value::as_str) {
                Some(target) => node = self.node(target.trim_start_matches('#'))?,
                None => return Ok(node),
            }
        }
        Err("the webhook schema's $ref chain does not end".to_owned())
    }

    /// The pointer of the payload definition of `event_type`.
    fn payload_pointer(&self, event_type: &str) -> Result<String, String> {
        let members = self.root["properties"]["payload"]["anyOf"]
            .as_array()
            .ok_or("the webhook schema has no payload union")?;
        for member in members {
            let Some(pointer) = member["$ref"].as_str().map(|p| p.trim_start_matches('#')) else {
                continue;
            };
            let node = self.node(pointer)?;
            let mut constants = vec![&node["properties"]["eventType"]["const"]];
            if let Some(variants) = node["anyOf"].as_array() {
                constants.extend(
                    variants
                        .iter()
                        .map(|m| &m["properties"]["eventType"]["const"]),
                );
            }
            if constants.iter().any(|c| c.as_str() == Some(event_type)) {
                return Ok(pointer.to_owned());
            }
        }
        Err(format!(
            "{event_type:?} is not an event type of Plain's webhook schema (see plain_sdk::webhooks::EVENT_TYPES)"
        ))
    }

    /// A whole webhook request for `event_type`.
    fn body(&self, event_type: &str, shape: SampleShape, timestamp: &str) -> Result<Value, String> {
        let writer = Instance {
            schema: self,
            shape,
            timestamp,
            turn: Cell::new(0),
        };
        let payload = writer.value(self.node(&self.payload_pointer(event_type)?)?, 0)?;
        let full = Instance {
            shape: SampleShape::Full,
            ..writer
        };
        let mut metadata = full.value(self.node("/definitions/webhookMetadata")?, 0)?;
        metadata["webhookDeliveryAttemptTimestamp"] = json!(timestamp);
        Ok(json!({
            "timestamp": timestamp,
            "workspaceId": plain_id("w"),
            "payload": payload,
            "id": plain_id("ev"),
            "type": event_type,
            "webhookMetadata": metadata,
        }))
    }
}

impl Instance<'_> {
    fn next_turn(&self) -> usize {
        let turn = self.turn.get();
        self.turn.set(turn + 1);
        turn
    }

    /// An instance of `node`.
    fn value(&self, node: &Value, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("the webhook schema nests deeper than a payload can".to_owned());
        }
        let node = self.schema.deref(node)?;
        let minimal = self.shape == SampleShape::Minimal;
        if let Some(constant) = node.get("const") {
            return Ok(constant.clone());
        }
        if let Some(values) = node
            .get("enum")
            .and_then(Value::as_array)
            .filter(|v| !v.is_empty())
        {
            let pick = if minimal {
                0
            } else {
                self.next_turn() % values.len()
            };
            return Ok(values[pick].clone());
        }
        if let Some(members) = node.get("anyOf").and_then(Value::as_array) {
            let mut non_null = Vec::new();
            for member in members {
                if self.schema.deref(member)?.get("type") != Some(&json!("null")) {
                    non_null.push(member);
                }
            }
            if non_null.is_empty() || (minimal && non_null.len() < members.len()) {
                return Ok(Value::Null);
            }
            let pick = if minimal {
                0
            } else {
                self.next_turn() % non_null.len()
            };
            return self.value(non_null[pick], depth + 1);
        }
        if let Some(all) = node.get("allOf").and_then(Value::as_array) {
            // Plain stacks string constraints: the pattern carries the shape.
            let mut pattern = "";
            for member in all {
                if let Some(p) = self
                    .schema
                    .deref(member)?
                    .get("pattern")
                    .and_then(Value::as_str)
                {
                    pattern = p;
                    break;
                }
            }
            return Ok(json!(string_for(pattern, None, None, None, self.timestamp)));
        }
        let ty = match node.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(types)) => {
                if minimal && types.contains(&json!("null")) {
                    return Ok(Value::Null);
                }
                types
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|t| *t != "null")
                    .unwrap_or("null")
            }
            _ => return Ok(json!({})),
        };
        Ok(match ty {
            "string" => json!(string_for(
                node.get("pattern").and_then(Value::as_str).unwrap_or(""),
                node.get("format").and_then(Value::as_str),
                node.get("minLength").and_then(Value::as_u64),
                node.get("maxLength").and_then(Value::as_u64),
                self.timestamp,
            )),
            "number" => json!(2),
            "integer" => {
                let min = node.get("minimum").and_then(Value::as_i64).unwrap_or(1);
                let exclusive = node
                    .get("exclusiveMinimum")
                    .and_then(Value::as_i64)
                    .map_or(min, |m| m.saturating_add(1));
                json!(min.max(exclusive).max(1))
            }
            "boolean" => json!(true),
            "array" => {
                let min = node
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
                    .min(16);
                let count = if minimal { min } else { min.max(1) };
                let items = node.get("items").cloned().unwrap_or(json!({}));
                let mut out = Vec::new();
                for _ in 0..count {
                    out.push(self.value(&items, depth + 1)?);
                }
                Value::Array(out)
            }
            "object" => {
                let required: Vec<&str> = node
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut out = Map::new();
                if let Some(properties) = node.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        if minimal && !required.contains(&name.as_str()) {
                            continue;
                        }
                        out.insert(name.clone(), self.value(property, depth + 1)?);
                    }
                }
                Value::Object(out)
            }
            // "null", and a type a newer schema may bring.
            _ => Value::Null,
        })
    }
}

/// An id in Plain's shape: a prefix, `_`, 26 Crockford base-32 characters.
fn plain_id(prefix: &str) -> String {
    format!("{prefix}_01JS7F3Q2K8V6W4X9Y5Z0ABCDE")
}

/// A string that fits a JSON Schema string node.
fn string_for(
    pattern: &str,
    format: Option<&str>,
    min: Option<u64>,
    max: Option<u64>,
    timestamp: &str,
) -> String {
    match format {
        Some("date-time") => return timestamp.to_owned(),
        Some("uri") => return "https://example.com/item/1".to_owned(),
        Some("uuid") => return "1b4e28ba-2fa1-41d2-883f-0016d3cca427".to_owned(),
        _ => {}
    }
    if pattern.contains("0123456789ABCDEFGHJKMNPQRSTVWXYZ") {
        return plain_id("id");
    }
    if pattern.contains('@') {
        return "ada@example.com".to_owned();
    }
    if pattern.starts_with("^#") {
        return "#1a2b3c".to_owned();
    }
    let mut text = String::from("sample text");
    if let Some(max) = max {
        text.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    }
    let min = usize::try_from(min.unwrap_or(0).min(4096)).unwrap_or(0);
    while text.len() < min {
        text.push('x');
    }
    text
}
