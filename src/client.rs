//! [`PlainClient`], its builder, and the path every operation takes.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use graphql_client::GraphQLQuery;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::Url;

use crate::error::{Error, ErrorKind, Result};
use crate::operation::OperationKind;
use crate::pacing::{Pacer, Pacing};
use crate::response::{decode, Head, ResponseMeta};
use crate::retry::{self, Attempt, Decision, GiveUp, RetryPolicy};
use crate::stats::{ClientStats, Counters};
use crate::telemetry;
use crate::transport::{send, Exchange};
use tracing::Instrument;

/// Plain's production endpoint.
pub const DEFAULT_API_URL: &str = "https://core-api.uk.plain.com/graphql/v1";
/// Default limit for one whole exchange.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for a response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `plain-sdk-rust/0.2.0 (schema 2026-08-09)`, then the caller's suffix: the
/// schema's date (or the start of its sha256 when undated) lets a log line
/// tell which schema a client was built on.
fn user_agent(schema: &crate::SchemaInfo, suffix: Option<&str>) -> String {
    let mut agent = match schema.date {
        Some(date) => format!("plain-sdk-rust/{SDK_VERSION} (schema {date})"),
        None => format!(
            "plain-sdk-rust/{SDK_VERSION} (schema sha256:{})",
            schema.sha256.get(..12).unwrap_or(schema.sha256)
        ),
    };
    if let Some(suffix) = suffix {
        agent.push(' ');
        agent.push_str(suffix);
    }
    agent
}

/// A client for Plain's Core API. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> plain_sdk::Result<()> {
/// let client = plain_sdk::PlainClient::from_env()?;
/// let me = client.get_my_workspace().await?;
/// # Ok(()) }
/// ```
///
/// Failed requests are retried by the client's [`RetryPolicy`] (see
/// [`crate::retry`] for the rules); [`PlainClient::idempotent`] and
/// [`PlainClient::with_retry_policy`] change that for the calls made through
/// the handle they return.
///
/// # What every request carries
///
/// - `Authorization: Bearer …`, marked sensitive: never in `Debug` output,
///   logs or errors;
/// - `Plain-SDK: rust`, `Plain-SDK-Version` and a `User-Agent` naming the
///   crate and the schema it was built on, then
///   [`PlainClientBuilder::user_agent_suffix`];
/// - `Accept-Encoding: gzip`: a compressed answer is bounded by what it
///   decompresses to ([`PlainClientBuilder::max_response_bytes`]);
/// - `operationName`, which decides whether the call is a query or a
///   mutation ([`OperationKind::of`](crate::OperationKind::of)).
///
/// Redirects are never followed: Plain's API does not redirect, and
/// following one would send the request and its API key wherever the
/// answer points. A 3xx is [`ErrorKind::Redirect`] with its `Location`,
/// never resent. Proxies (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
/// `NO_PROXY`) are honoured as reqwest honours them, except that a loopback
/// base URL (`127.0.0.1`, `::1`, `localhost`) never goes through one.
#[derive(Clone)]
pub struct PlainClient {
    inner: Arc<Inner>,
    retry: RetryPolicy,
    idempotent: bool,
}

struct Inner {
    http: reqwest::Client,
    url: Url,
    headers: HeaderMap,
    timeout: Duration,
    max_response_bytes: usize,
    pacing: Option<Pacing>,
    stats: Counters,
}

impl fmt::Debug for PlainClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlainClient")
            .field("url", &self.inner.url.as_str())
            .field("api_key", &"<redacted>")
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.retry)
            .field("idempotent", &self.idempotent)
            .field("pacing", &self.inner.pacing.is_some())
            .finish_non_exhaustive()
    }
}

impl PlainClient {
    /// A client for Plain's production endpoint with default settings.
    pub fn new(api_key: impl Into<String>) -> Result<Self> {
        Self::builder(api_key).build()
    }

