//! The client's own work per request, without the network: building the
//! createThreadEvent request body, classifying and decoding the
//! ThreadEvent response (the peer benchmark's `--payload full` body), and
//! the call's tracing span with and without a subscriber.
//!
//! ```sh
//! cargo bench --bench client
//! ```

#[path = "support/docs_example.rs"]
mod docs_example;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plain_sdk::__private::{decode_response, encode_request, trace_one_call};
use plain_sdk::operations::{create_thread_event, CreateThreadEvent, CreateThreadEventInput};
use reqwest::header::{HeaderMap, HeaderValue};
use std::hint::black_box;

fn docs_example_input() -> CreateThreadEventInput {
    docs_example::docs_example_input().expect("valid components")
}

/// A full ThreadEvent as Plain returns it for the docs example, components included.
const RESPONSE: &str = concat!(
    r#"{"data":{"createThreadEvent":{"threadEvent":{"__typename":"ThreadEvent","id":"tev_01HB924RWAW8H3Q8KZDFWYBJHZ","#,
    r#""threadId":"th_01HB924RWAW8H3Q8KZDFWYBJHZ","externalId":"ex-id-1","customerId":"c_01H14DFQ4PDYBH398J1E99TWSS","#,
    r#""title":"API key generated","isCollapsed":false,"components":["#,
    r#"{"__typename":"ComponentText","text":"New API key was added with the fingerprint **3b7896975ee9fd15eeb7** with 4 associated roles.","textSize":null,"textColor":null},"#,
    r#"{"__typename":"ComponentSpacer","spacerSize":"M"},"#,
    r#"{"__typename":"ComponentLinkButton","linkButtonLabel":"View in admin","linkButtonUrl":"https://admin.your-app.com"}],"#,
    r#""createdAt":{"__typename":"DateTime","iso8601":"2023-09-26T15:36:23.690Z","unixTimestamp":"1695742583690"},"#,
    r#""createdBy":{"__typename":"MachineUserActor","machineUserId":"mu_01HBZM0TZAKAZPJ47NX7X7XMDY"},"#,
    r#""updatedAt":{"__typename":"DateTime","iso8601":"2023-09-26T15:36:23.690Z","unixTimestamp":"1695742583690"},"#,
    r#""updatedBy":{"__typename":"MachineUserActor","machineUserId":"mu_01HBZM0TZAKAZPJ47NX7X7XMDY"}},"error":null}}}"#
);

fn request_building(c: &mut Criterion) {
    let input = docs_example_input();
    // Done once by codegen for the generated methods.
    let query_json = serde_json::to_string(create_thread_event::QUERY).expect("JSON");
    let mut group = c.benchmark_group("request_building");
    let size = encode_request::<CreateThreadEvent>(
        create_thread_event::Variables::new(input.clone()),
        &query_json,
    )
    .expect("encodes")
    .len();
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function("create_thread_event_body", |b| {
        b.iter(|| {
            let variables = create_thread_event::Variables::new(black_box(&input).clone());
            encode_request::<CreateThreadEvent>(variables, &query_json).expect("encodes")
        })
    });
    group.bench_function("docs_example_input_with_ui_builders", |b| {
        b.iter(docs_example_input)
    });
    group.finish();
}

fn response_decoding(c: &mut Criterion) {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert(
        "apigw-requestid",
        HeaderValue::from_static("Lx3bTg1qLPEEJ0w="),
    );
    // Plain's budget headers come on every response.
    headers.insert("x-ratelimit-limit", HeaderValue::from_static("450"));
    headers.insert("x-ratelimit-remaining", HeaderValue::from_static("449"));
    headers.insert(
        "x-ratelimit-reset",
        HeaderValue::from_static("2026-12-03T21:05:00.000Z"),
    );
    let body = RESPONSE.as_bytes();
    let mut group = c.benchmark_group("response_decoding");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("create_thread_event_typed", |b| {
        b.iter(|| {
            decode_response::<create_thread_event::ResponseData>(
                200,
                black_box(&headers),
                black_box(body),
            )
            .expect("decodes")
        })
    });
    // The floor: the same bytes into untyped JSON, as a raw client reads them.
    group.bench_function("untyped_serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)).expect("JSON"))
    });
    group.finish();
}

/// The per-call tracing work (`plain_sdk::telemetry`): with no subscriber
/// (the span is disabled, its values never computed), against doing
/// nothing, and with a subscriber that records every span (the registry
/// and an fmt layer writing to a sink), to show what turning it on costs.
fn telemetry(c: &mut Criterion) {
    let url = reqwest::Url::parse("https://core-api.uk.plain.com/graphql/v1").expect("URL");
    let mut group = c.benchmark_group("telemetry");
    group.bench_function("nothing", |b| b.iter(|| black_box(&url).port()));
    group.bench_function("span_without_subscriber", |b| {
        b.iter(|| assert!(trace_one_call(black_box(&url))))
    });
    let subscriber = {
        use tracing_subscriber::layer::SubscriberExt;
        tracing_subscriber::registry()
            .with(tracing_subscriber::fmt::layer().with_writer(std::io::sink))
    };
    tracing::subscriber::with_default(subscriber, || {
        group.bench_function("span_with_subscriber", |b| {
            b.iter(|| assert!(!trace_one_call(black_box(&url))))
        });
    });
    group.finish();
}

criterion_group!(benches, request_building, response_decoding, telemetry);
criterion_main!(benches);
