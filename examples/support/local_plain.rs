//! A small local stand-in for Plain's GraphQL endpoint, so the examples run on
//! a fresh machine without an API key.
//!
//! It listens on 127.0.0.1 on a free port, lives only as long as the process,
//! and answers `createThreadEvent` the way Plain does: the created ThreadEvent
//! echoes the input, and a second create with the same `externalId` fails with
//! a mutation error. Anything else gets a GraphQL error.

use std::collections::HashSet;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

/// Request bodies larger than this are refused.
const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Default)]
struct State {
    requests: AtomicU64,
    external_ids: Mutex<HashSet<String>>,
}

/// A running local endpoint. It stops when the process exits.
pub struct LocalPlain {
    addr: SocketAddr,
}

impl LocalPlain {
    /// Starts the endpoint on 127.0.0.1 and a free port.
    pub async fn start() -> std::io::Result<LocalPlain> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::default());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(Arc::clone(&state), req));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(LocalPlain { addr })
    }

    /// The GraphQL endpoint URL.
    pub fn url(&self) -> String {
        format!("http://{}/graphql/v1", self.addr)
    }
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let number = state.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let request_id = format!("local-{number}");
    let reply = |status: StatusCode, body: Value| {
        let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        if let Ok(id) = HeaderValue::from_str(&request_id) {
            headers.insert("apigw-requestid", id);
        }
        Ok(response)
    };
    let errors = |message: &str| json!({ "errors": [{ "message": message }] });

    if req.method() != Method::POST || req.uri().path() != "/graphql/v1" {
        return reply(StatusCode::NOT_FOUND, errors("not found: POST /graphql/v1"));
    }
    let authorized = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer ") && v.len() > "Bearer ".len());
    if !authorized {
        return reply(
            StatusCode::UNAUTHORIZED,
            errors("Authentication required: send Authorization: Bearer <API key>"),
        );
    }
    let body = match Limited::new(req.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return reply(
                StatusCode::BAD_REQUEST,
                errors("body unreadable or too large"),
            )
        }
    };
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return reply(StatusCode::BAD_REQUEST, errors("body is not JSON"));
    };
    let query = request["query"].as_str().unwrap_or_default();
    if !query.contains("createThreadEvent") {
        return reply(
            StatusCode::OK,
            json!({ "data": null, "errors": [{ "message": "the local endpoint only implements createThreadEvent" }] }),
        );
    }
    let input = &request["variables"]["input"];
    let (Some(thread_id), Some(title), Some(components)) = (
        input["threadId"].as_str(),
        input["title"].as_str(),
        input["components"].as_array(),
    ) else {
        return reply(
            StatusCode::BAD_REQUEST,
            errors("Variable \"$input\" requires threadId, title and components"),
        );
    };

    if let Some(external_id) = input["externalId"].as_str() {
        let first_time = state
            .external_ids
            .lock()
            .map(|mut seen| seen.insert(external_id.to_owned()))
            .unwrap_or(true);
        if !first_time {
            return reply(
                StatusCode::OK,
                json!({ "data": { "createThreadEvent": { "threadEvent": null, "error": {
                    "message": format!("A thread event with external ID {external_id} already exists"),
                    "type": "VALIDATION",
                    "code": "input_validation",
                    "fields": [{ "field": "externalId", "message": "already used", "type": "VALIDATION" }]
                } } } }),
            );
        }
    }

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let at = json!({ "iso8601": plain_sdk::time::format_rfc3339(UNIX_EPOCH + Duration::from_secs(now.as_secs())), "unixTimestamp": now.as_millis().to_string() });
    let actor = json!({ "__typename": "MachineUserActor", "machineUserId": "mu_local_example" });
    let event = json!({
        "id": format!("tev_local{number:06}"),
        "customerId": "c_local_example",
        "threadId": thread_id,
        "title": title,
        "components": components.iter().map(output_component).collect::<Vec<_>>(),
        "createdAt": at,
        "createdBy": actor,
        "updatedAt": at,
        "updatedBy": actor,
    });
    reply(
        StatusCode::OK,
        json!({ "data": { "createThreadEvent": { "threadEvent": event, "error": null } } }),
    )
}

/// Turns an input component (`{"componentText": {...}}`) into the output
/// union member Plain returns (`{"__typename": "ComponentText", ...}`).
fn output_component(input: &Value) -> Value {
    let Some((key, fields)) = input.as_object().and_then(|o| o.iter().next()) else {
        return json!({ "__typename": "ComponentUnknown" });
    };
    let typename = match key.strip_prefix("component") {
        Some(rest) => format!("Component{rest}"),
        None => "ComponentUnknown".to_owned(),
    };
    let mut out = fields.as_object().cloned().unwrap_or_default();
    if typename == "ComponentRow" {
        for side in ["rowMainContent", "rowAsideContent"] {
            let items = out
                .get(side)
                .and_then(Value::as_array)
                .map(|items| items.iter().map(output_component).collect::<Vec<_>>())
                .unwrap_or_default();
            out.insert(side.to_owned(), Value::Array(items));
        }
    }
    out.insert("__typename".to_owned(), Value::String(typename));
    Value::Object(out)
}
