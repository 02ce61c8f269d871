//! Finds and reads the operation documents and fragments in `graphql/`.
//!
//! Layout: `graphql/fragments/*.graphql` hold one fragment each and are shared
//! by every operation; every other `*.graphql` file below `graphql/` (except the
//! schema) holds exactly one named operation. Hand-written documents take
//! precedence over generated ones (`graphql/generated/`) with the same name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use graphql_parser::query::{Definition, OperationDefinition, Selection, SelectionSet};

pub use crate::layout::OperationKind;
use crate::layout::{display_path, fragment_closure, graphql_files, place, Place};
use crate::read::minify::minify;

/// One named operation, ready for codegen.
#[derive(Debug)]
pub struct Operation {
    /// Operation name as written (`CreateThreadEvent`).
    pub name: String,
    pub kind: OperationKind,
    /// Path relative to the crate root, with `/` separators (for messages and docs).
    pub display_path: String,
    pub path: PathBuf,
    /// Name of the (first) root field the operation selects.
    pub root_field: String,
    /// Whether tools/opgen wrote it (compiled with its area's feature) or a
    /// person did (the curated surface, always compiled).
    pub generated: bool,
    /// The document sent on the wire: the operation and every fragment it
    /// reaches, minified, fragments sorted by name.
    pub wire_document: String,
}

#[derive(Debug)]
struct Fragment {
    text: String,
    spreads: BTreeSet<String>,
    display_path: String,
    path: PathBuf,
}

#[derive(Debug)]
pub struct Documents {
    pub operations: Vec<Operation>,
    fragment_paths: Vec<PathBuf>,
    directories: BTreeSet<PathBuf>,
}

impl Operation {
    /// The cargo feature that compiles it; `None` for a curated operation.
    pub fn feature(&self) -> Option<&'static str> {
        self.generated
            .then(|| crate::areas::area_of(&self.root_field))
    }
}

impl Documents {
    pub fn all_paths(&self) -> impl Iterator<Item = &Path> {
        self.operations
            .iter()
            .map(|op| op.path.as_path())
            .chain(self.fragment_paths.iter().map(PathBuf::as_path))
    }

    pub fn directories(&self) -> impl Iterator<Item = &Path> {
        self.directories.iter().map(PathBuf::as_path)
    }
}

/// Reads every document below `graphql_dir`. A generated operation is kept
/// only when no hand-written one covers its root field and `area_enabled`
/// holds for its root field's API area.
pub fn load(
    graphql_dir: &Path,
    crate_root: &Path,
    area_enabled: impl Fn(&str) -> bool,
) -> Result<Documents, String> {
    let mut dirs = Vec::new();
    let files = graphql_files(graphql_dir, &mut dirs)?;
    let directories: BTreeSet<PathBuf> = dirs.into_iter().collect();

    let mut fragments: BTreeMap<String, Fragment> = BTreeMap::new();
    let mut hand_written: Vec<(PathBuf, String)> = Vec::new();
    let mut generated: Vec<(PathBuf, String)> = Vec::new();
    let mut errors = Vec::new();

    for path in files {
        let relative = path.strip_prefix(graphql_dir).unwrap_or(&path);
        let place = place(relative);
        if place == Place::Schema {
            continue;
        }
        let display_path = display_path(&path, crate_root);
        let source = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                errors.push(format!("{display_path}: cannot read: {e}"));
                continue;
            }
        };
        if let Place::Fragment { .. } = place {
            match parse_fragment(&source) {
                Ok((name, spreads)) => {
                    if let Some(other) = fragments.get(&name) {
                        errors.push(format!(
                            "{display_path}: fragment {name} is already defined in {}",
                            other.display_path
                        ));
                    } else {
                        fragments.insert(
                            name,
                            Fragment {
                                text: minify(&source),
                                spreads,
                                display_path,
                                path,
                            },
                        );
                    }
                }
                Err(e) => errors.push(format!("{display_path}: {e}")),
            }
        } else if place == (Place::Operation { generated: true }) {
            generated.push((path, source));
        } else {
            hand_written.push((path, source));
        }
    }

    let mut operations: BTreeMap<String, Operation> = BTreeMap::new();
    // What hand-written documents cover: `(root field, connection paged inside it)`.
    let mut covered: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    // Hand-written documents first, so a generated one with the same name is skipped.
    let hand_written_count = hand_written.len();
    for (index, (path, source)) in hand_written.into_iter().chain(generated).enumerate() {
        let is_generated = index >= hand_written_count;
        let display_path = display_path(&path, crate_root);
        match parse_operation(&source, &fragments) {
            Ok(parsed) => {
                if let Some(existing) = operations.get(&parsed.name) {
                    if !is_generated {
                        errors.push(format!(
                            "{display_path}: operation {} is already defined in {}",
                            parsed.name, existing.display_path
                        ));
                    }
                    continue;
                }
                let key = (parsed.root_field.clone(), parsed.paged.clone());
                if is_generated && (covered.contains(&key) || !area_enabled(&parsed.root_field)) {
                    // A hand-written document already covers this root field
                    // (or the connection this one pages inside it), or its API
                    // area's feature is off.
                    continue;
                }
                if !is_generated {
                    covered.insert(key);
                }
                let mut wire_document = minify(&source);
                for fragment in &parsed.fragments {
                    wire_document.push(' ');
                    wire_document.push_str(&fragments[fragment].text);
                }
                operations.insert(
                    parsed.name.clone(),
                    Operation {
                        name: parsed.name,
                        kind: parsed.kind,
                        display_path,
                        path,
                        root_field: parsed.root_field,
                        generated: is_generated,
                        wire_document,
                    },
                );
            }
            Err(e) => errors.push(format!("{display_path}: {e}")),
        }
    }

    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    Ok(Documents {
        operations: operations.into_values().collect(),
        fragment_paths: fragments.into_values().map(|f| f.path).collect(),
        directories,
    })
}

