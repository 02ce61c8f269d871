//! Independent validation of the GraphQL documents in `graphql/`.
//!
//! `graphql_client` does not check arguments, variable types or unused
//! variables, so this test validates every operation document against Plain's
//! schema with `apollo-compiler` and enforces the repository's conventions:
//!
//! - one named operation per file; the operation name is the file name in
//!   PascalCase (`getCustomerById.graphql` -> `query GetCustomerById`);
//!   files under `queries/` hold queries, files under `mutations/` mutations;
//! - one fragment per file in `graphql/fragments/`, named `<Type>Parts` and
//!   declared `on <Type>`; every fragment is used by at least one operation;
//! - each operation, together with the transitive closure of the fragments it
//!   spreads, passes `ExecutableDocument::parse_and_validate`;
//! - every selection on a union or interface selects `__typename` (directly or
//!   through a fragment on that same abstract type);
//! - no generated document selects a deprecated field below its root (the
//!   generator skips them); a curated document that selects a field Plain has deprecated
//!   since is listed on stderr, not failed: deprecation is not a break, and
//!   `plain-opgen diff` names it as dangerous;
//! - every root query and mutation has a document;
//! - every required field argument is passed, every argument passed is a
//!   variable of exactly the argument's type, each variable is used once,
//!   and fragments use no variables (an optional argument Plain adds later
//!   need not be passed);
//! - every mutation selects `error { ...MutationErrorParts }`.
//!
//! The schema is read from `PLAIN_SCHEMA_PATH` when set, else from
//! `graphql/schema.graphql`.

use apollo_compiler::ast;
use apollo_compiler::executable::{ExecutableDocument, Fragment, Selection, SelectionSet};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use plain_sdk_codegen::layout::{self, OperationKind, Place, FRAGMENTS_DIR};
use plain_sdk_codegen::spreads::collect_spreads;

struct FragmentFile {
    /// Path relative to `graphql/`, for messages.
    rel: String,
    source: String,
    spreads: BTreeSet<String>,
}

struct OperationFile {
    rel: String,
    source: String,
    spreads: BTreeSet<String>,
}

/// Failures keyed by file (relative to `graphql/`), deduplicated.
#[derive(Default)]
struct Failures(BTreeMap<String, BTreeSet<String>>);

impl Failures {
    fn add(&mut self, file: &str, reason: impl Into<String>) {
        self.0
            .entry(file.to_string())
            .or_default()
            .insert(reason.into());
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (file, reasons) in &self.0 {
            for reason in reasons {
                out.push_str(&format!("  graphql/{file}: {reason}\n"));
            }
        }
        out
    }
}

