//! `plain_opgen::selections`: what a document selects, as paths, and which
//! paths a regeneration drops without the schema diff naming a break.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use plain_opgen::diff::diff;
use plain_opgen::selections::{dropped, selected, Paths};
use plain_opgen::validate::Documents;

const OLD: &str = r#"
type Query { thread(id: ID!): Thread }
type Thread { id: ID! title: String! status: Status! createdBy: Actor! legacy: String }
enum Status { TODO DONE }
union Actor = UserActor | MachineUserActor
type UserActor { userId: ID! }
type MachineUserActor { machineUserId: ID! }
"#;

fn schema(text: &str) -> Valid<Schema> {
    Schema::parse_and_validate(text, "schema.graphql").expect("a valid schema")
}

/// A `graphql/` directory holding one operation and one fragment.
fn documents(name: &str, operation: &str, fragment: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "plain-opgen-selections-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(dir.join("queries")).unwrap();
    std::fs::create_dir_all(dir.join("fragments")).unwrap();
    std::fs::write(dir.join("queries/getThread.graphql"), operation).unwrap();
    std::fs::write(dir.join("fragments/ThreadParts.graphql"), fragment).unwrap();
    dir
}

fn selections(dir: &Path, schema: &Valid<Schema>) -> BTreeMap<String, Paths> {
    let executables = Documents::read(dir).expect("readable").executables(schema);
    selected(executables.iter().map(|(_, e)| e))
}

const OPERATION: &str = "query GetThread($id: ID!) { thread(id: $id) { ...ThreadParts } }";
const FRAGMENT: &str = "fragment ThreadParts on Thread { id title status legacy createdBy { ... on UserActor { userId } ... on MachineUserActor { machineUserId } } }";

#[test]
fn paths_follow_fragments_and_name_type_conditions() {
    let old = schema(OLD);
    let dir = documents("paths", OPERATION, FRAGMENT);
    let paths = &selections(&dir, &old)["GetThread"];
    let keys: Vec<&str> = paths.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "thread",
            "thread.createdBy",
            "thread.createdBy(on MachineUserActor).machineUserId",
            "thread.createdBy(on UserActor).userId",
            "thread.id",
            "thread.legacy",
            "thread.status",
            "thread.title",
        ]
    );
    assert_eq!(
        paths["thread.createdBy(on UserActor).userId"],
        [
            "Query.thread",
            "Thread.createdBy",
            "UserActor",
            "UserActor.userId"
        ]
    );
}

#[test]
fn a_dropped_selection_is_reported_unless_the_diff_names_its_break() {
    let old = schema(OLD);
    let base = selections(&documents("base", OPERATION, FRAGMENT), &old);

    // `legacy` removed from the schema and from the fragment: named, fine.
    let removed = OLD.replace(" legacy: String", "");
    let new = schema(&removed);
    let dir = documents("removed", OPERATION, &FRAGMENT.replace(" legacy", ""));
    let lost = dropped(&base, &selections(&dir, &new), &diff(&old, &new));
    assert!(lost.is_empty(), "{lost:?}");

    // A member gone from the union: everything under it is named.
    let narrowed = OLD
        .replace(" | MachineUserActor", "")
        .replace("type MachineUserActor { machineUserId: ID! }", "");
    let new = schema(&narrowed);
    let fragment = FRAGMENT.replace(" ... on MachineUserActor { machineUserId }", "");
    let dir = documents("narrowed", OPERATION, &fragment);
    let lost = dropped(&base, &selections(&dir, &new), &diff(&old, &new));
    assert!(lost.is_empty(), "{lost:?}");

    // The same schema, `title` no longer selected: reported with its path.
    let dir = documents("quiet", OPERATION, &FRAGMENT.replace(" title", ""));
    let lost = dropped(&base, &selections(&dir, &old), &diff(&old, &old));
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(lost[0].operation, "GetThread");
    assert_eq!(lost[0].path, "thread.title");
    assert_eq!(lost[0].coordinate, "Thread.title");
    assert!(lost[0].to_string().contains("stops selecting thread.title"));

    // A deprecated field dropped by regeneration is named (deprecation).
    let deprecated = OLD.replace("legacy: String", "legacy: String @deprecated");
    let new = schema(&deprecated);
    let dir = documents("deprecated", OPERATION, &FRAGMENT.replace(" legacy", ""));
    let lost = dropped(&base, &selections(&dir, &new), &diff(&old, &new));
    assert!(lost.is_empty(), "{lost:?}");

    // The operation gone while its root field stays: reported.
    let lost = dropped(&base, &BTreeMap::new(), &diff(&old, &old));
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert!(lost[0].path.is_empty());
    assert_eq!(lost[0].coordinate, "Query.thread");
}
