//! Payload types of every webhook event, generated at build time from Plain's
//! webhook JSON Schema (version [`WEBHOOK_TARGET_VERSION`](super::WEBHOOK_TARGET_VERSION)).
//!
//! - An object is a struct with one field per property, in the schema's
//!   order. A property the schema requires is a plain field, or an `Option`
//!   where it may be `null` (`None` also when it is missing); one it does not
//!   require is an `Option` (or an empty list, or `false`, where that is the
//!   schema's default). Properties
//!   the schema does not list are accepted and dropped.
//! - A string enum has one variant per value and `Other(String)` for values
//!   this SDK does not know.
//! - A union (`anyOf`) is an enum. Where a property's constant tells the
//!   members apart (`actorType`, `type`, `entryType` …) that property picks
//!   the variant, and an unknown value, or Plain's `UNKNOWN`, decodes to
//!   `Unknown` with the object as sent.
//! - Date-times are RFC 3339 strings, as sent; ids are strings.
//!
//! Every type serializes back to the JSON it came from (less dropped fields),
//! and implements `serde::Deserialize`, so it can also be decoded on its own.
#![allow(clippy::enum_variant_names, clippy::doc_markdown)]

use super::de;

include!(concat!(env!("OUT_DIR"), "/webhook_payloads.rs"));
