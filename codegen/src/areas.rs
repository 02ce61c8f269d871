//! API areas: which cargo feature compiles a generated operation.
//!
//! Hand-written documents (the curated surface in `graphql/queries` and
//! `graphql/mutations`) are always compiled. Generated documents belong to
//! the first area whose keyword occurs in their root field's name, and are
//! compiled only when that area's feature is on (`full` turns on all).

/// `(feature, keywords)`, matched against the lowercased root field name, in order.
pub const AREAS: &[(&str, &[&str])] = &[
    (
        "events",
        &[
            "threadevent",
            "customerevent",
            "publicevent",
            "subscriptioneventtypes",
        ],
    ),
    ("cards", &["customercard"]),
    (
        "integrations",
        &[
            "slack",
            "discord",
            "msteams",
            "linear",
            "jira",
            "github",
            "cursor",
            "chatapp",
            "serviceauthorization",
            "agenttool",
            "issuetracker",
            "workos",
            "hyperline",
            "importer",
            "importjob",
            "importsync",
            "importcustomers",
            "importtenant",
            "importthread",
        ],
    ),
    (
        "ai",
        &[
            "aitone",
            "aifeedback",
            "generatedrepl",
            "generateai",
            "generatehelp",
            "sidekick",
            "knowledgegap",
            "agentapproval",
            "cluster",
            "suggestedaction",
            "agentstatus",
        ],
    ),
    (
        "knowledge",
        &["knowledge", "indexeddocument", "helpcenter", "snippet"],
    ),
    (
        "automation",
        &[
            "workflow",
            "autoresponder",
            "escalation",
            "task",
            "servicelevel",
            "businesshours",
            "survey",
        ],
    ),
    ("labels", &["label"]),
    ("tenants", &["tenant"]),
    ("companies", &["compan"]),
    ("tiers", &["tier"]),
    ("customers", &["customer", "spam"]),
    (
        "threads",
        &[
            "thread",
            "timeline",
            "discussion",
            "assignee",
            "note",
            "attachment",
        ],
    ),
    ("webhook-targets", &["webhook"]),
    (
        "users",
        &[
            "user",
            "role",
            "permission",
            "machineuser",
            "apikey",
            "invite",
            "billingrota",
            "favoritepage",
        ],
    ),
    (
        "workspace",
        &[
            "workspace",
            "setting",
            "billing",
            "email",
            "metric",
            "embedtoken",
            "hmac",
            "notification",
        ],
    ),
];

/// The feature for generated operations that match no keyword.
pub const OTHER_AREA: &str = "other";

/// The area of a root field.
pub fn area_of(root_field: &str) -> &'static str {
    let lower = root_field.to_ascii_lowercase();
    AREAS
        .iter()
        .find(|(_, keywords)| keywords.iter().any(|k| lower.contains(k)))
        .map_or(OTHER_AREA, |(area, _)| area)
}

/// Whether the feature of `area` is on in this build.
pub fn enabled(area: &str) -> bool {
    let feature = area.to_ascii_uppercase().replace('-', "_");
    std::env::var_os(format!("CARGO_FEATURE_{feature}")).is_some()
}

#[cfg(feature = "generator")]
/// The Markdown of `plain_sdk::areas`: every operation of `all`, by the
/// feature that compiles it. Operations this build compiles (`compiled`)
/// link to their method; the others name the feature to turn on.
pub fn render_index(
    all: &crate::documents::Documents,
    compiled: &crate::documents::Documents,
) -> String {
    use std::collections::{BTreeMap, BTreeSet};
    let compiled: BTreeSet<&str> = compiled
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    let mut by_area: BTreeMap<&str, Vec<&crate::documents::Operation>> = BTreeMap::new();
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
            crate::documents::OperationKind::Query => (q + 1, m),
            crate::documents::OperationKind::Mutation => (q, m + 1),
        });
        out.push_str(&format!(
            "\n# {heading}\n\n{queries} queries, {mutations} mutations.\n\n\
             | method | kind | root field |\n|---|---|---|\n"
        ));
        for op in ops {
            let method = crate::layout::method_name(&op.name);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// plain-sdk's `[features]`, as `(name, what it turns on)`: one line
    /// each, as its manifest writes them.
    fn features() -> Vec<(String, Vec<String>)> {
        let manifest = include_str!("../../Cargo.toml");
        let section = manifest
            .split("\n[features]\n")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .expect("plain-sdk's Cargo.toml has a [features] table");
        section
            .lines()
            .filter_map(|line| {
                let (name, value) = line.split_once('=')?;
                let list = value.trim().strip_prefix('[')?.strip_suffix(']')?;
                let items = list
                    .split(',')
                    .map(|item| item.trim().trim_matches('"').to_owned())
                    .filter(|item| !item.is_empty())
                    .collect();
                Some((name.trim().to_owned(), items))
            })
            .collect()
    }

    /// An area without its feature would never be compiled, silently.
    #[test]
    fn every_area_is_a_feature_and_full_turns_on_each() {
        let features = features();
        let feature = |name: &str| features.iter().find(|(n, _)| n == name).map(|(_, on)| on);
        let areas: Vec<&str> = AREAS
            .iter()
            .map(|(area, _)| *area)
            .chain([OTHER_AREA])
            .collect();
        for area in &areas {
            assert_eq!(
                feature(area).map(Vec::len),
                Some(0),
                "area {area} needs a feature of its own, `{area} = []`, in plain-sdk's Cargo.toml"
            );
        }
        let mut full: Vec<&str> = feature("full")
            .expect("a feature `full`")
            .iter()
            .map(String::as_str)
            .collect();
        full.sort_unstable();
        let mut expected = areas.clone();
        expected.sort_unstable();
        assert_eq!(full, expected, "`full` turns on every area, and only areas");
    }

    #[test]
    fn root_fields_find_their_area() {
        assert_eq!(area_of("createThreadEvent"), "events");
        assert_eq!(area_of("customerCardConfigs"), "cards");
        assert_eq!(area_of("somethingNobodyListed"), OTHER_AREA);
    }
}
