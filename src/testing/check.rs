//! Whether Plain would accept a request, decided as Plain decides it: the
//! API key, the body's shape, GraphQL validation of the document against the
//! schema (all of the specification's rules), and coercion of the variables
//! against the operation's variable definitions. Pure functions of the
//! request; a refusal carries the status and GraphQL errors Plain sends,
//! worded as Plain (graphql-js) words them.

use apollo_compiler::ast::{OperationType, Type};
use apollo_compiler::executable::{ExecutableDocument, Operation};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use serde_json::{json, Map, Value};

use super::schema::PlainSchema;

/// Plain stops coercing variables after this many errors, as graphql-js does.
const MAX_VARIABLE_ERRORS: usize = 50;

/// A request Plain would run.
#[derive(Debug)]
pub(crate) struct Accepted {
    pub(crate) document: Valid<ExecutableDocument>,
    /// The name of the operation that runs (`operationName`, or the
    /// document's only operation's own name).
    pub(crate) operation_name: Option<String>,
    pub(crate) variables: Map<String, Value>,
}

impl Accepted {
    /// The operation that runs.
    pub(crate) fn operation(&self) -> Option<&Operation> {
        self.document
            .operations
            .get(self.operation_name.as_deref())
            .ok()
            .map(|op| &**op)
    }
}

/// A request Plain would refuse: the HTTP status and the GraphQL errors.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) errors: Vec<Value>,
}

impl Refusal {
    fn new(status: u16, code: &str, messages: impl IntoIterator<Item = String>) -> Refusal {
        Refusal {
            status,
            errors: messages
                .into_iter()
                .map(|message| json!({ "message": message, "extensions": { "code": code } }))
                .collect(),
        }
    }

    /// The messages, in order.
    pub(crate) fn messages(&self) -> Vec<String> {
        self.errors
            .iter()
            .filter_map(|e| e["message"].as_str().map(str::to_owned))
            .collect()
    }
}

/// Checks the `Authorization` header against the one key the mock accepts.
pub(crate) fn check_authorization(header: Option<&[u8]>, api_key: &str) -> Result<(), Refusal> {
    let expected = format!("Bearer {api_key}");
    match header {
        Some(value) if value == expected.as_bytes() => Ok(()),
        Some(_) => Err(Refusal::new(
            401,
            "UNAUTHENTICATED",
            ["Authentication failed: the API key is not valid".to_owned()],
        )),
        None => Err(Refusal::new(
            401,
            "UNAUTHENTICATED",
            ["Authentication required: send Authorization: Bearer <API key>".to_owned()],
        )),
    }
}

/// Reads, validates and coerces a GraphQL request body.
pub(crate) fn check_request(schema: &PlainSchema, body: &[u8]) -> Result<Accepted, Refusal> {
    let bad = |message: &str| Refusal::new(400, "BAD_REQUEST", [message.to_owned()]);
    let request: Value = serde_json::from_slice(body)
        .map_err(|e| bad(&format!("The request body is not valid JSON: {e}")))?;
    let Value::Object(mut request) = request else {
        return Err(bad("The request body must be a JSON object"));
    };
    let Some(Value::String(query)) = request.remove("query") else {
        return Err(bad("The request body must have a string \"query\""));
    };
    let operation_name = match request.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(_) => return Err(bad("\"operationName\" must be a string or null")),
    };
    let variables = match request.remove("variables") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(variables)) => variables,
        Some(_) => return Err(bad("\"variables\" must be an object or null")),
    };

    let document = ExecutableDocument::parse_and_validate(&schema.schema, query, "request.graphql")
        .map_err(|invalid| {
            Refusal::new(
                400,
                "GRAPHQL_VALIDATION_FAILED",
                invalid
                    .errors
                    .iter()
                    .map(|d| d.unstable_to_json_compat().message),
            )
        })?;
    let operation = document
        .operations
        .get(operation_name.as_deref())
        .map_err(|e| Refusal::new(400, "BAD_REQUEST", [e.message().to_string()]))?;
    if operation.operation_type == OperationType::Subscription {
        return Err(bad("Subscriptions are not served over HTTP"));
    }
    let messages = coerce_variables(schema, operation, &variables);
    if !messages.is_empty() {
        return Err(Refusal::new(400, "BAD_USER_INPUT", messages));
    }
    let operation_name = operation.name.as_ref().map(|n| n.to_string());
    Ok(Accepted {
        document,
        operation_name,
        variables,
    })
}

