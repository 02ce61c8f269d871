//! Where the schema and documents live, and writing or checking the generated tree.

use std::path::{Path, PathBuf};

use plain_sdk_codegen::layout;

use crate::generate::{generate, Files, HandWritten, Summary};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `PLAIN_SCHEMA_PATH`, else `graphql/schema.graphql`.
pub fn schema_path(root: &Path) -> PathBuf {
    plain_sdk_codegen::layout::schema_path(&root.join("graphql"))
}

/// Parses and validates a schema file.
pub fn load_schema(
    path: &Path,
) -> Result<apollo_compiler::validation::Valid<apollo_compiler::Schema>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the schema at {}: {e} (set PLAIN_SCHEMA_PATH, or see scripts/update-schema)",
            path.display()
        )
    })?;
    apollo_compiler::Schema::parse_and_validate(
        plain_sdk_codegen::sdl::prepared(&text).into_owned(),
        path,
    )
    .map_err(|e| format!("{}: invalid schema: {}", path.display(), e.errors))
}

/// Generates the documents for the repository at `root`, in memory.
/// With the documents goes the record of the schema they come from
/// (`graphql/generated/schema.txt`: its date and sha256).
pub fn generate_for(root: &Path) -> Result<(Files, Summary), String> {
    generate_from(&schema_path(root), &root.join("graphql"))
}

/// Generates `graphql_dir/generated/` from the schema at `schema` and the
/// hand-written documents below `graphql_dir`, in memory.
pub fn generate_from(schema: &Path, graphql_dir: &Path) -> Result<(Files, Summary), String> {
    let parsed = load_schema(schema)?;
    let hand = HandWritten::scan(graphql_dir)?;
    let (mut files, summary) = generate(&parsed, &hand)?;
    let text = std::fs::read_to_string(schema)
        .map_err(|e| format!("cannot read the schema at {}: {e}", schema.display()))?;
    files.insert(
        Path::new(layout::GENERATED_DIR).join(layout::SCHEMA_RECORD_FILE),
        layout::SchemaRecord::of(schema, &text).render(),
    );
    Ok((files, summary))
}

/// The dated snapshot that came before `current` in its folder:
/// `schema-2026-05-11.graphql` before `schema-2026-08-09.graphql` (links
/// followed). `None` when `current` is not dated or is the oldest.
pub fn previous_snapshot(current: &Path) -> Result<Option<PathBuf>, String> {
    let current = std::fs::canonicalize(current)
        .map_err(|e| format!("cannot resolve {}: {e}", current.display()))?;
    let date = |path: &Path| {
        path.file_name()
            .and_then(|name| name.to_str())
            .and_then(layout::schema_date)
    };
    let (Some(dir), Some(current_date)) = (current.parent(), date(&current)) else {
        return Ok(None);
    };
    let mut previous: Option<(String, PathBuf)> = None;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(found) = date(&path) {
            let later = previous.as_ref().is_none_or(|(best, _)| found > *best);
            if found < current_date && later && path.is_file() {
                previous = Some((found, path));
            }
        }
    }
    Ok(previous.map(|(_, path)| path))
}

/// Files below `graphql/generated/` on disk, relative to `graphql/`.
pub fn on_disk(graphql_dir: &Path) -> Result<Files, String> {
    let mut files = Files::new();
    let generated = graphql_dir.join("generated");
    if !generated.exists() {
        return Ok(files);
    }
    let mut stack = vec![generated];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let rel = path.strip_prefix(graphql_dir).map_err(|e| e.to_string())?;
                files.insert(rel.to_path_buf(), text);
            }
        }
    }
    Ok(files)
}

/// Differences between what the generator writes and what is on disk.
pub fn differences(expected: &Files, actual: &Files) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in expected {
        match actual.get(path) {
            None => out.push(format!("missing: graphql/{}", path.display())),
            Some(current) if current != text => {
                out.push(format!("changed: graphql/{}", path.display()))
            }
            _ => {}
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        out.push(format!("stale: graphql/{}", path.display()));
    }
    out
}

/// Replaces `graphql/generated/` with `files`.
pub fn write(graphql_dir: &Path, files: &Files) -> Result<(), String> {
    let current = on_disk(graphql_dir)?;
    for path in current.keys().filter(|p| !files.contains_key(*p)) {
        std::fs::remove_file(graphql_dir.join(path)).map_err(|e| e.to_string())?;
    }
    for (path, text) in files {
        let full = graphql_dir.join(path);
        if current.get(path) == Some(text) {
            continue;
        }
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&full, text).map_err(|e| format!("{}: {e}", full.display()))?;
    }
    Ok(())
}
