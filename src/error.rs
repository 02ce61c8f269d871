//! The one error type of the crate, and the facts it carries.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::operations::{MutationErrorType, MutationFieldErrorType};
use crate::retry::GiveUp;

/// Result type of every fallible call in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Facts about the HTTP exchange behind an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Plain's request id (`apigw-requestid` header): quote it to Plain's support.
    pub request_id: Option<String>,
    /// How many times the request was sent.
    pub attempts: u32,
    /// Name of the operation, when known.
    pub operation: Option<Cow<'static, str>>,
    /// Why the request was not sent again, when the error itself was one
    /// that a retry might have cured (see [`crate::retry`]).
    pub gave_up: Option<GiveUp>,
}

/// One entry of a GraphQL response's `errors` array.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GraphQlError {
    /// What went wrong, as Plain wrote it.
    pub message: String,
    /// Path of the field that failed, when Plain gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<serde_json::Value>>,
    /// Machine-readable details; `extensions.code` names the kind of error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

impl GraphQlError {
    /// `extensions.code`, such as `RATE_LIMITED` or `FORBIDDEN`.
    pub fn code(&self) -> Option<&str> {
        self.extensions.as_ref()?.get("code")?.as_str()
    }
}

/// The `error` a Plain mutation returns when it did not do what was asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MutationError {
    /// English technical description, meant for developers.
    pub message: String,
    /// Category of the error (validation, forbidden, internal …).
    pub error_type: MutationErrorType,
    /// Fixed error code: see Plain's error-code reference.
    pub code: String,
    /// Per-field problems, for validation errors.
    pub fields: Vec<MutationFieldError>,
}

/// One field's problem inside a [`MutationError`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MutationFieldError {
    /// The input field that was rejected.
    pub field: String,
    /// Why it was rejected.
    pub message: String,
    /// Category of the problem.
    pub error_type: MutationFieldErrorType,
}

impl From<crate::operations::MutationErrorParts> for MutationError {
    fn from(e: crate::operations::MutationErrorParts) -> Self {
        MutationError {
            message: e.message,
            error_type: e.type_,
            code: e.code,
            fields: e
                .fields
                .into_iter()
                .map(|f| MutationFieldError {
                    field: f.field,
                    message: f.message,
                    error_type: f.type_,
                })
                .collect(),
        }
    }
}

impl fmt::Display for MutationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (code {})",
            one_line(&self.message),
            one_line(&self.code)
        )?;
        for field in &self.fields {
            write!(
                f,
                "; {}: {}",
                one_line(&field.field),
                one_line(&field.message)
            )?;
        }
        Ok(())
    }
}

/// Plain's rate-limit figures, from the `x-ratelimit-*` and `Retry-After` headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per window (`x-ratelimit-limit`).
    pub limit: Option<u64>,
    /// Requests left in the window (`x-ratelimit-remaining`).
    pub remaining: Option<u64>,
    /// When the window resets, as Plain sent it: an ISO-8601 time (`x-ratelimit-reset`).
    pub reset: Option<String>,
    /// `Retry-After`, when present, in seconds.
    pub retry_after: Option<Duration>,
}

/// The first bytes of a response body, kept for error messages.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct BodySnippet {
    text: String,
    total_len: usize,
    /// Whether `text` stops short of the whole body.
    truncated: bool,
}

impl BodySnippet {
    /// How many bytes of the body are kept at most.
    pub const MAX_LEN: usize = 512;

    /// Keeps at most [`BodySnippet::MAX_LEN`] bytes of `body`, cut on a
    /// character boundary; bytes that are not UTF-8 become U+FFFD.
    pub fn new(body: &[u8]) -> Self {
        let mut end = body.len().min(Self::MAX_LEN);
        if end < body.len() {
            // Do not cut a multi-byte character in half: back off over its
            // continuation bytes (at most three in UTF-8).
            let mut steps = 0;
            while steps < 3 && end > 0 && body[end] & 0xC0 == 0x80 {
                end -= 1;
                steps += 1;
            }
        }
        let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
        let mut truncated = end < body.len();
        if text.len() > Self::MAX_LEN {
            // Each replacement character takes three bytes: stay within the bound.
            let mut cut = Self::MAX_LEN;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            truncated = true;
        }
        BodySnippet {
            text,
            total_len: body.len(),
            truncated,
        }
    }

