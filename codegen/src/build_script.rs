//! The build script's work, called from plain-sdk's `build.rs`.
//!
//! Output, all in `$OUT_DIR`:
//! - `operations.rs`: one module per operation (graphql_client codegen), with
//!   the types that are token-identical across operations hoisted to the top.
//! - `methods.rs`: one typed `PlainClient` method per operation.
//! - `areas.md`: the index of operations by area feature (`plain_sdk::areas`).
//! - `samples.rs`: sample variables for every operation (used by snapshot tests only).
//! - `webhook_payloads.rs`, `webhook_events.rs` (feature `webhooks` only):
//!   webhook payload types and the `Event` enum, from Plain's webhook JSON
//!   Schema (`webhooks.rs`).
//!
//! No network access happens here.

use std::path::{Path, PathBuf};

use crate::{
    areas, describe, documents, facade, generate, hoist, layout, origins, placements, rename,
    samples, types, webhooks,
};

const SCHEMA_HELP: &str = "\
Plain's GraphQL schema was not found.

plain-sdk generates its types from Plain's published schema at build time.
Point the build at a copy of it in one of two ways:
  - set PLAIN_SCHEMA_PATH=/path/to/schema.graphql, or
  - make graphql/schema.graphql (in this crate) resolve to the file.
Download the current schema with:
  scripts/update-schema /path/to/schema.graphql
(it fetches https://core-api.uk.plain.com/graphql/v1/schema.graphql).";

const WEBHOOK_SCHEMA_HELP: &str = "\
Plain's webhook JSON Schema was not found.

With the `webhooks` feature (on by default) plain-sdk generates its webhook
payload types from Plain's published webhook schema at build time.
Point the build at a copy of it in one of two ways:
  - set PLAIN_WEBHOOK_SCHEMA_PATH=/path/to/webhook-schema.json, or
  - make webhooks/webhook-schema.json (in this crate) resolve to the file.
Download a version of it with:
  scripts/update-webhook-schema <version> /path/to/webhook-schema.json
Or build without webhooks: default-features = false.";

/// What plain-sdk's build script does: reads the schema and `graphql/`,
/// writes the generated Rust to `$OUT_DIR`, and tells cargo what to watch.
pub fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env("OUT_DIR")?);
    let graphql_dir = manifest_dir.join("graphql");

    println!("cargo:rerun-if-env-changed=PLAIN_SCHEMA_PATH");
    let schema_path = locate_schema(&graphql_dir)?;
    println!("cargo:rerun-if-changed={}", schema_path.display());
    // Watching the directories catches added and removed documents.
    println!("cargo:rerun-if-changed={}", graphql_dir.display());

    let docs = documents::load(&graphql_dir, &manifest_dir, |root_field| {
        areas::enabled(areas::area_of(root_field))
    })?;
    for path in docs.all_paths() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    for dir in docs.directories() {
        println!("cargo:rerun-if-changed={}", dir.display());
    }

    // Every operation, whatever the features: for the index of areas.
    let all_docs = documents::load(&graphql_dir, &manifest_dir, |_| true)?;
    write(
        &out_dir.join("areas.md"),
        &areas::render_index(&all_docs, &docs),
    )?;

    let schema_text = std::fs::read_to_string(&schema_path)
        .map_err(|e| format!("reading {}: {e}\n\n{SCHEMA_HELP}", schema_path.display()))?;
    let schema = types::SchemaInfo::parse(&schema_text)
        .map_err(|e| format!("parsing {}: {e}", schema_path.display()))?;

    let generated = generate::generate_all(&docs, &schema_path)?;
    let mut hoisted = hoist::hoist(generated)?;
    let mut origins = origins::compute(&hoisted, &docs, &schema);
    rename::readable_names(&mut hoisted, &mut origins);
    describe::describe(&mut hoisted, &origins, &schema, &docs);

    write(
        &out_dir.join("operations.rs"),
        &hoisted.render_operations(&docs),
    )?;
    // Pagination impls first: the methods end with their test module.
    let mut methods = facade::render_pagination(&docs, &hoisted)?;
    methods.push('\n');
    let mut warnings = facade::Warnings::default();
    methods.push_str(&facade::render_methods(
        &docs,
        &hoisted,
        &schema,
        &mut warnings,
    )?);
    write(&out_dir.join("methods.rs"), &methods)?;
    write(
        &out_dir.join("ui_placements.rs"),
        &placements::render(&schema, &mut warnings)?,
    )?;
    for warning in &warnings.0 {
        println!("cargo:warning={warning}");
    }
    write(
        &out_dir.join("samples.rs"),
        &samples::render_samples(&docs, &hoisted)?,
    )?;

    if std::env::var_os("CARGO_FEATURE_TESTING").is_some() {
        // `plain_sdk::testing` validates requests against the same schema
        // the types were generated from.
        write(&out_dir.join("schema.graphql"), &schema_text)?;
    }
    if std::env::var_os("CARGO_FEATURE_WEBHOOKS").is_some() {
        generate_webhooks(&manifest_dir, &out_dir)?;
    }
    Ok(())
}

/// Webhook payload types from Plain's webhook JSON Schema.
fn generate_webhooks(manifest_dir: &Path, out_dir: &Path) -> Result<(), String> {
    println!("cargo:rerun-if-env-changed=PLAIN_WEBHOOK_SCHEMA_PATH");
    let path = locate_file(
        "PLAIN_WEBHOOK_SCHEMA_PATH",
        &manifest_dir.join("webhooks").join("webhook-schema.json"),
        WEBHOOK_SCHEMA_HELP,
    )?;
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("reading {}: {e}\n\n{WEBHOOK_SCHEMA_HELP}", path.display()))?;
    let generated = webhooks::generate(&text).map_err(|e| {
        format!(
            "generating webhook types from {}: {e}\n(codegen/src/webhooks.rs handles the subset of JSON Schema that Plain's file uses)",
            path.display()
        )
    })?;
    if std::env::var_os("CARGO_FEATURE_TESTING").is_some() {
        // `plain_sdk::testing` makes sample deliveries from the same schema.
        write(&out_dir.join("webhook-schema.json"), &text)?;
    }
    write(&out_dir.join("webhook_payloads.rs"), &generated.payloads)?;
    write(&out_dir.join("webhook_events.rs"), &generated.events)?;
    Ok(())
}

/// The file named by the environment variable `var`, or else `default`.
fn locate_file(var: &str, default: &Path, help: &str) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(var) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "{var}={} is not a readable file.\n\n{help}",
                path.display()
            ))
        };
    }
    if default.is_file() {
        Ok(default.to_path_buf())
    } else {
        Err(format!(
            "{} does not resolve to a file.\n\n{help}",
            default.display()
        ))
    }
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("environment variable {name} is not set"))
}

/// The schema file (see [`layout::schema_path`]), or why there is none.
fn locate_schema(graphql_dir: &Path) -> Result<PathBuf, String> {
    let path = layout::schema_path(graphql_dir);
    if path.is_file() {
        return Ok(path);
    }
    Err(match std::env::var_os("PLAIN_SCHEMA_PATH") {
        Some(_) => format!(
            "PLAIN_SCHEMA_PATH={} is not a readable file.\n\n{SCHEMA_HELP}",
            path.display()
        ),
        None => format!(
            "{} does not resolve to a file.\n\n{SCHEMA_HELP}",
            path.display()
        ),
    })
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    // Leave the file alone when nothing changed, so dependants are not rebuilt.
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("writing {}: {e}", path.display()))
}
