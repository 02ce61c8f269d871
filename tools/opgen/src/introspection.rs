//! A schema's SDL from the answer to an introspection query, for endpoints
//! that publish no SDL file: `plain-opgen check` compares it with the
//! schema the crate was built from.

use std::fmt::Write as _;

use serde_json::Value;

/// The introspection query: every type with its fields, arguments, input
/// fields and enum values (deprecated ones included), interfaces, members
/// and defaults, and type references seven levels deep (`[[X!]!]!` needs six).
pub const QUERY: &str = "query PlainOpgenIntrospection { __schema { \
queryType { name } mutationType { name } subscriptionType { name } \
types { kind name description \
fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason } \
inputFields(includeDeprecated: true) { ...InputValue } interfaces { ...TypeRef } \
enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } \
possibleTypes { ...TypeRef } } \
directives { name description locations args { ...InputValue } } } } \
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason } \
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name \
ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";

const BUILT_IN_SCALARS: &[&str] = &["String", "Int", "Float", "Boolean", "ID"];
const BUILT_IN_DIRECTIVES: &[&str] = &[
    "skip",
    "include",
    "deprecated",
    "specifiedBy",
    "oneOf",
    "defer",
    "stream",
];

/// The SDL of the schema an introspection answer describes. `answer` is the
/// whole response (`{"data": {"__schema": …}}`) or its `__schema` object.
pub fn to_sdl(answer: &Value) -> Result<String, String> {
    let schema = answer
        .pointer("/data/__schema")
        .or_else(|| answer.get("__schema"))
        .ok_or("the answer has no `data.__schema`: not an introspection result")?;
    let types = schema
        .get("types")
        .and_then(Value::as_array)
        .ok_or("`__schema.types` is missing")?;
    let mut out = String::new();

    let root = |key: &str| {
        schema
            .get(key)
            .and_then(|t| t.get("name"))
            .and_then(Value::as_str)
    };
    let roots = [
        ("query", root("queryType"), "Query"),
        ("mutation", root("mutationType"), "Mutation"),
        ("subscription", root("subscriptionType"), "Subscription"),
    ];
    if roots
        .iter()
        .any(|(_, name, default)| name.is_some_and(|n| n != *default))
    {
        out.push_str("schema {\n");
        for (operation, name, _) in roots {
            if let Some(name) = name {
                let _ = writeln!(out, "  {operation}: {name}");
            }
        }
        out.push_str("}\n\n");
    }

    for directive in schema
        .get("directives")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = str_field(directive, "name")?;
        if BUILT_IN_DIRECTIVES.contains(&name) {
            continue;
        }
        description(&mut out, directive, "");
        let locations: Vec<&str> = directive
            .get("locations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let _ = writeln!(
            out,
            "directive @{name}{} on {}\n",
            arguments(directive)?,
            locations.join(" | ")
        );
    }

    for ty in types {
        let name = str_field(ty, "name")?;
        if name.starts_with("__") || BUILT_IN_SCALARS.contains(&name) {
            continue;
        }
        description(&mut out, ty, "");
        match str_field(ty, "kind")? {
            "SCALAR" => {
                let _ = writeln!(out, "scalar {name}");
            }
            kind @ ("OBJECT" | "INTERFACE") => {
                let keyword = if kind == "OBJECT" {
                    "type"
                } else {
                    "interface"
                };
                let interfaces = names(ty, "interfaces")?;
                let implements = if interfaces.is_empty() {
                    String::new()
                } else {
                    format!(" implements {}", interfaces.join(" & "))
                };
                let _ = writeln!(out, "{keyword} {name}{implements} {{");
                for field in list(ty, "fields") {
                    description(&mut out, field, "  ");
                    let _ = writeln!(
                        out,
                        "  {}{}: {}{}",
                        str_field(field, "name")?,
                        arguments(field)?,
                        type_ref(field.get("type"))?,
                        deprecation(field)
                    );
                }
                out.push_str("}\n");
            }
            "UNION" => {
                let _ = writeln!(
                    out,
                    "union {name} = {}",
                    names(ty, "possibleTypes")?.join(" | ")
                );
            }
            "ENUM" => {
                let _ = writeln!(out, "enum {name} {{");
                for value in list(ty, "enumValues") {
                    description(&mut out, value, "  ");
                    let _ = writeln!(out, "  {}{}", str_field(value, "name")?, deprecation(value));
                }
                out.push_str("}\n");
            }
            "INPUT_OBJECT" => {
                let one_of = ty.get("isOneOf").and_then(Value::as_bool) == Some(true);
                let _ = writeln!(
                    out,
                    "input {name}{} {{",
                    if one_of { " @oneOf" } else { "" }
                );
                for field in list(ty, "inputFields") {
                    description(&mut out, field, "  ");
                    let _ = writeln!(out, "  {}", input_value(field)?);
                }
                out.push_str("}\n");
            }
            other => return Err(format!("type {name} has an unknown kind {other}")),
        }
        out.push('\n');
    }
    Ok(out)
}

fn str_field<'a>(value: &'a Value, key: &str) -> Result<&'a str, String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("an introspection entry lacks `{key}`: {}", short(value)))
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn list<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn names<'a>(value: &'a Value, key: &str) -> Result<Vec<&'a str>, String> {
    list(value, key).map(|v| str_field(v, "name")).collect()
}

fn description(out: &mut String, value: &Value, indent: &str) {
    if let Some(text) = value.get("description").and_then(Value::as_str) {
        if !text.is_empty() {
            let escaped = text.replace("\"\"\"", "\\\"\"\"");
            let _ = writeln!(out, "{indent}\"\"\"\n{indent}{escaped}\n{indent}\"\"\"");
        }
    }
}

