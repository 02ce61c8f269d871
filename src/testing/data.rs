//! Response data for an accepted request, made by running the request's
//! operation over its selection set: generated (deterministic, schema-valid
//! values for every selected field), or taken from JSON a test gives and
//! checked on the way (every selected field present, of its type, nullable
//! only where the schema says so, union members that belong, nothing that
//! was not selected). Pure functions of the request and the answer.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use apollo_compiler::ast::Type;
use apollo_compiler::resolvers::{Execution, FieldError, ObjectValue, ResolveInfo, ResolvedValue};
use apollo_compiler::response::{JsonMap, ResponseDataPathSegment};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use serde_json::{Map, Value};

use super::check::Accepted;
use super::schema::PlainSchema;

/// The type of every mutation output's `error` field.
const MUTATION_ERROR: &str = "MutationError";

/// What to answer with.
#[derive(Clone, Copy)]
pub(crate) enum Source<'v> {
    /// Generated values for the whole selection.
    Generated,
    /// Generated values, except where this partial `data` has a value.
    GeneratedExcept(&'v Map<String, Value>),
    /// What the stateful workspace keeps: like `GeneratedExcept`, but a
    /// nullable field it leaves out is null, lists of objects are kept
    /// partly too, and keys nobody selected are no problem (the store
    /// holds whole entities).
    State(&'v Map<String, Value>),
    /// Generated values, except that the mutation's output carries this
    /// `MutationError` and nothing else.
    MutationError(&'v Map<String, Value>),
    /// The `data` a test gave, checked against the selection.
    Given(&'v Map<String, Value>),
}

/// The `data` of the response to `request`, or what makes it one Plain
/// could never send (each `path: problem`).
pub(crate) fn response_data(
    schema: &PlainSchema,
    request: &Accepted,
    source: Source<'_>,
) -> Result<Value, Vec<String>> {
    let Some(operation) = request.operation() else {
        return Err(vec!["the request has no operation to run".to_owned()]);
    };
    let root_type = operation.object_type().as_str();
    let variables = serde_json::from_value::<JsonMap>(Value::Object(request.variables.clone()))
        .map_err(|e| vec![format!("variables: {e}")])?;
    // Checked already (`check::coerce_variables`), with graphql-js' rules.
    let variables = Valid::assume_valid(variables);
    // Introspection (`__schema`, `__type`) is answered from the schema, as
    // Plain answers it, within apollo-compiler's depth limit.
    apollo_compiler::introspection::check_max_depth(&request.document, operation)
        .map_err(|e| vec![format!("introspection: {}", e.message())])?;
    let execution = Execution::new(&schema.schema, &request.document)
        .operation(operation)
        .implementers_map(&schema.implementers)
        .enable_schema_introspection(true)
        .coerced_variable_values(&variables);
    let used = Used::default();
    let generator = Generator {
        schema,
        error: match source {
            Source::MutationError(error) => Some(error),
            _ => None,
        },
        used: &used,
        counters: RefCell::default(),
        state: matches!(source, Source::State(_)),
    };
    let response = match source {
        Source::Given(data) => execution.execute_sync(&Given {
            type_name: root_type.to_owned(),
            fields: data,
            schema,
            used: Some(&used),
        }),
        Source::Generated | Source::MutationError(_) => execution.execute_sync(&Generated {
            type_name: root_type.to_owned(),
            generator: &generator,
            given: None,
        }),
        Source::GeneratedExcept(data) | Source::State(data) => execution.execute_sync(&Generated {
            type_name: root_type.to_owned(),
            generator: &generator,
            given: Some(data),
        }),
    }
    .map_err(|e| vec![e.message().to_string()])?;

    let mut problems: Vec<String> = response
        .errors
        .iter()
        .map(|e| {
            let message = e
                .message
                .strip_prefix("resolver error: ")
                .unwrap_or(&e.message);
            format!("{}: {message}", render_path(&e.path))
        })
        .collect();
    let data = response
        .data
        .map(|data| serde_json::to_value(data).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    // After an error, execution skips the rest of that object: its other
    // keys were not read, but not because nobody selected them.
    if let (Source::Given(given) | Source::GeneratedExcept(given), true) =
        (source, problems.is_empty())
    {
        used.report_unused(given, "data", &mut problems);
    }
    if problems.is_empty() {
        Ok(data)
    } else {
        Err(problems)
    }
}

/// `data.createThreadEvent.threadEvent.components[2].text`.
fn render_path(path: &[ResponseDataPathSegment]) -> String {
    let mut out = String::from("data");
    for segment in path {
        match segment {
            ResponseDataPathSegment::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            ResponseDataPathSegment::ListIndex(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The keys of the given objects that execution read, by object: what
/// is left is a field nobody selected, which Plain never sends.
#[derive(Default)]
struct Used(RefCell<HashSet<(usize, String)>>);

impl Used {
    fn mark(&self, object: &Map<String, Value>, key: &str) {
        self.0
            .borrow_mut()
            .insert((address(object), key.to_owned()));
    }

    fn report_unused(&self, object: &Map<String, Value>, path: &str, problems: &mut Vec<String>) {
        let read = self.0.borrow();
        let mut pending = vec![(object, path.to_owned())];
        while let Some((object, path)) = pending.pop() {
            // `__typename` is harmless where nobody asked for it.
            for (key, value) in object.iter().filter(|(key, _)| *key != "__typename") {
                let at = format!("{path}.{key}");
                if !read.contains(&(address(object), key.clone())) {
                    problems.push(format!(
                        "{at}: not in the operation's selection set (Plain never sends it)"
                    ));
                    continue;
                }
                collect_objects(value, at, &mut pending);
            }
        }
    }
}

/// The objects in `value` (itself, or a list's elements), with their paths.
fn collect_objects<'v>(
    value: &'v Value,
    path: String,
    out: &mut Vec<(&'v Map<String, Value>, String)>,
) {
    match value {
        Value::Object(object) => out.push((object, path)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_objects(item, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn address(object: &Map<String, Value>) -> usize {
    std::ptr::from_ref(object) as usize
}

/// Deterministic values: ids and text named after their type and field,
/// the first value of each enum, one element per list (one per possible
/// type in a list of a union or interface, so every member is reached),
/// abstract fields taking successive members, `false` for every Boolean (so
/// `pageInfo.hasNextPage` ends pagination), and a null `error` on every
/// mutation output.
struct Generator<'s> {
    schema: &'s PlainSchema,
    error: Option<&'s Map<String, Value>>,
    /// The keys of given values that were read.
    used: &'s Used,
    /// Per id prefix or abstract type: how many were handed out.
    counters: RefCell<HashMap<String, usize>>,
    /// The given values are the workspace's (`Source::State`).
    state: bool,
}

impl<'s> Generator<'s> {
    fn next(&self, key: &str) -> usize {
        let mut counters = self.counters.borrow_mut();
        let counter = counters.entry(key.to_owned()).or_default();
        *counter += 1;
        *counter
    }

    fn value<'a>(&'a self, ty: &Type, parent: &str, field: &str) -> ResolvedValue<'a> {
        match ty {
            Type::List(item) | Type::NonNullList(item) => {
                let name = item.inner_named_type().as_str();
                let items: Vec<ResolvedValue<'a>> = match (&**item, self.is_abstract(name)) {
                    (Type::Named(_) | Type::NonNullNamed(_), true) => self
                        .schema
                        .possible_types(name)
                        .into_iter()
                        .map(|member| self.object(member))
                        .collect(),
                    _ => vec![self.value(item, parent, field)],
                };
                ResolvedValue::List(Box::new(items.into_iter().map(Ok)))
            }
            Type::Named(name) | Type::NonNullNamed(name) => {
                self.named(name.as_str(), ty.is_non_null(), parent, field)
            }
        }
    }

    fn is_abstract(&self, name: &str) -> bool {
        matches!(
            self.schema.schema.types.get(name),
            Some(ExtendedType::Interface(_) | ExtendedType::Union(_))
        )
    }

    fn object<'a>(&'a self, type_name: &str) -> ResolvedValue<'a> {
        ResolvedValue::object(Generated {
            type_name: type_name.to_owned(),
            generator: self,
            given: None,
        })
    }

    /// The member of the abstract type `name` the next value takes.
    fn next_member<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        let members = self.schema.possible_types(name);
        match members.len() {
            0 => None,
            n => Some(members[(self.next(name) - 1) % n]),
        }
    }

    fn named<'a>(
        &'a self,
        name: &str,
        non_null: bool,
        parent: &str,
        field: &str,
    ) -> ResolvedValue<'a> {
        match self.schema.schema.types.get(name) {
            Some(ExtendedType::Scalar(_)) => leaf(self.scalar(name, parent, field)),
            Some(ExtendedType::Enum(enumeration)) => {
                let value = enumeration
                    .values
                    .iter()
                    .find(|(_, v)| v.directives.get("deprecated").is_none())
                    .or_else(|| enumeration.values.first())
                    .map(|(name, _)| name.to_string());
                value.map_or(ResolvedValue::null(), ResolvedValue::leaf)
            }
            Some(ExtendedType::Object(_)) if name == MUTATION_ERROR && !non_null => {
                ResolvedValue::null()
            }
            Some(ExtendedType::Object(_)) => self.object(name),
            Some(ExtendedType::Interface(_) | ExtendedType::Union(_)) => self
                .next_member(name)
                .map_or(ResolvedValue::null(), |member| self.object(member)),
            Some(ExtendedType::InputObject(_)) | None => ResolvedValue::null(),
        }
    }

    fn scalar(&self, name: &str, parent: &str, field: &str) -> Value {
        match name {
            "ID" => {
                let prefix = match field {
                    "id" => snake_case(parent),
                    other => snake_case(other.strip_suffix("Id").unwrap_or(other)),
                };
                Value::String(format!("{prefix}_{}", self.next(&prefix)))
            }
            "String" => Value::String(self.text(parent, field)),
            "Int" => Value::from(1),
            "Float" => Value::from(1.5),
            "Boolean" => Value::Bool(false),
            // Plain's schema has no custom scalars; a new one gets a string.
            _ => Value::String(format!("{parent}.{field}")),
        }
    }

    fn text(&self, parent: &str, field: &str) -> String {
        let lower = field.to_ascii_lowercase();
        match field {
            // DateTime: 2026-01-01T09:00:00Z, in both of Plain's forms.
            "iso8601" => "2026-01-01T09:00:00.000Z".to_owned(),
            "unixTimestamp" => "1767258000000".to_owned(),
            _ if lower.contains("email") => {
                format!("{}{}@example.com", snake_case(parent), self.next("email"))
            }
            _ if lower.ends_with("url") || lower == "link" || lower == "href" => {
                format!("https://example.com/{}/{field}", snake_case(parent))
            }
            _ if lower.ends_with("cursor") => format!("cursor_{}", self.next("cursor")),
            _ => format!("{parent} {field}"),
        }
    }
}

/// `ThreadEvent` → `thread_event`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// An object of `type_name` whose fields the generator makes up, except
/// those `given` has.
struct Generated<'g> {
    type_name: String,
    generator: &'g Generator<'g>,
    given: Option<&'g Map<String, Value>>,
}

impl ObjectValue for Generated<'_> {
    fn type_name(&self) -> &str {
        &self.type_name
    }

    fn resolve_field<'a>(
        &'a self,
        info: &'a ResolveInfo<'a>,
    ) -> Result<ResolvedValue<'a>, FieldError> {
        let definition = info.field_definition();
        let ty = &definition.ty;
        if let Some(fields) = self.given {
            let key = response_key(info);
            if let Some(value) = fields.get(key) {
                self.generator.used.mark(fields, key);
                return self.generator.partly_given(ty, value);
            }
            if self.generator.state && !ty.is_non_null() {
                return Ok(ResolvedValue::null());
            }
        }
        if let Some(error) = self.generator.error {
            // A mutation output that failed: its error, and no entity.
            let is_output = self
                .generator
                .schema
                .schema
                .get_object(&self.type_name)
                .and_then(|o| o.fields.get("error"))
                .is_some_and(|f| f.ty.inner_named_type() == MUTATION_ERROR);
            if is_output {
                if ty.inner_named_type() == MUTATION_ERROR {
                    return Ok(ResolvedValue::object(Given {
                        type_name: MUTATION_ERROR.to_owned(),
                        fields: error,
                        schema: self.generator.schema,
                        used: None,
                    }));
                }
                if !ty.is_non_null() {
                    return Ok(ResolvedValue::null());
                }
            }
        }
        Ok(self.generator.value(ty, &self.type_name, info.field_name()))
    }
}

