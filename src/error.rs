//! The one error type of the crate, the facts it carries, and how it is
//! shown: everything it keeps from the network is bounded, as [`Error`]'s
//! documentation says.

use std::fmt::{self, Display, Write as _};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::operations::{MutationErrorType, MutationFieldErrorType};
use crate::response::{RateLimit, ResponseMeta};
use crate::retry::{Failure, GiveUp};

/// Result type of every fallible call in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the document a GraphQL error points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GraphQlLocation {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
}

/// One entry of a GraphQL response's `errors` array.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GraphQlError {
    /// What went wrong, as Plain wrote it.
    pub message: String,
    /// Where in the document the error points, when Plain says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<GraphQlLocation>>,
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

/// The `errors` of a response, bounded: the first [`GraphQlErrors::KEPT`]
/// in full, any later one whose `extensions.code` decides what the error
/// is (`RATE_LIMITED`, `FORBIDDEN`, `UNAUTHENTICATED`), and how many there
/// were in all. Dereferences to the kept errors.
///
/// An error whose JSON is larger than [`GraphQlErrors::MAX_ERROR_BYTES`]
/// keeps its message and `extensions.code` only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphQlErrors {
    kept: Vec<GraphQlError>,
    total: usize,
}

impl GraphQlErrors {
    /// How many errors are kept in full.
    pub const KEPT: usize = 10;
    /// The largest error (as JSON) kept with its locations, path and extensions.
    pub const MAX_ERROR_BYTES: usize = 64 * 1024;
    /// The codes that decide what kind of error a response is.
    const DECISIVE_CODES: [&'static str; 3] = ["RATE_LIMITED", "FORBIDDEN", "UNAUTHENTICATED"];

    /// How many errors the response held, kept or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many errors were not kept.
    pub fn elided(&self) -> usize {
        self.total - self.kept.len()
    }

    /// The first kept error with this `extensions.code`.
    pub fn with_code(&self, code: &str) -> Option<&GraphQlError> {
        self.kept.iter().find(|e| e.code() == Some(code))
    }

    /// Adds the next error of the response: kept if there is room for it or
    /// its code decides the response's kind, counted either way.
    pub(crate) fn push_raw(&mut self, raw: &RawValue) {
        self.total += 1;
        let room = self.kept.len() < Self::KEPT;
        if !room {
            let code = probe_code(raw);
            let decisive = code
                .as_deref()
                .is_some_and(|c| Self::DECISIVE_CODES.contains(&c) && self.with_code(c).is_none());
            if !decisive {
                return;
            }
        }
        self.kept.push(decode_error(raw));
    }

    /// Errors made by hand (tests, and callers that build errors).
    pub fn from_errors(errors: Vec<GraphQlError>) -> Self {
        GraphQlErrors {
            total: errors.len(),
            kept: errors,
        }
    }
}

impl std::ops::Deref for GraphQlErrors {
    type Target = [GraphQlError];
    fn deref(&self) -> &[GraphQlError] {
        &self.kept
    }
}

impl From<Vec<GraphQlError>> for GraphQlErrors {
    fn from(errors: Vec<GraphQlError>) -> Self {
        GraphQlErrors::from_errors(errors)
    }
}

/// `extensions.code` of one raw error, reading nothing else.
fn probe_code(raw: &RawValue) -> Option<String> {
    #[derive(Deserialize)]
    struct Probe {
        extensions: Option<Extensions>,
    }
    #[derive(Deserialize)]
    struct Extensions {
        code: Option<serde_json::Value>,
    }
    let probe: Probe = serde_json::from_str(raw.get()).ok()?;
    match probe.extensions?.code? {
        serde_json::Value::String(code) => Some(code),
        _ => None,
    }
}

/// One raw error as a [`GraphQlError`]; anything unreadable keeps what it can.
fn decode_error(raw: &RawValue) -> GraphQlError {
    if raw.get().len() <= GraphQlErrors::MAX_ERROR_BYTES {
        if let Ok(error) = serde_json::from_str::<GraphQlError>(raw.get()) {
            return error;
        }
    }
    #[derive(Deserialize)]
    struct MessageOnly {
        message: Option<serde_json::Value>,
    }
    let message = match serde_json::from_str::<MessageOnly>(raw.get()) {
        Ok(MessageOnly {
            message: Some(serde_json::Value::String(message)),
        }) => message,
        _ => format!(
            "(an error Plain sent as {})",
            BodySnippet::new(raw.get().as_bytes())
        ),
    };
    let extensions = probe_code(raw).map(|code| {
        let mut map = serde_json::Map::new();
        map.insert("code".into(), code.into());
        map
    });
    GraphQlError {
        message,
        locations: None,
        path: None,
        extensions,
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

/// How many field errors a mutation error's `Display` lists.
const SHOWN_FIELDS: usize = 2;

impl fmt::Display for MutationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (code {})",
            wire(&self.message, 160),
            wire(&self.code, 40)
        )?;
        for field in self.fields.iter().take(SHOWN_FIELDS) {
            write!(
                f,
                "; {}: {}",
                wire(&field.field, 40),
                wire(&field.message, 80)
            )?;
        }
        if self.fields.len() > SHOWN_FIELDS {
            write!(
                f,
                "; and {} more field errors",
                self.fields.len() - SHOWN_FIELDS
            )?;
        }
        Ok(())
    }
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
    /// How many bytes of the kept text `Display` shows, escaped, at most.
    const SHOWN: usize = 200;

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
    /// The text quoted and escaped as Rust escapes strings (so line breaks,
    /// control characters and bidirectional overrides show as `\n`,
    /// `\u{202e}` …), at most about 200 bytes of it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        let mut shown = 0;
        let mut cut = false;
        for c in self.text.chars() {
            let escaped = c.escape_debug();
            let len: usize = escaped.clone().map(char::len_utf8).sum();
            if shown + len > Self::SHOWN {
                cut = true;
                break;
            }
            shown += len;
            write!(f, "{escaped}")?;
        }
        f.write_char('"')?;
        if cut || self.truncated {
            write!(f, " … ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}

/// What went wrong, without the facts of the exchange: [`Error::kind`]
/// returns it, to match on.
///
/// Its `Display` is the error's message without the exchange's facts;
/// `source()` returns the underlying error where there is one, which the
/// message never repeats.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Plain did not accept the API key (HTTP 401, or `UNAUTHENTICATED`):
    /// it is wrong, revoked, or missing.
    #[error("unauthenticated: {} (the API key is wrong or revoked: create a new one in Plain's settings)", wire(.message, 300))]
    Unauthenticated {
        /// Plain's explanation.
        message: String,
    },
    /// The API key lacks a permission this operation needs (HTTP 403,
    /// `FORBIDDEN`, or a mutation error with code `forbidden`).
    #[error("forbidden: {} (the API key's role lacks a permission this operation needs: grant it in Plain's settings)", wire(.message, 300))]
    Forbidden {
        /// Plain's explanation.
        message: String,
        /// The mutation error, when the refusal came as one.
        mutation_error: Option<MutationError>,
    },
    /// Plain rejected the request as malformed (HTTP 400), usually a GraphQL
    /// validation error: the operation does not match Plain's current schema.
    #[error("bad request: {} (the operation or its variables do not match Plain's schema)", fmt_errors_or_body(.errors, .body))]
    BadRequest {
        /// Plain's errors.
        errors: GraphQlErrors,
        /// The start of the body, when it held no GraphQL errors.
        body: BodySnippet,
    },
    /// Too many requests (HTTP 429, or `extensions.code = RATE_LIMITED` with
    /// no data: the operation did not run).
    #[error("rate limited by Plain{}: wait before retrying", fmt_rate_limit(.rate_limit))]
    RateLimited {
        /// The figures Plain sent.
        rate_limit: RateLimit,
        /// Plain's errors, if any.
        errors: GraphQlErrors,
    },
    /// Plain's endpoint answered with a redirect (HTTP 3xx). Plain's API
    /// does not redirect, so it is never followed: the request would go
    /// (with the API key) wherever the answer points.
    #[error("Plain answered HTTP {status} redirecting to {} (not followed: check the base URL)", fmt_location(.location.as_deref()))]
    Redirect {
        /// The HTTP status.
        status: u16,
        /// The `Location` header, when there was one.
        location: Option<String>,
    },
    /// Any other HTTP error status (5xx, or an unexpected 4xx).
    #[error("Plain answered HTTP {status}: {} ({})", fmt_errors_or_body(.errors, .body), server_hint(*.status))]
    Server {
        /// The HTTP status.
        status: u16,
        /// Plain's errors, when the body held any.
        errors: GraphQlErrors,
        /// The start of the body.
        body: BodySnippet,
    },
    /// A successful response that carries GraphQL `errors`. Whatever data came
    /// with them is kept in `data`, as the JSON it came as: when there is
    /// some, the operation ran (at least in part), and it is never resent.
    #[error("GraphQL error: {} ({})", fmt_errors(.errors), graphql_hint(.data.is_some()))]
    GraphQl {
        /// Plain's errors.
        errors: GraphQlErrors,
        /// Partial data, as sent; [`Error::partial_data`] decodes it.
        data: Option<Box<RawValue>>,
    },
    /// The mutation ran and reported an `error`: nothing was changed.
    #[error("mutation failed: {error} ({})", mutation_hint(.error))]
    Mutation {
        /// Plain's error, with its code and field errors.
        error: MutationError,
    },
    /// The request could not be completed: connection, DNS or TLS failure,
    /// or a connection dropped mid-response.
    #[error("could not reach Plain ({})", transport_hint(.source))]
    Transport {
        /// The underlying failure.
        #[source]
        source: reqwest::Error,
    },
    /// No complete response within the configured timeout.
    #[error("timed out after {timeout:?} waiting for Plain (raise the timeout on the client builder if this operation is slow)")]
    Timeout {
        /// The timeout that ran out.
        timeout: Duration,
    },
    /// The response was not the JSON this crate expected: not JSON at all,
    /// not a GraphQL response, or data that does not fit the generated types
    /// (Plain's schema changed: regenerate with the current schema).
    #[error("could not decode Plain's response: {}; body: {body}", wire(.message, 400))]
    Decode {
        /// What did not fit, with the JSON path when known.
        message: String,
        /// The start of the body.
        body: BodySnippet,
        /// The JSON error, when there is one. Its text is in the message,
        /// so it is not also the error's `source()`.
        json_error: Option<serde_json::Error>,
    },
    /// The response body was larger than the configured limit.
    #[error("Plain's response is larger than the limit of {limit} bytes (raise it on the client builder)")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A UI component broke one of the schema's rules; nothing was sent.
    #[error("invalid UI component: {0}")]
    InvalidComponent(crate::ui::UiError),
    /// The client is misconfigured; nothing was sent.
    #[error("configuration error: {}", wire(.message, 400))]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// Everything that can go wrong calling Plain: what went wrong
/// ([`Error::kind`], to match on) and, when a request was sent, the facts of
/// the exchange ([`Error::meta`]).
///
/// Ask [`Error::request_id`], [`Error::status`], [`Error::attempts`],
/// [`Error::is_retryable`] and [`Error::gave_up`] (why the client did not
/// send it again) for what to do about it; the source chain is kept.
///
/// # Bounded, whatever a server sends
///
/// An error keeps the first [`GraphQlErrors::KEPT`] GraphQL errors (and
/// counts the rest, keeping a later one whose code decides the kind); an
/// error's locations, path and extensions only while its JSON is within
/// [`GraphQlErrors::MAX_ERROR_BYTES`] (its message and code always); a request id of at most
/// [`ResponseMeta::MAX_REQUEST_ID_LEN`] bytes; a [`BodySnippet`] of at most
/// [`BodySnippet::MAX_LEN`] bytes; partial data as the raw JSON it came as.
/// Handling a response peaks at about twice the body's size
/// (`tests/memory.rs` counts it), and a body declaring a huge
/// `Content-Length` reserves nothing it has not received.
///
/// Its `Display` is one line of about 1 KiB at most: long texts are cut
/// with a count of what was left out (`… (9999800 more characters)`,
/// `and 999997 more errors`), and line breaks, other control characters,
/// U+2028/U+2029, bidirectional overrides and invisible separators become
/// spaces (escaped, in quoted body snippets), so nothing a server sends can
/// break a log line or reorder what a reader sees:
///
/// ```text
/// Plain answered HTTP 503: body "<html>…" (a problem on Plain's side: retry later, …) [operation CreateThreadEvent, 1 attempt, request id Lx3bTg1qLPEEJ0w=; not retried: the mutation may have run; mark the call idempotent to allow retries]
/// ```
///
/// ```
/// # async fn run(client: plain_sdk::PlainClient) {
/// use plain_sdk::ErrorKind;
///
/// match client.get_my_workspace().await {
///     Ok(workspace) => println!("{workspace:?}"),
///     Err(error) => match error.kind() {
///         ErrorKind::RateLimited { rate_limit, .. } => println!("wait: {rate_limit:?}"),
///         _ => eprintln!("{error} (request id {:?})", error.request_id()),
///     },
/// }
/// # }
/// ```
pub struct Error {
    inner: Box<Inner>,
}

/// One allocation per error keeps `Result<T, Error>` a pointer wide.
struct Inner {
    kind: ErrorKind,
    meta: Option<ResponseMeta>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("meta", &self.inner.meta)
            .finish()
    }
}

impl Display for Error {
    /// The kind's message, naming the operation for a failed mutation,
    /// then the exchange's facts in brackets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let meta = self.inner.meta.as_ref();
        match &self.inner.kind {
            ErrorKind::Mutation { error } => {
                let operation = meta.and_then(|m| m.operation.as_deref());
                write!(
                    f,
                    "{} failed: {error} ({})",
                    wire(operation.unwrap_or("mutation"), 60),
                    mutation_hint(error)
                )?;
            }
            kind => Display::fmt(kind, f)?,
        }
        match meta {
            Some(meta) => fmt_meta(meta, f),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // The kind's message is this error's: its source comes next.
        std::error::Error::source(&self.inner.kind)
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(Inner { kind, meta: None }),
        }
    }
}

impl From<crate::ui::UiError> for Error {
    fn from(error: crate::ui::UiError) -> Self {
        ErrorKind::InvalidComponent(error).into()
    }
}

impl ErrorKind {
    /// A short stable name for the kind: `unauthenticated`, `forbidden`,
    /// `bad_request`, `rate_limited`, `redirect`, `server`, `graphql`,
    /// `mutation`, `transport`, `timeout`, `decode`, `response_too_large`,
    /// `invalid_component` or `config`.
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::Unauthenticated { .. } => "unauthenticated",
            ErrorKind::Forbidden { .. } => "forbidden",
            ErrorKind::BadRequest { .. } => "bad_request",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::Redirect { .. } => "redirect",
            ErrorKind::Server { .. } => "server",
            ErrorKind::GraphQl { .. } => "graphql",
            ErrorKind::Mutation { .. } => "mutation",
            ErrorKind::Transport { .. } => "transport",
            ErrorKind::Timeout { .. } => "timeout",
            ErrorKind::Decode { .. } => "decode",
            ErrorKind::ResponseTooLarge { .. } => "response_too_large",
            ErrorKind::InvalidComponent(_) => "invalid_component",
            ErrorKind::Config { .. } => "config",
        }
    }

    /// A mutation's `error`; code `forbidden` becomes [`ErrorKind::Forbidden`].
    pub(crate) fn from_mutation_error(error: MutationError) -> Self {
        if error.code == "forbidden" || error.error_type == MutationErrorType::Forbidden {
            ErrorKind::Forbidden {
                message: error.message.clone(),
                mutation_error: Some(error),
            }
        } else {
            ErrorKind::Mutation { error }
        }
    }

    /// What the error means for sending the request again: the one rule
    /// behind [`Error::is_retryable`] and the retry policy.
    pub(crate) fn failure(&self) -> Failure {
        match self {
            ErrorKind::RateLimited { rate_limit, .. } => Failure::RateLimited(rate_limit.wait()),
            ErrorKind::Transport { source, .. } if source.is_connect() => Failure::NotSent,
            ErrorKind::Transport { .. } | ErrorKind::Timeout { .. } => Failure::MayHaveRun,
            ErrorKind::Server {
                status: 500 | 502 | 503 | 504,
                ..
            } => Failure::MayHaveRun,
            _ => Failure::Final,
        }
    }
}

