//! Validates every operation document under `graphql/` (with the fragments
//! it spreads) against a schema: [`Documents`] reads them once and checks
//! them against each schema a report compares ([`invalid_documents`] does
//! both for one), and [`newly_invalid`] says which errors a new schema adds.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use apollo_compiler::ast;
use apollo_compiler::diagnostic::{Diagnostic, ToCliReport};
use apollo_compiler::executable::ExecutableDocument;
use apollo_compiler::validation::{DiagnosticData, DiagnosticList, Valid};
use apollo_compiler::Schema;
use plain_sdk_codegen::layout::{display_path, fragment_closure, graphql_files, place, Place};
use plain_sdk_codegen::spreads::collect_spreads;

/// An operation document that does not validate against a schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InvalidDocument {
    /// Path relative to the documents directory, with `/` separators.
    pub file: String,
    /// One validation error, with where it is (`file:line:column`, possibly
    /// in a fragment file).
    pub reason: String,
}

impl fmt::Display for InvalidDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

struct FragmentSource {
    file: String,
    document: ast::Document,
    spreads: BTreeSet<String>,
}

/// An operation document, with the shared fragments it sends.
struct OperationSource {
    file: String,
    document: ast::Document,
    /// The shared fragments reachable from its spreads, each once.
    fragments: BTreeSet<String>,
}

/// The documents below a `graphql/` directory, read and parsed once, to
/// validate against as many schemas as a report compares.
pub struct Documents {
    /// Syntax errors and fragment files that break the layout: invalid
    /// whatever the schema.
    unreadable: Vec<InvalidDocument>,
    fragments: BTreeMap<String, FragmentSource>,
    operations: Vec<OperationSource>,
}

impl Documents {
    /// Reads every document below `graphql_dir`.
    ///
    /// Files under `fragments/` and `generated/fragments/` provide named
    /// fragments; every other `*.graphql` file (except `schema.graphql`) is
    /// an operation document, validated together with the transitive
    /// closure of the fragments it spreads. Errors reading the directory are
    /// returned as `Err`; syntax errors become invalid documents.
    pub fn read(graphql_dir: &Path) -> Result<Documents, String> {
        let paths = graphql_files(graphql_dir, &mut Vec::new())?;
        let mut unreadable = Vec::new();
        let mut report = |file: &str, reason: String| {
            unreadable.push(InvalidDocument {
                file: file.to_string(),
                reason,
            });
        };
        let mut fragments: BTreeMap<String, FragmentSource> = BTreeMap::new();
        let mut operations: Vec<(String, ast::Document)> = Vec::new();

        for path in &paths {
            let file = display_path(path, graphql_dir);
            if place(Path::new(&file)) == Place::Schema {
                continue;
            }
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let document = match ast::Document::parse(text, &file) {
                Ok(document) => document,
                Err(with_errors) => {
                    for diagnostic in with_errors.errors.iter() {
                        report(&file, describe(&diagnostic));
                    }
                    continue;
                }
            };
            if !matches!(place(Path::new(&file)), Place::Fragment { .. }) {
                operations.push((file, document));
                continue;
            }
            for definition in &document.definitions {
                let ast::Definition::FragmentDefinition(fragment) = definition else {
                    report(
                        &file,
                        "a fragment file holds something else than fragments".into(),
                    );
                    continue;
                };
                let name = fragment.name.to_string();
                if let Some(previous) = fragments.get(&name) {
                    report(
                        &file,
                        format!("fragment `{name}` is also defined in {}", previous.file),
                    );
                    continue;
                }
                let mut spreads = BTreeSet::new();
                collect_spreads(&fragment.selection_set, &mut spreads);
                let mut single = ast::Document::new();
                single.sources = document.sources.clone();
                single.definitions.push(definition.clone());
                fragments.insert(
                    name,
                    FragmentSource {
                        file: file.clone(),
                        document: single,
                        spreads,
                    },
                );
            }
        }

        let operations = operations
            .into_iter()
            .filter_map(|(file, document)| {
                let fragments = shared_fragments(&document, &fragments)?;
                Some(OperationSource {
                    file,
                    document,
                    fragments,
                })
            })
            .collect();
        Ok(Documents {
            unreadable,
            fragments,
            operations,
        })
    }

    /// `operation` with the shared fragments it sends, built against
    /// `schema`; building's errors go to `errors`.
    fn build(
        &self,
        operation: &OperationSource,
        schema: &Valid<Schema>,
        errors: &mut DiagnosticList,
    ) -> ExecutableDocument {
        let mut builder = ExecutableDocument::builder(Some(schema), errors);
        builder.add_ast_document(&operation.document, true);
        for name in &operation.fragments {
            builder.add_ast_document(&self.fragments[name].document, true);
        }
        builder.build()
    }

