//! The layout of `graphql/` and the names derived from it: written once,
//! here, for the build script, `tools/opgen` and plain-sdk's tests. No
//! generator dependencies (only `heck`, for the naming rules), so those can
//! use it cheaply.
//!
//! ```text
//! graphql/
//!   schema.graphql          Plain's schema (a symlink; third-party data)
//!   fragments/*.graphql     hand-written fragments, one per file, shared
//!   queries/*.graphql       hand-written operations, one per file
//!   mutations/*.graphql
//!   generated/…             what tools/opgen writes: the same layout again
//! ```

use std::path::{Path, PathBuf};

/// The schema file inside `graphql/`.
pub const SCHEMA_FILE: &str = "schema.graphql";
/// Fragments, inside `graphql/` and inside `graphql/generated/`.
pub const FRAGMENTS_DIR: &str = "fragments";
/// What tools/opgen writes, inside `graphql/`.
pub const GENERATED_DIR: &str = "generated";

/// Where Plain's schema is read from: `PLAIN_SCHEMA_PATH` when set, else
/// `graphql/schema.graphql` (a relative symlink in the repository).
pub fn schema_path(graphql_dir: &Path) -> PathBuf {
    std::env::var_os("PLAIN_SCHEMA_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| graphql_dir.join(SCHEMA_FILE))
}

/// Whether an operation reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OperationKind {
    Query,
    Mutation,
}

impl OperationKind {
    /// The keyword that starts an operation of this kind.
    pub fn keyword(self) -> &'static str {
        match self {
            OperationKind::Query => "query",
            OperationKind::Mutation => "mutation",
        }
    }

    /// The kind an operation keyword names; `None` for `subscription` and anything else.
    pub fn from_keyword(keyword: &str) -> Option<Self> {
        match keyword {
            "query" => Some(OperationKind::Query),
            "mutation" => Some(OperationKind::Mutation),
            _ => None,
        }
    }

    /// The folder below `graphql/` (or `graphql/generated/`) that holds documents of this kind.
    pub fn folder(self) -> &'static str {
        match self {
            OperationKind::Query => "queries",
            OperationKind::Mutation => "mutations",
        }
    }
}

/// Where a `.graphql` file sits, relative to `graphql/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `schema.graphql`.
    Schema,
    /// A fragment, hand-written or generated.
    Fragment { generated: bool },
    /// An operation, hand-written or generated.
    Operation { generated: bool },
}

/// Where `relative` (a path below `graphql/`) sits in the layout.
pub fn place(relative: &Path) -> Place {
    if relative == Path::new(SCHEMA_FILE) {
        return Place::Schema;
    }
    let generated = relative.starts_with(GENERATED_DIR);
    let inner = relative.strip_prefix(GENERATED_DIR).unwrap_or(relative);
    if inner.starts_with(FRAGMENTS_DIR) {
        Place::Fragment { generated }
    } else {
        Place::Operation { generated }
    }
}

/// Every `.graphql` file below `dir`, sorted; the directories visited are
/// added to `directories` (a build script watches them for new files).
pub fn graphql_files(dir: &Path, directories: &mut Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) -> Result<(), String> {
        dirs.push(dir.to_path_buf());
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                walk(&path, files, dirs)?;
            } else if path.extension().is_some_and(|e| e == "graphql") {
                files.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, &mut files, directories)?;
    files.sort();
    Ok(files)
}

/// `path` relative to `base`, with `/` separators, for messages and docs.
pub fn display_path(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The operation name for a root field or a file stem: the first letter
/// upper-cased (`customerGroups` → `CustomerGroups`,
/// `getCustomerById.graphql` → `GetCustomerById`).
pub fn operation_name(root_field_or_stem: &str) -> String {
    let mut chars = root_field_or_stem.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The Rust name of an operation's module and `PlainClient` method
/// (`CreateThreadEvent` → `create_thread_event`).
pub fn method_name(operation: &str) -> String {
    heck::ToSnakeCase::to_snake_case(operation)
}

/// The Rust name of a GraphQL field, argument or input field, as
/// graphql_client's codegen writes it (`threadId` → `thread_id`, `type` → `type_`).
pub fn field_name(graphql: &str) -> String {
    let snake = heck::ToSnakeCase::to_snake_case(graphql);
    if RUST_KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The Rust name of an enum value (`IN_PROGRESS` → `InProgress`).
pub fn variant_name(value: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(value)
}

/// Words graphql_client's codegen suffixes with `_` (its list, version 0.16).
const RUST_KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_names() {
        assert_eq!(method_name("CreateThreadEvent"), "create_thread_event");
        assert_eq!(field_name("threadId"), "thread_id");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(
            field_name("slackTeamImageUrl68px"),
            "slack_team_image_url68px"
        );
        assert_eq!(variant_name("IN_PROGRESS"), "InProgress");
        assert_eq!(variant_name("XXXL"), "Xxxl");
    }

    #[test]
    fn places() {
        let cases = [
            ("schema.graphql", Place::Schema),
            (
                "fragments/ThreadParts.graphql",
                Place::Fragment { generated: false },
            ),
            (
                "queries/getCustomerById.graphql",
                Place::Operation { generated: false },
            ),
            (
                "generated/fragments/TierParts.graphql",
                Place::Fragment { generated: true },
            ),
            (
                "generated/mutations/createTier.graphql",
                Place::Operation { generated: true },
            ),
        ];
        for (path, expected) in cases {
            assert_eq!(place(Path::new(path)), expected, "{path}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(operation_name("customerGroups"), "CustomerGroups");
        assert_eq!(operation_name("getCustomerById"), "GetCustomerById");
        assert_eq!(operation_name(""), "");
        assert_eq!(
            OperationKind::from_keyword("query"),
            Some(OperationKind::Query)
        );
        assert_eq!(OperationKind::from_keyword("subscription"), None);
        assert_eq!(OperationKind::Mutation.folder(), "mutations");
    }

    #[test]
    fn files_are_found_sorted_and_displayed_relative() {
        let root = std::env::temp_dir().join(format!("plain-sdk-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("queries")).unwrap();
        std::fs::create_dir_all(root.join("fragments")).unwrap();
        for file in [
            "queries/b.graphql",
            "queries/a.graphql",
            "fragments/F.graphql",
            "notes.txt",
        ] {
            std::fs::write(root.join(file), "").unwrap();
        }
        let mut dirs = Vec::new();
        let files = graphql_files(&root, &mut dirs).unwrap();
        let shown: Vec<String> = files.iter().map(|f| display_path(f, &root)).collect();
        assert_eq!(
            shown,
            [
                "fragments/F.graphql",
                "queries/a.graphql",
                "queries/b.graphql"
            ]
        );
        assert_eq!(dirs.len(), 3);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