#[test]
fn graphql_documents_are_valid() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let graphql_dir = root.join("graphql");
    let schema = load_schema(&graphql_dir);

    let mut failures = Failures::default();
    let files = layout::graphql_files(&graphql_dir, &mut Vec::new())
        .unwrap_or_else(|e| panic!("reading graphql/: {e}"));

    let mut fragments: BTreeMap<String, FragmentFile> = BTreeMap::new();
    let mut operations: Vec<OperationFile> = Vec::new();

    for path in &files {
        let rel = layout::display_path(path, &graphql_dir);
        let place = layout::place(Path::new(&rel));
        if place == Place::Schema {
            continue;
        }
        let source = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                failures.add(&rel, format!("cannot be read: {e}"));
                continue;
            }
        };
        let document = match ast::Document::parse(source.clone(), &rel) {
            Ok(doc) => doc,
            Err(e) => {
                for diagnostic in e.errors.iter() {
                    failures.add(&rel, format!("syntax error: {}", diagnostic.error));
                }
                continue;
            }
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if let Place::Fragment { .. } = place {
            if let Some((name, fragment)) =
                check_fragment_file(&rel, &stem, &document, &schema, &mut failures)
            {
                if let Some(previous) = fragments.get(&name) {
                    failures.add(
                        &rel,
                        format!("fragment `{name}` is also defined in {}", previous.rel),
                    );
                    continue;
                }
                let mut spreads = BTreeSet::new();
                collect_spreads(&fragment.selection_set, &mut spreads);
                fragments.insert(
                    name,
                    FragmentFile {
                        rel,
                        source,
                        spreads,
                    },
                );
            }
        } else if let Some(operation) = check_operation_file(&rel, &stem, &document, &mut failures)
        {
            let mut spreads = BTreeSet::new();
            collect_spreads(&operation.selection_set, &mut spreads);
            operations.push(OperationFile {
                rel,
                source,
                spreads,
            });
        }
    }

    let mut used_fragments: BTreeSet<String> = BTreeSet::new();
    let mut covered: std::collections::HashSet<(ast::OperationType, String)> =
        std::collections::HashSet::new();
    for operation in &operations {
        let closure = layout::fragment_closure(&operation.spreads, |name| {
            fragments.get(name).map(|f| &f.spreads)
        });
        if !closure.unknown.is_empty() {
            for name in closure.unknown {
                failures.add(&operation.rel, format!("spreads unknown fragment `{name}`"));
            }
            continue;
        }
        let closure = closure.reached;
        used_fragments.extend(closure.iter().cloned());

        let mut text = operation.source.clone();
        for name in &closure {
            text.push('\n');
            text.push_str(&fragments[name].source);
        }
        match ExecutableDocument::parse_and_validate(&schema, text, &operation.rel) {
            Ok(document) => {
                for op in document.operations.iter() {
                    for selection in &op.selection_set.selections {
                        if let Selection::Field(field) = selection {
                            covered.insert((op.operation_type, field.name.to_string()));
                        }
                    }
                }
                let fragment_files: BTreeMap<&str, &str> = fragments
                    .iter()
                    .map(|(name, f)| (name.as_str(), f.rel.as_str()))
                    .collect();
                check_executable(
                    &operation.rel,
                    &document,
                    &schema,
                    &fragment_files,
                    &mut failures,
                );
            }
            Err(e) => {
                for diagnostic in e.errors.iter() {
                    let location = diagnostic
                        .line_column_range()
                        .map(|range| {
                            format!(
                                " (line {}, column {} of the combined document)",
                                range.start.line, range.start.column
                            )
                        })
                        .unwrap_or_default();
                    failures.add(
                        &operation.rel,
                        format!("invalid against the schema: {}{location}", diagnostic.error),
                    );
                }
            }
        }
    }

    for (name, fragment) in &fragments {
        if !used_fragments.contains(name) {
            failures.add(
                &fragment.rel,
                format!("fragment `{name}` is not used by any operation"),
            );
        }
    }

    for (kind, root) in [
        (ast::OperationType::Query, &schema.schema_definition.query),
        (
            ast::OperationType::Mutation,
            &schema.schema_definition.mutation,
        ),
    ] {
        let Some(object) = root.as_ref().and_then(|n| schema.get_object(n.as_str())) else {
            continue;
        };
        for field in object.fields.values() {
            if !covered.contains(&(kind, field.name.to_string())) {
                failures.add(
                    ".",
                    format!(
                        "{kind} `{}` has no document (run `cargo run -p plain-opgen -- generate`)",
                        field.name
                    ),
                );
            }
        }
    }

    assert!(
        failures.is_empty(),
        "GraphQL document validation failed ({} operations, {} fragments checked):\n{}",
        operations.len(),
        fragments.len(),
        failures.render()
    );
}

fn load_schema(graphql_dir: &Path) -> Valid<Schema> {
    let path = layout::schema_path(graphql_dir);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read Plain's schema at {}: {e}\n\
             Set PLAIN_SCHEMA_PATH or make graphql/schema.graphql resolve to the schema.",
            path.display()
        )
    });
    Schema::parse_and_validate(plain_sdk_codegen::sdl::prepared(&text).into_owned(), &path)
        .unwrap_or_else(|e| panic!("the schema at {} is invalid:\n{}", path.display(), e.errors))
}

