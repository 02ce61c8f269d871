//! Decoding helpers that the generated payload types call: string enums with
//! a fallback, unions told apart by a tag, and error paths that survive the
//! buffering a union needs.
//!
//! A union has to see a whole object before it knows which type to decode it
//! as, so it buffers the object as a `serde_json::Value` and decodes that with
//! a second, inner path tracker. The inner path travels to the outer level
//! inside the error message, between two [`MARK`] characters, and is joined to
//! the outer path when the error leaves the crate as a [`PathError`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, Visitor};
use serde_json::{Map, Value};

/// Separates an inner path from the message in an error passed up through serde.
const MARK: char = '\u{1f}';

/// A decoding error with the JSON path where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathError {
    /// Path such as `thread.createdBy.userId` or `components[2].type`; empty
    /// for the top level.
    pub(crate) path: String,
    /// What went wrong.
    pub(crate) message: String,
}

impl PathError {
    fn from_tracked(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let outer = e.path().to_string();
        let outer = if outer == "." { String::new() } else { outer };
        let inner = e.into_inner();
        let mut message = inner.to_string();
        // A data error's line and column are relative to the text the
        // decoder was given (the payload, not the body): the path says where.
        if inner.is_data() && inner.line() > 0 {
            let position = format!(" at line {} column {}", inner.line(), inner.column());
            if let Some(stripped) = message.strip_suffix(&position) {
                message = stripped.to_owned();
            }
        }
        match unmark(&message) {
            Some((inner, rest)) => PathError {
                path: join(&outer, inner),
                message: rest.to_owned(),
            },
            None => PathError {
                path: outer,
                message,
            },
        }
    }

    /// The error as a message that an outer level will split again.
    fn marked(&self) -> String {
        format!("{MARK}{}{MARK}{}", self.path, self.message)
    }

    /// The same error below `prefix` (such as `payload`).
    pub(crate) fn under(self, prefix: &str) -> Self {
        PathError {
            path: join(prefix, &self.path),
            message: self.message,
        }
    }
}

fn unmark(message: &str) -> Option<(&str, &str)> {
    message.strip_prefix(MARK)?.split_once(MARK)
}

/// Joins two paths: `a` + `b` → `a.b`, `a` + `[0]` → `a[0]`.
pub(crate) fn join(outer: &str, inner: &str) -> String {
    if outer.is_empty() {
        inner.to_owned()
    } else if inner.is_empty() {
        outer.to_owned()
    } else if inner.starts_with('[') {
        format!("{outer}{inner}")
    } else {
        format!("{outer}.{inner}")
    }
}

/// Decodes `T` from JSON text, with the path of the first error.
///
/// The text is read into a `Value` first, so that the generated types are
/// decoded from one kind of deserializer only, here and inside unions
/// (which must buffer anyway): each type's decoder is compiled once rather
/// than once per source, which keeps the crate's build time down.
pub(crate) fn from_str<T: DeserializeOwned>(json: &str) -> Result<T, PathError> {
    let value: Value = serde_json::from_str(json).map_err(|e| PathError {
        path: String::new(),
        message: e.to_string(),
    })?;
    from_value(value)
}

/// Decodes `T` from a `Value`, with the path of the first error.
fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, PathError> {
    serde_path_to_error::deserialize(value).map_err(PathError::from_tracked)
}

/// Decodes `T` from JSON bytes, with the path of the first error.
pub(crate) fn from_slice<'a, T: Deserialize<'a>>(json: &'a [u8]) -> Result<T, PathError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(PathError::from_tracked)?;
    de.end().map_err(|e| PathError {
        path: String::new(),
        message: e.to_string(),
    })?;
    Ok(value)
}

// ---------------------------------------------------------------------------
// String enums
// ---------------------------------------------------------------------------

/// A generated string enum with an `Other(String)` fallback.
pub(crate) trait WireEnum: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The known variant for `value`, if any.
    fn from_wire(value: &str) -> Option<Self>;
    /// The fallback for a value the SDK does not know.
    fn other(value: String) -> Self;
}

/// Decodes a string enum; an unknown value becomes `Other` (no allocation
/// for known values).
pub(crate) fn wire_enum<'de, D: Deserializer<'de>, T: WireEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct EnumVisitor<T>(PhantomData<T>);

    impl<T: WireEnum> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} string", T::NAME)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from_wire(value).unwrap_or_else(|| T::other(value.to_owned())))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(match T::from_wire(&value) {
                Some(known) => known,
                None => T::other(value),
            })
        }
    }

    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

// ---------------------------------------------------------------------------
// Unions
// ---------------------------------------------------------------------------

/// Buffers an object and reads its string tag `key`.
pub(crate) fn tagged_object<'de, D: Deserializer<'de>>(
    deserializer: D,
    key: &'static str,
) -> Result<(String, Map<String, Value>), D::Error> {
    let object = Map::<String, Value>::deserialize(deserializer)?;
    let tag = match object.get(key) {
        Some(Value::String(tag)) => tag.clone(),
        Some(other) => {
            let error = PathError {
                path: key.to_owned(),
                message: format!("invalid type: {}, expected a string", json_kind(other)),
            };
            return Err(de::Error::custom(error.marked()));
        }
        None => return Err(de::Error::missing_field(key)),
    };
    Ok((tag, object))
}

/// Decodes a union member from its buffered object.
pub(crate) fn variant<T: DeserializeOwned, E: de::Error>(
    object: Map<String, Value>,
) -> Result<T, E> {
    from_value(Value::Object(object)).map_err(|e| E::custom(e.marked()))
}

/// Tries to decode a member of an untagged union; the error is marked.
pub(crate) fn attempt<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    from_value(value.clone()).map_err(|e| e.marked())
}

/// The error for a value that matches no member of the untagged union `name`.
pub(crate) fn no_member<E: de::Error>(name: &str, first_error: Option<String>) -> E {
    match first_error.as_deref().and_then(unmark) {
        Some((path, message)) => E::custom(
            PathError {
                path: path.to_owned(),
                message: format!("matches no member of {name}; the first member fails: {message}"),
            }
            .marked(),
        ),
        None => E::custom(format!("matches no member of {name}")),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_paths() {
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("a", ""), "a");
        assert_eq!(join("a", "b.c"), "a.b.c");
        assert_eq!(join("a", "[0].b"), "a[0].b");
    }

    #[test]
    fn marked_messages_round_trip() {
        let e = PathError {
            path: "a[1]".into(),
            message: "bad".into(),
        };
        assert_eq!(unmark(&e.marked()), Some(("a[1]", "bad")));
        assert_eq!(unmark("plain message"), None);
    }
}
