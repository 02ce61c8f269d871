//! Decoding for the generated payload types: from a `serde_json::Value`,
//! with the JSON path of the first problem.
//!
//! The generated types decode through [`FromJson`], written by the generator
//! for each type, rather than through serde's derive: the body is read into a
//! `Value` once, and each type's decoder is one plain (not generic) function
//! that names the path of anything wrong. This keeps the crate's build time
//! down (serde's derives with a path tracker instantiate every decoder for
//! every kind of deserializer) and makes paths exact, also inside unions,
//! which have to see a whole object before choosing a type anyway.
//! The types still implement `serde::Deserialize` (through a `Value`), for
//! users who decode them from elsewhere.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A decoding error with the JSON path where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathError {
    /// Path such as `payload.thread.createdBy.userId` or
    /// `components[2].type`; empty for the top level.
    pub(crate) path: String,
    /// What went wrong.
    pub(crate) message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

/// Where a value sits in the JSON (the crate's one path type).
pub(crate) use crate::path::At;

/// What decoding reports at a location.
impl At<'_> {
    /// An error here.
    pub(crate) fn error(&self, message: impl Into<String>) -> PathError {
        PathError {
            path: self.render(),
            message: message.into(),
        }
    }

    /// "invalid type: …, expected `expected`" here.
    pub(crate) fn invalid_type(&self, value: &Value, expected: &str) -> PathError {
        self.error(format!(
            "invalid type: {}, expected {expected}",
            describe(value)
        ))
    }
}

/// How serde would describe a value in an error.
fn describe(value: &Value) -> String {
    fn shorten(s: &str) -> String {
        let mut out: String = s.chars().take(40).collect();
        if out.len() < s.len() {
            out.push('…');
        }
        out
    }
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {:?}", shorten(s)),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
    }
}

/// A type the generator writes a decoder for (and the primitives they use).
pub(crate) trait FromJson: Sized {
    /// Decodes `value`, found at `at`.
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError>;
}

impl FromJson for String {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(at.invalid_type(&other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(at.invalid_type(&other, "a boolean")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        match value.as_f64() {
            Some(n) => Ok(n),
            None => Err(at.invalid_type(&value, "a number")),
        }
    }
}

impl FromJson for u64 {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        match (&value, value.as_u64()) {
            (_, Some(n)) => Ok(n),
            (Value::Number(n), None) => Err(at.error(format!(
                "invalid value: {n}, expected a non-negative integer"
            ))),
            (other, None) => Err(at.invalid_type(other, "a non-negative integer")),
        }
    }
}

impl FromJson for i64 {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        match (&value, value.as_i64()) {
            (_, Some(n)) => Ok(n),
            (Value::Number(n), None) => {
                Err(at.error(format!("invalid value: {n}, expected an integer")))
            }
            (other, None) => Err(at.invalid_type(other, "an integer")),
        }
    }
}

impl FromJson for Value {
    fn from_json(value: Value, _at: &At<'_>) -> Result<Self, PathError> {
        Ok(value)
    }
}

impl FromJson for Map<String, Value> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        object(value, at)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other, at).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, PathError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item, &at.index(i)))
                .collect(),
            other => Err(at.invalid_type(&other, "an array")),
        }
    }
}

/// The members of an object.
pub(crate) fn object(value: Value, at: &At<'_>) -> Result<Map<String, Value>, PathError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(at.invalid_type(&other, "an object")),
    }
}

/// A member that must be there (it may still be `null` if `T` is an `Option`).
pub(crate) fn required<T: FromJson>(
    object: &mut Map<String, Value>,
    key: &'static str,
    at: &At<'_>,
) -> Result<T, PathError> {
    let here = at.key(key);
    match object.remove(key) {
        Some(value) => T::from_json(value, &here),
        None => Err(here.error("missing")),
    }
}

/// A member that may be missing or `null`.
pub(crate) fn optional<T: FromJson>(
    object: &mut Map<String, Value>,
    key: &'static str,
    at: &At<'_>,
) -> Result<Option<T>, PathError> {
    match object.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::from_json(value, &at.key(key)).map(Some),
    }
}

