//! `plain-opgen generate [--check]`: write (or check) graphql/generated/.

use std::process::ExitCode;

use plain_opgen::files;

const USAGE: &str = "usage: plain-opgen generate [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate"] => generate(false),
        ["generate", "--check"] => generate(true),
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
        "{} queries and {} mutations generated, {} fragments; {} root fields covered by hand-written documents; {} deprecated root fields skipped",
        summary.queries,
        summary.mutations,
        summary.fragments,
        summary.covered_by_hand,
        summary.deprecated_skipped.len()
    );
    Ok(())
}
