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
    let envelope: Option<Envelope<'a>> = serde_json::from_slice(body).ok();
    let (data, errors) = match envelope {
        Some(Envelope { data, errors }) => (data, errors.unwrap_or_default()),
        None => (None, Vec::new()),
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
            if errors
                .iter()
                .any(|e| matches!(e.code(), Some("FORBIDDEN" | "UNAUTHENTICATED")))
            {
                return Err(Error::Forbidden {
                    message: errors[0].message.clone(),
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
                _ => Err(Error::Decode {
                    message: if serde_json::from_slice::<serde_json::Value>(body).is_err() {
                        "the body is not JSON".into()
                    } else {
                        "the body has neither `data` nor `errors`".into()
                    },
                    body: BodySnippet::new(body),
                    source: serde_json::from_slice::<serde_json::Value>(body).err(),
                    meta,
                }),
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
            Err(_) => track.path().to_string(),
            Ok(_) => String::from("?"),
        };
        Error::Decode {
            message: format!(
                "data.{path} does not match the generated types ({first}); \
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
        reset: text("x-ratelimit-reset").map(str::to_owned),
        retry_after: text("retry-after")
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_secs),
    }
}
