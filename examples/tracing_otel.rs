//! The client's spans exported with `tracing-opentelemetry`, to stdout.
//!
//! ```sh
//! cargo run --example tracing_otel --features testing
//! ```
//!
//! With `PLAIN_API_KEY` (and optionally `PLAIN_API_URL`) set, it calls that
//! endpoint; with neither, `MockPlain` on 127.0.0.1, which answers the first
//! call with a 503 so that the span shows a retry. Three calls (a query, an
//! upsert retried once, a mutation Plain refuses) each become one
//! OpenTelemetry client span, printed by `opentelemetry-stdout` with its
//! attributes (`graphql.operation.name`, `http.response.status_code`,
//! `plain.request_id` …), its events and its status.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use plain_sdk::operations::{
    EmailAddressInput, GetMyWorkspace, MarkThreadAsDoneInput, UpsertCustomer,
    UpsertCustomerIdentifierInput, UpsertCustomerInput, UpsertCustomerOnCreateInput,
    UpsertCustomerOnUpdateInput,
};
use plain_sdk::testing::{Answer, MockPlain, MutationFailure};
use plain_sdk::PlainClient;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(opentelemetry_stdout::SpanExporter::default())
        .build();
    let spans = tracing_opentelemetry::layer()
        .with_tracer(provider.tracer("plain-sdk-example"))
        .with_location(false)
        .with_threads(false)
        .with_target(false);
    // INFO and up: the client's spans and retries, not its HTTP stack's chatter.
    let subscriber = tracing_subscriber::registry()
        .with(LevelFilter::INFO)
        .with(spans);
    tracing::subscriber::set_global_default(subscriber)?;

    let (client, _mock) = client().await?;
    client.get_my_workspace().await?;
    let customer = UpsertCustomerInput::new(
        UpsertCustomerIdentifierInput::new().external_id("c-1"),
        UpsertCustomerOnCreateInput::new("Ada", EmailAddressInput::new("ada@example.com", true)),
        UpsertCustomerOnUpdateInput::new(),
    );
    client.upsert_customer(customer).await?;
    // A failure is recorded on its span: error.type and an ERROR status.
    let refused = client
        .mark_thread_as_done(MarkThreadAsDoneInput::new("th_01HB924RWAW8H3Q8KZDFWYBJHZ"))
        .await;
    println!(
        "markThreadAsDone: {}",
        refused.map_or_else(|e| e.kind_name(), |_| "ok")
    );

    provider.shutdown()?;
    Ok(())
}

/// The configured client, or one for a `MockPlain` when nothing is configured.
async fn client() -> Result<(PlainClient, Option<MockPlain>), Box<dyn std::error::Error>> {
    let configured =
        std::env::var_os("PLAIN_API_KEY").is_some() || std::env::var_os("PLAIN_API_URL").is_some();
    if configured {
        return Ok((PlainClient::from_env()?, None));
    }
    let mock = MockPlain::start().await?;
    mock.on::<GetMyWorkspace>().respond(Answer::generated());
    mock.on::<UpsertCustomer>()
        .respond_in_order([Answer::status(503), Answer::generated()]);
    mock.on_operation("MarkThreadAsDone")
        .respond(Answer::mutation_error(MutationFailure::forbidden(
            "The machine user lacks the thread:edit permission",
        )));
    Ok((mock.client(), Some(mock)))
}