/// Every way `provided` fails the operation's variable definitions, as
/// graphql-js reports them (`Variable "$input" got invalid value …`).
pub(crate) fn coerce_variables(
    schema: &PlainSchema,
    operation: &Operation,
    provided: &Map<String, Value>,
) -> Vec<String> {
    let mut errors = Vec::new();
    for definition in &operation.variables {
        let name = definition.name.as_str();
        let ty = &*definition.ty;
        match provided.get(name) {
            None if definition.default_value.is_none() && ty.is_non_null() => errors.push(format!(
                "Variable \"${name}\" of required type \"{ty}\" was not provided."
            )),
            None => {}
            Some(Value::Null) if ty.is_non_null() => errors.push(format!(
                "Variable \"${name}\" of non-null type \"{ty}\" must not be null."
            )),
            Some(value) => {
                let mut coercion = Coercion {
                    schema,
                    variable: name,
                    errors: &mut errors,
                };
                coercion.value(value, ty, &mut vec![name.to_owned()]);
            }
        }
        if errors.len() >= MAX_VARIABLE_ERRORS {
            errors.truncate(MAX_VARIABLE_ERRORS);
            errors.push(
                "Too many errors processing variables, error limit reached. Execution aborted."
                    .to_owned(),
            );
            break;
        }
    }
    errors
}

struct Coercion<'a> {
    schema: &'a PlainSchema,
    variable: &'a str,
    errors: &'a mut Vec<String>,
}

impl Coercion<'_> {
    fn fail(&mut self, path: &[String], value: &Value, reason: String) {
        if self.errors.len() >= MAX_VARIABLE_ERRORS {
            return;
        }
        // graphql-js names the place only below the variable itself.
        let at = if path.len() > 1 {
            format!(" at \"{}\"", path.concat())
        } else {
            String::new()
        };
        self.errors.push(format!(
            "Variable \"${}\" got invalid value {}{at}; {reason}",
            self.variable,
            inspect(value, 0)
        ));
    }

    fn value(&mut self, value: &Value, ty: &Type, path: &mut Vec<String>) {
        if value.is_null() {
            if ty.is_non_null() {
                self.fail(
                    path,
                    value,
                    format!("Expected non-nullable type \"{ty}\" not to be null."),
                );
            }
            return;
        }
        match ty {
            Type::List(item) | Type::NonNullList(item) => match value {
                Value::Array(items) => {
                    for (index, element) in items.iter().enumerate() {
                        path.push(format!("[{index}]"));
                        self.value(element, item, path);
                        path.pop();
                    }
                }
                // A single value where a list is expected is a list of one.
                single => self.value(single, item, path),
            },
            Type::Named(name) | Type::NonNullNamed(name) => self.named(value, name, path),
        }
    }

    fn named(&mut self, value: &Value, name: &str, path: &mut Vec<String>) {
        let Some(definition) = self.schema.schema.types.get(name) else {
            return self.fail(path, value, format!("Unknown type \"{name}\"."));
        };
        match definition {
            ExtendedType::Scalar(_) => {
                if let Some(reason) = scalar_error(name, value) {
                    self.fail(path, value, reason);
                }
            }
            ExtendedType::Enum(enumeration) => match value {
                Value::String(s) if enumeration.values.contains_key(s.as_str()) => {}
                Value::String(s) => self.fail(
                    path,
                    value,
                    format!("Value \"{s}\" does not exist in \"{name}\" enum."),
                ),
                other => self.fail(
                    path,
                    value,
                    format!(
                        "Enum \"{name}\" cannot represent non-string value: {}.",
                        inspect(other, 0)
                    ),
                ),
            },
            ExtendedType::InputObject(input) => {
                let Value::Object(fields) = value else {
                    return self.fail(
                        path,
                        value,
                        format!("Expected type \"{name}\" to be an object."),
                    );
                };
                for (field_name, field) in &input.fields {
                    match fields.get(field_name.as_str()) {
                        Some(field_value) => {
                            path.push(format!(".{field_name}"));
                            self.value(field_value, &field.ty, path);
                            path.pop();
                        }
                        None if field.default_value.is_none() && field.ty.is_non_null() => self
                            .fail(
                                path,
                                value,
                                format!(
                                "Field \"{field_name}\" of required type \"{}\" was not provided.",
                                field.ty
                            ),
                            ),
                        None => {}
                    }
                }
                for key in fields.keys() {
                    if !input.fields.contains_key(key.as_str()) {
                        self.fail(
                            path,
                            value,
                            format!("Field \"{key}\" is not defined by type \"{name}\"."),
                        );
                    }
                }
                // `@oneOf`: exactly one field, and not null (graphql-js' words).
                if input.directives.get("oneOf").is_some() {
                    if fields.len() != 1 {
                        self.fail(
                            path,
                            value,
                            format!("Exactly one key must be specified for OneOf type \"{name}\"."),
                        );
                    } else if let Some((key, Value::Null)) = fields.iter().next() {
                        self.fail(path, value, format!("Field \"{key}\" must be non-null."));
                    }
                }
            }
            // Validation has already refused an output type as a variable's type.
            ExtendedType::Object(_) | ExtendedType::Interface(_) | ExtendedType::Union(_) => {
                self.fail(path, value, format!("\"{name}\" is not an input type."))
            }
        }
    }
}

