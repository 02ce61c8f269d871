//! Sends one request and reads its response: the only code here that does I/O.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_LENGTH};

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
    let result = exchange
        .http
        .post(exchange.url.clone())
        .headers(exchange.headers.clone())
        .timeout(exchange.timeout)
        .body(body)
        .send()
        .await;
    let mut response = result.map_err(|e| transport_error(e, exchange.timeout, meta))?;

    meta.status = Some(response.status().as_u16());
    meta.request_id = request_id(response.headers());

    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > exchange.max_response_bytes) {
        return Err(Error::ResponseTooLarge {
            limit: exchange.max_response_bytes,
            meta: Box::new(meta.clone()),
        });
    }

    let mut body = Vec::with_capacity(declared.unwrap_or(1024));
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > exchange.max_response_bytes {
                    return Err(Error::ResponseTooLarge {
                        limit: exchange.max_response_bytes,
                        meta: Box::new(meta.clone()),
                    });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(transport_error(e, exchange.timeout, meta)),
        }
    }
    Ok(RawResponse {
        status: response.status().as_u16(),
        headers: std::mem::take(response.headers_mut()),
        body: Bytes::from(body),
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
