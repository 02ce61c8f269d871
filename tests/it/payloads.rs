//! Pins the exact request body (query, variables, operationName) of every
//! operation, built with deterministic sample variables, without any HTTP.
//!
//! A change to a document, the schema or the code generator shows up here as
//! a snapshot diff to review (`cargo insta review`).

use crate::samples::*;

#[test]
fn every_operation_has_a_pinned_payload() {
    let samples = operation_samples();
    assert!(
        samples.len() >= 71,
        "expected every operation, got {}",
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
