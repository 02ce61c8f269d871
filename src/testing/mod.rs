//! A fake Plain for tests: [`MockPlain`] listens on 127.0.0.1, checks every
//! request as Plain would, and answers with schema-valid data, your own
//! data, mutation errors or faults. (Feature `testing`, off by default.)
//!
//! - **Requests are checked as Plain checks them:** the `Authorization`
//!   header; the document against Plain's schema, with every GraphQL
//!   validation rule; the variables against the operation's variable
//!   definitions (unknown fields, null where the type is non-null, enum
//!   spellings, types). A request Plain would refuse gets Plain's HTTP 400
//!   with its messages (the client returns [`ErrorKind::BadRequest`](crate::ErrorKind::BadRequest)).
//! - **It behaves like Plain:** by default it keeps a workspace in memory
//!   ([`MockPlainBuilder::stateful`]): what a mutation creates, later
//!   queries read back, with Plain's ids, rules and errors, and webhook
//!   targets get signed deliveries. Operations it keeps no state for get
//!   deterministic, schema-valid data made from their selection set
//!   ([`Answer::generated`]); [`MockPlainBuilder::stateless`] answers every
//!   operation that way.
//! - **Expectations** ([`MockPlain::on`]) answer one operation (optionally
//!   only requests a matcher accepts) with an [`Answer`], answers in order,
//!   or a closure over the typed variables; [`When::times`] counts are
//!   checked when the mock is dropped. Data you give is checked against the
//!   selection set: an answer Plain could never send fails the test with its
//!   JSON path.
//! - **What was received**: [`MockPlain::requests`], with each request's
//!   operation name and variables (typed through [`Received::variables_as`]).
//! - **Webhooks** (with the `webhooks` feature): `WebhookDelivery` makes a
//!   schema-valid delivery of any event type (or takes yours), signs it as
//!   Plain does, and sends it to your endpoint or hands it to your handler.
//!
//! A service function, tested with an expectation and a fault:
//!
//! ```
//! use plain_sdk::operations::{CreateThreadEvent, CreateThreadEventInput};
//! use plain_sdk::testing::{Answer, MockPlain};
//! use plain_sdk::{ui, PlainClient};
//!
//! /// The code under test: records a sign-in on a thread.
//! async fn record_sign_in(client: &PlainClient, thread_id: &str) -> plain_sdk::Result<String> {
//!     let components = ui::event_components([ui::text("Signed in from a new device").into()])?;
//!     let input = CreateThreadEventInput::new(thread_id, "Sign-in", components);
//!     Ok(client.create_thread_event(input).await?.id)
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockPlain::start().await?;
//! mock.on::<CreateThreadEvent>()
//!     .matching(|variables| variables.input.thread_id == "th_1")
//!     .times(2)
//!     .respond_in_order([Answer::status(503), Answer::generated()]);
//!
//! let client = mock.client();
//! // A create without an `externalId` is never sent twice: the 503 is an error.
//! assert!(record_sign_in(&client, "th_1").await.is_err());
//! let id = record_sign_in(&client, "th_1").await?;
//! assert_eq!(id, "thread_event_1");
//!
//! let sent = mock.requests();
//! assert_eq!(sent.len(), 2);
//! let variables = sent[1].variables_as::<CreateThreadEvent>()?;
//! assert_eq!(variables.input.title, "Sign-in");
//! # Ok(()) }
//! ```
//!
//! # The workspace it keeps
//!
//! Ids are shaped like Plain's (a prefix such as `c_`, `th_`, `tev_` and a
//! ULID) and every change carries the API key's `MachineUserActor`:
//!
//! - customers: `upsertCustomer` answers `CREATED`, `UPDATED` or `NOOP`,
//!   emails and external ids stay unique, `deleteCustomer`, the look-ups
//!   by id, email and external id, `customers`;
//! - threads: `createThread` (for a customer that exists, once per external
//!   id of that customer, refs `T-1`, `T-2` …), `snoozeThread`,
//!   `markThreadAsDone`, `markThreadAsTodo` with their status details,
//!   `changeThreadPriority`, `assignThread` (to a seeded user or the key's
//!   machine user), `unassignThread`, `updateThreadTenant`, the look-ups by
//!   id, ref and external id, and `threads` filtered by ids, refs, label
//!   types, priorities, customers and statuses (another filter is refused,
//!   never ignored), paged by opaque cursors with Plain's rules
//!   (`first`/`after` or `last`/`before`, at most 100);
//! - thread events (`createThreadEvent`: the components as sent, once per
//!   `externalId`), label types (`createLabelType`, `archiveLabelType`,
//!   `labelType`, `labelTypes`), labels (`addLabels`, `removeLabels`),
//!   notes (`createNote`), customer events (`createCustomerEvent`, once per
//!   `externalId`), tenants (`upsertTenant`, `tenant`, `tenants`) and
//!   `myWorkspace`;
//! - webhook targets (`createWebhookTarget`, `updateWebhookTarget`,
//!   `deleteWebhookTarget`, `webhookTarget`, `webhookTargets`). With the
//!   `webhooks` feature, each change a target subscribes to is delivered to
//!   it off the request path, in order, valid against Plain's webhook
//!   schema, signed with [`MockPlainBuilder::signing_secret`] and retried
//!   on no 2xx (4 attempts, waits from 100 ms doubling):
//!   `customer.customer_created/updated/deleted`, `thread.thread_created`,
//!   `thread.thread_status_transitioned`,
//!   `thread.thread_assignment_transitioned`,
//!   `thread.thread_labels_changed`, `thread.thread_priority_changed`,
//!   `thread.note_created`, and `timeline.timeline_entry_changed` for a
//!   thread event. [`MockPlain::wait_for_webhooks`] and
//!   [`MockPlain::webhooks_sent`] give what was sent and how the receiver
//!   answered.
//!
//! A missing entity or a broken rule is Plain's `MutationError` with the
//! field (or `null` for a query). Every store is capped (100,000 entities of
//! a kind, 10,000 deliveries waiting, 100 webhook targets).
//!
//! # What it does not check that Plain does
//!
//! For the operations its workspace does not keep (companies, tiers,
//! customer groups, replies and chats, thread fields, customer cards):
//! anything beyond the schema (that ids exist, the "exactly one of" rule
//! some inputs state only in their descriptions, `externalId` uniqueness).
//! For every operation: the key's role and permissions, lengths and limits,
//! query cost and Plain's own rate limits (unless
//! [`MockPlainBuilder::rate_limit`] sets one). A few validation messages are
//! worded as apollo-compiler words them, which differs from Plain's
//! (graphql-js) in places (`Variable "$x" is never used.`), with object
//! values in messages shown with their keys in name order.
//!
//! # As a server: `plain-mock`
//!
//! For tests in other languages and docker-compose set-ups, the same mock
//! runs as a server, stateful, printing
//! `listening on http://127.0.0.1:PORT/graphql/v1` first:
//!
//! ```sh
//! cargo install plain-sdk --features testing,webhooks   # installs plain-mock
//! plain-mock --port 8080 --api-key KEY --signing-secret SECRET
//! # --state FILE: start from FILE when it exists, write the workspace back on exit (SIGINT, SIGTERM, --seconds)
//! # --seed FILE, --stateless, --seconds N, --rate-limit LIMIT/SECONDS
//! ```

