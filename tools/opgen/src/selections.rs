//! What each operation document selects, as paths from its root field, and
//! which selections a regeneration stops making without the schema diff
//! naming a break: `plain-opgen selections`, run by CI on each update so
//! that no field users read disappears silently.
//!
//! A path names each field by its response key (`alias:name` when aliased,
//! but for the generator's merge aliases, which Rust does not see)
//! and each type condition that narrows (`(on UserActor)`), so the same
//! field selected on two union members is two paths. Beside each path, the
//! schema coordinates it passes through (`Mutation.upsertCustomer`,
//! `UpsertCustomerOutput.customer`, `Customer.name`, `UserActor`): a dropped
//! path is explained when the diff names one of them as breaking.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use apollo_compiler::executable::{ExecutableDocument, Selection, SelectionSet};
use apollo_compiler::validation::Valid;

use plain_sdk_codegen::layout::merge_alias;

use crate::diff::{Change, Severity};

/// Selected paths of one operation → the schema coordinates each passes through.
pub type Paths = BTreeMap<String, Vec<String>>;

/// Operation name → what it selects, for every named operation of `documents`.
pub fn selected<'a>(
    documents: impl IntoIterator<Item = &'a Valid<ExecutableDocument>>,
) -> BTreeMap<String, Paths> {
    let mut out = BTreeMap::new();
    for document in documents {
        for (name, operation) in &document.operations.named {
            let mut paths = Paths::new();
            walk(document, &operation.selection_set, "", &[], &mut paths);
            out.insert(name.to_string(), paths);
        }
    }
    out
}

fn walk(
    document: &ExecutableDocument,
    set: &SelectionSet,
    prefix: &str,
    coordinates: &[String],
    out: &mut Paths,
) {
    for selection in &set.selections {
        match selection {
            Selection::Field(field) => {
                // A merge alias is the field itself in Rust (the generator
                // keeps the field's name): not a different selection.
                let key = match &field.alias {
                    Some(alias) if alias.as_str() != merge_alias(&set.ty, &field.name) => {
                        format!("{alias}:{}", field.name)
                    }
                    _ => field.name.to_string(),
                };
                let path = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                let mut through = coordinates.to_vec();
                through.push(format!("{}.{}", set.ty, field.name));
                walk(document, &field.selection_set, &path, &through, out);
                out.insert(path, through);
            }
            Selection::InlineFragment(inline) => narrowed(
                document,
                set,
                &inline.selection_set,
                prefix,
                coordinates,
                out,
            ),
            Selection::FragmentSpread(spread) => {
                // Validation guarantees the fragment exists and spreads no cycle.
                if let Some(fragment) = document.fragments.get(&spread.fragment_name) {
                    narrowed(
                        document,
                        set,
                        &fragment.selection_set,
                        prefix,
                        coordinates,
                        out,
                    )
                }
            }
        }
    }
}

/// A fragment's selections, under `(on Type)` when it narrows the type.
fn narrowed(
    document: &ExecutableDocument,
    outer: &SelectionSet,
    inner: &SelectionSet,
    prefix: &str,
    coordinates: &[String],
    out: &mut Paths,
) {
    if inner.ty == outer.ty {
        return walk(document, inner, prefix, coordinates, out);
    }
    let prefix = format!("{prefix}(on {})", inner.ty);
    let mut through = coordinates.to_vec();
    through.push(inner.ty.to_string());
    walk(document, inner, &prefix, &through, out);
}

/// A selection the base made and the new documents do not.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dropped {
    /// The operation, by name.
    pub operation: String,
    /// The path from its root field; empty when the whole operation is gone.
    pub path: String,
    /// The schema coordinate the path ends at (or the operation's root field).
    pub coordinate: String,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(
                f,
                "operation {} is gone, and the diff names no break of {}",
                self.operation, self.coordinate
            )
        } else {
            write!(
                f,
                "operation {} stops selecting {} ({}), and the diff names no break on its way",
                self.operation, self.path, self.coordinate
            )
        }
    }
}

/// The schema coordinates a change names as a break of selections: breaking
/// changes, and fields newly deprecated (regenerated documents stop
/// selecting them, which removes what users read).
fn breaking_coordinates(changes: &[Change]) -> BTreeSet<String> {
    changes
        .iter()
        .filter(|c| {
            c.severity() == Severity::Breaking || matches!(c, Change::FieldDeprecated { .. })
        })
        .map(Change::coordinate)
        .collect()
}

/// Whether `coordinate` (`Type.field` or `Type`) is named by a break, or
/// its type is.
fn is_named(coordinate: &str, named: &BTreeSet<String>) -> bool {
    named.contains(coordinate)
        || coordinate
            .split_once('.')
            .is_some_and(|(ty, _)| named.contains(ty))
}

/// What `base` selected and `new` does not, leaving out what `changes`
/// names as a break (a removed field, type, member or root field; a
/// deprecation; a retyped field, with everything below it).
pub fn dropped(
    base: &BTreeMap<String, Paths>,
    new: &BTreeMap<String, Paths>,
    changes: &[Change],
) -> Vec<Dropped> {
    let named = breaking_coordinates(changes);
    let mut out = Vec::new();
    for (operation, paths) in base {
        let Some(now) = new.get(operation) else {
            // The root field's coordinate is the first of every path.
            let root = paths
                .values()
                .filter_map(|through| through.first())
                .next()
                .cloned()
                .unwrap_or_default();
            if !is_named(&root, &named) {
                out.push(Dropped {
                    operation: operation.clone(),
                    path: String::new(),
                    coordinate: root,
                });
            }
            continue;
        };
        for (path, through) in paths {
            if now.contains_key(path) || through.iter().any(|c| is_named(c, &named)) {
                continue;
            }
            out.push(Dropped {
                operation: operation.clone(),
                path: path.clone(),
                coordinate: through.last().cloned().unwrap_or_default(),
            });
        }
    }
    out
}
