//! Not part of the API: entry points for the benchmarks in `benches/` and the
//! fuzz targets in `fuzz/`, which need the client's internal steps one by
//! one. Anything here may change or go away in any release.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use graphql_client::GraphQLQuery;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::client::{encode_with_query, OperationKind};
use crate::error::{Error, ResponseMeta};
use crate::operations::{create_thread_event, get_customer_by_id};
use crate::response::{classify, decode_data, decode_success, request_id};
use crate::retry::{self, Attempt, RetryPolicy};

/// The request body a generated method sends for `Q` with `variables`;
/// `query_json` is `Q`'s document encoded as a JSON string.
pub fn encode_request<Q: GraphQLQuery>(
    variables: Q::Variables,
    query_json: &str,
) -> Result<Bytes, Error> {
    let body = Q::build_query(variables);
    encode_with_query(&body.variables, query_json, body.operation_name)
}

/// Classifies a response and decodes its `data` into `T`, as the client does
/// after reading a response.
pub fn decode_response<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Error> {
    let meta = ResponseMeta {
        status: Some(status),
        request_id: request_id(headers),
        attempts: 1,
        operation: Some("Fuzz".into()),
        gave_up: None,
    };
    if let Some(data) = decode_success(status, body) {
        return Ok(data);
    }
    let raw = classify(status, headers, body, &meta)?;
    decode_data(raw, &meta)
}

/// The statuses [`fuzz_response`] picks from.
const STATUSES: [u16; 14] = [
    200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 429, 500, 502, 503,
];
/// The headers [`fuzz_response`] may set, one bit each.
const HEADERS: [&str; 6] = [
    "apigw-requestid",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
    "content-type",
];

/// One fuzz case for response handling. `data[0]` picks the status,
/// `data[1]` which headers are present; the rest is split on `0xFF` into
/// the header values and, last, the body. Classifies and decodes the response
/// into two operations' types, renders every error, and asks the retry
/// policy about it. Panics only on a broken invariant.
pub fn fuzz_response(data: &[u8]) {
    let (status, mask, rest) = match data {
        [s, m, rest @ ..] => (STATUSES[usize::from(*s) % STATUSES.len()], *m, rest),
        _ => (200, 0, data),
    };
    let present: Vec<&str> = HEADERS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, name)| *name)
        .collect();
    let mut parts = rest.splitn(present.len() + 1, |b| *b == 0xFF);
    let mut headers = HeaderMap::new();
    for name in present {
        let value = parts.next().unwrap_or_default();
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    }
    let body = parts.next().unwrap_or_default();
    check_response(status, &headers, body);
}

/// Runs every check of [`fuzz_response`] on one response.
pub fn check_response(status: u16, headers: &HeaderMap, body: &[u8]) {
    // The one-pass success path never disagrees with the full classification.
    if let Some(fast) = decode_success::<serde_json::Value>(status, body) {
        let meta = ResponseMeta::default();
        let slow = classify(status, headers, body, &meta)
            .and_then(|raw| decode_data::<serde_json::Value>(raw, &meta));
        assert_eq!(Some(&fast), slow.as_ref().ok(), "fast and slow paths disagree");
    }
    let outcomes = [
        decode_response::<create_thread_event::ResponseData>(status, headers, body).map(drop),
        decode_response::<get_customer_by_id::ResponseData>(status, headers, body).map(drop),
        decode_response::<serde_json::Value>(status, headers, body).map(drop),
    ];
    for outcome in outcomes {
        let Err(error) = outcome else {
            assert!((200..300).contains(&status), "success from HTTP {status}");
            continue;
        };
        check_error(&error);
    }
    if let Some(reset) = headers
        .get("x-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
    {
        let _ = retry::parse_iso8601(reset);
    }
}

/// The invariants of every error: one line, no panic while rendering, a
/// retry decision within the policy's bounds.
pub fn check_error(error: &Error) {
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "error spans lines: {shown:?}");
    let _ = format!("{error:?}");
    let _ = (
        error.kind(),
        error.status(),
        error.request_id(),
        error.is_retryable(),
    );
    let policy = RetryPolicy::default();
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_713_400);
    for kind in [OperationKind::Query, OperationKind::Mutation] {
        for idempotent in [false, true] {
            let attempt = Attempt::new(1, Duration::ZERO, now, 0.999);
            if let retry::Decision::Retry(wait) =
                retry::decide(&policy, kind, idempotent, error, &attempt)
            {
                assert!(wait <= policy.budget, "waits {wait:?} past the budget");
                assert!(error.is_retryable(), "retries a final error: {error}");
            }
        }
    }
}
