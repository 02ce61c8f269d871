//! The code generator behind plain-sdk: Plain's GraphQL schema and the
//! operation documents in `graphql/` become Rust types and client methods
//! (through graphql_client's codegen), and Plain's webhook JSON Schema becomes
//! payload types. plain-sdk's build script calls [`build_script::run`].
//!
//! The pipeline, in the order [`build_script::generate_operations`] runs it:
//! [`read`] the schema and the documents, [`shape`] the types graphql_client
//! generates for them, [`emit`] the files the crate includes; [`webhooks`]
//! turns the webhook JSON Schema into types on its own. Each stage uses only
//! the stages before it and the leaves.
//!
//! The leaves, plain Rust and always compiled (the build script, `tools/opgen`
//! and plain-sdk's tests use them cheaply): [`layout`] (the layout of
//! `graphql/`, naming, operation kinds), [`facts`] (what the schema does not
//! state), [`areas`] (which feature compiles an operation) and [`sdl`] (the
//! schema text every parser is given). Everything else needs the `generator`
//! feature.

pub mod areas;
pub mod facts;
pub mod layout;
pub mod sdl;
#[cfg(feature = "apollo")]
pub mod spreads;

#[cfg(feature = "generator")]
pub mod build_script;
#[cfg(feature = "generator")]
pub mod emit;
#[cfg(feature = "generator")]
pub mod read;
#[cfg(feature = "generator")]
pub mod shape;
#[cfg(feature = "generator")]
pub mod warnings;
#[cfg(feature = "generator")]
pub mod webhooks;
