//! Pins the exact request body (query, variables, operationName) of every
//! operation, built with deterministic sample variables, without any HTTP.
//!
//! A change to a document, the schema or the code generator shows up here as
//! a snapshot diff to review (`cargo insta review`).

use crate::samples::*;

#[test]
fn every_operation_has_a_pinned_payload() {
    let samples = operation_samples();
    let (hand_written, all) = crate::operation_documents();
    assert!(
        samples.len() >= hand_written && all.is_none_or(|all| samples.len() == all),
        "expected every operation of graphql/ ({hand_written} hand-written, {all:?} in all), got {}",
        samples.len()
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots/payloads");
    settings.bind(|| {
        for (module, path, body) in samples {
            insta::with_settings!({ description => path }, {
                insta::assert_snapshot!(module, body);
            });
        }
    });
}

/// A snapshot whose operation is gone (Plain removed its root field) fails
/// here, so a regeneration never leaves a stale payload behind. Only a build
/// of every area compiles every operation.
#[cfg(feature = "full")]
#[test]
fn every_pinned_payload_has_its_operation() {
    let operations: std::collections::BTreeSet<String> = operation_samples()
        .into_iter()
        .map(|(module, _, _)| module.to_string())
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/payloads");
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .expect("the payload snapshots")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let module = name.strip_suffix(".snap")?.to_string();
            (!operations.contains(&module)).then_some(name)
        })
        .collect();
    assert!(
        stale.is_empty(),
        "payload snapshots of operations that no longer exist (delete them): {stale:?}"
    );
}

#[test]
fn payloads_have_the_three_fields_of_a_graphql_request() {
    for (module, _, body) in operation_samples() {
        let body: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        let object = body.as_object().expect("a JSON object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 3, "{module}");
        assert!(
            ["operationName", "query", "variables"]
                .iter()
                .all(|k| object.contains_key(*k)),
            "{module}"
        );
        let query = object["query"].as_str().unwrap();
        let name = object["operationName"].as_str().unwrap();
        assert!(
            query.starts_with(&format!("query {name}"))
                || query.starts_with(&format!("mutation {name}")),
            "{module}: the document must start with its own operation"
        );
    }
}

/// A non-null argument or input field with a default is optional in GraphQL:
/// `createTestThread(input: CreateTestThreadInput! = {channel: CHAT})` takes
/// no parameter, `CreateTestThreadInput::new()` none either, and the payload
/// sends nothing Plain would default unless it is set.
#[cfg(feature = "threads")]
#[test]
fn defaults_are_left_to_plain_unless_set() {
    use plain_sdk::operations::{
        create_test_thread, CreateTestThread, CreateTestThreadInput, TestThreadChannel,
    };
    use plain_sdk::GraphQLQuery;

    // The method takes no argument: Plain's default input applies.
    async fn _takes_nothing(client: &plain_sdk::PlainClient) {
        let _ = client.create_test_thread().await;
    }
    let variables = |v: create_test_thread::Variables| {
        serde_json::to_value(CreateTestThread::build_query(v).variables).expect("JSON")
    };
    insta::assert_json_snapshot!(
        "defaults_left_to_plain",
        [
            variables(create_test_thread::Variables::new()),
            variables(create_test_thread::Variables::new().input(CreateTestThreadInput::new())),
            variables(
                create_test_thread::Variables::new()
                    .input(CreateTestThreadInput::new().channel(TestThreadChannel::Slack))
            ),
        ]
    );
}
