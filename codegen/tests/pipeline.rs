//! The whole generator on a small fixture (`tests/fixture/graphql`): a
//! schema of the shapes Plain's has and of the GraphQL features Plain may
//! adopt (a custom scalar, `@oneOf`, defaults on non-null inputs, an
//! interface, deprecations), and a few documents. Runs with no copy of
//! Plain's schema anywhere.

use std::path::{Path, PathBuf};

use plain_sdk_codegen::build_script::{generate_operations, Generated};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture/graphql")
}

fn generated() -> Generated {
    let graphql = fixture();
    let scratch =
        std::env::temp_dir().join(format!("plain-sdk-codegen-pipeline-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch directory");
    generate_operations(
        &graphql,
        graphql.parent().unwrap(),
        &graphql.join("schema.graphql"),
        &scratch,
        |_| true,
    )
    .unwrap_or_else(|e| panic!("the fixture generates: {e}"))
}

fn file<'a>(generated: &'a Generated, name: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

/// The generated Rust, formatted for reading.
fn pretty(text: &str) -> String {
    let file: syn::File = syn::parse_str(text).unwrap_or_else(|e| panic!("not Rust: {e}"));
    prettyplease::unparse(&file)
}

/// Bad input is one message naming the file and what to do, never a panic.
#[test]
fn a_schema_that_does_not_parse_is_a_clear_error() {
    let scratch =
        std::env::temp_dir().join(format!("plain-sdk-codegen-bad-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let bad = scratch.join("broken.graphql");
    std::fs::write(&bad, "type Query {\n  thread(: Thread\n}\n").unwrap();
    let graphql = fixture();
    let err = generate_operations(&graphql, graphql.parent().unwrap(), &bad, &scratch, |_| {
        true
    })
    .expect_err("refused");
    assert!(
        err.contains("broken.graphql: not a GraphQL schema"),
        "{err}"
    );
    assert!(err.contains("2:"), "the line: {err}");
    assert!(err.contains("scripts/update-schema"), "what to do: {err}");
}

/// graphql_client panics on a schema file not named `*.graphql`; the
/// generator gives it a copy, so `PLAIN_SCHEMA_PATH` may name any file.
#[test]
fn a_schema_file_of_any_name_is_read() {
    let scratch =
        std::env::temp_dir().join(format!("plain-sdk-codegen-name-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let graphql = fixture();
    let renamed = scratch.join("plain-schema.txt");
    std::fs::copy(graphql.join("schema.graphql"), &renamed).unwrap();
    let generated = generate_operations(
        &graphql,
        graphql.parent().unwrap(),
        &renamed,
        &scratch,
        |_| true,
    )
    .expect("generates");
    assert!(generated
        .files
        .iter()
        .any(|(name, _)| *name == "operations.rs"));
}

#[test]
fn every_output_is_rust() {
    let generated = generated();
    for (name, text) in &generated.files {
        if name.ends_with(".rs") {
            syn::parse_str::<syn::File>(text).unwrap_or_else(|e| panic!("{name} is not Rust: {e}"));
        }
    }
}

#[test]
fn a_custom_scalar_is_one_documented_json_value() {
    let operations = pretty(file(&generated(), "operations.rs"));
    assert!(
        operations.contains("pub type Json = ::serde_json::Value;"),
        "{operations}"
    );
    assert!(
        operations.contains("pub metadata: Option<Json>"),
        "{operations}"
    );
}

#[test]
fn a_non_null_input_with_a_default_is_optional() {
    let operations = pretty(file(&generated(), "operations.rs"));
    // `priority: Int! = 2` is optional in GraphQL: a setter, not a parameter of `new`.
    assert!(
        operations.contains("pub priority: Option<Int>"),
        "{operations}"
    );
    assert!(
        operations.contains("pub fn new(title: impl ::std::convert::Into<String>) -> Self"),
        "{operations}"
    );
    assert!(operations.contains("pub fn priority("), "{operations}");
}

#[test]
fn a_one_of_input_stays_a_struct_and_its_sample_sets_one_field() {
    let generated = generated();
    let operations = pretty(file(&generated, "operations.rs"));
    assert!(
        operations.contains("pub struct ThreadLookupInput {"),
        "{operations}"
    );
    let samples: String = pretty(file(&generated, "samples.rs"))
        .split_whitespace()
        .collect();
    assert!(
        samples.contains("ThreadLookupInput::new().thread_id(\"sample-thread_id\".to_string()),"),
        "{samples}"
    );
}

#[test]
fn the_pipeline_pins_what_it_generates() {
    let generated = generated();
    insta::assert_snapshot!("operations", pretty(file(&generated, "operations.rs")));
    insta::assert_snapshot!("methods", pretty(file(&generated, "methods.rs")));
    // A component kind the schema adds before `ui` has a builder for it is
    // left out, with a warning (the build goes on).
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert!(
        generated.warnings[0]
            .starts_with("EventComponentInput.componentGauge: ComponentGaugeInput has no builder"),
        "{:?}",
        generated.warnings
    );
}

/// No generated function's frame grows with the number of operations: each
/// sample and each method call is built in a function of its own, and the
/// lists hold pointers to them. (One function building every sample
/// overflowed a test thread's 2 MiB stack at 577 operations.)
#[test]
fn each_sample_and_call_is_built_in_a_function_of_its_own() {
    let generated = generated();
    let samples: syn::File = syn::parse_str(file(&generated, "samples.rs")).expect("Rust");
    let mut functions = 0;
    for item in &samples.items {
        let syn::Item::Fn(function) = item else {
            continue;
        };
        functions += 1;
        let body = quote::ToTokens::to_token_stream(&function.block).to_string();
        let builds = body.matches("build_query").count();
        let calls = body.matches("Box :: pin").count();
        assert!(
            builds + calls <= 1,
            "{} builds {builds} samples and {calls} calls in one frame",
            function.sig.ident
        );
    }
    assert!(functions > 4, "{functions} functions");
}

/// A mutation whose document selects one field besides `error` returns that
/// entity; one that selects more (an upsert's `result` beside its entity)
/// returns the whole output. Read from the document: no list to keep.
#[test]
fn a_mutation_returns_its_entity_or_its_whole_output_by_what_it_selects() {
    let methods: String = pretty(file(&generated(), "methods.rs"))
        .split_whitespace()
        .collect();
    assert!(
        methods.contains("Output=crate::Result<crate::operations::UpsertThreadOutput>"),
        "{methods}"
    );
    assert!(
        methods.contains("Output=crate::Result<crate::operations::ThreadParts>"),
        "{methods}"
    );
}

/// A field selected under a merge alias (`userActorName: name`, because
/// another member of the union has a `name` of another type) keeps its own
/// name in Rust; the alias is the wire name only.
#[test]
fn a_merge_aliased_field_keeps_its_own_name() {
    let operations: String = pretty(file(&generated(), "operations.rs"))
        .split_whitespace()
        .collect();
    assert!(
        operations.contains("#[serde(rename=\"userActorName\")]pubname:String"),
        "{operations}"
    );
    assert!(
        operations.contains("#[serde(rename=\"machineUserActorName\")]pubname:Option<Int>"),
        "{operations}"
    );
}

/// A variable default graphql_client cannot express (`= null` made it panic)
/// is one message naming the file, the line and what to do instead.
#[test]
fn a_variable_default_is_refused_with_what_to_do() {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let scratch =
        std::env::temp_dir().join(format!("plain-sdk-codegen-default-{}", std::process::id()));
    let graphql = scratch.join("graphql");
    copy_dir(&fixture(), &graphql);
    std::fs::write(
        graphql.join("queries/getThreads.graphql"),
        "query GetThreads(\n  $first: Int = null\n  $status: Status\n) {\n  threads(first: $first, status: $status) {\n    ...ThreadParts\n  }\n}\n",
    )
    .unwrap();
    let result = std::panic::catch_unwind(|| {
        generate_operations(
            &graphql,
            &scratch,
            &graphql.join("schema.graphql"),
            &scratch,
            |_| true,
        )
    });
    let err = result.expect("no panic").expect_err("refused");
    assert!(err.contains("getThreads.graphql"), "{err}");
    assert!(
        err.contains("line 2: variable `$first` has a default value (`= null`)"),
        "{err}"
    );
    assert!(err.contains("declare the variable nullable"), "{err}");
}

/// A generated document is left out where a hand-written one covers its
/// root field, unless it pages a connection inside that field's entity; such
/// a query pages like a root connection.
#[test]
fn a_connection_inside_an_entity_is_paged_by_a_query_of_its_own() {
    let generated = generated();
    let methods = pretty(file(&generated, "methods.rs"));
    assert!(
        !methods.contains("pub fn thread("),
        "the generated `Thread` is replaced by the hand-written `GetThread`"
    );
    assert!(methods.contains("pub fn thread_comments("), "{methods}");
    assert!(
        methods.contains("impl crate::pagination::Paginated for crate::operations::ThreadComments"),
        "{methods}"
    );
    // Through the entity (none found: an empty last page) to its connection.
    assert!(
        methods.contains("let Some(entity) = data.thread else"),
        "{methods}"
    );
    assert!(
        methods.contains("let connection = entity.comments;"),
        "{methods}"
    );
}
