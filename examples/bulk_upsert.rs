//! A bulk job: upsert N customers with C calls in flight, optionally paced
//! to the workspace's rate limit (and sharing that pace with other
//! processes through Redis).
//!
//! ```sh
//! cargo run --release --example bulk_upsert --features testing -- --count 600 --concurrency 32 --pace
//! cargo run --release --example bulk_upsert --features testing,redis -- --count 300 --concurrency 32 --pace --redis redis://127.0.0.1:6379/
//! ```
//!
//! With `PLAIN_API_KEY` (and optionally `PLAIN_API_URL`) set, it upserts
//! against that endpoint. With neither, it starts `MockPlain` in-process
//! with Plain's rate limit (`--mock-limit`, default 450 requests a minute).
//!
//! Options: `--count N` (required), `--concurrency C` (default 32),
//! `--pace`, `--redis URL` (with `--pace`: the schedule lives in Redis),
//! `--mock-limit LIMIT/SECONDS`, `--prefix P` (customer external ids are
//! `P-0`, `P-1` …; default `bulk-<pid>`).
//!
//! The last line it prints is
//! `upserted N, failed F, rate-limited R, seconds S`: R counts the 429
//! answers the client met (retried ones included), F the customers whose
//! upsert failed after retrying.

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use plain_sdk::operations::{
    EmailAddressInput, UpsertCustomerIdentifierInput, UpsertCustomerInput,
    UpsertCustomerOnCreateInput, UpsertCustomerOnUpdateInput,
};
use plain_sdk::pacing::Pacer;
use plain_sdk::testing::MockPlain;
use plain_sdk::{PlainClient, RetryPolicy};

struct Options {
    count: usize,
    concurrency: usize,
    pace: bool,
    redis: Option<String>,
    mock_limit: (u32, Duration),
    prefix: String,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        count: 0,
        concurrency: 32,
        pace: false,
        redis: None,
        mock_limit: (450, Duration::from_secs(60)),
        prefix: format!("bulk-{}", std::process::id()),
    };
    let mut count = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{arg} takes {what}"));
        match arg.as_str() {
            "--count" => count = Some(number(&value("a number")?, "--count")?),
            "--concurrency" => {
                options.concurrency = number(&value("a number")?, "--concurrency")?.max(1);
            }
            "--pace" => options.pace = true,
            "--redis" => options.redis = Some(value("a Redis URL")?),
            "--mock-limit" => options.mock_limit = limit(&value("LIMIT/SECONDS")?)?,
            "--prefix" => options.prefix = value("a prefix")?,
            other => {
                return Err(format!(
                    "unknown argument {other:?} (options: --count N, --concurrency C, --pace, \
                     --redis URL, --mock-limit LIMIT/SECONDS, --prefix P)"
                ))
            }
        }
    }
    options.count = count.ok_or("--count N is required")?;
    if options.redis.is_some() && !options.pace {
        return Err("--redis shares the pacing schedule: give --pace too".to_owned());
    }
    Ok(options)
}

fn number(text: &str, option: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("{option} takes a whole number, not {text:?}"))
}

fn limit(text: &str) -> Result<(u32, Duration), String> {
    let problem = || format!("--mock-limit takes LIMIT/SECONDS, such as 600/60, not {text:?}");
    let (limit, seconds) = text.split_once('/').ok_or_else(problem)?;
    let limit: u32 = limit.parse().map_err(|_| problem())?;
    let seconds: u64 = seconds.parse().map_err(|_| problem())?;
    if limit == 0 || seconds == 0 {
        return Err(problem());
    }
    Ok((limit, Duration::from_secs(seconds)))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), String> {
    let configured =
        std::env::var_os("PLAIN_API_KEY").is_some() || std::env::var_os("PLAIN_API_URL").is_some();
    // Kept alive until the end: the mock lives in this process.
    let mut mock = None;
    let mut builder = if configured {
        PlainClient::builder_from_env().map_err(|e| e.to_string())?
    } else {
        let (limit, window) = options.mock_limit;
        let started = MockPlain::builder()
            .rate_limit(limit, window)
            .start()
            .await
            .map_err(|e| format!("could not start MockPlain: {e}"))?;
        // The retries a production client has, not the mock's fast ones.
        let builder = started
            .client_builder()
            .retry_policy(RetryPolicy::default());
        mock = Some(started);
        builder
    };
    if options.pace {
        builder = builder.pacing(pacer(options.redis.as_deref()).await?);
    }
    let client = builder.build().map_err(|e| e.to_string())?;

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..options.concurrency.min(options.count.max(1)) {
        let (client, next, failed) = (client.clone(), Arc::clone(&next), Arc::clone(&failed));
        let (count, prefix) = (options.count, options.prefix.clone());
        workers.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    break;
                }
                if let Err(e) = client.upsert_customer(customer(&prefix, n)).await {
                    // The first few failures say why; the count says how many.
                    if failed.fetch_add(1, Ordering::Relaxed) < 3 {
                        eprintln!("{prefix}-{n}: {e}");
                    }
                }
            }
        });
    }
    while let Some(joined) = workers.join_next().await {
        joined.map_err(|e| format!("a worker stopped: {e}"))?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let failed = failed.load(Ordering::Relaxed);
    let stats = client.stats();
    drop(mock);
    println!(
        "upserted {}, failed {failed}, rate-limited {}, seconds {seconds:.1}",
        options.count - failed,
        stats.rate_limited
    );
    Ok(())
}

/// The pacer: in this process, or in Redis with `--redis`.
async fn pacer(redis: Option<&str>) -> Result<Pacer, String> {
    let Some(url) = redis else {
        return Ok(Pacer::new());
    };
    #[cfg(feature = "redis")]
    {
        let store = plain_sdk::redis::RedisStore::connect(url)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Pacer::with_store(store))
    }
    #[cfg(not(feature = "redis"))]
    {
        Err(format!(
            "--redis {url} needs the redis feature: cargo run --example bulk_upsert --features testing,redis"
        ))
    }
}

/// Customer `n`: found by its external id, created with a name and email.
fn customer(prefix: &str, n: usize) -> UpsertCustomerInput {
    let external_id = format!("{prefix}-{n}");
    let email = format!("{external_id}@example.com");
    UpsertCustomerInput::new(
        UpsertCustomerIdentifierInput::new().external_id(external_id.clone()),
        UpsertCustomerOnCreateInput::new(
            format!("Customer {n}"),
            EmailAddressInput::new(email, true),
        )
        .external_id(external_id),
        UpsertCustomerOnUpdateInput::new(),
    )
}