mod answer;
mod check;
mod data;
#[cfg(feature = "webhooks")]
mod deliver;
mod expect;
mod limit;
mod schema;
mod server;
mod state;
#[cfg(feature = "webhooks")]
mod webhook;

use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::{PlainClient, PlainClientBuilder, PlainOperation, RetryPolicy};
use expect::{Expectation, Registry, Responder};

pub use answer::{Answer, MutationFailure};
#[cfg(feature = "webhooks")]
pub use deliver::SentWebhook;
pub use state::{Seed, SeedThread, SeedUser};
#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
pub use webhook::{SampleShape, WebhookAnswer, WebhookDelivery};

/// The path Plain serves its GraphQL API on.
const PATH: &str = "/graphql/v1";

/// A fake Plain on 127.0.0.1 (see the [module](self)). It stops when
/// dropped, and then fails the test (panics) if an expectation's count was
/// not met or an answer was not one Plain could send; [`MockPlain::verify`]
/// checks the same earlier. Each mock is independent: tests run in parallel.
pub struct MockPlain {
    url: String,
    shared: Arc<Shared>,
    client: PlainClient,
    server: JoinHandle<()>,
    signing_secret: String,
    /// The task sending the workspace's webhook deliveries, when stateful.
    deliverer: Option<JoinHandle<()>>,
    /// Set by [`MockPlain::finish`]: the failures were handed over.
    finished: bool,
}