/// An object a test gave, as JSON.
struct Given<'v> {
    type_name: String,
    fields: &'v Map<String, Value>,
    schema: &'v PlainSchema,
    /// Where to note the keys read (not for a mutation error, whose JSON
    /// the mock wrote itself).
    used: Option<&'v Used>,
}

impl ObjectValue for Given<'_> {
    fn type_name(&self) -> &str {
        &self.type_name
    }

    fn resolve_field<'a>(
        &'a self,
        info: &'a ResolveInfo<'a>,
    ) -> Result<ResolvedValue<'a>, FieldError> {
        let key = response_key(info);
        let Some(value) = self.fields.get(key) else {
            return Err(FieldError {
                message: format!("missing (the operation selects `{key}`)"),
            });
        };
        if let Some(used) = self.used {
            used.mark(self.fields, key);
        }
        given(self.schema, self.used, &info.field_definition().ty, value)
    }
}

/// The field's name in the response: its alias, or its name.
fn response_key<'a>(info: &'a ResolveInfo<'a>) -> &'a str {
    info.field_selections()
        .first()
        .map_or(info.field_name(), |f| f.response_key().as_str())
}

impl<'s> Generator<'s> {
    /// A value given for a field of type `ty` in a partly generated
    /// answer: an object's missing fields are generated, anything else is
    /// taken as given (and checked).
    fn partly_given<'a>(
        &'a self,
        ty: &Type,
        value: &'a Value,
    ) -> Result<ResolvedValue<'a>, FieldError> {
        let fields = match value {
            Value::Object(fields) => fields,
            Value::Array(items) if self.state && ty.is_list() => {
                let item_ty = ty.item_type().clone();
                let items: Vec<_> = items
                    .iter()
                    .map(|item| self.partly_given(&item_ty, item))
                    .collect();
                return Ok(ResolvedValue::List(Box::new(items.into_iter())));
            }
            _ => return given(self.schema, Some(self.used), ty, value),
        };
        let named = ty.inner_named_type().as_str();
        let type_name = match fields.get("__typename") {
            Some(Value::String(t)) => t.as_str(),
            _ => match self.schema.schema.types.get(named) {
                Some(ExtendedType::Object(_)) => named,
                _ => self.next_member(named).unwrap_or(named),
            },
        };
        Ok(ResolvedValue::object(Generated {
            type_name: type_name.to_owned(),
            generator: self,
            given: Some(fields),
        }))
    }
}

