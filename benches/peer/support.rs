//! What the peer-benchmark drivers share: the driver contract of
//! `../shared/peerbench` (arguments, C workers over N calls, one JSON line),
//! CPU from `getrusage`, peak memory from `/proc/self/status`, and Plain's
//! docs example input.
//!
//! Arguments: `--url URL --requests N --concurrency C --warmup W`, plus
//! `--runtime current|multi` (default `current`: one thread costs the least
//! CPU per request; `multi` is tokio's work-stealing runtime on every core).

#[path = "../support/docs_example.rs"]
mod docs_example;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use plain_sdk::operations::CreateThreadEventInput;

/// The parsed command line.
pub struct Args {
    pub url: String,
    pub requests: usize,
    pub concurrency: usize,
    pub warmup: usize,
    pub multi_thread: bool,
}

pub fn parse_args(driver: &str) -> Args {
    let mut args = Args {
        url: String::new(),
        requests: 20_000,
        concurrency: 1,
        warmup: 1_000,
        multi_thread: false,
    };
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| argv.next())
                .unwrap_or_else(|| die(driver, &format!("missing value for {flag}")))
        };
        let number = |text: String, min: usize| match text.parse::<usize>() {
            Ok(n) if n >= min => n,
            _ => die(driver, &format!("{flag} must be an integer >= {min}")),
        };
        match flag.as_str() {
            "--url" => args.url = value(),
            "--requests" | "-n" => args.requests = number(value(), 1),
            "--concurrency" | "-c" => args.concurrency = number(value(), 1),
            "--warmup" => args.warmup = number(value(), 0),
            "--runtime" => {
                args.multi_thread = match value().as_str() {
                    "current" => false,
                    "multi" => true,
                    _ => die(driver, "--runtime must be current or multi"),
                }
            }
            _ => die(driver, &format!("unknown argument {arg}")),
        }
    }
    if args.url.is_empty() {
        die(driver, "--url is required");
    }
    args
}

pub fn die(driver: &str, message: &str) -> ! {
    eprintln!("{driver}: {message}");
    std::process::exit(2)
}

/// The runtime the driver asked for.
pub fn runtime(args: &Args) -> tokio::runtime::Runtime {
    let mut builder = if args.multi_thread {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder
        .enable_all()
        .build()
        .unwrap_or_else(|e| die("peer driver", &format!("no runtime: {e}")))
}

/// Plain's docs example for createThreadEvent (`benches/support/docs_example.rs`).
pub fn docs_example_input() -> CreateThreadEventInput {
    docs_example::docs_example_input().unwrap_or_else(|e| die("peer driver", &e.to_string()))
}

/// The outcome of one phase: latencies in seconds, and the first error.
pub struct Phase {
    pub latencies: Vec<f64>,
    pub errors: usize,
    pub first_error: Option<String>,
}

/// Makes `n` calls with `c` in flight: `c` tasks pull from a shared counter
/// and stop at the first error, like the TypeScript driver's workers.
pub async fn run_phase<F, Fut>(n: usize, c: usize, call: F) -> Phase
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::with_capacity(c);
    for _ in 0..c.min(n) {
        let (next, failed, call) = (Arc::clone(&next), Arc::clone(&failed), call.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(n / c + 1);
            while failed.load(Ordering::Relaxed) == 0 && next.fetch_add(1, Ordering::Relaxed) < n {
                let started = Instant::now();
                if let Err(e) = call().await {
                    failed.fetch_add(1, Ordering::Relaxed);
                    return (latencies, Some(e));
                }
                latencies.push(started.elapsed().as_secs_f64());
            }
            (latencies, None)
        }));
    }
    let mut phase = Phase {
        latencies: Vec::with_capacity(n),
        errors: 0,
        first_error: None,
    };
    for worker in workers {
        match worker.await {
            Ok((latencies, error)) => {
                phase.latencies.extend(latencies);
                if let Some(e) = error {
                    phase.errors += 1;
                    phase.first_error.get_or_insert(e);
                }
            }
            Err(e) => {
                phase.errors += 1;
                phase.first_error.get_or_insert(e.to_string());
            }
        }
    }
    phase
}

/// User and system CPU seconds of the whole process (all threads), from
/// `getrusage(RUSAGE_SELF)`, as Node's `process.cpuUsage()` reads them.
pub fn cpu_times() -> (f64, f64) {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a `rusage` into the pointer it is given, which
    // points to zeroed memory of that type; on failure the zeroes remain.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (seconds(usage.ru_utime), seconds(usage.ru_stime))
}

/// Peak resident set size in MB (`VmHWM` in `/proc/self/status`).
pub fn rss_peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx]
}

fn round(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

/// Runs the warm-up and the timed phase, prints the JSON line, and exits 1 on
/// any error.
pub async fn drive<F, Fut>(sdk: &str, mode: &str, args: &Args, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let base = serde_json::json!({
        "sdk": sdk,
        "mode": mode,
        "runtime": if args.multi_thread { "multi_thread" } else { "current_thread" },
        "requests": args.requests,
        "concurrency": args.concurrency,
        "warmup": args.warmup,
    });
    let fail = |phase_name: &str, phase: Phase| -> ! {
        let mut line = base.clone();
        line["errors"] = phase.errors.into();
        line["failed_in"] = phase_name.into();
        line["rss_peak_mb"] = round(rss_peak_mb(), 1).into();
        println!("{line}");
        eprintln!(
            "{sdk}: {phase_name} failed: {}",
            phase.first_error.unwrap_or_default()
        );
        std::process::exit(1)
    };
    if args.warmup > 0 {
        let warm = run_phase(args.warmup, args.concurrency, call.clone()).await;
        if warm.errors > 0 {
            fail("warmup", warm);
        }
    }
    let (user0, sys0) = cpu_times();
    let started = Instant::now();
    let phase = run_phase(args.requests, args.concurrency, call).await;
    let wall = started.elapsed();
    let (user1, sys1) = cpu_times();
    if phase.errors > 0 {
        fail("measure", phase);
    }
    let mut sorted = phase.latencies;
    sorted.sort_by(f64::total_cmp);
    let (user, sys) = (user1 - user0, sys1 - sys0);
    let mut line = base;
    let extra = serde_json::json!({
        "wall_s": round(wall.as_secs_f64(), 4),
        "req_per_s": round(args.requests as f64 / wall.as_secs_f64().max(1e-9), 1),
        "cpu_user_s": round(user, 4),
        "cpu_sys_s": round(sys, 4),
        "cpu_us_per_req": round((user + sys) * 1e6 / args.requests as f64, 2),
        "p50_ms": round(quantile(&sorted, 0.5) * 1e3, 4),
        "p99_ms": round(quantile(&sorted, 0.99) * 1e3, 4),
        "errors": 0,
        "rss_peak_mb": round(rss_peak_mb(), 1),
    });
    if let (Some(line), Some(extra)) = (line.as_object_mut(), extra.as_object()) {
        line.extend(extra.clone());
    }
    println!("{line}");
}
