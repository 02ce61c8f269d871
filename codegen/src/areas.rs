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
            "servicelevel",
            "businesshours",
            "survey",
        ],
    ),
    ("tasks", &["task"]),
    ("labels", &["label"]),
    ("tenants", &["tenant"]),
    ("accounts", &["account"]),
    ("companies", &["compan"]),
    ("tiers", &["tier"]),
    ("customers", &["customer", "spam"]),
    (
        "threads",
        &[
            "thread",
            "timeline",
            "discussion",
            "agentsession",
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

/// Root fields whose name would mislead the keywords: a user's own login
/// account is no customer account; a discussion's agent status belongs with
/// the discussion.
const AREA_OF_ROOT_FIELD: &[(&str, &str)] = &[
    ("myUserAccount", "users"),
    ("createUserAccount", "users"),
    ("updateDiscussionAgentStatus", "threads"),
];

/// The feature for generated operations that match no keyword.
pub const OTHER_AREA: &str = "other";

/// The area of a root field.
pub fn area_of(root_field: &str) -> &'static str {
    if let Some((_, area)) = AREA_OF_ROOT_FIELD.iter().find(|(f, _)| *f == root_field) {
        return area;
    }
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
        assert_eq!(area_of("upsertAccount"), "accounts");
        assert_eq!(area_of("addCustomerToAccounts"), "accounts");
        assert_eq!(area_of("myUserAccount"), "users");
        assert_eq!(area_of("createTask"), "tasks");
        assert_eq!(area_of("updateDiscussionAgentStatus"), "threads");
        assert_eq!(area_of("stopAgentSessionTurn"), "threads");
    }
}
