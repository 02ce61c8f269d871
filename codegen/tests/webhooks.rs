//! The webhook generator on a small JSON Schema of our own
//! (`tests/fixture/webhooks/webhook-schema.json`): the shapes Plain's file
//! has (tagged unions with an `UNKNOWN` member, untagged and nullable unions,
//! string enums, defaults, `allOf` of strings, a property named like a
//! keyword, inline objects) in a few types, with the generated Rust pinned by
//! snapshots. Runs with no copy of Plain's schema anywhere.

use std::path::Path;

use plain_sdk_codegen::webhooks::generate;

fn fixture() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture/webhooks/webhook-schema.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The generated Rust, formatted for reading.
fn pretty(text: &str) -> String {
    let file: syn::File = syn::parse_str(text).unwrap_or_else(|e| panic!("not Rust: {e}"));
    prettyplease::unparse(&file)
}

#[test]
fn payload_types() {
    let output = generate(&fixture()).unwrap_or_else(|e| panic!("the fixture generates: {e}"));
    insta::assert_snapshot!(pretty(&output.payloads));
}

#[test]
fn the_event_enum() {
    let output = generate(&fixture()).unwrap_or_else(|e| panic!("the fixture generates: {e}"));
    insta::assert_snapshot!(pretty(&output.events));
}

/// A change to the fixture, as `(JSON pointer of an object, key, new value)`.
fn with(edit: &[(&str, &str, serde_json::Value)]) -> String {
    let mut schema: serde_json::Value = serde_json::from_str(&fixture()).unwrap();
    for (pointer, key, value) in edit {
        let object = schema
            .pointer_mut(pointer)
            .and_then(serde_json::Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {pointer}"));
        object.insert(key.to_string(), value.clone());
    }
    schema.to_string()
}

/// Input the generator cannot turn into Rust is one message naming where
/// in the schema and what to do, never a panic or code that does not build.
#[test]
fn what_the_generator_does_not_handle_is_a_clear_error() {
    use serde_json::json;
    let cases: Vec<(&str, String, &str)> = vec![
        ("not JSON", "{ nope".to_string(), "not JSON"),
        (
            "an unknown keyword",
            with(&[(
                "/definitions/ticket",
                "patternProperties",
                json!({ "^x-": {} }),
            )]),
            "`#/definitions/ticket` uses `patternProperties`",
        ),
        (
            "a type name Rust refuses",
            with(&[
                (
                    "/definitions/ticketOpened/properties",
                    "ticket",
                    json!({ "$ref": "#/definitions/self" }),
                ),
                (
                    "/definitions",
                    "self",
                    json!({ "type": "object", "properties": { "a": { "type": "string" } } }),
                ),
            ]),
            "`#/definitions/self` would be named `Self`, which is not a Rust identifier",
        ),
        (
            "an event type without a payload",
            with(&[(
                "/properties/type",
                "enum",
                json!([
                    "ticket.opened",
                    "ticket.closed",
                    "note.added",
                    "note.deleted"
                ]),
            )]),
            "event type `note.deleted` has no payload",
        ),
        (
            "a $ref out of the file",
            with(&[(
                "/definitions/ticket/properties/id",
                "$ref",
                json!("other.json#/definitions/id"),
            )]),
            "leaves the file",
        ),
        (
            "two properties that become one field",
            with(&[(
                "/definitions/ticket/properties",
                "closed_at",
                json!({ "type": "string" }),
            )]),
            "both become field `closed_at`",
        ),
    ];
    for (what, schema, expected) in cases {
        match generate(&schema) {
            Ok(_) => panic!("{what}: generated"),
            Err(e) => assert!(e.contains(expected), "{what}: {e}"),
        }
    }
}
