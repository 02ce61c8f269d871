//! The HTTP side of [`MockPlain`](super::MockPlain): a loopback listener,
//! one task per connection, and the steps of one exchange. The decisions
//! are in `check`, `expect` and `data`; this file only moves bytes.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::answer::{Answer, AnswerKind};
use super::check::{self, Refusal};
use super::data::{self, Source};
use super::expect::Decision;
use super::schema::PlainSchema;
use super::{Received, Shared};

/// Request bodies larger than this are refused, as Plain refuses them.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The `x-ratelimit-limit` of a rate-limited answer.
const RATE_LIMIT: u32 = 450;

/// Accepts connections until the task is dropped; dropping it drops every
/// connection too.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let shared = Arc::clone(&shared);
                    connections.spawn(async move {
                        let service = service_fn(move |req| exchange(Arc::clone(&shared), req));
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                // Out of file descriptors, say: wait instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Returned to hyper to close the connection without an answer.
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

/// The parts of a body worth recording even when Plain would refuse it.
#[derive(serde::Deserialize, Default)]
struct Peek {
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    variables: Option<Map<String, Value>>,
}

async fn exchange(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let number = shared.exchanges.fetch_add(1, Ordering::Relaxed) + 1;
    let mut reply = Reply {
        shared: &shared,
        request_id: format!("mock-plain-{number}"),
        headers: Vec::new(),
        gzip: accepts_gzip(
            request
                .headers()
                .get(ACCEPT_ENCODING)
                .map(HeaderValue::as_bytes),
        ),
    };
    // The SDL beside the endpoint, as Plain publishes it (for a drift check).
    if request.method() == Method::GET
        && request.uri().path().strip_prefix(super::PATH) == Some("/schema.graphql")
    {
        let sdl = shared.published_schema.as_deref();
        return Ok(reply.text(200, sdl.unwrap_or(super::schema::SCHEMA_TEXT)));
    }
    if request.method() != Method::POST || request.uri().path() != super::PATH {
        return Ok(reply.errors(
            404,
            "NOT_FOUND",
            &format!("Not found: POST {}", super::PATH),
        ));
    }
    if let Some(limit) = &shared.limit {
        let admission = limit.admit(SystemTime::now());
        reply.headers = admission.headers();
        if !admission.allowed {
            shared.rate_limited.fetch_add(1, Ordering::Relaxed);
            return Ok(reply.errors(429, "RATE_LIMITED", "Too many requests"));
        }
    }
    let authorization = request
        .headers()
        .get(AUTHORIZATION)
        .map(|v| v.as_bytes().to_vec());
    let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(body) => body.to_bytes(),
        Err(_) => {
            return Ok(reply.errors(
                413,
                "BAD_REQUEST",
                "The request body is unreadable or larger than 4 MiB",
            ))
        }
    };
    let peek: Peek = serde_json::from_slice(&body).unwrap_or_default();
    let mut received = Received {
        operation_name: peek.operation_name,
        variables: peek.variables.unwrap_or_default(),
        refusal: None,
    };

    let schema = match super::schema::plain_schema() {
        Ok(schema) => schema,
        Err(problem) => return Ok(reply.errors(500, "INTERNAL_SERVER_ERROR", &problem)),
    };
    let accepted = check::check_authorization(authorization.as_deref(), &shared.api_key)
        .and_then(|()| check::check_request(schema, &body));
    let accepted = match accepted {
        Ok(accepted) => accepted,
        Err(refusal) => {
            received.refusal = Some(refusal.messages());
            shared.registry().record(received);
            return Ok(reply.refusal(&refusal));
        }
    };
    received.operation_name.clone_from(&accepted.operation_name);
    let decision = {
        let mut registry = shared.registry();
        registry.record(received);
        registry.decide(accepted.operation_name.as_deref(), &accepted.variables)
    };
    let answer = match decision {
        Decision::Answer(answer) => answer,
        Decision::Call(respond) => match respond(&accepted.variables) {
            Ok(answer) => answer,
            Err(problem) => {
                shared.registry().fail(problem.clone());
                return Ok(reply.errors(500, "MOCK_PLAIN", &problem));
            }
        },
        Decision::Unmatched(report) => return Ok(reply.errors(500, "MOCK_PLAIN", &report)),
        Decision::Default => match shared.workspace.as_ref().and_then(|w| w.answer(&accepted)) {
            Some(super::state::Outcome::Data(data)) => Answer::state(data),
            Some(super::state::Outcome::Failed(failure)) => Answer::mutation_error(failure),
            Some(super::state::Outcome::Refused(problem)) => {
                Answer::graphql_error("BAD_USER_INPUT", &problem)
            }
            None => Answer::generated(),
        },
    };
    if let Some(delay) = answer.delay {
        tokio::time::sleep(delay).await;
    }
    respond(&shared, schema, &accepted, answer, &reply)
}

/// The HTTP response for `answer`.
fn respond(
    shared: &Shared,
    schema: &PlainSchema,
    request: &check::Accepted,
    answer: Answer,
    reply: &Reply,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let source = match &answer.kind {
        AnswerKind::Generated => Source::Generated,
        AnswerKind::GeneratedExcept(data) => Source::GeneratedExcept(data),
        AnswerKind::State(data) => Source::State(data),
        AnswerKind::Data(data) => Source::Given(data),
        AnswerKind::MutationError(error) => Source::MutationError(error),
        AnswerKind::Unusable(problem) => {
            shared.registry().fail(problem.clone());
            return Ok(reply.errors(500, "MOCK_PLAIN", problem));
        }
        AnswerKind::GraphQlErrors(errors) => {
            return Ok(reply.json(200, &json!({ "data": null, "errors": errors }), &[]))
        }
        AnswerKind::RateLimited { reset_in } => {
            let reset = crate::time::format_rfc3339(SystemTime::now() + *reset_in);
            let body = json!({ "errors": [{ "message": "Too many requests", "extensions": { "code": "RATE_LIMITED" } }] });
            let limit = RATE_LIMIT.to_string();
            return Ok(reply.json(
                429,
                &body,
                &[
                    ("x-ratelimit-limit", limit.as_str()),
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", reset.as_str()),
                ],
            ));
        }
        AnswerKind::Status(status) => {
            return Ok(reply.errors(*status, "INTERNAL_SERVER_ERROR", "Internal server error"))
        }
        AnswerKind::DropConnection => return Err(Dropped),
    };
    match data::response_data(schema, request, source) {
        Ok(data) => Ok(reply.json(200, &json!({ "data": data }), &[])),
        Err(problems) => {
            let name = request
                .operation_name
                .as_deref()
                .unwrap_or("an unnamed operation");
            let report = format!(
                "the answer to {name} is one Plain could never send:\n  {}",
                problems.join("\n  ")
            );
            shared.registry().fail(report.clone());
            Ok(reply.errors(500, "MOCK_PLAIN", &report))
        }
    }
}

struct Reply<'a> {
    shared: &'a Shared,
    request_id: String,
    /// The client asked for gzip: bodies of 1 KiB or more are compressed.
    gzip: bool,
    /// Sent with every answer: the rate-limit headers, when there is a limit.
    headers: Vec<(&'static str, String)>,
}

impl Reply<'_> {
    /// A plain-text body (the schema's SDL).
    fn text(&self, status: u16, text: &str) -> Response<Full<Bytes>> {
        self.body(
            status,
            text.as_bytes().to_vec(),
            "text/plain; charset=utf-8",
            &[],
        )
    }

    fn json(
        &self,
        status: u16,
        body: &Value,
        headers: &[(&'static str, &str)],
    ) -> Response<Full<Bytes>> {
        self.body(
            status,
            body.to_string().into_bytes(),
            "application/json",
            headers,
        )
    }

    /// The response: gzipped when the client takes it and the body is 1 KiB
    /// or more, counted, with the request id and the rate-limit headers.
    fn body(
        &self,
        status: u16,
        text: Vec<u8>,
        content_type: &'static str,
        headers: &[(&'static str, &str)],
    ) -> Response<Full<Bytes>> {
        let compressed = (self.gzip && text.len() >= 1024).then(|| gzip(&text));
        let gzipped = compressed.is_some();
        let bytes = compressed.unwrap_or(text);
        self.shared
            .response_bytes
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let mut response = Response::new(Full::new(Bytes::from(bytes)));
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let map = response.headers_mut();
        map.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        if gzipped {
            map.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        if let Ok(id) = HeaderValue::from_str(&self.request_id) {
            map.insert(crate::response::REQUEST_ID_HEADER, id);
        }
        let own = self
            .headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()));
        for (name, value) in own.chain(headers.iter().copied()) {
            if let Ok(value) = HeaderValue::from_str(value) {
                map.insert(name, value);
            }
        }
        response
    }

    fn errors(&self, status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
        self.json(
            status,
            &json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }),
            &[],
        )
    }

    fn refusal(&self, refusal: &Refusal) -> Response<Full<Bytes>> {
        self.json(refusal.status, &json!({ "errors": refusal.errors }), &[])
    }
}

/// Whether an `Accept-Encoding` value takes gzip: a `gzip` (or `*`) token
/// whose quality is not zero.
fn accepts_gzip(value: Option<&[u8]>) -> bool {
    let Some(value) = value.and_then(|v| std::str::from_utf8(v).ok()) else {
        return false;
    };
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("");
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::accepts_gzip;

    #[test]
    fn accept_encoding_table() {
        #[rustfmt::skip]
        let cases: [(Option<&[u8]>, bool); 9] = [
            (None, false),
            (Some(b"gzip"), true),
            (Some(b"gzip, deflate"), true),
            (Some(b"br, GZIP;q=0.5"), true),
            (Some(b"gzip;q=0"), false),
            (Some(b"gzip; q=0.0"), false),
            (Some(b"*"), true),
            (Some(b"identity"), false),
            (Some(b"\xff"), false),
        ];
        for (value, expected) in cases {
            assert_eq!(accepts_gzip(value), expected, "{value:?}");
        }
    }
}
