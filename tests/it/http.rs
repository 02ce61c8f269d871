//! The client against a local mock server: headers, the request body, the
//! decoded response, and every kind of error through the real HTTP path.
//!
//! Every server listens on 127.0.0.1 and stops when its test ends. These
//! tests look at one exchange each, so their clients do not retry; retries
//! are tested in `tests/faults.rs`.

use std::time::Duration;

use plain_sdk::operations::{
    create_thread_event, get_customer_by_id, ActorParts, ComponentLinkButtonInput,
    ComponentSpacerInput, ComponentSpacerSize, ComponentTextInput, ComponentTextSize,
    CreateThreadEvent, CreateThreadEventInput, EventComponentInput, EventComponentParts,
    MutationErrorType, MutationFieldErrorType,
};
use plain_sdk::{Error, ErrorKind, PlainClient, PlainClientBuilder, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::raw_server;

const API_KEY: &str = "test-key";
const REQUEST_ID: &str = "Lx3bTg1qLPEEJ0w=";
const THREAD_ID: &str = "th_01HB924RWAW8H3Q8KZDFWYBJHZ";
const TEXT: &str =
    "New API key was added with the fingerprint **3b7896975ee9fd15eeb7** with 4 associated roles.";

fn builder(server: &MockServer) -> PlainClientBuilder {
    PlainClient::builder(API_KEY)
        .base_url(format!("{}/graphql/v1", server.uri()))
        .retry_policy(RetryPolicy::none())
}

fn client(server: &MockServer) -> PlainClient {
    builder(server).build().expect("client")
}

/// A server that answers one POST to /graphql/v1 with `response`, plus Plain's
/// request-id header, and checks on drop that exactly one request came.
async fn serve_once(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql/v1"))
        .and(header("authorization", "Bearer test-key"))
        .respond_with(response.insert_header("apigw-requestid", REQUEST_ID))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn html_response(status: u16, title: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
             <center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n"
        ),
        "text/html",
    )
}

/// Plain's documentation example for createThreadEvent, built from the
/// generated input types.
fn docs_input() -> CreateThreadEventInput {
    let components = vec![
        EventComponentInput::new().component_text(ComponentTextInput::new(TEXT)),
        EventComponentInput::new()
            .component_spacer(ComponentSpacerInput::new().spacer_size(ComponentSpacerSize::M)),
        EventComponentInput::new().component_link_button(
            ComponentLinkButtonInput::new()
                .link_button_label("View in admin")
                .link_button_url("https://admin.your-app.com"),
        ),
    ];
    CreateThreadEventInput::new(THREAD_ID, "API key generated", components).external_id("ex-id-1")
}

fn docs_input_json() -> Value {
    json!({
        "threadId": THREAD_ID,
        "externalId": "ex-id-1",
        "title": "API key generated",
        "components": [
            { "componentText": { "text": TEXT } },
            { "componentSpacer": { "spacerSize": "M" } },
            { "componentLinkButton": {
                "linkButtonLabel": "View in admin",
                "linkButtonUrl": "https://admin.your-app.com"
            } }
        ]
    })
}

fn date_time(iso: &str, unix_ms: &str) -> Value {
    json!({ "__typename": "DateTime", "iso8601": iso, "unixTimestamp": unix_ms })
}

fn machine_user() -> Value {
    json!({ "__typename": "MachineUserActor", "machineUserId": "mu_01HB8ZS0TZ3G4QGWKZ9W8SQ5ZE" })
}

/// A realistic ThreadEvent, as Plain returns it for the docs example.
fn thread_event_json() -> Value {
    json!({
        "__typename": "ThreadEvent",
        "id": "tev_01HB924SWQ8QXXZG9QD6QZQYQB",
        "customerId": "c_01HB8ZQZ5FJ9V3TJDRZJ8EXN9J",
        "threadId": THREAD_ID,
        "title": "API key generated",
        "isCollapsed": false,
        "components": [
            { "__typename": "ComponentText", "text": TEXT, "textSize": null, "textColor": null },
            { "__typename": "ComponentSpacer", "spacerSize": "M" },
            {
                "__typename": "ComponentLinkButton",
                "linkButtonLabel": "View in admin",
                "linkButtonUrl": "https://admin.your-app.com"
            }
        ],
        "createdAt": date_time("2023-09-26T12:03:21.563Z", "1695729801563"),
        "createdBy": machine_user(),
        "updatedAt": date_time("2023-09-26T12:03:21.563Z", "1695729801563"),
        "updatedBy": machine_user()
    })
}

