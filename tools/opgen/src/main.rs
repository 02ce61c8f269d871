//! `plain-opgen generate [--check]`: write (or check) graphql/generated/.
//!
//! `plain-opgen diff OLD.graphql NEW.graphql [--documents DIR] [--changelog [--version V --date D] | --items]`:
//! report what the change from OLD to NEW would break in generated code,
//! which operation documents under DIR (default: the repository's
//! `graphql/`) would become invalid, and what each change does to Rust code
//! that uses the crate. `--changelog` prints a CHANGELOG section instead
//! (headed `[V] - D` with `--version V --date D`, else `[Unreleased]`);
//! `--items` the Rust items that break, one per line. Exits 0 when nothing
//! breaks, 1 when something does (the wire, or a Rust item users' code
//! names: what makes a release breaking), 2 on usage or schema errors.
//!
//! `plain-opgen check --endpoint URL [--documents DIR] [--write FILE]`:
//! fetches the schema the endpoint serves (the SDL beside it, else an
//! introspection query; `PLAIN_API_KEY` is sent when set) and reports, as
//! `diff` does, what differs from the schema the crate is built from
//! (`PLAIN_SCHEMA_PATH`, else `graphql/schema.graphql`). Exits 1 when
//! something breaks, 2 when the endpoint cannot be read. `--write FILE`
//! also saves the fetched SDL.
//!
//! `plain-opgen selections OLD.graphql NEW.graphql --base DIR [--documents DIR]`:
//! compares what each operation under `--base` (documents as they were,
//! against OLD) selects with what the documents under DIR (default: the
//! repository's `graphql/`) select against NEW, and names each field path
//! no longer selected that the diff of OLD to NEW does not call a break.
//! Exits 1 when there is one, 0 when none, 2 on usage or schema errors.
//!
//! `plain-opgen derive next|breaking IN.graphql OUT.graphql`: writes a schema
//! derived from IN with additive (or breaking) changes of every kind, for
//! `scripts/schema-round-trip`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use plain_opgen::{evolution, files, report, rust, selections};

const USAGE: &str = "usage: plain-opgen generate [--check]
       plain-opgen diff OLD.graphql NEW.graphql [--documents DIR] [--changelog [--version V --date D] | --items]
       plain-opgen check --endpoint URL [--documents DIR] [--write FILE]
       plain-opgen selections OLD.graphql NEW.graphql --base DIR [--documents DIR]
       plain-opgen derive next|breaking IN.graphql OUT.graphql";

/// A command that reports changes: `Ok(true)` when something breaks.
type Reporting = fn(&[String]) -> Result<bool, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command: Option<Reporting> = match args.first().map(String::as_str) {
        Some("diff") => Some(run_diff),
        Some("check") => Some(run_check),
        Some("selections") => Some(run_selections),
        _ => None,
    };
    if let Some(command) = command {
        return match command(&args[1..]) {
            Ok(true) => ExitCode::from(1),
            Ok(false) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("plain-opgen: {message}");
                ExitCode::from(2)
            }
        };
    }
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate"] => generate(false),
        ["generate", "--check"] => generate(true),
        ["derive", how, input, output] => derive(how, Path::new(input), Path::new(output)),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("plain-opgen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate(check: bool) -> Result<(), String> {
    let root = files::repo_root();
    let graphql = root.join("graphql");
    let (expected, summary) = files::generate_for(&root)?;
    if check {
        let diffs = files::differences(&expected, &files::on_disk(&graphql)?);
        if !diffs.is_empty() {
            return Err(format!(
                "graphql/generated/ is out of date; run `cargo run -p plain-opgen -- generate`:\n  {}",
                diffs.join("\n  ")
            ));
        }
    } else {
        files::write(&graphql, &expected)?;
    }
    println!(
        "{} queries ({} of them paging a connection inside an entity) and {} mutations generated, {} fragments; {} root fields covered by hand-written documents; {} of the generated ones deprecated by Plain (their methods are #[deprecated])",
        summary.queries,
        summary.nested,
        summary.mutations,
        summary.fragments,
        summary.covered_by_hand,
        summary.deprecated.len()
    );
    Ok(())
}

