//! The client against local servers that misbehave on purpose: connections
//! reset before and after the request is read, rate limits, 5xx pages,
//! truncated, stalled and oversized bodies, and surprises in valid responses.
//!
//! Every test counts what its server received: a query is retried, a rate
//! limit is waited out, and a mutation that may have run is sent exactly once.
//!
//! Each server listens on 127.0.0.1, accepts a bounded number of connections,
//! lives at most `SERVER_LIFETIME`, and is stopped when its test ends
//! (`support/raw_server.rs`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use plain_sdk::operations::{
    ComponentSpacerSize, CreateThreadEventInput, EventComponentParts,
    UpsertCustomerIdentifierInput, UpsertCustomerInput, UpsertCustomerOnCreateInput,
    UpsertCustomerOnUpdateInput,
};
use plain_sdk::retry::GiveUp;
use plain_sdk::{ui, Error, ErrorKind, PlainClient, RetryPolicy};
use serde_json::{json, Value};

use crate::raw_server::{closed_port, reason, serve, Fault, Server};

const API_KEY: &str = "plainApiKey_faults_secret";
// Responses.

fn json_response(status: u16, body: Value) -> Fault {
    Fault::Respond {
        status,
        headers: vec![("content-type", "application/json".into())],
        body: body.to_string().into_bytes(),
    }
}

fn html_response(status: u16) -> Fault {
    let title = format!("{status} {}", reason(status));
    Fault::Respond {
        status,
        headers: vec![("content-type", "text/html".into())],
        body: format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
             <center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n"
        )
        .into_bytes(),
    }
}

fn rate_limited(headers: Vec<(&'static str, String)>) -> Fault {
    let mut all = vec![
        ("content-type", "application/json".to_owned()),
        ("x-ratelimit-limit", "450".to_owned()),
        ("x-ratelimit-remaining", "0".to_owned()),
    ];
    all.extend(headers);
    Fault::Respond {
        status: 429,
        headers: all,
        body: br#"{"errors":[{"message":"Too Many Requests - Rate limit exceeded","extensions":{"code":"RATE_LIMITED"}}]}"#.to_vec(),
    }
}

fn customer_null() -> Fault {
    json_response(200, json!({ "data": { "customer": null } }))
}

fn date_time() -> Value {
    json!({ "__typename": "DateTime", "iso8601": "2023-09-26T12:03:21.563Z", "unixTimestamp": "1695729801563" })
}

fn thread_event() -> Value {
    let actor = json!({ "__typename": "MachineUserActor", "machineUserId": "mu_1" });
    json!({
        "__typename": "ThreadEvent",
        "id": "tev_1",
        "customerId": "c_1",
        "threadId": "th_1",
        "title": "API key generated",
        "isCollapsed": false,
        "components": [
            { "__typename": "ComponentText", "text": "hi", "textSize": null, "textColor": null },
            { "__typename": "ComponentSpacer", "spacerSize": "M" }
        ],
        "createdAt": date_time(),
        "createdBy": actor,
        "updatedAt": date_time(),
        "updatedBy": actor
    })
}

fn created(event: Value) -> Fault {
    json_response(
        200,
        json!({ "data": { "createThreadEvent": { "threadEvent": event, "error": null } } }),
    )
}

// Clients and inputs.

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
        .budget(Duration::from_secs(5))
}

