//! An axum service that receives Plain's webhooks, verified and typed, and
//! handles `thread.thread_created` and `thread.email_received`.
//!
//! ```sh
//! # Try it: start on 127.0.0.1, send itself two signed deliveries and a
//! # forged one, print the answers, stop.
//! cargo run --example axum_webhooks --features axum -- --demo
//!
//! # Serve on 127.0.0.1:8787 for ten minutes (--port, --seconds to change).
//! PLAIN_REQUEST_SIGNING_SECRET=... cargo run --example axum_webhooks --features axum
//! ```
//!
//! The secret is the workspace's request-signing secret from Plain's
//! settings; without `PLAIN_REQUEST_SIGNING_SECRET` a demo secret is used.
//! Point a webhook target at `/plain/webhooks` (through a tunnel to this
//! loopback address, for a local trial).

#[path = "support/serve.rs"]
mod serve;

use std::process::ExitCode;

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use plain_sdk::axum::PlainWebhook;
use plain_sdk::webhooks::{Event, Verifier};

const THREAD_CREATED: &str = include_str!("support/thread_created.json");
const EMAIL_RECEIVED: &str = include_str!("support/email_received.json");

/// The handler: the extractor has already checked the signature and the
/// timestamp, and decoded the event.
async fn webhook(PlainWebhook(request): PlainWebhook) -> StatusCode {
    match &request.event {
        Event::ThreadCreated(created) => {
            let thread = &created.thread;
            println!(
                "[service] thread created: {} \"{}\" from {} <{}>",
                thread.id, thread.title, thread.customer.full_name, thread.customer.email.email
            );
        }
        Event::EmailReceived(received) => {
            let email = &received.email;
            println!(
                "[service] email received on {}: {:?} from {} ({} attachment(s))",
                received.thread.id,
                email.subject.as_deref().unwrap_or("(no subject)"),
                email.from.email,
                email.attachments.len()
            );
        }
        other => println!(
            "[service] {} {}: not handled",
            other.event_type(),
            request.id
        ),
    }
    // Any 2xx tells Plain the delivery arrived; answer quickly and do slow
    // work elsewhere. Deliveries may repeat: `request.id` tells duplicates.
    StatusCode::OK
}

fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/plain/webhooks", post(webhook))
        .with_state(verifier)
}

#[tokio::main]
async fn main() -> ExitCode {
    let demo = match serve::launch(8787, "/plain/webhooks", "deliveries", |secret| {
        app(Verifier::new(secret))
    })
    .await
    {
        Ok(demo) => demo,
        Err(code) => return code,
    };
    let (url, secret) = (&demo.url, &demo.secret);
    let mut ok = true;
    for (name, json, secret_used, expected) in [
        (
            "thread.thread_created",
            THREAD_CREATED,
            secret.as_str(),
            200,
        ),
        (
            "thread.email_received",
            EMAIL_RECEIVED,
            secret.as_str(),
            200,
        ),
        (
            "thread.thread_created, forged",
            THREAD_CREATED,
            "not-the-secret",
            401,
        ),
    ] {
        let body = match serve::fresh_delivery(json) {
            Ok(body) => body,
            Err(e) => {
                eprintln!("error: bundled payload: {e}");
                return ExitCode::FAILURE;
            }
        };
        match serve::post_signed(url, body, secret_used).await {
            Ok((status, text)) => {
                println!("[plain]   POST {name} -> {status} {}", text.trim());
                ok &= status == expected;
            }
            Err(e) => {
                eprintln!("error: POST {name}: {e}");
                ok = false;
            }
        }
    }
    demo.finish(ok)
}