fn check_fragment_file<'a>(
    rel: &str,
    stem: &str,
    document: &'a ast::Document,
    schema: &Schema,
    failures: &mut Failures,
) -> Option<(String, &'a ast::FragmentDefinition)> {
    let mut fragment = None;
    for definition in &document.definitions {
        match definition {
            ast::Definition::FragmentDefinition(def) if fragment.is_none() => fragment = Some(def),
            ast::Definition::FragmentDefinition(def) => {
                failures.add(rel, format!("more than one fragment (also `{}`)", def.name));
            }
            _ => failures.add(rel, "contains a definition that is not a fragment"),
        }
    }
    let Some(fragment) = fragment else {
        failures.add(rel, "contains no fragment");
        return None;
    };
    let name = fragment.name.as_str();
    if name != stem {
        failures.add(
            rel,
            format!("fragment `{name}` must be in a file named {name}.graphql"),
        );
    }
    // `<Type>Parts` selects the type in full; generated `<Type>Ref` selects its id.
    let type_name = name.strip_suffix("Parts").or_else(|| {
        name.strip_suffix("Ref")
            .filter(|_| rel.starts_with("generated/"))
    });
    match type_name {
        Some(ty) if ty == fragment.type_condition.as_str() => {}
        _ => failures.add(
            rel,
            format!(
                "fragment `{name}` on `{}` must be named `{}Parts`",
                fragment.type_condition, fragment.type_condition
            ),
        ),
    }
    if !schema.types.contains_key(fragment.type_condition.as_str()) {
        failures.add(
            rel,
            format!("type `{}` is not in the schema", fragment.type_condition),
        );
    }
    Some((name.to_string(), fragment))
}

fn check_operation_file<'a>(
    rel: &str,
    stem: &str,
    document: &'a ast::Document,
    failures: &mut Failures,
) -> Option<&'a ast::OperationDefinition> {
    let mut operation = None;
    for definition in &document.definitions {
        match definition {
            ast::Definition::OperationDefinition(def) if operation.is_none() => {
                operation = Some(def)
            }
            ast::Definition::OperationDefinition(_) => {
                failures.add(rel, "more than one operation in the file")
            }
            ast::Definition::FragmentDefinition(def) => failures.add(
                rel,
                format!(
                    "defines fragment `{}`: fragments belong in graphql/{FRAGMENTS_DIR}/",
                    def.name
                ),
            ),
            _ => failures.add(rel, "contains a type-system definition"),
        }
    }
    let Some(operation) = operation else {
        failures.add(rel, "contains no operation");
        return None;
    };

    let stem_ok = stem.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && stem.chars().all(|c| c.is_ascii_alphanumeric());
    if !stem_ok {
        failures.add(
            rel,
            "file name must be camelCase (ASCII letters and digits)",
        );
    }
    let expected = layout::operation_name(stem);
    match &operation.name {
        None => failures.add(rel, format!("operation must be named `{expected}`")),
        Some(name) if name.as_str() != expected => failures.add(
            rel,
            format!("operation `{name}` must be named `{expected}` after its file"),
        ),
        Some(_) => {}
    }

    let folder = rel.split('/').next().unwrap_or_default();
    let expected_type = [OperationKind::Query, OperationKind::Mutation]
        .into_iter()
        .find(|kind| kind.folder() == folder)
        .map(|kind| match kind {
            OperationKind::Query => ast::OperationType::Query,
            OperationKind::Mutation => ast::OperationType::Mutation,
        });
    if let Some(expected_type) = expected_type {
        if operation.operation_type != expected_type {
            failures.add(
                rel,
                format!(
                    "a {} in graphql/{folder}/ (expected a {expected_type})",
                    operation.operation_type
                ),
            );
        }
    }
    Some(operation)
}

