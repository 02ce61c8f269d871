//! The integration tests, one binary: each module links the generated
//! operations once instead of once per test file.
//!
//! `tests/environment.rs` (it sets process-wide environment variables) and
//! `tests/memory.rs` (it replaces the global allocator) stay binaries of their own.

/// Sample variables of every operation and a call of every method with
/// them (`codegen/src/samples.rs`), once for the whole binary. They set
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

/// An example's binary: `cargo test` builds the examples next to the test
/// binaries' directory (`None` when this run did not build it).
pub(crate) fn example_binary(name: &str) -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?; // target/<profile>/deps -> target/<profile>
    let path = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    path.is_file().then_some(path)
}
