//! The `tracing` span of one call, with OpenTelemetry's attribute names.
//!
//! Each call opens one `plain.request` span at INFO level. Its fields follow
//! OpenTelemetry's semantic conventions for GraphQL and HTTP clients, so a
//! `tracing-opentelemetry` layer exports them as they are:
//!
//! | field | value |
//! |---|---|
//! | `otel.name` | `query getThreads`, `mutation upsertCustomer` |
//! | `otel.kind` | `client` |
//! | `graphql.operation.name` | the operation's name, when known |
//! | `graphql.operation.type` | `query` or `mutation` |
//! | `server.address`, `server.port` | the endpoint's host and port |
//! | `http.response.status_code` | the last response's status |
//! | `plain.request_id` | Plain's request id (`apigw-requestid`) |
//! | `plain.attempts` | how many times the request was sent |
//! | `plain.ratelimit.remaining` | `x-ratelimit-remaining` of the last response |
//! | `error.type` | the error's [`Error::kind_name`], on failure |
//! | `otel.status_code`, `otel.status_description` | `ERROR` and the message, on failure |
//!
//! Numbers are recorded as `i64`, the integer type OpenTelemetry's
//! attributes have. Retries are WARN events inside the span. With no subscriber, or one that
//! filters the span out, the span is disabled and none of its values is
//! computed (`benches/client.rs`, `telemetry`).

use reqwest::Url;
use tracing::field::Empty;
use tracing::Span;

use crate::error::Error;
use crate::operation::OperationKind;

/// The span of one call to `url`, its response fields still empty.
pub(crate) fn request_span(operation: Option<&str>, kind: OperationKind, url: &Url) -> Span {
    let kind = kind_name(kind);
    tracing::info_span!(
        "plain.request",
        otel.name = %format_args!("{kind} {}", operation.unwrap_or("(unnamed)")),
        otel.kind = "client",
        graphql.operation.name = operation,
        graphql.operation.type = kind,
        server.address = url.host_str(),
        server.port = url.port_or_known_default().map(i64::from),
        http.response.status_code = Empty,
        plain.request_id = Empty,
        plain.attempts = Empty,
        plain.ratelimit.remaining = Empty,
        error.type = Empty,
        otel.status_code = Empty,
        otel.status_description = Empty,
    )
}

/// What the last attempt's response said (nothing, when none arrived).
pub(crate) fn record_response(
    span: &Span,
    status: Option<u16>,
    request_id: Option<&str>,
    remaining: Option<u64>,
) {
    if span.is_disabled() {
        return;
    }
    if let Some(status) = status {
        span.record("http.response.status_code", i64::from(status));
    }
    if let Some(id) = request_id {
        span.record("plain.request_id", id);
    }
    if let Some(remaining) = remaining {
        span.record(
            "plain.ratelimit.remaining",
            i64::try_from(remaining).unwrap_or(i64::MAX),
        );
    }
}

/// How the call ended: the attempts it took and, on failure, the error.
pub(crate) fn record_outcome(span: &Span, attempts: u32, error: Option<&Error>) {
    if span.is_disabled() {
        return;
    }
    span.record("plain.attempts", i64::from(attempts));
    if let Some(error) = error {
        span.record("error.type", error.kind_name());
        span.record("otel.status_code", "ERROR");
        span.record("otel.status_description", tracing::field::display(error));
    }
}

/// OpenTelemetry's spelling of an operation type.
pub(crate) fn kind_name(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::Query => "query",
        OperationKind::Mutation => "mutation",
    }
}
