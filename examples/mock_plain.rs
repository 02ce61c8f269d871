//! `MockPlain` as a standalone server, for tests written in other languages
//! and for docker-compose set-ups: every operation of Plain's schema answers
//! with generated, schema-valid data, and a request Plain would refuse gets
//! Plain's HTTP 400.
//!
//! ```sh
//! cargo run --example mock_plain --features testing -- --port 8080
//! ```
//!
//! The first line it prints is `listening on http://127.0.0.1:PORT/graphql/v1`.
//! Options: `--port N` (default 0: any free port), `--api-key KEY` (default
//! `mock-plain-api-key`), `--seconds N` (stop after N seconds; default:
//! serve until stopped), `--rate-limit LIMIT/SECONDS` (answer 429 beyond
//! LIMIT requests per window of SECONDS, as Plain does per minute; default:
//! no limit), `--seed FILE` (keep a workspace in memory, starting from the
//! JSON in FILE, such as `{"threads": [{"id": "th_1"}]}`: see
//! `MockPlainBuilder::stateful`; a file that is not such JSON is an error
//! naming its line and column).

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use plain_sdk::testing::{MockPlain, Seed};

struct Options {
    port: u16,
    api_key: String,
    lifetime: Option<Duration>,
    rate_limit: Option<(u32, Duration)>,
    seed: Option<Seed>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        api_key: MockPlain::API_KEY.to_owned(),
        lifetime: None,
        rate_limit: None,
        seed: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{arg} takes {what}"));
        match arg.as_str() {
            "--port" => {
                options.port = value("a port number")?
                    .parse()
                    .map_err(|_| "--port takes a port number (0-65535)".to_owned())?;
            }
            "--api-key" => options.api_key = value("an API key")?,
            "--seconds" => {
                let seconds: u64 = value("a whole number of seconds")?
                    .parse()
                    .map_err(|_| "--seconds takes a whole number of seconds".to_owned())?;
                options.lifetime = Some(Duration::from_secs(seconds));
            }
            "--rate-limit" => {
                let text = value("LIMIT/SECONDS")?;
                let problem =
                    || format!("--rate-limit takes LIMIT/SECONDS, such as 450/60, not {text:?}");
                let (limit, seconds) = text.split_once('/').ok_or_else(problem)?;
                let limit: u32 = limit.parse().map_err(|_| problem())?;
                let seconds: u64 = seconds.parse().map_err(|_| problem())?;
                if limit == 0 || seconds == 0 {
                    return Err(problem());
                }
                options.rate_limit = Some((limit, Duration::from_secs(seconds)));
            }
            "--seed" => {
                let path = value("a JSON file")?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("--seed {path}: cannot read it: {e}"))?;
                let seed =
                    serde_json::from_str(&text).map_err(|e| format!("--seed {path}: {e}"))?;
                options.seed = Some(seed);
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?} (options: --port N, --api-key KEY, --seconds N, \
                     --rate-limit LIMIT/SECONDS, --seed FILE)"
                ))
            }
        }
    }
    Ok(options)
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
    let mut builder = MockPlain::builder()
        .port(options.port)
        .api_key(options.api_key);
    if let Some((limit, window)) = options.rate_limit {
        builder = builder.rate_limit(limit, window);
    }
    if let Some(seed) = options.seed {
        builder = builder.stateful(seed);
    }
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!("error: could not start MockPlain: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", mock.url());
    // Whoever reads the first line may wait for it before sending anything.
    let _ = std::io::stdout().flush();
    match options.lifetime {
        Some(lifetime) => tokio::time::sleep(lifetime).await,
        None => std::future::pending::<()>().await,
    }
    println!(
        "served {} requests, rate-limited {}",
        mock.request_count(),
        mock.rate_limited()
    );
    match mock.finish() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failures) => {
            eprintln!("{failures}");
            ExitCode::FAILURE
        }
    }
}