    /// A builder, for a different endpoint, timeouts or HTTP client.
    pub fn builder(api_key: impl Into<String>) -> PlainClientBuilder {
        PlainClientBuilder {
            api_key: api_key.into(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent_suffix: None,
            http: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            retry: RetryPolicy::default(),
            pacing: None,
        }
    }

    /// A client configured from the environment: `PLAIN_API_KEY` (required)
    /// and `PLAIN_API_URL` (optional, defaults to [`DEFAULT_API_URL`]).
    pub fn from_env() -> Result<Self> {
        Self::builder_from_env()?.build()
    }

    /// A builder preset from the environment, as [`PlainClient::from_env`] reads it.
    pub fn builder_from_env() -> Result<PlainClientBuilder> {
        let key = env_var("PLAIN_API_KEY")?.ok_or_else(|| {
            Error::config(
                "PLAIN_API_KEY is not set: create an API key for a machine user in \
                 Plain's settings and export it",
            )
        })?;
        let mut builder = Self::builder(key);
        if let Some(url) = env_var("PLAIN_API_URL")? {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }

    /// The endpoint requests go to.
    pub fn url(&self) -> &Url {
        &self.inner.url
    }

    /// The retry policy of this handle's calls.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// A handle whose calls are marked idempotent: a mutation made through it
    /// is sent again after a 5xx, a timeout or a broken connection, like a
    /// query. Use it for a call you know is safe to run twice; keep using the
    /// original client for the others. It shares this client's connection pool.
    ///
    /// ```no_run
    /// # async fn run(client: plain_sdk::PlainClient) -> plain_sdk::Result<()> {
    /// use plain_sdk::operations::MarkThreadAsDoneInput;
    ///
    /// // Marking a thread as done twice leaves it done.
    /// let input = MarkThreadAsDoneInput::new("th_01HB924RWAW8H3Q8KZDFWYBJHZ");
    /// client.idempotent().mark_thread_as_done(input).await?;
    /// # Ok(()) }
    /// ```
    pub fn idempotent(&self) -> PlainClient {
        PlainClient {
            idempotent: true,
            ..self.clone()
        }
    }

    /// A handle whose calls use `policy` instead of the client's, e.g.
    /// [`RetryPolicy::none()`] for a call that must fail fast. It shares this
    /// client's connection pool.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> PlainClient {
        PlainClient {
            retry: policy,
            ..self.clone()
        }
    }

    /// Runs any operation generated with graphql_client, through the same
    /// authentication and error mapping as the built-in methods.
    ///
    /// The response's `data` comes back whole; a mutation's `error` field is
    /// left for the caller to inspect.
    pub async fn execute<Q: GraphQLQuery>(
        &self,
        variables: Q::Variables,
    ) -> Result<Q::ResponseData> {
        let body = Q::build_query(variables);
        let call = Call {
            body: encode(&body)?,
            operation: Some(Cow::Borrowed(body.operation_name)),
            kind: OperationKind::of(body.query, Some(body.operation_name)),
            idempotent: false,
        };
        self.call(call, Ok).await
    }

    /// Runs a raw GraphQL document and returns `data` as JSON: the escape
    /// hatch for operations this crate does not cover.
    pub async fn execute_raw(
        &self,
        query: &str,
        variables: serde_json::Value,
        operation_name: Option<&str>,
    ) -> Result<serde_json::Value> {
        #[derive(serde::Serialize)]
        struct Body<'a> {
            query: &'a str,
            variables: serde_json::Value,
            #[serde(rename = "operationName", skip_serializing_if = "Option::is_none")]
            operation_name: Option<&'a str>,
        }
        let call = Call {
            kind: OperationKind::of(query, operation_name),
            body: encode(&Body {
                query,
                variables,
                operation_name,
            })?,
            operation: operation_name.map(|name| Cow::Owned(name.to_owned())),
            idempotent: false,
        };
        self.call(call, Ok).await
    }

    /// The path every generated method takes: send (with the operation's
    /// idempotency), decode, and take the method's result out of the data
    /// (a mutation's `error` becomes [`ErrorKind::Mutation`] or
    /// [`ErrorKind::Forbidden`]).
    pub(crate) async fn run<Q>(&self, variables: Q::Variables) -> Result<Q::Output>
    where
        Q: crate::operation::Operation,
    {
        let idempotent = Q::is_idempotent(&variables);
        let body = Q::build_query(variables);
        let call = Call {
            // `QUERY_JSON` is the document already encoded as a JSON string
            // (codegen does it once).
            body: encode_with_query(&body.variables, Q::QUERY_JSON, body.operation_name)?,
            operation: Some(Cow::Borrowed(body.operation_name)),
            kind: Q::KIND,
            idempotent,
        };
        self.call(call, |data| Q::output(data).map_err(ErrorKind::from))
            .await
    }