/// A member that takes its type's default (empty, `false`) when missing.
pub(crate) fn or_default<T: FromJson + Default>(
    object: &mut Map<String, Value>,
    key: &'static str,
    at: &At<'_>,
) -> Result<T, PathError> {
    match object.remove(key) {
        None => Ok(T::default()),
        Some(value) => T::from_json(value, &at.key(key)),
    }
}

/// The string tag `key` of a union's object.
pub(crate) fn tag(
    object: &Map<String, Value>,
    key: &'static str,
    at: &At<'_>,
) -> Result<String, PathError> {
    match object.get(key) {
        Some(Value::String(tag)) => Ok(tag.clone()),
        Some(other) => Err(at.key(key).invalid_type(other, "a string")),
        None => Err(at.key(key).error("missing")),
    }
}

/// A string that an enum decodes from.
pub(crate) fn string(value: Value, at: &At<'_>) -> Result<String, PathError> {
    String::from_json(value, at)
}

/// The error for a value that matches no member of the untagged union `name`.
pub(crate) fn no_member(name: &str, first_error: Option<PathError>, at: &At<'_>) -> PathError {
    match first_error {
        Some(first) => PathError {
            path: first.path,
            message: format!(
                "matches no member of {name}; the first member fails: {}",
                first.message
            ),
        },
        None => at.error(format!("matches no member of {name}")),
    }
}

/// `serde::Deserialize` for a generated type: through a `Value`.
pub(crate) fn via_json<'de, D: Deserializer<'de>, T: FromJson>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    T::from_json(value, &At::ROOT).map_err(de::Error::custom)
}

/// Decodes `T` from JSON bytes with serde, with the path of the first error
/// (for the hand-written types: customer cards).
pub(crate) fn from_slice<'a, T: Deserialize<'a>>(json: &'a [u8]) -> Result<T, PathError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        PathError {
            path: if path == "." { String::new() } else { path },
            message: e.into_inner().to_string(),
        }
    })?;
    de.end().map_err(|e| PathError {
        path: String::new(),
        message: e.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_render_like_json_paths() {
        let root = At::ROOT;
        let payload = root.key("payload");
        let items = payload.key("items");
        let second = items.index(1);
        let name = second.key("name");
        assert_eq!(root.render(), "");
        assert_eq!(name.render(), "payload.items[1].name");
        assert_eq!(root.index(0).key("a").render(), "[0].a");
    }

    #[test]
    fn primitives_name_what_they_expected() {
        let at = At::ROOT;
        let here = at.key("n");
        assert_eq!(
            u64::from_json(json!(-1), &here).unwrap_err().message,
            "invalid value: -1, expected a non-negative integer"
        );
        assert_eq!(
            String::from_json(json!(5), &here).unwrap_err().to_string(),
            "at n: invalid type: integer `5`, expected a string"
        );
        assert_eq!(
            Vec::<bool>::from_json(json!([true, "x"]), &here)
                .unwrap_err()
                .path,
            "n[1]"
        );
        assert_eq!(Option::<bool>::from_json(json!(null), &here), Ok(None));
        assert_eq!(f64::from_json(json!(2), &here), Ok(2.0));
    }

    #[test]
    fn members_may_be_required_optional_or_defaulted() {
        let at = At::ROOT;
        let mut object = object(json!({"a": "x", "n": null}), &at).unwrap();
        assert_eq!(
            required::<String>(&mut object, "a", &at),
            Ok("x".to_owned())
        );
        assert_eq!(required::<Option<String>>(&mut object, "n", &at), Ok(None));
        assert_eq!(
            required::<String>(&mut object, "b", &at)
                .unwrap_err()
                .to_string(),
            "at b: missing"
        );
        assert_eq!(optional::<String>(&mut object, "b", &at), Ok(None));
        assert_eq!(or_default::<Vec<String>>(&mut object, "b", &at), Ok(vec![]));
    }
}