impl Error {
    /// What went wrong, to match on.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// What went wrong, taken out of the error.
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    /// The kind's short stable name ([`ErrorKind::name`]), as telemetry
    /// records it in `error.type`.
    pub fn kind_name(&self) -> &'static str {
        self.inner.kind.name()
    }

    /// The exchange behind the error, when a request was sent.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        self.inner.meta.as_ref()
    }

    /// Attaches the facts of the exchange: the client does it once, when
    /// the error leaves the retry loop.
    pub(crate) fn with_meta(mut self, meta: ResponseMeta) -> Self {
        self.inner.meta = Some(meta);
        self
    }

    /// Plain's request id for the failed exchange, when a response arrived.
    pub fn request_id(&self) -> Option<&str> {
        self.meta()?.request_id.as_deref()
    }

    /// The HTTP status of the failed exchange, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self.kind() {
            ErrorKind::Server { status, .. } | ErrorKind::Redirect { status, .. } => Some(*status),
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
        self.failure() != Failure::Final
    }

    pub(crate) fn failure(&self) -> Failure {
        self.inner.kind.failure()
    }

    /// Why the client did not send the request again, when the error was one
    /// a retry might have cured: e.g. a mutation that may have run.
    pub fn gave_up(&self) -> Option<GiveUp> {
        self.meta()?.gave_up
    }

    /// Partial data of an [`ErrorKind::GraphQl`] error, decoded into `T`.
    pub fn partial_data<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self.kind() {
            ErrorKind::GraphQl {
                data: Some(data), ..
            } => serde_json::from_str(data.get()).ok(),
            _ => None,
        }
    }

    /// Plain's rate-limit figures, for [`ErrorKind::RateLimited`].
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self.kind() {
            ErrorKind::RateLimited { rate_limit, .. } => Some(rate_limit),
            _ => None,
        }
    }

    /// How long Plain asked to wait before sending again, for
    /// [`ErrorKind::RateLimited`], from now ([`RateLimit::wait_from`]).
    pub fn retry_after(&self) -> Option<Duration> {
        self.rate_limit()?.wait_from(SystemTime::now())
    }

    /// The mutation's own `error`, for [`ErrorKind::Mutation`] and for an
    /// [`ErrorKind::Forbidden`] that came as one.
    pub fn mutation_error(&self) -> Option<&MutationError> {
        match self.kind() {
            ErrorKind::Mutation { error } => Some(error),
            ErrorKind::Forbidden {
                mutation_error: Some(error),
                ..
            } => Some(error),
            _ => None,
        }
    }

    /// The GraphQL `errors` the response carried (the first
    /// [`GraphQlErrors::KEPT`]; [`GraphQlErrors::total`] counts them all);
    /// empty for errors without a response body of errors.
    pub fn graphql_errors(&self) -> &GraphQlErrors {
        static NONE: GraphQlErrors = GraphQlErrors {
            kept: Vec::new(),
            total: 0,
        };
        match self.kind() {
            ErrorKind::BadRequest { errors, .. }
            | ErrorKind::RateLimited { errors, .. }
            | ErrorKind::Server { errors, .. }
            | ErrorKind::GraphQl { errors, .. } => errors,
            _ => &NONE,
        }
    }

    /// A configuration error: nothing was sent.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        ErrorKind::Config {
            message: message.into(),
        }
        .into()
    }
}

