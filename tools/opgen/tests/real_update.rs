//! Plain's real update, as a maintainer goes through it: from the dated
//! snapshot before the compiled-in schema (beside it in `../shared/plain`)
//! to that schema.
//!
//! The hand-written documents are regenerated on the previous schema (the
//! API users had), then on the current one: that reproduces the committed
//! `graphql/generated/` byte for byte, and every method the update removes
//! is named by `plain-opgen diff --items`, and only those.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use plain_opgen::{diff, files, rust};

/// Copies `from` into `to`, recursively (links followed).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read the documents") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a document");
        }
    }
}

/// A fresh directory for this test, removed on drop.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_previous_schema_regenerates_to_the_committed_tree_with_its_removals_named() {
    let root = files::repo_root();
    let current = files::schema_path(&root);
    let Some(previous) = files::previous_snapshot(&current).expect("the schema's folder reads")
    else {
        eprintln!(
            "no dated snapshot before {} beside it: no real update to replay",
            current.display()
        );
        return;
    };
    let scratch = Scratch(
        std::env::temp_dir().join(format!("plain-opgen-real-update-{}", std::process::id())),
    );
    let _ = std::fs::remove_dir_all(&scratch.0);
    let graphql = scratch.0.join("graphql");
    copy_dir(&root.join("graphql"), &graphql);
    std::fs::remove_file(graphql.join("schema.graphql")).ok();

    // The API as it was: documents generated on the previous schema.
    let (before_files, _) = files::generate_from(&previous, &graphql).expect("generates");
    files::write(&graphql, &before_files).expect("writes");
    let before = rust::Api::scan(&graphql).expect("scans");
    let changes = diff::diff(
        &files::load_schema(&previous).expect("previous schema"),
        &files::load_schema(&current).expect("current schema"),
    );
    let reported: BTreeSet<String> = rust::breaking_items(&before, &changes)
        .into_iter()
        .collect();

    // The update: regenerated on the current schema, it is the committed tree.
    let (after_files, _) = files::generate_from(&current, &graphql).expect("generates");
    files::write(&graphql, &after_files).expect("writes");
    let regenerated = files::on_disk(&graphql).expect("reads the copy");
    let committed = files::on_disk(&root.join("graphql")).expect("reads graphql/");
    let differences = files::differences(&regenerated, &committed);
    assert!(
        differences.is_empty(),
        "regenerating from {} to {} does not give the committed graphql/generated/:\n  {}",
        previous.display(),
        current.display(),
        differences.join("\n  ")
    );

    // Every method that goes away is named, and no method that stays is
    // named as gone.
    let after = rust::Api::scan(&graphql).expect("scans");
    let (before_methods, after_methods) = (before.methods(), after.methods());
    let removed: BTreeSet<&String> = before_methods.difference(&after_methods).collect();
    let named_as_gone: BTreeSet<&String> = reported
        .iter()
        .filter(|item| item.starts_with("PlainClient::") && !after_methods.contains(*item))
        .collect();
    assert_eq!(
        removed, named_as_gone,
        "methods removed vs named by the report"
    );
    eprintln!(
        "{} → {}: {} methods before, {} after, {} removed and named, {} Rust items named in all",
        previous.display(),
        current.display(),
        before_methods.len(),
        after_methods.len(),
        removed.len(),
        reported.len()
    );
}
