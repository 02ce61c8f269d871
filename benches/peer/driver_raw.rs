//! The floor for the peer benchmark: plain reqwest sending exactly the bytes
//! and headers this crate sends for `createThreadEvent` (captured once, from
//! the crate itself, by a one-shot listener on 127.0.0.1), and reading the
//! answer as untyped JSON, like the TypeScript `raw_fetch` driver.
//! `peer_driver` minus this is the SDK's own cost.
//!
//! ```sh
//! cargo run --release --example peer_driver_raw -- --url URL --requests 20000 --concurrency 32 --warmup 1000
//! ```

#[path = "support.rs"]
mod peer;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use plain_sdk::PlainClient;

const DRIVER: &str = "peer_driver_raw";

fn main() {
    let args = peer::parse_args(DRIVER);
    let runtime = peer::runtime(&args);
    runtime.block_on(async {
        let (headers, body) = capture()
            .await
            .unwrap_or_else(|e| peer::die(DRIVER, &format!("capture failed: {e}")));
        // The same pool behaviour as the crate's own client.
        let http = reqwest::Client::builder()
            .connect_timeout(plain_sdk::DEFAULT_CONNECT_TIMEOUT)
            .default_headers(headers)
            .build()
            .unwrap_or_else(|e| peer::die(DRIVER, &e.to_string()));
        let url =
            reqwest::Url::parse(&args.url).unwrap_or_else(|e| peer::die(DRIVER, &e.to_string()));
        let call = move || {
            let request = http.post(url.clone()).body(body.clone());
            async move {
                let response = request.send().await.map_err(|e| e.to_string())?;
                let status = response.status();
                let bytes = response.bytes().await.map_err(|e| e.to_string())?;
                let json: Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
                let ok = status == 200
                    && json.get("errors").is_none()
                    && json["data"]["createThreadEvent"]["threadEvent"]["id"].is_string();
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "HTTP {status}: {}",
                        String::from_utf8_lossy(&bytes)
                    ))
                }
            }
        };
        peer::drive("rust_raw_reqwest", "raw", &args, call).await;
    });
}

/// Runs one `create_thread_event` through the crate against a listener that
/// records the request, and returns its headers (less `host` and
/// `content-length`) and body.
async fn capture() -> std::io::Result<(HeaderMap, Bytes)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/graphql/v1", listener.local_addr()?);
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await?;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        let (head_end, length) = loop {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                break (i + 4, length);
            }
        };
        while buf.len() < head_end + length {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let answer = br#"{"data":null,"errors":[{"message":"captured"}]}"#;
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            answer.len()
        );
        stream.write_all(response.as_bytes()).await?;
        stream.write_all(answer).await?;
        stream.shutdown().await?;
        Ok::<_, std::io::Error>((buf, head_end, length))
    });
    let client = PlainClient::builder("plainApiKey_peerbench")
        .base_url(url)
        .build()
        .map_err(std::io::Error::other)?;
    // The answer is an error on purpose: only the request matters.
    let _ = client.create_thread_event(peer::docs_example_input()).await;
    let (buf, head_end, length) = server.await.map_err(std::io::Error::other)??;

    let head = String::from_utf8_lossy(&buf[..head_end]);
    let mut headers = HeaderMap::new();
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || name == "host" || name == "content-length" {
            continue;
        }
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(std::io::Error::other)?;
        let value = HeaderValue::from_str(value.trim()).map_err(std::io::Error::other)?;
        headers.append(name, value);
    }
    let body = Bytes::copy_from_slice(&buf[head_end..head_end + length]);
    Ok((headers, body))
}