/// Convention checks that need type information.
fn check_executable(
    rel: &str,
    document: &Valid<ExecutableDocument>,
    schema: &Valid<Schema>,
    fragment_files: &BTreeMap<&str, &str>,
    failures: &mut Failures,
) {
    let Some(operation) = document.operations.iter().next() else {
        failures.add(rel, "contains no operation");
        return;
    };

    // Selections of the operation itself.
    let mut variable_uses: BTreeMap<String, usize> = BTreeMap::new();
    walk(
        rel,
        &operation.selection_set,
        document,
        schema,
        failures,
        &mut |field, failures| {
            for argument_def in &field.definition.arguments {
                let passed = field
                    .arguments
                    .iter()
                    .find(|argument| argument.name == argument_def.name);
                let Some(passed) = passed else {
                    // An optional argument may be left out: Plain adds them
                    // often, and a curated document need not pass every one.
                    if argument_def.is_required() {
                        failures.add(
                            rel,
                            format!(
                                "field `{}` does not pass its required argument `{}` (declare a variable for it)",
                                field.name, argument_def.name
                            ),
                        );
                    }
                    continue;
                };
                let ast::Value::Variable(variable) = passed.value.as_ref() else {
                    failures.add(
                        rel,
                        format!(
                            "argument `{}` of `{}` must be passed as a variable",
                            argument_def.name, field.name
                        ),
                    );
                    continue;
                };
                *variable_uses.entry(variable.to_string()).or_default() += 1;
                match operation.variables.iter().find(|v| v.name == *variable) {
                    Some(declared) if declared.ty == argument_def.ty => {}
                    // A non-null argument with a default is optional: its
                    // variable is the nullable type, left out to default.
                    Some(declared)
                        if argument_def.default_value.is_some()
                            && argument_def.ty.is_non_null()
                            && !declared.ty.is_non_null()
                            && *declared.ty == argument_def.ty.as_ref().clone().nullable() => {}
                    Some(declared) => failures.add(
                        rel,
                        format!(
                            "variable `${variable}` is declared `{}` but argument `{}` of `{}` is `{}`",
                            declared.ty, argument_def.name, field.name, argument_def.ty
                        ),
                    ),
                    None => failures.add(rel, format!("variable `${variable}` is not declared")),
                }
            }
        },
    );
    for variable in &operation.variables {
        match variable_uses.get(variable.name.as_str()) {
            Some(1) => {}
            Some(n) => failures.add(
                rel,
                format!("variable `${}` is used {n} times", variable.name),
            ),
            None => failures.add(
                rel,
                format!(
                    "variable `${}` is not passed to any field of the operation",
                    variable.name
                ),
            ),
        }
    }

    // Fragments: walked once each, failures reported against their own files.
    for (name, fragment) in &document.fragments {
        let file = fragment_files.get(name.as_str()).copied().unwrap_or(rel);
        check_fragment_typename(file, fragment, document, schema, failures);
        walk(
            file,
            &fragment.selection_set,
            document,
            schema,
            failures,
            &mut |field, failures| {
                if field.arguments.iter().any(|a| contains_variable(&a.value)) {
                    failures.add(
                        file,
                        format!("field `{}` uses a variable: fragments must not", field.name),
                    );
                }
            },
        );
    }

    // Mutations select `error { ...MutationErrorParts }`.
    if operation.operation_type == ast::OperationType::Mutation {
        for selection in &operation.selection_set.selections {
            let Selection::Field(field) = selection else {
                continue;
            };
            let output = field.definition.ty.inner_named_type();
            let has_error_field = schema
                .get_object(output.as_str())
                .is_some_and(|object| object.fields.contains_key("error"));
            if !has_error_field {
                continue;
            }
            let selects_error = field.selection_set.selections.iter().any(|s| {
                matches!(s, Selection::Field(error) if error.name == "error"
                    && error.selection_set.selections.iter().any(|inner| matches!(
                        inner,
                        Selection::FragmentSpread(spread) if spread.fragment_name == "MutationErrorParts"
                    )))
            });
            if !selects_error {
                failures.add(
                    rel,
                    format!(
                        "mutation field `{}` must select `error {{ ...MutationErrorParts }}`",
                        field.name
                    ),
                );
            }
        }
    }
}