fn derive(how: &str, input: &Path, output: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let derived = match how {
        "next" => evolution::next(&text)?,
        "breaking" => evolution::breaking(&text)?,
        _ => return Err(USAGE.to_string()),
    };
    parse_schema_text(&derived, output)?;
    std::fs::write(output, derived)
        .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    if how == "next" {
        for kind in evolution::NEXT_KINDS {
            println!("{kind}");
        }
    }
    Ok(())
}

/// What `diff` prints.
#[derive(PartialEq)]
enum Output {
    Report,
    Changelog,
    Items,
}

/// Runs `diff`; `Ok(true)` when something breaks.
fn run_diff(args: &[String]) -> Result<bool, String> {
    let mut schemas = Vec::new();
    let mut documents: Option<PathBuf> = None;
    let mut output = Output::Report;
    let mut version: Option<String> = None;
    let mut date: Option<String> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--documents" => match rest.next() {
                Some(dir) if documents.is_none() => documents = Some(PathBuf::from(dir)),
                _ => return Err(USAGE.to_string()),
            },
            "--changelog" if output == Output::Report => output = Output::Changelog,
            "--version" => match rest.next() {
                Some(v) if version.is_none() => version = Some(v.clone()),
                _ => return Err(USAGE.to_string()),
            },
            "--date" => match rest.next() {
                Some(d) if date.is_none() => date = Some(d.clone()),
                _ => return Err(USAGE.to_string()),
            },
            "--items" if output == Output::Report => output = Output::Items,
            flag if flag.starts_with("--") => return Err(USAGE.to_string()),
            path => schemas.push(PathBuf::from(path)),
        }
    }
    let [old_path, new_path] = schemas.as_slice() else {
        return Err(USAGE.to_string());
    };
    let old = parse_schema(old_path)?;
    let new = parse_schema(new_path)?;
    let documents = documents.unwrap_or_else(default_documents);
    let comparison = report::Comparison::of(&old, &new, &documents)?;
    let changes = &comparison.changes;
    let api = rust::Api::scan(&documents)?;
    let breaking = comparison.breaks_code(&api);
    match output {
        Output::Changelog => {
            let release = match (&version, &date) {
                (Some(version), Some(date)) => Some((version.as_str(), date.as_str())),
                (None, None) => None,
                _ => return Err("--version and --date go together".to_string()),
            };
            let instead = plain_opgen::replacements::suggest(&old, &new, changes);
            print!("{}", rust::changelog(&api, changes, &instead, release));
            return Ok(breaking);
        }
        Output::Items => {
            for item in rust::breaking_items(&api, changes) {
                println!("{item}");
            }
            return Ok(breaking);
        }
        Output::Report => {}
    }
    print!("{}", comparison.render());
    print!("{}", rust::render(&api, changes));
    if !comparison.already_invalid.is_empty() {
        let files: std::collections::BTreeSet<&str> = comparison
            .already_invalid
            .iter()
            .map(|d| d.file.as_str())
            .collect();
        println!(
            "Note: already invalid against {} (not counted above): {}",
            old_path.display(),
            files.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    Ok(breaking)
}

/// Runs `check`; `Ok(true)` when the live schema breaks what the crate offers.
fn run_check(args: &[String]) -> Result<bool, String> {
    let mut endpoint = None;
    let mut documents: Option<PathBuf> = None;
    let mut write: Option<PathBuf> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let slot = match arg.as_str() {
            "--endpoint" if endpoint.is_none() => {
                endpoint = rest.next().cloned();
                continue;
            }
            "--documents" if documents.is_none() => &mut documents,
            "--write" if write.is_none() => &mut write,
            _ => return Err(USAGE.to_string()),
        };
        *slot = rest.next().map(PathBuf::from);
    }
    let Some(endpoint) = endpoint else {
        return Err(USAGE.to_string());
    };
    let compiled_path = files::schema_path(&files::repo_root());
    let compiled = parse_schema(&compiled_path)?;
    let api_key = std::env::var("PLAIN_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    let fetched = plain_opgen::remote::fetch(&endpoint, api_key.as_deref())?;
    let live_name = Path::new(&fetched.source);
    let live = parse_schema_text(&fetched.sdl, live_name)
        .map_err(|e| format!("the schema {} serves does not parse: {e}", fetched.source))?;
    if let Some(path) = &write {
        std::fs::write(path, &fetched.sdl)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let documents = documents.unwrap_or_else(default_documents);
    let comparison = report::Comparison::of(&compiled, &live, &documents)?;
    let api = rust::Api::scan(&documents)?;
    println!(
        "Compared the schema the crate is built from ({}) with {}.",
        compiled_path.display(),
        fetched.source
    );
    if comparison.changes.is_empty() {
        println!("No difference that matters to generated code.");
        return Ok(false);
    }
    print!("{}", comparison.render());
    print!("{}", rust::render(&api, &comparison.changes));
    Ok(comparison.breaks_code(&api))
}

/// Runs `selections`; `Ok(true)` when a selection goes unnamed.
fn run_selections(args: &[String]) -> Result<bool, String> {
    let mut schemas = Vec::new();
    let mut base: Option<PathBuf> = None;
    let mut documents: Option<PathBuf> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let slot = match arg.as_str() {
            "--base" if base.is_none() => &mut base,
            "--documents" if documents.is_none() => &mut documents,
            flag if flag.starts_with("--") => return Err(USAGE.to_string()),
            path => {
                schemas.push(PathBuf::from(path));
                continue;
            }
        };
        *slot = rest.next().map(PathBuf::from);
    }
    let ([old_path, new_path], Some(base)) = (schemas.as_slice(), base) else {
        return Err(USAGE.to_string());
    };
    let old = parse_schema(old_path)?;
    let new = parse_schema(new_path)?;
    let documents = documents.unwrap_or_else(default_documents);
    let changes = plain_opgen::diff::diff(&old, &new);
    let selected = |dir: &Path, schema| -> Result<_, String> {
        let executables = plain_opgen::validate::Documents::read(dir)?.executables(schema);
        Ok(selections::selected(executables.iter().map(|(_, e)| e)))
    };
    let before = selected(&base, &old)?;
    let after = selected(&documents, &new)?;
    let dropped = selections::dropped(&before, &after, &changes);
    let paths: usize = before.values().map(|p| p.len()).sum();
    if dropped.is_empty() {
        println!(
            "Every selection of the {} operations under {} ({paths} field paths) is still made, or its loss is named a break.",
            before.len(),
            base.display()
        );
        return Ok(false);
    }
    println!(
        "{} selections stop without the diff of {} to {} naming a break:",
        dropped.len(),
        old_path.display(),
        new_path.display()
    );
    for lost in &dropped {
        println!("  - {lost}");
    }
    Ok(true)
}

/// The documents of this repository's `graphql/`, when none are named.
fn default_documents() -> PathBuf {
    let default = files::repo_root().join("graphql");
    std::fs::canonicalize(&default).unwrap_or(default)
}

fn parse_schema(
    path: &Path,
) -> Result<apollo_compiler::validation::Valid<apollo_compiler::Schema>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_schema_text(&text, path)
}

fn parse_schema_text(
    text: &str,
    path: &Path,
) -> Result<apollo_compiler::validation::Valid<apollo_compiler::Schema>, String> {
    apollo_compiler::Schema::parse_and_validate(
        plain_sdk_codegen::sdl::prepared(text).into_owned(),
        path,
    )
    .map_err(|e| format!("{}: invalid schema:\n{}", path.display(), e.errors))
}
