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