impl std::fmt::Debug for MockPlain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockPlain")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// What the server task and the test share.
struct Shared {
    api_key: String,
    exchanges: AtomicU64,
    /// The rate limit, when [`MockPlainBuilder::rate_limit`] set one.
    limit: Option<limit::WindowLimit>,
    /// Requests answered 429 because of it.
    rate_limited: AtomicU64,
    /// Bytes of response bodies sent, as sent (gzip when asked).
    response_bytes: AtomicU64,
    registry: Mutex<Registry>,
    /// The workspace in memory, when [`MockPlainBuilder::stateful`] is on.
    workspace: Option<Arc<state::Workspace>>,
    /// What the deliverer sent.
    #[cfg(feature = "webhooks")]
    sent: Arc<deliver::SentLog>,
    /// The SDL served at `…/schema.graphql`, when not the build's own.
    published_schema: Option<String>,
}

impl Shared {
    fn registry(&self) -> MutexGuard<'_, Registry> {
        // A test that panicked while holding the lock left consistent data.
        self.registry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What a stateful workspace starts from.
#[derive(Debug, Clone)]
enum WorkspaceStart {
    Seed(Seed),
    Snapshot(serde_json::Value),
}

/// Settings for a [`MockPlain`]: [`MockPlain::builder`].
#[derive(Debug, Clone)]
pub struct MockPlainBuilder {
    api_key: String,
    port: u16,
    strict: bool,
    rate_limit: Option<(u32, Duration)>,
    /// Where the workspace starts, when stateful.
    start: Option<WorkspaceStart>,
    signing_secret: String,
    published_schema: Option<String>,
}

impl MockPlainBuilder {
    /// The one API key the mock accepts (default [`MockPlain::API_KEY`]).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = api_key.into();
        self
    }

    /// The port on 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Whether a request no expectation matches fails the test (answered
    /// with HTTP 500, reported with the nearest expectation) instead of
    /// getting generated data. Off by default.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Keeps a workspace in memory, as Plain does, starting from `seed`
    /// ([`Seed::default`] for an empty one): what a mutation creates is kept
    /// and answered as Plain answers it ([what it keeps](self#the-workspace-it-keeps)).
    /// Every other operation is answered from the schema. Expectations
    /// ([`MockPlain::on`]) still come first. On by default, with an empty
    /// workspace; [`MockPlainBuilder::stateless`] turns it off.
    ///
    /// ```
    /// use plain_sdk::operations::CreateThreadEventInput;
    /// use plain_sdk::testing::{MockPlain, Seed};
    /// use plain_sdk::ui;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let seed: Seed = serde_json::from_str(r#"{ "threads": [{ "id": "th_1" }] }"#)?;
    /// let mock = MockPlain::builder().stateful(seed).start().await?;
    /// let input = || -> plain_sdk::Result<CreateThreadEventInput> {
    ///     let components = ui::event_components([ui::text("Signed in").into()])?;
    ///     Ok(CreateThreadEventInput::new("th_1", "Sign-in", components).external_id("signin-1"))
    /// };
    /// let event = mock.client().create_thread_event(input()?).await?;
    /// assert!(event.id.starts_with("tev_"));
    /// // The same external id again: Plain's MutationError.
    /// assert!(mock.client().create_thread_event(input()?).await.is_err());
    /// # Ok(()) }
    /// ```
    pub fn stateful(mut self, seed: Seed) -> Self {
        self.start = Some(WorkspaceStart::Seed(seed));
        self
    }

