//! Verifies one webhook delivery from Plain: the raw body on stdin, the
//! secret and the `Plain-Request-Signature` header as arguments.
//!
//! ```sh
//! cargo run --example verify_webhook -- --secret "$SECRET" --signature "$SIGNATURE" < body.json
//! ```
//!
//! On success it prints the event's type and id as JSON,
//! `{"type":"thread.thread_created","id":"pEv_…"}`, and exits 0. On failure
//! it prints the kind of error (`signature`, `expired`, `version_mismatch`
//! or `payload`) on stdout, the whole message on stderr, and exits 1.
//! Wrong arguments exit 2.
//!
//! Options:
//! - `--secret S` (repeat it to accept several secrets while rotating);
//! - `--signature SIG`, the header's value;
//! - `--tolerance SECONDS` instead of the default 300, e.g. to check a
//!   delivery recorded earlier;
//! - `--sign`: print the signature of stdin under the (first) secret
//!   instead, to make test deliveries.

use std::io::Read;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use plain_sdk::webhooks::{sign, Verifier};

const USAGE: &str = "usage: verify_webhook --secret S --signature SIG [--tolerance SECONDS] < body\n       verify_webhook --sign --secret S < body";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut body = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut body) {
        eprintln!("error: reading stdin: {e}");
        return ExitCode::from(2);
    }
    let outcome = run(&args, &body, SystemTime::now());
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    ExitCode::from(outcome.code)
}

/// What the program prints and its exit status.
pub struct Outcome {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

/// The whole program but for its input and output: testable.
pub fn run(args: &[String], body: &[u8], now: SystemTime) -> Outcome {
    let options = match Options::parse(args) {
        Ok(options) => options,
        Err(message) => {
            return Outcome {
                code: 2,
                stdout: String::new(),
                stderr: format!("error: {message}\n{USAGE}\n"),
            }
        }
    };
    if options.sign {
        return Outcome {
            code: 0,
            stdout: format!("{}\n", sign(&options.secrets[0], body)),
            stderr: String::new(),
        };
    }
    let mut verifier = Verifier::with_secrets(&options.secrets);
    if let Some(tolerance) = options.tolerance {
        verifier = verifier.tolerance(tolerance);
    }
    match verifier.verify_and_parse_at(body, &options.signature, now) {
        Ok(request) => Outcome {
            code: 0,
            // Written by hand to keep "type" first.
            stdout: format!(
                "{{\"type\":{},\"id\":{}}}\n",
                serde_json::Value::from(request.event.event_type()),
                serde_json::Value::from(request.id)
            ),
            stderr: String::new(),
        },
        Err(e) => Outcome {
            code: 1,
            stdout: format!("{}\n", e.kind()),
            stderr: format!("error: {e}\n"),
        },
    }
}

struct Options {
    secrets: Vec<String>,
    signature: String,
    tolerance: Option<Duration>,
    sign: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut secrets = Vec::new();
        let mut signature = None;
        let mut tolerance = None;
        let mut sign = false;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match arg.as_str() {
                "--secret" => secrets.push(value("--secret")?),
                "--signature" => signature = Some(value("--signature")?),
                "--tolerance" => {
                    let seconds = value("--tolerance")?;
                    let seconds: u64 = seconds
                        .parse()
                        .map_err(|_| format!("--tolerance takes whole seconds, not {seconds:?}"))?;
                    tolerance = Some(Duration::from_secs(seconds));
                }
                "--sign" => sign = true,
                "-h" | "--help" => return Err("help".into()),
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        if secrets.is_empty() {
            return Err("--secret is required".into());
        }
        let signature = match (signature, sign) {
            (Some(signature), false) => signature,
            (None, true) => String::new(),
            (None, false) => return Err("--signature is required".into()),
            (Some(_), true) => return Err("--sign takes no --signature".into()),
        };
        Ok(Options {
            secrets,
            signature,
            tolerance,
            sign,
        })
    }
}