/// Why `value` is not a `name` (a built-in scalar), as graphql-js says it.
fn scalar_error(name: &str, value: &Value) -> Option<String> {
    let shown = || inspect(value, 0);
    match name {
        "String" if !value.is_string() => Some(format!(
            "String cannot represent a non string value: {}",
            shown()
        )),
        "Boolean" if !value.is_boolean() => Some(format!(
            "Boolean cannot represent a non boolean value: {}",
            shown()
        )),
        "ID" if !(value.is_string() || value.is_i64() || value.is_u64()) => {
            Some(format!("ID cannot represent value: {}", shown()))
        }
        "Int" => match value.as_f64() {
            Some(n) if n.fract() != 0.0 || !value.is_number() => Some(format!(
                "Int cannot represent non-integer value: {}",
                shown()
            )),
            Some(n) if n < f64::from(i32::MIN) || n > f64::from(i32::MAX) => Some(format!(
                "Int cannot represent non 32-bit signed integer value: {}",
                shown()
            )),
            Some(_) => None,
            None => Some(format!(
                "Int cannot represent non-integer value: {}",
                shown()
            )),
        },
        "Float" if !value.is_number() => Some(format!(
            "Float cannot represent non numeric value: {}",
            shown()
        )),
        _ => None,
    }
}

