//! Operations by API area: which cargo feature compiles which method.
//!
//! Generated at build time from the documents in `graphql/`; on docs.rs,
//! which builds every feature, every method is linked.
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/areas.md"))]
