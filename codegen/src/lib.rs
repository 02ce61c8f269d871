//! The code generator behind plain-sdk: Plain's GraphQL schema and the
//! operation documents in `graphql/` become Rust types and client methods
//! (through graphql_client's codegen), and Plain's webhook JSON Schema becomes
//! payload types. plain-sdk's build script calls [`build_script::run`].
//!
//! [`layout`] (the layout of `graphql/`, naming, operation kinds), [`facts`],
//! [`areas`] and [`sdl`] (the schema text every parser is given) are plain
//! Rust and always compiled; everything else needs the `generator` feature.

pub mod areas;
pub mod facts;
pub mod layout;
pub mod sdl;

#[cfg(feature = "generator")]
pub mod build_script;
#[cfg(feature = "generator")]
pub mod describe;
#[cfg(feature = "generator")]
pub mod documents;
#[cfg(feature = "generator")]
pub mod evolve;
#[cfg(feature = "generator")]
pub mod facade;
#[cfg(feature = "generator")]
pub mod generate;
#[cfg(feature = "generator")]
pub mod hoist;
#[cfg(feature = "generator")]
pub mod minify;
#[cfg(feature = "generator")]
pub mod origins;
#[cfg(feature = "generator")]
pub mod placements;
#[cfg(feature = "generator")]
pub mod rename;
#[cfg(feature = "generator")]
pub mod samples;
#[cfg(feature = "generator")]
pub mod types;
#[cfg(feature = "generator")]
pub mod webhooks;
