//! What the two axum examples share: options, a loopback listener with a
//! bounded lifetime, the secret, and signed requests for the demo mode.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use plain_sdk::webhooks::{sign, SIGNATURE_HEADER};

/// Used when `PLAIN_REQUEST_SIGNING_SECRET` is not set: for trying the
/// example only.
pub const DEMO_SECRET: &str = "demo-request-signing-secret";

pub struct Options {
    /// Send itself a few signed requests, print the answers and stop.
    pub demo: bool,
    /// Port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// How long to serve before stopping by itself.
    pub lifetime: Duration,
}

impl Options {
    /// The options, or the exit code of a command line that does not parse
    /// (after saying why).
    pub fn from_args_or_exit(default_port: u16) -> Result<Options, ExitCode> {
        Options::from_args(default_port).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        })
    }

    pub fn from_args(default_port: u16) -> Result<Options, String> {
        let mut options = Options {
            demo: false,
            port: default_port,
            lifetime: Duration::from_secs(600),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--demo" => options.demo = true,
                "--port" => {
                    options.port = args
                        .next()
                        .and_then(|p| p.parse().ok())
                        .ok_or("--port takes a port number")?;
                }
                "--seconds" => {
                    let seconds: u64 = args
                        .next()
                        .and_then(|s| s.parse().ok())
                        .ok_or("--seconds takes a whole number of seconds")?;
                    options.lifetime = Duration::from_secs(seconds);
                }
                other => {
                    return Err(format!(
                        "unknown argument {other:?} (options: --demo, --port N, --seconds N)"
                    ))
                }
            }
        }
        if options.demo {
            options.port = 0;
        }
        Ok(options)
    }
}

/// The request-signing secret: `PLAIN_REQUEST_SIGNING_SECRET`, or the demo
/// secret (and `false`).
pub fn secret() -> (String, bool) {
    match std::env::var("PLAIN_REQUEST_SIGNING_SECRET") {
        Ok(secret) if !secret.is_empty() => (secret, true),
        _ => (DEMO_SECRET.to_owned(), false),
    }
}

/// Serves `app` on 127.0.0.1 until `lifetime` has passed; returns the
/// address and the server's task.
pub async fn start(
    app: axum::Router,
    port: u16,
    lifetime: Duration,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(tokio::time::sleep(lifetime))
            .await
    });
    Ok((addr, server))
}

/// A service `launch` started with `--demo`: where it listens, and the
/// secret it verifies with.
pub struct Demo {
    pub url: String,
    pub secret: String,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Demo {
    /// Stops the service and says how the demo went.
    pub fn finish(self, ok: bool) -> ExitCode {
        self.server.abort();
        if ok {
            println!("demo: every answer as expected");
            ExitCode::SUCCESS
        } else {
            println!("demo: unexpected answers");
            ExitCode::FAILURE
        }
    }
}

/// Parses the options, reads the secret and starts `app(secret)` on
/// 127.0.0.1, answering at `path`. Without `--demo` it serves until its
/// lifetime ends and the example is done: `Err` with the exit code (as when
/// the options or the listener fail). With `--demo`, the running service.
/// `sent` names what Plain sends it, for the line about the demo secret.
pub async fn launch(
    default_port: u16,
    path: &str,
    sent: &str,
    app: impl FnOnce(&str) -> axum::Router,
) -> Result<Demo, ExitCode> {
    let options = Options::from_args_or_exit(default_port)?;
    let (secret, from_env) = secret();
    let (addr, server) = start(app(&secret), options.port, options.lifetime)
        .await
        .map_err(|e| {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            ExitCode::FAILURE
        })?;
    let url = format!("http://{addr}{path}");
    if options.demo {
        println!("demo: service on {url}");
        return Ok(Demo {
            url,
            secret,
            server,
        });
    }
    println!("listening on {url} for {} s", options.lifetime.as_secs());
    if !from_env {
        println!("(demo secret {DEMO_SECRET:?}: set PLAIN_REQUEST_SIGNING_SECRET for real {sent})");
    }
    Err(match server.await {
        Ok(Ok(())) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// POSTs `body` to `url`, signed with `secret`; returns status and body.
pub async fn post_signed(
    url: &str,
    body: Vec<u8>,
    secret: &str,
) -> Result<(u16, String), reqwest::Error> {
    let signature = sign(secret, &body);
    let response = reqwest::Client::new()
        .post(url)
        .header(SIGNATURE_HEADER, signature)
        .header("content-type", "application/json")
        .timeout(Duration::from_secs(15))
        .body(body)
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.text().await?))
}

/// A bundled webhook delivery with its delivery attempt stamped now, as
/// Plain would send it.
pub fn fresh_delivery(json: &str) -> Result<Vec<u8>, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_str(json)?;
    value["webhookMetadata"]["webhookDeliveryAttemptTimestamp"] = now_rfc3339().into();
    serde_json::to_vec(&value)
}

/// The current time as RFC 3339 (UTC, milliseconds).
pub fn now_rfc3339() -> String {
    plain_sdk::time::format_rfc3339(SystemTime::now())
}
