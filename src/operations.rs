//! Request and response types of every operation, generated at build time
//! from Plain's schema and the documents in `graphql/`.
//!
//! Each operation has a marker type (e.g. [`CreateThreadEvent`]) implementing
//! [`GraphQLQuery`](crate::GraphQLQuery) and a module (e.g. [`create_thread_event`])
//! with its `Variables` and `ResponseData`. Types that several operations
//! share (inputs, enums, fragments such as [`ThreadEventParts`]) live here,
//! once, and each operation module re-exports the ones it uses.
//!
//! Enums have an `Other(String)` variant and unions an `Unknown` variant, so a
//! value Plain adds later decodes instead of failing the whole response.
#![allow(dead_code, unused_imports, deprecated, clippy::all)]
include!(concat!(env!("OUT_DIR"), "/operations.rs"));
