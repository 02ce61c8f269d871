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
    // Every root field of the schema has a document, hand-written or generated
    // (besides the queries paging a connection inside an entity).
    let schema = files::load_schema(&files::schema_path(&root)).expect("the schema parses");
    let root_fields: usize = [
        schema.schema_definition.query.as_ref(),
        schema.schema_definition.mutation.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|name| {
        schema
            .get_object(name.as_str())
            .map_or(0, |o| o.fields.len())
    })
    .sum();
    assert!(root_fields > 0, "the schema has no root fields");
    assert_eq!(
        summary.queries - summary.nested + summary.mutations + summary.covered_by_hand,
        root_fields,
        "root fields without a document, or documents without a root field"
    );
}

#[test]
fn generation_is_deterministic() {
    let root = files::repo_root();
    let (first, _) = files::generate_for(&root).expect("generator runs");
    let (second, _) = files::generate_for(&root).expect("generator runs");
    assert_eq!(first, second);
}
