//! CI fails if re-running the generator would change any committed file.

use plain_opgen::files;

#[test]
fn graphql_generated_matches_the_generator() {
    let root = files::repo_root();
    let (expected, summary) = files::generate_for(&root).expect("generator runs");
    let actual = files::on_disk(&root.join("graphql")).expect("graphql/generated is readable");
    let diffs = files::differences(&expected, &actual);
    assert!(
        diffs.is_empty(),
        "graphql/generated/ is out of date; run `cargo run -p plain-opgen -- generate`:\n  {}",
        diffs.join("\n  ")
    );
    // Every non-deprecated root field has a document, hand-written or generated.
    assert!(summary.queries + summary.mutations + summary.covered_by_hand >= 440);
}

#[test]
fn generation_is_deterministic() {
    let root = files::repo_root();
    let (first, _) = files::generate_for(&root).expect("generator runs");
    let (second, _) = files::generate_for(&root).expect("generator runs");
    assert_eq!(first, second);
}