fn check_fragment_typename(
    file: &str,
    fragment: &Fragment,
    document: &ExecutableDocument,
    schema: &Schema,
    failures: &mut Failures,
) {
    let ty = fragment.selection_set.ty.as_str();
    if is_abstract(schema, ty) && !has_typename(&fragment.selection_set, document) {
        failures.add(
            file,
            format!(
                "fragment `{}` on abstract type `{ty}` must select `__typename`",
                fragment.name
            ),
        );
    }
}

/// Walks the selections written in `selection_set` (not into named fragments,
/// which are walked on their own), checking deprecated fields and
/// `__typename` on abstract types, and calling `on_field` for each field.
fn walk(
    file: &str,
    selection_set: &SelectionSet,
    document: &ExecutableDocument,
    schema: &Schema,
    failures: &mut Failures,
    on_field: &mut dyn FnMut(&apollo_compiler::executable::Field, &mut Failures),
) {
    for selection in &selection_set.selections {
        match selection {
            Selection::Field(field) => {
                if field.definition.directives.get("deprecated").is_some() {
                    let what = format!(
                        "selects deprecated field `{}.{}`",
                        selection_set.ty, field.name
                    );
                    let root = matches!(selection_set.ty.as_str(), "Query" | "Mutation");
                    if file.starts_with(layout::GENERATED_DIR) && !root {
                        // The generator skips deprecated fields (a deprecated
                        // root field keeps its document: its method stays).
                        failures.add(file, what);
                    } else {
                        // Plain deprecated it after the document was written.
                        eprintln!("graphql/{file}: {what}: review the document");
                    }
                }
                on_field(field, failures);
                let inner = &field.selection_set;
                if !inner.selections.is_empty() {
                    if is_abstract(schema, inner.ty.as_str()) && !has_typename(inner, document) {
                        failures.add(
                            file,
                            format!(
                                "field `{}` of abstract type `{}` must select `__typename`",
                                field.name, inner.ty
                            ),
                        );
                    }
                    walk(file, inner, document, schema, failures, on_field);
                }
            }
            Selection::FragmentSpread(_) => {}
            Selection::InlineFragment(inline) => walk(
                file,
                &inline.selection_set,
                document,
                schema,
                failures,
                on_field,
            ),
        }
    }
}

fn is_abstract(schema: &Schema, ty: &str) -> bool {
    matches!(
        schema.types.get(ty),
        Some(ExtendedType::Union(_)) | Some(ExtendedType::Interface(_))
    )
}

/// Whether `__typename` is selected directly, or through a fragment (named or
/// inline) on the same type.
fn has_typename(selection_set: &SelectionSet, document: &ExecutableDocument) -> bool {
    selection_set
        .selections
        .iter()
        .any(|selection| match selection {
            Selection::Field(field) => field.name == "__typename",
            Selection::FragmentSpread(spread) => document
                .fragments
                .get(&spread.fragment_name)
                .is_some_and(|fragment| {
                    fragment.selection_set.ty == selection_set.ty
                        && has_typename(&fragment.selection_set, document)
                }),
            Selection::InlineFragment(inline) => {
                inline.selection_set.ty == selection_set.ty
                    && has_typename(&inline.selection_set, document)
            }
        })
}

fn contains_variable(value: &ast::Value) -> bool {
    match value {
        ast::Value::Variable(_) => true,
        ast::Value::List(items) => items.iter().any(|item| contains_variable(item)),
        ast::Value::Object(fields) => fields.iter().any(|(_, item)| contains_variable(item)),
        _ => false,
    }
}