    /// The kept text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the whole body in bytes.
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// Whether the kept text is only the start of the body.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Debug for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)?;
        if self.truncated {
            write!(f, " … ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}

/// Everything that can go wrong calling Plain.
///
/// Match on the variant for what happened; ask [`Error::request_id`],
/// [`Error::status`] and [`Error::is_retryable`] for what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API key is missing, wrong, or lacks a permission (HTTP 401/403, or a
    /// mutation error with code `forbidden`).
    #[error("forbidden: {} (check the API key and that its role grants this operation){}", one_line(.message), fmt_meta(.meta))]
    Forbidden {
        /// Plain's explanation.
        message: String,
        /// The mutation error, when the refusal came as one.
        mutation_error: Option<Box<MutationError>>,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// Plain rejected the request as malformed (HTTP 400), usually a GraphQL
    /// validation error: the operation does not match Plain's current schema.
    #[error("bad request: {} (the operation or its variables do not match Plain's schema){}", fmt_errors(.errors), fmt_meta(.meta))]
    BadRequest {
        /// Plain's errors.
        errors: Vec<GraphQlError>,
        /// The start of the body, when it held no GraphQL errors.
        body: BodySnippet,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// Too many requests (HTTP 429 or `extensions.code = RATE_LIMITED`).
    #[error("rate limited by Plain{}: wait before retrying{}", fmt_rate_limit(.rate_limit), fmt_meta(.meta))]
    RateLimited {
        /// The figures Plain sent.
        rate_limit: RateLimit,
        /// Plain's errors, if any.
        errors: Vec<GraphQlError>,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// Any other HTTP error status (5xx, or an unexpected 4xx).
    #[error("Plain answered HTTP {status}: {} ({}){}", fmt_errors_or_body(.errors, .body), server_hint(*.status), fmt_meta(.meta))]
    Server {
        /// The HTTP status.
        status: u16,
        /// Plain's errors, when the body held any.
        errors: Vec<GraphQlError>,
        /// The start of the body.
        body: BodySnippet,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// A successful response that carries GraphQL `errors`. Whatever data came
    /// with them is kept in `data`.
    #[error("GraphQL error: {} (Plain could not complete the operation; any partial data is kept on the error){}", fmt_errors(.errors), fmt_meta(.meta))]
    GraphQl {
        /// Plain's errors.
        errors: Vec<GraphQlError>,
        /// Partial data, as sent.
        data: Option<serde_json::Value>,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// The mutation ran and reported an `error`: nothing was changed.
    #[error("{} failed: {error} ({}){}", .meta.operation.as_deref().unwrap_or("mutation"), mutation_hint(.error), fmt_meta(.meta))]
    Mutation {
        /// Plain's error, with its code and field errors.
        error: Box<MutationError>,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// The request could not be completed: connection, DNS or TLS failure,
    /// or a connection dropped mid-response.
    #[error("could not reach Plain ({}){}", transport_hint(.source), fmt_meta(.meta))]
    Transport {
        /// The underlying failure.
        #[source]
        source: reqwest::Error,
        /// The exchange so far.
        meta: Box<ResponseMeta>,
    },
    /// No complete response within the configured timeout.
    #[error("timed out after {timeout:?} waiting for Plain (raise the timeout on the client builder if this operation is slow){}", fmt_meta(.meta))]
    Timeout {
        /// The timeout that ran out.
        timeout: Duration,
        /// The exchange so far.
        meta: Box<ResponseMeta>,
    },
    /// The response was not the JSON this crate expected: not JSON at all,
    /// not a GraphQL response, or data that does not fit the generated types
    /// (Plain's schema changed: regenerate with the current schema).
    #[error("could not decode Plain's response: {message}; body: {body}{}", fmt_meta(.meta))]
    Decode {
        /// What did not fit, with the JSON path when known.
        message: String,
        /// The start of the body.
        body: BodySnippet,
        /// The JSON error, when there is one.
        #[source]
        source: Option<serde_json::Error>,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// The response body was larger than the configured limit.
    #[error("Plain's response is larger than the limit of {limit} bytes (raise it on the client builder){}", fmt_meta(.meta))]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
        /// The exchange.
        meta: Box<ResponseMeta>,
    },
    /// A UI component broke one of the schema's rules; nothing was sent.
    #[error("invalid UI component: {0}")]
    InvalidComponent(#[from] crate::ui::UiError),
    /// The client is misconfigured; nothing was sent.
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl Error {
    /// Plain's request id for the failed exchange, when a response arrived.
    pub fn request_id(&self) -> Option<&str> {
        self.meta()?.request_id.as_deref()
    }

    /// The HTTP status of the failed exchange, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Server { status, .. } => Some(*status),
            _ => self.meta()?.status,
        }
    }

    /// How many times the request was sent (0 when it never was).
    pub fn attempts(&self) -> u32 {
        self.meta().map_or(0, |m| m.attempts)
    }

    /// Whether sending the same request again later may succeed.
    ///
    /// This answers for the error alone. Whether it is *safe* to resend a
    /// mutation is a separate question: see the retry policy.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Server { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// A short stable name for the kind of error: `forbidden`, `bad_request`,
    /// `rate_limited`, `server`, `graphql`, `mutation`, `transport`, `timeout`,
    /// `decode`, `response_too_large`, `invalid_component` or `config`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Forbidden { .. } => "forbidden",
            Error::BadRequest { .. } => "bad_request",
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server",
            Error::GraphQl { .. } => "graphql",
            Error::Mutation { .. } => "mutation",
            Error::Transport { .. } => "transport",
            Error::Timeout { .. } => "timeout",
            Error::Decode { .. } => "decode",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::InvalidComponent(_) => "invalid_component",
            Error::Config { .. } => "config",
        }
    }

    /// The exchange behind the error, when there was one.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        match self {
            Error::Forbidden { meta, .. }
            | Error::BadRequest { meta, .. }
            | Error::RateLimited { meta, .. }
            | Error::Server { meta, .. }
            | Error::GraphQl { meta, .. }
            | Error::Mutation { meta, .. }
            | Error::Transport { meta, .. }
            | Error::Timeout { meta, .. }
            | Error::Decode { meta, .. }
            | Error::ResponseTooLarge { meta, .. } => Some(meta),
            Error::InvalidComponent(_) | Error::Config { .. } => None,
        }
    }

    /// Why the client did not send the request again, when the error was one
    /// a retry might have cured: e.g. a mutation that may have run.
    pub fn gave_up(&self) -> Option<GiveUp> {
        self.meta()?.gave_up
    }

    pub(crate) fn meta_mut(&mut self) -> Option<&mut ResponseMeta> {
        match self {
            Error::Forbidden { meta, .. }
            | Error::BadRequest { meta, .. }
            | Error::RateLimited { meta, .. }
            | Error::Server { meta, .. }
            | Error::GraphQl { meta, .. }
            | Error::Mutation { meta, .. }
            | Error::Transport { meta, .. }
            | Error::Timeout { meta, .. }
            | Error::Decode { meta, .. }
            | Error::ResponseTooLarge { meta, .. } => Some(meta),
            Error::InvalidComponent(_) | Error::Config { .. } => None,
        }
    }

    /// Partial data of a [`Error::GraphQl`] error, decoded into `T`.
    pub fn partial_data<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self {
            Error::GraphQl {
                data: Some(data), ..
            } => T::deserialize(data).ok(),
            _ => None,
        }
    }

    /// A mutation's `error`; code `forbidden` becomes [`Error::Forbidden`].
    pub(crate) fn from_mutation_error(error: MutationError, meta: ResponseMeta) -> Self {
        let meta = Box::new(meta);
        if error.code == "forbidden" || error.error_type == MutationErrorType::Forbidden {
            Error::Forbidden {
                message: error.message.clone(),
                mutation_error: Some(Box::new(error)),
                meta,
            }
        } else {
            Error::Mutation {
                error: Box::new(error),
                meta,
            }
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }
}

fn fmt_meta(meta: &ResponseMeta) -> String {
    let mut parts = Vec::new();
    if let Some(op) = &meta.operation {
        parts.push(format!("operation {op}"));
    }
    if meta.attempts > 1 || meta.gave_up.is_some() {
        let s = if meta.attempts == 1 { "" } else { "s" };
        parts.push(format!("{} attempt{s}", meta.attempts));
    }
    if let Some(id) = &meta.request_id {
        parts.push(format!("request id {id}"));
    }
    let note = match &meta.gave_up {
        Some(reason) => format!("; {reason}"),
        None => String::new(),
    };
    if parts.is_empty() && note.is_empty() {
        String::new()
    } else {
        format!(" [{}{note}]", parts.join(", "))
    }
}

fn fmt_errors(errors: &[GraphQlError]) -> String {
    if errors.is_empty() {
        return "no details given".into();
    }
    errors
        .iter()
        .map(|e| match e.code() {
            Some(code) => format!("{} ({})", one_line(&e.message), one_line(code)),
            None => one_line(&e.message).into_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn fmt_errors_or_body(errors: &[GraphQlError], body: &BodySnippet) -> String {
    if errors.is_empty() {
        format!("body {body}")
    } else {
        fmt_errors(errors)
    }
}

fn fmt_rate_limit(rate_limit: &RateLimit) -> String {
    let mut parts = Vec::new();
    if let (Some(remaining), Some(limit)) = (rate_limit.remaining, rate_limit.limit) {
        parts.push(format!("{remaining} of {limit} requests left"));
    }
    if let Some(reset) = &rate_limit.reset {
        parts.push(format!("window resets at {reset}"));
    }
    if let Some(after) = rate_limit.retry_after {
        parts.push(format!("retry after {}s", after.as_secs()));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// What to do about an unexpected HTTP status.
fn server_hint(status: u16) -> &'static str {
    match status {
        500..=599 => "a problem on Plain's side: retry later, and quote the request id to Plain's support if it persists",
        404 | 405 => "check the base URL: Plain's endpoint ends in /graphql/v1",
        _ => "unexpected status: check the base URL",
    }
}

/// What to do about a mutation's `error`.
fn mutation_hint(error: &MutationError) -> &'static str {
    match error.error_type {
        MutationErrorType::Validation => "nothing was changed: fix the input named in the error",
        MutationErrorType::Internal => "nothing was changed: retry later",
        _ => "nothing was changed: see Plain's error-code reference",
    }
}

/// Text from the wire, with line breaks and other control characters turned
/// into spaces so that an error stays on one line.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

fn transport_hint(e: &reqwest::Error) -> &'static str {
    if e.is_connect() && e.is_timeout() {
        "could not connect within the connect timeout: check the network and the base URL"
    } else if e.is_connect() {
        "connection failed: check the network and the base URL"
    } else if e.is_request() {
        "the request could not be sent"
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the response"
    } else {
        "transport failure"
    }
}
