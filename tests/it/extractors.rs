//! The axum extractors against a real server on 127.0.0.1 (feature `axum`).
//!
//! Run with `cargo test --all-features` (or `--features axum`).

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use plain_sdk::axum::{PlainCardRequest, PlainWebhook};
use plain_sdk::cards::{CustomerCard, CustomerCardResponse};
use plain_sdk::ui;
use plain_sdk::webhooks::{sign, Event, Verifier, SIGNATURE_HEADER};
use serde_json::{json, Value};

const SECRET: &str = "axum-test-secret";
const THREAD_CREATED: &str = include_str!("../../examples/support/thread_created.json");
const EMAIL_RECEIVED: &str = include_str!("../../examples/support/email_received.json");

/// The delivery attempt time of the bundled payloads.
fn delivered_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(1_776_766_530_123)
}

async fn webhook(PlainWebhook(request): PlainWebhook) -> String {
    match &request.event {
        Event::ThreadCreated(created) => format!("created {}", created.thread.id),
        Event::EmailReceived(received) => {
            format!("email {}", received.email.subject.as_deref().unwrap_or(""))
        }
        other => format!("other {}", other.event_type()),
    }
}

async fn cards(PlainCardRequest(request): PlainCardRequest) -> CustomerCardResponse {
    let cards = request.card_keys.iter().filter_map(|key| {
        CustomerCard::new(
            key.clone(),
            [ui::text(format!("for {}", request.customer.email)).into()],
        )
        .ok()
    });
    CustomerCardResponse::new(cards)
}

/// A server on 127.0.0.1 that stops when dropped.
struct Server {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn start(verifier: Verifier) -> Server {
    let app = Router::new()
        .route("/webhooks", post(webhook))
        .route("/cards", post(cards))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .with_state(verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server { addr, task }
}

async fn send(
    server: &Server,
    path: &str,
    body: Vec<u8>,
    signature: Option<&str>,
) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{}{path}", server.addr))
        .timeout(Duration::from_secs(10))
        .body(body);
    if let Some(signature) = signature {
        request = request.header(SIGNATURE_HEADER, signature);
    }
    let response = request.send().await.unwrap();
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    (status, response.text().await.unwrap())
}

async fn post_signed(server: &Server, path: &str, body: Vec<u8>) -> (StatusCode, String) {
    let signature = sign(SECRET, &body);
    send(server, path, body, Some(&signature)).await
}

fn edited(json: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_str(json).unwrap();
    edit(&mut value);
    serde_json::to_vec(&value).unwrap()
}

/// Every test gets 30 s at most.
async fn bounded<F: std::future::Future<Output = ()>>(test: F) {
    tokio::time::timeout(Duration::from_secs(30), test)
        .await
        .expect("the test finished within 30 s");
}

#[tokio::test]
async fn webhooks_are_verified_and_typed() {
    bounded(async {
        let server = start(Verifier::new(SECRET).clock(delivered_at)).await;

        let (status, text) = post_signed(&server, "/webhooks", THREAD_CREATED.into()).await;
        assert_eq!(
            (status, text.as_str()),
            (StatusCode::OK, "created th_01JS8Q5B7W3E9T2KXR4M6A0ZPD")
        );

        let (status, text) = post_signed(&server, "/webhooks", EMAIL_RECEIVED.into()).await;
        assert_eq!(
            (status, text.as_str()),
            (StatusCode::OK, "email Cannot export invoices as CSV")
        );
    })
    .await;
}

#[tokio::test]
async fn bad_requests_get_a_proper_4xx() {
    bounded(async {
        let server = start(Verifier::new(SECRET).clock(delivered_at)).await;
        let body = THREAD_CREATED.as_bytes().to_vec();

        // Signature problems: 401.
        let (status, text) = send(&server, "/webhooks", body.clone(), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(text.starts_with("signature: "), "{text}");
        let wrong = sign("wrong", &body);
        let (status, _) = send(&server, "/webhooks", body.clone(), Some(&wrong)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = send(&server, "/webhooks", body.clone(), Some("xyz")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = send(&server, "/webhooks", Vec::new(), Some(&sign(SECRET, b""))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        // Expired: 401.
        let later = Verifier::new(SECRET).clock(|| delivered_at() + Duration::from_secs(3600));
        let late_server = start(later).await;
        let (status, text) = post_signed(&late_server, "/webhooks", body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(text.starts_with("expired: "), "{text}");

        // Malformed: 400, naming the path.
        let malformed = edited(THREAD_CREATED, |v| {
            v["payload"]["thread"]["title"] = json!(1)
        });
        let (status, text) = post_signed(&server, "/webhooks", malformed).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text.contains("payload.thread.title"), "{text}");

        // Another version that does not decode: 422.
        let mismatch = edited(THREAD_CREATED, |v| {
            v["webhookMetadata"]["webhookTargetVersion"] = json!("2099-01-01");
            v["payload"]["thread"]["title"] = json!(1);
        });
        let (status, text) = post_signed(&server, "/webhooks", mismatch).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text.contains("2099-01-01"), "{text}");

        // Over the body limit: 413, before any verification.
        let (status, _) = post_signed(&server, "/webhooks", vec![b' '; 100 * 1024]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    })
    .await;
}

#[tokio::test]
async fn a_missing_secret_is_a_server_error() {
    bounded(async {
        let server = start(Verifier::new("")).await;
        let (status, _) = post_signed(&server, "/webhooks", THREAD_CREATED.into()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    })
    .await;
}

#[tokio::test]
async fn customer_cards_are_answered() {
    bounded(async {
        let server = start(Verifier::new(SECRET)).await;
        let request = json!({
            "cardKeys": ["plan"],
            "customer": {"id": "c_01JS8PZ0V6N4Q8H2M5K7T3XWBE", "email": "ada@example.com"},
            "thread": null
        });
        let body = serde_json::to_vec(&request).unwrap();
        let (status, text) = post_signed(&server, "/cards", body.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json!({"cards": [{"key": "plan", "components": [{"componentText": {"text": "for ada@example.com"}}]}]})
        );

        let (status, _) = send(&server, "/cards", body, Some(&sign("wrong", b"x"))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let (status, text) = post_signed(&server, "/cards", br#"{"cardKeys":"plan"}"#.to_vec()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text.contains("cardKeys"), "{text}");
    })
    .await;
}