/// ` [operation X, 2 attempts, request id Y; reason]`, or nothing.
fn fmt_meta(meta: &ResponseMeta, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut parts = Vec::new();
    if let Some(op) = &meta.operation {
        parts.push(format!("operation {}", wire(op, 60)));
    }
    if meta.attempts > 1 || meta.gave_up.is_some() {
        let s = if meta.attempts == 1 { "" } else { "s" };
        parts.push(format!("{} attempt{s}", meta.attempts));
    }
    if let Some(id) = &meta.request_id {
        parts.push(format!(
            "request id {}",
            wire(id, ResponseMeta::MAX_REQUEST_ID_LEN)
        ));
    }
    let note = match &meta.gave_up {
        Some(reason) => format!("; {reason}"),
        None => String::new(),
    };
    if parts.is_empty() && note.is_empty() {
        Ok(())
    } else {
        write!(f, " [{}{note}]", parts.join(", "))
    }
}

/// How many GraphQL errors a `Display` lists.
const SHOWN_ERRORS: usize = 3;

fn fmt_errors(errors: &GraphQlErrors) -> String {
    if errors.total() == 0 {
        return "no details given".into();
    }
    let mut out = String::new();
    for (i, e) in errors.iter().take(SHOWN_ERRORS).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        let _ = write!(out, "{}", wire(&e.message, 200));
        if let Some(code) = e.code() {
            let _ = write!(out, " ({})", wire(code, 64));
        }
    }
    let shown = errors.len().min(SHOWN_ERRORS);
    if errors.total() > shown {
        let _ = write!(out, "; and {} more errors", errors.total() - shown);
    }
    out
}