fn given<'a>(
    schema: &'a PlainSchema,
    used: Option<&'a Used>,
    ty: &Type,
    value: &'a Value,
) -> Result<ResolvedValue<'a>, FieldError> {
    let named = ty.inner_named_type().as_str();
    Ok(match value {
        Value::Null => ResolvedValue::null(),
        Value::Array(items) if ty.is_list() => {
            let item_ty = ty.item_type().clone();
            let items: Vec<_> = items
                .iter()
                .map(|v| given(schema, used, &item_ty, v))
                .collect();
            ResolvedValue::List(Box::new(items.into_iter()))
        }
        Value::Object(fields) => {
            let type_name = match (fields.get("__typename"), schema.schema.types.get(named)) {
                (Some(Value::String(t)), _) => t.clone(),
                (_, Some(ExtendedType::Object(_))) => named.to_owned(),
                _ => {
                    return Err(FieldError {
                        message: format!(
                            "an object of the abstract type {named} needs `__typename` naming one of {}",
                            schema.possible_types(named).join(", ")
                        ),
                    })
                }
            };
            ResolvedValue::object(Given {
                type_name,
                fields,
                schema,
                used,
            })
        }
        // JSON has one kind of number: 2 is a fine Float.
        Value::Number(n) if named == "Float" => leaf(n.as_f64().map_or(Value::Null, Value::from)),
        other => leaf(other.clone()),
    })
}

