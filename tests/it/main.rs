//! The integration tests, one binary: each module links the generated
//! operations once instead of once per test file.
//!
//! `tests/environment.rs` (it sets process-wide environment variables) and
//! `tests/memory.rs` (it replaces the global allocator) stay binaries of their own.

/// Sample variables of every operation and a call of every method with
/// them (`codegen/src/emit/samples.rs`), once for the whole binary. They set
/// every field and call every method, deprecated ones too.
#[allow(deprecated, dead_code)]
mod samples {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}

mod faults;
mod fuzz_regressions;
mod http;
mod pagination;
mod payloads;
/// The one raw HTTP server that misbehaves on purpose.
#[path = "support/raw_server.rs"]
mod raw_server;
mod schema_facts;
mod ui;
mod validate_documents;

#[cfg(feature = "webhooks")]
mod cards;
#[cfg(feature = "axum")]
mod extractors;
#[cfg(feature = "testing")]
mod mock;
#[cfg(feature = "testing")]
mod pacing;
#[cfg(all(feature = "redis", feature = "testing"))]
mod redis;
#[cfg(all(feature = "webhooks", feature = "testing"))]
mod scenario;
#[cfg(feature = "testing")]
mod telemetry;
/// Plain's webhook JSON Schema: samples and an independent checker.
#[cfg(all(feature = "webhooks", feature = "testing"))]
#[path = "support/webhook_schema.rs"]
mod webhook_schema;
// Its fixtures are `plain_sdk::testing` webhook samples.
#[cfg(all(feature = "webhooks", feature = "testing"))]
mod webhooks;

/// `subscriber` as this thread's default, for a test that captures what is
/// logged. Tests run on many threads, and a callsite first reached on a
/// thread with no subscriber while no thread had one yet may cache "never
/// enabled" (tracing's lock-free path for a lone global dispatcher): then
/// this test's span or event would be missing, once in many runs. With this
/// thread's subscriber registered, every callsite's interest is computed
/// again, so none keeps an answer that left it out.
pub(crate) fn capturing(
    subscriber: impl tracing::Subscriber + Send + Sync + 'static,
) -> tracing::subscriber::DefaultGuard {
    let guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    guard
}

/// An example's binary: `cargo test` builds the examples next to the test
/// binaries' directory. A test that needs one fails, saying how to build it,
/// when this run did not (`cargo test --test it` alone builds none).
pub(crate) fn example_binary(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps -> target/<profile>
    let dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("the test binary sits in target/<profile>/deps");
    let path = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "the {name} example is not built: run the README's test command, which builds \
         the examples, or `cargo build --examples --all-features` before this test"
    );
    path
}

/// How many operations this build compiles, counted from the documents in
/// `graphql/`: every hand-written one always, and every generated one with
/// `full` (without it, only some areas' are: `None`).
/// `(hand-written, every document when all are compiled)`.
pub(crate) fn operation_documents() -> (usize, Option<usize>) {
    use plain_sdk_codegen::layout::{self, Place};
    let graphql = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql");
    let files = layout::graphql_files(&graphql, &mut Vec::new()).expect("graphql/ is readable");
    let places: Vec<Place> = files
        .iter()
        .map(|file| layout::place(file.strip_prefix(&graphql).expect("below graphql/")))
        .collect();
    let hand = places
        .iter()
        .filter(|p| **p == Place::Operation { generated: false })
        .count();
    let all = places
        .iter()
        .filter(|p| matches!(p, Place::Operation { .. }))
        .count();
    (hand, cfg!(feature = "full").then_some(all))
}
