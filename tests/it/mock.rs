//! `plain_sdk::testing::MockPlain` end to end: every method against its
//! generated data, requests Plain would refuse, expectations, answers and
//! faults, through the real client.

use std::time::{Duration, Instant};

use plain_sdk::operations::{
    create_thread_event, get_customer_by_id, CreateThreadEvent, CreateThreadEventInput,
    GetCustomerById,
};
use plain_sdk::testing::{Answer, MockPlain, MutationFailure};
use plain_sdk::{ui, Error, ErrorKind};
use serde_json::json;

use crate::samples::method_calls;

const CREATE_THREAD_EVENT: &str = "mutation CreateThreadEvent($input: CreateThreadEventInput!) { createThreadEvent(input: $input) { threadEvent { id } error { message } } }";
const MY_WORKSPACE: &str = "query MyWorkspace { myWorkspace { id name } }";

fn thread_event_input(thread_id: &str) -> CreateThreadEventInput {
    let components = ui::event_components([ui::text("Signed in").into()]).expect("components");
    CreateThreadEventInput::new(thread_id, "Sign-in", components)
}

#[tokio::test]
async fn every_method_decodes_the_generated_data() {
    let mock = MockPlain::builder()
        .stateless()
        .strict(false)
        .start()
        .await
        .expect("mock");
    let client = mock.client();
    let calls = method_calls(&client);
    // One call per operation, and one more for each `_with` twin.
    let (hand_written, all) = crate::operation_documents();
    let operations = all.unwrap_or(hand_written);
    assert!(
        calls.len() >= operations,
        "{} calls for {operations} operations",
        calls.len()
    );
    let total = calls.len();
    let mut failures = Vec::new();
    for (name, call) in calls {
        if let Err(e) = call.await {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} methods failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(mock.request_count(), total);
    assert!(mock.requests().iter().all(|r| r.refusal().is_none()));
    mock.finish().expect("no failures");
}

#[tokio::test]
async fn a_wrong_variable_type_is_refused_with_plains_message() {
    let mock = MockPlain::start().await.expect("mock");
    let variables = json!({ "input": { "threadId": "th_1", "title": 5, "components": [] } });
    let err = mock
        .client()
        .execute_raw(CREATE_THREAD_EVENT, variables, Some("CreateThreadEvent"))
        .await
        .expect_err("refused");
    let ErrorKind::BadRequest { errors, .. } = err.kind() else {
        panic!("expected BadRequest, got {err:?}");
    };
    let first = errors.iter().next().expect("an error");
    assert_eq!(
        first.message,
        "Variable \"$input\" got invalid value 5 at \"input.title\"; String cannot represent a non string value: 5"
    );
    assert_eq!(first.code(), Some("BAD_USER_INPUT"));
    assert_eq!(err.attempts(), 1, "a 400 is never resent");
    let received = mock.requests();
    assert_eq!(received.len(), 1);
    assert!(received[0]
        .refusal()
        .is_some_and(|r| r[0].contains("String cannot represent")));
}

#[tokio::test]
async fn a_document_plain_would_not_validate_is_refused() {
    let mock = MockPlain::start().await.expect("mock");
    let err = mock
        .client()
        .execute_raw("query Probe { nope }", json!({}), Some("Probe"))
        .await
        .expect_err("refused");
    let ErrorKind::BadRequest { errors, .. } = err.kind() else {
        panic!("expected BadRequest, got {err:?}");
    };
    let first = errors.iter().next().expect("an error");
    assert_eq!(
        first.message,
        "Cannot query field \"nope\" on type \"Query\"."
    );
    assert_eq!(first.code(), Some("GRAPHQL_VALIDATION_FAILED"));
}

#[tokio::test]
async fn a_wrong_api_key_is_unauthenticated() {
    let mock = MockPlain::start().await.expect("mock");
    let client = plain_sdk::PlainClient::builder("not-the-key")
        .base_url(mock.url())
        .build()
        .expect("client");
    let err = client
        .execute_raw(MY_WORKSPACE, json!({}), None)
        .await
        .expect_err("401");
    assert!(
        matches!(err.kind(), ErrorKind::Unauthenticated { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn expectations_answer_with_typed_matchers_sequences_and_counts() {
    let mock = MockPlain::builder()
        .stateless()
        .start()
        .await
        .expect("mock");
    mock.on::<CreateThreadEvent>()
        .matching(|v: &create_thread_event::Variables| v.input.thread_id == "th_1")
        .times(2)
        .respond_in_order([
            Answer::mutation_error(
                MutationFailure::validation("input_validation", "The thread is closed")
                    .field("threadId", "closed"),
            ),
            Answer::generated(),
        ]);
    let client = mock.client();

    let err = client
        .create_thread_event(thread_event_input("th_1"))
        .await
        .expect_err("a mutation error");
    let failure = err.mutation_error().expect("a MutationError");
    assert_eq!(failure.code, "input_validation");
    assert_eq!(failure.fields[0].field, "threadId");

    let event = client
        .create_thread_event(thread_event_input("th_1"))
        .await
        .expect("created");
    assert_eq!(event.id, "thread_event_1");
    // Another thread: no expectation matches it, so it gets generated data.
    client
        .create_thread_event(thread_event_input("th_2"))
        .await
        .expect("created");

    let received = mock.requests();
    assert_eq!(received.len(), 3);
    assert!(received.iter().all(|r| r.is::<CreateThreadEvent>()));
    let variables = received[2]
        .variables_as::<CreateThreadEvent>()
        .expect("typed");
    assert_eq!(variables.input.thread_id, "th_2");
    mock.finish().expect("the counts were met");
}

#[tokio::test]
async fn a_closure_answers_from_the_typed_variables() {
    let mock = MockPlain::start().await.expect("mock");
    mock.on_operation("MyWorkspace").respond_with(|_variables| {
        Answer::data(json!({ "myWorkspace": { "id": "w_1", "name": "Acme" } }))
    });
    let data = mock
        .client()
        .execute_raw(MY_WORKSPACE, json!({}), None)
        .await
        .expect("answered");
    assert_eq!(
        data,
        json!({ "myWorkspace": { "id": "w_1", "name": "Acme" } })
    );
}

#[tokio::test]
async fn typed_response_data_is_an_answer() {
    let mock = MockPlain::builder()
        .stateless()
        .start()
        .await
        .expect("mock");
    let client = mock.client();
    // Typed data a test holds: here what the mock generated, then changed.
    let mut data = client
        .execute::<GetCustomerById>(get_customer_by_id::Variables::new("c_1"))
        .await
        .expect("generated");
    data.customer.as_mut().expect("a customer").full_name = "Ada Lovelace".to_owned();
    mock.on::<GetCustomerById>().respond(Answer::data(&data));
    let customer = client.get_customer_by_id("c_1").await.expect("answered");
    assert_eq!(
        customer.as_ref().map(|c| c.full_name.as_str()),
        Some("Ada Lovelace")
    );
    assert_eq!(customer, data.customer, "the data round-trips exactly");
    mock.finish().expect("a valid answer");
}

#[tokio::test]
async fn an_answer_plain_could_never_send_fails_the_test_with_its_path() {
    let mock = MockPlain::start().await.expect("mock");
    // The client tries a query three times: the first attempt gets the
    // first answer, the others the second.
    mock.on_operation("MyWorkspace").respond_in_order([
        Answer::data(json!({ "myWorkspace": { "id": "w_1", "name": null } })),
        Answer::data(json!({ "myWorkspace": { "id": "w_1", "name": "Acme", "extra": 1 } })),
    ]);
    let err = mock
        .client()
        .execute_raw(MY_WORKSPACE, json!({}), None)
        .await
        .expect_err("the mock refuses to send it");
    assert!(
        matches!(err.kind(), ErrorKind::Server { status: 500, .. }),
        "{err:?}"
    );
    let report = mock.finish().expect_err("a failure").to_string();
    assert!(
        report.contains("data.myWorkspace.name: non-null type String! resolved to null"),
        "{report}"
    );
    assert!(
        report.contains("data.myWorkspace.extra: not in the operation's selection set"),
        "{report}"
    );
}

#[tokio::test]
async fn strict_mocks_name_the_nearest_expectation_and_unmet_counts() {
    let mock = MockPlain::builder()
        .strict(true)
        .start()
        .await
        .expect("mock");
    mock.on::<GetCustomerById>()
        .times(1)
        .respond(Answer::generated());
    let err = mock
        .client()
        .execute_raw(MY_WORKSPACE, json!({}), None)
        .await
        .expect_err("unmatched");
    assert!(
        matches!(err.kind(), ErrorKind::Server { status: 500, .. }),
        "{err:?}"
    );
    let report = mock.finish().expect_err("failures").to_string();
    assert!(
        report.contains("no expectation matched MyWorkspace"),
        "{report}"
    );
    assert!(
        report.contains("nearest: expectation #1 for GetCustomerById"),
        "{report}"
    );
    assert!(
        report.contains("to be called 1 time(s); it was called 0"),
        "{report}"
    );
}

#[tokio::test]
async fn faults_rate_limits_5xx_dropped_connections_and_delays() {
    let mock = MockPlain::start().await.expect("mock");
    // A query is retried after a rate limit and a dropped connection.
    mock.on::<GetCustomerById>().times(3).respond_in_order([
        Answer::rate_limited(Duration::from_millis(20)),
        Answer::drop_connection(),
        Answer::generated(),
    ]);
    let client = mock.client();
    let customer = client
        .get_customer_by_id("c_1")
        .await
        .expect("third time lucky");
    assert!(customer.is_some());

    // A mutation is never resent after a 5xx.
    mock.on::<CreateThreadEvent>().respond(Answer::status(503));
    let err = client
        .create_thread_event(thread_event_input("th_1"))
        .await
        .expect_err("503");
    assert!(
        matches!(err.kind(), ErrorKind::Server { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 1);

    // A slow answer runs into the client's timeout.
    mock.on_operation("MyWorkspace")
        .respond(Answer::generated().after(Duration::from_secs(5)));
    let impatient = mock
        .client_builder()
        .timeout(Duration::from_millis(200))
        .retry_policy(plain_sdk::RetryPolicy::none())
        .build()
        .expect("client");
    let started = Instant::now();
    let err = impatient
        .execute_raw(MY_WORKSPACE, json!({}), None)
        .await
        .expect_err("timeout");
    assert!(matches!(err.kind(), ErrorKind::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
    mock.finish().expect("counts met");
}

/// The examples' processes, bounded: killed when dropped, and every wait
/// has a deadline.
fn run_example(name: &str, args: &[&str]) -> tokio::process::Child {
    spawn(&crate::example_binary(name), args)
}

/// The `plain-mock` binary, which Cargo builds for these tests.
#[cfg(feature = "webhooks")]
fn plain_mock(args: &[&str]) -> tokio::process::Child {
    spawn(std::path::Path::new(env!("CARGO_BIN_EXE_plain-mock")), args)
}

/// `binary` started with `args` and no Plain key, its output piped.
fn spawn(binary: &std::path::Path, args: &[&str]) -> tokio::process::Child {
    tokio::process::Command::new(binary)
        .args(args)
        .env_remove("PLAIN_API_KEY")
        .env_remove("PLAIN_API_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts")
}

#[tokio::test]
async fn the_main_example_runs_through_mock_plain_with_no_key() {
    let child = run_example("create_thread_event", &[]);
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("the example finished")
        .expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("using MockPlain"), "{stderr}");
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(event["title"], "API key generated");
    assert_eq!(event["threadId"], "th_01HB924RWAW8H3Q8KZDFWYBJHZ");
    // As Plain makes it: its id, the three components as sent, the key's
    // machine user; then the same externalId is refused.
    let id = event["id"].as_str().expect("an id");
    assert!(id.starts_with("tev_") && id.len() == 30, "{id}");
    let components = event["components"].as_array().expect("components");
    let kinds: Vec<&str> = components
        .iter()
        .map(|c| c["__typename"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        kinds,
        ["ComponentText", "ComponentSpacer", "ComponentLinkButton"],
        "{event:#}"
    );
    assert_eq!(event["createdBy"]["__typename"], "MachineUserActor");
    assert!(
        stderr.contains(&format!("MockPlain keeps {id} with externalId \"ex-id-1\"")),
        "{stderr}"
    );
    assert!(
        stderr.contains("the same externalId again: refused"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_stateful_mock_keeps_thread_events_as_plain_does() {
    let seed: plain_sdk::testing::Seed =
        serde_json::from_value(json!({ "threads": [{ "id": "th_1", "customerId": "c_1" }] }))
            .expect("a seed");
    let mock = MockPlain::builder()
        .stateful(seed)
        .start()
        .await
        .expect("starts");
    let client = mock.client();
    let input = || thread_event_input("th_1").external_id("once");
    let event = client.create_thread_event(input()).await.expect("created");
    assert!(event.id.starts_with("tev_"), "{}", event.id);
    assert_eq!(event.customer_id, "c_1");
    let sent = serde_json::to_value(&thread_event_input("th_1").components).expect("json");
    let kept = serde_json::to_value(&event.components).expect("json");
    assert_eq!(
        kept.as_array().map(Vec::len),
        sent.as_array().map(Vec::len),
        "{kept}"
    );
    // The same external id, and a thread that does not exist: Plain's
    // MutationError, with the field it is about.
    for (input, field) in [
        (input(), "externalId"),
        (thread_event_input("th_404"), "threadId"),
    ] {
        match client
            .create_thread_event(input)
            .await
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::Mutation { error }) => {
                assert_eq!(error.fields[0].field, field, "{error:?}");
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    // Without an external id, every create is a new event, ids increasing.
    let first = client
        .create_thread_event(thread_event_input("th_1"))
        .await
        .expect("created");
    let second = client
        .create_thread_event(thread_event_input("th_1"))
        .await
        .expect("created");
    assert!(event.id < first.id && first.id < second.id);
    let kept: Vec<_> = mock
        .thread_events()
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    assert_eq!(kept, [json!(event.id), json!(first.id), json!(second.id)]);
    // An expectation still comes first.
    mock.on::<CreateThreadEvent>().respond(Answer::generated());
    let generated = client
        .create_thread_event(thread_event_input("th_404"))
        .await
        .expect("generated");
    assert_eq!(generated.id, "thread_event_1");
}

/// The URL the standalone server prints on its first line
/// (`listening on URL`), read within 30 seconds.
#[cfg(feature = "webhooks")]
async fn listening_url(child: &mut tokio::process::Child) -> String {
    use tokio::io::AsyncBufReadExt;

    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("a first line in time")
        .expect("readable")
        .expect("a line");
    first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_owned()
}

/// The example's output with no key: its exit status, stdout and stderr.
async fn example_output(name: &str, args: &[&str]) -> (Option<i32>, String, String) {
    finished(run_example(name, args)).await
}

#[tokio::test]
async fn the_bulk_example_reports_its_storm_unpaced_and_none_paced() {
    // Unpaced, 12 upserts against a budget of 8: 4 meet a 429 whose reset is
    // beyond the retry budget. The mock's windows are aligned to the Unix
    // epoch as Plain's are to the minute, so the window is long (about 32
    // years, next boundary in 2033): with an hour, a run within half a minute
    // of the hour saw its 429s retried into the next window and all 12 pass.
    let (status, stdout, stderr) = example_output(
        "bulk_upsert",
        &[
            "--count",
            "12",
            "--concurrency",
            "4",
            "--mock-limit",
            "8/1000000000",
        ],
    )
    .await;
    assert_eq!(status, Some(0), "{stderr}");
    let last = stdout.lines().last().expect("a last line");
    assert!(
        last.starts_with("upserted 8, failed 4, rate-limited 4, seconds "),
        "{last}\n{stderr}"
    );
    // Paced at the mock's 450 a minute: every upsert, no 429.
    let (status, stdout, stderr) = example_output(
        "bulk_upsert",
        &["--count", "6", "--concurrency", "3", "--pace"],
    )
    .await;
    assert_eq!(status, Some(0), "{stderr}");
    let last = stdout.lines().last().expect("a last line");
    assert!(
        last.starts_with("upserted 6, failed 0, rate-limited 0, seconds "),
        "{last}"
    );
    // Refused arguments say what is wrong.
    let (status, _, stderr) = example_output("bulk_upsert", &["--redis", "redis://x"]).await;
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("--count N is required"), "{stderr}");
}

#[tokio::test]
async fn the_tracing_example_exports_one_span_per_call() {
    let (status, stdout, stderr) = example_output("tracing_otel", &[]).await;
    assert_eq!(status, Some(0), "{stderr}");
    for name in [
        "query GetMyWorkspace",
        "mutation UpsertCustomer",
        "mutation MarkThreadAsDone",
    ] {
        assert_eq!(
            stdout.matches(&format!("Name         : {name}")).count(),
            1,
            "{name}\n{stdout}"
        );
    }
    for attribute in [
        "graphql.operation.type: String(Owned(\"mutation\"))",
        "plain.attempts: I64(2)",
        "plain request failed; retrying",
        "error.type: String(Owned(\"forbidden\"))",
        "Status       : Error",
    ] {
        assert!(stdout.contains(attribute), "{attribute}\n{stdout}");
    }
    assert!(
        stdout.ends_with("markThreadAsDone: forbidden\n"),
        "{stdout}"
    );
}

#[tokio::test]
async fn a_stateful_mock_keeps_customers_as_plain_does() {
    use plain_sdk::operations::{
        EmailAddressInput, StringInput, UpsertCustomerIdentifierInput, UpsertCustomerInput,
        UpsertCustomerOnCreateInput, UpsertCustomerOnUpdateInput, UpsertResult,
    };

    let mock = MockPlain::builder()
        .stateful(plain_sdk::testing::Seed::default())
        .start()
        .await
        .expect("starts");
    let client = mock.client();
    let upsert = |full_name: &str| {
        UpsertCustomerInput::new(
            UpsertCustomerIdentifierInput::new().email_address("ada@example.com"),
            UpsertCustomerOnCreateInput::new(
                "Ada Lovelace",
                EmailAddressInput::new("ada@example.com", true),
            )
            .external_id("ada"),
            UpsertCustomerOnUpdateInput::new().full_name(StringInput::new(full_name)),
        )
    };
    let created = client
        .upsert_customer(upsert("Ada Lovelace"))
        .await
        .expect("upserted");
    assert_eq!(created.result, Some(UpsertResult::Created));
    let customer = created.customer.expect("a customer");
    assert!(customer.id.starts_with("c_"), "{}", customer.id);
    let again = client
        .upsert_customer(upsert("Ada Lovelace"))
        .await
        .expect("upserted");
    assert_eq!(again.result, Some(UpsertResult::Noop));
    let renamed = client
        .upsert_customer(upsert("Ada King"))
        .await
        .expect("upserted");
    assert_eq!(renamed.result, Some(UpsertResult::Updated));

    let found = client
        .get_customer_by_external_id("ada")
        .await
        .expect("answered")
        .expect("found");
    assert_eq!(
        (found.id.as_str(), found.full_name.as_str()),
        (customer.id.as_str(), "Ada King")
    );
    assert_eq!(found.email.email, "ada@example.com");
    assert!(client
        .get_customer_by_email("nobody@example.com")
        .await
        .expect("answered")
        .is_none());
}

/// A client of the standalone server at `url`, with the mock's key and retries.
#[cfg(feature = "webhooks")]
fn client_at(url: &str) -> plain_sdk::PlainClient {
    plain_sdk::PlainClient::builder(MockPlain::API_KEY)
        .base_url(url)
        .retry_policy(MockPlain::retry_policy())
        .build()
        .expect("a client")
}

/// The exit status, stdout and stderr of `child`, within a minute.
async fn finished(child: tokio::process::Child) -> (Option<i32>, String, String) {
    let output = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("finished in time")
        .expect("output");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(feature = "webhooks")]
#[tokio::test]
async fn plain_mock_keeps_a_workspace_and_writes_it_back_on_exit() {
    let dir = std::env::temp_dir().join(format!("plain-sdk-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let path = |name: &str| dir.join(name).to_str().expect("utf-8").to_owned();
    let seed = path("seed.json");
    std::fs::write(&seed, r#"{ "threads": [{ "id": "th_1" }] }"#).expect("written");
    let broken = path("broken.json");
    std::fs::write(&broken, "{\n  \"threads\": [\n    { \"id\": 5 }\n  ]\n}").expect("written");
    let not_json = path("not-json.json");
    std::fs::write(&not_json, "{\n  \"version\": 1,\n  oops\n}").expect("written");
    let state = path("state.json");
    let _ = std::fs::remove_file(&state);

    // A seed or a state file that is not one: exit 2, saying where or what.
    #[rustfmt::skip]
    let cases = [
        ("--seed", &broken, "line 3"),
        ("--state", &not_json, "line 3"),
        ("--state", &broken, "not a workspace snapshot"),
    ];
    for (option, file, problem) in cases {
        let (status, _, stderr) = finished(plain_mock(&[option, file])).await;
        assert_eq!(status, Some(2), "{option} {file}: {stderr}");
        assert!(stderr.contains(problem), "{option} {file}: {stderr}");
    }

    // Seeded, with its state written to a file on exit (SIGTERM).
    let mut child = plain_mock(&["--seconds", "60", "--seed", &seed, "--state", &state]);
    let url = listening_url(&mut child).await;
    let client = client_at(&url);
    let input = || thread_event_input("th_1").external_id("seeded");
    let event = client.create_thread_event(input()).await.expect("created");
    assert!(event.id.starts_with("tev_"), "{}", event.id);
    assert!(matches!(
        client
            .create_thread_event(input())
            .await
            .map_err(Error::into_kind),
        Err(ErrorKind::Mutation { .. })
    ));
    let pid = child.id().expect("running");
    // SAFETY: kill(2) on the child this test started, by its PID.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) }, 0);
    let (status, _, stderr) = finished(child).await;
    assert_eq!(status, Some(0), "{stderr}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("written back"))
            .expect("JSON");
    assert_eq!(written["threadEvents"][0]["id"], event.id);

    // Started again from that file: the external id is still taken.
    let mut child = plain_mock(&["--seconds", "60", "--state", &state]);
    let url = listening_url(&mut child).await;
    let client = client_at(&url);
    assert!(matches!(
        client
            .create_thread_event(input())
            .await
            .map_err(Error::into_kind),
        Err(ErrorKind::Mutation { .. })
    ));
    let _ = child.start_kill();
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(feature = "webhooks")]
#[tokio::test]
async fn the_standalone_server_answers_every_sample_and_refuses_what_plain_would() {
    // Without state, every answer is generated: the samples' made-up ids
    // would otherwise be refused as Plain refuses them.
    let mut child = plain_mock(&["--port", "0", "--seconds", "60", "--stateless"]);
    let url = listening_url(&mut child).await;
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/graphql/v1"),
        "{url}"
    );

    let http = reqwest::Client::new();
    let post = |body: String| {
        http.post(&url)
            .header("authorization", format!("Bearer {}", MockPlain::API_KEY))
            .header("content-type", "application/json")
            .timeout(Duration::from_secs(10))
            .body(body)
            .send()
    };
    let samples = crate::samples::operation_samples();
    let mut failures = Vec::new();
    for (module, _, body) in &samples {
        let response = post(body.clone()).await.expect("answered");
        let status = response.status().as_u16();
        let answer: serde_json::Value =
            serde_json::from_slice(&response.bytes().await.expect("a body")).expect("JSON");
        let data_present = answer["data"].as_object().is_some_and(|d| !d.is_empty());
        if status != 200 || !data_present || answer.get("errors").is_some() {
            failures.push(format!("{module}: {status} {answer}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let refused = post(r#"{"query":"query Probe { nope }"}"#.to_owned())
        .await
        .expect("answered");
    assert_eq!(refused.status().as_u16(), 400);
    let answer: serde_json::Value =
        serde_json::from_slice(&refused.bytes().await.expect("a body")).expect("JSON");
    assert_eq!(
        answer["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    let _ = child.start_kill();
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn the_welcome_bot_answers_the_fakes_webhook_with_an_event_on_the_thread() {
    let (status, stdout, stderr) = example_output("welcome_bot", &[]).await;
    assert_eq!(status, Some(0), "{stdout}\n{stderr}");
    let opened = stdout
        .lines()
        .find_map(|l| l.strip_prefix("[customer] opened "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no thread opened: {stdout}"));
    assert!(opened.starts_with("th_"), "{stdout}");
    // The bot's own line may come after the example has seen the event and
    // stopped: the event in the thread's timeline is what counts.
    assert!(
        stdout.contains(&format!("[plain] {opened}'s timeline: tev_")),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"Welcome sent\" by MachineUserActor"),
        "{stdout}"
    );
}

#[cfg(feature = "axum")]
mod webhooks {
    use plain_sdk::testing::{SampleShape, WebhookDelivery};
    use plain_sdk::webhooks::{Event, Verifier, EVENT_TYPES};

    #[test]
    fn every_event_type_has_a_sample_that_verifies_and_decodes() {
        let verifier = Verifier::new("whsec");
        for event_type in EVENT_TYPES {
            for shape in [SampleShape::Full, SampleShape::Minimal] {
                let delivery =
                    WebhookDelivery::sample_with(event_type, shape, std::time::SystemTime::now())
                        .expect("a sample");
                let request = verifier
                    .verify_and_parse(delivery.body(), &delivery.signature("whsec"))
                    .unwrap_or_else(|e| panic!("{event_type} {shape:?}: {e}"));
                assert!(!matches!(request.event, Event::Unknown(_)), "{event_type}");
            }
        }
        assert!(WebhookDelivery::sample("thread.no_such_event")
            .expect_err("unknown")
            .to_string()
            .contains("is not an event type"));
    }

    #[tokio::test]
    async fn a_delivery_reaches_an_endpoint_signed_as_plain_signs_it() {
        use axum::routing::post;
        use plain_sdk::axum::PlainWebhook;

        let app = axum::Router::new()
            .route(
                "/plain",
                post(|PlainWebhook(webhook): PlainWebhook| async move {
                    match webhook.event {
                        Event::ThreadCreated(_) => "thread created",
                        _ => "something else",
                    }
                }),
            )
            .with_state(Verifier::new("whsec"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/plain", listener.local_addr().expect("address"));
        let server = tokio::spawn(async move { axum::serve(listener, app).await });

        let delivery = WebhookDelivery::sample("thread.thread_created").expect("a sample");
        let answer = delivery.send(&url, "whsec").await.expect("delivered");
        assert_eq!(
            (answer.status, answer.body.as_slice()),
            (200, &b"thread created"[..])
        );
        let forged = delivery
            .send(&url, "not-the-secret")
            .await
            .expect("delivered");
        assert_eq!(forged.status, 401);
        server.abort();
    }
}
