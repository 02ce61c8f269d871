//! Stage 1, reading: Plain's schema ([`schema`]) and the operation documents
//! of `graphql/` ([`documents`], minified on the way in by [`minify`]).

pub mod documents;
pub mod minify;
pub mod schema;