fn deprecation(value: &Value) -> String {
    if value.get("isDeprecated").and_then(Value::as_bool) != Some(true) {
        return String::new();
    }
    match value.get("deprecationReason").and_then(Value::as_str) {
        Some(reason) => format!(
            " @deprecated(reason: {})",
            serde_json::to_string(reason).unwrap_or_default()
        ),
        None => " @deprecated".to_string(),
    }
}

fn arguments(value: &Value) -> Result<String, String> {
    let args: Vec<String> = list(value, "args")
        .map(input_value)
        .collect::<Result<_, _>>()?;
    Ok(if args.is_empty() {
        String::new()
    } else {
        format!("({})", args.join(", "))
    })
}

fn input_value(value: &Value) -> Result<String, String> {
    let mut text = format!(
        "{}: {}",
        str_field(value, "name")?,
        type_ref(value.get("type"))?
    );
    if let Some(default) = value.get("defaultValue").and_then(Value::as_str) {
        let _ = write!(text, " = {default}");
    }
    text.push_str(&deprecation(value));
    Ok(text)
}

/// `[X!]!` from `{kind: NON_NULL, ofType: {kind: LIST, ofType: …}}`.
fn type_ref(value: Option<&Value>) -> Result<String, String> {
    let value = value.ok_or("a field or argument lacks its type")?;
    match str_field(value, "kind")? {
        "NON_NULL" => Ok(format!("{}!", type_ref(value.get("ofType"))?)),
        "LIST" => Ok(format!("[{}]", type_ref(value.get("ofType"))?)),
        _ => Ok(str_field(value, "name")?.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn named(kind: &str, name: &str) -> Value {
        json!({ "kind": kind, "name": name, "ofType": null })
    }

    fn non_null(inner: Value) -> Value {
        json!({ "kind": "NON_NULL", "name": null, "ofType": inner })
    }

    #[test]
    fn an_introspection_answer_becomes_sdl() {
        let answer = json!({ "data": { "__schema": {
            "queryType": { "name": "Query" }, "mutationType": null, "subscriptionType": null,
            "directives": [{ "name": "deprecated", "locations": ["FIELD_DEFINITION"], "args": [] }],
            "types": [
                { "kind": "SCALAR", "name": "String" },
                { "kind": "OBJECT", "name": "__Type", "fields": [] },
                { "kind": "OBJECT", "name": "Query", "description": "The root.", "interfaces": [], "fields": [
                    { "name": "things", "args": [
                        { "name": "first", "type": non_null(named("SCALAR", "Int")), "defaultValue": "25" }
                    ], "type": non_null(json!({ "kind": "LIST", "name": null, "ofType": non_null(named("OBJECT", "Thing")) })),
                      "isDeprecated": false },
                    { "name": "old", "args": [], "type": named("SCALAR", "String"),
                      "isDeprecated": true, "deprecationReason": "Use things." }
                ]},
                { "kind": "OBJECT", "name": "Thing", "interfaces": [named("INTERFACE", "Node")], "fields": [
                    { "name": "id", "args": [], "type": non_null(named("SCALAR", "ID")), "isDeprecated": false },
                    { "name": "kind", "args": [], "type": named("ENUM", "Kind"), "isDeprecated": false }
                ]},
                { "kind": "INTERFACE", "name": "Node", "interfaces": [], "fields": [
                    { "name": "id", "args": [], "type": non_null(named("SCALAR", "ID")), "isDeprecated": false }
                ]},
                { "kind": "ENUM", "name": "Kind", "enumValues": [
                    { "name": "A", "isDeprecated": false },
                    { "name": "B", "isDeprecated": true, "deprecationReason": null }
                ]},
                { "kind": "UNION", "name": "Any", "possibleTypes": [named("OBJECT", "Thing")] },
                { "kind": "INPUT_OBJECT", "name": "Lookup", "isOneOf": true, "inputFields": [
                    { "name": "id", "type": named("SCALAR", "ID"), "defaultValue": null }
                ]},
                { "kind": "SCALAR", "name": "JSON", "description": "Any JSON." }
            ]
        }}});
        let sdl = to_sdl(&answer).unwrap();
        let expected = r#""""
The root.
"""
type Query {
  things(first: Int! = 25): [Thing!]!
  old: String @deprecated(reason: "Use things.")
}

type Thing implements Node {
  id: ID!
  kind: Kind
}

interface Node {
  id: ID!
}

enum Kind {
  A
  B @deprecated
}

union Any = Thing

input Lookup @oneOf {
  id: ID
}

"""
Any JSON.
"""
scalar JSON

"#;
        assert_eq!(sdl, expected);
        let prepared = plain_sdk_codegen::sdl::prepared(&sdl).into_owned();
        apollo_compiler::Schema::parse_and_validate(prepared, "introspected.graphql")
            .expect("valid SDL");
    }

    #[test]
    fn what_is_not_an_introspection_answer_says_so() {
        for (answer, expected) in [
            (json!({ "data": null }), "not an introspection result"),
            (json!({ "__schema": {} }), "`__schema.types` is missing"),
            (
                json!({ "__schema": { "types": [{ "kind": "OBJECT" }] } }),
                "lacks `name`",
            ),
            (
                json!({ "__schema": { "types": [{ "kind": "BLOB", "name": "X" }] } }),
                "unknown kind BLOB",
            ),
        ] {
            let err = to_sdl(&answer).unwrap_err();
            assert!(err.contains(expected), "{err}");
        }
    }
}
