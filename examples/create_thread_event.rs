//! Plain's documented createThreadEvent example, in Rust.
//!
//! With `PLAIN_API_KEY` (and optionally `PLAIN_API_URL`) set, it talks to that
//! endpoint. With neither set, it starts `plain_sdk::testing::MockPlain` on
//! 127.0.0.1 (which checks the request against Plain's schema as Plain
//! would) and runs against it, so the whole path can be seen working on a
//! fresh machine:
//!
//! ```sh
//! cargo run --example create_thread_event --features testing
//! ```
//!
//! Prints the created ThreadEvent as JSON, then sends the same create again:
//! its `externalId` makes Plain refuse it (a `MutationError`, printed on
//! stderr). Any other error is printed as one line with its kind, attempts
//! and request id, and the exit status is 1.

use std::process::ExitCode;

use plain_sdk::operations::CreateThreadEventInput;
use plain_sdk::testing::{MockPlain, Seed, SeedThread};
use plain_sdk::{ui, ErrorKind, PlainClient};

/// The thread of Plain's documented example.
const THREAD_ID: &str = "th_01HB924RWAW8H3Q8KZDFWYBJHZ";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: kind={} attempts={} request_id={}: {e}",
                e.kind_name(),
                e.attempts(),
                e.request_id().unwrap_or("none"),
            );
            ExitCode::FAILURE
        }
    }
}

async fn run() -> plain_sdk::Result<()> {
    // Kept alive until the end of `run`: the mock lives in this process.
    let (client, local) = client().await?;

    let input = || -> plain_sdk::Result<CreateThreadEventInput> {
        let components = ui::event_components([
            ui::text(
                "New API key was added with the fingerprint **3b7896975ee9fd15eeb7** \
                 with 4 associated roles.",
            )
            .into(),
            ui::spacer(ui::SpacerSize::M).into(),
            ui::link_button("View in admin", "https://admin.your-app.com").into(),
        ])?;
        Ok(
            CreateThreadEventInput::new(THREAD_ID, "API key generated", components)
                // Idempotency key: a second create with it fails.
                .external_id("ex-id-1"),
        )
    };
    let thread_event = client.create_thread_event(input()?).await?;
    let json = serde_json::to_string_pretty(&thread_event).map_err(|e| ErrorKind::Config {
        message: e.to_string(),
    })?;
    println!("{json}");
    // Plain's `ThreadEvent` has no `externalId` field to select (schema of
    // 2026-08-09), so the answer cannot show it; the local workspace can.
    if let Some(mock) = &local {
        let kept = mock.thread_events();
        if let Some(external_id) = kept.last().and_then(|e| e["externalId"].as_str()) {
            eprintln!(
                "MockPlain keeps {} with externalId {external_id:?}",
                thread_event.id
            );
        }
    }

    match client.create_thread_event(input()?).await {
        Err(error) if matches!(error.kind(), ErrorKind::Mutation { .. }) => {
            eprintln!("the same externalId again: refused, as it should be: {error}");
            Ok(())
        }
        Err(other) => Err(other),
        Ok(again) => {
            eprintln!(
                "the same externalId again: created {} (this endpoint does not enforce externalId)",
                again.id
            );
            Ok(())
        }
    }
}

/// The configured client, or one for a `MockPlain` when nothing is configured.
async fn client() -> plain_sdk::Result<(PlainClient, Option<MockPlain>)> {
    let configured =
        std::env::var_os("PLAIN_API_KEY").is_some() || std::env::var_os("PLAIN_API_URL").is_some();
    if configured {
        return Ok((PlainClient::from_env()?, None));
    }
    // A workspace in memory that holds the example's thread: the event
    // comes back as Plain makes it (a `tev_` id, the components as sent,
    // the API key's machine user as its author).
    let seed = Seed {
        threads: vec![SeedThread {
            id: THREAD_ID.to_owned(),
            customer_id: None,
            title: None,
        }],
        ..Seed::default()
    };
    let mock = MockPlain::builder()
        .stateful(seed)
        .start()
        .await
        .map_err(|e| ErrorKind::Config {
            message: format!("could not start MockPlain: {e}"),
        })?;
    eprintln!(
        "PLAIN_API_KEY is not set: using MockPlain, a local stand-in for Plain, at {}",
        mock.url()
    );
    Ok((mock.client(), Some(mock)))
}