    /// Keeps no workspace: every operation no expectation takes is answered
    /// with generated, schema-valid data (ids such as `thread_event_1`), and
    /// no id has to exist. For tests of the wire (retries, errors, pacing)
    /// rather than of what Plain keeps.
    pub fn stateless(mut self) -> Self {
        self.start = None;
        self
    }

    /// Keeps a workspace in memory, as [`MockPlainBuilder::stateful`] does,
    /// starting from a [`MockPlain::snapshot`] taken earlier (read from a
    /// file, say); [`MockPlainBuilder::start`] fails with what is wrong
    /// with one that is not such a snapshot.
    pub fn restore(mut self, snapshot: serde_json::Value) -> Self {
        self.start = Some(WorkspaceStart::Snapshot(snapshot));
        self
    }

    /// The workspace's request-signing secret: a stateful mock signs the
    /// webhooks it delivers with it (default [`MockPlain::SIGNING_SECRET`]).
    pub fn signing_secret(mut self, secret: impl Into<String>) -> Self {
        self.signing_secret = secret.into();
        self
    }

    /// Enforces Plain's kind of rate limit: `limit` requests per `window`,
    /// windows aligned to multiples of their length since the Unix epoch.
    /// Every answer then carries `x-ratelimit-limit`, `x-ratelimit-remaining`
    /// and `x-ratelimit-reset`; a request beyond the budget is answered 429
    /// (and counted by [`MockPlain::rate_limited`]) without being recorded.
    /// Off by default.
    pub fn rate_limit(mut self, limit: u32, window: Duration) -> Self {
        self.rate_limit = Some((limit, window));
        self
    }

    /// The schema served as SDL beside the endpoint
    /// (`GET …/graphql/v1/schema.graphql`, where Plain publishes its own),
    /// instead of the one this build was generated from: for testing a tool
    /// that reads Plain's schema, such as a schema update, against a newer
    /// one. Requests are still checked against and answered from the
    /// build's schema.
    pub fn published_schema(mut self, sdl: impl Into<String>) -> Self {
        self.published_schema = Some(sdl.into());
        self
    }

    /// Starts the mock on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<MockPlain> {
        let invalid =
            |message: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
        schema::plain_schema().map_err(invalid)?;
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
        let url = format!("http://{}{PATH}", listener.local_addr()?);
        let client = client_builder(&self.api_key, &url)
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        let shared = Arc::new(Shared {
            api_key: self.api_key,
            exchanges: AtomicU64::new(0),
            limit: self
                .rate_limit
                .map(|(limit, window)| limit::WindowLimit::new(limit, window)),
            rate_limited: AtomicU64::new(0),
            response_bytes: AtomicU64::new(0),
            registry: Mutex::new(Registry::new(self.strict)),
            workspace: self
                .start
                .as_ref()
                .map(|start| match start {
                    WorkspaceStart::Seed(seed) => state::Workspace::new(seed)
                        .map_err(|problem| format!("MockPlain's seed: {problem}")),
                    WorkspaceStart::Snapshot(snapshot) => state::Workspace::from_snapshot(snapshot)
                        .map_err(|problem| format!("MockPlain's snapshot: {problem}")),
                })
                .transpose()
                .map_err(invalid)?
                .map(Arc::new),
            #[cfg(feature = "webhooks")]
            sent: Arc::default(),
            published_schema: self.published_schema,
        });
        let server = tokio::spawn(server::serve(listener, Arc::clone(&shared)));
        #[cfg(feature = "webhooks")]
        let deliverer = shared.workspace.as_ref().map(|workspace| {
            tokio::spawn(deliver::run(
                Arc::clone(workspace),
                self.signing_secret.clone(),
                Arc::clone(&shared.sent),
            ))
        });
        #[cfg(not(feature = "webhooks"))]
        let deliverer = None;
        Ok(MockPlain {
            url,
            shared,
            client,
            server,
            deliverer,
            signing_secret: self.signing_secret,
            finished: false,
        })
    }
}