    /// One call, inside its span (see [`crate::telemetry`]): sent until it
    /// succeeds or the retry policy gives up, its data made into the
    /// caller's result by `output`, and the exchange's facts attached to
    /// an error here and nowhere else.
    async fn call<T: serde::de::DeserializeOwned, O>(
        &self,
        call: Call,
        output: impl FnOnce(T) -> std::result::Result<O, ErrorKind>,
    ) -> Result<O> {
        let span = telemetry::request_span(call.operation.as_deref(), call.kind, &self.inner.url);
        let done = self
            .send_until_done::<T>(&call)
            .instrument(span.clone())
            .await;
        let last = done.last.as_ref();
        if !span.is_disabled() {
            telemetry::record_response(
                &span,
                last.map(|head| head.status),
                last.and_then(Head::request_id).as_deref(),
                last.and_then(|head| head.rate_limit().remaining),
            );
        }
        // The exchange's facts are gathered for an error only: a success
        // costs no copy of them.
        let result = done.outcome.and_then(output).map_err(|kind| {
            Error::from(kind).with_meta(ResponseMeta {
                status: last.map(|head| head.status),
                request_id: last.and_then(Head::request_id),
                attempts: done.attempts,
                operation: call.operation,
                gave_up: done.gave_up,
            })
        });
        telemetry::record_outcome(&span, done.attempts, result.as_ref().err());
        result
    }

    /// Sends until an attempt succeeds or the retry policy gives up.
    async fn send_until_done<T: serde::de::DeserializeOwned>(&self, call: &Call) -> Done<T> {
        let idempotent = call.idempotent || self.idempotent;
        let started = Instant::now();
        let mut attempt = 1u32;
        loop {
            let Attempted { head, outcome } = self.send_once::<T>(call.body.clone()).await;
            // Read only by the events below, and only when they are enabled.
            let request_id = || head.as_ref().and_then(Head::request_id);
            let status = head.as_ref().map(|h| i64::from(h.status));
            let error = match outcome {
                Ok(data) => {
                    if attempt > 1 {
                        tracing::info!(
                            attempts = i64::from(attempt),
                            request_id = request_id(),
                            "plain request succeeded after retrying"
                        );
                    } else {
                        tracing::debug!(request_id = request_id(), "plain request succeeded");
                    }
                    return Done {
                        outcome: Ok(data),
                        last: head,
                        attempts: attempt,
                        gave_up: None,
                    };
                }
                Err(error) => error,
            };
            let facts = Attempt::new(
                attempt,
                started.elapsed(),
                SystemTime::now(),
                retry::random_unit(),
            );
            match retry::decide(&self.retry, call.kind, idempotent, error.failure(), &facts) {
                Decision::Retry(wait) => {
                    tracing::warn!(
                        attempt = i64::from(attempt),
                        wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX),
                        request_id = request_id(),
                        status,
                        error = error.name(),
                        "plain request failed; retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt = attempt.saturating_add(1);
                }
                Decision::GiveUp(reason) => {
                    tracing::debug!(
                        attempts = i64::from(attempt),
                        request_id = request_id(),
                        status,
                        error = error.name(),
                        reason = %reason,
                        "plain request failed"
                    );
                    return Done {
                        outcome: Err(error),
                        last: head,
                        attempts: attempt,
                        gave_up: reason.is_notable().then_some(reason),
                    };
                }
            }
        }
    }

