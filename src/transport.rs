//! Sends one request and reads its response: the only code here that does I/O.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_LENGTH};
use reqwest::Method;

use crate::error::{Error, ResponseMeta};
use crate::response::request_id;

/// A response read in full, not yet classified.
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What one exchange needs besides the body.
pub(crate) struct Exchange<'a> {
    pub http: &'a reqwest::Client,
    pub url: &'a reqwest::Url,
    pub headers: &'a HeaderMap,
    pub timeout: Duration,
    pub max_response_bytes: usize,
}

/// POSTs `body` and reads the whole response, at most `max_response_bytes` of it.
pub(crate) async fn send(
    exchange: &Exchange<'_>,
    body: Bytes,
    meta: &mut ResponseMeta,
) -> Result<RawResponse, Error> {
    // Built directly rather than through `RequestBuilder`, which would merge
    // the headers into an empty map one by one.
    let mut request = reqwest::Request::new(Method::POST, exchange.url.clone());
    *request.headers_mut() = exchange.headers.clone();
    *request.timeout_mut() = Some(exchange.timeout);
    *request.body_mut() = Some(body.into());
    let result = exchange.http.execute(request).await;
    let mut response = result.map_err(|e| transport_error(e, exchange.timeout, meta))?;

    meta.status = Some(response.status().as_u16());
    meta.request_id = request_id(response.headers());

    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let too_large = |meta: &ResponseMeta| Error::ResponseTooLarge {
        limit: exchange.max_response_bytes,
        meta: Box::new(meta.clone()),
    };
    if declared.is_some_and(|len| len > exchange.max_response_bytes) {
        return Err(too_large(meta));
    }

    // A body that arrives in one chunk, the usual case, is kept as it came;
    // more chunks are gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut gathered: Vec<u8> = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let so_far = first.as_ref().map_or(0, Bytes::len) + gathered.len();
                if so_far + chunk.len() > exchange.max_response_bytes {
                    return Err(too_large(meta));
                }
                match first.take() {
                    None if gathered.is_empty() => first = Some(chunk),
                    previous => {
                        if let Some(previous) = previous {
                            gathered
                                .reserve(declared.unwrap_or(0).max(previous.len() + chunk.len()));
                            gathered.extend_from_slice(&previous);
                        }
                        gathered.extend_from_slice(&chunk);
                    }
                }
            }
            Ok(None) => break,
            Err(e) => return Err(transport_error(e, exchange.timeout, meta)),
        }
    }
    let body = match first {
        Some(only) => only,
        None => Bytes::from(gathered),
    };
    Ok(RawResponse {
        status: response.status().as_u16(),
        headers: std::mem::take(response.headers_mut()),
        body,
    })
}

/// A timeout while connecting stays a transport error: nothing was sent, which
/// the retry policy needs to know (see [`crate::retry`]).
fn transport_error(e: reqwest::Error, timeout: Duration, meta: &ResponseMeta) -> Error {
    if e.is_timeout() && !e.is_connect() {
        Error::Timeout {
            timeout,
            meta: Box::new(meta.clone()),
        }
    } else {
        Error::Transport {
            source: e.without_url(),
            meta: Box::new(meta.clone()),
        }
    }
}
