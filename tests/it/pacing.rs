//! Pacing against a mock that enforces a rate limit: unpaced tasks meet
//! 429s, paced ones spread the same work over the windows and meet none.

use std::sync::Arc;
use std::time::Duration;

use plain_sdk::operations::UpsertCustomer;
use plain_sdk::pacing::{Pacer, PacingStore};
use plain_sdk::testing::{Answer, MockPlain};
use plain_sdk::PlainClient;

/// The mock's budget: 20 requests per 2-second window.
pub(crate) const LIMIT: u32 = 20;
pub(crate) const WINDOW: Duration = Duration::from_secs(2);

pub(crate) async fn limited_mock() -> MockPlain {
    let mock = MockPlain::builder()
        .rate_limit(LIMIT, WINDOW)
        .start()
        .await
        .unwrap();
    mock.on::<UpsertCustomer>().respond(Answer::generated());
    mock
}

pub(crate) fn upsert(n: usize) -> plain_sdk::operations::UpsertCustomerInput {
    use plain_sdk::operations::*;
    let id = format!("c-{n}");
    UpsertCustomerInput::new(
        UpsertCustomerIdentifierInput::new().external_id(id.clone()),
        UpsertCustomerOnCreateInput::new(id, EmailAddressInput::new("c@example.com", true)),
        UpsertCustomerOnUpdateInput::new(),
    )
}

/// Upserts customers `from..to` with `tasks` calls in flight; returns how many failed.
pub(crate) async fn upsert_all(
    client: &PlainClient,
    from: usize,
    to: usize,
    tasks: usize,
) -> usize {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(from));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let (client, next) = (client.clone(), Arc::clone(&next));
        workers.spawn(async move {
            let mut failed = 0;
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= to {
                    return failed;
                }
                failed += usize::from(client.upsert_customer(upsert(n)).await.is_err());
            }
        });
    }
    let mut failed = 0;
    while let Some(joined) = workers.join_next().await {
        failed += joined.unwrap();
    }
    failed
}

/// A pacer for the mock's window, starting at its limit.
pub(crate) fn pacer(store: Option<Arc<dyn PacingStore>>, key: &str) -> Pacer {
    let pacer = match store {
        Some(store) => Pacer::with_shared_store(store),
        None => Pacer::new(),
    };
    pacer
        .key(key.to_owned())
        .window(WINDOW)
        .initial_limit(LIMIT)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpaced_tasks_meet_429s() {
    let mock = limited_mock().await;
    let client = mock.client();
    upsert_all(&client, 0, 3 * LIMIT as usize, 8).await;
    assert!(mock.rate_limited() > 0);
    assert_eq!(client.stats().rate_limited, mock.rate_limited());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paced_tasks_spread_over_the_windows_and_meet_none() {
    let mock = limited_mock().await;
    let client = mock
        .client_builder()
        .pacing(pacer(None, "k"))
        .build()
        .unwrap();
    let count = 30;
    assert_eq!(upsert_all(&client, 0, count, 8).await, 0);
    let stats = client.stats();
    assert_eq!((stats.rate_limited, mock.rate_limited()), (0, 0));
    assert_eq!(stats.requests, count as u64);
    assert!(stats.paced > Duration::ZERO, "{stats:?}");
    mock.finish().unwrap();
}
