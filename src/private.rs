//! Not part of the API: the client's internal steps one by one, for the
//! benchmarks in `benches/` and the fuzz harness (`tests/fuzz/harness.rs`, shared
//! by the fuzz targets and `tests/it/fuzz_regressions.rs`). Thin wrappers only:
//! the harness itself is compiled into those, not into users' builds.
//! Anything here may change or go away in any release.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use graphql_client::GraphQLQuery;
use reqwest::header::HeaderMap;

use crate::client::encode_with_query;
use crate::error::Error;
use crate::operation::OperationKind;
use crate::response::{classify, decode, decode_data, decode_success, Head};
use crate::retry::{self, Attempt, Decision, RetryPolicy};

/// The request body a generated method sends for `Q` with `variables`;
/// `query_json` is `Q`'s document encoded as a JSON string.
pub fn encode_request<Q: GraphQLQuery>(
    variables: Q::Variables,
    query_json: &str,
) -> Result<Bytes, Error> {
    let body = Q::build_query(variables);
    encode_with_query(&body.variables, query_json, body.operation_name)
}

/// Decodes a response into `T` as the client does after reading it
/// (`response::decode`: the same function, not a copy).
pub fn decode_response<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Error> {
    decode(&Head::new(status, headers), body).map_err(Error::from)
}

/// The success path alone, for the harness to compare with the full
/// classification.
pub fn decode_success_only<T: serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> Option<T> {
    decode_success(status, body)
}

/// The full classification alone, then decoding.
pub fn classify_and_decode<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Error> {
    let head = Head::new(status, headers);
    classify(&head, body)
        .and_then(decode_data)
        .map_err(Error::from)
}

/// How long the default retry policy waits before resending after `error`
/// on a first attempt, or `None` when it gives up.
pub fn retry_wait(
    error: &Error,
    kind: OperationKind,
    idempotent: bool,
    now: SystemTime,
    random: f64,
) -> Option<Duration> {
    let attempt = Attempt::new(1, Duration::ZERO, now, random);
    match retry::decide(
        &RetryPolicy::default(),
        kind,
        idempotent,
        error.failure(),
        &attempt,
    ) {
        Decision::Retry(wait) => Some(wait),
        Decision::GiveUp(_) => None,
    }
}

/// The tracing work of one call, without the network: its span, one
/// enter and exit (as `Instrument` does per poll), and the response and
/// outcome recorded. Returns whether the span was disabled.
pub fn trace_one_call(url: &reqwest::Url) -> bool {
    let span = crate::telemetry::request_span(Some("GetThreads"), OperationKind::Query, url);
    drop(span.enter());
    crate::telemetry::record_response(&span, Some(200), Some("Lx3bTg1qLPEEJ0w="), Some(449));
    crate::telemetry::record_outcome(&span, 1, None);
    span.is_disabled()
}
