//! The peer-benchmark driver for this crate: `createThreadEvent` with Plain's
//! docs example, through [`PlainClient`], following the driver contract of
//! `../shared/peerbench` (see its README):
//!
//! ```sh
//! cargo run --release --example peer_driver -- --url URL --requests 20000 --concurrency 32 --warmup 1000
//! ```
//!
//! Prints one JSON line; exits 1 if any call fails. `scripts/peerbench` runs
//! it beside the TypeScript SDK and the raw drivers.

#[path = "support.rs"]
mod peer;

use std::sync::Arc;

use plain_sdk::PlainClient;

fn main() {
    let args = peer::parse_args("peer_driver");
    let runtime = peer::runtime(&args);
    runtime.block_on(async {
        let client = PlainClient::builder("plainApiKey_peerbench")
            .base_url(&args.url)
            .build()
            .unwrap_or_else(|e| peer::die("peer_driver", &e.to_string()));
        // Built once, like the TypeScript driver's input object.
        let input = Arc::new(peer::docs_example_input());
        let call = move || {
            let (client, input) = (client.clone(), Arc::clone(&input));
            async move {
                let event = client
                    .create_thread_event((*input).clone())
                    .await
                    .map_err(|e| e.to_string())?;
                if event.id.is_empty() {
                    return Err("the threadEvent in the response has no id".to_owned());
                }
                Ok(())
            }
        };
        peer::drive("rust", "sdk", &args, call).await;
    });
}