impl MockPlain {
    /// The API key a mock accepts unless [`MockPlainBuilder::api_key`] says otherwise.
    pub const API_KEY: &'static str = "mock-plain-api-key";

    /// The request-signing secret a mock signs webhooks with unless
    /// [`MockPlainBuilder::signing_secret`] says otherwise.
    pub const SIGNING_SECRET: &'static str = "mock-plain-signing-secret";

    /// Starts a mock with the default settings on 127.0.0.1 and a free port.
    pub async fn start() -> std::io::Result<MockPlain> {
        MockPlain::builder().start().await
    }

    /// Settings before starting.
    pub fn builder() -> MockPlainBuilder {
        MockPlainBuilder {
            api_key: MockPlain::API_KEY.to_owned(),
            port: 0,
            rate_limit: None,
            strict: false,
            start: Some(WorkspaceStart::Seed(Seed::default())),
            signing_secret: MockPlain::SIGNING_SECRET.to_owned(),
            published_schema: None,
        }
    }

    /// The thread events the workspace holds (with
    /// [`MockPlainBuilder::stateful`]), oldest first, as Plain's
    /// `ThreadEvent` JSON; empty without state.
    pub fn thread_events(&self) -> Vec<serde_json::Value> {
        self.shared
            .workspace
            .as_ref()
            .map(|w| {
                w.thread_events()
                    .into_iter()
                    .map(serde_json::Value::Object)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The whole workspace of a stateful mock as one JSON document (`None`
    /// without state): `{"version": 1, "workspaceId", "machineUserId",
    /// "lastRef", "customers", "threads", "threadEvents", "labelTypes",
    /// "users", "tenants", "notes", "customerEvents", "webhookTargets"}`,
    /// each entity as Plain's GraphQL JSON. Read it for
    /// assertions, or keep it and start again from it with
    /// [`MockPlainBuilder::restore`].
    pub fn snapshot(&self) -> Option<serde_json::Value> {
        self.shared.workspace.as_ref().map(|w| w.snapshot())
    }

    /// The request-signing secret the mock signs webhooks with.
    pub fn signing_secret(&self) -> &str {
        &self.signing_secret
    }

    /// The webhook deliveries a stateful mock made so far (to targets made
    /// with `createWebhookTarget`), oldest first: each with the body and
    /// signature it sent last, its attempts and the receiver's answer.
    /// Kept: the newest 10,000.
    #[cfg(feature = "webhooks")]
    pub fn webhooks_sent(&self) -> Vec<SentWebhook> {
        self.shared.sent.all()
    }

    /// Waits until at least `count` deliveries were made (delivered or
    /// given up on), at most `timeout`; the deliveries, or a [`MockError`]
    /// naming how many there were.
    #[cfg(feature = "webhooks")]
    pub async fn wait_for_webhooks(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<SentWebhook>, MockError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Counted while waiting; copied once, when enough are there.
            let sent = self.shared.sent.len();
            if sent >= count {
                return Ok(self.webhooks_sent());
            }
            if tokio::time::Instant::now() >= deadline {
                let dropped = self
                    .shared
                    .workspace
                    .as_ref()
                    .map_or(0, |w| w.dropped_deliveries());
                return Err(MockError(format!(
                    "{sent} webhook deliveries after {timeout:?}, {count} expected ({dropped} dropped: the outbox was full)"
                )));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The retries of [`MockPlain::client`]: Plain's default three attempts,
    /// with waits of milliseconds instead of seconds.
    pub fn retry_policy() -> RetryPolicy {
        RetryPolicy::default()
            .base_delay(Duration::from_millis(1))
            .max_delay(Duration::from_millis(20))
            .budget(Duration::from_secs(5))
    }

    /// The GraphQL endpoint (`http://127.0.0.1:PORT/graphql/v1`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The API key the mock accepts.
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// A client for this mock, with [`MockPlain::retry_policy`].
    pub fn client(&self) -> PlainClient {
        self.client.clone()
    }

    /// A client builder for this mock (its URL and key set), for other settings.
    pub fn client_builder(&self) -> PlainClientBuilder {
        client_builder(&self.shared.api_key, &self.url)
    }

    /// An expectation for the generated operation `Op`, its variables typed.
    pub fn on<Op: PlainOperation>(&self) -> When<'_, Op::Variables>
    where
        Op::Variables: DeserializeOwned,
    {
        self.when(Some(Op::NAME.to_owned()))
    }

    /// An expectation for the operation named `name` (your own operations
    /// included), its variables as JSON.
    pub fn on_operation(&self, name: &str) -> When<'_, Map<String, Value>> {
        self.when(Some(name.to_owned()))
    }

    /// An expectation for every operation, its variables as JSON.
    pub fn on_any(&self) -> When<'_, Map<String, Value>> {
        self.when(None)
    }

    fn when<V>(&self, operation: Option<String>) -> When<'_, V> {
        When {
            mock: self,
            operation,
            matcher: None,
            times: None,
            variables: PhantomData,
        }
    }

    /// The requests received so far, oldest first (the latest 10,000),
    /// refused ones included.
    pub fn requests(&self) -> Vec<Received> {
        self.shared.registry().received.iter().cloned().collect()
    }

    /// How many requests were received in all.
    pub fn request_count(&self) -> usize {
        self.shared.registry().received_total
    }

    /// The bytes of every response body the mock has sent, as they crossed
    /// the wire: a client that sends `Accept-Encoding: gzip` (this crate's
    /// does) gets bodies of 1 KiB or more gzipped.
    pub fn response_bytes(&self) -> u64 {
        self.shared.response_bytes.load(Ordering::Relaxed)
    }

    /// How many requests [`MockPlainBuilder::rate_limit`]'s budget refused with 429.
    pub fn rate_limited(&self) -> u64 {
        self.shared.rate_limited.load(Ordering::Relaxed)
    }

    /// What went wrong so far: counts that are not what [`When::times`]
    /// said, answers Plain could never send, variables that did not decode
    /// into the typed closure's type, and (when strict) unmatched requests.
    pub fn verify(&self) -> Result<(), MockError> {
        match self.shared.registry().report() {
            Some(report) => Err(MockError(report)),
            None => Ok(()),
        }
    }

    /// Stops the mock and returns what [`MockPlain::verify`] finds, instead
    /// of failing the test when dropped: for asserting on the failures.
    pub fn finish(mut self) -> Result<(), MockError> {
        self.finished = true;
        self.verify()
    }
}

impl Drop for MockPlain {
    fn drop(&mut self) {
        self.server.abort();
        if let Some(deliverer) = &self.deliverer {
            deliverer.abort();
        }
        // A test that is already failing keeps its own message.
        if self.finished || std::thread::panicking() {
            return;
        }
        if let Err(failures) = self.verify() {
            panic!("{failures}");
        }
    }
}

/// A client builder for the mock at `url`: its key, its URL, test retries.
fn client_builder(api_key: &str, url: &str) -> PlainClientBuilder {
    PlainClient::builder(api_key)
        .base_url(url)
        .retry_policy(MockPlain::retry_policy())
}

/// What went wrong in a test's use of Plain: what [`MockPlain::verify`]
/// found (one line each), typed variables that do not decode, or a webhook
/// sample that could not be made or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockError(String);

impl std::fmt::Display for MockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MockError {}

/// An expectation being set: [`MockPlain::on`]. It takes effect with one of
/// the `respond` methods.
#[must_use = "an expectation takes effect with `respond`, `respond_in_order` or `respond_with`"]
pub struct When<'m, V> {
    mock: &'m MockPlain,
    operation: Option<String>,
    matcher: Option<expect::Matcher>,
    times: Option<usize>,
    variables: PhantomData<fn() -> V>,
}

impl<V> std::fmt::Debug for When<'_, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("When")
            .field("operation", &self.operation)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<V: DeserializeOwned + 'static> When<'_, V> {
    /// Only requests whose variables `matches` accepts.
    pub fn matching(mut self, matches: impl Fn(&V) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(move |variables| {
            decode::<V>(variables).map(|v| matches(&v))
        }));
        self
    }

    /// The expectation must be met exactly `times` times by the time the
    /// mock is dropped or verified.
    pub fn times(mut self, times: usize) -> Self {
        self.times = Some(times);
        self
    }

    /// Answers every matching request with `answer`.
    pub fn respond(self, answer: Answer) {
        self.mount(Responder::Always(answer));
    }

    /// Answers the first matching request with the first answer, the second
    /// with the second …; the last answer repeats.
    pub fn respond_in_order(self, answers: impl IntoIterator<Item = Answer>) {
        self.mount(Responder::InOrder(answers.into_iter().collect()));
    }

    /// Answers with what `respond` makes of the request's typed variables.
    pub fn respond_with(self, respond: impl Fn(&V) -> Answer + Send + Sync + 'static) {
        self.mount(Responder::With(Arc::new(move |variables| {
            decode::<V>(variables).map(|v| respond(&v))
        })));
    }

    fn mount(self, responder: Responder) {
        self.mock.shared.registry().expectations.push(Expectation {
            operation: self.operation,
            matcher: self.matcher,
            responder,
            times: self.times,
            calls: 0,
        });
    }
}

/// `text` cut to at most `max_chars` characters, an ellipsis marking a cut:
/// what the mock quotes back (values, variables) stays one readable line.
fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars).collect();
    cut.push('…');
    cut
}