    /// One exchange: wait for a pacing slot, send, decode, and let the
    /// pacer learn from the head.
    async fn send_once<T: serde::de::DeserializeOwned>(&self, body: Bytes) -> Attempted<T> {
        let inner = &*self.inner;
        // Kept until the response is observed (see `Pacing::wait`).
        let mut _probe = None;
        if let Some(pacing) = &inner.pacing {
            let (waited, probe) = pacing.wait().await;
            inner.stats.paced(waited);
            _probe = probe;
        }
        let exchange = Exchange {
            http: &inner.http,
            url: &inner.url,
            headers: &inner.headers,
            timeout: inner.timeout,
            max_response_bytes: inner.max_response_bytes,
        };
        inner.stats.sent();
        let response = match send(&exchange, body).await {
            Ok(response) => response,
            Err(error) => {
                return Attempted {
                    head: None,
                    outcome: Err(error),
                }
            }
        };
        let head = Head::owned(response.status, response.headers);
        if head.status == 429 {
            inner.stats.rate_limited();
        }
        let outcome = response.body.and_then(|body| decode::<T>(&head, &body));
        if let Some(pacing) = &inner.pacing {
            let refused = matches!(outcome, Err(ErrorKind::RateLimited { .. }));
            pacing.observe(head.rate_limit(), refused);
        }
        Attempted {
            head: Some(head),
            outcome,
        }
    }

    /// What this client and its clones have sent so far.
    ///
    /// ```
    /// # fn run() -> plain_sdk::Result<()> {
    /// let client = plain_sdk::PlainClient::new("plainApiKey_example")?;
    /// assert_eq!(client.stats().requests, 0);
    /// # Ok(()) }
    /// ```
    pub fn stats(&self) -> ClientStats {
        self.inner.stats.snapshot()
    }
}

/// A request ready to send, and what the retry decision needs to know of it.
struct Call {
    body: Bytes,
    operation: Option<Cow<'static, str>>,
    kind: OperationKind,
    /// A mutation that is idempotent by nature (codegen decides: upserts,
    /// creates carrying a unique `externalId`).
    idempotent: bool,
}

/// One attempt: the response's head, when one arrived, and its outcome.
struct Attempted<T> {
    head: Option<Head<'static>>,
    outcome: std::result::Result<T, ErrorKind>,
}

/// How the attempts ended: the last outcome and the last response's head,
/// how many were sent, and why no more were (see [`GiveUp::is_notable`]).
struct Done<T> {
    outcome: std::result::Result<T, ErrorKind>,
    last: Option<Head<'static>>,
    attempts: u32,
    gave_up: Option<GiveUp>,
}

pub(crate) fn encode<T: serde::Serialize>(body: &T) -> Result<Bytes> {
    serde_json::to_vec(body)
        .map(Bytes::from)
        .map_err(encode_error)
}

/// The bytes `encode` makes of graphql_client's `QueryBody { variables,
/// query, operation_name }`, with the query already encoded as JSON.
pub(crate) fn encode_with_query<V: serde::Serialize>(
    variables: &V,
    query_json: &str,
    operation_name: &str,
) -> Result<Bytes> {
    let mut out = Vec::with_capacity(query_json.len() + operation_name.len() + 512);
    out.extend_from_slice(b"{\"variables\":");
    serde_json::to_writer(&mut out, variables).map_err(encode_error)?;
    out.extend_from_slice(b",\"query\":");
    out.extend_from_slice(query_json.as_bytes());
    out.extend_from_slice(b",\"operationName\":");
    serde_json::to_writer(&mut out, operation_name).map_err(encode_error)?;
    out.push(b'}');
    Ok(Bytes::from(out))
}

fn encode_error(e: serde_json::Error) -> Error {
    Error::config(format!("the variables could not be encoded as JSON: {e}"))
}

/// Configures a [`PlainClient`]. Setters never fail; [`PlainClientBuilder::build`] reports the first problem.
pub struct PlainClientBuilder {
    api_key: String,
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent_suffix: Option<String>,
    http: Option<reqwest::Client>,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    retry: RetryPolicy,
    pacing: Option<Pacer>,
}

impl fmt::Debug for PlainClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlainClientBuilder")
            .field("api_key", &"<redacted>")
            .field("base_url", &self.base_url.as_deref().map(redact_userinfo))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("retry", &self.retry)
            .field("pacing", &self.pacing)
            .finish_non_exhaustive()
    }
}

