//! Sends one request and reads its response: the only code here that does I/O.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_LENGTH};
use reqwest::Method;

use crate::error::ErrorKind;

/// A response whose head arrived. Its body may still have failed: then the
/// status and headers are known, and the error says what broke.
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Result<Bytes, ErrorKind>,
}

/// What one exchange needs besides the body.
pub(crate) struct Exchange<'a> {
    pub http: &'a reqwest::Client,
    pub url: &'a reqwest::Url,
    pub headers: &'a HeaderMap,
    pub timeout: Duration,
    pub max_response_bytes: usize,
}

/// The most a body buffer grows by ahead of what has arrived: a declared
/// `Content-Length` is a claim, not a reason to reserve memory.
const MAX_RESERVE_AHEAD: usize = 256 * 1024;

/// POSTs `body` and reads the whole response, at most `max_response_bytes`
/// of it. `Err` when no response head arrived.
pub(crate) async fn send(exchange: &Exchange<'_>, body: Bytes) -> Result<RawResponse, ErrorKind> {
    // Built directly rather than through `RequestBuilder`, which would merge
    // the headers into an empty map one by one.
    let mut request = reqwest::Request::new(Method::POST, exchange.url.clone());
    *request.headers_mut() = exchange.headers.clone();
    *request.timeout_mut() = Some(exchange.timeout);
    *request.body_mut() = Some(body.into());
    let mut response = exchange
        .http
        .execute(request)
        .await
        .map_err(|e| transport_error(e, exchange.timeout))?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());

    // A client the caller supplied may follow redirects: that is detected
    // here (the request went elsewhere) and reported like one not followed.
    if response.url() != exchange.url {
        return Ok(RawResponse {
            status,
            body: Err(ErrorKind::Redirect {
                status,
                location: Some(response.url().to_string()),
            }),
            headers,
        });
    }
    let body = read_body(&mut response, &headers, exchange).await;
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

async fn read_body(
    response: &mut reqwest::Response,
    headers: &HeaderMap,
    exchange: &Exchange<'_>,
) -> Result<Bytes, ErrorKind> {
    let limit = exchange.max_response_bytes;
    let too_large = || ErrorKind::ResponseTooLarge { limit };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(too_large());
    }

    // A body that arrives in one chunk, the usual case, is kept as it came;
    // more chunks are gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut gathered: Vec<u8> = Vec::new();
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => return Err(transport_error(e, exchange.timeout)),
        };
        let so_far = first.as_ref().map_or(0, Bytes::len) + gathered.len();
        if so_far.saturating_add(chunk.len()) > limit {
            return Err(too_large());
        }
        match first.take() {
            None if gathered.is_empty() => first = Some(chunk),
            previous => {
                if let Some(previous) = previous {
                    // Reserve for what the server says is coming, but never
                    // more than a bounded step past what has arrived.
                    let arrived = previous.len() + chunk.len();
                    let promised = declared.map_or(0, |d| usize::try_from(d).unwrap_or(usize::MAX));
                    gathered.reserve(
                        promised.clamp(arrived, arrived.saturating_add(MAX_RESERVE_AHEAD)),
                    );
                    gathered.extend_from_slice(&previous);
                }
                gathered.extend_from_slice(&chunk);
            }
        }
    }
    Ok(match first {
        Some(only) => only,
        None => Bytes::from(gathered),
    })
}

/// A timeout while connecting stays a transport error: nothing was sent, which
/// the retry policy needs to know (see [`crate::retry`]).
fn transport_error(e: reqwest::Error, timeout: Duration) -> ErrorKind {
    if e.is_timeout() && !e.is_connect() {
        ErrorKind::Timeout { timeout }
    } else {
        ErrorKind::Transport {
            source: e.without_url(),
        }
    }
}