fn parse_fragment(source: &str) -> Result<(String, BTreeSet<String>), String> {
    let doc = graphql_parser::parse_query::<String>(source).map_err(|e| e.to_string())?;
    let mut found = None;
    for definition in &doc.definitions {
        match definition {
            Definition::Fragment(fragment) if found.is_none() => {
                let mut spreads = BTreeSet::new();
                collect_spreads(&fragment.selection_set, &mut spreads);
                found = Some((fragment.name.clone(), spreads));
            }
            Definition::Fragment(_) => {
                return Err("a fragment file must hold exactly one fragment".into())
            }
            Definition::Operation(_) => {
                return Err("operations do not belong in a fragments folder".into())
            }
        }
    }
    found.ok_or_else(|| "no fragment found".into())
}

struct ParsedOperation {
    name: String,
    kind: OperationKind,
    root_field: String,
    /// The first field with arguments selected inside the root field: the
    /// connection a query pages inside an entity (`messages` of
    /// `discussion(discussionId) { messages(first: $first) { … } }`).
    paged: Option<String>,
    /// Every fragment the operation reaches, transitively, sorted by name.
    fragments: BTreeSet<String>,
}

fn parse_operation(
    source: &str,
    fragments: &BTreeMap<String, Fragment>,
) -> Result<ParsedOperation, String> {
    let doc = graphql_parser::parse_query::<String>(source).map_err(|e| e.to_string())?;
    let mut operation = None;
    for definition in &doc.definitions {
        match definition {
            Definition::Operation(op) if operation.is_none() => operation = Some(op),
            Definition::Operation(_) => {
                return Err("a document must hold exactly one operation".into())
            }
            Definition::Fragment(f) => {
                return Err(format!(
                    "fragment {} must live in graphql/fragments/, one per file",
                    f.name
                ))
            }
        }
    }
    let (kind, name, selection_set, variables) = match operation {
        Some(OperationDefinition::Query(q)) => (
            OperationKind::Query,
            &q.name,
            &q.selection_set,
            &q.variable_definitions,
        ),
        Some(OperationDefinition::Mutation(m)) => (
            OperationKind::Mutation,
            &m.name,
            &m.selection_set,
            &m.variable_definitions,
        ),
        Some(OperationDefinition::Subscription(_)) => {
            return Err("subscriptions are not supported (Plain documents no transport)".into())
        }
        Some(OperationDefinition::SelectionSet(_)) => {
            return Err("the operation must be named (query Name { ... })".into())
        }
        None => return Err("no operation found".into()),
    };
    // graphql_client's codegen panics on some defaults (`= null`) and
    // writes others as Rust that does not compile (an enum value): a
    // variable's default is refused here, with what to do instead.
    if let Some(variable) = variables.iter().find(|v| v.default_value.is_some()) {
        let default = variable
            .default_value
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(format!(
            "line {}: variable `${}` has a default value (`= {default}`), which the generator \
             cannot express in Rust: drop the default and declare the variable nullable (left \
             unset, it is not sent and Plain applies the argument's own default), or set the \
             value from Rust",
            variable.position.line, variable.name
        ));
    }
    let name = name
        .clone()
        .ok_or_else(|| "the operation must be named".to_string())?;
    let root_field = selection_set
        .items
        .iter()
        .find_map(|s| match s {
            Selection::Field(f) => Some(f.name.clone()),
            _ => None,
        })
        .ok_or_else(|| "the operation selects no root field".to_string())?;
    let paged = selection_set.items.iter().find_map(|s| match s {
        Selection::Field(root) => root
            .selection_set
            .items
            .iter()
            .find_map(|inner| match inner {
                Selection::Field(f) if !f.arguments.is_empty() => Some(f.name.clone()),
                _ => None,
            }),
        _ => None,
    });

    let mut direct = BTreeSet::new();
    collect_spreads(selection_set, &mut direct);
    let closure = fragment_closure(&direct, |name| fragments.get(name).map(|f| &f.spreads));
    if let Some(fragment) = closure.unknown.first() {
        return Err(format!(
            "spreads unknown fragment {fragment} (no graphql/fragments/ file defines it)"
        ));
    }
    let reached = closure.reached;

    Ok(ParsedOperation {
        name,
        kind,
        root_field,
        paged,
        fragments: reached,
    })
}

fn collect_spreads(selection_set: &SelectionSet<'_, String>, into: &mut BTreeSet<String>) {
    for selection in &selection_set.items {
        match selection {
            Selection::Field(field) => collect_spreads(&field.selection_set, into),
            Selection::InlineFragment(inline) => collect_spreads(&inline.selection_set, into),
            Selection::FragmentSpread(spread) => {
                into.insert(spread.fragment_name.clone());
            }
        }
    }
}
