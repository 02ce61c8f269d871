//! `areas.md`, the index of operations by area feature (`plain_sdk::areas`).

use std::collections::{BTreeMap, BTreeSet};

use crate::layout::method_name;
use crate::read::documents::{Documents, Operation, OperationKind};

/// The Markdown of `plain_sdk::areas`: every operation of `all`, by the
/// feature that compiles it. Operations this build compiles (`compiled`)
/// link to their method; the others name the feature to turn on.
pub fn render_index(all: &Documents, compiled: &Documents) -> String {
    let compiled: BTreeSet<&str> = compiled
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    let mut by_area: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &all.operations {
        by_area
            .entry(op.feature().unwrap_or(""))
            .or_default()
            .push(op);
    }
    let mut out = String::from(
        "Every operation of this crate, by the cargo feature that compiles it.\n\n\
         The curated operations are always compiled; each generated one belongs to the \
         API area its root field names, and is compiled with that area's feature (or `full`). \
         Methods of the areas this build compiles are linked.\n",
    );
    for (area, ops) in by_area {
        let heading = if area.is_empty() {
            "Curated (every build)".to_string()
        } else {
            format!("Feature `{area}`")
        };
        let (queries, mutations) = ops.iter().fold((0, 0), |(q, m), op| match op.kind {
            OperationKind::Query => (q + 1, m),
            OperationKind::Mutation => (q, m + 1),
        });
        out.push_str(&format!(
            "\n# {heading}\n\n{queries} queries, {mutations} mutations.\n\n\
             | method | kind | root field |\n|---|---|---|\n"
        ));
        for op in ops {
            let method = method_name(&op.name);
            let method = if compiled.contains(op.name.as_str()) {
                format!("[`{method}`](crate::PlainClient::{method})")
            } else {
                format!("`{method}` (feature `{area}`)")
            };
            out.push_str(&format!(
                "| {method} | {} | `{}` |\n",
                op.kind.keyword(),
                op.root_field
            ));
        }
    }
    out
}