impl PlainClientBuilder {
    /// The GraphQL endpoint, e.g. `https://core-api.uk.plain.com/graphql/v1`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Limit for a whole exchange, from connecting to the last byte (default
    /// 30 s). Zero is refused by [`PlainClientBuilder::build`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Limit for establishing a connection (default 10 s). Ignored with [`PlainClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Appended to the User-Agent, to name your service in Plain's logs.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Use this HTTP client (its proxy, TLS and pool settings) instead of a new one.
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: the
    /// client this crate builds never follows a redirect, but one given here
    /// follows what it is configured to follow. A response that came from
    /// another URL than the base URL is still reported as
    /// [`ErrorKind::Redirect`], after the fact. The connect timeout and the
    /// loopback proxy exception apply to the client this crate builds only.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Refuse response bodies larger than this (default 16 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allow a plain `http://` endpoint on a host other than loopback. The API
    /// key then crosses the network unencrypted: only for trusted networks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::default()`]:
    /// 3 attempts within 30 s); [`RetryPolicy::none()`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Paces requests to the workspace's rate limit, learned from Plain's
    /// `x-ratelimit-*` headers, across every task using the client: for bulk
    /// jobs that would otherwise meet a storm of 429s. Off by default; see
    /// [`crate::pacing`].
    pub fn pacing(mut self, pacer: Pacer) -> Self {
        self.pacing = Some(pacer);
        self
    }

    /// Builds the client, or says what is wrong with the configuration: the
    /// first problem, as [`ErrorKind::Config`]. It refuses an empty key or
    /// one that is not printable ASCII (the message never quotes the key), a
    /// zero timeout, a base URL that is not a URL (never quoted whole: it
    /// may be a key pasted in the wrong place) or that carries
    /// `user:password@` (quoted with the credentials redacted), plain
    /// `http://` except to loopback (unless
    /// [`allow_insecure_http`](Self::allow_insecure_http)), and `https://`
    /// in a build with no TLS feature.
    pub fn build(self) -> Result<PlainClient> {
        let key = self.api_key.trim();
        if key.is_empty() {
            return Err(Error::config("the API key is empty"));
        }
        // Plain's keys are printable ASCII; anything else is a copy-paste
        // accident. The key itself is never part of the message.
        if let Some(bad) = key.chars().find(|c| !c.is_ascii_graphic()) {
            let what = if bad.is_ascii() {
                "a space or control character".to_owned()
            } else {
                format!("the non-ASCII character U+{:04X}", u32::from(bad))
            };
            return Err(Error::config(format!(
                "the API key contains {what}: Plain's API keys are printable ASCII; \
                 copy it again from Plain's settings"
            )));
        }
        if self.timeout.is_zero() {
            return Err(Error::config(
                "the timeout is zero: every request would time out after it was sent; \
                 leave the default (30 s) or set a positive one",
            ));
        }
        if self.connect_timeout.is_zero() {
            return Err(Error::config(
                "the connect timeout is zero: no connection could ever be made; \
                 leave the default (10 s) or set a positive one",
            ));
        }
        let url_text = self.base_url.as_deref().unwrap_or(DEFAULT_API_URL);
        // Never quoted: text that is not a URL may be anything, such as an
        // API key given where the URL belongs.
        let url = Url::parse(url_text).map_err(|e| {
            Error::config(format!(
                "the base URL ({} characters) is not a URL: {e}; it should look like \
                 {DEFAULT_API_URL} (check that PLAIN_API_URL and PLAIN_API_KEY are not swapped)",
                url_text.chars().count()
            ))
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::config(format!(
                "base URL {:?} carries credentials: the API key is the only credential \
                 Plain takes; remove the user and password from the URL",
                redact_userinfo(url_text)
            )));
        }
        check_scheme(&url, self.allow_insecure_http)?;
        if url.scheme() == "https" && !HAS_TLS && self.http.is_none() {
            return Err(Error::config(
                "this build of plain-sdk has no TLS, so it cannot reach an https endpoint: \
                 enable one of its features rustls (the default), rustls-ring or native-tls",
            ));
        }

        let mut auth = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
            Error::config("the API key contains characters that cannot be sent in a header")
        })?;
        auth.set_sensitive(true);

        let user_agent = user_agent(&crate::SCHEMA, self.user_agent_suffix.as_deref());
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::config("the user agent suffix contains characters not allowed in a header")
        })?;

        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, user_agent);
        headers.insert("plain-sdk", HeaderValue::from_static("rust"));
        headers.insert("plain-sdk-version", HeaderValue::from_static(SDK_VERSION));

        let http = match self.http {
            Some(http) => http,
            None => {
                install_tls_provider();
                // Plain's API does not redirect: one that answers with a
                // redirect is reported, never followed.
                let builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(reqwest::redirect::Policy::none());
                // Proxies from the environment apply, except to loopback: a
                // local endpoint (a test's, a sidecar's) never sees a proxy.
                let builder = if is_loopback(&url) {
                    builder.no_proxy()
                } else {
                    builder
                };
                builder.build().map_err(|e| {
                    Error::config(format!("the HTTP client could not be built: {e}"))
                })?
            }
        };
        Ok(PlainClient {
            inner: Arc::new(Inner {
                http,
                url,
                headers,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                pacing: self.pacing.map(Pacing::new),
                stats: Counters::default(),
            }),
            retry: self.retry,
            idempotent: false,
        })
    }
}