    /// Each operation document built against `schema` with the fragments it
    /// sends, by file; documents that do not validate are left out
    /// ([`Documents::invalid_against`] reports them).
    pub fn executables(&self, schema: &Valid<Schema>) -> Vec<(String, Valid<ExecutableDocument>)> {
        self.operations
            .iter()
            .filter_map(|operation| {
                let mut errors = DiagnosticList::new(Default::default());
                let executable = self.build(operation, schema, &mut errors);
                if !errors.is_empty() {
                    return None;
                }
                let valid = executable.validate(schema).ok()?;
                Some((operation.file.clone(), valid))
            })
            .collect()
    }

    /// Every distinct error of the documents against `schema`, sorted by
    /// file. Fragments no operation uses are not checked.
    pub fn invalid_against(&self, schema: &Valid<Schema>) -> Vec<InvalidDocument> {
        let mut found: BTreeSet<InvalidDocument> = self.unreadable.iter().cloned().collect();
        for operation in &self.operations {
            let mut errors = DiagnosticList::new(Default::default());
            let executable = self.build(operation, schema, &mut errors);
            if let Err(with_errors) = executable.validate(schema) {
                errors.merge(with_errors.errors);
            }
            // A field that no longer validates leaves the fragments below it
            // unused: report the cause, not the consequence.
            let is_consequence = |d: &Diagnostic<'_, DiagnosticData>| {
                d.error.unstable_error_name() == Some("UnusedFragment")
            };
            let only_consequences = errors.iter().all(|d| is_consequence(&d));
            for diagnostic in errors.iter() {
                if only_consequences || !is_consequence(&diagnostic) {
                    found.insert(InvalidDocument {
                        file: operation.file.clone(),
                        reason: describe(&diagnostic),
                    });
                }
            }
        }
        found.into_iter().collect()
    }
}

/// The shared fragments `document` sends, or `None` when it defines no
/// operation (nothing to validate). A fragment the document defines itself
/// is not the shared one of that name; unknown names are left for
/// validation to report.
fn shared_fragments(
    document: &ast::Document,
    fragments: &BTreeMap<String, FragmentSource>,
) -> Option<BTreeSet<String>> {
    let mut local = BTreeSet::new();
    let mut roots = BTreeSet::new();
    let mut has_operation = false;
    for definition in &document.definitions {
        match definition {
            ast::Definition::OperationDefinition(op) => {
                has_operation = true;
                collect_spreads(&op.selection_set, &mut roots);
            }
            ast::Definition::FragmentDefinition(fragment) => {
                local.insert(fragment.name.to_string());
                collect_spreads(&fragment.selection_set, &mut roots);
            }
            _ => {}
        }
    }
    has_operation.then(|| {
        fragment_closure(&roots, |name| {
            if local.contains(name) {
                None
            } else {
                fragments.get(name).map(|f| &f.spreads)
            }
        })
        .reached
    })
}

/// Validates every operation document below `graphql_dir` against `schema`
/// ([`Documents::read`], then [`Documents::invalid_against`]).
pub fn invalid_documents(
    schema: &Valid<Schema>,
    graphql_dir: &Path,
) -> Result<Vec<InvalidDocument>, String> {
    Ok(Documents::read(graphql_dir)?.invalid_against(schema))
}

/// `message (file:line:column)` for one diagnostic.
fn describe<T: ToCliReport>(diagnostic: &Diagnostic<'_, T>) -> String {
    let message = diagnostic.error.to_string();
    let Some(location) = diagnostic.error.location() else {
        return message;
    };
    let file = diagnostic
        .sources
        .get(&location.file_id())
        .map(|source| source.path().display().to_string());
    match (file, location.line_column(diagnostic.sources)) {
        (Some(file), Some(at)) => format!("{message} ({file}:{}:{})", at.line, at.column),
        (Some(file), None) => format!("{message} ({file})"),
        _ => message,
    }
}

/// Documents invalid against `new` that were not already invalid (with the
/// same error) against `old`.
pub fn newly_invalid(old: &[InvalidDocument], new: &[InvalidDocument]) -> Vec<InvalidDocument> {
    let before: BTreeSet<&InvalidDocument> = old.iter().collect();
    new.iter()
        .filter(|d| !before.contains(d))
        .cloned()
        .collect()
}
