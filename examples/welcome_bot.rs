//! A small support service end to end: an axum endpoint verifies Plain's
//! webhook for a new thread and answers by posting a thread event on that
//! thread (the call of Plain's docs), with an `externalId` made from the
//! thread's id so that a repeated delivery never posts twice.
//!
//! ```sh
//! # Against a local stand-in for Plain (no key needed): the stateful
//! # MockPlain delivers the webhook of a thread it creates to this service,
//! # and the service's event shows up in that thread's timeline.
//! cargo run --example welcome_bot --features axum,testing
//!
//! # Against Plain: serve on 127.0.0.1:8788 for ten minutes (--port,
//! # --seconds to change) and point a webhook target at /plain/webhooks.
//! PLAIN_API_KEY=... PLAIN_REQUEST_SIGNING_SECRET=... \
//!   cargo run --example welcome_bot --features axum,testing
//! ```

#[path = "support/serve.rs"]
mod serve;

use std::process::ExitCode;
use std::time::Duration;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use plain_sdk::axum::PlainWebhook;
use plain_sdk::operations::{
    CreateThreadInput, CreateWebhookTargetInput, CustomerIdentifierInput, EmailAddressInput,
    UpsertCustomerIdentifierInput, UpsertCustomerInput, UpsertCustomerOnCreateInput,
    UpsertCustomerOnUpdateInput, WebhookTargetEventSubscriptionInput,
};
use plain_sdk::testing::{MockPlain, Seed};
use plain_sdk::webhooks::{Event, Verifier};
use plain_sdk::{ui, Error, PlainClient};

/// What the handler needs: the verifier (for the extractor) and a client.
#[derive(Clone)]
struct Bot {
    verifier: Verifier,
    plain: PlainClient,
}

impl FromRef<Bot> for Verifier {
    fn from_ref(bot: &Bot) -> Verifier {
        bot.verifier.clone()
    }
}

/// Answers a new thread with a welcome event. Plain waits for the answer,
/// so the call to Plain runs in its own task; the thread event's
/// `externalId` makes a redelivered webhook harmless.
async fn webhook(State(bot): State<Bot>, PlainWebhook(request): PlainWebhook) -> StatusCode {
    if let Event::ThreadCreated(created) = request.event {
        let thread_id = created.thread.id;
        let name = created.thread.customer.full_name;
        tokio::spawn(async move {
            match welcome(&bot.plain, &thread_id, &name).await {
                Ok(id) => println!("[bot] welcomed {name} on {thread_id}: {id}"),
                Err(e)
                    if e.mutation_error()
                        .is_some_and(|m| m.fields.iter().any(|f| f.field == "externalId")) =>
                {
                    println!("[bot] {thread_id} was welcomed already")
                }
                Err(e) => eprintln!("[bot] could not welcome {name} on {thread_id}: {e}"),
            }
        });
    }
    StatusCode::OK
}

/// Posts the welcome event on `thread_id`; its id.
async fn welcome(plain: &PlainClient, thread_id: &str, name: &str) -> plain_sdk::Result<String> {
    let components = ui::event_components([ui::text(format!(
        "Hi {name}, thanks for writing: we reply within a day."
    ))
    .into()])?;
    let input =
        plain_sdk::operations::CreateThreadEventInput::new(thread_id, "Welcome sent", components)
            .external_id(format!("welcome-{thread_id}"));
    Ok(plain.create_thread_event(input).await?.id)
}

fn app(bot: Bot) -> Router {
    Router::new()
        .route("/plain/webhooks", post(webhook))
        .with_state(bot)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match serve::Options::from_args_or_exit(8788) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let result = if std::env::var_os("PLAIN_API_KEY").is_some() {
        serve_plain(&options).await
    } else {
        against_mock_plain().await
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::FAILURE
        }
    }
}

/// Serves Plain's deliveries with the configured key and secret.
async fn serve_plain(options: &serve::Options) -> Result<(), String> {
    let plain = PlainClient::from_env().map_err(|e| e.to_string())?;
    let (secret, _) = serve::secret();
    let bot = Bot {
        verifier: Verifier::new(secret),
        plain,
    };
    let (addr, server) = serve::start(app(bot), options.port, options.lifetime)
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
    println!(
        "listening on http://{addr}/plain/webhooks for {} s",
        options.lifetime.as_secs()
    );
    server
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

/// The whole loop on this machine: a stateful MockPlain, the service, a
/// webhook target pointing at it, and a customer opening a thread.
async fn against_mock_plain() -> Result<(), String> {
    let mock = MockPlain::builder()
        .stateful(Seed::default())
        .signing_secret(serve::DEMO_SECRET)
        .start()
        .await
        .map_err(|e| format!("could not start MockPlain: {e}"))?;
    eprintln!(
        "PLAIN_API_KEY is not set: using MockPlain at {}",
        mock.url()
    );
    let bot = Bot {
        verifier: Verifier::new(mock.signing_secret()),
        plain: mock.client(),
    };
    let (addr, server) = serve::start(app(bot), 0, Duration::from_secs(60))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let plain = mock.client();
    let failed = |e: Error| e.to_string();
    plain
        .create_webhook_target(CreateWebhookTargetInput::new(
            format!("http://{addr}/plain/webhooks"),
            vec![WebhookTargetEventSubscriptionInput::new(
                "thread.thread_created",
            )],
            true,
            "welcome bot",
        ))
        .await
        .map_err(failed)?;
    let customer = plain
        .upsert_customer(UpsertCustomerInput::new(
            UpsertCustomerIdentifierInput::new().email_address("ada@example.com"),
            UpsertCustomerOnCreateInput::new(
                "Ada Lovelace",
                EmailAddressInput::new("ada@example.com", true),
            ),
            UpsertCustomerOnUpdateInput::new(),
        ))
        .await
        .map_err(failed)?
        .customer
        .ok_or("upsertCustomer answered no customer")?;
    let thread = plain
        .create_thread(
            CreateThreadInput::new(CustomerIdentifierInput::new().customer_id(customer.id))
                .title("Where is my invoice?"),
        )
        .await
        .map_err(failed)?;
    println!("[customer] opened {} \"{}\"", thread.id, thread.title);

    // The delivery, the bot's call and its event: within seconds.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let event = loop {
        let events = mock.thread_events();
        if let Some(event) = events
            .into_iter()
            .find(|e| e["threadId"] == thread.id.as_str())
        {
            break event;
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("no event on {} after 20 s", thread.id));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    println!(
        "[plain] {}'s timeline: {} \"{}\" by {}",
        thread.id,
        text(&event["id"]),
        text(&event["title"]),
        text(&event["createdBy"]["__typename"])
    );
    server.abort();
    Ok(())
}
