//! The cost of receiving one webhook: signature check, freshness check and
//! typed decoding, on the bundled example deliveries.
//!
//! ```sh
//! cargo bench --bench webhooks -- --quick
//! ```

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plain_sdk::webhooks::{parse, sign, Verifier};

const SECRET: &str = "bench-request-signing-secret";

/// The delivery attempt time of the bundled payloads.
fn delivered_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(1_776_766_530_123)
}

fn webhooks(c: &mut Criterion) {
    let verifier = Verifier::new(SECRET);
    for (name, body) in [
        (
            "email_received",
            include_str!("../examples/support/email_received.json"),
        ),
        (
            "thread_created",
            include_str!("../examples/support/thread_created.json"),
        ),
    ] {
        let body = body.as_bytes();
        let signature = sign(SECRET, body);
        // Fail loudly before measuring anything that does not work.
        if let Err(e) = verifier.verify_and_parse_at(body, &signature, delivered_at()) {
            panic!("{name}: {e}");
        }
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("verify+parse", |b| {
            b.iter(|| {
                verifier.verify_and_parse_at(black_box(body), black_box(&signature), delivered_at())
            })
        });
        group.bench_function("verify signature", |b| {
            b.iter(|| verifier.verify_signature(black_box(body), black_box(&signature)))
        });
        group.bench_function("parse", |b| b.iter(|| parse(black_box(body))));
        group.finish();
    }
}

criterion_group!(benches, webhooks);
criterion_main!(benches);