fn fmt_errors_or_body(errors: &GraphQlErrors, body: &BodySnippet) -> String {
    if errors.total() == 0 {
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
        parts.push(format!("window resets at {}", wire(reset, 64)));
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

fn fmt_location(location: Option<&str>) -> String {
    match location {
        Some(location) => format!("{:?}", wire(location, 200).to_string()),
        None => "nowhere (no Location header)".into(),
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

fn graphql_hint(ran: bool) -> &'static str {
    if ran {
        "the operation ran, at least in part: its data is kept on the error, and it was not resent"
    } else {
        "Plain could not complete the operation"
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

fn transport_hint(e: &reqwest::Error) -> &'static str {
    if e.is_connect() && e.is_timeout() {
        "could not connect within the connect timeout, so nothing was sent: check the network and the base URL"
    } else if e.is_connect() {
        "connection failed, so nothing was sent: check the network and the base URL"
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the response: the request may have been sent and run"
    } else {
        "the connection failed after connecting: the request may have been sent and run"
    }
}

/// Text from the wire, shown safely: at most `max_bytes` bytes of it (then
/// a count of the characters left out), with line breaks, other control
/// characters, bidirectional overrides and invisible separators as spaces,
/// so that an error stays one honest line.
pub(crate) fn wire(text: &str, max_bytes: usize) -> Wire<'_> {
    Wire { text, max_bytes }
}

/// See [`wire`].
pub(crate) struct Wire<'a> {
    text: &'a str,
    max_bytes: usize,
}

impl Display for Wire<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut used = 0;
        let mut chars = self.text.chars();
        for c in chars.by_ref() {
            let c = if is_unsafe_in_a_line(c) { ' ' } else { c };
            used += c.len_utf8();
            if used > self.max_bytes {
                write!(f, "… ({} more characters)", 1 + chars.count())?;
                break;
            }
            f.write_char(c)?;
        }
        Ok(())
    }
}

/// Characters that would break a line or reorder what a reader sees.
fn is_unsafe_in_a_line(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{2028}' | '\u{2029}'                 // line and paragraph separators
            | '\u{200B}'..='\u{200F}'               // zero-width characters, LRM, RLM
            | '\u{202A}'..='\u{202E}'               // bidirectional embeddings and overrides
            | '\u{2060}'..='\u{2069}'               // word joiner, bidirectional isolates
            | '\u{FEFF}')
}

#[cfg(test)]
pub(crate) mod tests;
