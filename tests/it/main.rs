//! The integration tests, one binary: each module links the generated
//! operations once instead of once per test file.
//!
//! `tests/environment.rs` (it sets process-wide environment variables) and
//! `tests/memory.rs` (it replaces the global allocator) stay binaries of their own.

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
#[cfg(feature = "webhooks")]
mod webhooks;