fn created(thread_event: Value) -> Value {
    json!({ "data": { "createThreadEvent": { "threadEvent": thread_event, "error": null } } })
}

fn mutation_error_body(code: &str, error_type: &str) -> Value {
    json!({ "data": { "createThreadEvent": {
        "threadEvent": null,
        "error": {
            "__typename": "MutationError",
            "message": "There was a validation error.",
            "type": error_type,
            "code": code,
            "fields": [
                { "field": "title", "message": "Title must not be empty", "type": "REQUIRED" },
                { "field": "threadId", "message": "Thread not found", "type": "NOT_FOUND" }
            ]
        }
    } } })
}

/// The key must not leak through any rendering of an error.
fn assert_no_secret(error: &Error) {
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!shown.contains(API_KEY), "the API key leaked: {shown}");
        assert!(!shown.contains("Bearer"), "the auth header leaked: {shown}");
    }
}

/// What every error from an exchange that got a response must carry.
fn assert_response_error(error: &Error, kind: &str, status: u16, retryable: bool) {
    assert_eq!(error.kind_name(), kind, "{error:?}");
    assert_eq!(error.request_id(), Some(REQUEST_ID), "{error:?}");
    assert_eq!(error.status(), Some(status), "{error:?}");
    assert_eq!(error.is_retryable(), retryable, "{error:?}");
    assert_eq!(error.attempts(), 1);
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(shown.contains(REQUEST_ID), "{shown}");
    assert_no_secret(error);
}

async fn create_event_error(response: ResponseTemplate) -> Error {
    let server = serve_once(response).await;
    client(&server)
        .create_thread_event(docs_input())
        .await
        .expect_err("expected an error")
}

// 1. Headers and path.