/// Whether a TLS feature is on (see Cargo.toml's `rustls`, `rustls-ring`, `native-tls`).
const HAS_TLS: bool = cfg!(any(
    feature = "rustls",
    feature = "rustls-ring",
    feature = "native-tls"
));

/// With `rustls-ring` alone, reqwest's rustls has no crypto provider of its
/// own: ring becomes the process's default, unless the application
/// installed one already (then that one is used).
fn install_tls_provider() {
    #[cfg(all(
        feature = "rustls-ring",
        not(feature = "rustls"),
        not(feature = "native-tls")
    ))]
    {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// An environment variable: `None` when unset, an error when it is set but
/// not UTF-8 (which `std::env::var` would report as "not present").
fn env_var(name: &str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(format!(
            "{name} is set but is not valid UTF-8: set it again from Plain's settings"
        ))),
    }
}

/// `url` with any `user:password@` replaced by `***@`, for messages: also
/// for text that does not parse as a URL.
fn redact_userinfo(url: &str) -> Cow<'_, str> {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}***{}", &url[..start], &url[start + at..])),
        None => Cow::Borrowed(url),
    }
}

/// `https` always; `http` only to loopback unless explicitly allowed.
fn check_scheme(url: &Url, allow_insecure_http: bool) -> Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure_http || is_loopback(url) => Ok(()),
        "http" => Err(Error::config(format!(
            "refusing plain http to {}: the API key would cross the network unencrypted \
             (use https, or allow_insecure_http(true) on a trusted network)",
            url.host_str().unwrap_or("?")
        ))),
        other => Err(Error::config(format!(
            "base URL scheme {other:?} is not supported: use https"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agent_names_the_schema() {
        let mut schema = crate::SCHEMA;
        schema.date = Some("2026-08-09");
        schema.sha256 = "041c95870000aaaabbbbccccdddd";
        let version = SDK_VERSION;
        let cases = [
            (
                Some("2026-08-09"),
                None,
                format!("plain-sdk-rust/{version} (schema 2026-08-09)"),
            ),
            (
                Some("2026-08-09"),
                Some("bot/1"),
                format!("plain-sdk-rust/{version} (schema 2026-08-09) bot/1"),
            ),
            (
                None,
                None,
                format!("plain-sdk-rust/{version} (schema sha256:041c95870000)"),
            ),
        ];
        for (date, suffix, expected) in cases {
            schema.date = date;
            assert_eq!(user_agent(&schema, suffix), expected);
        }
    }

    /// Every configuration `build()` refuses, and what it says; the key
    /// and any password never appear in the message.
    #[test]
    fn build_refuses_what_cannot_work() {
        let builder = || PlainClient::builder("plainApiKey_ok");
        #[rustfmt::skip]
        let cases: Vec<(&str, PlainClientBuilder, &str)> = vec![
            ("empty key", PlainClient::builder("  "), "the API key is empty"),
            ("non-ASCII key", PlainClient::builder("plainApiKey_sécret"), "non-ASCII character U+00E9"),
            ("key with a space", PlainClient::builder("plainApiKey_a b"), "a space or control character"),
            ("key with a control character", PlainClient::builder("plainApiKey_\u{7}"), "a space or control character"),
            ("zero timeout", builder().timeout(Duration::ZERO), "the timeout is zero"),
            ("zero connect timeout", builder().connect_timeout(Duration::ZERO), "the connect timeout is zero"),
            ("credentials in the URL", builder().base_url("http://user:SECRET@127.0.0.1:1/graphql/v1"), "carries credentials"),
            ("a user in the URL", builder().base_url("https://SECRET@core-api.uk.plain.com/graphql/v1"), "carries credentials"),
            ("credentials in a URL that does not parse", builder().base_url("http://user:SECRET@[::1/graphql"), "is not a URL"),
            ("an API key where the URL belongs", builder().base_url("plainApiKey_SECRET"), "are not swapped"),
            ("plain http elsewhere", builder().base_url("http://example.com/graphql/v1"), "refusing plain http"),
        ];
        for (name, builder, needle) in cases {
            let error = builder.build().unwrap_err();
            let shown = error.to_string();
            assert_eq!(error.kind_name(), "config", "{name}");
            assert!(shown.contains(needle), "{name}: {shown}");
            for secret in ["SECRET", "sécret", "plainApiKey"] {
                assert!(!shown.contains(secret), "{name}: {shown}");
            }
        }
        assert!(builder().timeout(Duration::from_millis(1)).build().is_ok());
    }

    /// Whichever TLS feature is on, an https client builds (with
    /// `rustls-ring` alone, only once ring is installed as the provider);
    /// with none, building one is a config error, never a panic.
    #[test]
    fn an_https_client_builds_with_the_tls_feature_on() {
        let built = PlainClient::new("plainApiKey_ok");
        if HAS_TLS {
            assert!(built.is_ok(), "{built:?}");
        } else {
            let error = built.unwrap_err();
            assert!(error.to_string().contains("has no TLS"), "{error}");
        }
    }

    #[test]
    fn userinfo_is_redacted_everywhere() {
        let cases = [
            ("http://user:SECRET@host/x", "http://***@host/x"),
            ("https://SECRET@host", "https://***@host"),
            ("user:SECRET@host/path@x", "***@host/path@x"),
            ("https://host/path?q=a@b", "https://host/path?q=a@b"),
            ("https://host", "https://host"),
            ("", ""),
        ];
        for (url, redacted) in cases {
            assert_eq!(redact_userinfo(url), redacted, "{url}");
        }
        let builder = PlainClient::builder("k").base_url("http://user:SECRET@host/");
        assert!(!format!("{builder:?}").contains("SECRET"));
    }

    #[test]
    fn pre_encoded_query_gives_the_same_bytes() {
        use crate::operations::{create_thread_event, CreateThreadEvent, CreateThreadEventInput};
        let input = CreateThreadEventInput::new(
            "th_1",
            "A \"quoted\" title\n",
            crate::ui::event_components([crate::ui::text("hi").into()]).unwrap(),
        )
        .external_id("ex-1");
        let body = CreateThreadEvent::build_query(create_thread_event::Variables::new(input));
        let expected = encode(&body).unwrap();
        let query_json = serde_json::to_string(body.query).unwrap();
        let fast = encode_with_query(&body.variables, &query_json, body.operation_name).unwrap();
        assert_eq!(
            std::str::from_utf8(&fast).unwrap(),
            std::str::from_utf8(&expected).unwrap()
        );
    }

    #[test]
    fn schemes() {
        let cases = [
            ("https://core-api.uk.plain.com/graphql/v1", false, true),
            ("http://127.0.0.1:8080/graphql/v1", false, true),
            ("http://[::1]:8080/graphql/v1", false, true),
            ("http://localhost/graphql/v1", false, true),
            ("http://example.com/graphql/v1", false, false),
            ("http://example.com/graphql/v1", true, true),
            ("ftp://example.com/", true, false),
        ];
        for (url, allow, ok) in cases {
            let url = Url::parse(url).unwrap();
            assert_eq!(check_scheme(&url, allow).is_ok(), ok, "{url} allow={allow}");
        }
    }
}
