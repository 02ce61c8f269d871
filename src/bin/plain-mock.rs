//! `plain-mock`: a local Plain that remembers, for tests written in other
//! languages and for docker-compose set-ups. It is `MockPlain` with a
//! workspace in memory (`MockPlainBuilder::stateful`): what a mutation
//! creates is kept and answered as Plain answers it, webhook targets made
//! through the API get signed deliveries, every other operation answers
//! with generated, schema-valid data, and a request Plain would refuse gets
//! Plain's HTTP 400.
//!
//! ```sh
//! cargo install plain-sdk --features testing,webhooks    # installs plain-mock
//! plain-mock --port 8080 --api-key KEY --signing-secret SECRET
//! ```
//!
//! The first line it prints is `listening on http://127.0.0.1:PORT/graphql/v1`.
//! Options: `--port N` (default 0: any free port), `--api-key KEY` (default
//! `mock-plain-api-key`), `--signing-secret SECRET` (what webhooks are
//! signed with; default `mock-plain-signing-secret`), `--state FILE` (start
//! from the workspace in FILE when it exists, and write the workspace back
//! to it on exit), `--seed FILE` (start from a seed such as
//! `{"threads": [{"id": "th_1"}]}`), `--stateless` (keep nothing: every
//! answer generated from the schema), `--seconds N` (stop after N seconds;
//! default: serve until SIGINT or SIGTERM), `--rate-limit LIMIT/SECONDS`
//! (answer 429 beyond LIMIT requests per window of SECONDS, as Plain does
//! per minute; default: no limit), `--publish-schema FILE` (serve FILE as
//! the SDL beside the endpoint, `…/graphql/v1/schema.graphql`, as Plain
//! publishes a newer schema: for testing a schema update; requests are
//! still answered from the build's schema). A file that is not what it should be is
//! an error naming its line and column (exit 2).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use plain_sdk::testing::{MockPlain, Seed};

struct Options {
    port: u16,
    api_key: String,
    signing_secret: String,
    lifetime: Option<Duration>,
    rate_limit: Option<(u32, Duration)>,
    seed: Option<Seed>,
    /// The `--state` file and the snapshot it held, if it existed.
    state: Option<(PathBuf, Option<serde_json::Value>)>,
    stateless: bool,
    /// `--publish-schema`: the SDL served beside the endpoint.
    published_schema: Option<String>,
}

/// A JSON file, or an error naming the option, the file and the place.
fn read_json<T: serde::de::DeserializeOwned>(option: &str, path: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{option} {path}: cannot read it: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{option} {path}: {e}"))
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        api_key: MockPlain::API_KEY.to_owned(),
        signing_secret: MockPlain::SIGNING_SECRET.to_owned(),
        lifetime: None,
        rate_limit: None,
        seed: None,
        state: None,
        stateless: false,
        published_schema: None,
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
            "--signing-secret" => options.signing_secret = value("a secret")?,
            "--stateless" => options.stateless = true,
            "--state" => {
                let path = value("a JSON file")?;
                let snapshot = if std::path::Path::new(&path).exists() {
                    Some(read_json("--state", &path)?)
                } else {
                    None
                };
                options.state = Some((PathBuf::from(path), snapshot));
            }
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
                options.seed = Some(read_json("--seed", &value("a JSON file")?)?);
            }
            "--publish-schema" => {
                let path = value("a GraphQL schema file")?;
                let sdl = std::fs::read_to_string(&path)
                    .map_err(|e| format!("--publish-schema {path}: cannot read it: {e}"))?;
                options.published_schema = Some(sdl);
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?} (options: --port N, --api-key KEY, \
                     --signing-secret SECRET, --state FILE, --seed FILE, --stateless, \
                     --seconds N, --rate-limit LIMIT/SECONDS, --publish-schema FILE)"
                ))
            }
        }
    }
    if options.stateless && (options.seed.is_some() || options.state.is_some()) {
        return Err("--stateless keeps no workspace: drop --seed and --state".to_owned());
    }
    if options.seed.is_some() && options.state.as_ref().is_some_and(|(_, s)| s.is_some()) {
        return Err(
            "--seed and an existing --state file both say where to start: pick one".to_owned(),
        );
    }
    Ok(options)
}

/// Until SIGINT or SIGTERM (or forever where there are no signals).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let (Ok(mut interrupt), Ok(mut terminate)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Writes `snapshot` to `path` whole: to a file beside it, then renamed.
fn write_state(path: &Path, snapshot: &serde_json::Value) -> Result<(), String> {
    let partial = path.with_extension("partial");
    let bytes = serde_json::to_vec_pretty(snapshot)
        .map_err(|e| format!("the workspace did not serialize: {e}"))?;
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| format!("--state {}: cannot write it: {e}", path.display()))
}

#[tokio::main(flavor = "current_thread")]
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
        .api_key(options.api_key)
        .signing_secret(options.signing_secret);
    if let Some((limit, window)) = options.rate_limit {
        builder = builder.rate_limit(limit, window);
    }
    if let Some(sdl) = options.published_schema {
        builder = builder.published_schema(sdl);
    }
    let snapshot = options.state.as_ref().and_then(|(_, s)| s.clone());
    builder = match (options.stateless, snapshot, options.seed) {
        (true, _, _) => builder.stateless(),
        (false, Some(snapshot), _) => builder.restore(snapshot),
        (false, None, seed) => builder.stateful(seed.unwrap_or_default()),
    };
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: could not start MockPlain: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Whoever reads the first line may wait for it before sending anything;
    // a reader that has gone away is no reason to stop serving.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "listening on {}", mock.url()).and_then(|()| stdout.flush());
    match options.lifetime {
        Some(lifetime) => {
            tokio::select! {
                () = tokio::time::sleep(lifetime) => {}
                () = stop_signal() => {}
            }
        }
        None => stop_signal().await,
    }
    if let (Some((path, _)), Some(snapshot)) = (&options.state, mock.snapshot()) {
        if let Err(problem) = write_state(path, &snapshot) {
            eprintln!("error: {problem}");
            return ExitCode::FAILURE;
        }
    }
    let _ = writeln!(
        std::io::stdout(),
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
