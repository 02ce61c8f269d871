//! Webhook bodies from Plain's webhook JSON Schema, and a checker for the
//! part of JSON Schema the file uses.
//!
//! The bodies are `plain_sdk::testing::WebhookDelivery` samples, the ones
//! users get: every `const`, one `enum` value, one member of each `anyOf`,
//! strings shaped by their `format`/`pattern`/length. In `Mode::Minimal`
//! only required properties are written and nullable values are `null`; in
//! `Mode::Full` every property is written and successive unions and enums
//! take successive members, so the fixtures of all event types together
//! reach most variants. The checker here is independent of them.

#![allow(dead_code)]

use std::path::PathBuf;

use plain_sdk::testing::WebhookDelivery;
use serde_json::{json, Value};

pub use plain_sdk::testing::SampleShape as Mode;

pub struct Schema {
    root: Value,
}

impl Schema {
    /// Plain's webhook schema, found as the build finds it.
    pub fn load() -> Schema {
        let path = std::env::var_os("PLAIN_WEBHOOK_SCHEMA_PATH")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("webhooks/webhook-schema.json")
            });
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        Schema {
            root: serde_json::from_str(&text).expect("the webhook schema is JSON"),
        }
    }

    pub fn root(&self) -> &Value {
        &self.root
    }

    /// The root's `type` enum.
    pub fn event_types(&self) -> Vec<String> {
        self.root["properties"]["type"]["enum"]
            .as_array()
            .expect("type enum")
            .iter()
            .map(|v| v.as_str().expect("string").to_owned())
            .collect()
    }

    /// The schema's `webhookTargetVersion`.
    pub fn version(&self) -> String {
        self.node("/definitions/webhookMetadata/properties/webhookTargetVersion")["const"]
            .as_str()
            .expect("version const")
            .to_owned()
    }

    pub fn node(&self, ptr: &str) -> &Value {
        self.root
            .pointer(ptr)
            .unwrap_or_else(|| panic!("no node at {ptr}"))
    }

    fn deref<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        while let Some(target) = node.get("$ref").and_then(Value::as_str) {
            node = self.node(target.trim_start_matches('#'));
        }
        node
    }

    /// A whole webhook request for `event_type`, delivered at `timestamp`
    /// (RFC 3339 with milliseconds).
    pub fn body(&self, event_type: &str, mode: Mode, timestamp: &str) -> Value {
        let at = plain_sdk::time::parse_rfc3339(timestamp).expect("an RFC 3339 timestamp");
        let delivery = WebhookDelivery::sample_with(event_type, mode, at)
            .unwrap_or_else(|e| panic!("{event_type}: {e}"));
        let body: Value = serde_json::from_slice(delivery.body()).expect("JSON");
        assert_eq!(body["timestamp"], timestamp, "the timestamp round-trips");
        body
    }

    /// Checks `value` against `node`: types, const, enum, required, lengths,
    /// minimums, items, anyOf and allOf. Patterns and formats other than
    /// date-time are not checked.
    pub fn check(&self, node: &Value, value: &Value, path: &str) -> Result<(), String> {
        let node = self.deref(node);
        let fail = |what: String| Err(format!("{path}: {what}"));
        if let Some(c) = node.get("const") {
            if c != value {
                return fail(format!("{value} is not the const {c}"));
            }
        }
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            if !values.contains(value) {
                return fail(format!("{value} is not in the enum"));
            }
        }
        if let Some(members) = node.get("anyOf").and_then(Value::as_array) {
            let errors: Vec<String> = members
                .iter()
                .filter_map(|m| self.check(m, value, path).err())
                .collect();
            if errors.len() == members.len() {
                return fail(format!("matches no member of anyOf: {errors:?}"));
            }
        }
        if let Some(all) = node.get("allOf").and_then(Value::as_array) {
            for m in all {
                self.check(m, value, path)?;
            }
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if !types.is_empty() && !types.iter().any(|t| is_type(value, t)) {
            return fail(format!("{value} is not of type {types:?}"));
        }
        match value {
            Value::String(s) => {
                let len = s.chars().count() as u64;
                if let Some(min) = node.get("minLength").and_then(Value::as_u64) {
                    if len < min {
                        return fail(format!("shorter than {min}"));
                    }
                }
                if let Some(max) = node.get("maxLength").and_then(Value::as_u64) {
                    if len > max {
                        return fail(format!("longer than {max}"));
                    }
                }
                if node.get("format") == Some(&json!("date-time")) && !looks_like_date_time(s) {
                    return fail(format!("{s:?} is not a date-time"));
                }
            }
            Value::Number(n) => {
                let n = n.as_f64().unwrap_or(f64::NAN);
                if let Some(min) = node.get("minimum").and_then(Value::as_f64) {
                    if n < min {
                        return fail(format!("below {min}"));
                    }
                }
                if let Some(min) = node.get("exclusiveMinimum").and_then(Value::as_f64) {
                    if n <= min {
                        return fail(format!("not above {min}"));
                    }
                }
            }
            Value::Array(items) => {
                if let Some(min) = node.get("minItems").and_then(Value::as_u64) {
                    if (items.len() as u64) < min {
                        return fail(format!("fewer than {min} items"));
                    }
                }
                if let Some(item_schema) = node.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &format!("{path}[{i}]"))?;
                    }
                }
            }
            Value::Object(map) => {
                if let Some(required) = node.get("required").and_then(Value::as_array) {
                    for r in required.iter().filter_map(Value::as_str) {
                        if !map.contains_key(r) {
                            return fail(format!("missing required `{r}`"));
                        }
                    }
                }
                if let Some(props) = node.get("properties").and_then(Value::as_object) {
                    for (name, prop) in props {
                        if let Some(v) = map.get(name) {
                            self.check(prop, v, &format!("{path}.{name}"))?;
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks a whole webhook request against the root.
    pub fn check_body(&self, body: &Value) -> Result<(), String> {
        self.check(&self.root, body, "")
    }
}

fn is_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn looks_like_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':'
}