/// A leaf in apollo-compiler's JSON type.
fn leaf<'a>(value: Value) -> ResolvedValue<'a> {
    match value {
        Value::Null => ResolvedValue::null(),
        Value::Bool(b) => ResolvedValue::leaf(b),
        Value::String(s) => ResolvedValue::leaf(s),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => ResolvedValue::leaf(i),
            (_, Some(u), _) => ResolvedValue::leaf(u),
            (_, _, f) => ResolvedValue::leaf(f.unwrap_or_default()),
        },
        // An object or list where a scalar belongs: passed on for execution
        // to refuse with its path.
        other => ResolvedValue::Leaf(serde_json::from_value(other).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::testing::check::check_request;
    use crate::testing::schema::plain_schema;

    /// A thread event's components: a list of a union with many members.
    const EVENT: &str = "query Event($id: ID!) { timelineEntry(customerId: $id, timelineEntryId: $id) { id entry { __typename ... on CustomEntry { title components { __typename ... on ComponentText { text } } } } } }";
    const WORKSPACE: &str = "query MyWorkspace { myWorkspace { id name publicName: name } }";

    fn answer(query: &str, source: Source<'_>) -> Result<Value, Vec<String>> {
        let schema = plain_schema().expect("schema");
        let body =
            serde_json::to_vec(&json!({ "query": query, "variables": { "id": "c_1" } })).unwrap();
        let request = check_request(schema, &body).expect("accepted");
        response_data(schema, &request, source)
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn generated_data_is_deterministic_and_reaches_every_union_member() {
        let first = answer(EVENT, Source::Generated).expect("valid");
        assert_eq!(first, answer(EVENT, Source::Generated).expect("valid"));
        // The first member of `Entry`, unless the test picks another.
        assert_eq!(first["timelineEntry"]["entry"]["__typename"], "NoteEntry");
        let custom =
            object(json!({ "timelineEntry": { "entry": { "__typename": "CustomEntry" } } }));
        let picked = answer(EVENT, Source::GeneratedExcept(&custom)).expect("valid");
        let components = picked["timelineEntry"]["entry"]["components"]
            .as_array()
            .expect("a list");
        let schema = plain_schema().expect("schema");
        let members = schema.possible_types("CustomTimelineEntryComponent");
        assert_eq!(components.len(), members.len());
        for (component, member) in components.iter().zip(members) {
            assert_eq!(component["__typename"], member);
        }
        assert!(components
            .iter()
            .any(|c| c["__typename"] == "ComponentText" && c["text"] == "ComponentText text"));
        assert_eq!(first["timelineEntry"]["id"], "timeline_entry_1");
    }

    #[test]
    fn given_data_is_checked_against_the_selection() {
        let cases = [
            (json!({ "myWorkspace": { "id": "w_1", "name": "Acme", "publicName": "Acme" } }), None),
            (json!({ "myWorkspace": null }), None),
            (json!({ "myWorkspace": { "id": "w_1", "name": "Acme" } }), Some("data.myWorkspace.publicName: missing (the operation selects `publicName`)")),
            (json!({ "myWorkspace": { "id": "w_1", "name": 7, "publicName": "Acme" } }), Some("data.myWorkspace.name: resolver returned 7, expected String")),
            (json!({ "myWorkspace": { "id": "w_1", "name": ["Acme"], "publicName": "Acme" } }), Some("data.myWorkspace.name: resolver returned [\"Acme\"], expected String")),
            (json!({ "myWorkspace": { "__typename": "Thread", "id": "w_1", "name": "A", "publicName": "A" } }), Some("data.myWorkspace: resolver returned an object of type Thread, expected Workspace")),
            (json!({}), Some("data.myWorkspace: missing (the operation selects `myWorkspace`)")),
        ];
        for (data, problem) in cases {
            let data = object(data);
            let result = answer(WORKSPACE, Source::Given(&data));
            match problem {
                None => assert!(result.is_ok(), "{data:?}: {result:?}"),
                Some(problem) => {
                    let problems = result.expect_err("refused");
                    assert_eq!(
                        problems.first().map(String::as_str),
                        Some(problem),
                        "{problems:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn partly_given_data_is_completed_and_checked() {
        let partial = object(json!({ "myWorkspace": { "name": "Acme" } }));
        let data = answer(WORKSPACE, Source::GeneratedExcept(&partial)).expect("valid");
        assert_eq!(data["myWorkspace"]["name"], "Acme");
        assert_eq!(data["myWorkspace"]["id"], "workspace_1");
        assert_eq!(data["myWorkspace"]["publicName"], "Workspace name");

        let wrong = object(json!({ "myWorkspace": { "nme": "Acme" } }));
        let problems = answer(WORKSPACE, Source::GeneratedExcept(&wrong)).expect_err("refused");
        assert_eq!(
            problems,
            ["data.myWorkspace.nme: not in the operation's selection set (Plain never sends it)"]
        );
    }
}