#[tokio::test]
async fn sends_auth_and_sdk_headers_to_the_configured_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql/v1"))
        .and(header("authorization", "Bearer test-key"))
        .and(header("plain-sdk", "rust"))
        .and(header("plain-sdk-version", env!("CARGO_PKG_VERSION")))
        .and(header("content-type", "application/json"))
        .respond_with(json_response(200, json!({ "data": { "customer": null } })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .user_agent_suffix("support-bot/2.1")
        .build()
        .unwrap();
    assert_eq!(client.url().path(), "/graphql/v1");

    let customer = client.get_customer_by_id("c_1").await.unwrap();
    assert!(customer.is_none());

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/graphql/v1");
    let user_agent = request.headers["user-agent"].to_str().unwrap();
    assert!(
        user_agent.starts_with(concat!("plain-sdk-rust/", env!("CARGO_PKG_VERSION"))),
        "{user_agent}"
    );
    assert!(user_agent.ends_with(" support-bot/2.1"), "{user_agent}");
    assert_eq!(
        request.headers["authorization"].to_str().unwrap(),
        "Bearer test-key"
    );
    assert_eq!(request.headers["accept"], "application/json");
    // Plain compresses what it is allowed to: a page of 100 threads shrinks
    // several times over (see docs/performance.md).
    assert_eq!(request.headers["accept-encoding"], "gzip");
}

#[tokio::test]
async fn user_agent_without_suffix() {
    let server = serve_once(json_response(200, json!({ "data": { "customer": null } }))).await;
    client(&server).get_customer_by_id("c_1").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let expected = match plain_sdk::SCHEMA.date {
        Some(date) => format!(
            "plain-sdk-rust/{} (schema {date})",
            env!("CARGO_PKG_VERSION")
        ),
        None => format!(
            "plain-sdk-rust/{} (schema sha256:{})",
            env!("CARGO_PKG_VERSION"),
            &plain_sdk::SCHEMA.sha256[..12]
        ),
    };
    assert_eq!(
        requests[0].headers["user-agent"].to_str().unwrap(),
        expected
    );
}

// 2. A successful round trip.

#[tokio::test]
async fn create_thread_event_round_trip() {
    let expected_body = json!({
        "query": create_thread_event::QUERY,
        "variables": { "input": docs_input_json() },
        "operationName": "CreateThreadEvent"
    });
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql/v1"))
        .and(body_json(&expected_body))
        .respond_with(
            json_response(200, created(thread_event_json()))
                .insert_header("apigw-requestid", REQUEST_ID),
        )
        .expect(1)
        .mount(&server)
        .await;

    let event = client(&server)
        .create_thread_event(docs_input())
        .await
        .unwrap();

    // The body, compared directly as well, for a readable failure.
    let requests = server.received_requests().await.unwrap();
    let sent: Value = requests[0].body_json().unwrap();
    assert_eq!(sent, expected_body);

    assert_eq!(event.id, "tev_01HB924SWQ8QXXZG9QD6QZQYQB");
    assert_eq!(event.customer_id, "c_01HB8ZQZ5FJ9V3TJDRZJ8EXN9J");
    assert_eq!(event.thread_id, THREAD_ID);
    assert_eq!(event.title, "API key generated");
    assert_eq!(event.created_at.iso8601, "2023-09-26T12:03:21.563Z");
    assert_eq!(event.created_at.unix_timestamp, "1695729801563");
    assert_eq!(event.updated_at, event.created_at);
    match (&event.created_by, &event.updated_by) {
        (ActorParts::MachineUserActor(a), ActorParts::MachineUserActor(b)) => {
            assert_eq!(a.machine_user_id, "mu_01HB8ZS0TZ3G4QGWKZ9W8SQ5ZE");
            assert_eq!(a, b);
        }
        other => panic!("unexpected actors {other:?}"),
    }
    assert_eq!(event.components.len(), 3);
    match &event.components[0] {
        EventComponentParts::ComponentText(text) => {
            assert_eq!(text.text, TEXT);
            assert_eq!(text.text_size, None);
            assert_eq!(text.text_color, None);
        }
        other => panic!("{other:?}"),
    }
    match &event.components[1] {
        EventComponentParts::ComponentSpacer(spacer) => {
            assert_eq!(spacer.spacer_size, ComponentSpacerSize::M)
        }
        other => panic!("{other:?}"),
    }
    match &event.components[2] {
        EventComponentParts::ComponentLinkButton(button) => {
            assert_eq!(button.link_button_label, "View in admin");
            assert_eq!(button.link_button_url, "https://admin.your-app.com");
        }
        other => panic!("{other:?}"),
    }
}

// 3. Every error kind through the HTTP path.

#[tokio::test]
async fn http_401_is_unauthenticated() {
    let error = create_event_error(json_response(
        401,
        json!({ "errors": [{ "message": "Authentication required", "extensions": { "code": "UNAUTHENTICATED" } }] }),
    ))
    .await;
    assert_response_error(&error, "unauthenticated", 401, false);
    let ErrorKind::Unauthenticated { message } = error.kind() else {
        panic!("{error:?}")
    };
    let meta = error.meta().expect("sent");
    assert_eq!(message, "Authentication required");
    assert!(error.to_string().contains("wrong or revoked"), "{error}");
    assert_eq!(meta.operation.as_deref(), Some("CreateThreadEvent"));
}

#[tokio::test]
async fn http_403_is_forbidden() {
    let error = create_event_error(html_response(403, "403 Forbidden")).await;
    assert_response_error(&error, "forbidden", 403, false);
    let ErrorKind::Forbidden { message, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(message, "HTTP 403");
    assert!(error.to_string().contains("lacks a permission"), "{error}");
}

#[tokio::test]
async fn http_400_with_graphql_errors_is_bad_request() {
    let error = create_event_error(json_response(
        400,
        json!({ "errors": [{
            "message": "Variable \"$input\" got invalid value; Field \"title\" of required type \"String!\" was not provided.",
            "locations": [{ "line": 1, "column": 24 }],
            "extensions": { "code": "BAD_USER_INPUT" }
        }] }),
    ))
    .await;
    assert_response_error(&error, "bad_request", 400, false);
    let ErrorKind::BadRequest { errors, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code(), Some("BAD_USER_INPUT"));
    assert!(errors[0].message.contains("\"title\""));
    assert_eq!(body.as_str(), "");
}

#[tokio::test]
async fn http_429_is_rate_limited() {
    let error = create_event_error(
        json_response(
            429,
            json!({ "errors": [{ "message": "Too Many Requests - Rate limit exceeded", "extensions": { "code": "RATE_LIMITED" } }] }),
        )
        .insert_header("x-ratelimit-limit", "450")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", "2026-01-06T15:30:00.000Z")
        .insert_header("retry-after", "17"),
    )
    .await;
    assert_response_error(&error, "rate_limited", 429, true);
    let ErrorKind::RateLimited {
        rate_limit, errors, ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(rate_limit.limit, Some(450));
    assert_eq!(rate_limit.remaining, Some(0));
    assert_eq!(
        rate_limit.reset.as_deref(),
        Some("2026-01-06T15:30:00.000Z")
    );
    assert_eq!(rate_limit.retry_after, Some(Duration::from_secs(17)));
    assert_eq!(errors[0].code(), Some("RATE_LIMITED"));
    assert!(error.to_string().contains("0 of 450 requests left"));
}

#[tokio::test]
async fn http_429_with_garbage_headers_is_still_rate_limited() {
    let error = create_event_error(
        ResponseTemplate::new(429)
            .insert_header("x-ratelimit-limit", "many")
            .insert_header("x-ratelimit-reset", "later")
            .insert_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
    )
    .await;
    assert_response_error(&error, "rate_limited", 429, true);
    let ErrorKind::RateLimited { rate_limit, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(rate_limit.limit, None);
    assert_eq!(rate_limit.reset, None);
    assert_eq!(rate_limit.retry_after, None);
}

#[tokio::test]
async fn http_5xx_with_html_is_a_retryable_server_error() {
    for (status, title) in [
        (500, "500 Internal Server Error"),
        (502, "502 Bad Gateway"),
        (503, "503 Service Temporarily Unavailable"),
    ] {
        let error = create_event_error(html_response(status, title)).await;
        assert_response_error(&error, "server", status, true);
        let ErrorKind::Server {
            status: got,
            body,
            errors,
            ..
        } = error.kind()
        else {
            panic!("{error:?}")
        };
        assert_eq!(*got, status);
        assert!(errors.is_empty());
        assert!(body.as_str().contains(title), "{body}");
        assert!(error.to_string().contains(title), "{error}");
    }
}

#[tokio::test]
async fn http_404_is_a_server_error_that_is_not_retryable() {
    let error = create_event_error(ResponseTemplate::new(404).set_body_string("Not Found")).await;
    assert_response_error(&error, "server", 404, false);
    assert!(error.to_string().contains("check the base URL"), "{error}");
}

#[tokio::test]
async fn errors_with_partial_data_keep_the_data() {
    let server = serve_once(json_response(
        200,
        json!({
            "data": { "customer": null },
            "errors": [{ "message": "Customer lookup failed", "path": ["customer"], "extensions": { "code": "INTERNAL_SERVER_ERROR" } }]
        }),
    ))
    .await;
    let error = client(&server).get_customer_by_id("c_1").await.unwrap_err();
    assert_response_error(&error, "graphql", 200, false);
    let ErrorKind::GraphQl { errors, data, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(errors[0].message, "Customer lookup failed");
    assert_eq!(errors[0].path, Some(vec![json!("customer")]));
    assert_eq!(data.as_ref().map(|d| d.get()), Some(r#"{"customer":null}"#));
    let partial = error
        .partial_data::<get_customer_by_id::ResponseData>()
        .expect("partial data");
    assert!(partial.customer.is_none());
}

#[tokio::test]
async fn errors_with_null_data() {
    let error = create_event_error(json_response(
        200,
        json!({ "data": null, "errors": [{ "message": "Unexpected error." }] }),
    ))
    .await;
    assert_response_error(&error, "graphql", 200, false);
    let ErrorKind::GraphQl { errors, data, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(errors[0].message, "Unexpected error.");
    assert!(data.is_none());
    assert!(error.partial_data::<Value>().is_none());
}

#[tokio::test]
async fn graphql_forbidden_code_on_200_is_forbidden() {
    let error = create_event_error(json_response(
        200,
        json!({ "data": null, "errors": [{ "message": "Missing permission threadEvent:create", "extensions": { "code": "FORBIDDEN" } }] }),
    ))
    .await;
    assert_response_error(&error, "forbidden", 200, false);
    assert!(error
        .to_string()
        .contains("Missing permission threadEvent:create"));
}

#[tokio::test]
async fn mutation_error_is_error_mutation() {
    let error = create_event_error(json_response(
        200,
        mutation_error_body("input_validation", "VALIDATION"),
    ))
    .await;
    assert_response_error(&error, "mutation", 200, false);
    let ErrorKind::Mutation { error: inner } = error.kind() else {
        panic!("{error:?}")
    };
    let meta = error.meta().expect("sent");
    assert_eq!(inner.message, "There was a validation error.");
    assert_eq!(inner.error_type, MutationErrorType::Validation);
    assert_eq!(inner.code, "input_validation");
    assert_eq!(inner.fields.len(), 2);
    assert_eq!(inner.fields[0].field, "title");
    assert_eq!(inner.fields[0].message, "Title must not be empty");
    assert_eq!(inner.fields[0].error_type, MutationFieldErrorType::Required);
    assert_eq!(inner.fields[1].error_type, MutationFieldErrorType::NotFound);
    assert_eq!(meta.operation.as_deref(), Some("CreateThreadEvent"));
    let shown = error.to_string();
    assert!(
        shown.starts_with("CreateThreadEvent failed: There was a validation error."),
        "{shown}"
    );
    assert!(shown.contains("title: Title must not be empty"), "{shown}");
}

#[tokio::test]
async fn mutation_error_forbidden_is_error_forbidden() {
    let error = create_event_error(json_response(
        200,
        mutation_error_body("forbidden", "FORBIDDEN"),
    ))
    .await;
    assert_response_error(&error, "forbidden", 200, false);
    let ErrorKind::Forbidden {
        message,
        mutation_error,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(message, "There was a validation error.");
    let inner = mutation_error.as_ref().expect("the mutation error is kept");
    assert_eq!(inner.code, "forbidden");
    assert_eq!(inner.error_type, MutationErrorType::Forbidden);
    assert_eq!(inner.fields.len(), 2);
}

#[tokio::test]
async fn non_json_200_is_decode() {
    let error = create_event_error(html_response(200, "Welcome to nginx!")).await;
    assert_response_error(&error, "decode", 200, false);
    let ErrorKind::Decode {
        message,
        body,
        json_error,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert!(message.starts_with("the body is not JSON"), "{message}");
    assert!(body.as_str().contains("Welcome to nginx!"));
    assert!(json_error.is_some());
}

#[tokio::test]
async fn wrong_shape_is_decode_naming_the_path() {
    let mut event = thread_event_json();
    event["createdAt"]["iso8601"] = json!(1695729801563_u64);
    let error = create_event_error(json_response(200, created(event))).await;
    assert_response_error(&error, "decode", 200, false);
    let ErrorKind::Decode { message, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(
        message.starts_with("data.createThreadEvent.threadEvent.createdAt.iso8601 does not match"),
        "{message}"
    );

    for body in [json!([]), json!("x"), json!({}), json!({ "data": null })] {
        let error = create_event_error(json_response(200, body.clone())).await;
        assert_response_error(&error, "decode", 200, false);
        let ErrorKind::Decode { body: snippet, .. } = error.kind() else {
            panic!("{body}: {error:?}")
        };
        assert_eq!(snippet.as_str(), body.to_string());
    }

    // `data` that is not an object: the snippet holds `data` itself.
    let error = create_event_error(json_response(200, json!({ "data": [] }))).await;
    assert_response_error(&error, "decode", 200, false);
    let ErrorKind::Decode { message, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(message.starts_with("data does not match"), "{message}");
    assert_eq!(body.as_str(), "[]");
}

#[tokio::test]
async fn unknown_enum_values_and_union_members_decode() {
    let mut event = thread_event_json();
    event["components"] = json!([
        { "__typename": "ComponentText", "text": "hi", "textSize": "XXL", "textColor": "NORMAL" },
        { "__typename": "ComponentSpacer", "spacerSize": "XXXL" },
        { "__typename": "ComponentHologram", "hologramDepth": 3 }
    ]);
    event["createdBy"] = json!({ "__typename": "RobotActor", "robotId": "r_1" });
    let server = serve_once(json_response(200, created(event))).await;
    let event = client(&server)
        .create_thread_event(docs_input())
        .await
        .expect("unknown values must decode");
    match &event.components[0] {
        EventComponentParts::ComponentText(text) => {
            assert_eq!(text.text_size, Some(ComponentTextSize::Other("XXL".into())));
        }
        other => panic!("{other:?}"),
    }
    match &event.components[1] {
        EventComponentParts::ComponentSpacer(spacer) => {
            assert_eq!(
                spacer.spacer_size,
                ComponentSpacerSize::Other("XXXL".into())
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(event.components[2], EventComponentParts::Unknown);
    assert_eq!(event.created_by, ActorParts::Unknown);
    assert!(matches!(event.updated_by, ActorParts::MachineUserActor(_)));
}

#[tokio::test]
async fn slow_response_is_timeout() {
    let server = serve_once(
        json_response(200, json!({ "data": { "customer": null } }))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client.get_customer_by_id("c_1").await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind_name(), "timeout", "{error:?}");
    let ErrorKind::Timeout { timeout, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*timeout, Duration::from_millis(200));
    // No response arrived: no request id, no status.
    assert_eq!(error.request_id(), None);
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());
    assert!(error.to_string().contains("raise the timeout"));
    assert_no_secret(&error);
}

#[tokio::test]
async fn oversized_response_is_response_too_large() {
    let server = serve_once(json_response(200, created(thread_event_json()))).await;
    let client = builder(&server).max_response_bytes(256).build().unwrap();
    let error = client.create_thread_event(docs_input()).await.unwrap_err();
    assert_response_error(&error, "response_too_large", 200, false);
    let ErrorKind::ResponseTooLarge { limit, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*limit, 256);
}

/// A response without Content-Length is cut off while streaming.
#[tokio::test]
async fn oversized_chunked_response_is_response_too_large() {
    let server = raw_server::serve(vec![raw_server::Fault::Chunked {
        headers: vec![("apigw-requestid", REQUEST_ID.to_owned())],
        chunks: vec![vec![b'x'; 100]; 10],
    }])
    .await;
    let client = PlainClient::builder(API_KEY)
        .base_url(&server.url)
        .max_response_bytes(256)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let error = client.get_customer_by_id("c_1").await.unwrap_err();
    assert_response_error(&error, "response_too_large", 200, false);
}

#[tokio::test]
async fn closed_port_is_transport() {
    let port = raw_server::closed_port();
    let client = PlainClient::builder(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}/graphql/v1"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.create_thread_event(docs_input()).await.unwrap_err();
    assert_eq!(error.kind_name(), "transport", "{error:?}");
    assert!(matches!(error.kind(), ErrorKind::Transport { .. }));
    assert_eq!(error.request_id(), None);
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());
    let shown = error.to_string();
    assert!(
        shown.contains("check the network and the base URL"),
        "{shown}"
    );
    assert!(!shown.contains('\n'));
    assert!(std::error::Error::source(&error).is_some());
    assert_no_secret(&error);
}

// 4. The generic and raw entry points.

#[tokio::test]
async fn execute_generic_returns_the_whole_data() {
    let server = serve_once(json_response(
        200,
        mutation_error_body("input_validation", "VALIDATION"),
    ))
    .await;
    let data = client(&server)
        .execute::<CreateThreadEvent>(create_thread_event::Variables::new(docs_input()))
        .await
        .unwrap();
    // execute leaves a mutation's error to the caller.
    let error = data.create_thread_event.error.expect("error kept in data");
    assert_eq!(error.code, "input_validation");
    let sent: Value = server.received_requests().await.unwrap()[0]
        .body_json()
        .unwrap();
    assert_eq!(sent["operationName"], "CreateThreadEvent");
    assert_eq!(sent["query"], create_thread_event::QUERY);
    assert_eq!(sent["variables"]["input"], docs_input_json());
}

#[tokio::test]
async fn execute_generic_maps_errors() {
    let server = serve_once(json_response(
        401,
        json!({ "errors": [{ "message": "Invalid API key" }] }),
    ))
    .await;
    let error = client(&server)
        .execute::<CreateThreadEvent>(create_thread_event::Variables::new(docs_input()))
        .await
        .unwrap_err();
    assert_response_error(&error, "unauthenticated", 401, false);
    assert_eq!(
        error.meta().unwrap().operation.as_deref(),
        Some("CreateThreadEvent")
    );
}

#[tokio::test]
async fn execute_raw_returns_json() {
    let query = "query Me { myWorkspace { id name } }";
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql/v1"))
        .and(header("authorization", "Bearer test-key"))
        .and(header("plain-sdk", "rust"))
        .and(body_json(json!({
            "query": query,
            "variables": { "x": 1 },
            "operationName": "Me"
        })))
        .respond_with(json_response(
            200,
            json!({ "data": { "myWorkspace": { "id": "w_1", "name": "Acme" } } }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let data = client(&server)
        .execute_raw(query, json!({ "x": 1 }), Some("Me"))
        .await
        .unwrap();
    assert_eq!(
        data,
        json!({ "myWorkspace": { "id": "w_1", "name": "Acme" } })
    );
}

#[tokio::test]
async fn execute_raw_without_operation_name_omits_it() {
    let server = serve_once(json_response(200, json!({ "data": { "a": 1 } }))).await;
    let data = client(&server)
        .execute_raw("{ a }", json!({}), None)
        .await
        .unwrap();
    assert_eq!(data, json!({ "a": 1 }));
    let sent: Value = server.received_requests().await.unwrap()[0]
        .body_json()
        .unwrap();
    assert_eq!(sent, json!({ "query": "{ a }", "variables": {} }));
}

#[tokio::test]
async fn execute_raw_maps_errors() {
    let server = serve_once(
        json_response(
            429,
            json!({ "errors": [{ "message": "Too Many Requests - Rate limit exceeded", "extensions": { "code": "RATE_LIMITED" } }] }),
        )
        .insert_header("x-ratelimit-remaining", "0"),
    )
    .await;
    let error = client(&server)
        .execute_raw("query Me { myWorkspace { id } }", json!({}), Some("Me"))
        .await
        .unwrap_err();
    assert_response_error(&error, "rate_limited", 429, true);
    assert_eq!(error.meta().unwrap().operation.as_deref(), Some("Me"));

    let server = serve_once(json_response(
        200,
        json!({ "data": null, "errors": [{ "message": "Cannot query field \"nope\" on type \"Query\"." }] }),
    ))
    .await;
    let error = client(&server)
        .execute_raw("{ nope }", json!({}), None)
        .await
        .unwrap_err();
    assert_response_error(&error, "graphql", 200, false);
}

#[tokio::test]
async fn null_single_lookup_is_none() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql/v1"))
        .and(body_json(json!({
            "query": get_customer_by_id::QUERY,
            "variables": { "customerId": "c_missing" },
            "operationName": "GetCustomerById"
        })))
        .respond_with(json_response(200, json!({ "data": { "customer": null } })))
        .expect(1)
        .mount(&server)
        .await;
    let customer = client(&server)
        .get_customer_by_id("c_missing")
        .await
        .unwrap();
    assert_eq!(customer, None);
}

// 5. Secrets.

#[tokio::test]
async fn debug_never_shows_the_api_key() {
    let server = MockServer::start().await;
    let builder = builder(&server).user_agent_suffix("svc/1");
    for shown in [format!("{builder:?}"), format!("{builder:#?}")] {
        assert!(!shown.contains(API_KEY), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    let client = builder.build().unwrap();
    for shown in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!shown.contains(API_KEY), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    // Clones share the configuration and hide the key as well.
    assert!(!format!("{:?}", client.clone()).contains(API_KEY));
}

// 6. Configuration from the environment.

#[test]
fn from_env() {
    // The only test touching these variables; restore them whatever happens.
    struct Restore(Vec<(&'static str, Option<std::ffi::OsString>)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            for (name, value) in &self.0 {
                match value {
                    Some(v) => std::env::set_var(name, v),
                    None => std::env::remove_var(name),
                }
            }
        }
    }
    let _restore = Restore(
        ["PLAIN_API_KEY", "PLAIN_API_URL"]
            .into_iter()
            .map(|name| (name, std::env::var_os(name)))
            .collect(),
    );

    std::env::remove_var("PLAIN_API_KEY");
    std::env::remove_var("PLAIN_API_URL");
    let error = PlainClient::from_env().unwrap_err();
    assert_eq!(error.kind_name(), "config");
    let ErrorKind::Config { message } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(message.contains("PLAIN_API_KEY"), "{message}");
    assert!(error.to_string().contains("PLAIN_API_KEY"));
    assert_eq!(error.request_id(), None);
    assert_eq!(error.attempts(), 0);
    assert!(!error.is_retryable());

    std::env::set_var("PLAIN_API_KEY", "env-secret-key");
    let client = PlainClient::from_env().unwrap();
    assert_eq!(client.url().as_str(), plain_sdk::DEFAULT_API_URL);
    assert!(!format!("{client:?}").contains("env-secret-key"));

    std::env::set_var("PLAIN_API_URL", "http://127.0.0.1:9/graphql/v1");
    let client = PlainClient::from_env().unwrap();
    assert_eq!(client.url().as_str(), "http://127.0.0.1:9/graphql/v1");

    std::env::set_var("PLAIN_API_URL", "http://plain.internal/graphql/v1");
    let error = PlainClient::from_env().unwrap_err();
    assert_eq!(error.kind_name(), "config");
    assert!(!error.to_string().contains("env-secret-key"));

    std::env::set_var("PLAIN_API_KEY", "   ");
    std::env::remove_var("PLAIN_API_URL");
    assert_eq!(PlainClient::from_env().unwrap_err().kind_name(), "config");
}

// 7. Plain http only to loopback unless allowed.

#[test]
fn insecure_http_is_refused_unless_allowed() {
    let refused = [
        "http://example.com/graphql/v1",
        "http://10.0.0.5:8080/graphql/v1",
        "http://core-api.uk.plain.com/graphql/v1",
    ];
    for url in refused {
        let error = PlainClient::builder(API_KEY)
            .base_url(url)
            .build()
            .unwrap_err();
        assert_eq!(error.kind_name(), "config", "{url}");
        let shown = error.to_string();
        assert!(shown.contains("allow_insecure_http"), "{shown}");
        assert!(!shown.contains('\n'));
        assert_no_secret(&error);

        let client = PlainClient::builder(API_KEY)
            .base_url(url)
            .allow_insecure_http(true)
            .build()
            .unwrap();
        assert_eq!(client.url().as_str(), url);
    }
    for url in [
        "http://127.0.0.1:8080/graphql/v1",
        "http://localhost:8080/graphql/v1",
        "http://[::1]:8080/graphql/v1",
        "https://core-api.uk.plain.com/graphql/v1",
    ] {
        PlainClient::builder(API_KEY)
            .base_url(url)
            .build()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }
    for url in ["ftp://example.com/", "not a url", "file:///etc/passwd"] {
        let error = PlainClient::builder(API_KEY)
            .base_url(url)
            .allow_insecure_http(true)
            .build()
            .unwrap_err();
        assert_eq!(error.kind_name(), "config", "{url}");
    }
}
