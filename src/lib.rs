//! # plain-sdk
//!
//! A typed Rust client for [Plain](https://www.plain.com)'s GraphQL Core API.
//!
//! Every operation is compiled at build time from Plain's schema into Rust
//! types, so a field Plain renames breaks the build, not production. A thin
//! hand-written layer adds authentication, typed errors and UI-component
//! builders.
//!
//! ```no_run
//! use plain_sdk::{operations::CreateThreadEventInput, ui, PlainClient};
//!
//! # async fn run() -> plain_sdk::Result<()> {
//! let client = PlainClient::from_env()?; // PLAIN_API_KEY, optional PLAIN_API_URL
//! let components = ui::event_components([
//!     ui::text("New API key was added.").into(),
//!     ui::spacer(ui::SpacerSize::M).into(),
//!     ui::link_button("View in admin", "https://admin.your-app.com").into(),
//! ])?;
//! let input = CreateThreadEventInput::new("th_01HB924RWAW8H3Q8KZDFWYBJHZ", "API key generated", components)
//!     .external_id("ex-id-1"); // idempotency key: a second create with it fails
//! let event = client.create_thread_event(input).await?; // the created ThreadEvent
//! println!("{}", event.id);
//! # Ok(()) }
//! ```
//!
//! ## Errors
//!
//! Every call returns [`Result`]; [`Error`] says what happened (forbidden,
//! rate limited, a mutation's own error …), carries Plain's request id, and
//! answers [`Error::is_retryable`].
//!
//! ## Webhooks and customer cards
//!
//! With the `webhooks` feature (on by default), [`webhooks::Verifier`] checks
//! Plain's request signatures and decodes webhook deliveries into a typed
//! [`webhooks::Event`]; [`cards`] types the customer-card requests Plain sends
//! and the cards a service answers with. The `axum` feature adds extractors
//! for both.
//!
//! ## Operations
//!
//! Each operation is a method of [`PlainClient`] taking its required
//! variables; its types are in [`operations`], documented with Plain's
//! schema descriptions and the GraphQL each item comes from. Mutations return
//! the entity they create or change. [`areas`] lists every operation by the
//! cargo feature that compiles it.
//!
//! ## Retries
//!
//! Rate limits are waited out, connection failures retried, and queries (and
//! mutations that are idempotent: upserts, creates with a unique
//! `externalId`, calls through [`PlainClient::idempotent`]) retried after
//! 5xx answers and timeouts; a mutation that may have run is never sent
//! twice behind your back. See [`retry`] and [`RetryPolicy`].
//!
//! ## Production traffic
//!
//! Each call is one `tracing` span with OpenTelemetry's attribute names
//! ([`telemetry`]); responses arrive gzip-compressed; [`pacing`] (opt-in)
//! spaces requests to the workspace's rate limit across every task, and,
//! with the `redis` feature, across replicas; [`PlainClient::stats`] counts
//! requests, 429s and time spent paced. With the `webhooks` feature,
//! `webhooks::Deduplicator` drops redeliveries by event id.
//!
//! ## Which schema
//!
//! [`SCHEMA`] tells the date, sha256 and root-field counts of the Plain
//! schema this build compiled; the client's `User-Agent` carries its date.
//!
//! ```
//! println!("{}", plain_sdk::SCHEMA); // Plain schema of 2026-08-09 (sha256 041c9587…, …)
//! ```
//!
//! ## Your own operations
//!
//! Any `graphql_client` operation runs through [`PlainClient::execute`]; raw
//! documents through [`PlainClient::execute_raw`].
#![deny(missing_docs, missing_debug_implementations)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
pub mod areas;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
pub mod cards;
mod client;
mod error;
mod methods;
mod operation;
pub mod operations;
pub mod pacing;
pub mod pagination;
mod path;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub mod redis;
mod response;
pub mod retry;
mod schema;
mod stats;
mod store;
pub mod telemetry;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
pub mod time;
mod transport;
pub mod ui;
#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
pub mod webhooks;

pub use client::{
    PlainClient, PlainClientBuilder, DEFAULT_API_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
pub use error::{
    BodySnippet, Error, ErrorKind, GraphQlError, GraphQlErrors, GraphQlLocation, MutationError,
    MutationFieldError, Result,
};
/// Stream adapters for [`PlainClient::nodes`] and [`PlainClient::pages`]:
/// `try_next`, `try_collect`, `next` …
pub use futures_util::{StreamExt, TryStreamExt};
/// graphql_client, whose `GraphQLQuery` trait and derive this crate's
/// operations use: derive your own operations through it (see the README's
/// "Your own operations"), with no dependency of your own on it.
pub use graphql_client;
/// The trait of every operation, and the derive for your own.
pub use graphql_client::GraphQLQuery;
pub use operation::{OperationKind, PlainOperation};
pub use pagination::{Page, Paginated};
pub use response::{RateLimit, ResponseMeta};
pub use retry::RetryPolicy;
pub use schema::{SchemaInfo, SCHEMA};
/// serde, which the derive's generated types use (`serde_crate = "plain_sdk::serde"`).
pub use serde;
pub use stats::ClientStats;

/// The README's examples, compiled as doctests so they stay true (with the
/// features they use, as the README's test command enables them all).
#[cfg(all(doctest, feature = "axum", feature = "testing"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
