//! Webhook bodies built from Plain's webhook JSON Schema, and a checker for
//! the part of JSON Schema the file uses.
//!
//! `Schema::body(event_type, mode, timestamp)` walks the schema from the
//! root and writes an instance: every `const`, one `enum` value, one member
//! of each `anyOf`, strings shaped by their `format`/`pattern`/length. In
//! `Mode::Minimal` only required properties are written and nullable values
//! are `null`; in `Mode::Full` every property is written and successive
//! unions and enums take successive members, so the fixtures of all event
//! types together reach most variants.

#![allow(dead_code)]

use std::cell::Cell;
use std::path::PathBuf;

use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Minimal,
    Full,
}

pub struct Schema {
    root: Value,
    turn: Cell<usize>,
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
            turn: Cell::new(0),
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

    /// The pointer of the payload definition for `event_type`.
    pub fn payload_pointer(&self, event_type: &str) -> String {
        let members = self.root["properties"]["payload"]["anyOf"]
            .as_array()
            .expect("payload anyOf");
        for member in members {
            let ptr = member["$ref"]
                .as_str()
                .expect("$ref")
                .trim_start_matches('#');
            let node = self.node(ptr);
            let mut consts = vec![node["properties"]["eventType"]["const"].clone()];
            if let Some(any) = node["anyOf"].as_array() {
                consts.extend(
                    any.iter()
                        .map(|m| m["properties"]["eventType"]["const"].clone()),
                );
            }
            if consts.iter().any(|c| c.as_str() == Some(event_type)) {
                return ptr.to_owned();
            }
        }
        panic!("no payload for {event_type}");
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

    /// A whole webhook request for `event_type`, delivered at `timestamp`.
    pub fn body(&self, event_type: &str, mode: Mode, timestamp: &str) -> Value {
        self.turn.set(0);
        let payload = self.instance(
            self.node(&self.payload_pointer(event_type)),
            mode,
            timestamp,
        );
        let mut metadata = self.instance(
            self.node("/definitions/webhookMetadata"),
            Mode::Full,
            timestamp,
        );
        metadata["webhookDeliveryAttemptTimestamp"] = json!(timestamp);
        json!({
            "timestamp": timestamp,
            "workspaceId": id("w"),
            "payload": payload,
            "id": id("ev"),
            "type": event_type,
            "webhookMetadata": metadata,
        })
    }

    fn next_turn(&self) -> usize {
        let t = self.turn.get();
        self.turn.set(t + 1);
        t
    }

    /// An instance of `node`.
    pub fn instance(&self, node: &Value, mode: Mode, timestamp: &str) -> Value {
        let node = self.deref(node);
        if let Some(c) = node.get("const") {
            return c.clone();
        }
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            return match mode {
                Mode::Minimal => values[0].clone(),
                Mode::Full => values[self.next_turn() % values.len()].clone(),
            };
        }
        if let Some(members) = node.get("anyOf").and_then(Value::as_array) {
            let is_null = |m: &Value| self.deref(m).get("type") == Some(&json!("null"));
            let non_null: Vec<&Value> = members.iter().filter(|m| !is_null(m)).collect();
            if mode == Mode::Minimal && non_null.len() < members.len() {
                return Value::Null;
            }
            let pick = match mode {
                Mode::Minimal => 0,
                Mode::Full => self.next_turn() % non_null.len(),
            };
            return self.instance(non_null[pick], mode, timestamp);
        }
        if let Some(all) = node.get("allOf").and_then(Value::as_array) {
            // Plain stacks string constraints: the pattern carries the shape.
            let pattern = all
                .iter()
                .filter_map(|m| self.deref(m).get("pattern").and_then(Value::as_str))
                .next()
                .unwrap_or("");
            return json!(string_for(pattern, None, None, None, timestamp));
        }
        let ty = match node.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(types)) => {
                if mode == Mode::Minimal && types.contains(&json!("null")) {
                    return Value::Null;
                }
                types
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|t| *t != "null")
                    .unwrap_or("null")
            }
            _ => return json!({}),
        };
        match ty {
            "string" => json!(string_for(
                node.get("pattern").and_then(Value::as_str).unwrap_or(""),
                node.get("format").and_then(Value::as_str),
                node.get("minLength").and_then(Value::as_u64),
                node.get("maxLength").and_then(Value::as_u64),
                timestamp,
            )),
            "number" => json!(2),
            "integer" => {
                let min = node.get("minimum").and_then(Value::as_i64).unwrap_or(1);
                let exclusive = node
                    .get("exclusiveMinimum")
                    .and_then(Value::as_i64)
                    .map_or(min, |m| m + 1);
                json!(min.max(exclusive).max(1))
            }
            "boolean" => json!(true),
            "null" => Value::Null,
            "array" => {
                let min = node.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let count = match mode {
                    Mode::Minimal => min,
                    Mode::Full => min.max(1),
                };
                let items = node.get("items").cloned().unwrap_or(json!({}));
                Value::Array(
                    (0..count)
                        .map(|_| self.instance(&items, mode, timestamp))
                        .collect(),
                )
            }
            "object" => {
                let required: Vec<&str> = node
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut out = Map::new();
                if let Some(props) = node.get("properties").and_then(Value::as_object) {
                    for (name, prop) in props {
                        if mode == Mode::Minimal && !required.contains(&name.as_str()) {
                            continue;
                        }
                        out.insert(name.clone(), self.instance(prop, mode, timestamp));
                    }
                }
                Value::Object(out)
            }
            other => panic!("type {other}"),
        }
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

/// An id in Plain's shape: a prefix, `_`, 26 Crockford base-32 characters.
pub fn id(prefix: &str) -> String {
    format!("{prefix}_01JS7F3Q2K8V6W4X9Y5Z0ABCDE")
}

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
        return id("id");
    }
    if pattern.contains('@') {
        return "ada@example.com".to_owned();
    }
    if pattern.starts_with("^#") {
        return "#1a2b3c".to_owned();
    }
    let mut s = String::from("sample text");
    if let Some(max) = max {
        s.truncate(max as usize);
    }
    while (s.len() as u64) < min.unwrap_or(0) {
        s.push('x');
    }
    s
}
