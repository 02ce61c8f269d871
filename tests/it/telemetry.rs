//! The span of a call, as a subscriber sees it: OpenTelemetry's attribute
//! names, Plain's request id, attempts and remaining budget, retries as
//! events inside it, and the error on it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plain_sdk::operations::{GetMyWorkspace, UpsertCustomer};
use plain_sdk::testing::{Answer, MockPlain, MutationFailure};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// A span as it closed: its name, its fields, and the events inside it.
#[derive(Debug, Default, Clone)]
struct Closed {
    name: String,
    fields: BTreeMap<String, String>,
    events: Vec<BTreeMap<String, String>>,
}

#[derive(Default)]
struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// Keeps every span in the registry's extensions until it closes.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Closed>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let span = ctx.span(id).expect("a new span is registered");
        span.extensions_mut().insert(Closed {
            name: attrs.metadata().name().to_owned(),
            fields: fields.0,
            events: Vec::new(),
        });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).expect("a recorded span is registered");
        let mut extensions = span.extensions_mut();
        let closed = extensions.get_mut::<Closed>().expect("captured");
        let mut fields = Fields(std::mem::take(&mut closed.fields));
        values.record(&mut fields);
        closed.fields = fields.0;
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.event_span(event) else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        fields
            .0
            .insert("level".to_owned(), event.metadata().level().to_string());
        let mut extensions = span.extensions_mut();
        if let Some(closed) = extensions.get_mut::<Closed>() {
            closed.events.push(fields.0);
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let span = ctx.span(&id).expect("a closing span is registered");
        let closed = span.extensions_mut().remove::<Closed>();
        if let Some(closed) = closed {
            self.0.lock().unwrap().push(closed);
        }
    }
}

impl Capture {
    fn requests(&self) -> Vec<Closed> {
        let all = self.0.lock().unwrap();
        all.iter()
            .filter(|s| s.name == "plain.request")
            .cloned()
            .collect()
    }
}

fn upsert() -> plain_sdk::operations::UpsertCustomerInput {
    use plain_sdk::operations::*;
    UpsertCustomerInput::new(
        UpsertCustomerIdentifierInput::new().external_id("c-1"),
        UpsertCustomerOnCreateInput::new("Ada", EmailAddressInput::new("ada@example.com", true)),
        UpsertCustomerOnUpdateInput::new(),
    )
}

#[tokio::test]
async fn a_call_is_one_span_with_opentelemetry_names_and_retries_inside() {
    let capture = Capture::default();
    let _default = crate::capturing(tracing_subscriber::registry().with(capture.clone()));
    let mock = MockPlain::builder()
        .rate_limit(100, Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    // An upsert is idempotent: retried after the 503.
    mock.on::<UpsertCustomer>()
        .times(2)
        .respond_in_order([Answer::status(503), Answer::generated()]);
    mock.client().upsert_customer(upsert()).await.unwrap();

    let spans = capture.requests();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    let port = url::Url::parse(mock.url())
        .unwrap()
        .port()
        .unwrap()
        .to_string();
    let expected = [
        ("otel.name", "mutation UpsertCustomer"),
        ("otel.kind", "client"),
        ("graphql.operation.name", "UpsertCustomer"),
        ("graphql.operation.type", "mutation"),
        ("server.address", "127.0.0.1"),
        ("server.port", port.as_str()),
        ("http.response.status_code", "200"),
        ("plain.request_id", "mock-plain-2"),
        ("plain.attempts", "2"),
        // Two requests of the window's 100 counted.
        ("plain.ratelimit.remaining", "98"),
    ];
    for (name, value) in expected {
        assert_eq!(
            span.fields.get(name).map(String::as_str),
            Some(value),
            "{name}: {span:#?}"
        );
    }
    assert!(!span.fields.contains_key("error.type"), "{span:#?}");
    let retries: Vec<_> = span
        .events
        .iter()
        .filter(|e| e.get("message").map(String::as_str) == Some("plain request failed; retrying"))
        .collect();
    assert_eq!(retries.len(), 1, "{span:#?}");
    assert_eq!(retries[0]["level"], "WARN");
    assert_eq!(retries[0]["status"], "503");
    assert_eq!(retries[0]["attempt"], "1");
    mock.finish().unwrap();
}

#[tokio::test]
async fn a_failed_call_records_its_error() {
    let capture = Capture::default();
    let _default = crate::capturing(tracing_subscriber::registry().with(capture.clone()));
    let mock = MockPlain::start().await.unwrap();
    mock.on::<UpsertCustomer>()
        .respond(Answer::mutation_error(MutationFailure::validation(
            "input_invalid",
            "email is not valid",
        )));
    mock.on::<GetMyWorkspace>().respond(Answer::generated());
    let error = mock.client().upsert_customer(upsert()).await.unwrap_err();
    mock.client().get_my_workspace().await.unwrap();

    let spans = capture.requests();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    let failed = &spans[0].fields;
    assert_eq!(failed["error.type"], error.kind_name());
    assert_eq!(failed["otel.status_code"], "ERROR");
    assert!(
        failed["otel.status_description"].contains("email is not valid"),
        "{failed:#?}"
    );
    assert_eq!(failed["plain.attempts"], "1");
    // Without a rate limit there is no remaining budget to record.
    assert!(
        !failed.contains_key("plain.ratelimit.remaining"),
        "{failed:#?}"
    );
    let query = &spans[1].fields;
    assert_eq!(query["otel.name"], "query GetMyWorkspace");
    assert_eq!(query["graphql.operation.type"], "query");
    assert!(!query.contains_key("otel.status_code"), "{query:#?}");
    mock.finish().unwrap();
}
