//! The build script's work, called from plain-sdk's `build.rs`.
//!
//! Output, all in `$OUT_DIR`:
//! - `operations.rs`: one module per operation (graphql_client codegen), with
//!   the types that are token-identical across operations hoisted to the top.
//! - `methods.rs`: one typed `PlainClient` method per operation.
//! - `areas.md`: the index of operations by area feature (`plain_sdk::areas`).
//! - `ui_placements.rs`, `ui_limits.rs`: where each UI component may go, and
//!   the length limits of its texts (`placements.rs`).
//! - `samples.rs`: sample variables for every operation (used by snapshot tests only).
//! - `webhook_payloads.rs`, `webhook_events.rs` (feature `webhooks` only):
//!   webhook payload types and the `Event` enum, from Plain's webhook JSON
//!   Schema (`webhooks/`).
//!
//! No network access happens here.

use std::path::{Path, PathBuf};

use crate::emit::{index, methods, placements, samples};
use crate::read::documents;
use crate::read::schema::SchemaInfo;
use crate::shape::{describe, generate, hoist, origins, rename};
use crate::warnings::Warnings;
use crate::{areas, layout, webhooks};

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

/// What the operations part of the generator writes: each file of
/// `$OUT_DIR` by name, and the warnings for cargo to show.
#[derive(Debug, Default)]
pub struct Generated {
    /// `(file name, contents)`: `areas.md`, `schema_info.rs`,
    /// `operations.rs`, `methods.rs`, `ui_placements.rs`, `ui_limits.rs`,
    /// `samples.rs`.
    pub files: Vec<(&'static str, String)>,
    /// What a maintainer should review (`facts.rs` entries the schema no
    /// longer fits, placements without a builder).
    pub warnings: Vec<String>,
    /// The files and directories the output depends on (for cargo to watch).
    pub inputs: Vec<PathBuf>,
    /// The schema's text as apollo-compiler takes it ([`crate::sdl::prepared`]).
    pub prepared_schema: String,
}

/// The generator's pipeline, with no environment and no files written:
/// reads the documents below `graphql_dir` (those of the areas
/// `area_enabled` accepts) and the schema at `schema_path`, and renders what
/// the build includes. `crate_root` is what documents' paths are shown
/// relative to; `scratch_dir` is where it may write the schema text it gives
/// graphql_client (see [`crate::sdl::without_one_of`]).
pub fn generate_operations(
    graphql_dir: &Path,
    crate_root: &Path,
    schema_path: &Path,
    scratch_dir: &Path,
    area_enabled: impl Fn(&str) -> bool,
) -> Result<Generated, String> {
    let docs = documents::load(graphql_dir, crate_root, |root_field| {
        area_enabled(areas::area_of(root_field))
    })?;
    let mut out = Generated::default();

    // Every operation, whatever the features: for the index of areas.
    let all_docs = documents::load(graphql_dir, crate_root, |_| true)?;
    out.inputs = all_docs
        .all_paths()
        .chain(all_docs.directories())
        .map(Path::to_path_buf)
        .collect();
    out.files
        .push(("areas.md", index::render_index(&all_docs, &docs)));

    let schema_text = std::fs::read_to_string(schema_path)
        .map_err(|e| format!("reading {}: {e}\n\n{SCHEMA_HELP}", schema_path.display()))?;
    let schema = SchemaInfo::parse(&schema_text).map_err(|e| {
        format!(
            "{}: not a GraphQL schema: {e}\n\
             The build needs Plain's schema as SDL (scripts/update-schema fetches it; \
             plain-opgen check --endpoint URL --write FILE reads it by introspection).",
            schema_path.display()
        )
    })?;
    out.files.push((
        "schema_info.rs",
        render_schema_info(schema_path, &schema_text, &schema, graphql_dir),
    ));

    // graphql_client reads the schema from a file named `*.graphql` (it
    // panics on another name) and must not see `@oneOf`: give it a copy
    // when either would bite.
    let graphql_named = schema_path
        .extension()
        .is_some_and(|e| e == "graphql" || e == "graphqls" || e == "gql");
    let codegen_schema = match crate::sdl::without_one_of(&schema_text) {
        std::borrow::Cow::Borrowed(_) if graphql_named => schema_path.to_path_buf(),
        text => {
            let path = scratch_dir.join("schema-for-codegen.graphql");
            write(&path, &text)?;
            path
        }
    };
    let generated =
        generate::generate_all(&docs, &codegen_schema, &schema.defaulted_input_fields())?;
    let mut hoisted = hoist::hoist(generated)?;
    let mut origins = origins::compute(&hoisted, &docs, &schema);
    rename::readable_names(&mut hoisted, &mut origins);
    rename::merge_aliased_fields(&mut hoisted, &origins, &schema);
    describe::describe(&mut hoisted, &origins, &schema, &docs);

    out.files
        .push(("operations.rs", hoisted.render_operations(&docs)));
    // Pagination impls first: the methods end with their test module.
    let mut methods = methods::render_pagination(&docs, &hoisted)?;
    methods.push('\n');
    let mut warnings = Warnings::default();
    methods.push_str(&methods::render_methods(
        &docs,
        &hoisted,
        &schema,
        &mut warnings,
    )?);
    out.files.push(("methods.rs", methods));
    out.files.push((
        "ui_placements.rs",
        placements::render(&schema, &mut warnings)?,
    ));
    out.files.push((
        "ui_limits.rs",
        placements::render_limits(&schema, &mut warnings),
    ));
    out.files.push((
        "samples.rs",
        samples::render_samples(&docs, &hoisted, &schema.one_of_inputs())?,
    ));
    out.warnings = warnings.0;
    out.prepared_schema = crate::sdl::prepared(&schema_text).into_owned();
    Ok(out)
}

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
    let generated = generate_operations(
        &graphql_dir,
        &manifest_dir,
        &schema_path,
        &out_dir,
        areas::enabled,
    )?;
    for path in &generated.inputs {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    for (name, contents) in &generated.files {
        write(&out_dir.join(name), contents)?;
    }
    for warning in &generated.warnings {
        println!("cargo:warning={warning}");
    }

    if std::env::var_os("CARGO_FEATURE_TESTING").is_some() {
        // `plain_sdk::testing` validates requests against the same schema
        // the types were generated from.
        write(&out_dir.join("schema.graphql"), &generated.prepared_schema)?;
    }
    if std::env::var_os("CARGO_FEATURE_WEBHOOKS").is_some() {
        generate_webhooks(&manifest_dir, &out_dir)?;
    }
    Ok(())
}

/// `plain_sdk::SCHEMA`: which schema this build compiled. The date comes
/// from the schema file's name (`schema-2026-08-09.graphql`), else from the
/// record `plain-opgen generate` wrote beside the documents when it is of
/// the same text (in the published package the schema is a plain file).
fn render_schema_info(
    schema_path: &Path,
    schema_text: &str,
    schema: &SchemaInfo,
    graphql_dir: &Path,
) -> String {
    let mut record = layout::SchemaRecord::of(schema_path, schema_text);
    if record.date.is_none() {
        let recorded = std::fs::read_to_string(
            graphql_dir
                .join(layout::GENERATED_DIR)
                .join(layout::SCHEMA_RECORD_FILE),
        )
        .ok()
        .and_then(|text| layout::SchemaRecord::parse(&text));
        if let Some(recorded) = recorded.filter(|r| r.sha256 == record.sha256) {
            record.date = recorded.date;
        }
    }
    let (queries, mutations, subscriptions) = schema.root_field_counts();
    format!(
        "/// The schema of Plain's this build of the crate was generated from.\n\
         pub const SCHEMA: SchemaInfo = SchemaInfo {{\n    \
         date: {:?},\n    sha256: {:?},\n    queries: {queries},\n    \
         mutations: {mutations},\n    subscriptions: {subscriptions},\n}};\n",
        record.date, record.sha256
    )
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
            "generating webhook types from {}: {e}\n(codegen/src/webhooks/ handles the subset of JSON Schema that Plain's file uses)",
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