/// Variables as the typed `V` (an operation without variables has a unit
/// `Variables`, which is `{}` on the wire).
fn decode<V: DeserializeOwned>(variables: &Map<String, Value>) -> Result<V, String> {
    serde_json::from_value(Value::Object(variables.clone())).or_else(|e| {
        if variables.is_empty() {
            serde_json::from_value(Value::Null).map_err(|_| e.to_string())
        } else {
            Err(format!(
                "the variables do not decode into {}: {e}",
                std::any::type_name::<V>()
            ))
        }
    })
}

/// A request [`MockPlain`] received.
#[derive(Debug, Clone)]
pub struct Received {
    operation_name: Option<String>,
    variables: Map<String, Value>,
    refusal: Option<Vec<String>>,
}

impl Received {
    /// The operation that ran (or, for a refused request, the
    /// `operationName` it carried).
    pub fn operation_name(&self) -> Option<&str> {
        self.operation_name.as_deref()
    }

    /// Whether it was a request of the generated operation `Op`.
    pub fn is<Op: PlainOperation>(&self) -> bool {
        self.operation_name.as_deref() == Some(Op::NAME)
    }

    /// The variables, as sent.
    pub fn variables(&self) -> &Map<String, Value> {
        &self.variables
    }

    /// The variables as `Op`'s typed `Variables`.
    pub fn variables_as<Op: PlainOperation>(&self) -> Result<Op::Variables, MockError>
    where
        Op::Variables: DeserializeOwned,
    {
        decode(&self.variables).map_err(MockError)
    }

    /// The messages Plain would have refused the request with, if it would
    /// have: the document or the variables do not match the schema, or the
    /// API key is wrong.
    pub fn refusal(&self) -> Option<&[String]> {
        self.refusal.as_deref()
    }
}
