//! Tools that keep plain-sdk's operation documents in step with Plain's schema.
//!
//! - [`generate`]: default documents for every root field without a hand-written one.
//! - [`files`]: reading and writing `graphql/generated/`, and checking it is current.
//! - [`diff`]: what a new schema changes that matters to generated code;
//!   [`validate`]: which documents it makes invalid; [`report`]: both, printed.
//! - [`rust`]: what each change does to Rust code that uses the crate;
//!   [`replacements`]: what to use instead of what goes.
//! - [`selections`]: what each document selects, and what a regeneration
//!   stops selecting without the diff naming a break.
//! - [`evolution`]: schemas derived from Plain's, for the round trip in CI,
//!   edited by structure with [`sdl_edit`].
//! - [`remote`]: the schema a live endpoint serves (its SDL, else
//!   [`introspection`]), for `plain-opgen check`.

pub mod diff;
pub mod evolution;
pub mod files;
pub mod generate;
pub mod introspection;
pub mod remote;
pub mod replacements;
pub mod report;
pub mod rust;
pub mod sdl_edit;
pub mod selections;
pub mod validate;
