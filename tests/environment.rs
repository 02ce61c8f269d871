//! What the process environment does to the client: proxies and the
//! `PLAIN_*` variables. These tests change the environment, which every
//! thread of a process shares, so they live alone in this binary and run
//! one at a time under [`ENV`].
//!
//! Servers listen on 127.0.0.1, accept a bounded number of connections and
//! stop when their test ends.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plain_sdk::{PlainClient, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Held by each test for as long as it changes the environment.
static ENV: Mutex<()> = Mutex::new(());

const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// A server that answers every connection with `response` and counts them.
struct Canned {
    port: u16,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Canned {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn canned(response: &'static str) -> Canned {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    let task = tokio::spawn(async move {
        for _ in 0..8 {
            let Ok(Ok((mut stream, _))) =
                tokio::time::timeout(Duration::from_secs(10), listener.accept()).await
            else {
                return;
            };
            counted.fetch_add(1, Ordering::SeqCst);
            // Read what arrives within a moment (one small request), then answer.
            let mut buf = [0u8; 16 * 1024];
            let _ = tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buf)).await;
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    Canned {
        port,
        connections,
        task,
    }
}

const PLAIN_ANSWER: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 26\r\nconnection: close\r\n\r\n{\"data\":{\"customer\":null}}";
const PROXY_ANSWER: &str =
    "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 5\r\nconnection: close\r\n\r\nproxy";

#[test]
fn loopback_never_goes_through_a_proxy() {
    let _env = ENV.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(loopback_with_proxies_set());
}

async fn loopback_with_proxies_set() {
    let proxy = canned(PROXY_ANSWER).await;
    let plain = canned(PLAIN_ANSWER).await;
    for var in PROXY_VARS {
        std::env::set_var(var, format!("http://127.0.0.1:{}", proxy.port));
    }
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");

    let client = PlainClient::builder("plainApiKey_env")
        .base_url(format!("http://127.0.0.1:{}/graphql/v1", plain.port))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let customer = client.get_customer_by_id("c_1").await.unwrap();
    assert!(customer.is_none());
    assert_eq!(plain.connections.load(Ordering::SeqCst), 1);
    assert_eq!(
        proxy.connections.load(Ordering::SeqCst),
        0,
        "a loopback request went to the proxy"
    );

    // Any other host goes through the proxy from the environment, as reqwest
    // does it (the host is never resolved here: the proxy answers).
    let client = PlainClient::builder("plainApiKey_env")
        .base_url("http://plain.invalid/graphql/v1")
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.get_customer_by_id("c_1").await.unwrap_err();
    assert_eq!(error.status(), Some(502), "{error}");
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 1);

    for var in PROXY_VARS {
        std::env::remove_var(var);
    }
}

#[test]
fn variables_that_are_not_utf8_are_reported_as_such() {
    let _env = ENV.lock().unwrap_or_else(|e| e.into_inner());
    let not_utf8 = OsStr::from_bytes(b"plainApiKey_\xff");

    std::env::set_var("PLAIN_API_KEY", not_utf8);
    std::env::remove_var("PLAIN_API_URL");
    let error = PlainClient::from_env().unwrap_err();
    let shown = error.to_string();
    assert_eq!(error.kind_name(), "config");
    assert!(
        shown.contains("PLAIN_API_KEY is set but is not valid UTF-8"),
        "{shown}"
    );
    assert!(!shown.contains("not set"), "{shown}");

    std::env::set_var("PLAIN_API_KEY", "plainApiKey_ok");
    std::env::set_var("PLAIN_API_URL", not_utf8);
    let shown = PlainClient::from_env().unwrap_err().to_string();
    assert!(
        shown.contains("PLAIN_API_URL is set but is not valid UTF-8"),
        "{shown}"
    );

    std::env::remove_var("PLAIN_API_URL");
    assert!(PlainClient::from_env().is_ok());
    std::env::remove_var("PLAIN_API_KEY");
    let shown = PlainClient::from_env().unwrap_err().to_string();
    assert!(shown.contains("PLAIN_API_KEY is not set"), "{shown}");
}