/// A value as graphql-js prints it in messages (`{ title: 5 }`, keys in
/// name order), nested
/// objects and arrays below two levels shown as `[Object]`/`[Array]`, and
/// never longer than a line.
fn inspect(value: &Value, depth: usize) -> String {
    const MAX_ITEMS: usize = 10;
    const MAX_CHARS: usize = 200;
    let text = match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => value.to_string(),
        Value::Array(_) if depth >= 2 => "[Array]".to_owned(),
        Value::Object(_) if depth >= 2 => "[Object]".to_owned(),
        Value::Array(items) if items.is_empty() => "[]".to_owned(),
        Value::Object(fields) if fields.is_empty() => "{}".to_owned(),
        Value::Array(items) => {
            let mut shown: Vec<String> = items
                .iter()
                .take(MAX_ITEMS)
                .map(|v| inspect(v, depth + 1))
                .collect();
            if items.len() > MAX_ITEMS {
                shown.push(format!("... {} more items", items.len() - MAX_ITEMS));
            }
            format!("[{}]", shown.join(", "))
        }
        Value::Object(fields) => {
            // In name order, whichever order serde_json keeps: the same
            // message in every build.
            let mut sorted: Vec<(&String, &Value)> = fields.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            let mut shown: Vec<String> = sorted
                .into_iter()
                .take(MAX_ITEMS)
                .map(|(k, v)| format!("{k}: {}", inspect(v, depth + 1)))
                .collect();
            if fields.len() > MAX_ITEMS {
                shown.push(format!("... {} more items", fields.len() - MAX_ITEMS));
            }
            format!("{{ {} }}", shown.join(", "))
        }
    };
    super::truncate(&text, MAX_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::schema::plain_schema;

    const CREATE: &str = "mutation CreateThreadEvent($input: CreateThreadEventInput!) { createThreadEvent(input: $input) { threadEvent { id } error { message } } }";
    const THREADS: &str = "query Threads($filters: ThreadsFilter, $first: Int) { threads(filters: $filters, first: $first) { edges { node { id } } } }";

    fn body(query: &str, variables: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({ "query": query, "variables": variables })).unwrap()
    }

    fn refusal(query: &str, variables: Value) -> Refusal {
        let schema = plain_schema().expect("schema");
        check_request(schema, &body(query, variables)).expect_err("refused")
    }

    #[test]
    fn variables_are_coerced_as_plain_coerces_them() {
        let component = json!({ "componentText": { "text": "hi" } });
        let cases: Vec<(&str, Value, &str)> = vec![
            (CREATE, json!({}), "Variable \"$input\" of required type \"CreateThreadEventInput!\" was not provided."),
            (CREATE, json!({ "input": null }), "Variable \"$input\" of non-null type \"CreateThreadEventInput!\" must not be null."),
            (CREATE, json!({ "input": "th_1" }), "Variable \"$input\" got invalid value \"th_1\"; Expected type \"CreateThreadEventInput\" to be an object."),
            (CREATE, json!({ "input": { "threadId": "th_1", "title": "t", "components": [component], "colour": 1 } }),
                // Keys in name order: the mock does not keep the order they were sent in.
                "Variable \"$input\" got invalid value { colour: 1, components: [[Object]], threadId: \"th_1\", title: \"t\" }; Field \"colour\" is not defined by type \"CreateThreadEventInput\"."),
            (CREATE, json!({ "input": { "threadId": "th_1", "components": [] } }),
                "Variable \"$input\" got invalid value { components: [], threadId: \"th_1\" }; Field \"title\" of required type \"String!\" was not provided."),
            (CREATE, json!({ "input": { "threadId": null, "title": "t", "components": [] } }),
                "Variable \"$input\" got invalid value null at \"input.threadId\"; Expected non-nullable type \"ID!\" not to be null."),
            (CREATE, json!({ "input": { "threadId": true, "title": "t", "components": [] } }),
                "Variable \"$input\" got invalid value true at \"input.threadId\"; ID cannot represent value: true"),
            (CREATE, json!({ "input": { "threadId": "th_1", "title": "t", "components": [{ "componentSpacer": { "spacerSize": "HUGE" } }] } }),
                "Variable \"$input\" got invalid value \"HUGE\" at \"input.components[0].componentSpacer.spacerSize\"; Value \"HUGE\" does not exist in \"ComponentSpacerSize\" enum."),
            (THREADS, json!({ "first": 1.5 }), "Variable \"$first\" got invalid value 1.5; Int cannot represent non-integer value: 1.5"),
            (THREADS, json!({ "first": 3_000_000_000_u64 }), "Variable \"$first\" got invalid value 3000000000; Int cannot represent non 32-bit signed integer value: 3000000000"),
            (THREADS, json!({ "first": "10" }), "Variable \"$first\" got invalid value \"10\"; Int cannot represent non-integer value: \"10\""),
        ];
        for (query, variables, expected) in cases {
            let refused = refusal(query, variables.clone());
            assert_eq!(refused.status, 400, "{variables}");
            assert_eq!(
                refused.messages().first().map(String::as_str),
                Some(expected),
                "{variables}"
            );
            assert_eq!(refused.errors[0]["extensions"]["code"], "BAD_USER_INPUT");
        }
    }

    /// `@oneOf`, which Plain's schema may adopt: exactly one key, not null.
    #[test]
    fn a_one_of_input_takes_exactly_one_field() {
        let text = "type Query { thread(by: Lookup!): Int }\ninput Lookup @oneOf { id: ID, ref: String }\n";
        let prepared = with_one_of_definition(text);
        let schema =
            apollo_compiler::Schema::parse_and_validate(prepared, "one_of.graphql").expect("valid");
        let schema = PlainSchema {
            implementers: schema.implementers_map(),
            schema,
        };
        let query = "query T($by: Lookup!) { thread(by: $by) }";
        let cases = [
            (json!({ "id": "th_1" }), None),
            (json!({}), Some("Variable \"$by\" got invalid value {}; Exactly one key must be specified for OneOf type \"Lookup\".")),
            (json!({ "id": "th_1", "ref": "T-1" }), Some("Variable \"$by\" got invalid value { id: \"th_1\", ref: \"T-1\" }; Exactly one key must be specified for OneOf type \"Lookup\".")),
            (json!({ "id": null }), Some("Variable \"$by\" got invalid value { id: null }; Field \"id\" must be non-null.")),
        ];
        for (by, expected) in cases {
            let result = check_request(&schema, &body(query, json!({ "by": by })));
            match expected {
                None => assert!(result.is_ok(), "{by}"),
                Some(message) => assert_eq!(
                    result
                        .expect_err("refused")
                        .messages()
                        .first()
                        .map(String::as_str),
                    Some(message),
                    "{by}"
                ),
            }
        }
    }

    /// The definition graphql-js leaves out, as `plain-sdk-codegen`'s
    /// `sdl::prepared` adds it before the build writes the mock's schema.
    fn with_one_of_definition(text: &str) -> String {
        format!("{text}\ndirective @oneOf on INPUT_OBJECT\n")
    }

    #[test]
    fn valid_variables_pass_and_a_single_value_counts_as_a_list() {
        let schema = plain_schema().expect("schema");
        let input = json!({ "input": { "threadId": "th_1", "title": "t", "components": { "componentText": { "text": "hi" } } } });
        let accepted = check_request(schema, &body(CREATE, input)).expect("accepted");
        assert_eq!(
            accepted.operation_name.as_deref(),
            Some("CreateThreadEvent")
        );
        check_request(schema, &body(THREADS, json!({ "first": 2 }))).expect("accepted");
    }

    #[test]
    fn documents_are_validated_with_every_rule() {
        let cases = [
            (
                "query Probe { nope }",
                "Cannot query field \"nope\" on type \"Query\".",
            ),
            (
                "query Probe($unused: Int) { myWorkspace { id } }",
                "Variable \"$unused\" is never used.",
            ),
            ("query Probe { customer { id } }", "Field \"customer\" argument \"customerId\" of type \"ID!\" is required, but it was not provided."),
        ];
        for (query, expected) in cases {
            let refused = refusal(query, json!({}));
            assert_eq!(refused.status, 400);
            assert_eq!(
                refused.messages().first().map(String::as_str),
                Some(expected),
                "{query}"
            );
            assert_eq!(
                refused.errors[0]["extensions"]["code"],
                "GRAPHQL_VALIDATION_FAILED"
            );
        }
    }

    #[test]
    fn bodies_and_keys_plain_would_not_take() {
        let schema = plain_schema().expect("schema");
        for body in [
            &b"not json"[..],
            b"[]",
            br#"{"variables":{}}"#,
            br#"{"query":"{ myWorkspace { id } }","variables":[]}"#,
        ] {
            let refused = check_request(schema, body).expect_err("refused");
            assert_eq!(refused.status, 400, "{}", String::from_utf8_lossy(body));
        }
        assert!(check_authorization(Some(b"Bearer k"), "k").is_ok());
        for header in [None, Some(&b"Bearer other"[..]), Some(b"k")] {
            assert_eq!(
                check_authorization(header, "k")
                    .expect_err("refused")
                    .status,
                401
            );
        }
    }

    #[test]
    fn messages_show_values_briefly() {
        let long: Vec<Value> = (0..50).map(Value::from).collect();
        let shown = inspect(&Value::Array(long), 0);
        assert!(shown.contains("... 40 more items"), "{shown}");
        assert_eq!(
            inspect(&json!({ "a": { "b": { "c": 1 } } }), 0),
            "{ a: { b: [Object] } }"
        );
        assert!(inspect(&Value::String("x".repeat(1000)), 0).chars().count() <= 201);
    }
}