fn client(server: &Server) -> PlainClient {
    PlainClient::builder(API_KEY)
        .base_url(&server.url)
        .timeout(Duration::from_millis(1500))
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

fn event_input(external_id: Option<&str>) -> CreateThreadEventInput {
    let components = ui::event_components([
        ui::text("New API key was added.").into(),
        ui::spacer(ui::SpacerSize::M).into(),
    ])
    .unwrap();
    let mut input = CreateThreadEventInput::new(
        "th_01HB924RWAW8H3Q8KZDFWYBJHZ",
        "API key generated",
        components,
    );
    input.external_id = external_id.map(str::to_owned);
    input
}

/// A mutation that is not idempotent: a create without an `externalId`.
async fn create_plain(client: &PlainClient) -> Result<(), Error> {
    client
        .create_thread_event(event_input(None))
        .await
        .map(drop)
}

async fn query(client: &PlainClient) -> Result<(), Error> {
    client.get_customer_by_id("c_1").await.map(drop)
}

/// What every error must be: one line, the key nowhere, attempts counted.
fn check_error(error: &Error, kind: &str, attempts: u32) {
    assert_eq!(error.kind_name(), kind, "{error:?}");
    assert_eq!(error.attempts(), attempts, "{error}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(API_KEY), "{shown}");
    }
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    if attempts > 1 || error.gave_up().is_some() {
        let s = if attempts == 1 { "" } else { "s" };
        assert!(shown.contains(&format!("{attempts} attempt{s}")), "{shown}");
    }
}

fn check_not_retried_mutation(error: &Error) {
    assert_eq!(error.gave_up(), Some(GiveUp::MutationMayHaveRun), "{error}");
    assert!(
        error
            .to_string()
            .contains("not retried: the mutation may have run; mark the call idempotent"),
        "{error}"
    );
}

// 1. Connection resets.

#[tokio::test]
async fn reset_before_the_request_is_read_retries_a_query() {
    let server = serve(vec![Fault::ResetBeforeRead, customer_null()]).await;
    query(&client(&server)).await.unwrap();
    assert_eq!(server.connections(), 2);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn reset_before_the_request_is_read_does_not_resend_a_mutation() {
    // The connection was up: the request may have been sent and read.
    let server = serve(vec![Fault::ResetBeforeRead, created(thread_event())]).await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    check_error(&error, "transport", 1);
    check_not_retried_mutation(&error);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn reset_after_the_request_is_read() {
    // A query: retried, then answered.
    let server = serve(vec![Fault::ResetAfterRead, customer_null()]).await;
    query(&client(&server)).await.unwrap();
    assert_eq!(server.requests(), 2);

    // A mutation that may have run: sent exactly once.
    let server = serve(vec![Fault::ResetAfterRead, created(thread_event())]).await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    check_error(&error, "transport", 1);
    check_not_retried_mutation(&error);
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(server.requests(), 1);

    // The same mutation with an externalId is idempotent by nature: retried.
    let server = serve(vec![Fault::ResetAfterRead, created(thread_event())]).await;
    let event = client(&server)
        .create_thread_event(event_input(Some("ex-id-1")))
        .await
        .unwrap();
    assert_eq!(event.id, "tev_1");
    assert_eq!(server.requests(), 2);

    // An empty externalId does not count.
    let server = serve(vec![Fault::ResetAfterRead, created(thread_event())]).await;
    let error = client(&server)
        .create_thread_event(event_input(Some("")))
        .await
        .unwrap_err();
    check_not_retried_mutation(&error);
    assert_eq!(server.requests(), 1);

    // Marked idempotent by the caller: retried.
    let server = serve(vec![Fault::ResetAfterRead, created(thread_event())]).await;
    create_plain(&client(&server).idempotent()).await.unwrap();
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_a_mutation() {
    let port = closed_port();
    let client = PlainClient::builder(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}/graphql/v1"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    // Nothing was sent, so resending is safe even for a create.
    let error = create_plain(&client).await.unwrap_err();
    check_error(&error, "transport", 3);
    assert_eq!(error.gave_up(), Some(GiveUp::AttemptsExhausted));
    assert!(
        error.to_string().contains("gave up: no attempts left"),
        "{error}"
    );

    // Retries off: one attempt, and the error says so.
    let error = create_plain(&client.with_retry_policy(RetryPolicy::none()))
        .await
        .unwrap_err();
    check_error(&error, "transport", 1);
    assert_eq!(error.gave_up(), Some(GiveUp::Disabled));
}

// 2. Rate limits.

/// `t` as ISO-8601 UTC with milliseconds, as Plain sends `x-ratelimit-reset`.
fn iso8601(t: SystemTime) -> String {
    plain_sdk::time::format_rfc3339(t)
}

#[tokio::test]
async fn rate_limit_waits_until_the_reset_then_retries_a_mutation() {
    let reset = SystemTime::now() + Duration::from_millis(800);
    let server = serve(vec![
        rate_limited(vec![("x-ratelimit-reset", iso8601(reset))]),
        created(thread_event()),
    ])
    .await;
    let started = Instant::now();
    // A create without externalId: still retried, as the limiter rejected it.
    create_plain(&client(&server)).await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(600), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn rate_limit_retry_after_wins_and_200_rate_limited_counts_too() {
    let far = SystemTime::now() + Duration::from_secs(3600);
    let server = serve(vec![
        rate_limited(vec![
            ("retry-after", "0".into()),
            ("x-ratelimit-reset", iso8601(far)),
        ]),
        json_response(
            200,
            json!({ "data": null, "errors": [{ "message": "Too Many Requests", "extensions": { "code": "RATE_LIMITED" } }] }),
        ),
        created(thread_event()),
    ])
    .await;
    let started = Instant::now();
    create_plain(&client(&server)).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn rate_limit_reset_past_the_budget_gives_up_at_once() {
    let far = SystemTime::now() + Duration::from_secs(3600);
    let server = serve(vec![rate_limited(vec![(
        "x-ratelimit-reset",
        iso8601(far),
    )])])
    .await;
    let started = Instant::now();
    let error = query(&client(&server)).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    check_error(&error, "rate_limited", 1);
    assert!(matches!(
        error.gave_up(),
        Some(GiveUp::BudgetExhausted { wait }) if wait > Duration::from_secs(3500)
    ));
    assert!(error.to_string().contains("retry budget"), "{error}");
    assert_eq!(error.request_id(), Some("req-1"));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn rate_limit_that_persists_uses_every_attempt() {
    let server = serve(vec![rate_limited(vec![("retry-after", "0".into())])]).await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    check_error(&error, "rate_limited", 3);
    assert_eq!(error.request_id(), Some("req-3"));
    assert_eq!(server.requests(), 3);
}

// 3. Server errors with HTML bodies.

#[tokio::test]
async fn server_errors_retry_queries_until_answered() {
    let server = serve(vec![
        html_response(502),
        html_response(503),
        customer_null(),
    ])
    .await;
    query(&client(&server)).await.unwrap();
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn server_errors_exhaust_the_attempts_of_a_query() {
    let server = serve(vec![
        html_response(500),
        html_response(502),
        html_response(503),
    ])
    .await;
    let error = query(&client(&server)).await.unwrap_err();
    check_error(&error, "server", 3);
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.request_id(), Some("req-3"));
    assert_eq!(error.gave_up(), Some(GiveUp::AttemptsExhausted));
    let ErrorKind::Server { body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(body.as_str().contains("503 Service Unavailable"), "{body}");
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn server_errors_do_not_resend_a_mutation() {
    for status in [500, 502, 503] {
        let server = serve(vec![html_response(status), created(thread_event())]).await;
        let error = create_plain(&client(&server)).await.unwrap_err();
        check_error(&error, "server", 1);
        check_not_retried_mutation(&error);
        assert_eq!(error.status(), Some(status));
        assert_eq!(server.requests(), 1, "HTTP {status}");
    }
}

#[tokio::test]
async fn upserts_are_idempotent_by_nature() {
    let server = serve(vec![html_response(503)]).await;
    let input = UpsertCustomerInput::new(
        UpsertCustomerIdentifierInput::new().email_address("ada@example.com"),
        UpsertCustomerOnCreateInput::new(
            "Ada",
            plain_sdk::operations::EmailAddressInput::new("ada@example.com", true),
        ),
        UpsertCustomerOnUpdateInput::new(),
    );
    let error = client(&server).upsert_customer(input).await.unwrap_err();
    check_error(&error, "server", 3);
    assert_eq!(server.requests(), 3);
}

// 4. Bodies that are not what they claim.

#[tokio::test]
async fn truncated_body() {
    let body = br#"{"data":{"customer":nu"#.to_vec();
    let truncated = Fault::Truncated {
        declared: 500,
        body,
    };
    // A query: the connection broke mid-body; retried.
    let server = serve(vec![truncated.clone(), customer_null()]).await;
    query(&client(&server)).await.unwrap();
    assert_eq!(server.requests(), 2);

    // A mutation: it ran, the answer was lost; not resent.
    let server = serve(vec![truncated, created(thread_event())]).await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    check_error(&error, "transport", 1);
    check_not_retried_mutation(&error);
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.request_id(), Some("req-1"));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn non_json_body_is_decode_and_final() {
    let server = serve(vec![
        Fault::Respond {
            status: 200,
            headers: vec![("content-type", "text/html".into())],
            body: b"<html><body>Welcome to nginx!</body></html>".to_vec(),
        },
        customer_null(),
    ])
    .await;
    let error = query(&client(&server)).await.unwrap_err();
    check_error(&error, "decode", 1);
    assert_eq!(error.gave_up(), None);
    assert!(error.to_string().contains("Welcome to nginx!"), "{error}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn data_null_with_errors_is_graphql_and_final() {
    let server = serve(vec![
        json_response(
            200,
            json!({ "data": null, "errors": [{ "message": "Unexpected error.", "extensions": { "code": "INTERNAL_SERVER_ERROR" } }] }),
        ),
        customer_null(),
    ])
    .await;
    let error = query(&client(&server)).await.unwrap_err();
    check_error(&error, "graphql", 1);
    assert!(error.to_string().contains("Unexpected error."), "{error}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn validation_errors_and_forbidden_are_final() {
    for (status, kind) in [
        (400, "bad_request"),
        (401, "unauthenticated"),
        (403, "forbidden"),
    ] {
        let server = serve(vec![json_response(
            status,
            json!({ "errors": [{ "message": "no", "extensions": { "code": "GRAPHQL_VALIDATION_FAILED" } }] }),
        )])
        .await;
        let error = query(&client(&server)).await.unwrap_err();
        check_error(&error, kind, 1);
        assert_eq!(server.requests(), 1, "HTTP {status}");
    }
}

#[tokio::test]
async fn mutation_error_is_final_even_when_idempotent() {
    let server = serve(vec![json_response(
        200,
        json!({ "data": { "createThreadEvent": { "threadEvent": null, "error": {
            "message": "Thread not found", "type": "VALIDATION", "code": "input_validation",
            "fields": [{ "field": "threadId", "message": "not found", "type": "NOT_FOUND" }]
        } } } }),
    )])
    .await;
    let error = client(&server)
        .create_thread_event(event_input(Some("ex-id-1")))
        .await
        .unwrap_err();
    check_error(&error, "mutation", 1);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn stalled_body_times_out() {
    let stall = Fault::Stall {
        body: br#"{"data":{"cust"#.to_vec(),
    };
    let timeout = Duration::from_millis(300);
    let make = |server: &Server| {
        PlainClient::builder(API_KEY)
            .base_url(&server.url)
            .timeout(timeout)
            .retry_policy(fast_retries().max_attempts(2))
            .build()
            .unwrap()
    };

    // A query: timed out twice, then given up.
    let server = serve(vec![stall.clone()]).await;
    let started = Instant::now();
    let error = query(&make(&server)).await.unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= timeout * 2 && took < Duration::from_secs(3),
        "{took:?}"
    );
    check_error(&error, "timeout", 2);
    assert_eq!(error.gave_up(), Some(GiveUp::AttemptsExhausted));
    assert_eq!(server.requests(), 2);

    // A mutation: once.
    let server = serve(vec![stall]).await;
    let error = create_plain(&make(&server)).await.unwrap_err();
    check_error(&error, "timeout", 1);
    check_not_retried_mutation(&error);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn oversized_body_is_refused_and_final() {
    let big = json!({ "data": { "customer": null }, "padding": "x".repeat(4096) });
    let server = serve(vec![json_response(200, big), customer_null()]).await;
    let client = PlainClient::builder(API_KEY)
        .base_url(&server.url)
        .max_response_bytes(1024)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = query(&client).await.unwrap_err();
    check_error(&error, "response_too_large", 1);
    assert_eq!(server.requests(), 1);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gzip_response(body: &[u8]) -> Fault {
    Fault::Respond {
        status: 200,
        headers: vec![
            ("content-type", "application/json".into()),
            ("content-encoding", "gzip".into()),
        ],
        body: gzip(body),
    }
}

#[tokio::test]
async fn gzip_answers_are_decoded() {
    let server = serve(vec![gzip_response(br#"{"data":{"customer":null}}"#)]).await;
    query(&client(&server)).await.unwrap();
}

#[tokio::test]
async fn a_compression_bomb_stops_at_max_response_bytes_decompressed() {
    // 64 MiB of JSON whitespace in 64 KiB of gzip: the limit counts what
    // it decompresses to, not what crossed the network.
    let mut bomb = br#"{"data":{"customer":null}"#.to_vec();
    bomb.resize(64 * 1024 * 1024, b' ');
    bomb.push(b'}');
    let compressed = gzip_response(&bomb);
    if let Fault::Respond { body, .. } = &compressed {
        assert!(body.len() < 128 * 1024, "{}", body.len());
    }
    let server = serve(vec![compressed, customer_null()]).await;
    let client = PlainClient::builder(API_KEY)
        .base_url(&server.url)
        .max_response_bytes(1024 * 1024)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = query(&client).await.unwrap_err();
    check_error(&error, "response_too_large", 1);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn unknown_enum_values_and_union_members_decode() {
    let mut event = thread_event();
    event["components"] = json!([
        { "__typename": "ComponentSpacer", "spacerSize": "XXXL" },
        { "__typename": "ComponentHologram", "depth": 3 }
    ]);
    event["createdBy"] = json!({ "__typename": "RobotActor", "robotId": "r_1" });
    let server = serve(vec![created(event)]).await;
    let event = create_plain_output(&client(&server)).await;
    let EventComponentParts::ComponentSpacer(spacer) = &event.components[0] else {
        panic!("{:?}", event.components[0])
    };
    assert_eq!(
        spacer.spacer_size,
        ComponentSpacerSize::Other("XXXL".into())
    );
    assert_eq!(event.components[1], EventComponentParts::Unknown);
    assert_eq!(event.created_by, plain_sdk::operations::ActorParts::Unknown);
    assert_eq!(server.requests(), 1);
}

async fn create_plain_output(client: &PlainClient) -> plain_sdk::operations::ThreadEventParts {
    client.create_thread_event(event_input(None)).await.unwrap()
}

// 5. Secrets and logs.

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn retries_are_logged_without_the_key() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    // The test runtime is single-threaded: the guard covers every task.
    let _guard = crate::capturing(subscriber);

    let server = serve(vec![
        html_response(503),
        html_response(503),
        customer_null(),
    ])
    .await;
    query(&client(&server)).await.unwrap();
    let server = serve(vec![html_response(503)]).await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    check_error(&error, "server", 1);

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let retries: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("plain request failed; retrying"))
        .collect();
    assert_eq!(retries.len(), 2, "{text}");
    for (line, attempt) in retries.iter().zip(1..) {
        assert!(line.contains("WARN"), "{line}");
        // The operation is the span's: fmt prints it before the event.
        assert!(
            line.contains("graphql.operation.name=\"GetCustomerById\""),
            "{line}"
        );
        assert!(line.contains(&format!("attempt={attempt}")), "{line}");
        assert!(line.contains("wait_ms="), "{line}");
        assert!(
            line.contains(&format!("request_id=\"req-{attempt}\"")),
            "{line}"
        );
        assert!(line.contains("status=503"), "{line}");
    }
    assert!(
        text.contains("plain request succeeded after retrying"),
        "{text}"
    );
    assert!(
        text.contains("not retried: the mutation may have run"),
        "{text}"
    );
    assert!(!text.contains(API_KEY), "the key leaked into the logs");
    assert!(
        !text.contains("Bearer"),
        "the auth header leaked into the logs"
    );
}

#[test]
fn the_key_appears_in_no_debug_output() {
    let builder = PlainClient::builder(API_KEY).retry_policy(fast_retries());
    assert!(!format!("{builder:?}").contains(API_KEY));
    let client = builder.build().unwrap();
    for shown in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.idempotent()),
        format!("{:?}", client.with_retry_policy(RetryPolicy::none())),
    ] {
        assert!(!shown.contains(API_KEY), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}

// 6. The example against a misbehaving endpoint.

#[tokio::test]
async fn example_prints_one_error_line_and_exits_1() {
    let binary = crate::example_binary("create_thread_event");
    let server = serve(vec![html_response(503)]).await;
    let output = tokio::process::Command::new(binary)
        .env("PLAIN_API_KEY", API_KEY)
        .env("PLAIN_API_URL", &server.url)
        .env_remove("RUST_LOG")
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(20), output)
        .await
        .expect("the example finished")
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(output.stdout.is_empty());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    // The example's create carries an externalId: idempotent, so retried.
    assert!(
        lines[0].starts_with("error: kind=server attempts=3 request_id=req-3: "),
        "{stderr}"
    );
    assert!(lines[0].contains("HTTP 503"), "{stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(!stderr.contains(API_KEY));
    assert_eq!(server.requests(), 3);
}

// 7. Hostile servers: answers that try to make the client break a promise.

fn rate_limited_error() -> Value {
    json!({ "message": "Too Many Requests - Rate limit exceeded", "extensions": { "code": "RATE_LIMITED" } })
}

#[tokio::test]
async fn a_mutation_that_ran_is_not_resent_when_its_errors_say_rate_limited() {
    let ran = json_response(
        200,
        json!({
            "data": { "createThreadEvent": { "threadEvent": thread_event(), "error": null } },
            "errors": [rate_limited_error()],
        }),
    );
    let server = serve(vec![ran]).await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    assert_eq!(server.requests(), 1, "a mutation that ran was sent again");
    check_error(&error, "graphql", 1);
    assert!(error.to_string().contains("the operation ran"), "{error}");
    let data: plain_sdk::operations::create_thread_event::ResponseData =
        error.partial_data().expect("the data is kept");
    assert_eq!(data.create_thread_event.thread_event.unwrap().id, "tev_1");

    // Only `data: null` (nothing ran) with RATE_LIMITED is a rate limit.
    let server = serve(vec![
        json_response(
            200,
            json!({ "data": null, "errors": [rate_limited_error()] }),
        ),
        created(thread_event()),
    ])
    .await;
    create_plain(&client(&server)).await.unwrap();
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn the_kind_is_that_of_the_operation_named_to_run() {
    let document = "query Probe { myWorkspace { id } } mutation CreateIt { createWorkspace { error { message } } }";
    let server = serve(vec![html_response(503)]).await;
    let error = client(&server)
        .execute_raw(document, json!({}), Some("CreateIt"))
        .await
        .unwrap_err();
    assert_eq!(server.requests(), 1, "a mutation was resent as a query");
    check_error(&error, "server", 1);
    assert_eq!(error.gave_up(), Some(GiveUp::MutationMayHaveRun));

    // The same document running the query: retried.
    let server = serve(vec![html_response(503)]).await;
    let error = client(&server)
        .execute_raw(document, json!({}), Some("Probe"))
        .await
        .unwrap_err();
    check_error(&error, "server", 3);
    assert_eq!(server.requests(), 3);

    // A name the document does not define: Plain will refuse it, but the
    // client cannot know what runs, so it counts as a mutation.
    let server = serve(vec![html_response(503)]).await;
    client(&server)
        .execute_raw(document, json!({}), Some("Missing"))
        .await
        .unwrap_err();
    assert_eq!(server.requests(), 1);
}

fn redirect(status: u16, location: &str) -> Fault {
    Fault::Respond {
        status,
        headers: vec![("location", location.to_owned())],
        body: Vec::new(),
    }
}

#[tokio::test]
async fn redirects_are_never_followed() {
    for status in [301, 302, 303, 307, 308] {
        // To the same URL: a loop if followed.
        let looped = serve(vec![redirect(status, "/graphql/v1")]).await;
        let error = create_plain(&client(&looped)).await.unwrap_err();
        assert_eq!(looped.requests(), 1, "HTTP {status}: redirect followed");
        check_error(&error, "redirect", 1);
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.gave_up(), None);
        let shown = error.to_string();
        assert!(
            shown.contains(&format!("HTTP {status} redirecting to \"/graphql/v1\"")),
            "{shown}"
        );

        // A query is not resent either: the answer would be the same.
        let error = query(&client(&looped)).await.unwrap_err();
        check_error(&error, "redirect", 1);
        assert_eq!(looped.requests(), 2);

        // To another origin: the body never goes there.
        let elsewhere = serve(vec![customer_null()]).await;
        let away = serve(vec![redirect(status, &elsewhere.url)]).await;
        let error = query(&client(&away)).await.unwrap_err();
        check_error(&error, "redirect", 1);
        assert!(error.to_string().contains(&elsewhere.url), "{error}");
        assert_eq!(
            elsewhere.connections(),
            0,
            "HTTP {status}: followed elsewhere"
        );
    }
}

#[tokio::test]
async fn a_huge_declared_length_reserves_nothing() {
    // The body comes in two pieces, so the client has to gather them.
    let lie = Fault::Dribble {
        declared: 30_000_000_000,
        parts: vec![br#"{"data":{"cus"#.to_vec(), br#"tomer":null}}"#.to_vec()],
    };
    for limit in [usize::MAX, 1 << 40] {
        let server = serve(vec![lie.clone()]).await;
        let client = PlainClient::builder(API_KEY)
            .base_url(&server.url)
            .max_response_bytes(limit)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let error = query(&client).await.unwrap_err();
        check_error(&error, "transport", 1);
    }
}

#[tokio::test]
async fn a_transport_failure_after_the_request_says_it_may_have_been_sent() {
    let server = serve(vec![Fault::ResetAfterRead]).await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    assert_eq!(server.requests(), 1);
    let shown = error.to_string();
    assert!(shown.contains("may have been sent"), "{shown}");
    assert!(!shown.contains("could not be sent"), "{shown}");

    // Refused: nothing was sent, and the error says so.
    let port = closed_port();
    let refused = PlainClient::builder(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}/graphql/v1"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let shown = create_plain(&refused).await.unwrap_err().to_string();
    assert!(shown.contains("nothing was sent"), "{shown}");
}

/// At most about 1 KiB of `Display`, whatever the server sent.
const DISPLAY_BOUND: usize = 1200;

#[tokio::test]
async fn errors_stay_small_whatever_the_server_sends() {
    // A 10 MB message.
    let huge = "m".repeat(10_000_000);
    let server = serve(vec![json_response(
        200,
        json!({ "data": null, "errors": [{ "message": huge }] }),
    )])
    .await;
    let error = query(&client(&server)).await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.len() <= DISPLAY_BOUND, "{} bytes", shown.len());
    assert!(shown.contains("more characters"), "{shown}");

    // A 300 KB request id.
    let id = "r".repeat(300_000);
    let server = serve(vec![Fault::Respond {
        status: 503,
        headers: vec![("apigw-requestid", id)],
        body: b"down".to_vec(),
    }])
    .await;
    let error = create_plain(&client(&server)).await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.len() <= DISPLAY_BOUND, "{} bytes", shown.len());
    assert!(error.request_id().unwrap().len() <= 256);

    // 1,000,000 tiny errors.
    let errors: Vec<Value> = (0..1_000_000).map(|_| json!({ "message": "x" })).collect();
    let server = serve(vec![json_response(
        200,
        json!({ "data": null, "errors": errors }),
    )])
    .await;
    let error = query(&client(&server)).await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.len() <= DISPLAY_BOUND, "{} bytes", shown.len());
    assert!(shown.contains("999997 more"), "{shown}");
    let ErrorKind::GraphQl { errors, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(errors.len() <= 16, "kept {} errors", errors.len());
}

#[tokio::test]
async fn a_missing_root_field_is_a_decode_error_not_none() {
    let server = serve(vec![json_response(200, json!({ "data": {} }))]).await;
    let error = client(&server).get_customer_by_id("c_1").await.unwrap_err();
    check_error(&error, "decode", 1);
    assert!(error.to_string().contains("customer"), "{error}");

    // An explicit null is "not found".
    let server = serve(vec![customer_null()]).await;
    let found = client(&server).get_customer_by_id("c_1").await;
    assert!(found.unwrap().is_none());
}
