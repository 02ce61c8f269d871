//! `RedisStore` against a real redis-server: `scripts/with-redis` (the
//! README's test command, and `.ci/run`) starts one on 127.0.0.1 and names
//! it in `PLAIN_SDK_REDIS_URL`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use plain_sdk::pacing::{PacingStore, Reservation};
use plain_sdk::redis::RedisStore;
use plain_sdk::testing::WebhookDelivery;
use plain_sdk::webhooks::{Deduplicator, SeenStore, Verifier};

use super::pacing::{limited_mock, pacer, upsert_all, LIMIT};

async fn store() -> RedisStore {
    let url = std::env::var("PLAIN_SDK_REDIS_URL").expect(
        "PLAIN_SDK_REDIS_URL names the redis-server these tests use: run the tests with \
         scripts/with-redis cargo test --workspace --all-features, which starts one \
         (Debian's redis-server package)",
    );
    RedisStore::connect(&url)
        .await
        .expect("redis-server answers")
}

/// A key no other test or run uses.
fn unique(name: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("plain-sdk-test:{name}:{}:{nanos}", std::process::id())
}

#[tokio::test]
async fn redis_grants_what_reservation_grant_decides() {
    let store = store().await;
    let key = unique("grant");
    let at = |ms: u64| UNIX_EPOCH + Duration::from_millis(ms);
    let ms = Duration::from_millis;
    let base = 1_800_000_000_000u64;
    // One schedule, asked in turn: each row's stored slot is the last row's next one.
    let rows = [
        Reservation::new(at(base), at(0), ms(100)),
        Reservation::new(at(base), at(0), ms(100)),
        Reservation::new(at(base + 1_000), at(0), ms(100)),
        Reservation::new(at(base + 1_000), at(base + 5_000), ms(100)),
        Reservation::new(at(base + 1_000), at(0), ms(0)),
    ];
    let mut stored = None;
    for (i, reservation) in rows.into_iter().enumerate() {
        let (slot, next) = reservation.grant(stored);
        assert_eq!(
            store.reserve(&key, reservation).await.unwrap(),
            slot,
            "row {i}"
        );
        stored = Some(next);
    }
}

#[tokio::test]
async fn a_redis_that_is_not_there_is_a_typed_error() {
    let error = RedisStore::connect("redis://127.0.0.1:1/")
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("could not connect to Redis"),
        "{error}"
    );
    let error = RedisStore::connect("not a url").await.unwrap_err();
    assert!(error.to_string().contains("is not a Redis URL"), "{error}");
}

/// Two replicas, each with its own client and Redis connection, one budget:
/// together they meet no 429.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_sharing_redis_share_one_budget() {
    let mock = limited_mock().await;
    let key = unique("pacing");
    let one = mock
        .client_builder()
        .pacing(pacer(Some(Arc::new(store().await)), &key))
        .build()
        .unwrap();
    let two = mock
        .client_builder()
        .pacing(pacer(Some(Arc::new(store().await)), &key))
        .build()
        .unwrap();
    let half = LIMIT as usize;
    let (failed_one, failed_two) = tokio::join!(
        upsert_all(&one, 0, half, 4),
        upsert_all(&two, half, 2 * half, 4)
    );
    assert_eq!((failed_one, failed_two), (0, 0));
    assert_eq!(mock.rate_limited(), 0);
    assert_eq!(one.stats().requests + two.stats().requests, 2 * half as u64);
    mock.finish().unwrap();
}

/// The same delivery arriving at two replicas: one handles it.
#[tokio::test]
async fn the_same_delivery_at_two_replicas_is_handled_once() {
    let prefix = unique("webhook") + ":";
    let window = Duration::from_secs(60);
    let replica =
        |store: RedisStore| Deduplicator::with_store(store, window).prefix(prefix.clone());
    let (one, two) = (replica(store().await), replica(store().await));

    let verifier = Verifier::new(SECRET);
    let delivery = WebhookDelivery::sample("thread.thread_created").unwrap();
    // Plain sends it twice, and each replica verifies what it got.
    let at_one = received(&verifier, &delivery);
    let at_two = received(&verifier, &delivery);
    assert!(one.is_first(&at_one).await);
    assert!(!two.is_first(&at_two).await);
    assert!(!one.is_first(&at_one).await);
    // Another event is new to both.
    let mut body: serde_json::Value = serde_json::from_slice(delivery.body()).unwrap();
    body["id"] = "ev_another".into();
    let other = received(&verifier, &WebhookDelivery::from_body(body).unwrap());
    assert_ne!(other.id, at_one.id);
    assert!(two.is_first(&other).await);
}

const SECRET: &str = "whsec_test";

fn received(
    verifier: &Verifier,
    delivery: &WebhookDelivery,
) -> plain_sdk::webhooks::WebhookRequest {
    verifier
        .verify_and_parse(delivery.body(), &delivery.signature(SECRET))
        .unwrap()
}

#[tokio::test]
async fn an_id_is_new_again_after_its_window() {
    let store = store().await;
    let key = unique("expiry");
    let window = Duration::from_millis(200);
    assert!(store.first_sighting(&key, window).await.unwrap());
    assert!(!store.first_sighting(&key, window).await.unwrap());
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(store.first_sighting(&key, window).await.unwrap());
}
