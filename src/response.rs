//! Turning an HTTP response into data or a typed [`Error`]: pure functions of
//! (status, headers, body), tested without a server.

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{BodySnippet, Error, GraphQlError, RateLimit, ResponseMeta};

/// Header carrying Plain's request id.
pub(crate) const REQUEST_ID_HEADER: &str = "apigw-requestid";

/// The GraphQL envelope. `data` stays raw so it is decoded once, straight
/// into the operation's own types.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(default)]
    errors: Option<Vec<GraphQlError>>,
}

/// Reads the request id from the response headers.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// Classifies a response. On success returns the raw `data` JSON, which the
/// caller decodes with [`decode_data`].
///
/// `meta` must already hold the status and request id.
pub(crate) fn classify<'a>(
    status: u16,
    headers: &HeaderMap,
    body: &'a [u8],
    meta: ResponseMeta,
) -> Result<&'a RawValue, Error> {
    // Only an object is a GraphQL response: serde would also read a struct
    // from a JSON array, taking `[x, y]` for `{"data": x, "errors": y}`.
    let parsed: Result<Envelope<'a>, Option<serde_json::Error>> = if is_json_object(body) {
        serde_json::from_slice(body).map_err(Some)
    } else {
        Err(None)
    };
    let (data, errors, envelope_error) = match parsed {
        Ok(Envelope { data, errors }) => (data, errors.unwrap_or_default(), None),
        Err(e) => (None, Vec::new(), e),
    };
    let is_null = |d: Option<&RawValue>| d.is_none_or(|raw| raw.get() == "null");

    match status {
        401 | 403 => Err(Error::Forbidden {
            message: errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| format!("HTTP {status}")),
            mutation_error: None,
            meta,
        }),
        429 => Err(Error::RateLimited {
            rate_limit: rate_limit(headers),
            errors,
            meta,
        }),
        400 => Err(Error::BadRequest {
            body: if errors.is_empty() {
                BodySnippet::new(body)
            } else {
                BodySnippet::default()
            },
            errors,
            meta,
        }),
        200..=299 => {
            if errors.iter().any(|e| e.code() == Some("RATE_LIMITED")) {
                return Err(Error::RateLimited {
                    rate_limit: rate_limit(headers),
                    errors,
                    meta,
                });
            }
            if let Some(refusal) = errors
                .iter()
                .find(|e| matches!(e.code(), Some("FORBIDDEN" | "UNAUTHENTICATED")))
            {
                return Err(Error::Forbidden {
                    message: refusal.message.clone(),
                    mutation_error: None,
                    meta,
                });
            }
            if !errors.is_empty() {
                let data = if is_null(data) {
                    None
                } else {
                    data.and_then(|raw| serde_json::from_str(raw.get()).ok())
                };
                return Err(Error::GraphQl { errors, data, meta });
            }
            match data {
                Some(raw) if raw.get() != "null" => Ok(raw),
                _ => {
                    let (message, source) = not_a_response(body, envelope_error);
                    Err(Error::Decode {
                        message,
                        body: BodySnippet::new(body),
                        source,
                        meta,
                    })
                }
            }
        }
        _ => Err(Error::Server {
            status,
            body: BodySnippet::new(body),
            errors,
            meta,
        }),
    }
}

/// Whether the body's first significant byte opens a JSON object.
fn is_json_object(body: &[u8]) -> bool {
    body.trim_ascii_start().first() == Some(&b'{')
}

/// Why a 2xx body held no usable `data`, and the JSON error behind it if any.
fn not_a_response(
    body: &[u8],
    envelope_error: Option<serde_json::Error>,
) -> (String, Option<serde_json::Error>) {
    const HINT: &str = "check that the base URL is Plain's GraphQL endpoint";
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        let what = if body.trim_ascii().is_empty() {
            "the body is empty"
        } else {
            "the body is not JSON"
        };
        return (format!("{what} ({HINT})"), Some(e));
    }
    match envelope_error {
        Some(e) => (
            format!("the body is not a GraphQL response: {e} ({HINT})"),
            Some(e),
        ),
        None if !is_json_object(body) => (
            format!("the body is JSON but not an object, so not a GraphQL response ({HINT})"),
            None,
        ),
        None => (
            format!("the body has no `data` and no `errors` ({HINT})"),
            None,
        ),
    }
}

/// Decodes `data` into the operation's response type. On failure the error
/// names the JSON path that did not fit.
pub(crate) fn decode_data<T: serde::de::DeserializeOwned>(
    raw: &RawValue,
    meta: &ResponseMeta,
) -> Result<T, Error> {
    serde_json::from_str(raw.get()).map_err(|first| {
        // Decode again, slowly, only to learn where it failed.
        let mut track = serde_path_to_error::Track::new();
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let located = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
        let path = match located {
            Err(_) => match track.path().to_string() {
                root if root == "." => String::from("data"),
                path => format!("data.{path}"),
            },
            Ok(_) => String::from("data"),
        };
        Error::Decode {
            message: format!(
                "{path} does not match the generated types ({first}); \
                 Plain's schema may have changed: regenerate with the current schema"
            ),
            body: BodySnippet::new(raw.get().as_bytes()),
            source: Some(first),
            meta: meta.clone(),
        }
    })
}

/// Reads the rate-limit headers. Unparseable values are left out, never fatal.
pub(crate) fn rate_limit(headers: &HeaderMap) -> RateLimit {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    RateLimit {
        limit: text("x-ratelimit-limit").and_then(|v| v.parse().ok()),
        remaining: text("x-ratelimit-remaining").and_then(|v| v.parse().ok()),
        reset: text("x-ratelimit-reset")
            .filter(|v| looks_like_iso8601(v))
            .map(str::to_owned),
        retry_after: text("retry-after")
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_secs),
    }
}

/// A cheap shape check for an ISO-8601 date-time such as
/// `2026-01-06T15:30:00.000Z`: a `YYYY-MM-DD` date, then only characters a
/// time and offset can hold. Enough to drop garbage without a date library.
fn looks_like_iso8601(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10..]
            .iter()
            .all(|c| c.is_ascii_digit() || b"Tt:.,+-Zz ".contains(c))
}
