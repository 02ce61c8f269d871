//! Which schema of Plain's the crate was built from.
//!
//! Plain's schema changes every few weeks, and each release of this crate is
//! generated from one snapshot of it. [`SCHEMA`] says which, so a log line, a
//! span or a health check can tell what a service was built on; the client's
//! `User-Agent` carries the date too.

use std::fmt;

/// What the build knows of the schema it compiled: see [`SCHEMA`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaInfo {
    /// The date Plain published the schema (`2026-08-09`), when the build
    /// could tell: from a snapshot's file name (`schema-2026-08-09.graphql`)
    /// or the record `plain-opgen generate` keeps beside the documents.
    /// `None` for a schema given through `PLAIN_SCHEMA_PATH` under another
    /// name.
    pub date: Option<&'static str>,
    /// The sha256 of the schema's text, lowercase hex: the same as
    /// `sha256sum` prints for the file.
    pub sha256: &'static str,
    /// Root query fields in the schema.
    pub queries: usize,
    /// Root mutation fields in the schema.
    pub mutations: usize,
    /// Root subscription fields in the schema (this crate sends none).
    pub subscriptions: usize,
}

include!(concat!(env!("OUT_DIR"), "/schema_info.rs"));

impl fmt::Display for SchemaInfo {
    /// `Plain schema of 2026-08-09 (sha256 041c9587…, 193 queries, 300 mutations, 11 subscriptions)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Plain schema of {} (sha256 {}…, {} queries, {} mutations, {} subscriptions)",
            self.date.unwrap_or("unknown date"),
            self.sha256.get(..8).unwrap_or(self.sha256),
            self.queries,
            self.mutations,
            self.subscriptions
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_schema_is_described() {
        assert_eq!(SCHEMA.sha256.len(), 64);
        assert!(SCHEMA.sha256.bytes().all(|b| b.is_ascii_hexdigit()));
        let shown = SCHEMA.to_string();
        assert!(shown.starts_with("Plain schema of "), "{shown}");
        assert!(shown.contains(&SCHEMA.sha256[..8]), "{shown}");
    }

    #[test]
    fn an_undated_schema_says_so() {
        let info = SchemaInfo {
            date: None,
            sha256: "041c9587aaaa",
            queries: 1,
            mutations: 2,
            subscriptions: 0,
        };
        assert_eq!(
            info.to_string(),
            "Plain schema of unknown date (sha256 041c9587…, 1 queries, 2 mutations, 0 subscriptions)"
        );
    }
}
